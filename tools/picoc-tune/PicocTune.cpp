//===- PicocTune.cpp - picoc-tune: measured schedules into the tuning database ---------===//
//
//   picoc-tune model.onnx --target=host --db=tuning.json
//
// Compiles the models as picoc would (heuristic schedules), then tunes each distinct kernel
// (kir::tuningKey) on this machine, the costliest first:
//   1. the kernel alone (Candidates.h: its buffers as inputs and output, run-time dims at their
//      bounds); the beam starts as its heuristic schedule;
//   2. a round: the schedules one edit away from those in the beam (neighbours), at most
//      --candidates of them, compiled into one library with the reference (the heuristic
//      schedule) as entry 0, each checked against the reference's output and timed (Measure.h)
//      in a forked child; every time is taken relative to the reference's in the same round,
//      so a slower or faster machine moment does not rank schedules;
//   3. the beam keeps the --beam fastest; rounds stop when one gains less than 2% on the best,
//      or the kernel's or the model's time budget is spent;
//   4. the best is timed again beside the reference; it is recorded only if it is at least 3%
//      faster there, else the heuristic schedule is (a tuned kernel is never slower alone
//      than its heuristic schedule, up to the timing noise that margin covers);
//   5. the whole-model check (checkModel): the model is timed whole, alternately with the
//      heuristics' schedules and with the database's; where the tuned build is not faster,
//      the entries its kernels took are put back to the heuristic schedules. With --prepare it
//      is compiled beside the kernels' rounds (model-<n>.so, against the database as it
//      stands) and judged by --record.
// The database is written after each kernel: an interrupted run keeps what it measured. Every
// timed candidate is also recorded as a measurement (features and time) for the cost model.
// --merge adds other databases; --prepare and --record split a round between this machine and
// the one measured (a GPU machine: picoc-tune-measure, MeasureMain.cpp).
//
// Why a candidate's output may differ from the reference's by up to 1e-4 (normwise): schedules
// reorder sums (a tile of the reduction, vector lanes of partial sums), which changes f32
// rounding by about sqrt(terms) ulps, 1e-6 for the reductions of these models; a wrong
// schedule (a missed or doubled element) is off by far more than 1e-4.
//
//===------------------------------------------------------------------------------===//

#include "../common/ModelFlags.h"
#include "Candidates.h"
#include "CostModel.h"
#include "Measure.h"
#include "picoc/Kernel/Tuning.h"
#include "picoc/Pipeline/Pipeline.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

using namespace picoc;
using namespace picoc::kir;
using namespace picoc::tune;

