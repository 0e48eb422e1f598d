//===- Nvrtc.cpp - CUDA C to PTX with NVRTC -------------------------------------------===//

#include "Nvrtc.h"

#include <nvrtc.h>

#include <memory>

namespace picoc::cuda {

namespace {
struct ProgramDeleter {
  void operator()(_nvrtcProgram *p) const { nvrtcDestroyProgram(&p); }
};
using ProgramPtr = std::unique_ptr<_nvrtcProgram, ProgramDeleter>;

std::string programLog(nvrtcProgram p) {
  size_t size = 0;
  if (nvrtcGetProgramLogSize(p, &size) != NVRTC_SUCCESS || size <= 1)
    return "";
  std::string log(size, '\0');
  nvrtcGetProgramLog(p, log.data());
  log.resize(size - 1); // the terminating NUL
  return log;
}
} // namespace

bool compileWithNvrtc(const std::string &source, const std::string &arch, std::string &ptxOut,
                      std::string &log) {
  log.clear();
  if (arch.rfind("sm_", 0) != 0) {
    log = "not a CUDA architecture: '" + arch + "' (expected sm_XY)";
    return false;
  }
  nvrtcProgram raw = nullptr;
  nvrtcResult r = nvrtcCreateProgram(&raw, source.c_str(), "picoc.cu", 0, nullptr, nullptr);
  if (r != NVRTC_SUCCESS) {
    log = std::string("nvrtcCreateProgram: ") + nvrtcGetErrorString(r);
    return false;
  }
  ProgramPtr program(raw);
  std::string archOption = "--gpu-architecture=compute_" + arch.substr(3);
  const char *options[] = {archOption.c_str(), "--std=c++17"};
  r = nvrtcCompileProgram(raw, 2, options);
  log = programLog(raw);
  if (r != NVRTC_SUCCESS) {
    if (log.empty())
      log = std::string("nvrtcCompileProgram: ") + nvrtcGetErrorString(r);
    return false;
  }
  size_t size = 0;
  if ((r = nvrtcGetPTXSize(raw, &size)) != NVRTC_SUCCESS) {
    log += std::string("nvrtcGetPTXSize: ") + nvrtcGetErrorString(r);
    return false;
  }
  ptxOut.assign(size, '\0');
  if ((r = nvrtcGetPTX(raw, ptxOut.data())) != NVRTC_SUCCESS) {
    log += std::string("nvrtcGetPTX: ") + nvrtcGetErrorString(r);
    return false;
  }
  if (!ptxOut.empty() && ptxOut.back() == '\0')
    ptxOut.pop_back();
  return true;
}

std::vector<int> nvrtcSupportedArchs() {
  int count = 0;
  if (nvrtcGetNumSupportedArchs(&count) != NVRTC_SUCCESS || count <= 0)
    return {};
  std::vector<int> archs(count);
  if (nvrtcGetSupportedArchs(archs.data()) != NVRTC_SUCCESS)
    return {};
  return archs;
}

} // namespace picoc::cuda
