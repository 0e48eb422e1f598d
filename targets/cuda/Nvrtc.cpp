//===- Nvrtc.cpp - CUDA C to PTX with NVRTC, PTX to a cubin with nvJitLink ------------===//

#include "Nvrtc.h"

#include <nvJitLink.h>
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
  // --fmad=false: no multiply and add is fused but where a kernel asks (fmaf in a sum of
  // products). A value computed twice must round the same both times: a softmax row's
  // x * c feeds its max and, again, exp(x * c - max), which an FMA would compute from the
  // unrounded product (with |x * c| = 1e10, a difference of hundreds: exp overflows, NaN).
  const char *options[] = {archOption.c_str(), "--std=c++17", "--fmad=false"};
  r = nvrtcCompileProgram(raw, 3, options);
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

bool linkCubin(const std::string &ptx, const std::string &arch, std::string &cubinOut,
               std::string &log) {
  log.clear();
  std::string archOption = "-arch=" + arch;
  const char *options[] = {archOption.c_str()};
  nvJitLinkHandle handle = nullptr;
  nvJitLinkResult r = nvJitLinkCreate(&handle, 1, options);
  if (r != NVJITLINK_SUCCESS) {
    log = "nvJitLinkCreate failed (" + std::to_string(static_cast<int>(r)) + ") for " + arch;
    return false;
  }
  auto errorLog = [&] {
    size_t size = 0;
    if (nvJitLinkGetErrorLogSize(handle, &size) == NVJITLINK_SUCCESS && size > 1) {
      std::string text(size, '\0');
      nvJitLinkGetErrorLog(handle, text.data());
      text.resize(size - 1);
      return text;
    }
    return std::string("nvJitLink error ") + std::to_string(static_cast<int>(r));
  };
  bool ok = (r = nvJitLinkAddData(handle, NVJITLINK_INPUT_PTX, ptx.data(), ptx.size(),
                                  "picoc.ptx")) == NVJITLINK_SUCCESS &&
            (r = nvJitLinkComplete(handle)) == NVJITLINK_SUCCESS;
  size_t size = 0;
  ok = ok && (r = nvJitLinkGetLinkedCubinSize(handle, &size)) == NVJITLINK_SUCCESS;
  if (ok) {
    cubinOut.assign(size, '\0');
    ok = (r = nvJitLinkGetLinkedCubin(handle, cubinOut.data())) == NVJITLINK_SUCCESS;
  }
  if (!ok)
    log = errorLog();
  nvJitLinkDestroy(&handle);
  return ok;
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