namespace {

struct TuneOptions {
  std::string db;
  double modelBudget = 600, kernelBudget = 60;
  int beam = 3, candidates = 24, rounds = 4;
  std::string workDir, runtimeDir = PICOC_RUNTIME_LIB_DIR, cc = "cc";
  bool retune = false;
  bool modelCheck = true; // time each model whole, heuristic vs tuned (Tuner::checkModel)
  std::optional<CostModel> costModel; // ranks each round's candidates; none: a random sample
  int64_t minWork = 1 << 16; // kernels of fewer element operations are left to the heuristics
};

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string today() {
  std::time_t now = std::time(nullptr);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", std::gmtime(&now));
  return text;
}

// The CPU's model name and core count, as the database's device.
std::string hostDevice() {
  std::ifstream in("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  return model + ", " + std::to_string(std::thread::hardware_concurrency()) + " threads";
}

// The kernel's element operations: outputs times reduction terms.
double work(const Kernel &k) {
  double w = 1;
  for (int64_t e : k.shape)
    w *= static_cast<double>(e);
  for (int64_t e : k.reduceShape)
    w *= static_cast<double>(e);
  return w;
}

// A kernel the whole-model check covers: its key, the schedule the database gave it and the
// heuristics'.
struct CheckedKernel {
  std::string key;
  std::vector<Opt> tuned, heuristic;
};

// After a whole-model check that was not faster: each checked kernel whose entry still holds
// the schedule checked gets the heuristic schedule back. Returns how many.
int revertEntries(TuningDb &db, const std::string &target, const std::string &precision,
                  const std::vector<CheckedKernel> &checked) {
  int reverted = 0;
  for (const CheckedKernel &c : checked) {
    const TuningEntry *was = db.find(c.key, target, precision);
    if (!was || !(was->schedule == c.tuned))
      continue; // recorded since the check: not what was measured
    TuningEntry entry = *was;
    entry.schedule = c.heuristic;
    entry.timeUs = entry.heuristicUs;
    entry.date = today();
    db.replace(entry);
    ++reverted;
  }
  return reverted;
}

// A whole-model check's results (`why` where there are none) judged: where the tuned build is
// not faster, the checked entries reverted. Returns the check's progress line.
std::string settleModelCheck(const std::vector<CandidateResult> &results, const std::string &why,
                             TuningDb &db, const std::string &target,
                             const std::string &precision,
                             const std::vector<CheckedKernel> &checked) {
  if (results.size() != 2 * kModelCheckPairs || !results[0].ok)
    return "not checked whole: " +
           (!why.empty() ? why : results.empty() ? "no results" : results[0].message);
  ModelVerdict verdict = judgeModel(results);
  std::string line = verdict.pairs ? verdict.describe() : "whole model not measured";
  line += "; " + std::to_string(checked.size()) + " kernels tuned";
  if (!verdict.faster())
    line += std::string(": ") + (verdict.wrong.empty() ? "not faster" : verdict.wrong) + "; " +
            std::to_string(revertEntries(db, target, precision, checked)) +
            " entries reverted to the heuristic schedule";
  return line;
}

class Tuner {
public:
  Tuner(const TuneOptions &options, Target &target, const std::string &precision)
      : options_(options), target_(target), scheduleTarget_(target.scheduleTarget()),
        dbTarget_(tuningTarget(target.name(), scheduleTarget_)), precision_(precision) {}

  // Tunes `kernel` of `program` into `db`; false when it could not be measured at all.
  bool tune(const Program &program, const Kernel &kernel, const std::string &key,
            double budget, TuningDb &db, std::string &report);

  // --prepare: the kernel's candidates (from the database's schedule, or the heuristics')
  // compiled into <dir>/<key>.so, entry 0 the heuristic schedule; appended to the manifest.
  bool prepare(const Program &program, const Kernel &kernel, const std::string &key,
               const TuningDb &db, const std::string &dir, nlohmann::json &manifest,
               std::string &report);

  // The whole-model check: the model (`heuristic`, its program as the heuristics schedule it,
  // and `weights`) timed with the heuristics' schedules and with the database's, alternately.
  // Where the tuned build is not faster, every kernel of the model that took a database
  // schedule has its entry replaced by the heuristic schedule: a tuned build is never slower
  // than the heuristic one as a whole, not only kernel by kernel alone (a kernel faster alone
  // can be slower among the others: caches, the threads' wake-ups). False when it could not
  // be measured.
  bool checkModel(const Program &heuristic, const std::vector<char> &weights, TuningDb &db,
                  std::string &report);
  // --prepare: the whole-model check compiled into <dir>/model-<n>.so (against the database as
  // it stands), appended to the manifest's models for --record to judge.
  bool prepareModelCheck(const Program &heuristic, const std::vector<char> &weights,
                         const TuningDb &db, const std::string &model, const std::string &dir,
                         nlohmann::json &manifest, std::string &report);

private:
  // The whole-model check's program (modelCheckProgram) and the kernels whose schedules the
  // database changes; nullopt with `report` where none does or the program is not checked.
  std::optional<Program> modelCheckRound(const Program &heuristic, const TuningDb &db,
                                         std::vector<CheckedKernel> &checked,
                                         std::string &report) const;
  // Compiles a program into a shared library with libpicort.
  bool compileProgram(const Program &program, const std::vector<char> &weights,
                      const std::string &soPath, std::string &error);
  // Compiles the schedules (entry 0 the reference) and measures them here; empty on failure.
  std::vector<CandidateResult> round(const Program &isolated,
                                     const std::vector<std::vector<Opt>> &schedules,
                                     std::string &error);
  // The cost model's features of the isolated kernel under `schedule`.
  std::vector<double> featuresOf(const Program &isolated, const std::vector<Opt> &schedule) const {
    Kernel k = isolated.kernels[0];
    k.opts = schedule;
    return features(k, isolated.buffers, scheduleTarget_);
  }
  // The --candidates to measure of `pool`: those the cost model predicts fastest, else a
  // sample (deterministic: `rng` is seeded by the kernel's key).
  std::vector<std::vector<Opt>> rank(const Program &isolated, std::vector<std::vector<Opt>> pool,
                                     std::mt19937 &rng);

  const TuneOptions &options_;
  Target &target_;
  ScheduleTarget scheduleTarget_;
  std::string dbTarget_; // the database's name for it (tuningTarget)
  std::string precision_;
  int rounds_ = 0;
};

bool Tuner::compileProgram(const Program &p, const std::vector<char> &weights,
                           const std::string &soPath, std::string &error) {
  std::string obj = soPath.substr(0, soPath.size() - 3) + ".o";
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(obj, ec);
    if (ec) {
      error = obj + ": " + ec.message();
      return false;
    }
    if (!target_.emitObject(p, weights, out, error))
      return false;
  }
  std::vector<std::string> words;
  std::istringstream cc(options_.cc);
  for (std::string w; cc >> w;)
    words.push_back(w);
  auto program = llvm::sys::findProgramByName(words.empty() ? "cc" : words[0]);
  if (!program) {
    error = "cannot find the C compiler '" + options_.cc + "' to link the candidates";
    return false;
  }
  std::vector<llvm::StringRef> argv(words.begin(), words.end());
  std::string archive = options_.runtimeDir + "/libpicort.a";
  for (llvm::StringRef a : {llvm::StringRef("-shared"), llvm::StringRef("-o"),
                            llvm::StringRef(soPath), llvm::StringRef(obj),
                            llvm::StringRef(archive), llvm::StringRef("-lpthread"),
                            llvm::StringRef("-lm"), llvm::StringRef("-ldl")})
    argv.push_back(a);
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*program, argv, std::nullopt, {}, 0, 0, &message);
  llvm::sys::fs::remove(obj);
  if (rc != 0) {
    error = "linking the candidates failed" + (message.empty() ? "" : ": " + message);
    return false;
  }
  return true;
}

