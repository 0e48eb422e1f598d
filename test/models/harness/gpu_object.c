/* gpu_object.c - what a GPU model object holds, checked on a machine with or without a GPU.
 *
 *   cc -std=c11 -DMODEL=<name> -include <name>.h gpu_object.c <name>.o -lpicort -lpthread -lm
 *   gpu_object <case dir> [ignored...]
 *
 * The object was compiled with --target=sm_80,sm_90: its desc is a CUDA model with a cubin for
 * each of sm_80 and sm_90 (ELF images) and the PTX of sm_90, every launch has a grid and a block
 * and no CPU function. Then create: where no GPU or driver is visible it must fail with
 * PICORT_ERROR_DEVICE and a message (never abort); where one is, it must succeed. Exit status 1
 * on any mismatch.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h" /* HARNESS_PASTE, HARNESS_STR */

#ifndef MODEL
#error "compile with -DMODEL=<name> -include <name>.h"
#endif

static int failures;

static void expect(int ok, const char *what) {
  if (!ok) {
    fprintf(stderr, "FAIL %s: %s\n", MODEL_NAME, what);
    failures++;
  }
}

int main(void) {
  const picort_model_desc *d = &MODEL_DESC;
  expect(d->device == PICORT_DEVICE_CUDA, "the desc is not a CUDA model");
  expect(d->num_images == 3, "expected 3 images (sm_80 and sm_90 cubins, sm_90 PTX)");
  int cubin80 = 0, cubin90 = 0, ptx90 = 0;
  for (int32_t i = 0; i < d->num_images; i++) {
    const picort_gpu_image *im = &d->images[i];
    int elf = im->size > 4 && memcmp(im->data, "\x7f" "ELF", 4) == 0;
    if (im->kind == PICORT_IMAGE_CUBIN && elf) {
      cubin80 += im->sm == 80;
      cubin90 += im->sm == 90;
    }
    if (im->kind == PICORT_IMAGE_PTX && im->sm == 90)
      ptx90 += strstr((const char *)im->data, ".target sm_90") != NULL;
  }
  expect(cubin80 == 1 && cubin90 == 1, "no sm_80 and sm_90 cubins (ELF images)");
  expect(ptx90 == 1, "no sm_90 PTX");
  const picort_entry_desc *run = &d->entries[0];
  expect(d->num_entries == 1 && run->num_launches > 0, "no launches");
  for (int32_t l = 0; l < run->num_launches; l++) {
    const picort_launch *la = &run->launches[l];
    expect(la->fn == NULL && la->name != NULL && la->grid[0] >= 1 && la->block[0] >= 32 &&
               la->block[0] % 32 == 0,
           "a launch is not a GPU launch");
  }

  picort_model *m = NULL;
  int32_t st = MODEL_CREATE(NULL, &m);
  if (st == PICORT_OK) {
    printf("%s: created on a GPU\n", MODEL_NAME);
    MODEL_DESTROY(m);
  } else {
    printf("%s: create: status %d: %s\n", MODEL_NAME, (int)st, picort_last_error());
    expect(st == PICORT_ERROR_DEVICE && m == NULL && strlen(picort_last_error()) > 0,
           "create without a usable GPU did not fail with PICORT_ERROR_DEVICE and a message");
  }
  printf("%s: %d image(s), %d launch(es): %s\n", MODEL_NAME, (int)d->num_images,
         (int)run->num_launches, failures ? "FAIL" : "PASS");
  return failures ? 1 : 0;
}
