//===- OnnxImporterTest.cpp - the ONNX frontend on real and broken models ----------===//
//
// Imports the test models (torch exports, opset 17) and checks their signatures and that
// their shape subgraphs fold; builds small models with the protobuf API to check single ops
// and that every broken model gives a problem naming the node or file (never a crash).
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Frontend/OnnxImporter.h"

#include "../../frontend/onnx/OpTable.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"

#include <catch2/catch.hpp>
#include <onnx/onnx_pb.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

using namespace mlir;
namespace fs = std::filesystem;

namespace {

fs::path sourceDir() {
#ifdef PICOC_SOURCE_DIR
  return PICOC_SOURCE_DIR;
#else
  for (fs::path p = fs::current_path(); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / "test/models"))
      return p;
    if (p == p.parent_path())
      break;
  }
  return ".";
#endif
}

// A fresh directory for the models a test writes, removed with everything in it.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "picoc-onnx-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string allProblems(const std::vector<picoc::ImportProblem> &problems) {
  std::string s;
  for (const auto &p : problems)
    s += p.str("model") + "\n";
  return s;
}

// True when a problem names `node` (as node or in the message) and its message has `text`.
bool hasProblem(const std::vector<picoc::ImportProblem> &problems, const std::string &node,
                const std::string &text) {
  for (const auto &p : problems)
    if ((p.node.find(node) != std::string::npos || p.message.find(node) != std::string::npos) &&
        p.message.find(text) != std::string::npos)
      return true;
  return false;
}

// Builds small ONNX models with the protobuf API.
struct ModelBuilder {
  onnx::ModelProto model;
  onnx::GraphProto *graph;

  explicit ModelBuilder(int64_t opset = 17) {
    model.set_ir_version(8);
    auto *op = model.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    graph = model.mutable_graph();
    graph->set_name("test");
  }
  onnx::ValueInfoProto *input(const std::string &name, std::vector<int64_t> dims,
                              int32_t dtype = onnx::TensorProto::FLOAT) {
    auto *in = graph->add_input();
    in->set_name(name);
    auto *t = in->mutable_type()->mutable_tensor_type();
    t->set_elem_type(dtype);
    auto *shape = t->mutable_shape();
    for (int64_t d : dims)
      shape->add_dim()->set_dim_value(d);
    return in;
  }
  void output(const std::string &name) { graph->add_output()->set_name(name); }
  onnx::NodeProto *node(const std::string &op, std::vector<std::string> inputs,
                        std::vector<std::string> outputs, const std::string &name = "") {
    auto *n = graph->add_node();
    n->set_op_type(op);
    n->set_name(name);
    for (auto &i : inputs)
      n->add_input(i);
    for (auto &o : outputs)
      n->add_output(o);
    return n;
  }
  onnx::TensorProto *floats(const std::string &name, std::vector<int64_t> dims,
                            std::vector<float> values) {
    auto *t = graph->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims)
      t->add_dims(d);
    t->set_raw_data(std::string(reinterpret_cast<const char *>(values.data()),
                                values.size() * sizeof(float)));
    return t;
  }
  onnx::TensorProto *ints(const std::string &name, std::vector<int64_t> dims,
                          std::vector<int64_t> values) {
    auto *t = graph->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    for (int64_t d : dims)
      t->add_dims(d);
    for (int64_t v : values)
      t->add_int64_data(v);
    return t;
  }
  std::string save(const fs::path &dir, const std::string &file = "model.onnx") {
    std::string path = (dir / file).string();
    std::ofstream out(path, std::ios::binary);
    REQUIRE(model.SerializeToOstream(&out));
    return path;
  }
};

void setInt(onnx::NodeProto *n, const std::string &name, int64_t v) {
  auto *a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}
void setInts(onnx::NodeProto *n, const std::string &name, std::vector<int64_t> v) {
  auto *a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v)
    a->add_ints(x);
}
void setFloat(onnx::NodeProto *n, const std::string &name, float v) {
  auto *a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(v);
}
void setString(onnx::NodeProto *n, const std::string &name, const std::string &v) {
  auto *a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(v);
}

struct Imported {
  MLIRContext context;
  picoc::WeightStore store;
  std::vector<picoc::ImportProblem> problems;
  OwningOpRef<ModuleOp> module;

