/* model.c - creating a model from its descriptor (arena, weights, thread pool; a GPU model's
 * state is cuda.c's), checking the caller's tensors, running the launch plan, destroying the
 * model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PICORT_ARENA_ALIGN 64

/* ---- create / destroy ---- */

/* Checks one side of the model's interface as the descriptor declares it. */
static picort_status desc_check_tensors(const char *model, const char *what, int32_t num,
                                        const picort_tensor_desc *descs, uint64_t arena_bytes) {
  if (num < 0 || (num > 0 && descs == NULL))
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "model '%s': bad %s list (%d, %p)",
                            model, what, (int)num, (const void *)descs);
  for (int32_t i = 0; i < num; i++) {
    if (descs[i].rank < 0 || (descs[i].rank > 0 && descs[i].shape == NULL))
      return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                              "model '%s': %s %d '%s' has rank %d and shape %p", model, what,
                              (int)i, picort_name_or(descs[i].name, "?"), (int)descs[i].rank,
                              (const void *)descs[i].shape);
    if (descs[i].staged) {
      uint64_t bytes = 1;
      for (int32_t k = 0; k < descs[i].rank; k++) bytes *= (uint64_t)descs[i].shape[k];
      bytes = picort_tensor_bytes(descs[i].dtype, bytes);
      if (descs[i].staging_offset > arena_bytes || bytes > arena_bytes - descs[i].staging_offset)
        return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                                "model '%s': %s %d '%s' is staged past the arena", model, what,
                                (int)i, picort_name_or(descs[i].name, "?"));
    }
  }
  return PICORT_OK;
}

/* Checks the model's run-time dims: named, 0 <= min <= max. */
static picort_status desc_check_dims(const picort_model_desc *d) {
  const char *model = picort_name_or(d->name, "?");
  if (d->num_dims < 0 || (d->num_dims > 0 && d->dims == NULL))
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "model '%s': bad dim list (%d, %p)",
                            model, (int)d->num_dims, (const void *)d->dims);
  for (int32_t i = 0; i < d->num_dims; i++)
    if (d->dims[i].name == NULL || d->dims[i].min < 0 || d->dims[i].min > d->dims[i].max)
      return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                              "model '%s': run-time dim %d '%s' has bounds %lld..%lld", model,
                              (int)i, picort_name_or(d->dims[i].name, "?"),
                              (long long)d->dims[i].min, (long long)d->dims[i].max);
  return PICORT_OK;
}

/* Checks the model's states: each inside the arena, growing along one of its dims. */
static picort_status desc_check_states(const picort_model_desc *d) {
  const char *model = picort_name_or(d->name, "?");
  if (d->num_states < 0 || (d->num_states > 0 && d->states == NULL))
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "model '%s': bad state list (%d, %p)",
                            model, (int)d->num_states, (const void *)d->states);
  for (int32_t i = 0; i < d->num_states; i++) {
    const picort_state_desc *s = &d->states[i];
    int ok = s->rank > 0 && s->shape != NULL && s->axis >= 0 && s->axis < s->rank;
    uint64_t count = 1;
    for (int32_t k = 0; ok && k < s->rank; k++) {
      ok = s->shape[k] >= 0;
      count *= (uint64_t)s->shape[k];
    }
    uint64_t bytes = ok ? picort_tensor_bytes(s->dtype, count) : 0;
    if (!ok || s->arena_offset > d->arena_bytes || bytes > d->arena_bytes - s->arena_offset)
      return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                              "model '%s': state %d '%s' is malformed or outside the arena",
                              model, (int)i, picort_name_or(s->name, "?"));
  }
  return PICORT_OK;
}

uint64_t picort_desc_bytes(const picort_tensor_desc *desc) {
  uint64_t n = 1;
  for (int32_t k = 0; k < desc->rank; k++) n *= (uint64_t)desc->shape[k];
  return picort_tensor_bytes(desc->dtype, n);
}

/* Whether `bytes` bytes at arg `a` of entry `en` lie in the model's memory (a loop's control
 * value or copy source): the arena, the weights, or an input or output of static dims (a
 * staged one, or one of run-time dims, is never read in place). NONE passes where
 * `none_ok`. */
static int desc_arg_fits(const picort_model_desc *d, const picort_entry_desc *en,
                         const picort_arg *a, uint64_t bytes, int none_ok) {
  int64_t ix = a->index;
  switch (a->kind) {
  case PICORT_ARG_NONE: return none_ok;
  case PICORT_ARG_ARENA: return ix >= 0 && (uint64_t)ix <= d->arena_bytes &&
                                bytes <= d->arena_bytes - (uint64_t)ix;
  case PICORT_ARG_WEIGHT: return ix >= 0 && (uint64_t)ix <= d->weights_bytes &&
                                 bytes <= d->weights_bytes - (uint64_t)ix;
  case PICORT_ARG_INPUT:
    return ix >= 0 && ix < en->num_inputs && en->inputs[ix].dims == NULL &&
           !en->inputs[ix].staged && bytes <= picort_desc_bytes(&en->inputs[ix]);
  case PICORT_ARG_OUTPUT:
    return ix >= 0 && ix < en->num_outputs && en->outputs[ix].dims == NULL &&
           !en->outputs[ix].staged && bytes <= picort_desc_bytes(&en->outputs[ix]);
  default: return 0;
  }
}

/* An entry's loops: in launch order, disjoint, within its launches, their values and copies
 * inside the model's memory (a scan copy's every row). */