std::vector<CandidateResult> Tuner::round(const Program &isolated,
                                          const std::vector<std::vector<Opt>> &schedules,
                                          std::string &error) {
  std::string dir = options_.workDir + "/round" + std::to_string(rounds_++);
  llvm::sys::fs::create_directories(dir);
  if (!compileProgram(roundProgram(isolated, schedules), {}, dir + "/round.so", error))
    return {};
  MeasureOptions measure;
  std::vector<CandidateResult> results = measureIsolated(dir + "/round.so", measure, dir, 300, error);
  llvm::sys::fs::remove_directories(dir);
  return results;
}

std::vector<std::vector<Opt>> Tuner::rank(const Program &isolated,
                                          std::vector<std::vector<Opt>> pool, std::mt19937 &rng) {
  if (options_.costModel) {
    std::vector<std::pair<double, size_t>> predicted;
    for (size_t i = 0; i < pool.size(); ++i)
      predicted.push_back({options_.costModel->predict(featuresOf(isolated, pool[i]), pool[i]), i});
    std::stable_sort(predicted.begin(), predicted.end());
    std::vector<std::vector<Opt>> ranked;
    for (const auto &[p, i] : predicted)
      ranked.push_back(std::move(pool[i]));
    pool = std::move(ranked);
  } else {
    std::shuffle(pool.begin(), pool.end(), rng);
  }
  if (static_cast<int>(pool.size()) > options_.candidates)
    pool.resize(options_.candidates);
  return pool;
}

bool Tuner::prepare(const Program &program, const Kernel &kernel, const std::string &key,
                    const TuningDb &db, const std::string &dir, nlohmann::json &manifest,
                    std::string &report) {
  std::string why;
  std::optional<Program> isolated = isolateKernel(program, kernel, why);
  Kernel scratch = isolated ? isolated->kernels[0] : kernel;
  const std::vector<Opt> heuristic = kernel.opts;
  if (!isolated || !applySchedule(scratch, heuristic, scheduleTarget_, why)) {
    report = "not tuned: " + why;
    return false;
  }
  // The search goes on from the database's schedule, where it has one that still applies.
  std::vector<Opt> start = heuristic;
  if (const TuningEntry *e = db.find(key, dbTarget_, precision_))
    if (applySchedule(scratch, e->schedule, scheduleTarget_, why))
      start = e->schedule;
  std::set<std::string> seen = {scheduleToJson(heuristic), scheduleToJson(start)};
  std::vector<std::vector<Opt>> pool;
  for (const std::vector<Opt> &from : {start, heuristic})
    for (std::vector<Opt> &n : neighbours(scratch, from, scheduleTarget_, target_))
      if (seen.insert(scheduleToJson(n)).second)
        pool.push_back(std::move(n));
  std::mt19937 rng(static_cast<uint32_t>(std::stoull(key.substr(0, 8), nullptr, 16)));
  std::vector<std::vector<Opt>> schedules = {heuristic};
  if (start != heuristic)
    schedules.push_back(start);
  for (std::vector<Opt> &s : rank(*isolated, std::move(pool), rng))
    schedules.push_back(std::move(s));
  if (!compileProgram(roundProgram(*isolated, schedules), {}, dir + "/" + key + ".so", why)) {
    report = "not tuned: " + why;
    return false;
  }
  nlohmann::json entry = {{"key", key},
                          {"kernel", kernel.name + " (" + kernel.location + ")"},
                          {"schedules", nlohmann::json::array()},
                          {"features", nlohmann::json::array()}};
  for (const std::vector<Opt> &s : schedules) {
    entry["schedules"].push_back(nlohmann::json::parse(scheduleToJson(s)));
    entry["features"].push_back(featuresOf(*isolated, s));
  }
  manifest["kernels"].push_back(entry);
  report = std::to_string(schedules.size()) + " schedules compiled";
  return true;
}