  explicit Imported(const std::string &path, picoc::ImportOptions options = {}) {
    module = picoc::importOnnxModel(context, path, options, store, problems);
  }
  func::FuncOp main() { return module->lookupSymbol<func::FuncOp>("main"); }
  template <typename OpTy> int count() {
    int n = 0;
    module->walk([&](OpTy) { ++n; });
    return n;
  }
  template <typename OpTy> OpTy first() {
    OpTy found;
    module->walk([&](OpTy op) {
      if (!found)
        found = op;
    });
    return found;
  }
};

RankedTensorType f32(Imported &m, std::vector<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(&m.context));
}

} // namespace

TEST_CASE("op table: one row per op type, every test-model op present", "[onnx]") {
  using picoc::onnximport::allOps;
  using picoc::onnximport::findOp;
  REQUIRE(allOps().size() == static_cast<size_t>(picoc::onnximport::kNumOnnxOps));
  llvm::StringSet<> names;
  for (const auto &info : allOps()) {
    CHECK(names.insert(info.opType).second);
    CHECK(findOp(info.opType) == &info);
    CHECK(info.minOpset <= info.maxOpset);
  }
  for (const char *op : {"Add", "Cast", "Concat", "Constant", "Conv", "Div", "Equal", "Erf",
                         "Expand", "Gemm", "InstanceNormalization", "LayerNormalization",
                         "MatMul", "Mul", "Reshape", "Resize", "Shape", "Sigmoid", "Slice",
                         "Softmax", "Split", "Sqrt", "Tanh", "Transpose", "Trilu", "Where"})
    CHECK(findOp(op) != nullptr);
  CHECK(findOp("NoSuchOp") == nullptr);
}

TEST_CASE("the test models import with their signatures", "[onnx]") {
  struct Case {
    const char *name;
    std::vector<std::vector<int64_t>> inputs, outputs;
  };
  std::vector<Case> cases = {
      {"attention", {{2, 4, 16, 32}, {2, 4, 16, 32}, {2, 4, 16, 32}}, {{2, 4, 16, 32}}},
      {"attention_mh",
       {{2, 8, 32, 16}, {2, 8, 32, 16}, {2, 8, 32, 16}, {2, 1, 32, 32}},
       {{2, 8, 32, 16}}},
      {"conv_upsample", {{1, 8, 16, 16}}, {{1, 16, 32, 32}}},
      {"convnet", {{1, 4, 32, 32}}, {{1, 4, 32, 32}}},
      {"gpt_block", {{1, 16, 64}}, {{1, 16, 64}}},
      {"gpt_block2", {{2, 32, 128}}, {{2, 32, 128}}},
      {"mlp_deep", {{8, 96}}, {{8, 32}}},
      {"mlp_gelu", {{4, 64}}, {{4, 64}}},
  };
  for (const Case &c : cases) {
    SECTION(c.name) {
      std::string path = (sourceDir() / "test/models" / c.name / "model.onnx").string();
      Imported m(path);
      INFO(allProblems(m.problems));
      REQUIRE(m.module);
      CHECK(m.problems.empty());
      CHECK(succeeded(verify(*m.module)));
      func::FuncOp main = m.main();
      REQUIRE(main);
      FunctionType type = main.getFunctionType();
      REQUIRE(type.getNumInputs() == c.inputs.size());
      REQUIRE(type.getNumResults() == c.outputs.size());
      for (size_t i = 0; i < c.inputs.size(); ++i) {
        CHECK(type.getInput(i) == f32(m, c.inputs[i]));
        CHECK(main.getArgAttrOfType<StringAttr>(i, "picoc.name"));
      }
      for (size_t i = 0; i < c.outputs.size(); ++i)
        CHECK(type.getResult(i) == f32(m, c.outputs[i]));
      // Every op points back to its ONNX node (or initializer) by name.
      main.walk([&](Operation *op) {
        if (op->getDialect() && op->getDialect()->getNamespace() == "picoc")
          CHECK(isa<NameLoc>(op->getLoc()));
      });
      // Weights are registered, not copied into the IR.
      m.module->walk([&](picoc::WeightOp w) {
        const picoc::Weight *weight = m.store.find(w.getName().str());
        REQUIRE(weight);
        CHECK(weight->data != nullptr);
        CHECK(weight->bytes == w.getType().getNumElements() * 4);
      });
    }
  }
}