static picort_status desc_check_loops(const picort_model_desc *d, int32_t e) {
  const char *model = picort_name_or(d->name, "?");
  const picort_entry_desc *en = &d->entries[e];
  if (en->num_loops < 0 || (en->num_loops > 0 && en->loops == NULL))
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                            "model '%s': entry %d: bad loop list (%d, %p)", model, (int)e,
                            (int)en->num_loops, (const void *)en->loops);
  int32_t end = 0;
  for (int32_t l = 0; l < en->num_loops; l++) {
    const picort_loop *lp = &en->loops[l];
    int ok = lp->first_launch >= end && lp->num_launches >= 0 &&
             lp->num_launches <= en->num_launches - lp->first_launch &&
             desc_arg_fits(d, en, &lp->trip_count, 8, 1) && desc_arg_fits(d, en, &lp->cond, 1, 1) &&
             desc_arg_fits(d, en, &lp->cond_out, 1, 1) &&
             lp->iteration.kind == PICORT_ARG_ARENA && desc_arg_fits(d, en, &lp->iteration, 8, 0) &&
             /* something ends it */
             (lp->trip_count.kind != PICORT_ARG_NONE || lp->cond_out.kind != PICORT_ARG_NONE);
    const struct { int32_t num; const picort_copy *copies; uint64_t rows; } lists[3] = {
        {lp->num_init, lp->init, 1}, {lp->num_carry, lp->carry, 1},
        {lp->num_scans, lp->scans, (uint64_t)(lp->max_iterations > 0 ? lp->max_iterations : 0)}};
    for (int k = 0; ok && k < 3; k++) {
      ok = lists[k].num >= 0 && (lists[k].num == 0 || lists[k].copies != NULL);
      for (int32_t c = 0; ok && c < lists[k].num; c++) {
        const picort_copy *cp = &lists[k].copies[c];
        uint64_t rows = lists[k].rows;
        ok = desc_arg_fits(d, en, &cp->from, cp->bytes, 0) &&
             (rows == 0 || cp->bytes <= UINT64_MAX / rows) && cp->to.kind == PICORT_ARG_ARENA &&
             desc_arg_fits(d, en, &cp->to, cp->bytes * rows, 0) &&
             (k != 2 || lp->max_iterations >= 0);
      }
    }
    if (!ok)
      return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                              "model '%s': entry %d: loop %d is malformed (launches [%d, +%d))",
                              model, (int)e, (int)l, (int)lp->first_launch,
                              (int)lp->num_launches);
    end = lp->first_launch + lp->num_launches;
  }
  return PICORT_OK;
}

/* Checks one entry point's interface and launch plan against the model's descriptor; raises
 * *max_args to its largest argument count. */
static picort_status desc_check_entry(const picort_model_desc *d, int32_t e, int32_t *max_args) {
  const char *model = picort_name_or(d->name, "?");
  const picort_entry_desc *en = &d->entries[e];
  picort_status st =
      desc_check_tensors(model, "input", en->num_inputs, en->inputs, d->arena_bytes);
  if (st == PICORT_OK)
    st = desc_check_tensors(model, "output", en->num_outputs, en->outputs, d->arena_bytes);
  if (st != PICORT_OK) return st;
  if (en->num_launches < 0 || (en->num_launches > 0 && en->launches == NULL))
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                            "model '%s': entry %d: bad launch list (%d, %p)", model, (int)e,
                            (int)en->num_launches, (const void *)en->launches);
  if (en->num_checks < 0 || (en->num_checks > 0 && en->checks == NULL))
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                            "model '%s': entry %d: bad check list (%d, %p)", model, (int)e,
                            (int)en->num_checks, (const void *)en->checks);
  if (en->num_states < 0 || (en->num_states > 0 && en->states == NULL))
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                            "model '%s': entry %d: bad state list (%d, %p)", model, (int)e,
                            (int)en->num_states, (const void *)en->states);
  for (int32_t u = 0; u < en->num_states; u++)
    if (en->states[u].state < 0 || en->states[u].state >= d->num_states)
      return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                              "model '%s': entry %d: state use %d names state %d of %d", model,
                              (int)e, (int)u, (int)en->states[u].state, (int)d->num_states);
  for (int32_t c = 0; c < en->num_checks; c++)
    if (en->checks[c].arena_offset >= d->arena_bytes)
      return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                              "model '%s': entry %d: check %d reads past the arena (offset %llu)",
                              model, (int)e, (int)c,
                              (unsigned long long)en->checks[c].arena_offset);
  for (int32_t l = 0; l < en->num_launches; l++) {
    const picort_launch *la = &en->launches[l];
    const char *name = picort_name_or(la->name, "?");
    int cpu_ok = la->fn != NULL && la->extent >= 0 && la->grain >= 1;
    int gpu_ok = la->name != NULL && la->grid[0] >= 1 && la->grid[1] >= 1 && la->grid[2] >= 1 &&
                 la->block[0] >= 1 && la->block[1] >= 1 && la->block[2] >= 1 &&
                 (uint64_t)la->block[0] * la->block[1] * la->block[2] <= 1024;
    int extents_ok = la->num_run_extents >= 0 &&
                     (la->num_run_extents == 0 || la->run_extents != NULL) &&
                     la->num_work_terms >= 0 &&
                     (la->num_work_terms == 0 || la->work_terms != NULL);
    for (int32_t x = 0; extents_ok && x < la->num_run_extents; x++)
      extents_ok = la->run_extents[x].chunk >= 1;
    if (!(d->device == PICORT_DEVICE_CUDA ? gpu_ok : cpu_ok) || la->num_args < 0 ||
        (la->num_args > 0 && la->args == NULL) || !extents_ok)
      return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                              "model '%s': launch %d '%s' is malformed (fn %s, extent %lld, "
                              "grain %lld, grid %u, block %u, %d args)", model, (int)l, name,
                              la->fn ? "set" : "NULL", (long long)la->extent,
                              (long long)la->grain, (unsigned)la->grid[0],
                              (unsigned)la->block[0], (int)la->num_args);
    for (int32_t a = 0; a < la->num_args; a++) {
      int64_t ix = la->args[a].index;
      int32_t kind = la->args[a].kind;
      int ok = (kind == PICORT_ARG_ARENA && ix >= 0 && (uint64_t)ix <= d->arena_bytes) ||
               (kind == PICORT_ARG_WEIGHT && ix >= 0 && (uint64_t)ix <= d->weights_bytes) ||
               (kind == PICORT_ARG_INPUT && ix >= 0 && ix < en->num_inputs) ||
               (kind == PICORT_ARG_OUTPUT && ix >= 0 && ix < en->num_outputs) ||
               (kind == PICORT_ARG_DIMS && d->num_dims > 0);
      if (!ok)
        return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                                "model '%s': launch %d '%s' argument %d (kind %d, index %lld) is "
                                "out of range", model, (int)l, name, (int)a, (int)kind,
                                (long long)ix);
    }
    if (la->num_args > *max_args) *max_args = la->num_args;
  }
  return desc_check_loops(d, e);
}

