//===- Candidates.cpp - what picoc-tune measures: a kernel alone, and its schedules ---===//

#include "Candidates.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace picoc::tune {

using namespace kir;

std::optional<Program> isolateKernel(const Program &program, const Kernel &kernel,
                                     std::string &why) {
  if (!kernel.outputStart.empty()) {
    why = "it appends to a state at a run-time position";
    return std::nullopt;
  }
  Program p;
  p.name = "tune";
  // Output 0, then what it reads, in order, each buffer once.
  std::map<int64_t, int64_t> renumber;
  auto add = [&](int id, BufferKind kind, int64_t position) {
    Buffer b = program.buffers[id];
    b.kind = kind;
    b.position = position;
    b.offset = 0;
    b.runShape.clear();
    renumber[id] = static_cast<int64_t>(p.buffers.size());
    p.buffers.push_back(std::move(b));
  };
  add(kernel.output, BufferKind::Output, 0);
  int64_t inputs = 0;
  for (int id : kernel.inputs)
    if (!renumber.count(id))
      add(id, BufferKind::Input, inputs++);

  Kernel k = kernel;
  k.name = "c0";
  k.opts.clear();
  k.output = 0;
  for (int &id : k.inputs)
    id = static_cast<int>(renumber.at(id));
  k.graph.renumberBuffers([&](int64_t id) { return renumber.at(id); });
  // Run-time dims at their bounds: Dim nodes become constants, extents the bounds.
  auto atBounds = [&](ExprId e) {
    if (e == kNoExpr)
      return e;
    return k.graph.rebuild(k.graph, e, [&](ExprId id) {
      const Node &n = k.graph.node(id);
      return n.op == Op::Dim ? k.graph.constInt(program.dims[n.arg].max, n.dtype) : kNoExpr;
    });
  };
  k.value = atBounds(k.value);
  if (k.attention) {
    k.attention->dot = atBounds(k.attention->dot);
    k.attention->score = atBounds(k.attention->score);
    k.attention->value = atBounds(k.attention->value);
    k.attention->bias = atBounds(k.attention->bias);
  }
  k.runExtents.clear();
  p.kernels.push_back(std::move(k));
  return p;
}

Program roundProgram(const Program &isolated, const std::vector<std::vector<Opt>> &schedules) {
  Program p = isolated;
  p.kernels.clear();
  std::vector<int> inputs;
  for (size_t b = 1; b < p.buffers.size(); ++b)
    inputs.push_back(static_cast<int>(b));
  for (size_t i = 0; i < schedules.size(); ++i) {
    Kernel k = isolated.kernels[0];
    k.name = "c" + std::to_string(i);
    k.opts = schedules[i];
    p.kernels.push_back(std::move(k));
    Entry e;
    e.name = "c" + std::to_string(i);
    e.inputs = inputs;
    e.outputs = {0};
    e.firstKernel = static_cast<int>(i);
    e.numKernels = 1;
    p.entries.push_back(std::move(e));
  }
  return p;
}

std::optional<Program> modelCheckProgram(const Program &heuristic, const Program &tuned,
                                         int pairs, std::string &why) {
  if (heuristic.entries.size() != 1 || !heuristic.dims.empty() ||
      !heuristic.entries[0].states.empty() || !heuristic.entries[0].loops.empty()) {
    why = "it has several entry points, run-time dims, states or loops";
    return std::nullopt;
  }
  Program p = heuristic;
  p.name = "tune";
  const Entry &model = heuristic.entries[0];
  Entry tunedEntry = model;
  tunedEntry.firstKernel = static_cast<int>(p.kernels.size());
  for (int i = 0; i < model.numKernels; ++i) {
    Kernel k = tuned.kernels[model.firstKernel + i];
    k.name = "t" + k.name; // kernel names are symbols: one per copy
    p.kernels.push_back(std::move(k));
  }
  p.entries.clear();
  for (int i = 0; i < 2 * pairs; ++i) {
    Entry e = i % 2 ? tunedEntry : model;
    e.name = "c" + std::to_string(i);
    p.entries.push_back(std::move(e));
  }
  return p;
}

namespace {

// The amounts an edit tries for each kind of opt.
std::vector<int64_t> amountsOf(OptKind kind, const Kernel &k, const ScheduleTarget &t) {
  switch (kind) {
  case OptKind::Global: {
    std::vector<int64_t> all;
    for (int64_t n = 0; n <= k.rank(); ++n)
      all.push_back(n);
    return all;
  }
  case OptKind::Upcast:
    if (t.gpu)
      return {2, 4, 8, 16, 32};
    return {t.lanes / 2, t.lanes, 2 * t.lanes, 4 * t.lanes};
  case OptKind::Unroll: return t.gpu ? std::vector<int64_t>{1, 2, 4, 8} : std::vector<int64_t>{2, 3, 4, 6, 8, 12};
  case OptKind::Tile:
    return t.gpu ? std::vector<int64_t>{8, 16, 32, 64, 128, 256}
                 : std::vector<int64_t>{16, 32, 64, 96, 128, 256, 512, 1024};
  case OptKind::Local: return {32, 64, 128, 256, 512, 1024};
  case OptKind::GroupReduce: return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
  default: return {};
  }
}

// The kinds an edit may add, on this target.
std::vector<OptKind> addableKinds(const ScheduleTarget &t) {
  if (t.gpu)
    return {OptKind::Upcast, OptKind::Unroll, OptKind::Tile, OptKind::Local, OptKind::GroupReduce};
  return {OptKind::Upcast, OptKind::Unroll, OptKind::Tile, OptKind::Global};
}

} // namespace