TEST_CASE("shape subgraphs of exported attention fold to constants", "[onnx]") {
  Imported m((sourceDir() / "test/models/gpt_block2/model.onnx").string());
  INFO(allProblems(m.problems));
  REQUIRE(m.module);
  // Shape -> Slice -> Cast -> Sqrt -> Div (the scale) and Shape/Concat -> Expand -> Trilu ->
  // Equal -> Where (the causal mask) leave no integer arithmetic and no select behind.
  CHECK(m.count<picoc::SelectOp>() == 0);
  CHECK(m.count<picoc::CastOp>() == 0);
  CHECK(m.count<picoc::SliceOp>() == 3); // Split of q, k, v; the shape slices folded
  CHECK(m.count<picoc::ConcatOp>() == 0);
  m.module->walk([&](Operation *op) {
    if (isa<picoc::ConstantOp>(op) || op->getNumResults() != 1)
      return;
    auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (type)
      CHECK(!type.getElementType().isInteger(64));
  });
  // The mask is the constant operand of the add after q.k: 0 on and below the diagonal,
  // -inf above it.
  DenseElementsAttr mask;
  m.module->walk([&](picoc::BinaryOp add) {
    if (add.getFn() == picoc::BinaryFn::add && add.getLhs().getDefiningOp<picoc::MatMulOp>())
      if (auto c = add.getRhs().getDefiningOp<picoc::ConstantOp>())
        mask = dyn_cast<DenseElementsAttr>(c.getValue());
  });
  REQUIRE(mask);
  REQUIRE(mask.getType().getShape() == ArrayRef<int64_t>{32, 32});
  auto values = llvm::to_vector(mask.getValues<float>());
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 32; ++j)
      CHECK(values[i * 32 + j] == (j <= i ? 0.0f : -INFINITY));
  CHECK(m.count<picoc::SoftmaxOp>() == 1);
  CHECK(m.count<picoc::NormOp>() == 2);
  CHECK(m.count<picoc::MatMulOp>() == 6);
}

TEST_CASE("group norm and nearest upsampling of the conv models", "[onnx]") {
  Imported m((sourceDir() / "test/models/conv_upsample/model.onnx").string());
  INFO(allProblems(m.problems));
  REQUIRE(m.module);
  CHECK(m.count<picoc::ConvOp>() == 4);
  CHECK(m.count<picoc::NormOp>() == 2);
  // Resize x2 (asymmetric, floor) on H and W: one gather per axis, indices i / 2.
  REQUIRE(m.count<picoc::GatherOp>() == 2);
  m.module->walk([&](picoc::GatherOp g) {
    auto indices = g.getIndices().getDefiningOp<picoc::ConstantOp>();
    REQUIRE(indices);
    auto values = llvm::to_vector(cast<DenseElementsAttr>(indices.getValue()).getValues<int64_t>());
    REQUIRE(values.size() == 32);
    for (int64_t i = 0; i < 32; ++i)
      CHECK(values[i] == i / 2);
  });
}

