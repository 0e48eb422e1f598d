//===- DataSets.cpp - a test case's data sets, and their raw-file form ----------------===//
#include "DataSets.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

namespace picoc::run {

static const char *const ManifestName = "tensors.txt";
static const char *const ExpectedErrorName = "expected_error.txt";
static const char *const EntryName = "entry.txt";

void readSetNotes(const fs::path &setDir, DataSet &set) {
  std::ifstream in(setDir / ExpectedErrorName);
  if (in) std::getline(in, set.expectedError);
  std::ifstream entry(setDir / EntryName);
  if (entry) std::getline(entry, set.entry);
}

std::vector<fs::path> numberedEntries(const fs::path &dir, const std::string &prefix,
                                      const std::string &suffix) {
  std::regex pattern(prefix + "([0-9]+)" + std::regex_replace(suffix, std::regex("\\."), "\\."));
  std::vector<std::pair<long, fs::path>> found;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir, ec)) {
    std::smatch m;
    std::string name = entry.path().filename().string();
    if (std::regex_match(name, m, pattern)) found.emplace_back(std::stol(m[1]), entry.path());
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> paths;
  for (auto &f : found) paths.push_back(f.second);
  return paths;
}

bool writeRawDataSets(const std::vector<DataSet> &sets, const std::string &dir,
                      std::string &error) {
  for (const DataSet &set : sets) {
    fs::path setDir = fs::path(dir) / set.name;
    std::error_code ec;
    fs::create_directories(setDir, ec);
    std::ofstream manifest(setDir / ManifestName, std::ios::trunc);
    manifest << "# file name dtype shape (raw little-endian, row-major)\n";
    for (int pass = 0; pass < 2; pass++) {
      const auto &tensors = pass == 0 ? set.inputs : set.outputs;
      for (size_t k = 0; k < tensors.size(); k++) {
        std::string file = (pass == 0 ? "input_" : "output_") + std::to_string(k) + ".bin";
        if (!writeRawFile((setDir / file).string(), tensors[k], error)) return false;
        manifest << file << " " << (tensors[k].name.empty() ? "-" : tensors[k].name) << " "
                 << dtypeName(tensors[k].dtype) << " " << formatShape(tensors[k].shape) << "\n";
      }
    }
    if (!manifest) {
      error = "cannot write " + (setDir / ManifestName).string();
      return false;
    }
    for (auto [file, text] : {std::pair{ExpectedErrorName, &set.expectedError},
                              std::pair{EntryName, &set.entry}}) {
      if (text->empty())
        continue;
      std::ofstream out(setDir / file, std::ios::trunc);
      out << *text << "\n";
      if (!out) {
        error = "cannot write " + (setDir / file).string();
        return false;
      }
    }
  }
  return true;
}

// Parses one manifest line ("input_0.bin x float32 [2, 3]") into `file` and the tensor's
// name, dtype and shape; false if it is malformed or names an unknown dtype.
static bool parseManifestLine(const std::string &line, std::string &file, HostTensor &t) {
  static const std::regex entry("((?:in|out)put_[0-9]+\\.bin) (\\S+) (\\S+) \\[([0-9, ]*)\\]\\s*");
  std::smatch m;
  if (!std::regex_match(line, m, entry)) return false;
  file = m[1];
  t.name = m[2] == "-" ? "" : m[2].str();
  t.dtype = dtypeFromName(m[3]);
  std::istringstream dims(std::regex_replace(m[4].str(), std::regex(","), " "));
  for (int64_t d; dims >> d;) t.shape.push_back(d);
  return t.dtype != 0;
}

bool readRawDataSets(const std::string &dir, std::vector<DataSet> &sets, std::string &error) {
  for (const fs::path &setDir : numberedEntries(dir, "test_data_set_", "")) {
    DataSet set;
    set.name = setDir.filename().string();
    fs::path manifestPath = setDir / ManifestName;
    std::ifstream manifest(manifestPath);
    if (!manifest) {
      error = "cannot open " + manifestPath.string();
      return false;
    }
    int lineNo = 0;
    for (std::string line; std::getline(manifest, line);) {
      lineNo++;
      if (line.empty() || line[0] == '#') continue;
      std::string file;
      HostTensor t;
      if (!parseManifestLine(line, file, t)) {
        error = manifestPath.string() + ":" + std::to_string(lineNo) + ": bad entry '" + line +
                "'";
        return false;
      }
      if (!readRawFile((setDir / file).string(), t, error)) return false;
      (file.rfind("input_", 0) == 0 ? set.inputs : set.outputs).push_back(std::move(t));
    }
    readSetNotes(setDir, set);
    sets.push_back(std::move(set));
  }
  if (sets.empty()) error = "no test_data_set_N directory in " + dir;
  return !sets.empty();
}

} // namespace picoc::run