/* Checks the descriptor: its device and images, then every entry point; sets *max_args to the
 * largest argument count of any launch. */
static picort_status desc_check(const picort_model_desc *d, int32_t *max_args) {
  const char *model = picort_name_or(d->name, "?");
  if (d->device != PICORT_DEVICE_CPU && d->device != PICORT_DEVICE_CUDA)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "model '%s': unknown device %d", model,
                            (int)d->device);
  if (d->num_images < 0 || (d->num_images > 0 && d->images == NULL) ||
      (d->device == PICORT_DEVICE_CUDA && d->num_images == 0))
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "model '%s': bad GPU image list (%d, %p)",
                            model, (int)d->num_images, (const void *)d->images);
  if (d->num_entries < 1 || d->entries == NULL)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                            "model '%s': bad entry point list (%d, %p)", model,
                            (int)d->num_entries, (const void *)d->entries);
  picort_status dims = desc_check_dims(d);
  if (dims == PICORT_OK) dims = desc_check_states(d);
  if (dims != PICORT_OK) return dims;
  *max_args = 0;
  for (int32_t e = 0; e < d->num_entries; e++) {
    picort_status st = desc_check_entry(d, e, max_args);
    if (st != PICORT_OK) return st;
  }
  return PICORT_OK;
}

picort_status picort_model_create(const picort_model_desc *desc, const picort_options *options,
                                  picort_model **out) {
  if (out == NULL)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "picort_model_create: out is NULL");
  *out = NULL;
  if (desc == NULL)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "picort_model_create: desc is NULL");
  const char *name = picort_name_or(desc->name, "?");
  if (desc->abi_version != PICORT_ABI_VERSION)
    return picort_error_set(PICORT_ERROR_ABI,
                            "model '%s' was built for runtime ABI version %u, this runtime "
                            "implements version %d", name, (unsigned)desc->abi_version,
                            PICORT_ABI_VERSION);
  int32_t max_args = 0;
  picort_status st = desc_check(desc, &max_args);
  if (st != PICORT_OK) return st;

  picort_model *m = calloc(1, sizeof *m);
  if (m == NULL) return picort_error_set(PICORT_ERROR_OUT_OF_MEMORY, "cannot allocate the model");
  m->desc = desc;

  m->dims = calloc(desc->num_dims > 0 ? (size_t)desc->num_dims : 1, sizeof *m->dims);
  m->state_lengths =
      calloc(desc->num_states > 0 ? (size_t)desc->num_states : 1, sizeof *m->state_lengths);
  if (m->dims == NULL || m->state_lengths == NULL) {
    st = picort_error_set(PICORT_ERROR_OUT_OF_MEMORY, "model '%s': cannot allocate its dims", name);
    goto fail;
  }
  int gpu = desc->device == PICORT_DEVICE_CUDA;
  /* The arena: at least one aligned block, so that its base is never NULL (a GPU model's arena
   * is in device memory). */
  uint64_t arena = gpu || desc->arena_bytes == 0 ? PICORT_ARENA_ALIGN : desc->arena_bytes;
  if (arena > (uint64_t)SIZE_MAX - PICORT_ARENA_ALIGN) {
    st = picort_error_set(PICORT_ERROR_OUT_OF_MEMORY, "model '%s': arena of %llu bytes is too big",
                          name, (unsigned long long)desc->arena_bytes);
    goto fail;
  }
  size_t arena_size = ((size_t)arena + PICORT_ARENA_ALIGN - 1) & ~(size_t)(PICORT_ARENA_ALIGN - 1);
  m->arena = aligned_alloc(PICORT_ARENA_ALIGN, arena_size);
  if (m->arena == NULL) {
    st = picort_error_set(PICORT_ERROR_OUT_OF_MEMORY,
                          "model '%s': cannot allocate an arena of %llu bytes", name,
                          (unsigned long long)desc->arena_bytes);
    goto fail;
  }

  /* The weights: embedded, else the side file (options first), else none at all. */
  const char *path = options != NULL && options->weights_path != NULL ? options->weights_path
                                                                      : desc->weights_file;
  if (desc->weights != NULL) {
    m->weights = desc->weights;
  } else if (path != NULL) {
    st = picort_weights_map(path, desc->weights_bytes, &m->mapping);
    if (st != PICORT_OK) goto fail;
    m->weights = m->mapping.base;
  } else if (desc->weights_bytes > 0) {
    st = picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                          "model '%s' needs %llu bytes of weights but has neither embedded "
                          "weights nor a weights file", name,
                          (unsigned long long)desc->weights_bytes);
    goto fail;
  }

  if (gpu) {
    /* The weights go to the device once; the host copy of a side file is then let go. */
    st = picort_gpu_create(m, options);
    if (st != PICORT_OK) goto fail;
    picort_weights_unmap(&m->mapping);
    m->weights = NULL;
    *out = m;
    return PICORT_OK;
  }

  m->args = calloc(max_args > 0 ? (size_t)max_args : 1, sizeof *m->args);
  if (m->args == NULL) {
    st = picort_error_set(PICORT_ERROR_OUT_OF_MEMORY, "model '%s': cannot allocate arguments",
                          name);
    goto fail;
  }
  st = picort_pool_create(options != NULL ? options->num_threads : 0, &m->pool);
  if (st != PICORT_OK) goto fail;
  *out = m;
  return PICORT_OK;