std::vector<std::vector<Opt>> neighbours(const Kernel &kernel, const std::vector<Opt> &schedule,
                                         const ScheduleTarget &scheduleTarget,
                                         const Target &target) {
  std::vector<std::vector<Opt>> out;
  std::set<std::string> seen = {scheduleToJson(schedule)};
  Kernel scratch = kernel;
  auto consider = [&](const std::vector<Opt> &opts) {
    std::string why;
    if (!seen.insert(scheduleToJson(opts)).second ||
        !applySchedule(scratch, opts, scheduleTarget, why) || !target.supportsKernel(scratch, why))
      return;
    out.push_back(opts);
  };
  // An opt's amount changed; an opt dropped.
  for (size_t i = 0; i < schedule.size(); ++i) {
    for (int64_t amount : amountsOf(schedule[i].kind, kernel, scheduleTarget)) {
      std::vector<Opt> opts = schedule;
      opts[i].amount = amount;
      consider(opts);
    }
    std::vector<Opt> opts = schedule;
    opts.erase(opts.begin() + static_cast<long>(i));
    consider(opts);
  }
  // On a GPU, opts constrain each other (a tile's threads must match the block: BM / TM x
  // BN / TN = local): two amounts changed at once.
  if (scheduleTarget.gpu)
    for (size_t i = 0; i < schedule.size(); ++i)
      for (size_t j = i + 1; j < schedule.size(); ++j)
        for (int64_t a : amountsOf(schedule[i].kind, kernel, scheduleTarget))
          for (int64_t b : amountsOf(schedule[j].kind, kernel, scheduleTarget)) {
            std::vector<Opt> opts = schedule;
            opts[i].amount = a;
            opts[j].amount = b;
            consider(opts);
          }
  // An opt added, before the launch's (which counts the chunks the others leave) or at the end.
  for (OptKind kind : addableKinds(scheduleTarget)) {
    int axes = kind == OptKind::Global || kind == OptKind::Local ? 1
               : kind == OptKind::GroupReduce                   ? 2
                                                                : kernel.numVars();
    for (int axis = 0; axis < axes; ++axis)
      for (int64_t amount : amountsOf(kind, kernel, scheduleTarget)) {
        std::vector<Opt> opts = schedule;
        opts.push_back({kind, axis, amount});
        consider(opts);
        opts.pop_back();
        opts.insert(opts.begin(), {kind, axis, amount});
        consider(opts);
      }
  }
  return out;
}

std::vector<double> features(const Kernel &k, const std::vector<Buffer> &buffers,
                             const ScheduleTarget &target) {
  auto lg = [](double x) { return std::log2(1 + std::max(0.0, x)); };
  double outputs = 1, terms = 1;
  for (int64_t e : k.shape)
    outputs *= static_cast<double>(e);
  for (int64_t e : k.reduceShape)
    terms *= static_cast<double>(e);
  double read = 0;
  for (int id : k.inputs)
    read += static_cast<double>(buffers[id].bytes());
  double written = static_cast<double>(buffers[k.output].bytes());
  double upcast = 0, upcastReduction = 0, upcastLast = 0, unrollOut = 0, unrollReduce = 0,
         tileOut = 1, tileReduce = 1;
  int launched = k.rank();
  for (const Opt &o : k.opts) {
    bool reduction = o.axis >= k.rank();
    switch (o.kind) {
    case OptKind::Upcast:
      upcast = static_cast<double>(o.amount);
      upcastReduction = reduction;
      upcastLast = o.axis == k.rank() - 1;
      break;
    case OptKind::Unroll: (reduction ? unrollReduce : unrollOut) = static_cast<double>(o.amount); break;
    case OptKind::Tile: (reduction ? tileReduce : tileOut) *= static_cast<double>(o.amount); break;
    case OptKind::Global: launched = static_cast<int>(o.amount); break;
    default: break;
    }
  }
  // The launch's chunks: its dims' extents, counted in tiles where tiled.
  double chunks = 1;
  for (int d = 0; d < launched && d < k.rank(); ++d) {
    double e = static_cast<double>(k.shape[d]);
    for (const Opt &o : k.opts)
      if (o.axis == d && (o.kind == OptKind::Tile || o.kind == OptKind::Unroll ||
                          (o.kind == OptKind::Upcast && !target.gpu)))
        e = std::ceil(e / static_cast<double>(o.amount));
    chunks *= e;
  }
  return {1,
          lg(outputs),
          lg(terms),
          lg(outputs * terms),
          lg(read),
          lg(written),
          contractionOf(k) ? 1.0 : 0.0,
          k.isRowKernel() ? 1.0 : 0.0,
          k.attention ? 1.0 : 0.0,
          lg(upcast),
          upcastReduction,
          upcastLast,
          lg(unrollOut),
          lg(unrollReduce),
          lg(tileOut - 1),
          lg(tileReduce - 1),
          lg(chunks),
          lg(chunks / std::max(1, target.threads)),
          lg(outputs * terms / chunks)};
}

std::vector<double> scheduleFeatures(const std::vector<Opt> &schedule) {
#define X(name, str) +1
  constexpr size_t kinds = 0 PICOC_OPT_KINDS(X);
#undef X
  std::vector<double> product(kinds, 1), count(kinds, 0);
  for (const Opt &o : schedule) {
    product[static_cast<size_t>(o.kind)] *= static_cast<double>(o.amount);
    ++count[static_cast<size_t>(o.kind)];
  }
  std::vector<double> f;
  for (double p : product)
    f.push_back(std::log2(1 + p));
  f.insert(f.end(), count.begin(), count.end());
  return f;
}

} // namespace picoc::tune