TEST_CASE("single ops: promotion, transposes, pads and slices", "[onnx]") {
  ScratchDir scratch;
  const fs::path &dir = scratch.path;

  SECTION("MatMul promotes 1-D operands and removes the added dims") {
    ModelBuilder b;
    b.input("v", {3});
    b.input("m", {2, 3, 4});
    b.node("MatMul", {"v", "m"}, {"y"}, "mm");
    b.output("y");
    Imported m(b.save(dir));
    INFO(allProblems(m.problems));
    REQUIRE(m.module);
    CHECK(m.main().getFunctionType().getResult(0) == f32(m, {2, 4}));
  }
  SECTION("Gemm with transB, alpha and a broadcast C") {
    ModelBuilder b;
    b.input("a", {4, 8});
    b.floats("w", {16, 8}, std::vector<float>(128, 0.5f));
    b.floats("c", {16}, std::vector<float>(16, 1.0f));
    auto *g = b.node("Gemm", {"a", "w", "c"}, {"y"}, "fc");
    setInt(g, "transB", 1);
    b.output("y");
    Imported m(b.save(dir));
    INFO(allProblems(m.problems));
    REQUIRE(m.module);
    CHECK(m.main().getFunctionType().getResult(0) == f32(m, {4, 16}));
    CHECK(m.count<picoc::TransposeOp>() == 1);
    CHECK(m.store.find("w") != nullptr);
  }
  SECTION("Conv SAME_UPPER with stride 2 pads the odd pixel at the end") {
    ModelBuilder b;
    b.input("x", {1, 2, 7, 7});
    b.floats("w", {4, 2, 3, 3}, std::vector<float>(72, 1.0f));
    b.floats("bias", {4}, {1, 2, 3, 4});
    auto *c = b.node("Conv", {"x", "w", "bias"}, {"y"}, "conv");
    setString(c, "auto_pad", "SAME_UPPER");
    setInts(c, "strides", {2, 2});
    b.output("y");
    Imported m(b.save(dir));
    INFO(allProblems(m.problems));
    REQUIRE(m.module);
    CHECK(m.main().getFunctionType().getResult(0) == f32(m, {1, 4, 4, 4}));
    auto conv = m.first<picoc::ConvOp>();
    REQUIRE(conv);
    CHECK(llvm::to_vector(conv.getPads()) == SmallVector<int64_t>{1, 1, 1, 1});
  }
  SECTION("Slice with negative starts, clamped ends and a negative step") {
    ModelBuilder b;
    b.input("x", {10, 6});
    b.ints("starts", {2}, {-1, 1});
    b.ints("ends", {2}, {-100, 1000});
    b.ints("axes", {2}, {0, 1});
    b.ints("steps", {2}, {-3, 2});
    b.node("Slice", {"x", "starts", "ends", "axes", "steps"}, {"y"}, "slice");
    b.output("y");
    Imported m(b.save(dir));
    INFO(allProblems(m.problems));
    REQUIRE(m.module);
    // axis 0: 9, 6, 3, 0; axis 1: 1, 3, 5
    CHECK(m.main().getFunctionType().getResult(0) == f32(m, {4, 3}));
    auto slice = m.first<picoc::SliceOp>();
    REQUIRE(slice);
    CHECK(llvm::to_vector(slice.getStarts()) == SmallVector<int64_t>{9, 1});
    CHECK(llvm::to_vector(slice.getSteps()) == SmallVector<int64_t>{-3, 2});
  }
  SECTION("Reshape through a folded Shape -> Gather -> Concat subgraph") {
    ModelBuilder b;
    b.input("x", {2, 3, 4});
    b.node("Shape", {"x"}, {"s"}, "shape");
    b.ints("idx", {1}, {0});
    b.node("Gather", {"s", "idx"}, {"batch"}, "gather");
    b.ints("rest", {1}, {-1});
    auto *cat = b.node("Concat", {"batch", "rest"}, {"target"}, "concat");
    setInt(cat, "axis", 0);
    b.node("Reshape", {"x", "target"}, {"y"}, "reshape");
    b.output("y");
    Imported m(b.save(dir));
    INFO(allProblems(m.problems));
    REQUIRE(m.module);
    CHECK(m.main().getFunctionType().getResult(0) == f32(m, {2, 12}));
    CHECK(m.count<picoc::GatherOp>() == 0);
  }
  SECTION("a bad Reshape target is quoted as the model gives it") {
    for (auto [target, why] : {std::pair<std::vector<int64_t>, const char *>{
                                   {-1, -1}, "shape [-1, -1] has more than one -1"},
                               {{0, 5}, "cannot reshape [2, 12] to [0, 5]"}}) {
      ModelBuilder b;
      b.input("x", {2, 12});
      b.ints("target", {2}, target);
      b.node("Reshape", {"x", "target"}, {"y"}, "reshape");
      b.output("y");
      Imported m(b.save(dir));
      CHECK(!m.module);
      CHECK(hasProblem(m.problems, "reshape", why));
    }
  }
  SECTION("ReduceMean with axes input and keepdims=0") {
    ModelBuilder b(18);
    b.input("x", {2, 3, 4});
    b.ints("axes", {1}, {-1});
    auto *r = b.node("ReduceMean", {"x", "axes"}, {"y"}, "mean");
    setInt(r, "keepdims", 0);
    b.output("y");
    Imported m(b.save(dir));
    INFO(allProblems(m.problems));
    REQUIRE(m.module);
    CHECK(m.main().getFunctionType().getResult(0) == f32(m, {2, 3}));
    CHECK(m.count<picoc::ReduceOp>() == 1);
  }
  SECTION("EyeLike depends only on a shape: it folds to a constant") {
    ModelBuilder b;
    b.input("x", {3, 4});
    auto *eye = b.node("EyeLike", {"x"}, {"y"}, "eye");
    setInt(eye, "k", 1);
    b.output("y");
    Imported m(b.save(dir));
    INFO(allProblems(m.problems));
    REQUIRE(m.module);
    auto ret = cast<func::ReturnOp>(m.main().getBody().front().getTerminator());
    auto c = ret.getOperand(0).getDefiningOp<picoc::ConstantOp>();
    REQUIRE(c);
    auto values = llvm::to_vector(cast<DenseElementsAttr>(c.getValue()).getValues<float>());
    REQUIRE(values.size() == 12);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 4; ++j)
        CHECK(values[i * 4 + j] == (j == i + 1 ? 1.0f : 0.0f));
  }
  SECTION("Resize linear (align_corners) by sizes: two gathers per axis") {
    ModelBuilder b;
    b.input("x", {1, 1, 2, 3});
    b.ints("sizes", {4}, {1, 1, 3, 5});
    auto *r = b.node("Resize", {"x", "", "", "sizes"}, {"y"}, "resize");
    setString(r, "mode", "linear");
    setString(r, "coordinate_transformation_mode", "align_corners");
    b.output("y");
    Imported m(b.save(dir));
    INFO(allProblems(m.problems));
    REQUIRE(m.module);
    CHECK(m.main().getFunctionType().getResult(0) == f32(m, {1, 1, 3, 5}));
    CHECK(m.count<picoc::GatherOp>() == 4);
  }
}

