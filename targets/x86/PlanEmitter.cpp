//===- PlanEmitter.cpp - the picort_model_desc and entry points of a model ------------===//
//
// The LLVM struct types below mirror picort.h field by field; emitPlan checks that the module's
// DataLayout gives them the C sizes and offsets (X86TargetTest also reads a desc back).
//
//===------------------------------------------------------------------------------===//
#include "x86/PlanEmitter.h"

#include "x86/SymbolPrefix.h"

#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

#include <picort.h>

#include <cstddef>
#include <map>

namespace picoc::x86 {

using namespace llvm;

namespace {

class PlanBuilder {
public:
  PlanBuilder(Module &m, const kir::Program &p, const std::string &prefix)
      : m_(m), p_(p), c_(m.getContext()), prefix_(prefix) {
    Type *ptr = PointerType::getUnqual(c_), *i32 = Type::getInt32Ty(c_),
         *i64 = Type::getInt64Ty(c_);
    tensorDesc_ = StructType::create(c_, {ptr, i32, i32, ptr, ptr, i32, i64}, "picort_tensor_desc");
    dimDesc_ = StructType::create(c_, {ptr, i64, i64}, "picort_dim_desc");
    dimExpr_ = StructType::create(c_, {i64, ptr}, "picort_dim_expr");
    runExtent_ = StructType::create(c_, {dimExpr_, i64}, "picort_run_extent");
    arg_ = StructType::create(c_, {i32, i64}, "picort_arg");
    Type *dim3 = ArrayType::get(i32, 3);
    launch_ = StructType::create(
        c_, {ptr, ptr, i64, i64, i32, ptr, dim3, dim3, i32, i32, ptr, i32, ptr, i64},
        "picort_launch");
    image_ = StructType::create(c_, {i32, i32, i64, ptr}, "picort_gpu_image");
    check_ = StructType::create(c_, {i64, ptr}, "picort_check");
    stateDesc_ = StructType::create(c_, {ptr, i32, i32, ptr, i32, i64}, "picort_state_desc");
    stateUse_ = StructType::create(c_, {i32, i32, dimExpr_, dimExpr_}, "picort_state_use");
    copy_ = StructType::create(c_, {arg_, arg_, i64}, "picort_copy");
    loop_ = StructType::create(
        c_, {i32, i32, arg_, arg_, arg_, arg_, i32, ptr, i32, ptr, i32, ptr, i64}, "picort_loop");
    entry_ = StructType::create(
        c_, {ptr, i32, ptr, i32, ptr, i32, ptr, i32, ptr, i32, ptr, i32, ptr}, "picort_entry_desc");
    desc_ = StructType::create(
        c_, {i32, ptr, i32, ptr, i64, ptr, i64, ptr, i32, i32, ptr, i32, ptr, i32, ptr},
        "picort_model_desc");
    // The model's states: the State buffers, one per name (entry points share them).
    for (size_t id = 0; id < p.buffers.size(); ++id)
      if (p.buffers[id].kind == kir::BufferKind::State &&
          stateIndex_.try_emplace(p.buffers[id].name, static_cast<int>(stateIds_.size())).second)
        stateIds_.push_back(static_cast<int>(id));
    options_ = StructType::create(c_, {i32, ptr, i32}, "picort_options");
  }

  Constant *i32(int64_t v) { return ConstantInt::get(Type::getInt32Ty(c_), v); }
  Constant *i64(int64_t v) { return ConstantInt::get(Type::getInt64Ty(c_), v); }
  Constant *null() { return ConstantPointerNull::get(PointerType::getUnqual(c_)); }

  // A private constant global holding `init`.
  Constant *privateConstant(Constant *init, const std::string &name) {
    return new GlobalVariable(m_, init->getType(), true, GlobalValue::PrivateLinkage, init,
                              prefix_ + "." + name);
  }
  Constant *string(const std::string &s) {
    auto *gv = cast<GlobalVariable>(privateConstant(ConstantDataArray::getString(c_, s), "str"));
    gv->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    return gv;
  }
  Constant *array(Type *elem, ArrayRef<Constant *> elems, const std::string &name) {
    if (elems.empty())
      return null();
    return privateConstant(ConstantArray::get(ArrayType::get(elem, elems.size()), elems), name);
  }