// --record: the results picoc-tune-measure wrote into a prepared directory, into `db`. A
// kernel's best candidate is recorded where it ran at least 3% faster than the reference (the
// heuristic schedule) in the same run, else the heuristic schedule is.
bool record(const std::string &dir, TuningDb &db, std::string &error) {
  std::ifstream in(dir + "/manifest.json");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json manifest = nlohmann::json::parse(text.str(), nullptr, false);
  if (manifest.is_discarded() || !manifest.contains("kernels")) {
    error = dir + "/manifest.json: missing or not written by picoc-tune --prepare";
    return false;
  }
  for (const nlohmann::json &k : manifest["kernels"]) {
    std::string key = k["key"];
    std::string device, why;
    std::vector<CandidateResult> rs = readResults(dir + "/" + key + ".results", why, &device);
    if (rs.size() != k["schedules"].size() || !rs[0].ok) {
      llvm::errs() << "  " << key << ": not recorded: "
                   << (!why.empty() ? why : rs.empty() ? "no results" : "the reference did not run")
                   << "\n";
      continue;
    }
    auto scheduleOf = [&](size_t i) {
      std::vector<Opt> opts;
      scheduleFromJson(k["schedules"][i].dump(), opts, why);
      return opts;
    };
    size_t best = 0;
    for (size_t i = 0; i < rs.size(); ++i) {
      if (!rs[i].ok)
        continue;
      db.addMeasurement({key, manifest["target"], manifest["precision"], scheduleOf(i),
                         k["features"][i].get<std::vector<double>>(), rs[i].timeUs});
      if (rs[i].timeUs < rs[best].timeUs)
        best = i;
    }
    if (rs[best].timeUs >= 0.97 * rs[0].timeUs)
      best = 0;
    const std::string kernel = k["kernel"];
    db.add({key, manifest["target"], manifest["precision"], scheduleOf(best), rs[best].timeUs,
            rs[0].timeUs, kernel, today(), device.empty() ? hostDevice() : device});
    char text[160];
    snprintf(text, sizeof text, "%.1f us -> %.1f us (%.2fx)", rs[0].timeUs, rs[best].timeUs,
             rs[0].timeUs / rs[best].timeUs);
    llvm::errs() << "  " << key << " " << kernel << ": " << text
                 << (best == 0 ? ", the heuristic schedule kept" : "") << "\n";
  }
  // The whole-model checks, judged as checkModel judges them.
  for (const nlohmann::json &m : manifest.value("models", nlohmann::json::array())) {
    std::string why;
    std::vector<CandidateResult> rs = readResults(dir + "/" + m["library"].get<std::string>() +
                                                      ".results", why);
    std::vector<CheckedKernel> checked;
    for (const nlohmann::json &k : m["kernels"]) {
      CheckedKernel c{k["key"], {}, {}};
      if (!scheduleFromJson(k["tuned"].dump(), c.tuned, why) ||
          !scheduleFromJson(k["heuristic"].dump(), c.heuristic, why))
        break;
      checked.push_back(std::move(c));
    }
    if (checked.size() != m["kernels"].size())
      rs.clear(); // `why` says which schedule did not read
    llvm::errs() << "  " << m["model"].get<std::string>() << ": "
                 << settleModelCheck(rs, why, db, manifest["target"], manifest["precision"],
                                     checked)
                 << "\n";
  }
  return true;
}