TEST_CASE("weights: typed fields and external data", "[onnx]") {
  ScratchDir scratch;
  const fs::path &dir = scratch.path;
  ModelBuilder b;
  b.input("x", {4});
  auto *typed = b.graph->add_initializer();
  typed->set_name("typed");
  typed->set_data_type(onnx::TensorProto::FLOAT);
  typed->add_dims(4);
  for (float v : {1.f, 2.f, 3.f, 4.f})
    typed->add_float_data(v);
  auto *ext = b.graph->add_initializer();
  ext->set_name("ext");
  ext->set_data_type(onnx::TensorProto::FLOAT);
  ext->add_dims(4);
  ext->set_data_location(onnx::TensorProto::EXTERNAL);
  auto entry = [&](const char *k, const std::string &v) {
    auto *e = ext->add_external_data();
    e->set_key(k);
    e->set_value(v);
  };
  entry("location", "weights.bin");
  entry("offset", "8");
  entry("length", "16");
  b.node("Add", {"x", "typed"}, {"t"}, "add1");
  b.node("Add", {"t", "ext"}, {"y"}, "add2");
  b.output("y");
  std::string path = b.save(dir);

  SECTION("a missing external file names the initializer and the file") {
    auto problems = picoc::checkOnnxModel(path, {});
    INFO(allProblems(problems));
    CHECK(hasProblem(problems, "initializer 'ext'", "weights.bin"));
  }
  SECTION("a too short external file is a problem") {
    std::ofstream(dir / "weights.bin", std::ios::binary) << std::string(12, '\0');
    Imported m(path);
    CHECK(!m.module);
    CHECK(hasProblem(m.problems, "initializer 'ext'", "too short"));
  }
  SECTION("external data reached through a symbolic link out of the model's folder is refused") {
    ScratchDir outside;
    std::ofstream(outside.path / "secret.bin", std::ios::binary) << std::string(24, 'x');
    fs::create_symlink(outside.path / "secret.bin", dir / "weights.bin");
    Imported m(path);
    CHECK(!m.module);
    CHECK(hasProblem(m.problems, "initializer 'ext'", "symbolic link"));
  }
  SECTION("external data is mapped, typed fields converted") {
    float values[6] = {0, 0, 10, 20, 30, 40};
    std::ofstream(dir / "weights.bin", std::ios::binary)
        .write(reinterpret_cast<const char *>(values), sizeof(values));
    Imported m(path);
    INFO(allProblems(m.problems));
    REQUIRE(m.module);
    const picoc::Weight *e = m.store.find("ext");
    const picoc::Weight *t = m.store.find("typed");
    REQUIRE(e);
    REQUIRE(t);
    CHECK(e->bytes == 16);
    CHECK(reinterpret_cast<const float *>(e->data)[3] == 40.f);
    CHECK(reinterpret_cast<const float *>(t->data)[2] == 3.f);
  }
}