  // A picort_dim_expr: the constant and one coefficient per run-time dim (NULL when none).
  Constant *dimExpr(const kir::DimExpr &e) {
    Constant *coeffs = null();
    if (!e.isConstant()) {
      std::vector<Constant *> cs;
      for (size_t i = 0; i < p_.dims.size(); ++i)
        cs.push_back(i64(e.coeff(static_cast<int>(i))));
      coeffs = array(Type::getInt64Ty(c_), cs, "coeffs");
    }
    return ConstantStruct::get(dimExpr_, {i64(e.constant), coeffs});
  }

  Constant *dimDescs() {
    std::vector<Constant *> descs;
    for (const kir::RunDim &d : p_.dims)
      descs.push_back(ConstantStruct::get(dimDesc_, {string(d.name), i64(d.min), i64(d.max)}));
    return array(dimDesc_, descs, "dims");
  }

  // The descs of an entry's inputs or outputs; `staged` pairs each staged one with its copy.
  Constant *tensorDescs(const std::vector<int> &ids, const std::vector<std::pair<int, int>> &staged,
                        const std::string &what) {
    std::vector<Constant *> descs;
    for (int id : ids) {
      const kir::Buffer &b = p_.buffers[id];
      int copy = -1;
      for (auto [tensor, temp] : staged)
        copy = tensor == id ? temp : copy;
      std::vector<Constant *> dims, exprs;
      for (int64_t d : b.shape)
        dims.push_back(i64(d));
      for (const kir::DimExpr &e : b.runShape)
        exprs.push_back(dimExpr(e));
      Constant *shape = array(Type::getInt64Ty(c_), dims, what + ".shape");
      descs.push_back(ConstantStruct::get(
          tensorDesc_, {string(b.name), i32(static_cast<int32_t>(b.dtype)),
                        i32(static_cast<int32_t>(b.shape.size())), shape,
                        array(dimExpr_, exprs, what + ".dims"), i32(copy >= 0),
                        i64(copy >= 0 ? p_.buffers[copy].offset : 0)}));
    }
    return array(tensorDesc_, descs, what);
  }

  // Where buffer `id` lives, as a picort_arg.
  Constant *launchArg(int id) {
    const kir::Buffer &b = p_.buffers[id];
    int32_t kind = PICORT_ARG_ARENA;
    switch (b.kind) {
    case kir::BufferKind::Temp:
    case kir::BufferKind::State: kind = PICORT_ARG_ARENA; break;
    case kir::BufferKind::Weight: kind = PICORT_ARG_WEIGHT; break;
    case kir::BufferKind::Input: kind = PICORT_ARG_INPUT; break;
    case kir::BufferKind::Output: kind = PICORT_ARG_OUTPUT; break;
    }
    bool byPosition = kind == PICORT_ARG_INPUT || kind == PICORT_ARG_OUTPUT;
    return ConstantStruct::get(arg_, {i32(kind), i64(byPosition ? b.position : b.offset)});
  }

  Constant *dim3(const std::array<uint32_t, 3> &d) {
    return ConstantArray::get(ArrayType::get(Type::getInt32Ty(c_), 3),
                              {i32(d[0]), i32(d[1]), i32(d[2])});
  }

