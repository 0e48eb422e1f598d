//===- ModelHeader.cpp - the C header that goes with a model object -------------------===//
//
// writeModelHeader describes the model's tensors (a comment block and macros per input and
// output of each entry point: name, picort dtype, rank, element count, shape) and declares the
// object's functions (create, a run and run_async per entry point, destroy) and its
// picort_model_desc, for C and C++. Every name, macros and the include guard too,
// holds the model's symbol prefix (modelSymbolPrefix, defined here) exactly as it is spelled.
//
//===------------------------------------------------------------------------------===//
#include "picoc/Target/Target.h"

#include "x86/SymbolPrefix.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace picoc {

std::string modelSymbolPrefix(const std::string &name) {
  std::string s;
  for (char c : name)
    s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    s = "_" + s;
  return s;
}

namespace {

std::string upper(std::string s) {
  for (char &c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A C string literal (the name may hold any bytes).
std::string quoted(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f || c == '?') { // '?': no trigraphs
      char buf[8];
      snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// Text safe inside a /* */ comment.
std::string commentSafe(const std::string &s) {
  std::string out;
  for (char c : s)
    out += (c == '\n' || (c == '/' && !out.empty() && out.back() == '*')) ? ' ' : c;
  return out;
}

const char *picortDtypeName(kir::DType t) {
  switch (t) {
  case kir::DType::F32: return "PICORT_DTYPE_FLOAT32";
  case kir::DType::U8: return "PICORT_DTYPE_UINT8";
  case kir::DType::I8: return "PICORT_DTYPE_INT8";
  case kir::DType::U16: return "PICORT_DTYPE_UINT16";
  case kir::DType::I16: return "PICORT_DTYPE_INT16";
  case kir::DType::I32: return "PICORT_DTYPE_INT32";
  case kir::DType::I64: return "PICORT_DTYPE_INT64";
  case kir::DType::Bool: return "PICORT_DTYPE_BOOL";
  case kir::DType::F16: return "PICORT_DTYPE_FLOAT16";
  case kir::DType::F64: return "PICORT_DTYPE_FLOAT64";
  case kir::DType::U32: return "PICORT_DTYPE_UINT32";
  case kir::DType::U64: return "PICORT_DTYPE_UINT64";
  case kir::DType::BF16: return "PICORT_DTYPE_BFLOAT16";
  case kir::DType::F8E4M3FN: return "PICORT_DTYPE_FLOAT8E4M3FN";
  case kir::DType::F8E4M3FNUZ: return "PICORT_DTYPE_FLOAT8E4M3FNUZ";
  case kir::DType::F8E5M2: return "PICORT_DTYPE_FLOAT8E5M2";
  case kir::DType::F8E5M2FNUZ: return "PICORT_DTYPE_FLOAT8E5M2FNUZ";
  case kir::DType::U4: return "PICORT_DTYPE_UINT4";
  case kir::DType::I4: return "PICORT_DTYPE_INT4";
  case kir::DType::F4E2M1: return "PICORT_DTYPE_FLOAT4E2M1";
  case kir::DType::U2: return "PICORT_DTYPE_UINT2";
  case kir::DType::I2: return "PICORT_DTYPE_INT2";
  }
  return "0";
}

void writeTensors(const kir::Program &program, const std::vector<int> &ids, const char *kind,
                  const std::string &prefix, llvm::raw_ostream &out) {
  // Macros start with the prefix exactly as it is: two models whose names differ only in case
  // (mlp, MLP) must not share a macro.
  std::string lowerKind = kind, upKind = upper(kind);
  out << "#define " << prefix << "_NUM_" << upKind << "S " << ids.size() << "\n\n";
  for (size_t i = 0; i < ids.size(); ++i) {
    const kir::Buffer &b = program.buffers[ids[i]];
    std::string dims, described; // the shape (bounds), and as a call sees it: [1, seq, 64]
    for (size_t d = 0; d < b.shape.size(); ++d) {
      dims += (d ? ", " : "") + std::to_string(b.shape[d]);
      described += (d ? ", " : "") + (d < b.runShape.size()
                                          ? commentSafe(b.runShape[d].str(program.dims))
                                          : std::to_string(b.shape[d]));
    }
    std::string m = prefix + "_" + upKind + "_" + std::to_string(i);
    out << "/* " << lowerKind << " " << i << ": '" << commentSafe(b.name) << "', "
        << kir::dtypeName(b.dtype) << " [" << described << "]"
        << (b.runShape.empty() ? "" : " (its _shape and _NUMEL: at the bounds)") << " */\n";
    out << "#define " << m << "_NAME " << quoted(b.name) << "\n";
    out << "#define " << m << "_DTYPE " << static_cast<int>(b.dtype) << " /* "
        << picortDtypeName(b.dtype) << " */\n";
    out << "#define " << m << "_RANK " << b.shape.size() << "\n";
    out << "#define " << m << "_NUMEL " << b.numElements() << "\n";
    // A rank-0 tensor still gets a one-element array (C has no empty arrays).
    out << "static const int64_t " << prefix << "_" << lowerKind << "_" << i << "_shape["
        << std::max<size_t>(b.shape.size(), 1) << "] = {" << (dims.empty() ? "0" : dims)
        << "};\n\n";
  }
}

} // namespace

void writeModelHeader(const kir::Program &program, const TargetOptions &options,
                      llvm::raw_ostream &out) {
  std::string prefix = modelSymbolPrefix(options.name);
  std::string guard = "PICOC_MODEL_" + prefix + "_H"; // exact: unique per model name
  bool single = program.entries.size() == 1;
  out << "/* " << prefix << ".h - generated by picoc: the entry points of model '"
      << commentSafe(program.name) << "' (target " << commentSafe(options.target)
      << "). Link the object with libpicort. */\n";
  out << "#ifndef " << guard << "\n#define " << guard << "\n\n";
  out << "#include <stdint.h>\n\n#include <picort.h>\n\n";
  out << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  if (!single) {
    out << "/* " << program.entries.size() << " entry points, sharing the weights and the "
        << "scratch memory of one model instance (they never run at once on one instance):";
    for (const kir::Entry &e : program.entries)
      out << " " << prefix << "_" << e.name;
    out << ". */\n#define " << prefix << "_NUM_ENTRIES " << program.entries.size() << "\n\n";
    for (size_t e = 0; e < program.entries.size(); ++e)
      out << "#define " << prefix << "_ENTRY_" << program.entries[e].name << " " << e << "\n";
    out << "\n";
  }
  if (!program.dims.empty()) {
    out << "/* Run-time dims: each call takes their values from its inputs' shapes (a tensor's\n"
        << "   dim named below), within these bounds:\n";
    for (const kir::RunDim &d : program.dims)
      out << "     " << commentSafe(d.name) << ": " << d.min << ".." << d.max << "\n";
    out << "   picort_model_output_shape gives an output's shape for a call's inputs. */\n";
    out << "#define " << prefix << "_NUM_DIMS " << program.dims.size() << "\n";
    for (size_t i = 0; i < program.dims.size(); ++i) {
      std::string m = prefix + "_DIM_" + std::to_string(i);
      out << "#define " << m << "_NAME " << quoted(program.dims[i].name) << "\n";
      out << "#define " << m << "_MIN " << program.dims[i].min << "\n";
      out << "#define " << m << "_MAX " << program.dims[i].max << "\n";
    }
    out << "\n";
  }
  // States: distinct by name (entry points that name one share it), as the desc lists them.
  std::vector<int> states;
  for (size_t id = 0; id < program.buffers.size(); ++id) {
    const kir::Buffer &b = program.buffers[id];
    if (b.kind == kir::BufferKind::State &&
        std::none_of(states.begin(), states.end(),
                     [&](int s) { return program.buffers[s].name == b.name; }))
      states.push_back(static_cast<int>(id));
  }
  if (!states.empty()) {
    out << "/* States (picoc --state): KV caches kept in the model instance. Each call reads the\n"
        << "   rows a state holds and appends its new ones in place; " << prefix
        << "_reset empties them\n   (a new sequence), picort_model_set_position rolls them back. "
        << "Each holds at most\n   its bound of rows along its axis:\n";
    for (int id : states) {
      const kir::Buffer &b = program.buffers[id];
      out << "     " << commentSafe(b.name) << ": " << kir::dtypeName(b.dtype) << " [";
      for (size_t d = 0; d < b.shape.size(); ++d)
        out << (d ? ", " : "") << b.shape[d];
      out << "]\n";
    }
    out << " */\n#define " << prefix << "_NUM_STATES " << states.size() << "\n\n";
  }
  // A model of one entry point keeps the plain macro names (<prefix>_INPUT_0_NAME); with
  // several, each entry's tensors are <prefix>_<entry>_INPUT_0_NAME.
  for (const kir::Entry &e : program.entries) {
    std::string tensorPrefix = single ? prefix : prefix + "_" + e.name;
    writeTensors(program, e.inputs, "input", tensorPrefix, out);
    writeTensors(program, e.outputs, "output", tensorPrefix, out);
  }
  bool gpu = options.target.rfind("sm_", 0) == 0;
  if (options.weights == WeightsMode::External)
    out << "/* Weights live in '" << commentSafe(options.weightsFile) << "'; pass its path to "
        << prefix << "_create (NULL: that name, from the cwd). "
        << (gpu ? "They are copied to the GPU at create."
                : "It stays mapped while the model lives:\n   do not truncate or rewrite it "
                  "then (a mapped file read past its end raises SIGBUS).")
        << " */\n";
  out << "/* Creates the model (weights_path: NULL for embedded weights or the default file).\n"
      << "   Returns a picort_status; on failure *out is NULL, see picort_last_error(). */\n";
  out << "int32_t " << prefix << "_create(const char *weights_path, picort_model **out);\n";
  for (const kir::Entry &e : program.entries) {
    std::string fn = prefix + "_" + e.name;
    if (single)
      out << "/* Runs the model once on caller-owned tensors (checked against the above) and "
          << "returns\n   when the outputs are written. One instance may not run on two threads "
          << "at once. */\n";
    else
      out << "/* Entry point '" << commentSafe(e.name) << "' (" << prefix << "_" << e.name
          << "_INPUT_*, _OUTPUT_*): runs once on caller-owned\n   tensors and returns when the "
          << "outputs are written. One instance runs one entry at a time. */\n";
    if (!e.checks.empty())
      out << "/* It reads indices at run time: a run returns PICORT_ERROR_INDEX, naming the\n"
          << "   node, when one is out of range (the outputs are then not valid). */\n";
    out << "int32_t " << fn << "(picort_model *model, const picort_tensor *inputs, "
        << "int32_t num_inputs,\n    const picort_tensor *outputs, int32_t num_outputs);\n";
    if (gpu)
      out << "/* GPU: tensors may be in host or device memory (picort_tensor.memory). _async\n"
          << "   queues the run on `stream` (a CUstream, NULL: the default stream) and returns at\n"
          << "   once when every tensor is in device memory; with a host tensor it waits.\n"
          << "   Only a call that waits checks run-time indices. */\n";
    else
      out << "/* CPU: runs as " << fn << " (`stream` is ignored). */\n";
    out << "int32_t " << fn << "_async(picort_model *model, const picort_tensor *inputs, "
        << "int32_t num_inputs,\n    const picort_tensor *outputs, int32_t num_outputs, "
        << "void *stream);\n";
  }
  if (!states.empty())
    out << "/* Empties every state: the next call starts a new sequence. */\n"
        << "int32_t " << prefix << "_reset(picort_model *model);\n";
  out << "void " << prefix << "_destroy(picort_model *model);\n";
  out << "/* The execution plan, as data. */\n";
  out << "extern const picort_model_desc " << prefix << "_desc;\n\n";
  out << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
}

} // namespace picoc
