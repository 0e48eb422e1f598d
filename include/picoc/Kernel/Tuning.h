//===- Tuning.h - measured schedules: the tuning database and its keys -----------------===//
//
// picoc-tune measures candidate schedules of each kernel and records the fastest in a tuning
// database; `picoc --tuning-db=FILE` gives each kernel the database holds its recorded schedule
// (picoc-kernel-apply-tuning, after the heuristics of picoc-kernel-choose-opts), the others keep
// theirs. A kernel is found by its tuning key: a hash of its structure without its schedule
// (kir::structuralKey of the kernel with no opts: shapes, run extents, expression nodes, slot
// dtypes, shapes and kinds), so the same layer in every layer, or in another model, is one
// entry, and names and node locations never matter. An entry also names the target
// (tuningTarget: "znver3:2", "sm_90") and the precision it was measured at.
//
// The file is JSON: {"version": 1, "entries": [{"key", "target", "precision", "schedule",
// "time_us", "heuristic_us", "kernel", "date", "device"}, ...]}. Every candidate the tuner timed
// (the cost model trains on them) goes beside it, to <name>.measurements.json ({"version": 1,
// "measurements": [...]}), which only the tuner reads: a compile parses the entries alone. A
// file that is not such JSON is an error naming the file; an entry whose schedule no longer
// fits its kernel (the opts' rules changed) is skipped with a warning.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_KERNEL_TUNING_H
#define PICOC_KERNEL_TUNING_H

#include "picoc/Kernel/KernelIR.h"
#include "picoc/Kernel/Schedule.h"

#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace picoc::kir {

// The kernel's tuning key: 16 hex digits of a 64-bit hash of its schedule-free structure.
std::string tuningKey(const Kernel &kernel, const std::vector<Buffer> &buffers);

// The target a database entry names: a GPU target's name ("sm_90"); a CPU's name and the
// threads its launches spread over ("znver3:2"), since schedules tuned for 2 cores (a kernel
// kept on one thread) are not those for 64.
std::string tuningTarget(const std::string &targetName, const ScheduleTarget &target);

// One kernel's recorded schedule.
struct TuningEntry {
  std::string key, target, precision;
  std::vector<Opt> schedule;
  double timeUs = 0;      // the schedule's measured time
  double heuristicUs = 0; // the heuristic schedule's, in the same run
  std::string kernel;     // a kernel it was measured on (name and node), for people
  std::string date, device;
};

// One timed candidate (the cost model's training data): its features (CostModel.h) and time.
struct TuningMeasurement {
  std::string key, target, precision;
  std::vector<Opt> schedule;
  std::vector<double> features;
  double timeUs = 0;
};

// `value` rounded to `digits` significant decimal digits (what the tuner's JSON files keep of
// features and learned values).
double roundToDigits(double value, int digits);

class TuningDb {
public:
  // Reads `path` (and its measurements file, where `measurements` is set and it exists); false
  // with `error` naming the file and what is wrong.
  bool load(const std::string &path, std::string &error, bool measurements = false);
  // Writes the database (entries sorted by target, precision and key: diffs stay small) and,
  // where there are any, its measurements.
  bool save(const std::string &path, std::string &error) const;
  // Where the measurements of the database at `path` are kept.
  static std::string measurementsPath(const std::string &path);

  // Adds an entry; where one for the same key, target and precision is there, the faster
  // stays (a heuristic time of 0 takes the other's).
  void add(const TuningEntry &entry);
  // Sets the entry of its key, target and precision, whatever it held (picoc-tune's whole-model
  // check putting the heuristic schedule back).
  void replace(const TuningEntry &entry) {
    entries_.insert_or_assign({entry.target, entry.precision, entry.key}, entry);
  }
  void addMeasurement(const TuningMeasurement &m) { measurements_.push_back(m); }
  // Every entry and measurement of `other`, as add does.
  void merge(const TuningDb &other);

  const TuningEntry *find(const std::string &key, const std::string &target,
                          const std::string &precision) const;
  size_t size() const { return entries_.size(); }
  std::vector<TuningEntry> entries() const;
  const std::vector<TuningMeasurement> &measurements() const { return measurements_; }

private:
  std::map<std::tuple<std::string, std::string, std::string>, TuningEntry> entries_;
  std::vector<TuningMeasurement> measurements_;
};

// picoc-kernel-apply-tuning: each kernel of `program` that `db` holds for `target` and
// `precision` takes the recorded schedule, where applySchedule and `supports` (the target's
// supportsKernel) accept it; where they do not, the kernel keeps its schedule and `warn` gets
// a line naming the kernel and the reason. An entry whose search kept the heuristic schedule
// (its time not below the heuristic's) is passed over: today's heuristics stand. A kernel that
// reads weights and has no entry takes the entry of the same kernel reading graph inputs in
// their place, where there is one. Returns how many kernels took a recorded schedule.
int applyTuning(Program &program, const TuningDb &db, const std::string &target,
                Precision precision, const ScheduleTarget &scheduleTarget,
                const std::function<bool(const Kernel &, std::string &)> &supports,
                const std::function<void(const std::string &)> &warn);

} // namespace picoc::kir

#endif // PICOC_KERNEL_TUNING_H
