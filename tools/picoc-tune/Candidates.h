//===- Candidates.h - what picoc-tune measures: a kernel alone, and its schedules -----===//
//
// A kernel is tuned alone: isolateKernel copies it out of its program with the buffers it
// touches (its output becomes output 0, what it reads inputs; weights and temporaries too,
// filled with random data when measured), and with its run-time dims at their bounds (its
// extents, Dim nodes and buffers static: what the tuner times is the kernel at its largest
// call). roundProgram makes one program of several schedules of it, an entry point each
// (`tune_c<i>`), sharing the buffers. neighbours lists the schedules one edit away from a
// schedule, each checked by applySchedule and the target.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_TUNE_CANDIDATES_H
#define PICOC_TOOLS_PICOC_TUNE_CANDIDATES_H

#include "picoc/Kernel/KernelIR.h"
#include "picoc/Kernel/Schedule.h"
#include "picoc/Target/Target.h"

#include <optional>
#include <string>
#include <vector>

namespace picoc::tune {

// The kernel and its buffers as a program of its own, without entries or opts; nullopt (with
// `why`) for a kernel that is not tuned alone (one that appends to a state at a run-time
// position).
std::optional<kir::Program> isolateKernel(const kir::Program &program, const kir::Kernel &kernel,
                                          std::string &why);

// One program running `kernel` (the isolated one) under each of `schedules`, entry i the i-th.
kir::Program roundProgram(const kir::Program &isolated, const std::vector<std::vector<kir::Opt>> &schedules);

// The whole-model check: one program running the model's entry with the heuristics' schedules
// (`heuristic`) as entries c0, c2, ... and with the tuned ones (`tuned`: the same program, its
// kernels' opts replaced) as c1, c3, ..., `pairs` of each, alternating (Measure.h times the
// entries in order: alternating spreads the machine's drift over both). Both read the same
// inputs, weights and temporaries. nullopt (with `why`) for a program of several entries, run-time
// dims or states, which the check does not measure.
std::optional<kir::Program> modelCheckProgram(const kir::Program &heuristic,
                                              const kir::Program &tuned, int pairs,
                                              std::string &why);

// The schedules one edit from `schedule` (an opt's amount changed, an opt dropped, an opt
// added; on a GPU also two amounts changed at once) that the kernel takes and the target
// compiles, in a fixed order.
std::vector<std::vector<kir::Opt>> neighbours(const kir::Kernel &kernel,
                                              const std::vector<kir::Opt> &schedule,
                                              const kir::ScheduleTarget &scheduleTarget,
                                              const Target &target);

// Features of a kernel under a schedule, for the cost model (CostModel.h): sizes, traffic and
// the schedule's amounts, mostly as log2(1 + x); kFeatureCount of them, [0] always 1.
constexpr size_t kFeatureCount = 19;
std::vector<double> features(const kir::Kernel &kernel, const std::vector<kir::Buffer> &buffers,
                             const kir::ScheduleTarget &target);
// Features of the schedule alone: for every kind of opt, log2(1 + the product of its amounts)
// and how many there are. The measurements keep their schedules, so these are computed again
// whenever the cost model is fitted (features() is kept as measured: the kernel is not stored).
std::vector<double> scheduleFeatures(const std::vector<kir::Opt> &schedule);

} // namespace picoc::tune

#endif // PICOC_TOOLS_PICOC_TUNE_CANDIDATES_H
