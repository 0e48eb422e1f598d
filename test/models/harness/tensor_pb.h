/* tensor_pb.h - a minimal, self-contained reader of serialized onnx.TensorProto files, for C
 * programs that load the ONNX backend-test data (test_data_set_N/input_K.pb, output_K.pb)
 * without linking protobuf.
 *
 * It understands the fields the ONNX tools write: dims (1), data_type (2), float_data (4),
 * int32_data (5), int64_data (7), name (8), raw_data (9), double_data (10), uint64_data (11),
 * packed or not, and skips every other field. Whatever field held the elements, the result is
 * dense row-major little-endian bytes, the layout of a picort_tensor's data. Tensors with
 * external data, strings and complex numbers are refused. C11, no dependency beyond libc.
 */
#ifndef TENSOR_PB_H
#define TENSOR_PB_H

#include <stddef.h>
#include <stdint.h>

#define TENSOR_PB_MAX_RANK 16

typedef struct tensor_pb {
  char *name;      /* malloc'd, "" when the file has none */
  int32_t dtype;   /* ONNX TensorProto.DataType, the same codes as picort_dtype */
  int32_t rank;
  int64_t shape[TENSOR_PB_MAX_RANK];
  int64_t count;   /* number of elements (1 for a scalar) */
  size_t nbytes;   /* count * element size */
  void *data;      /* malloc'd (never NULL on success, even when nbytes is 0) */
} tensor_pb;

/* Size of one element of `dtype` in bytes, 0 for a dtype this reader refuses. */
size_t tensor_pb_dtype_size(int32_t dtype);

/* Reads `path` into *out. Returns 0 on success; otherwise -1 with a message in err (which may
 * be NULL) and *out left empty (tensor_pb_free on it is a no-op). */
int tensor_pb_read(const char *path, tensor_pb *out, char *err, size_t err_size);

/* Parses a TensorProto already in memory; same contract as tensor_pb_read. */
int tensor_pb_parse(const uint8_t *buf, size_t size, tensor_pb *out, char *err, size_t err_size);

/* Frees what a successful read allocated and zeroes *t. */
void tensor_pb_free(tensor_pb *t);

#endif /* TENSOR_PB_H */
