/* tensor_pb.c - a minimal reader of serialized onnx.TensorProto files (see tensor_pb.h).
 *
 * Protobuf wire format in brief: a message is a sequence of (key, value) pairs where
 * key = field_number << 3 | wire_type, a varint. Wire types: 0 varint, 1 fixed 64-bit,
 * 2 length-delimited (bytes, strings, sub-messages and "packed" repeated scalars),
 * 5 fixed 32-bit. Repeated scalars may come packed (one length-delimited run) or one pair
 * per element; a correct reader accepts both.
 *
 * The typed fields are collected as 64-bit values first (their order relative to data_type is
 * not guaranteed), then narrowed to the dtype's element size, little-endian:
 *   float_data  -> float32 (fixed32 bits)     int64_data  -> int64
 *   double_data -> float64 (fixed64 bits)     uint64_data -> uint32, uint64
 *   int32_data  -> int32, int16, int8, uint16, uint8, bool, float16/bfloat16 bits
 */
#include "tensor_pb.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* TensorProto field numbers. */
enum {
  F_DIMS = 1, F_DATA_TYPE = 2, F_FLOAT_DATA = 4, F_INT32_DATA = 5, F_INT64_DATA = 7,
  F_NAME = 8, F_RAW_DATA = 9, F_DOUBLE_DATA = 10, F_UINT64_DATA = 11, F_EXTERNAL_DATA = 13,
  F_DATA_LOCATION = 14,
};
enum { W_VARINT = 0, W_FIXED64 = 1, W_LEN = 2, W_FIXED32 = 5 };

typedef struct reader {
  const uint8_t *p, *end;
} reader;

typedef struct u64vec {
  uint64_t *v;
  size_t n, cap;
} u64vec;

static int fail(char *err, size_t size, const char *fmt, ...) {
  if (err != NULL && size > 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, size, fmt, ap);
    va_end(ap);
  }
  return -1;
}

size_t tensor_pb_dtype_size(int32_t dtype) {
  switch (dtype) {
  case 2: case 3: case 9: return 1;           /* uint8, int8, bool */
  case 4: case 5: case 10: case 16: return 2; /* uint16, int16, float16, bfloat16 */
  case 1: case 6: case 12: return 4;          /* float32, int32, uint32 */
  case 7: case 11: case 13: return 8;         /* int64, float64, uint64 */
  default: return 0;                          /* string (8), complex (14, 15), unknown */
  }
}

static int read_varint(reader *r, uint64_t *out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (r->p >= r->end) return -1;
    uint8_t b = *r->p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *out = v;
      return 0;
    }
  }
  return -1;
}

static int read_fixed(reader *r, int bytes, uint64_t *out) {
  if (r->end - r->p < bytes) return -1;
  uint64_t v = 0;
  for (int i = 0; i < bytes; i++) v |= (uint64_t)r->p[i] << (8 * i);
  r->p += bytes;
  *out = v;
  return 0;
}

/* A length-delimited value: its bytes as a sub-reader. */
static int read_len(reader *r, reader *sub) {
  uint64_t n;
  if (read_varint(r, &n) != 0 || n > (uint64_t)(r->end - r->p)) return -1;
  sub->p = r->p;
  sub->end = r->p + n;
  r->p += n;
  return 0;
}

static int skip_value(reader *r, int wire) {
  uint64_t v;
  reader sub;
  switch (wire) {
  case W_VARINT: return read_varint(r, &v);
  case W_FIXED64: return read_fixed(r, 8, &v);
  case W_FIXED32: return read_fixed(r, 4, &v);
  case W_LEN: return read_len(r, &sub);
  default: return -1; /* groups (3, 4) are not used by ONNX */
  }
}

static int push(u64vec *vec, uint64_t v) {
  if (vec->n == vec->cap) {
    size_t cap = vec->cap ? 2 * vec->cap : 64;
    uint64_t *nv = realloc(vec->v, cap * sizeof *nv);
    if (nv == NULL) return -1;
    vec->v = nv;
    vec->cap = cap;
  }
  vec->v[vec->n++] = v;
  return 0;
}

/* One repeated scalar field: a single value of wire type `elem_wire`, or a packed run. */
static int read_repeated(reader *r, int wire, int elem_wire, u64vec *vec) {
  reader run = *r;
  int packed = wire == W_LEN;
  if (packed) {
    if (read_len(r, &run) != 0) return -1;
  } else if (wire != elem_wire) {
    return -1;
  }
  do {
    uint64_t v;
    int rc = elem_wire == W_VARINT ? read_varint(&run, &v)
             : read_fixed(&run, elem_wire == W_FIXED32 ? 4 : 8, &v);
    if (rc != 0 || push(vec, v) != 0) return -1;
  } while (packed && run.p < run.end);
  if (!packed) r->p = run.p;
  return 0;
}