fail:
  picort_model_destroy(m);
  return st;
}

void picort_model_destroy(picort_model *model) {
  if (model == NULL) return;
  picort_gpu_destroy(model);
  picort_pool_destroy(model->pool);
  picort_weights_unmap(&model->mapping);
  free(model->args);
  free(model->dims);
  free(model->state_lengths);
  free(model->arena);
  free(model);
}

const picort_model_desc *picort_model_get_desc(const picort_model *model) {
  return model != NULL ? model->desc : NULL;
}

/* ---- run ---- */

/* Writes "[d0, d1, ...]" into buf (truncated if it does not fit). */
static const char *format_shape(char *buf, size_t size, int32_t rank, const int64_t *shape) {
  size_t n = (size_t)snprintf(buf, size, "[");
  for (int32_t i = 0; i < rank && n < size; i++)
    n += (size_t)snprintf(buf + n, size - n, "%s%lld", i ? ", " : "", (long long)shape[i]);
  if (n < size) snprintf(buf + n, size - n, "]");
  return buf;
}

/* Writes the declared names, "a, b", into buf (truncated if it does not fit). */
static const char *format_names(char *buf, size_t size, int32_t num,
                                const picort_tensor_desc *descs) {
  size_t n = 0;
  buf[0] = '\0';
  for (int32_t i = 0; i < num && n < size; i++)
    n += (size_t)snprintf(buf + n, size - n, "%s'%s'", i ? ", " : "",
                          picort_name_or(descs[i].name, "?"));
  return buf;
}

/* ---- run-time dims ---- */

/* The value of `e` for the dims in `values`. */
static int64_t dim_eval(const picort_model_desc *d, const picort_dim_expr *e,
                        const int64_t *values) {
  int64_t v = e->constant;
  for (int32_t i = 0; e->coeffs != NULL && i < d->num_dims; i++) v += e->coeffs[i] * values[i];
  return v;
}

/* The run-time dim that `e` is by itself (1 * dim i), or -1. */
static int32_t dim_plain(const picort_model_desc *d, const picort_dim_expr *e) {
  int32_t found = -1;
  if (e->constant != 0 || e->coeffs == NULL) return -1;
  for (int32_t i = 0; i < d->num_dims; i++) {
    if (e->coeffs[i] == 0) continue;
    if (e->coeffs[i] != 1 || found >= 0) return -1;
    found = i;
  }
  return found;
}

/* Whether state `s` grows: some entry reads it and leaves it longer (a KV cache), unlike a
 * state that entries only read at the length another one wrote (cross-attention keys). */
static int state_grows(const picort_model_desc *d, int32_t s) {
  for (int32_t e = 0; e < d->num_entries; e++)
    for (int32_t u = 0; u < d->entries[e].num_states; u++) {
      const picort_state_use *use = &d->entries[e].states[u];
      if (use->state != s || !use->reads) continue;
      if (use->length_in.constant != use->length_out.constant) return 1;
      for (int32_t i = 0; i < d->num_dims; i++) {
        int64_t in = use->length_in.coeffs != NULL ? use->length_in.coeffs[i] : 0;
        int64_t out = use->length_out.coeffs != NULL ? use->length_out.coeffs[i] : 0;
        if (in != out) return 1;
      }
    }
  return 0;
}

/* Dim k of a declared tensor in this call: its run-time value, or its static size. */
static int64_t desc_dim(const picort_model_desc *d, const picort_tensor_desc *t, int32_t k,
                        const int64_t *values) {
  return t->dims != NULL ? dim_eval(d, &t->dims[k], values) : t->shape[k];
}

/* Takes the values of the run-time dims from the states' lengths (`lengths`; NULL: the call
 * has none to give, as picort_model_output_shape's) and the inputs' shapes: each dim from the
 * first of them that is that dim alone, within its bounds. Then checks the states' lengths
 * that are expressions of dims. Inputs of the wrong count or rank are left to
 * run_check_tensors. */
