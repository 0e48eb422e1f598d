//===- PlanMemory.cpp - picoc-kernel-plan-memory -------------------------------------===//
//
// Places every Temp buffer in one arena. A buffer lives from the kernel that writes it to the
// last kernel that reads it (a check's or a staged output's, to the end of its entry point's
// run; a staged input's, from its start; a buffer a loop reads from before it, or copies, over
// the whole loop; entry points run disjoint kernel ranges, so their buffers share the arena);
// buffers are placed largest first at the lowest 64-byte aligned offset that overlaps no
// live-range-intersecting buffer already placed (greedy by size, as TFLite's and Glow's
// planners do). The arena's size is the peak over all placements.
// Needs: kernels in execution order. Ensures: no two simultaneously live buffers overlap.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Passes/Passes.h"

#include <algorithm>

namespace picoc {
using namespace kir;

namespace {
constexpr int64_t kAlign = 64;
int64_t alignUp(int64_t v) { return (v + kAlign - 1) / kAlign * kAlign; }
} // namespace

void planMemory(Program &program) {
  struct Live {
    int buffer;
    int first, last;
    int64_t size;
  };
  std::vector<Live> lives;
  std::vector<int> first(program.buffers.size(), -1), last(program.buffers.size(), -1);
  for (int i = 0; i < static_cast<int>(program.kernels.size()); ++i) {
    const Kernel &k = program.kernels[i];
    if (first[k.output] < 0)
      first[k.output] = i;
    last[k.output] = std::max(last[k.output], i);
    for (int b : k.inputs)
      last[b] = std::max(last[b], i);
  }
  for (const Entry &e : program.entries) { // read after the entry's last kernel
    int end = e.firstKernel + e.numKernels;
    for (const Check &c : e.checks)
      last[c.buffer] = end;
    for (auto [input, staged] : e.stageIn) { // written before the entry's first kernel
      first[staged] = e.firstKernel;
      last[staged] = std::max(last[staged], e.firstKernel);
    }
    for (auto [staged, output] : e.stageOut)
      last[staged] = end;
    // A loop's body runs again after its last kernel: what it reads from before the loop,
    // and every buffer of its control and copies (carried values, the body's outputs), lives
    // over the whole loop; values the body computes and reads within one iteration do not.
    for (const Loop &l : e.loops) {
      int begin = l.firstKernel, after = l.firstKernel + l.numKernels;
      auto span = [&](int b) {
        first[b] = first[b] < 0 ? begin : std::min(first[b], begin);
        last[b] = std::max(last[b], after);
      };
      for (int b : l.buffers())
        span(b);
      std::vector<bool> written(program.buffers.size(), false);
      for (int k = begin; k < after; ++k)
        written[program.kernels[k].output] = true;
      for (int k = begin; k < after; ++k)
        for (int b : program.kernels[k].inputs)
          if (!written[b]) // from before the loop (a staged input's copy starts at `begin`)
            span(b);
    }
  }
  for (int b = 0; b < static_cast<int>(program.buffers.size()); ++b)
    if (program.buffers[b].kind == BufferKind::Temp && first[b] >= 0)
      lives.push_back({b, first[b], last[b], alignUp(program.buffers[b].bytes())});
  std::stable_sort(lives.begin(), lives.end(),
                   [](const Live &a, const Live &b) { return a.size > b.size; });

  std::vector<std::pair<int64_t, const Live *>> placed; // offset, buffer
  int64_t peak = 0;
  for (const Live &l : lives) {
    std::vector<std::pair<int64_t, int64_t>> busy; // [begin, end) of overlapping lifetimes
    for (auto &[offset, other] : placed)
      if (other->first <= l.last && l.first <= other->last)
        busy.push_back({offset, offset + other->size});
    std::sort(busy.begin(), busy.end());
    int64_t offset = 0;
    for (auto [b, e] : busy) {
      if (offset + l.size <= b)
        break;
      offset = std::max(offset, alignUp(e));
    }
    program.buffers[l.buffer].offset = offset;
    placed.push_back({offset, &l});
    peak = std::max(peak, offset + l.size);
  }
  program.arenaBytes = peak;
}

} // namespace picoc
