//===- DataSets.h - a test case's data sets, and their raw-file form ------------------===//
//
// A data set is one test_data_set_N directory: the inputs of one run and the reference
// outputs. picoc-run reads them from ONNX TensorProto files (OnnxTensorFile.h) and can write
// them as raw files that need no protobuf to read back:
//   <dir>/test_data_set_N/input_K.bin, output_K.bin   raw little-endian, row-major bytes
//   <dir>/test_data_set_N/tensors.txt                 one line per file, inputs first:
//       # file name dtype shape (raw little-endian, row-major)
//       input_0.bin x float32 [2, 3]
// where name is "-" for an unnamed tensor and the shape runs to the end of the line.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_RUN_DATASETS_H
#define PICOC_TOOLS_PICOC_RUN_DATASETS_H

#include "TensorFile.h"

#include <filesystem>
#include <string>
#include <vector>

namespace picoc::run {

// One test_data_set_N directory, read.
struct DataSet {
  std::string name; // "test_data_set_0"
  std::vector<HostTensor> inputs;
  std::vector<HostTensor> outputs;
  // From the set's expected_error.txt (first line): the run must fail with a status and
  // message containing this ("PICORT_ERROR_INDEX: Gather node"); no outputs are compared.
  std::string expectedError;
  // From the set's entry.txt (first line): the entry point it runs, in a case of several
  // (an `entries` file); empty: the first.
  std::string entry;
};

// The set directory's expected_error.txt and entry.txt, if any, into the set.
void readSetNotes(const std::filesystem::path &setDir, DataSet &set);

// The entries of `dir` named <prefix><N><suffix>, sorted by N.
std::vector<std::filesystem::path> numberedEntries(const std::filesystem::path &dir,
                                                   const std::string &prefix,
                                                   const std::string &suffix);

// Writes `sets` in raw form under `dir` (created if needed).
bool writeRawDataSets(const std::vector<DataSet> &sets, const std::string &dir,
                      std::string &error);

// Reads back every test_data_set_N that writeRawDataSets wrote under `dir`, sorted by N.
// Returns false with `error` set if there is none or a file or manifest line is bad.
bool readRawDataSets(const std::string &dir, std::vector<DataSet> &sets, std::string &error);

} // namespace picoc::run

#endif // PICOC_TOOLS_PICOC_RUN_DATASETS_H