static picort_status bind_dims(const picort_model_desc *d, const picort_entry_desc *en,
                               const picort_tensor *inputs, int32_t num_inputs,
                               const int64_t *lengths, int64_t *values) {
  const char *model = picort_name_or(d->name, "?");
  for (int32_t i = 0; i < d->num_dims; i++) values[i] = -1;
  for (int32_t u = 0; u < en->num_states && lengths != NULL; u++) {
    const picort_state_use *use = &en->states[u];
    int32_t s = use->reads ? dim_plain(d, &use->length_in) : -1;
    if (s < 0 || values[s] >= 0) continue;
    int64_t v = lengths[use->state];
    if (v > d->dims[s].max)
      return picort_error_set(PICORT_ERROR_SHAPE,
                              "model '%s': state '%s' is full: it holds %lld rows and run-time "
                              "dim '%s' (its past) is at most %lld; reset the model or set an "
                              "earlier position", model,
                              picort_name_or(d->states[use->state].name, "?"), (long long)v,
                              d->dims[s].name, (long long)d->dims[s].max);
    if (v < d->dims[s].min)
      return picort_error_set(PICORT_ERROR_SHAPE,
                              "model '%s': state '%s' holds %lld rows; run-time dim '%s' (its "
                              "past) is at least %lld", model,
                              picort_name_or(d->states[use->state].name, "?"), (long long)v,
                              d->dims[s].name, (long long)d->dims[s].min);
    values[s] = v;
  }
  for (int32_t i = 0; i < en->num_inputs && i < num_inputs && inputs != NULL; i++) {
    const picort_tensor_desc *t = &en->inputs[i];
    if (t->dims == NULL || inputs[i].rank != t->rank || inputs[i].shape == NULL) continue;
    for (int32_t k = 0; k < t->rank; k++) {
      int32_t s = dim_plain(d, &t->dims[k]);
      if (s < 0 || values[s] >= 0) continue;
      int64_t v = inputs[i].shape[k];
      if (v < d->dims[s].min || v > d->dims[s].max)
        return picort_error_set(PICORT_ERROR_SHAPE,
                                "model '%s': input %d '%s': dim %d is %lld, outside the bounds "
                                "%lld..%lld of run-time dim '%s'", model, (int)i,
                                picort_name_or(t->name, "?"), (int)k, (long long)v,
                                (long long)d->dims[s].min, (long long)d->dims[s].max,
                                d->dims[s].name);
      values[s] = v;
    }
  }
  for (int32_t s = 0; s < d->num_dims; s++)
    if (values[s] < 0) values[s] = d->dims[s].min; /* not in this entry: never read */
  for (int32_t u = 0; u < en->num_states && lengths != NULL; u++) {
    const picort_state_use *use = &en->states[u];
    int64_t want = dim_eval(d, &use->length_in, values), have = lengths[use->state];
    int whole = 1; /* a length of no run-time dim: the entry reads the state whole */
    for (int32_t i = 0; use->length_in.coeffs != NULL && i < d->num_dims; i++)
      whole &= use->length_in.coeffs[i] == 0;
    if (use->reads && want != have && whole)
      return picort_error_set(PICORT_ERROR_SHAPE,
                              "model '%s': entry '%s' reads state '%s' whole (%lld rows), but it "
                              "holds %lld: call the entry that writes it first", model,
                              picort_name_or(en->name, "?"),
                              picort_name_or(d->states[use->state].name, "?"), (long long)want,
                              (long long)have);
    if (use->reads && want != have)
      return picort_error_set(PICORT_ERROR_SHAPE,
                              "model '%s': state '%s' holds %lld rows, but the call's inputs "
                              "make its past %lld", model,
                              picort_name_or(d->states[use->state].name, "?"), (long long)have,
                              (long long)want);
  }
  return PICORT_OK;
}

/* A declared shape in this call, "[1, 7 (seq), 64]", into buf (truncated if it does not fit). */
static const char *format_desc_shape(char *buf, size_t size, const picort_model_desc *d,
                                     const picort_tensor_desc *t, const int64_t *values) {
  size_t n = (size_t)snprintf(buf, size, "[");
  for (int32_t k = 0; k < t->rank && n < size; k++) {
    n += (size_t)snprintf(buf + n, size - n, "%s%lld", k ? ", " : "",
                          (long long)desc_dim(d, t, k, values));
    int32_t s = t->dims != NULL ? dim_plain(d, &t->dims[k]) : -1;
    if (s >= 0 && n < size) n += (size_t)snprintf(buf + n, size - n, " (%s)", d->dims[s].name);
  }
  if (n < size) snprintf(buf + n, size - n, "]");
  return buf;
}

/* Checks the caller's inputs or outputs against the descriptor, run-time dims at `values`. */
static picort_status run_check_tensors(const picort_model_desc *md, const int64_t *values,
                                       int gpu, const char *what, int32_t want,
                                       const picort_tensor_desc *descs, int32_t got,
                                       const picort_tensor *ts) {
  char a[160], b[160];
  const char *model = picort_name_or(md->name, "?");
  if (got != want || (ts == NULL && got > 0))
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                            "model '%s': expected %d %s(s) [%s], got %d%s", model, (int)want, what,
                            format_names(a, sizeof a, want, descs), (int)got,
                            ts == NULL && got > 0 ? " and a NULL array" : "");
  for (int32_t i = 0; i < want; i++) {
    const picort_tensor_desc *d = &descs[i];
    const picort_tensor *t = &ts[i];
    const char *name = picort_name_or(d->name, "?");
    if (t->memory != PICORT_MEMORY_HOST && (t->memory != PICORT_MEMORY_DEVICE || !gpu))
      return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                              "%s %d '%s': memory %d is not %s", what, (int)i, name,
                              (int)t->memory,
                              gpu ? "PICORT_MEMORY_HOST or PICORT_MEMORY_DEVICE"
                                  : "PICORT_MEMORY_HOST (a CPU model reads host memory only)");
    if (t->dtype != d->dtype)
      return picort_error_set(PICORT_ERROR_DTYPE, "%s %d '%s': expected dtype %s, got %s (%d)",
                              what, (int)i, name, picort_dtype_name(d->dtype),
                              picort_dtype_name(t->dtype), (int)t->dtype);
    if (t->rank != d->rank)
      return picort_error_set(PICORT_ERROR_SHAPE, "%s %d '%s': expected rank %d %s, got rank %d",
                              what, (int)i, name, (int)d->rank,
                              format_desc_shape(a, sizeof a, md, d, values), (int)t->rank);
    if (t->rank > 0 && t->shape == NULL)
      return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "%s %d '%s': shape is NULL", what,
                              (int)i, name);
    int64_t elements = 1;
    for (int32_t k = 0; k < d->rank; k++) {
      int64_t want_k = desc_dim(md, d, k, values);
      elements *= want_k;
      if (t->shape[k] != want_k)
        return picort_error_set(PICORT_ERROR_SHAPE, "%s %d '%s': expected shape %s, got %s",
                                what, (int)i, name, format_desc_shape(a, sizeof a, md, d, values),
                                format_shape(b, sizeof b, t->rank, t->shape));
    }
    /* NULL data is allowed for an empty tensor: it is never read or written */
    if (t->data == NULL && elements > 0)
      return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "%s %d '%s': data is NULL", what,
                              (int)i, name);
  }
  return PICORT_OK;
}