  // The launches of an entry's kernels. Each kernel's arguments are its output buffer, then
  // its inputs.
  Constant *launches(const kir::Entry &e, const std::vector<LaunchRecord> &records) {
    std::vector<Constant *> launches;
    for (int i = e.firstKernel; i < e.firstKernel + e.numKernels; ++i) {
      const kir::Kernel &k = p_.kernels[i];
      const LaunchRecord &r = records[i];
      std::vector<int> ids = {k.output};
      ids.insert(ids.end(), k.inputs.begin(), k.inputs.end());
      std::vector<Constant *> args;
      for (int id : ids)
        args.push_back(launchArg(id));
      if (k.readsRunDims()) // the kernel's last pointer: the call's run-time dims
        args.push_back(ConstantStruct::get(arg_, {i32(PICORT_ARG_DIMS), i64(0)}));
      std::vector<Constant *> runExtents;
      for (const auto &[value, chunk] : r.runExtents)
        runExtents.push_back(ConstantStruct::get(runExtent_, {dimExpr(value), i64(chunk)}));
      std::vector<Constant *> workTerms;
      for (const kir::DimExpr &term : r.workTerms)
        workTerms.push_back(dimExpr(term));
      Constant *fn = r.fn ? static_cast<Constant *>(r.fn) : null();
      launches.push_back(ConstantStruct::get(
          launch_, {string(r.function.empty() ? k.name : r.function), fn, i64(r.extent),
                    i64(r.grain),
                    i32(static_cast<int32_t>(args.size())), array(arg_, args, "args"),
                    dim3(r.grid), dim3(r.block), i32(r.sharedBytes),
                    i32(static_cast<int32_t>(runExtents.size())),
                    array(runExtent_, runExtents, "run_extents"),
                    i32(static_cast<int32_t>(workTerms.size())),
                    array(dimExpr_, workTerms, "work_terms"), i64(r.grainWork)}));
    }
    return array(launch_, launches, "launches");
  }

  // An entry's loops (picort_loop): launch indices relative to the entry's first kernel.
  Constant *loops(const kir::Entry &e) {
    auto arg = [&](int id) {
      return id >= 0 ? launchArg(id) : ConstantStruct::get(arg_, {i32(PICORT_ARG_NONE), i64(0)});
    };
    auto copies = [&](const std::vector<std::pair<int, int>> &pairs, const char *what) {
      std::vector<Constant *> cs;
      for (auto [from, to] : pairs)
        cs.push_back(ConstantStruct::get(copy_, {arg(from), arg(to), i64(p_.buffers[from].bytes())}));
      return std::make_pair(i32(static_cast<int64_t>(cs.size())), array(copy_, cs, what));
    };
    std::vector<Constant *> loops;
    for (const kir::Loop &l : e.loops) {
      auto [numInit, init] = copies(l.init, "loop.init");
      auto [numCarry, carry] = copies(l.carry, "loop.carry");
      auto [numScans, scans] = copies(l.scans, "loop.scans");
      loops.push_back(ConstantStruct::get(
          loop_, {i32(l.firstKernel - e.firstKernel), i32(l.numKernels), arg(l.tripCount),
                  arg(l.cond), arg(l.condOut), arg(l.iteration), numInit, init, numCarry, carry,
                  numScans, scans, i64(l.maxIterations)}));
    }
    return array(loop_, loops, "loops");
  }

  // An entry's run-time checks: where each one's byte is in the arena, and its message.
  Constant *checks(const kir::Entry &e) {
    std::vector<Constant *> checks;
    for (const kir::Check &c : e.checks)
      checks.push_back(
          ConstantStruct::get(check_, {i64(p_.buffers[c.buffer].offset), string(c.message)}));
    return array(check_, checks, "checks");
  }

  // The model's states (picort_state_desc), and an entry's uses of them.
  int numStates() const { return static_cast<int>(stateIds_.size()); }
  Constant *stateDescs() {
    std::vector<Constant *> descs;
    for (int id : stateIds_) {
      const kir::Buffer &b = p_.buffers[id];
      int axis = 0;
      for (const kir::Entry &e : p_.entries)
        for (const kir::StateUse &u : e.states)
          if (p_.buffers[u.buffer].name == b.name)
            axis = u.axis;
      std::vector<Constant *> dims;
      for (int64_t d : b.shape)
        dims.push_back(i64(d));
      descs.push_back(ConstantStruct::get(
          stateDesc_, {string(b.name), i32(static_cast<int32_t>(b.dtype)),
                       i32(static_cast<int32_t>(b.shape.size())),
                       array(Type::getInt64Ty(c_), dims, "state.shape"), i32(axis),
                       i64(b.offset)}));
    }
    return array(stateDesc_, descs, "states");
  }
  Constant *stateUses(const kir::Entry &e) {
    std::vector<Constant *> uses;
    for (const kir::StateUse &u : e.states)
      uses.push_back(ConstantStruct::get(
          stateUse_, {i32(stateIndex_.at(p_.buffers[u.buffer].name)), i32(u.reads ? 1 : 0),
                      dimExpr(u.lengthIn), dimExpr(u.lengthOut)}));
    return array(stateUse_, uses, "state_uses");
  }