bool Tuner::tune(const Program &program, const Kernel &kernel, const std::string &key,
                 double budget, TuningDb &db, std::string &report) {
  Clock::time_point start = Clock::now();
  std::string why;
  std::optional<Program> isolated = isolateKernel(program, kernel, why);
  if (!isolated) {
    report = "not tuned: " + why;
    return false;
  }
  Kernel scratch = isolated->kernels[0];
  const std::vector<Opt> heuristic = kernel.opts;
  if (!applySchedule(scratch, heuristic, scheduleTarget_, why)) {
    report = "not tuned: its schedule does not apply alone: " + why;
    return false;
  }
  // Times relative to the reference's in the same round (1 = the heuristic's).
  std::map<std::string, double> relative = {{scheduleToJson(heuristic), 1.0}};
  std::vector<std::vector<Opt>> beam = {heuristic};
  double referenceUs = 0;
  int measured = 0;
  std::mt19937 rng(static_cast<uint32_t>(std::stoull(key.substr(0, 8), nullptr, 16)));
  auto record = [&](const std::vector<Opt> &schedule, double us) {
    db.addMeasurement(
        {key, dbTarget_, precision_, schedule, featuresOf(*isolated, schedule), us});
  };
  for (int r = 0; r < options_.rounds && secondsSince(start) < budget; ++r) {
    std::vector<std::vector<Opt>> pool;
    std::set<std::string> inPool;
    for (const std::vector<Opt> &s : beam)
      for (std::vector<Opt> &n : neighbours(scratch, s, scheduleTarget_, target_))
        if (!relative.count(scheduleToJson(n)) && inPool.insert(scheduleToJson(n)).second)
          pool.push_back(std::move(n));
    if (pool.empty())
      break;
    pool = rank(*isolated, std::move(pool), rng);
    std::vector<std::vector<Opt>> schedules = {heuristic};
    schedules.insert(schedules.end(), pool.begin(), pool.end());
    std::vector<CandidateResult> results = round(*isolated, schedules, why);
    if (results.size() != schedules.size() || !results[0].ok) {
      report = "not tuned: " + (results.empty() ? why : results[0].message);
      return false;
    }
    double before = std::min_element(relative.begin(), relative.end(), [](auto &a, auto &b) {
                      return a.second < b.second;
                    })->second;
    referenceUs = results[0].timeUs;
    record(heuristic, referenceUs);
    for (size_t i = 1; i < results.size(); ++i) {
      // A wrong or failing candidate is never chosen; it stays in `relative` as seen.
      relative[scheduleToJson(schedules[i])] =
          results[i].ok ? results[i].timeUs / referenceUs : 1e30;
      if (results[i].ok)
        record(schedules[i], results[i].timeUs);
      ++measured;
    }
    // The beam: the fastest schedules measured so far.
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto &[s, t] : relative)
      ranked.push_back({t, s});
    std::sort(ranked.begin(), ranked.end());
    beam.clear();
    for (size_t i = 0; i < ranked.size() && static_cast<int>(beam.size()) < options_.beam; ++i) {
      std::vector<Opt> opts;
      if (ranked[i].first < 1e29 && scheduleFromJson(ranked[i].second, opts, why))
        beam.push_back(opts);
    }
    if (ranked[0].first > before * 0.98)
      break;
  }
  // The best, timed again beside the reference.
  auto best = std::min_element(relative.begin(), relative.end(),
                               [](auto &a, auto &b) { return a.second < b.second; });
  std::vector<Opt> chosen = heuristic;
  double chosenUs = referenceUs;
  if (best->first != scheduleToJson(heuristic)) {
    std::vector<Opt> opts;
    scheduleFromJson(best->first, opts, why);
    std::vector<CandidateResult> again = round(*isolated, {heuristic, opts}, why);
    if (again.size() == 2 && again[0].ok && again[1].ok) {
      referenceUs = again[0].timeUs;
      if (again[1].timeUs < 0.97 * referenceUs) {
        chosen = opts;
        chosenUs = again[1].timeUs;
      } else {
        chosenUs = referenceUs;
      }
    }
  }
  db.add({key, dbTarget_, precision_, chosen, chosenUs, referenceUs,
          kernel.name + " (" + kernel.location + ")", today(), hostDevice()});
  char line[256];
  snprintf(line, sizeof line, "%d candidates, %.1f us -> %.1f us (%.2fx) in %.0f s", measured,
           referenceUs, chosenUs, referenceUs / chosenUs, secondsSince(start));
  report = line + (chosen == heuristic ? std::string(", the heuristic schedule kept")
                                       : ", " + scheduleToJson(chosen));
  return true;
}

std::optional<Program> Tuner::modelCheckRound(const Program &heuristic, const TuningDb &db,
                                              std::vector<CheckedKernel> &checked,
                                              std::string &report) const {
  Program tuned = heuristic;
  applyTuning(
      tuned, db, dbTarget_, scheduleTarget_.precision, scheduleTarget_,
      [&](const Kernel &k, std::string &why) { return target_.supportsKernel(k, why); },
      [](const std::string &) {}); // the warnings were the kernels' own tuning's to give
  checked.clear();
  std::set<std::string> keys;
  for (size_t i = 0; i < heuristic.kernels.size(); ++i) {
    const Kernel &k = heuristic.kernels[i];
    if (tuned.kernels[i].opts == k.opts)
      continue;
    std::string key = tuningKey(k, heuristic.buffers);
    if (keys.insert(key).second)
      checked.push_back({key, tuned.kernels[i].opts, k.opts});
  }
  if (checked.empty()) {
    report = "no kernel takes a tuned schedule";
    return std::nullopt;
  }
  std::string why;
  std::optional<Program> round = modelCheckProgram(heuristic, tuned, kModelCheckPairs, why);
  if (!round)
    report = "not checked whole: " + why;
  return round;
}