/* Checks a call's entry index and inputs against the descriptor and binds its run-time dims
 * into `values` (a run then checks its outputs at those values). */
static picort_status run_check_inputs(const picort_model_desc *d, int gpu, const char *fn,
                                      int32_t entry, const picort_tensor *inputs,
                                      int32_t num_inputs, const int64_t *lengths,
                                      int64_t *values) {
  const char *name = picort_name_or(d->name, "?");
  if (entry < 0 || entry >= d->num_entries)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                            "%s: model '%s' has %d entry point(s); there is no entry %d", fn, name,
                            (int)d->num_entries, (int)entry);
  const picort_entry_desc *en = &d->entries[entry];
  picort_status st = bind_dims(d, en, inputs, num_inputs, lengths, values);
  if (st != PICORT_OK) return st;
  return run_check_tensors(d, values, gpu, "input", en->num_inputs, en->inputs, num_inputs,
                           inputs);
}

picort_status picort_model_output_shape(const picort_model_desc *desc, int32_t entry,
                                        const picort_tensor *inputs, int32_t num_inputs,
                                        int32_t output, int64_t *shape) {
  if (desc == NULL || shape == NULL)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "picort_model_output_shape: %s is NULL",
                            desc == NULL ? "desc" : "shape");
  int64_t values[64];
  if (desc->num_dims > 64)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                            "picort_model_output_shape: model '%s' has %d run-time dims (at most "
                            "64)", picort_name_or(desc->name, "?"), (int)desc->num_dims);
  picort_status st = run_check_inputs(desc, 1, "picort_model_output_shape", entry, inputs,
                                      num_inputs, NULL, values);
  if (st != PICORT_OK) return st;
  const picort_entry_desc *en = &desc->entries[entry];
  if (output < 0 || output >= en->num_outputs)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                            "picort_model_output_shape: entry %d has %d output(s); there is no "
                            "output %d", (int)entry, (int)en->num_outputs, (int)output);
  for (int32_t k = 0; k < en->outputs[output].rank; k++)
    shape[k] = desc_dim(desc, &en->outputs[output], k, values);
  return PICORT_OK;
}

picort_status picort_check_failed(const picort_model_desc *d, int32_t entry, int32_t c) {
  return picort_error_set(PICORT_ERROR_INDEX, "model '%s': %s", picort_name_or(d->name, "?"),
                          picort_name_or(d->entries[entry].checks[c].message,
                                         "a run-time check failed"));
}

/* The launch's extent at this call's run-time dims. */
static int64_t launch_extent(const picort_model_desc *d, const picort_launch *la,
                             const int64_t *values) {
  if (la->num_run_extents == 0) return la->extent;
  int64_t n = 1;
  for (int32_t x = 0; x < la->num_run_extents; x++) {
    int64_t v = dim_eval(d, &la->run_extents[x].value, values);
    n *= v > 0 ? (v + la->run_extents[x].chunk - 1) / la->run_extents[x].chunk : 0;
  }
  return n;
}

void picort_stage_rows(const picort_tensor_desc *desc, const int64_t *dims,
                       void (*copy)(void *ctx, uint64_t tensor, uint64_t buffer, uint64_t bytes),
                       void *ctx) {
  int32_t rank = desc->rank, last = -1;
  uint64_t elems = 1;
  for (int32_t k = 0; k < rank; k++) {
    if (dims[k] != desc->shape[k]) last = k;
    elems *= (uint64_t)dims[k];
  }
  if (elems == 0) return;
  uint64_t size = picort_dtype_size(desc->dtype);
  if (last < 0) {
    copy(ctx, 0, 0, elems * size);
    return;
  }
  uint64_t run = 1, outer = elems;
  for (int32_t k = last; k < rank; k++) run *= (uint64_t)dims[k];
  outer /= run;
  for (uint64_t o = 0; o < outer; o++) {
    /* o's index along dims [0, last), as a row offset in the bounds' layout */
    uint64_t rest = o, offset = 0, stride = 1;
    for (int32_t k = rank - 1; k >= last; k--) stride *= (uint64_t)desc->shape[k];
    for (int32_t k = last - 1; k >= 0; k--) {
      offset += (rest % (uint64_t)dims[k]) * stride;
      rest /= (uint64_t)dims[k];
      stride *= (uint64_t)desc->shape[k];
    }
    copy(ctx, o * run * size, offset * size, run * size);
  }
}

/* A host staging copy: into the buffer (`in`) or out of it. */
typedef struct host_stage {
  unsigned char *tensor, *buffer;
  int in;
} host_stage;

static void host_stage_copy(void *ctx, uint64_t tensor, uint64_t buffer, uint64_t bytes) {
  host_stage *s = ctx;
  if (s->in) memcpy(s->buffer + buffer, s->tensor + tensor, bytes);
  else memcpy(s->tensor + tensor, s->buffer + buffer, bytes);
}

/* Copies a staged tensor between the call's layout and its buffer in the arena. */
static void stage_copy(const picort_tensor_desc *desc, const int64_t *dims, unsigned char *arena,
                       void *tensor, int in) {
  host_stage s = {tensor, arena + desc->staging_offset, in};
  picort_stage_rows(desc, dims, host_stage_copy, &s);
}

