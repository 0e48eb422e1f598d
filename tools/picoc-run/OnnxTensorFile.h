//===- OnnxTensorFile.h - reading ONNX backend-test data (TensorProto files) ---------===//
//
// The ONNX backend-test layout stores every input and reference output as a serialized
// onnx.TensorProto (test_data_set_N/input_K.pb, output_K.pb). These are the only readers
// that need protobuf: picoc-run links them, picoc-run-cases does not.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_RUN_ONNXTENSORFILE_H
#define PICOC_TOOLS_PICOC_RUN_ONNXTENSORFILE_H

#include "DataSets.h"

#include <string>
#include <vector>

namespace picoc::run {

// Reads a serialized onnx.TensorProto, whichever field (raw_data or a typed *_data field) holds
// its elements. Returns false with `error` set on any problem (unreadable file, bad protobuf,
// external data, unsupported dtype, size mismatch).
bool readTensorFile(const std::string &path, HostTensor &out, std::string &error);

// Reads every test_data_set_N of `caseDir`, sorted by N, each one's .pb files sorted by K.
// Returns false with `error` set if there is none or a file cannot be read.
bool readDataSets(const std::string &caseDir, std::vector<DataSet> &sets, std::string &error);

} // namespace picoc::run

#endif // PICOC_TOOLS_PICOC_RUN_ONNXTENSORFILE_H
