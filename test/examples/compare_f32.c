/* compare_f32 GOT EXPECTED TOLERANCE: two raw little-endian fp32 files of one length; passes
 * (status 0) when max |got - expected| <= TOLERANCE * max |expected| (normwise), and prints
 * that ratio either way. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static float *read_all(const char *path, long *count) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  float *data = malloc(bytes > 0 ? (size_t)bytes : 1);
  *count = bytes / 4;
  if (data && fread(data, 4, (size_t)*count, f) != (size_t)*count) *count = -1;
  fclose(f);
  return data;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: compare_f32 GOT EXPECTED TOLERANCE\n");
    return 2;
  }
  long n = 0, m = 0;
  float *got = read_all(argv[1], &n), *want = read_all(argv[2], &m);
  if (!got || !want || n <= 0 || n != m) {
    fprintf(stderr, "compare_f32: cannot read %s and %s as fp32 files of one length\n", argv[1],
            argv[2]);
    return 1;
  }
  double worst = 0, scale = 0;
  for (long i = 0; i < n; i++) {
    double d = fabs((double)got[i] - want[i]);
    worst = d > worst || d != d ? d : worst; /* a NaN fails */
    scale = fabs(want[i]) > scale ? fabs(want[i]) : scale;
  }
  double ratio = worst / scale;
  printf("max |got - expected| / max |expected| = %.3g over %ld values (tolerance %s)\n", ratio,
         n, argv[3]);
  return ratio <= atof(argv[3]) ? 0 : 1;
}