/* The launch's grain in this call: `grain`, or with work terms the launch indices worth
 * grain_work element operations. */
static int64_t launch_grain(const picort_model_desc *d, const picort_launch *la,
                            const int64_t *values, int64_t extent) {
  if (la->num_work_terms == 0 || extent <= 1 || la->grain_work <= 0) return la->grain;
  double work = 1;
  for (int32_t t = 0; t < la->num_work_terms; t++) {
    int64_t v = dim_eval(d, &la->work_terms[t], values);
    work *= (double)(v > 1 ? v : 1);
  }
  double per_index = work / (double)extent > 1 ? work / (double)extent : 1;
  double grain = (double)la->grain_work / per_index + 0.999;
  return grain < 1 ? 1 : grain > (double)extent ? extent : (int64_t)grain;
}

/* A kernel's guarded load reads element 0 of its buffer where the guard is false (it never
 * uses the value): a buffer of no elements in this call (an empty past) is read as these. */
static const _Alignas(64) unsigned char empty_input[64];

/* Where input `ix` of this call is read: its data, or empty_input when it has no elements
 * (only a tensor with run-time dims can be empty while kernels read it: static empty inputs
 * fold away at compile time). */
static void *input_data(const picort_entry_desc *en, const picort_tensor *inputs, int64_t ix) {
  if (en->inputs[ix].dims == NULL) return inputs[ix].data;
  for (int32_t k = 0; k < en->inputs[ix].rank; k++)
    if (inputs[ix].shape[k] == 0) return (void *)empty_input;
  return inputs[ix].data;
}

/* One CPU call of an entry point: where its arguments are. */
typedef struct cpu_call {
  picort_model *model;
  const picort_entry_desc *en;
  const picort_tensor *inputs, *outputs;
} cpu_call;

/* Where a launch's or a loop's argument lives in this call. */
static unsigned char *cpu_arg(const cpu_call *c, const picort_arg *a) {
  int64_t ix = a->index;
  switch (a->kind) {
  case PICORT_ARG_ARENA: return c->model->arena + ix;
  case PICORT_ARG_WEIGHT:
    return c->model->weights != NULL ? (unsigned char *)c->model->weights + ix : NULL;
  case PICORT_ARG_INPUT: return input_data(c->en, c->inputs, ix);
  case PICORT_ARG_DIMS: return (unsigned char *)c->model->dims;
  default: return c->outputs[ix].data; /* PICORT_ARG_OUTPUT, checked at create */
  }
}

static void cpu_launch(const cpu_call *c, int32_t l) {
  const picort_launch *la = &c->en->launches[l];
  for (int32_t a = 0; a < la->num_args; a++) c->model->args[a] = cpu_arg(c, &la->args[a]);
  int64_t extent = launch_extent(c->model->desc, la, c->model->dims);
  picort_pool_parallel_for(c->model->pool, la->fn, c->model->args, extent,
                           launch_grain(c->model->desc, la, c->model->dims, extent));
}

/* The copies, each to its destination plus row * its bytes. */
static void cpu_copies(const cpu_call *c, int32_t num, const picort_copy *copies,
                       uint64_t row) {
  for (int32_t k = 0; k < num; k++)
    memcpy(cpu_arg(c, &copies[k].to) + row * copies[k].bytes, cpu_arg(c, &copies[k].from),
           copies[k].bytes);
}

/* Runs a loop of the plan (picort_loop). */
static void cpu_loop(const cpu_call *c, const picort_loop *lp) {
  cpu_copies(c, lp->num_init, lp->init, 0);
  int64_t trip = INT64_MAX;
  if (lp->trip_count.kind != PICORT_ARG_NONE)
    memcpy(&trip, cpu_arg(c, &lp->trip_count), sizeof trip);
  if (lp->max_iterations >= 0 && trip > lp->max_iterations) trip = lp->max_iterations;
  int cond = lp->cond.kind == PICORT_ARG_NONE || *cpu_arg(c, &lp->cond) != 0;
  for (int64_t i = 0; i < trip && cond; i++) {
    memcpy(cpu_arg(c, &lp->iteration), &i, sizeof i);
    for (int32_t l = lp->first_launch; l < lp->first_launch + lp->num_launches; l++)
      cpu_launch(c, l);
    if (lp->cond_out.kind != PICORT_ARG_NONE) cond = *cpu_arg(c, &lp->cond_out) != 0;
    cpu_copies(c, lp->num_carry, lp->carry, 0);
    cpu_copies(c, lp->num_scans, lp->scans, (uint64_t)i);
  }
}

/* Runs a CPU model's launches of one entry in order, each split across the pool's threads, its
 * loops' launches once per iteration. */
static void cpu_run(picort_model *model, const picort_entry_desc *en, const picort_tensor *inputs,
                    const picort_tensor *outputs) {
  cpu_call c = {model, en, inputs, outputs};
  for (int32_t i = 0; i < en->num_inputs; i++)
    if (en->inputs[i].staged)
      stage_copy(&en->inputs[i], inputs[i].shape, model->arena, inputs[i].data, 1);
  int32_t loop = 0;
  for (int32_t l = 0;;) {
    if (loop < en->num_loops && en->loops[loop].first_launch == l) {
      cpu_loop(&c, &en->loops[loop]);
      l += en->loops[loop++].num_launches;
      continue;
    }
    if (l == en->num_launches) break;
    cpu_launch(&c, l++);
  }
  for (int32_t o = 0; o < en->num_outputs; o++)
    if (en->outputs[o].staged)
      stage_copy(&en->outputs[o], outputs[o].shape, model->arena, outputs[o].data, 0);
}