int tensor_pb_parse(const uint8_t *buf, size_t size, tensor_pb *out, char *err, size_t err_size) {
  memset(out, 0, sizeof *out);
  reader r = {buf, buf + size}, raw = {NULL, NULL}, name = {NULL, NULL};
  u64vec dims = {0}, f32 = {0}, i32 = {0}, i64 = {0}, f64 = {0}, u64 = {0};
  uint64_t dtype = 0, location = 0;
  int has_raw = 0, rc = -1;

  while (r.p < r.end) {
    uint64_t key;
    if (read_varint(&r, &key) != 0) goto bad;
    int field = (int)(key >> 3), wire = (int)(key & 7), ok;
    switch (field) {
    case F_DIMS: ok = read_repeated(&r, wire, W_VARINT, &dims); break;
    case F_DATA_TYPE: ok = wire == W_VARINT ? read_varint(&r, &dtype) : -1; break;
    case F_FLOAT_DATA: ok = read_repeated(&r, wire, W_FIXED32, &f32); break;
    case F_INT32_DATA: ok = read_repeated(&r, wire, W_VARINT, &i32); break;
    case F_INT64_DATA: ok = read_repeated(&r, wire, W_VARINT, &i64); break;
    case F_DOUBLE_DATA: ok = read_repeated(&r, wire, W_FIXED64, &f64); break;
    case F_UINT64_DATA: ok = read_repeated(&r, wire, W_VARINT, &u64); break;
    case F_NAME: ok = wire == W_LEN ? read_len(&r, &name) : -1; break;
    case F_RAW_DATA:
      ok = wire == W_LEN ? read_len(&r, &raw) : -1;
      has_raw = 1;
      break;
    case F_DATA_LOCATION: ok = wire == W_VARINT ? read_varint(&r, &location) : -1; break;
    case F_EXTERNAL_DATA: location = 1; ok = skip_value(&r, wire); break;
    default: ok = skip_value(&r, wire); break;
    }
    if (ok != 0) goto bad;
  }

  if (location == 1) {
    fail(err, err_size, "tensors with external data are not supported");
    goto done;
  }
  size_t esize = tensor_pb_dtype_size((int32_t)dtype);
  if (esize == 0) {
    fail(err, err_size, "unsupported dtype %llu", (unsigned long long)dtype);
    goto done;
  }
  if (dims.n > TENSOR_PB_MAX_RANK) {
    fail(err, err_size, "rank %zu exceeds %d", dims.n, TENSOR_PB_MAX_RANK);
    goto done;
  }
  out->dtype = (int32_t)dtype;
  out->rank = (int32_t)dims.n;
  out->count = 1;
  for (size_t i = 0; i < dims.n; i++) {
    int64_t d = (int64_t)dims.v[i];
    if (d < 0 || (d > 0 && out->count > (INT64_C(1) << 40) / d)) {
      fail(err, err_size, "bad or too large dimension %lld", (long long)d);
      goto done;
    }
    out->shape[i] = d;
    out->count *= d;
  }
  out->nbytes = (size_t)out->count * esize;

  /* The field that holds the elements for this dtype. */
  const u64vec *typed;
  switch (dtype) {
  case 1: typed = &f32; break;
  case 11: typed = &f64; break;
  case 7: typed = &i64; break;
  case 12: case 13: typed = &u64; break;
  default: typed = &i32; break;
  }
  size_t have = has_raw ? (size_t)(raw.end - raw.p) : typed->n * esize;
  if (have != out->nbytes) {
    fail(err, err_size, "shape needs %lld elements (%zu bytes), the file holds %zu bytes",
         (long long)out->count, out->nbytes, have);
    goto done;
  }
  out->data = malloc(out->nbytes > 0 ? out->nbytes : 1);
  out->name = malloc(name.p ? (size_t)(name.end - name.p) + 1 : 1);
  if (out->data == NULL || out->name == NULL) {
    fail(err, err_size, "out of memory");
    goto done;
  }
  if (has_raw) {
    if (out->nbytes > 0) memcpy(out->data, raw.p, out->nbytes);
  } else {
    uint8_t *dst = out->data;
    for (size_t i = 0; i < typed->n; i++)
      for (size_t b = 0; b < esize; b++) dst[i * esize + b] = (uint8_t)(typed->v[i] >> (8 * b));
  }
  if (name.p) memcpy(out->name, name.p, (size_t)(name.end - name.p));
  out->name[name.p ? (size_t)(name.end - name.p) : 0] = '\0';
  rc = 0;
  goto done;

bad:
  fail(err, err_size, "malformed protobuf at byte %zu", (size_t)(r.p - buf));
done:
  free(dims.v);
  free(f32.v);
  free(i32.v);
  free(i64.v);
  free(f64.v);
  free(u64.v);
  if (rc != 0) tensor_pb_free(out);
  return rc;
}

int tensor_pb_read(const char *path, tensor_pb *out, char *err, size_t err_size) {
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (f == NULL) return fail(err, err_size, "cannot open %s", path);
  uint8_t *buf = NULL;
  size_t size = 0, cap = 0, n;
  do {
    if (size == cap) {
      cap = cap ? 2 * cap : 1 << 16;
      uint8_t *nb = realloc(buf, cap);
      if (nb == NULL) {
        free(buf);
        fclose(f);
        return fail(err, err_size, "out of memory reading %s", path);
      }
      buf = nb;
    }
    n = fread(buf + size, 1, cap - size, f);
    size += n;
  } while (n > 0);
  int read_error = ferror(f);
  fclose(f);
  if (read_error) {
    free(buf);
    return fail(err, err_size, "cannot read %s", path);
  }
  char why[200] = "";
  int rc = tensor_pb_parse(buf, size, out, why, sizeof why);
  free(buf);
  if (rc != 0) return fail(err, err_size, "%s: %s", path, why);
  return 0;
}

void tensor_pb_free(tensor_pb *t) {
  if (t == NULL) return;
  free(t->name);
  free(t->data);
  memset(t, 0, sizeof *t);
}
