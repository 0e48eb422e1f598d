// The test models, compiled by the whole pipeline with --emit=cuda: every fused kernel of every
// model renders as CUDA C that NVRTC compiles for sm_80 and sm_90 (no GPU needed).
#ifdef PICOC_HAVE_CUDA_TARGET

#include "Nvrtc.h"
#include "picoc/Pipeline/Pipeline.h"

#include "llvm/Support/raw_ostream.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

TEST_CASE("CUDA: every test model's kernels compile with NVRTC", "[cuda][models]") {
  fs::path models = fs::path(PICOC_SOURCE_DIR) / "test" / "models";
  fs::path out = fs::temp_directory_path() / "picoc-cuda-models";
  fs::create_directories(out);
  int compiled = 0;
  for (const auto &entry : fs::directory_iterator(models)) {
    if (!fs::exists(entry.path() / "model.onnx"))
      continue;
    std::string name = entry.path().filename().string();
    picoc::CompileOptions options;
    options.inputPaths = {(entry.path() / "model.onnx").string()};
    options.outputPath = (out / (name + ".cu")).string();
    options.target.target = "sm_80";
    options.target.name = name;
    options.emit = picoc::EmitKind::Source;
    std::ifstream dims(entry.path() / "dims"); // the model's named dims: `batch=1 seq=7`
    for (std::string d; dims >> d;)
      options.dims[d.substr(0, d.find('='))] = std::stoll(d.substr(d.find('=') + 1));
    std::string errors;
    llvm::raw_string_ostream errs(errors);
    INFO(name << ": " << errors);
    REQUIRE(picoc::compileModel(options, errs) == 0);
    std::ifstream file(options.outputPath);
    std::stringstream source;
    source << file.rdbuf();
    REQUIRE(source.str().find("__global__") != std::string::npos);
    for (const char *arch : {"sm_80", "sm_90"}) {
      std::string ptx, log;
      INFO(name << " for " << arch << ": " << log);
      REQUIRE(picoc::cuda::compileWithNvrtc(source.str(), arch, ptx, log));
      REQUIRE(ptx.find(".entry") != std::string::npos);
    }
    ++compiled;
  }
  REQUIRE(compiled >= 8);
  fs::remove_all(out);
}

#endif // PICOC_HAVE_CUDA_TARGET
