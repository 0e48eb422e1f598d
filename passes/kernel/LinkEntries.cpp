//===- LinkEntries.cpp - picoc-kernel-link-entries -----------------------------------===//
//
// Joins programs into one, an entry point per program. Each part's buffers are appended to the
// joined program's (ids shifted: kernels, Load nodes, entry points and checks are renumbered),
// its kernels are appended in order and run as its entry point's range. Temp offsets stay as
// each part planned them (entry points never run at once, so their temporaries may share
// bytes); the arena is the largest part's, then the states (after it, one place per name).
// An entry's output named like another entry's state (a prefill export's present) becomes a
// write of that state: a kernel appended to the entry copies it into the state's first rows.
// Weights join one blob, each distinct content once (WeightBlob::appendUnique: the same
// bytes, or equal ones), its segments still pointing where the parts' blobs point.
// Needs: picoc-kernel-plan-memory and picoc-kernel-layout-weights on every part; entry names
// that are distinct C identifiers (the driver checks them).
//
//===------------------------------------------------------------------------------===//

#include "picoc/Passes/Passes.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>

namespace picoc {
using namespace kir;
using mlir::failure;
using mlir::LogicalResult;
using mlir::success;

namespace {
constexpr int64_t kAlign = 64;
int64_t alignUp(int64_t v) { return (v + kAlign - 1) / kAlign * kAlign; }


} // namespace

// A kernel copying `present` (a Temp at its bounds' layout, the staged copy of output `out`,
// whose runShape gives its size in a call) into the first rows of `state` (laid out at the
// state's bounds).
static Kernel stateWriteKernel(const std::string &name, int present, const Buffer &p,
                               const Buffer &out, int state) {
  Kernel k;
  k.name = name;
  k.location = "state '" + out.name + "'";
  k.output = state;
  k.inputs = {present};
  k.shape = p.shape;
  for (size_t d = 0; d < p.shape.size(); ++d) // run extents, constant ones if need be
    k.runExtents.push_back(out.runShape.empty() ? DimExpr::of(p.shape[d]) : out.runShape[d]);
  k.outputStart.assign(p.shape.size(), DimExpr::of(0));
  ExprId index = k.graph.constInt(0);
  int64_t stride = 1;
  for (int d = static_cast<int>(p.shape.size()) - 1; d >= 0; --d) {
    k.graph.setVarRange(d, p.shape[d]);
    index = k.graph.add(index, k.graph.mulConst(k.graph.var(d), stride));
    stride *= p.shape[d];
  }
  k.value = k.graph.load(present, p.dtype, index);
  return k;
}

// Makes entry `e`'s kernels and loops read buffer `to` where they read `from` (inputs, Load
// nodes, a loop's copies and control).
static void readInstead(Program &p, Entry &e, int from, int to) {
  for (int k = e.firstKernel; k < e.firstKernel + e.numKernels; ++k) {
    Kernel &kernel = p.kernels[k];
    std::replace(kernel.inputs.begin(), kernel.inputs.end(), from, to);
    kernel.graph.renumberBuffers([&](int64_t id) { return id == from ? to : id; });
  }
  for (Loop &l : e.loops)
    l.renumberBuffers([&](int id) { return id == from ? to : id; });
}

// Turns entry `e`'s outputs that are named like a state of another entry into writes of that
// state (see linkEntries in Passes.h). `e` runs kernels [e.firstKernel, + e.numKernels).
static LogicalResult writeStates(Program &p, Entry &e, const std::map<std::string, int> &stateOf,
                          const ScheduleTarget &target, std::string &error) {
  for (size_t o = 0; o < e.outputs.size();) {
    const Buffer &out = p.buffers[e.outputs[o]];
    auto s = stateOf.find(out.name);
    if (s == stateOf.end() || std::any_of(e.states.begin(), e.states.end(), [&](const StateUse &u) {
          return p.buffers[u.buffer].name == out.name;
        })) {
      ++o;
      continue;
    }
    const Buffer &state = p.buffers[s->second];
    int axis = -1;
    for (const Entry &other : p.entries)
      for (const StateUse &u : other.states)
        if (u.reads && p.buffers[u.buffer].name == out.name)
          axis = u.axis;
    auto staged = std::find_if(e.stageOut.begin(), e.stageOut.end(),
                               [&](const std::pair<int, int> &st) { return st.second == e.outputs[o]; });
    std::string what = "entry '" + e.name + "': output '" + out.name + "'";
    bool fits = axis >= 0 && out.dtype == state.dtype && out.shape.size() == state.shape.size();
    for (size_t d = 0; fits && d < out.shape.size(); ++d)
      fits = static_cast<int>(d) == axis ? out.shape[d] <= state.shape[d]
                                         : out.shape[d] == state.shape[d] &&
                                               (out.runShape.empty() || out.runShape[d].isConstant());
    if (!fits) {
      error = what + " has the name of a state but not its type (the state: " +
              dtypeName(state.dtype) + ", " + std::to_string(state.shape.size()) +
              " dims, growing along dim " + std::to_string(axis) + "; the other dims static and equal)";
      return failure();
    }
    StateUse use;
    use.buffer = s->second;
    use.axis = axis;
    use.lengthOut = out.runShape.empty() ? DimExpr::of(out.shape[axis]) : out.runShape[axis];
    use.reads = false;
    if (staged == e.stageOut.end()) {
      // Not staged: the output's layout at its bounds is its layout in every call, so its
      // run-time dim is its first of more than one element, and every dim before it is 1.
      // Its rows are then the state's first rows at the same offsets: the entry's kernels
      // write (and read) the state itself.
      // An output of the state's static shape is laid out as the state is, whatever its dims.
      bool prefix = std::all_of(out.shape.begin(), out.shape.begin() + axis,
                                [](int64_t d) { return d == 1; });
      bool whole = out.shape == state.shape &&
                   std::all_of(out.runShape.begin(), out.runShape.end(),
                               [](const DimExpr &d) { return d.isConstant(); });
      if (!prefix && !whole) {
        error = what + " has the name of a state, but its rows are not laid out as the "
                "state's (dims before its run-time dim are not all 1, and it is not staged)";
        return failure();
      }
      int id = e.outputs[o];
      for (int k = e.firstKernel; k < e.firstKernel + e.numKernels; ++k) {
        Kernel &kernel = p.kernels[k];
        if (kernel.output == id) {
          // It stores at the state's layout from row 0 (Kernel::outputStart), with run
          // extents (constant ones, if need be), and its opts are chosen for that.
          kernel.output = s->second;
          kernel.outputStart.assign(kernel.shape.size(), DimExpr::of(0));
          if (!kernel.hasRunExtents())
            for (int64_t d : kernel.shape)
              kernel.runExtents.push_back(DimExpr::of(d));
          kernel.opts.clear();
          chooseKernelOpts(kernel, target);
        }
      }
      readInstead(p, e, id, s->second);
    } else {
      int present = staged->first;
      Kernel copy = stateWriteKernel(e.name + "_state" + std::to_string(e.states.size()),
                                     present, p.buffers[present], out, s->second);
      copy.opts.clear();
      chooseKernelOpts(copy, target);
      int at = e.firstKernel + e.numKernels;
      p.kernels.insert(p.kernels.begin() + at, std::move(copy));
      e.numKernels++;
      for (Entry &later : p.entries)
        if (later.firstKernel >= at && &later != &e)
          later.shiftKernels(1);
      e.stageOut.erase(staged);
    }
    e.outputs.erase(e.outputs.begin() + o);
    for (size_t k = o; k < e.outputs.size(); ++k)
      p.buffers[e.outputs[k]].position = static_cast<int64_t>(k);
    e.states.push_back(use);
  }
  return success();
}

// Turns entry `e`'s inputs that its pairs' renaming (past -> present) maps to the name of
// another entry's output into states it reads (see StateUse): the entry's kernels read the
// state instead of the input's staged copy, and the input leaves the signature. New states
// go into `stateOf`, after the arena.
static LogicalResult readStates(Program &p, Entry &e, std::map<std::string, int> &stateOf,
                                std::string &error) {
  std::string from, to; // the pairs' renaming of a past into its present: prefixes
  int pairAxis = -1;     // and the axis along which their pasts grow
  for (const StateUse &u : e.states) {
    const std::string &present = p.buffers[u.buffer].name;
    if (!u.reads || u.past.empty())
      continue;
    size_t common = 0; // the suffix the two names share
    while (common < u.past.size() && common < present.size() &&
           u.past[u.past.size() - 1 - common] == present[present.size() - 1 - common])
      ++common;
    from = u.past.substr(0, u.past.size() - common);
    to = present.substr(0, present.size() - common);
    pairAxis = u.axis;
    break;
  }
  if (from.empty())
    return success();
  for (size_t i = 0; i < e.inputs.size();) {
    const Buffer &in = p.buffers[e.inputs[i]];
    std::string name = in.name.rfind(from, 0) == 0 ? to + in.name.substr(from.size()) : "";
    bool written = !name.empty() && std::any_of(p.entries.begin(), p.entries.end(), [&](const Entry &f) {
      return &f != &e && std::any_of(f.outputs.begin(), f.outputs.end(),
                                     [&](int o) { return p.buffers[o].name == name; });
    });
    if (!written) {
      ++i;
      continue;
    }
    std::string what = "entry '" + e.name + "': input '" + in.name + "'";
    auto staged = std::find_if(e.stageIn.begin(), e.stageIn.end(),
                               [&](const std::pair<int, int> &st) { return st.first == e.inputs[i]; });
    int axis = -1, runDims = 0;
    for (size_t d = 0; d < in.runShape.size(); ++d)
      if (!in.runShape[d].isConstant())
        axis = static_cast<int>(d), ++runDims;
    // A past of static shape (Whisper's cross-attention keys, of the encoder's fixed length)
    // is the whole state, its length taken along the pairs' axis; the entry's kernels read
    // the input's own buffer, which is not staged.
    bool whole = runDims == 0 && pairAxis >= 0 && pairAxis < static_cast<int>(in.shape.size());
    if (whole)
      axis = pairAxis;
    else if (staged == e.stageIn.end() || runDims != 1) {
      error = what + " reads the state '" + name + "', but only a past of static shape or "
              "with one run-time dim, not its first, is read from a state yet";
      return failure();
    }
    int state;
    if (auto s = stateOf.find(name); s != stateOf.end()) {
      state = s->second;
      if (p.buffers[state].shape != in.shape || p.buffers[state].dtype != in.dtype) {
        error = what + " and the state '" + name + "' differ in type or bounds";
        return failure();
      }
    } else {
      Buffer b{name, in.dtype, in.shape, BufferKind::State};
      b.offset = alignUp(p.arenaBytes);
      p.arenaBytes = b.offset + alignUp(b.bytes());
      p.buffers.push_back(std::move(b));
      state = static_cast<int>(p.buffers.size()) - 1;
      stateOf[name] = state;
    }
    const Buffer &input = p.buffers[e.inputs[i]];
    StateUse use;
    use.buffer = state;
    use.axis = axis;
    use.lengthIn = use.lengthOut = whole ? DimExpr::of(input.shape[axis]) : input.runShape[axis];
    use.past = input.name;
    readInstead(p, e, whole ? e.inputs[i] : staged->second, state);
    if (!whole)
      e.stageIn.erase(staged);
    e.inputs.erase(e.inputs.begin() + i);
    for (size_t k = i; k < e.inputs.size(); ++k)
      p.buffers[e.inputs[k]].position = static_cast<int64_t>(k);
    e.states.push_back(use);
  }
  return success();
}

mlir::FailureOr<Program> linkEntries(std::vector<LinkPart> parts, const std::string &name,
                                     const ScheduleTarget &target, WeightBlob &blob,
                                     std::string &error) {
  Program joined;
  joined.name = name;
  // Every model is imported with the same --dim list, so their run-time dims are the same.
  if (!parts.empty())
    joined.dims = parts.front().program.dims;
  blob = WeightBlob();
  for (LinkPart &part : parts) {
    Program &p = part.program;
    int base = static_cast<int>(joined.buffers.size());
    auto shifted = [base](int id) { return id + base; };
    for (Buffer b : p.buffers) {
      if (b.kind == BufferKind::Weight && b.bytes() > 0)
        if (const WeightBlob::Segment *s = part.blob.at(b.offset))
          b.offset = blob.appendUnique(*s, nullptr);
      joined.buffers.push_back(std::move(b));
    }
    int firstKernel = static_cast<int>(joined.kernels.size());
    for (Kernel &k : p.kernels) {
      if (parts.size() > 1)
        k.name = part.entry + "_" + k.name;
      k.output = shifted(k.output);
      std::transform(k.inputs.begin(), k.inputs.end(), k.inputs.begin(), shifted);
      k.graph.renumberBuffers([base](int64_t id) { return id + base; });
      joined.kernels.push_back(std::move(k));
    }
    for (Entry e : p.entries) { // one per part
      e.name = part.entry;
      std::transform(e.inputs.begin(), e.inputs.end(), e.inputs.begin(), shifted);
      std::transform(e.outputs.begin(), e.outputs.end(), e.outputs.begin(), shifted);
      for (Check &c : e.checks)
        c.buffer = shifted(c.buffer);
      for (StateUse &s : e.states)
        s.buffer = shifted(s.buffer);
      for (auto *stages : {&e.stageIn, &e.stageOut})
        for (auto &[from, to] : *stages)
          from = shifted(from), to = shifted(to);
      for (Loop &l : e.loops)
        l.renumberBuffers(shifted);
      e.shiftKernels(firstKernel);
      joined.entries.push_back(std::move(e));
    }
    joined.arenaBytes = std::max(joined.arenaBytes, p.arenaBytes);
    blob.keepAlive(part.blob); // the joined blob's segments point where the part's do
  }
  joined.weightBytes = blob.size();
  // States live between calls: after every entry's temporaries, one place per name.
  std::map<std::string, int> stateOf; // a state's name -> its first buffer
  for (int id = 0; id < static_cast<int>(joined.buffers.size()); ++id) {
    Buffer &b = joined.buffers[id];
    if (b.kind != BufferKind::State)
      continue;
    auto [it, fresh] = stateOf.try_emplace(b.name, id);
    if (fresh) {
      b.offset = alignUp(joined.arenaBytes);
      joined.arenaBytes = b.offset + alignUp(b.bytes());
      continue;
    }
    const Buffer &first = joined.buffers[it->second];
    if (first.dtype != b.dtype || first.shape != b.shape) {
      error = "the entry points' states named '" + b.name + "' differ in type (" +
              dtypeName(first.dtype) + " vs " + dtypeName(b.dtype) + ", or their bounds)";
      return mlir::failure();
    }
    b.offset = first.offset;
  }
  if (parts.size() > 1 && !stateOf.empty()) {
    for (Entry &e : joined.entries)
      if (failed(readStates(joined, e, stateOf, error)))
        return mlir::failure();
    for (Entry &e : joined.entries)
      if (failed(writeStates(joined, e, stateOf, target, error)))
        return mlir::failure();
  }
  return joined;
}

} // namespace picoc