bool Tuner::checkModel(const Program &heuristic, const std::vector<char> &weights, TuningDb &db,
                       std::string &report) {
  std::vector<CheckedKernel> checked;
  std::optional<Program> round = modelCheckRound(heuristic, db, checked, report);
  if (!round)
    return checked.empty(); // nothing to check, or a program the check does not measure
  std::string dir = options_.workDir + "/model", why;
  llvm::sys::fs::create_directories(dir);
  std::vector<CandidateResult> results;
  if (compileProgram(*round, weights, dir + "/model.so", why))
    results = measureIsolated(dir + "/model.so", wholeModelOptions(), dir, 1800, why);
  llvm::sys::fs::remove_directories(dir);
  report = settleModelCheck(results, why, db, dbTarget_, precision_, checked);
  return results.size() == 2 * kModelCheckPairs && results[0].ok;
}

bool Tuner::prepareModelCheck(const Program &heuristic, const std::vector<char> &weights,
                              const TuningDb &db, const std::string &model,
                              const std::string &dir, nlohmann::json &manifest,
                              std::string &report) {
  std::vector<CheckedKernel> checked;
  std::optional<Program> round = modelCheckRound(heuristic, db, checked, report);
  if (!round)
    return false;
  std::string library = "model-" + std::to_string(manifest["models"].size());
  std::string why;
  if (!compileProgram(*round, weights, dir + "/" + library + ".so", why)) {
    report = "not checked whole: " + why;
    return false;
  }
  nlohmann::json kernels = nlohmann::json::array();
  for (const CheckedKernel &c : checked)
    kernels.push_back({{"key", c.key},
                       {"tuned", nlohmann::json::parse(scheduleToJson(c.tuned))},
                       {"heuristic", nlohmann::json::parse(scheduleToJson(c.heuristic))}});
  manifest["models"].push_back({{"model", model}, {"library", library}, {"kernels", kernels}});
  report = "whole-model check of " + std::to_string(checked.size()) + " tuned kernels compiled";
  return true;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"picoc-tune: measures candidate schedules of each kernel of the models on this "
               "machine and records the fastest in a tuning database (picoc --tuning-db)"};
  CompileOptions options;
  tools::ModelFlags flags;
  TuneOptions tune;
  tools::addModelFlags(app, options, flags);
  app.add_option("--db", tune.db, "the tuning database to add to (created if missing)")
      ->required();
  app.add_option("--budget", tune.modelBudget, "seconds of tuning per model, at most")
      ->capture_default_str();
  app.add_option("--kernel-budget", tune.kernelBudget, "seconds of tuning per kernel, at most")
      ->capture_default_str();
  app.add_option("--beam", tune.beam, "schedules the search keeps each round")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--candidates", tune.candidates, "schedules measured per round, at most")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--rounds", tune.rounds, "rounds per kernel, at most")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_flag("--retune", tune.retune,
               "tune kernels the database already holds for this target and precision");
  app.add_flag("!--no-model-check", tune.modelCheck,
               "skip the whole-model check: by default each model is timed whole with the "
               "heuristics' schedules and with the database's, and where the tuned build is not "
               "faster its kernels' entries are put back to the heuristic schedules (with "
               "--prepare: compiled into DIR against the database as it stands, judged by "
               "--record)");
  app.add_option("--min-work", tune.minWork,
                 "leave kernels of fewer element operations (outputs x reduction terms) to the "
                 "heuristics")
      ->capture_default_str();
  std::string costModelPath, trainPath;
  app.add_option("--cost-model", costModelPath,
                 "a cost model (--train-cost-model) that ranks each round's candidates: only "
                 "the --candidates it predicts fastest are timed (default: a random sample)");
  app.add_option("--train-cost-model", trainPath,
                 "after tuning (or without models), fit a cost model to the database's "
                 "measurements for the target, report its rank correlation on held-out kernels, "
                 "and write it to FILE");
  std::vector<std::string> mergePaths;
  app.add_option("--merge", mergePaths,
                 "add other databases to --db (an entry of a key, target and precision both "
                 "hold: the faster stays; measurements: all)");
  std::string prepareDir, recordDir;
  app.add_option("--prepare", prepareDir,
                 "measure elsewhere: compile each kernel's candidates into DIR (one round, from "
                 "the database's schedule or the heuristics'; added to what DIR holds for the "
                 "same target), for picoc-tune-measure DIR on the machine to tune for (a GPU "
                 "machine for sm_XX)");
  app.add_option("--record", recordDir,
                 "add what picoc-tune-measure measured in DIR (prepared by --prepare) to the "
                 "database");
  app.add_option("--runtime-dir", tune.runtimeDir, "where libpicort.a is")->capture_default_str();
  app.add_option("--cc", tune.cc, "the C compiler that links candidates")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (!tools::finishModelFlags(options, flags))
    return 1;
  if (options.target.target.rfind("sm_", 0) == 0 && prepareDir.empty() && recordDir.empty() &&
      !options.inputPaths.empty()) {
    llvm::errs() << "picoc-tune: a GPU target is measured on the GPU machine: picoc-tune "
                    "--prepare DIR here, DIR/picoc-tune-measure DIR there, then picoc-tune "
                    "--record DIR --db FILE here\n";
    return 1;
  }
  if (options.inputPaths.empty() && trainPath.empty() && recordDir.empty() &&
      mergePaths.empty()) {
    llvm::errs() << "picoc-tune: no model to tune (or --train-cost-model FILE, --record DIR, "
                    "--merge FILE)\n";
    return 1;
  }
  options.tuningDb.clear(); // candidates start from the heuristics
  options.target.name = "tune"; // the rounds' symbols: tune_desc (Measure.h)
  options.quiet = true;

  TuningDb db;
  std::string error;
  if (llvm::sys::fs::exists(tune.db) && !db.load(tune.db, error, /*measurements=*/true)) {
    llvm::errs() << "picoc-tune: " << error << "\n";
    return 1;
  }
  for (const std::string &path : mergePaths) {
    TuningDb other;
    if (!other.load(path, error, /*measurements=*/true)) {
      llvm::errs() << "picoc-tune: " << error << "\n";
      return 1;
    }
    db.merge(other);
  }
  if (!mergePaths.empty() && !db.save(tune.db, error)) {
    llvm::errs() << "picoc-tune: " << error << "\n";
    return 1;
  }
  auto target = createTarget(options.target, error);
  if (!target) {
    llvm::errs() << "picoc-tune: " << error << "\n";
    return 1;
  }
  const std::string dbTarget = tuningTarget(target->name(), target->scheduleTarget());
  llvm::SmallString<128> workDir;
  if (llvm::sys::fs::createUniqueDirectory("picoc-tune", workDir)) {
    llvm::errs() << "picoc-tune: cannot create a work directory\n";
    return 1;
  }
  tune.workDir = workDir.str().str();
  if (!costModelPath.empty()) {
    tune.costModel.emplace();
    if (!tune.costModel->load(costModelPath, error)) {
      llvm::errs() << "picoc-tune: " << error << "\n";
      return 1;
    }
    if (tune.costModel->target != dbTarget)
      llvm::errs() << "picoc-tune: warning: the cost model was trained on "
                   << tune.costModel->target << ", this target is " << dbTarget << "\n";
  }
  std::string precision = precisionName(options.target.precision);
  Tuner tuner(tune, *target, precision);
  int rc = 0;
  if (!recordDir.empty()) {
    llvm::errs() << recordDir << ": recording\n";
    if (!record(recordDir, db, error) || !db.save(tune.db, error)) {
      llvm::errs() << "picoc-tune: " << error << "\n";
      return 1;
    }
  }
  nlohmann::json manifest = {{"target", dbTarget},
                             {"precision", precision},
                             {"kernels", nlohmann::json::array()},
                             {"models", nlohmann::json::array()}};
  std::set<std::string> prepared; // keys the directory already holds (an earlier model's)
  if (!prepareDir.empty()) {
    llvm::sys::fs::create_directories(prepareDir);
    std::ifstream in(prepareDir + "/manifest.json");
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json earlier = nlohmann::json::parse(text.str(), nullptr, false);
    if (in && !earlier.is_discarded() && earlier.value("target", "") == dbTarget &&
        earlier.value("precision", "") == precision && earlier.contains("kernels"))
      manifest = earlier;
    for (const nlohmann::json &k : manifest["kernels"])
      prepared.insert(k["key"].get<std::string>());
    llvm::sys::fs::remove(prepareDir + "/picoc-tune-measure");
    std::error_code ec = llvm::sys::fs::copy_file(PICOC_TUNE_MEASURE_PATH,
                                                  prepareDir + "/picoc-tune-measure");
    if (!ec)
      ec = llvm::sys::fs::setPermissions(prepareDir + "/picoc-tune-measure",
                                         llvm::sys::fs::all_read | llvm::sys::fs::all_exe |
                                             llvm::sys::fs::owner_write);
    if (ec) {
      llvm::errs() << "picoc-tune: " << prepareDir << "/picoc-tune-measure: " << ec.message()
                   << "\n";
      return 1;
    }
  }
  for (size_t m = 0; m < options.inputPaths.size(); ++m) {
    CompileOptions one = options;
    one.inputPaths = {options.inputPaths[m]};
    one.entryNames = {options.entryNames[m]};
    Program program;
    std::vector<char> weights;
    one.programOut = &program;
    one.weightsOut = &weights;
    if (compileModel(one, llvm::errs()) != 0) {
      rc = 1;
      continue;
    }
    // Each distinct kernel once, the costliest first.
    std::vector<std::pair<std::string, const Kernel *>> kernels;
    std::set<std::string> keys;
    for (const Kernel &k : program.kernels) {
      std::string key = tuningKey(k, program.buffers);
      if (keys.insert(key).second && work(k) >= static_cast<double>(tune.minWork) &&
          (prepareDir.empty() ? tune.retune || !db.find(key, dbTarget, precision)
                              : !prepared.count(key)))
        kernels.push_back({key, &k});
    }
    std::stable_sort(kernels.begin(), kernels.end(),
                     [](auto &a, auto &b) { return work(*a.second) > work(*b.second); });
    llvm::errs() << options.inputPaths[m] << ": " << kernels.size() << " kernels to tune for "
                 << dbTarget << " (" << precision << ")\n";
    Clock::time_point start = Clock::now();
    for (size_t i = 0; i < kernels.size(); ++i) {
      double left = tune.modelBudget - secondsSince(start);
      if (left <= 0) {
        llvm::errs() << "  the model's budget is spent: " << kernels.size() - i
                     << " kernels left to the heuristics\n";
        break;
      }
      const Kernel &k = *kernels[i].second;
      std::string report;
      if (!prepareDir.empty())
        tuner.prepare(program, k, kernels[i].first, db, prepareDir, manifest, report);
      else
        tuner.tune(program, k, kernels[i].first, std::min(left, tune.kernelBudget), db, report);
      llvm::errs() << "  [" << i + 1 << "/" << kernels.size() << "] " << k.name << " ("
                   << k.location << ") " << kernels[i].first << ": " << report << "\n";
      if (!db.save(tune.db, error)) {
        llvm::errs() << "picoc-tune: " << error << "\n";
        return 1;
      }
    }
    if (tune.modelCheck) {
      std::string report;
      if (prepareDir.empty())
        tuner.checkModel(program, weights, db, report);
      else
        tuner.prepareModelCheck(program, weights, db, options.inputPaths[m], prepareDir,
                                manifest, report);
      llvm::errs() << "  " << report << "\n";
      if (!db.save(tune.db, error)) {
        llvm::errs() << "picoc-tune: " << error << "\n";
        return 1;
      }
    }
  }
  llvm::sys::fs::remove_directories(tune.workDir);
  if (!prepareDir.empty()) {
    std::ofstream out(prepareDir + "/manifest.json");
    out << manifest.dump(1) << "\n";
    llvm::errs() << prepareDir << ": " << manifest["kernels"].size() << " kernels and "
                 << manifest["models"].size() << " whole-model checks prepared; run " << prepareDir << "/picoc-tune-measure "
                 << prepareDir << " where they are to be measured, then picoc-tune --record "
                 << prepareDir << " --db " << tune.db << "\n";
    return rc;
  }
  if (!db.save(tune.db, error)) {
    llvm::errs() << "picoc-tune: " << error << "\n";
    return 1;
  }
  if (!trainPath.empty()) {
    std::vector<TuningMeasurement> data;
    for (const TuningMeasurement &m : db.measurements())
      if (m.target == dbTarget && m.precision == precision)
        data.push_back(m);
    Validation v = crossValidate(data, 5);
    CostModel model;
    model.target = dbTarget;
    if (!model.fit(data)) {
      llvm::errs() << "picoc-tune: " << data.size() << " measurements for " << dbTarget
                   << " (" << precision << ") are too few to fit a cost model\n";
      return 1;
    }
    llvm::errs() << "cost model for " << dbTarget << ": " << data.size()
                 << " measurements; Spearman rank correlation on held-out kernels (5 folds by "
                    "kernel): "
                 << llvm::format("%.3f", v.meanCorrelation) << " over " << v.kernels
                 << " kernels\n";
    if (!model.save(trainPath, error)) {
      llvm::errs() << "picoc-tune: " << error << "\n";
      return 1;
    }
  }
  return rc;
}