TEST_CASE("broken models give problems that name the node or file", "[onnx]") {
  ScratchDir scratch;
  const fs::path &dir = scratch.path;

  SECTION("unreadable files: missing, empty, truncated, random bytes") {
    std::string missing = (dir / "missing.onnx").string();
    CHECK(hasProblem(picoc::checkOnnxModel(missing, {}), "missing.onnx", ""));

    std::string empty = (dir / "empty.onnx").string();
    std::ofstream(empty).close();
    CHECK(hasProblem(picoc::checkOnnxModel(empty, {}), "empty.onnx", "empty"));

    std::ifstream real(sourceDir() / "test/models/mlp_gelu/model.onnx", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(real)), {});
    REQUIRE(bytes.size() > 1000);
    std::string truncated = (dir / "truncated.onnx").string();
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    std::string garbage = (dir / "garbage.onnx").string();
    std::mt19937 rng(7);
    std::string noise(4096, '\0');
    for (char &ch : noise)
      ch = static_cast<char>(rng());
    std::ofstream(garbage, std::ios::binary) << noise;
    for (const std::string &path : {truncated, garbage}) {
      MLIRContext context;
      picoc::WeightStore store;
      std::vector<picoc::ImportProblem> problems;
      CHECK(!picoc::importOnnxModel(context, path, {}, store, problems));
      REQUIRE(problems.size() == 1);
      CHECK(problems[0].message.find(path) != std::string::npos);
    }
  }
  SECTION("a valid protobuf that is not a model") {
    onnx::TensorProto tensor;
    tensor.set_name("t");
    tensor.add_dims(3);
    tensor.set_data_type(onnx::TensorProto::FLOAT);
    for (float v : {1.0f, 2.0f, 3.0f})
      tensor.add_float_data(v);
    std::string path = (dir / "tensor.onnx").string();
    std::ofstream(path, std::ios::binary) << tensor.SerializeAsString();
    auto problems = picoc::checkOnnxModel(path, {});
    INFO(allProblems(problems));
    REQUIRE(problems.size() == 1);
    CHECK(hasProblem(problems, "tensor.onnx", "not an ONNX model"));
  }
  SECTION("a type mismatch names the node") {
    ModelBuilder b;
    b.input("x", {3});
    b.input("n", {3}, onnx::TensorProto::INT64);
    b.node("Add", {"x", "n"}, {"y"}, "mixed_add");
    b.output("y");
    Imported m(b.save(dir));
    INFO(allProblems(m.problems));
    CHECK(!m.module);
    CHECK(hasProblem(m.problems, "mixed_add", "element types"));
  }
  SECTION("a cycle names its nodes") {
    ModelBuilder b;
    b.input("x", {4});
    b.node("Add", {"x", "b"}, {"a"}, "first");
    b.node("Relu", {"a"}, {"b"}, "second");
    b.output("a");
    auto problems = picoc::checkOnnxModel(b.save(dir), {});
    CHECK(hasProblem(problems, "first", "cycle"));
    CHECK(hasProblem(problems, "second", "cycle"));
  }
  SECTION("a dangling input names the node and the input") {
    ModelBuilder b;
    b.input("x", {4});
    b.node("Add", {"x", "nowhere"}, {"y"}, "adder");
    b.output("y");
    Imported m(b.save(dir));
    CHECK(!m.module);
    CHECK(hasProblem(m.problems, "adder", "'nowhere' is not produced"));
  }
  SECTION("input dims: negative, 2^40, unnamed and unbound dynamic dims (zero is an empty input)") {
    ModelBuilder b;
    b.input("zero", {0});
    b.input("negative", {-3});
    b.input("huge", {int64_t(1) << 40});
    auto *dyn = b.input("dyn", {});
    dyn->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_param("batch");
    dyn->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim();
    b.node("Identity", {"zero"}, {"y"}, "id");
    b.output("y");
    auto problems = picoc::checkOnnxModel(b.save(dir), {});
    INFO(allProblems(problems));
    CHECK(!hasProblem(problems, "graph input 'zero'", ""));
    CHECK(hasProblem(problems, "graph input 'negative'", "dim 0 is -3"));
    CHECK(hasProblem(problems, "graph input 'huge'", "dim 0 is 1099511627776"));
    CHECK(hasProblem(problems, "graph input 'dyn'", "'batch'"));
    CHECK(hasProblem(problems, "graph input 'dyn'", "dim 1 is dynamic and unnamed"));
  }
  SECTION("a named dim takes its value from the options") {
    ModelBuilder b;
    auto *x = b.input("x", {});
    auto *shape = x->mutable_type()->mutable_tensor_type()->mutable_shape();
    shape->add_dim()->set_dim_param("batch");
    shape->add_dim()->set_dim_value(8);
    b.node("Relu", {"x"}, {"y"});
    b.output("y");
    picoc::ImportOptions options;
    options.dims["batch"] = 3;
    Imported m(b.save(dir), options);
    INFO(allProblems(m.problems));
    REQUIRE(m.module);
    CHECK(m.main().getFunctionType().getInput(0) == f32(m, {3, 8}));
  }
  SECTION("a dim named by an expression over named dims takes its value") {
    ModelBuilder b;
    auto *x = b.input("x", {});
    auto *shape = x->mutable_type()->mutable_tensor_type()->mutable_shape();
    shape->add_dim()->set_dim_param("past + 1");          // torch.export's names
    shape->add_dim()->set_dim_param("2*(((h - 1)//2)) + 2");
    shape->add_dim()->set_dim_param("h % 4");
    b.node("Relu", {"x"}, {"y"});
    b.output("y");
    picoc::ImportOptions options;
    options.dims["past"] = 5;
    options.dims["h"] = 11;
    Imported m(b.save(dir), options);
    INFO(allProblems(m.problems));
    REQUIRE(m.module);
    CHECK(m.main().getFunctionType().getInput(0) == f32(m, {6, 12, 3}));
    options.dims.erase("past");
    auto problems = picoc::checkOnnxModel(b.save(dir), options);
    CHECK(hasProblem(problems, "graph input 'x'", "('past + 1') is dynamic and has no value"));
    CHECK(hasProblem(problems, "graph input 'x'", "names 'past', which has no value (--dim past=N)"));
  }
  SECTION("checkOnnxModel lists every unsupported op and attribute in one call") {
    ModelBuilder b;
    b.input("x", {1, 2, 8, 8});
    b.floats("w", {2, 2, 3, 3}, std::vector<float>(36, 1.0f));
    b.node("FancyOp", {"x"}, {"a"}, "fancy");
    b.node("StringNormalizer", {"a"}, {"b"}, "strings");
    auto *conv = b.node("Conv", {"b", "w"}, {"c"}, "conv");
    setString(conv, "auto_pad", "SOMETIMES");
    auto *resize = b.node("Resize", {"c", "", "scales"}, {"d"}, "resize");
    setString(resize, "mode", "area");
    b.floats("scales", {4}, {1, 1, 2, 2});
    auto *softmax = b.node("Softmax", {"d"}, {"e"}, "softmax");
    setInt(softmax, "new_attribute", 1);
    auto *flatten = b.node("Flatten", {"e"}, {"y"}, "flatten");
    setFloat(flatten, "axis", 1.0f);
    b.output("y");
    std::string path = b.save(dir);
    auto problems = picoc::checkOnnxModel(path, {});
    INFO(allProblems(problems));
    CHECK(hasProblem(problems, "fancy", "not supported"));
    CHECK(hasProblem(problems, "strings", "not supported"));
    CHECK(hasProblem(problems, "conv", "SOMETIMES"));
    CHECK(hasProblem(problems, "resize", "'area'"));
    CHECK(hasProblem(problems, "softmax", "'new_attribute'"));
    CHECK(hasProblem(problems, "flatten", "'axis' must be an int"));
    CHECK(problems.size() == 6);
    // The import reports the same list.
    Imported m(path);
    CHECK(!m.module);
    CHECK(allProblems(m.problems) == allProblems(problems));
  }
  SECTION("opsets: the model's and an op's range") {
    ModelBuilder old(5);
    old.input("x", {4});
    old.node("Relu", {"x"}, {"y"}, "relu");
    old.output("y");
    // Relu changed at opset 6 (consumed_inputs went away): the row says 6..28.
    CHECK(hasProblem(picoc::checkOnnxModel(old.save(dir, "old.onnx"), {}), "relu",
                     "opsets 6..28, not 5"));

    ModelBuilder b(13);
    b.input("x", {2, 4});
    b.floats("s", {4}, {1, 1, 1, 1});
    b.node("LayerNormalization", {"x", "s"}, {"y"}, "ln");
    b.output("y");
    CHECK(hasProblem(picoc::checkOnnxModel(b.save(dir), {}), "ln", "opsets 17..28, not 13"));
  }
  SECTION("shape errors at import name the node; independent ones are all reported") {
    ModelBuilder b;
    b.input("x", {3});
    b.input("z", {4});
    b.node("Add", {"x", "z"}, {"a"}, "bad_add");
    b.node("Relu", {"a"}, {"b"}, "after_bad_add");
    b.node("MatMul", {"x", "z"}, {"c"}, "bad_matmul");
    b.output("b");
    b.output("c");
    Imported m(b.save(dir));
    INFO(allProblems(m.problems));
    CHECK(!m.module);
    CHECK(hasProblem(m.problems, "bad_add", "broadcast"));
    CHECK(hasProblem(m.problems, "bad_matmul", ""));
    CHECK(!hasProblem(m.problems, "after_bad_add", ""));
  }
  SECTION("LayerNormalization's Mean and InvStdDev outputs keep the normalized dims as 1") {
    ModelBuilder b;
    b.input("x", {2, 4});
    b.floats("s", {4}, {1, 1, 1, 1});
    b.node("LayerNormalization", {"x", "s"}, {"y", "mean", "rstd"}, "ln");
    b.output("y");
    b.output("mean");
    b.output("rstd");
    Imported m(b.save(dir));
    REQUIRE(m.module);
    CHECK(m.main().getFunctionType().getResult(0) == f32(m, {2, 4}));
    CHECK(m.main().getFunctionType().getResult(1) == f32(m, {2, 1}));
    CHECK(m.main().getFunctionType().getResult(2) == f32(m, {2, 1}));
  }
}