/* A checked run: on the GPU (on `stream`, waiting for it when `wait`), else on the pool. */
static picort_status run_model(picort_model *model, const char *fn, int32_t entry,
                               const picort_tensor *inputs, int32_t num_inputs,
                               const picort_tensor *outputs, int32_t num_outputs, void *stream,
                               int wait) {
  if (model == NULL)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "%s: model is NULL", fn);
  int gpu = model->gpu != NULL;
  picort_status st = run_check_inputs(model->desc, gpu, fn, entry, inputs, num_inputs,
                                      model->state_lengths, model->dims);
  if (st != PICORT_OK) return st;
  const picort_entry_desc *en = &model->desc->entries[entry];
  st = run_check_tensors(model->desc, model->dims, gpu, "output", en->num_outputs, en->outputs,
                         num_outputs, outputs);
  if (st != PICORT_OK) return st;
  if (gpu) {
    st = picort_gpu_run(model, entry, inputs, outputs, stream, wait);
  } else {
    cpu_run(model, en, inputs, outputs);
    for (int32_t c = 0; c < en->num_checks && st == PICORT_OK; c++)
      if (model->arena[en->checks[c].arena_offset] != 0)
        st = picort_check_failed(model->desc, entry, c);
  }
  /* The kernels ran (a failed index check too): the states hold the call's rows. An entry
   * that writes a state from its first row starts a new sequence: the states it does not use
   * start over empty (Whisper's encode: the decoder's cache). */
  if (st == PICORT_OK || st == PICORT_ERROR_INDEX) {
    int starts = 0;
    for (int32_t u = 0; u < en->num_states; u++) starts |= !en->states[u].reads;
    for (int32_t s = 0; starts && s < model->desc->num_states; s++) model->state_lengths[s] = 0;
    for (int32_t u = 0; u < en->num_states; u++)
      model->state_lengths[en->states[u].state] =
          dim_eval(model->desc, &en->states[u].length_out, model->dims);
  }
  return st;
}

picort_status picort_model_reset(picort_model *model) {
  if (model == NULL)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "picort_model_reset: model is NULL");
  for (int32_t s = 0; s < model->desc->num_states; s++) model->state_lengths[s] = 0;
  return PICORT_OK;
}

picort_status picort_model_set_position(picort_model *model, int64_t position) {
  if (model == NULL)
    return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                            "picort_model_set_position: model is NULL");
  const picort_model_desc *d = model->desc;
  for (int32_t s = 0; s < d->num_states; s++)
    if (state_grows(d, s) && (position < 0 || position > model->state_lengths[s]))
      return picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                              "picort_model_set_position: model '%s': state '%s' holds %lld "
                              "rows; position %lld is not within them",
                              picort_name_or(d->name, "?"), picort_name_or(d->states[s].name, "?"),
                              (long long)model->state_lengths[s], (long long)position);
  for (int32_t s = 0; s < d->num_states; s++)
    if (state_grows(d, s)) model->state_lengths[s] = position;
  return PICORT_OK;
}

int64_t picort_model_state_length(const picort_model *model, int32_t state) {
  if (model == NULL || state < 0 || state >= model->desc->num_states) {
    picort_error_set(PICORT_ERROR_INVALID_ARGUMENT,
                     "picort_model_state_length: %s has no state %d",
                     model == NULL ? "a NULL model" : "the model", (int)state);
    return -1;
  }
  return model->state_lengths[state];
}

picort_status picort_model_run_entry(picort_model *model, int32_t entry,
                                     const picort_tensor *inputs, int32_t num_inputs,
                                     const picort_tensor *outputs, int32_t num_outputs) {
  return run_model(model, "picort_model_run_entry", entry, inputs, num_inputs, outputs,
                   num_outputs, NULL, 1);
}

picort_status picort_model_run_entry_async(picort_model *model, int32_t entry,
                                           const picort_tensor *inputs, int32_t num_inputs,
                                           const picort_tensor *outputs, int32_t num_outputs,
                                           void *stream) {
  return run_model(model, "picort_model_run_entry_async", entry, inputs, num_inputs, outputs,
                   num_outputs, stream, 0);
}

picort_status picort_model_run(picort_model *model, const picort_tensor *inputs, int32_t num_inputs,
                               const picort_tensor *outputs, int32_t num_outputs) {
  return run_model(model, "picort_model_run", 0, inputs, num_inputs, outputs, num_outputs, NULL,
                   1);
}

picort_status picort_model_run_async(picort_model *model, const picort_tensor *inputs,
                                     int32_t num_inputs, const picort_tensor *outputs,
                                     int32_t num_outputs, void *stream) {
  return run_model(model, "picort_model_run_async", 0, inputs, num_inputs, outputs, num_outputs,
                   stream, 0);
}

int32_t picort_model_find_entry(const picort_model_desc *desc, const char *name) {
  if (desc == NULL || name == NULL) {
    picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "picort_model_find_entry: %s is NULL",
                     desc == NULL ? "desc" : "name");
    return -1;
  }
  for (int32_t e = 0; e < desc->num_entries; e++)
    if (desc->entries[e].name != NULL && strcmp(desc->entries[e].name, name) == 0) return e;
  char names[256];
  size_t n = 0;
  names[0] = '\0';
  for (int32_t e = 0; e < desc->num_entries && n < sizeof names; e++)
    n += (size_t)snprintf(names + n, sizeof names - n, "%s'%s'", e ? ", " : "",
                          picort_name_or(desc->entries[e].name, "?"));
  picort_error_set(PICORT_ERROR_INVALID_ARGUMENT, "model '%s' has no entry point '%s' (it has %s)",
                   picort_name_or(desc->name, "?"), name, names);
  return -1;
}