  // The entry points' descriptors, in the program's order.
  Constant *entries(const std::vector<LaunchRecord> &records) {
    std::vector<Constant *> entries;
    for (const kir::Entry &e : p_.entries) {
      std::vector<std::pair<int, int>> stagedOut; // as (output, copy)
      for (auto [temp, output] : e.stageOut)
        stagedOut.push_back({output, temp});
      entries.push_back(ConstantStruct::get(
          entry_, {string(e.name), i32(static_cast<int64_t>(e.inputs.size())),
                   tensorDescs(e.inputs, e.stageIn, "inputs"),
                   i32(static_cast<int64_t>(e.outputs.size())),
                   tensorDescs(e.outputs, stagedOut, "outputs"), i32(e.numKernels),
                   launches(e, records),
                   i32(static_cast<int64_t>(e.checks.size())), checks(e),
                   i32(static_cast<int64_t>(e.states.size())), stateUses(e),
                   i32(static_cast<int64_t>(e.loops.size())), loops(e)}));
    }
    return array(entry_, entries, "entries");
  }

  // The GPU images, each in its own 256-byte aligned constant (the driver reads it in place).
  Constant *images(const std::vector<GpuImage> &images) {
    std::vector<Constant *> descs;
    for (size_t i = 0; i < images.size(); ++i) {
      const GpuImage &im = images[i];
      // PTX is text the driver reads up to its NUL; a cubin is an ELF image.
      std::string bytes = im.bytes;
      if (im.ptx)
        bytes.push_back('\0');
      Constant *init = ConstantDataArray::getRaw(bytes, bytes.size(), Type::getInt8Ty(c_));
      auto *gv = new GlobalVariable(m_, init->getType(), true, GlobalValue::PrivateLinkage, init,
                                    prefix_ + ".image." + std::to_string(i));
      gv->setAlignment(Align(256));
      descs.push_back(ConstantStruct::get(
          image_, {i32(im.ptx ? PICORT_IMAGE_PTX : PICORT_IMAGE_CUBIN), i32(im.sm),
                   i64(static_cast<int64_t>(bytes.size())), gv}));
    }
    return array(image_, descs, "images");
  }

  // The blob as one global: a packed struct of byte arrays of at most 1 GiB each, since LLVM
  // 19 counts a constant array's elements in 32 bits (ConstantDataSequential::getNumElements)
  // and would emit a blob of 4 GiB or more cut to its size modulo 4 GiB.
  Constant *weights(const std::vector<char> &blob) {
    constexpr size_t kChunk = size_t(1) << 30;
    std::vector<Constant *> chunks;
    std::vector<Type *> types;
    for (size_t at = 0; at < blob.size(); at += kChunk) {
      size_t n = std::min(kChunk, blob.size() - at);
      chunks.push_back(
          ConstantDataArray::getRaw(StringRef(blob.data() + at, n), n, Type::getInt8Ty(c_)));
      types.push_back(chunks.back()->getType());
    }
    Constant *init = ConstantStruct::get(StructType::get(c_, types, /*isPacked=*/true), chunks);
    auto *gv = new GlobalVariable(m_, init->getType(), true, GlobalValue::InternalLinkage, init,
                                  prefix_ + "_weights");
    gv->setAlignment(Align(64));
    gv->setSection(".lrodata.picoc_weights");
    gv->setCodeModel(CodeModel::Large); // > 2 GiB blobs link with the default code model
    return gv;
  }

  GlobalVariable *desc(Constant *init) {
    auto *gv =
        new GlobalVariable(m_, desc_, true, GlobalValue::ExternalLinkage, init, prefix_ + "_desc");
    gv->setAlignment(Align(8));
    return gv;
  }

