/* status.c - the thread-local last-error message and the dtype tables. */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

#define PICORT_ERROR_BYTES 512

static _Thread_local char picort_error_message[PICORT_ERROR_BYTES];

picort_status picort_error_set(picort_status status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(picort_error_message, sizeof picort_error_message, fmt, ap);
  va_end(ap);
  return status;
}

const char *picort_name_or(const char *name, const char *fallback) {
  return name != NULL ? name : fallback;
}

const char *picort_last_error(void) { return picort_error_message; }

size_t picort_dtype_bits(int32_t dtype) {
  switch (dtype) {
  case PICORT_DTYPE_UINT2:
  case PICORT_DTYPE_INT2:
    return 2;
  case PICORT_DTYPE_UINT4:
  case PICORT_DTYPE_INT4:
  case PICORT_DTYPE_FLOAT4E2M1:
    return 4;
  case PICORT_DTYPE_UINT8:
  case PICORT_DTYPE_INT8:
  case PICORT_DTYPE_BOOL:
  case PICORT_DTYPE_FLOAT8E4M3FN:
  case PICORT_DTYPE_FLOAT8E4M3FNUZ:
  case PICORT_DTYPE_FLOAT8E5M2:
  case PICORT_DTYPE_FLOAT8E5M2FNUZ:
    return 8;
  case PICORT_DTYPE_UINT16:
  case PICORT_DTYPE_INT16:
  case PICORT_DTYPE_FLOAT16:
  case PICORT_DTYPE_BFLOAT16:
    return 16;
  case PICORT_DTYPE_FLOAT32:
  case PICORT_DTYPE_INT32:
  case PICORT_DTYPE_UINT32:
    return 32;
  case PICORT_DTYPE_INT64:
  case PICORT_DTYPE_FLOAT64:
  case PICORT_DTYPE_UINT64:
    return 64;
  default:
    return 0;
  }
}

size_t picort_dtype_size(int32_t dtype) {
  size_t bits = picort_dtype_bits(dtype);
  return bits % 8 == 0 ? bits / 8 : 0;
}

uint64_t picort_tensor_bytes(int32_t dtype, uint64_t count) {
  return (count * picort_dtype_bits(dtype) + 7) / 8;
}

const char *picort_dtype_name(int32_t dtype) {
  switch (dtype) {
  case PICORT_DTYPE_FLOAT32: return "float32";
  case PICORT_DTYPE_UINT8: return "uint8";
  case PICORT_DTYPE_INT8: return "int8";
  case PICORT_DTYPE_UINT16: return "uint16";
  case PICORT_DTYPE_INT16: return "int16";
  case PICORT_DTYPE_INT32: return "int32";
  case PICORT_DTYPE_INT64: return "int64";
  case PICORT_DTYPE_BOOL: return "bool";
  case PICORT_DTYPE_FLOAT16: return "float16";
  case PICORT_DTYPE_FLOAT64: return "float64";
  case PICORT_DTYPE_UINT32: return "uint32";
  case PICORT_DTYPE_UINT64: return "uint64";
  case PICORT_DTYPE_BFLOAT16: return "bfloat16";
  case PICORT_DTYPE_FLOAT8E4M3FN: return "float8e4m3fn";
  case PICORT_DTYPE_FLOAT8E4M3FNUZ: return "float8e4m3fnuz";
  case PICORT_DTYPE_FLOAT8E5M2: return "float8e5m2";
  case PICORT_DTYPE_FLOAT8E5M2FNUZ: return "float8e5m2fnuz";
  case PICORT_DTYPE_UINT4: return "uint4";
  case PICORT_DTYPE_INT4: return "int4";
  case PICORT_DTYPE_FLOAT4E2M1: return "float4e2m1";
  case PICORT_DTYPE_UINT2: return "uint2";
  case PICORT_DTYPE_INT2: return "int2";
  default: return "unknown";
  }
}