TEST_CASE("a model of another domain only is told so, not 'opset 0'", "[onnx]") {
  ScratchDir scratch;
  ModelBuilder b;
  b.model.mutable_opset_import(0)->set_domain("ai.onnx.ml");
  b.model.mutable_opset_import(0)->set_version(3);
  b.input("x", {2});
  b.node("Relu", {"x"}, {"y"});
  b.output("y");
  auto problems = picoc::checkOnnxModel(b.save(scratch.path), {});
  INFO(allProblems(problems));
  CHECK(hasProblem(problems, "", "imports no opset of the default ONNX domain (only "
                                 "'ai.onnx.ml' 3)"));
  CHECK_FALSE(hasProblem(problems, "", "opset 0"));
}

#include "../../frontend/onnx/ImportContext.h"

TEST_CASE("dim expressions: values, and nesting too deep for the parser refused", "[onnx]") {
  using picoc::onnximport::namedDimValue;
  std::map<std::string, int64_t> dims = {{"past", 5}, {"height", 7}};
  CHECK(namedDimValue("past + 1", dims) == 6);
  CHECK(namedDimValue("2*(((height - 1)//2)) + 2", dims) == 8);
  CHECK(namedDimValue("--past", dims) == 5);
  // 200,000 parentheses and 400,000 minus signs: no stack overflow, just no value.
  CHECK_FALSE(namedDimValue(std::string(200000, '(') + "1" + std::string(200000, ')'), dims));
  CHECK_FALSE(namedDimValue(std::string(400000, '-') + "past", dims));
  // Each failure says what failed, although every name has its value.
  for (auto [text, why] : std::vector<std::pair<std::string, std::string>>{
           {"height // (past - 5)", "divides by zero"},
           {"height % 0", "divides by zero"},
           {"past * 4611686018427387904", "overflows"},
           {std::string(100, '(') + "1" + std::string(100, ')'), "nests deeper than 64 levels"},
           {"(past + 1", "has an unclosed parenthesis"},
           {"past ^ 2", "is not an expression"},
           {"seq + 1", "names 'seq', which has no value"}}) {
    std::string got;
    CHECK_FALSE(namedDimValue(text, dims, &got));
    INFO(text << ": " << got);
    CHECK(got.find(why) != std::string::npos);
  }
}

