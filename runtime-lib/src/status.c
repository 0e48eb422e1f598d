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

size_t picort_dtype_size(int32_t dtype) {
  switch (dtype) {
  case PICORT_DTYPE_UINT8:
  case PICORT_DTYPE_INT8:
  case PICORT_DTYPE_BOOL:
    return 1;
  case PICORT_DTYPE_UINT16:
  case PICORT_DTYPE_INT16:
  case PICORT_DTYPE_FLOAT16:
  case PICORT_DTYPE_BFLOAT16:
    return 2;
  case PICORT_DTYPE_FLOAT32:
  case PICORT_DTYPE_INT32:
  case PICORT_DTYPE_UINT32:
    return 4;
  case PICORT_DTYPE_INT64:
  case PICORT_DTYPE_FLOAT64:
  case PICORT_DTYPE_UINT64:
    return 8;
  default:
    return 0;
  }
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
  default: return "unknown";
  }
}