  // The exported functions, forwarding to libpicort with `desc`: create and destroy, and per
  // entry point a run and a run_async (<prefix>_run and _run_async for a model of one entry,
  // else <prefix>_<entry> and <prefix>_<entry>_async).
  void entryPoints(GlobalVariable *desc, const CodegenAttrs &attrs) {
    Type *ptr = PointerType::getUnqual(c_), *i32t = Type::getInt32Ty(c_);
    Type *voidTy = Type::getVoidTy(c_);
    FunctionCallee create = m_.getOrInsertFunction("picort_model_create",
                                                   FunctionType::get(i32t, {ptr, ptr, ptr}, false));
    FunctionCallee run = m_.getOrInsertFunction(
        "picort_model_run_entry",
        FunctionType::get(i32t, {ptr, i32t, ptr, i32t, ptr, i32t}, false));
    FunctionCallee runAsync = m_.getOrInsertFunction(
        "picort_model_run_entry_async",
        FunctionType::get(i32t, {ptr, i32t, ptr, i32t, ptr, i32t, ptr}, false));
    FunctionCallee destroy =
        m_.getOrInsertFunction("picort_model_destroy", FunctionType::get(voidTy, {ptr}, false));
    IRBuilder<> b(c_);
    auto define = [&](const std::string &name, FunctionType *fty) {
      Function *fn = Function::Create(fty, GlobalValue::ExternalLinkage, prefix_ + name, m_);
      setCodegenAttrs(*fn, attrs);
      b.SetInsertPoint(BasicBlock::Create(c_, "entry", fn));
      return fn;
    };

    Function *fn = define("_create", FunctionType::get(i32t, {ptr, ptr}, false));
    Value *opts = b.CreateAlloca(options_);
    b.CreateStore(i32(0), b.CreateStructGEP(options_, opts, 0));
    b.CreateStore(fn->getArg(0), b.CreateStructGEP(options_, opts, 1));
    b.CreateStore(i32(0), b.CreateStructGEP(options_, opts, 2));
    b.CreateRet(b.CreateCall(create, {desc, opts, fn->getArg(1)}));

    // run(model, inputs, n, outputs, n[, stream]) -> run_entry(model, e, inputs, ...).
    auto forward = [&](const std::string &name, FunctionCallee callee, int entry, bool async) {
      std::vector<Type *> params = {ptr, ptr, i32t, ptr, i32t};
      if (async)
        params.push_back(ptr);
      Function *f = define(name, FunctionType::get(i32t, params, false));
      std::vector<Value *> args = {f->getArg(0), i32(entry)};
      for (unsigned a = 1; a < f->arg_size(); ++a)
        args.push_back(f->getArg(a));
      b.CreateRet(b.CreateCall(callee, args));
    };
    for (size_t e = 0; e < p_.entries.size(); ++e) {
      std::string name = "_" + p_.entries[e].name;
      forward(name, run, static_cast<int>(e), false);
      forward(name + "_async", runAsync, static_cast<int>(e), true);
    }

    if (numStates() > 0) { // <prefix>_reset(model): every state emptied
      FunctionCallee reset =
          m_.getOrInsertFunction("picort_model_reset", FunctionType::get(i32t, {ptr}, false));
      fn = define("_reset", FunctionType::get(i32t, {ptr}, false));
      b.CreateRet(b.CreateCall(reset, {fn->getArg(0)}));
    }

    fn = define("_destroy", FunctionType::get(voidTy, {ptr}, false));
    b.CreateCall(destroy, {fn->getArg(0)});
    b.CreateRetVoid();
  }

  StructType *descType() const { return desc_; }