#include "picoc/Pipeline/Pipeline.h"
#include "llvm/Support/raw_ostream.h"

TEST_CASE("a chain of 20,000 Relus compiles: kernels are cut before recursion gets deep",
          "[onnx]") {
  ModelBuilder b;
  b.input("x", {4});
  const int n = 20000;
  for (int i = 0; i < n; ++i)
    b.node("Relu", {i ? "t" + std::to_string(i) : "x"},
           {i + 1 < n ? "t" + std::to_string(i + 1) : "y"});
  b.output("y");
  fs::path dir = fs::temp_directory_path() / "picoc-relu-chain";
  fs::create_directories(dir);
  std::string path = (dir / "chain.onnx").string();
  {
    std::ofstream out(path, std::ios::binary);
    REQUIRE(b.model.SerializeToOstream(&out));
  }
  picoc::CompileOptions options;
  options.inputPaths = {path};
  options.outputPath = (dir / "chain.kir").string();
  options.emit = picoc::EmitKind::Kernels;
  std::string errors;
  llvm::raw_string_ostream errs(errors);
  REQUIRE(picoc::compileModel(options, errs) == 0);
  std::ifstream kir(options.outputPath);
  std::string text((std::istreambuf_iterator<char>(kir)), std::istreambuf_iterator<char>());
  size_t kernels = 0;
  for (size_t at = text.find("\nkernel "); at != std::string::npos; at = text.find("\nkernel ", at + 1))
    ++kernels;
  CHECK(kernels >= n / 256);
  fs::remove_all(dir);
}
