//===- Nvrtc.h - CUDA C to PTX with NVRTC, PTX to a cubin with nvJitLink --------------===//
//
// The toolkit's compiler libraries, used at model compile time: they need no GPU and no
// driver, only libnvrtc and libnvJitLink.
//
//===---------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_CUDA_NVRTC_H
#define PICOC_TARGETS_CUDA_NVRTC_H

#include <string>
#include <vector>

namespace picoc::cuda {

// Compiles `source` (one translation unit, no #includes) for `arch` ("sm_80" compiles with
// --gpu-architecture=compute_80 --std=c++17; "sm_90a" with compute_90a). On success returns
// true with the PTX in `ptxOut`; `log` holds NVRTC's messages either way (warnings on success,
// errors on failure).
bool compileWithNvrtc(const std::string &source, const std::string &arch, std::string &ptxOut,
                      std::string &log);

// Assembles `ptx` into a cubin for `arch` ("sm_90", "sm_90a") with nvJitLink. On failure
// returns false with nvJitLink's error log in `log`.
bool linkCubin(const std::string &ptx, const std::string &arch, std::string &cubinOut,
               std::string &log);

// The SM versions this NVRTC can compile for (80 for sm_80, ...); empty if NVRTC fails.
std::vector<int> nvrtcSupportedArchs();

} // namespace picoc::cuda

#endif // PICOC_TARGETS_CUDA_NVRTC_H