  // True if the DataLayout lays the mirrored structs out as picort.h does (the compiler that
  // built picoc targets x86-64 too, so sizeof and offsetof are the object's).
  bool layoutMatchesRuntime(std::string &error) const {
    const DataLayout &dl = m_.getDataLayout();
    struct Check {
      StructType *type;
      size_t size;
      std::vector<size_t> offsets;
      const char *name;
    };
    std::vector<Check> checks = {
        {tensorDesc_,
         sizeof(picort_tensor_desc),
         {offsetof(picort_tensor_desc, name), offsetof(picort_tensor_desc, dtype),
          offsetof(picort_tensor_desc, rank), offsetof(picort_tensor_desc, shape),
          offsetof(picort_tensor_desc, dims), offsetof(picort_tensor_desc, staged),
          offsetof(picort_tensor_desc, staging_offset)},
         "picort_tensor_desc"},
        {dimDesc_,
         sizeof(picort_dim_desc),
         {offsetof(picort_dim_desc, name), offsetof(picort_dim_desc, min),
          offsetof(picort_dim_desc, max)},
         "picort_dim_desc"},
        {dimExpr_,
         sizeof(picort_dim_expr),
         {offsetof(picort_dim_expr, constant), offsetof(picort_dim_expr, coeffs)},
         "picort_dim_expr"},
        {runExtent_,
         sizeof(picort_run_extent),
         {offsetof(picort_run_extent, value), offsetof(picort_run_extent, chunk)},
         "picort_run_extent"},
        {arg_,
         sizeof(picort_arg),
         {offsetof(picort_arg, kind), offsetof(picort_arg, index)},
         "picort_arg"},
        {launch_,
         sizeof(picort_launch),
         {offsetof(picort_launch, name), offsetof(picort_launch, fn),
          offsetof(picort_launch, extent), offsetof(picort_launch, grain),
          offsetof(picort_launch, num_args), offsetof(picort_launch, args),
          offsetof(picort_launch, grid), offsetof(picort_launch, block),
          offsetof(picort_launch, shared_bytes), offsetof(picort_launch, num_run_extents),
          offsetof(picort_launch, run_extents), offsetof(picort_launch, num_work_terms),
          offsetof(picort_launch, work_terms), offsetof(picort_launch, grain_work)},
         "picort_launch"},
        {image_,
         sizeof(picort_gpu_image),
         {offsetof(picort_gpu_image, kind), offsetof(picort_gpu_image, sm),
          offsetof(picort_gpu_image, size), offsetof(picort_gpu_image, data)},
         "picort_gpu_image"},
        {check_,
         sizeof(picort_check),
         {offsetof(picort_check, arena_offset), offsetof(picort_check, message)},
         "picort_check"},
        {entry_,
         sizeof(picort_entry_desc),
         {offsetof(picort_entry_desc, name), offsetof(picort_entry_desc, num_inputs),
          offsetof(picort_entry_desc, inputs), offsetof(picort_entry_desc, num_outputs),
          offsetof(picort_entry_desc, outputs), offsetof(picort_entry_desc, num_launches),
          offsetof(picort_entry_desc, launches), offsetof(picort_entry_desc, num_checks),
          offsetof(picort_entry_desc, checks), offsetof(picort_entry_desc, num_states),
          offsetof(picort_entry_desc, states), offsetof(picort_entry_desc, num_loops),
          offsetof(picort_entry_desc, loops)},
         "picort_entry_desc"},
        {copy_,
         sizeof(picort_copy),
         {offsetof(picort_copy, from), offsetof(picort_copy, to), offsetof(picort_copy, bytes)},
         "picort_copy"},
        {loop_,
         sizeof(picort_loop),
         {offsetof(picort_loop, first_launch), offsetof(picort_loop, num_launches),
          offsetof(picort_loop, trip_count), offsetof(picort_loop, cond),
          offsetof(picort_loop, cond_out), offsetof(picort_loop, iteration),
          offsetof(picort_loop, num_init), offsetof(picort_loop, init),
          offsetof(picort_loop, num_carry), offsetof(picort_loop, carry),
          offsetof(picort_loop, num_scans), offsetof(picort_loop, scans),
          offsetof(picort_loop, max_iterations)},
         "picort_loop"},
        {stateDesc_,
         sizeof(picort_state_desc),
         {offsetof(picort_state_desc, name), offsetof(picort_state_desc, dtype),
          offsetof(picort_state_desc, rank), offsetof(picort_state_desc, shape),
          offsetof(picort_state_desc, axis), offsetof(picort_state_desc, arena_offset)},
         "picort_state_desc"},
        {stateUse_,
         sizeof(picort_state_use),
         {offsetof(picort_state_use, state), offsetof(picort_state_use, reads),
          offsetof(picort_state_use, length_in), offsetof(picort_state_use, length_out)},
         "picort_state_use"},
        {desc_,
         sizeof(picort_model_desc),
         {offsetof(picort_model_desc, abi_version), offsetof(picort_model_desc, name),
          offsetof(picort_model_desc, num_entries), offsetof(picort_model_desc, entries),
          offsetof(picort_model_desc, arena_bytes), offsetof(picort_model_desc, weights),
          offsetof(picort_model_desc, weights_bytes), offsetof(picort_model_desc, weights_file),
          offsetof(picort_model_desc, device), offsetof(picort_model_desc, num_images),
          offsetof(picort_model_desc, images), offsetof(picort_model_desc, num_dims),
          offsetof(picort_model_desc, dims), offsetof(picort_model_desc, num_states),
          offsetof(picort_model_desc, states)},
         "picort_model_desc"},
        {options_,
         sizeof(picort_options),
         {offsetof(picort_options, num_threads), offsetof(picort_options, weights_path),
          offsetof(picort_options, device_ordinal)},
         "picort_options"},
    };
    for (const Check &c : checks) {
      const StructLayout *sl = dl.getStructLayout(c.type);
      bool ok = sl->getSizeInBytes() == c.size && c.offsets.size() == c.type->getNumElements();
      for (size_t i = 0; ok && i < c.offsets.size(); ++i)
        ok = sl->getElementOffset(static_cast<unsigned>(i)) == c.offsets[i];
      if (!ok) {
        error = std::string("internal error: ") + c.name + " is not laid out as in picort.h";
        return false;
      }
    }
    return true;
  }

private:
  Module &m_;
  const kir::Program &p_;
  LLVMContext &c_;
  std::string prefix_;
  StructType *tensorDesc_, *dimDesc_, *dimExpr_, *runExtent_, *arg_, *launch_, *image_, *check_,
      *stateDesc_, *stateUse_, *copy_, *loop_, *entry_, *desc_, *options_;
  std::vector<int> stateIds_;              // a State buffer per state, in desc order
  std::map<std::string, int> stateIndex_;  // a state's name -> its index
};

} // namespace

bool emitPlan(Module &module, const kir::Program &program, const TargetOptions &options,
              const std::vector<char> *weightsBlob, const PlanContents &plan,
              const CodegenAttrs &attrs, std::string &error) {
  if (plan.launches.size() != program.kernels.size()) {
    error = "internal error: kernel functions do not match the program";
    return false;
  }
  bool embed = options.weights == WeightsMode::Embed && weightsBlob;
  if (embed && static_cast<int64_t>(weightsBlob->size()) != program.weightBytes) {
    error = "weights blob has " + std::to_string(weightsBlob->size()) +
            " bytes, the program expects " + std::to_string(program.weightBytes);
    return false;
  }
  PlanBuilder pb(module, program, modelSymbolPrefix(options.name));
  if (!pb.layoutMatchesRuntime(error))
    return false;
  Constant *weights = embed && program.weightBytes > 0 ? pb.weights(*weightsBlob) : pb.null();
  Constant *weightsFile = options.weights == WeightsMode::External && !options.weightsFile.empty()
                              ? pb.string(options.weightsFile)
                              : pb.null();
  Constant *init = ConstantStruct::get(
      pb.descType(),
      {pb.i32(PICORT_ABI_VERSION), pb.string(program.name.empty() ? options.name : program.name),
       pb.i32(static_cast<int64_t>(program.entries.size())), pb.entries(plan.launches),
       pb.i64(program.arenaBytes), weights, pb.i64(program.weightBytes), weightsFile,
       pb.i32(plan.device), pb.i32(static_cast<int64_t>(plan.images.size())),
       pb.images(plan.images), pb.i32(static_cast<int64_t>(program.dims.size())),
       pb.dimDescs(), pb.i32(pb.numStates()), pb.stateDescs()});
  pb.entryPoints(pb.desc(init), attrs);
  return true;
}

} // namespace picoc::x86
