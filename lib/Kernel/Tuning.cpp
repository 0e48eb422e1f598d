//===- Tuning.cpp - the tuning database, its keys, and applying it --------------------===//

#include "picoc/Kernel/Tuning.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace picoc::kir {

double roundToDigits(double value, int digits) {
  if (value == 0 || !std::isfinite(value))
    return value;
  double scale = std::pow(10.0, digits - 1 - std::floor(std::log10(std::abs(value))));
  return std::round(value * scale) / scale;
}

std::string tuningKey(const Kernel &kernel, const std::vector<Buffer> &buffers) {
  std::string key = structuralKey(kernel, buffers, /*schedule=*/false);
  uint64_t h = 1469598103934665603ull; // FNV-1a, 64 bits
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char text[17];
  snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

std::string tuningTarget(const std::string &targetName, const ScheduleTarget &target) {
  return target.gpu ? targetName : targetName + ":" + std::to_string(target.threads);
}

namespace {

using nlohmann::json;

json scheduleJson(const std::vector<Opt> &opts) { return json::parse(scheduleToJson(opts)); }

// The fields every record has: key, target, precision, schedule. False with `error` set.
bool readRecord(const json &j, std::string &key, std::string &target, std::string &precision,
                std::vector<Opt> &schedule, std::string &error) {
  if (!j.is_object() || !j.contains("key") || !j["key"].is_string() || !j.contains("target") ||
      !j["target"].is_string() || !j.contains("precision") || !j["precision"].is_string() ||
      !j.contains("schedule") || !j.contains("time_us") || !j["time_us"].is_number()) {
    error = "a record needs \"key\", \"target\", \"precision\" (strings), \"schedule\" and "
            "\"time_us\" (a number): " + j.dump().substr(0, 200);
    return false;
  }
  key = j["key"];
  target = j["target"];
  precision = j["precision"];
  if (!precisionFromName(precision)) {
    error = "unknown precision '" + precision + "'";
    return false;
  }
  return scheduleFromJson(j["schedule"].dump(), schedule, error);
}

std::string stringOr(const json &j, const char *field) {
  return j.contains(field) && j[field].is_string() ? j[field].get<std::string>() : "";
}

} // namespace

std::string TuningDb::measurementsPath(const std::string &path) {
  const std::string suffix = ".json";
  bool json = path.size() > suffix.size() &&
              path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  return (json ? path.substr(0, path.size() - suffix.size()) : path) + ".measurements.json";
}

namespace {

// `path` parsed as JSON; a discarded value when it cannot be read (then `readable` is false)
// or parsed.
json readJson(const std::string &path, bool &readable) {
  std::ifstream in(path);
  readable = static_cast<bool>(in);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
}

// A record a line, so that diffs of a committed file stay readable.
std::string recordLines(const json &records) {
  std::string text;
  for (size_t i = 0; i < records.size(); ++i)
    text += std::string(i ? ",\n  " : "\n  ") + records[i].dump();
  return "[" + text + (records.empty() ? "]" : "\n ]");
}

// Writes `text` beside `path` and renames it over: an interrupted save never leaves half a file.
bool writeAtomically(const std::string &path, const std::string &text, std::string &error) {
  std::string temp = path + ".tmp";
  {
    std::ofstream out(temp);
    out << text;
    if (!out) {
      error = temp + ": cannot write the tuning database";
      return false;
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    error = path + ": cannot write the tuning database";
    return false;
  }
  return true;
}

} // namespace

bool TuningDb::load(const std::string &path, std::string &error, bool measurements) {
  bool readable = false;
  json j = readJson(path, readable);
  if (!readable) {
    error = path + ": cannot read the tuning database";
    return false;
  }
  std::string failing = path;
  auto fail = [&](const std::string &why) {
    error = failing + ": not a picoc tuning database: " + why;
    return false;
  };
  if (j.is_discarded())
    return fail("not valid JSON");
  if (!j.is_object() || !j.contains("version") || j["version"] != 1 || !j.contains("entries") ||
      !j["entries"].is_array())
    return fail("expected {\"version\": 1, \"entries\": [...]}");
  TuningDb db;
  for (const json &e : j["entries"]) {
    TuningEntry entry;
    std::string why;
    if (!readRecord(e, entry.key, entry.target, entry.precision, entry.schedule, why))
      return fail(why);
    entry.timeUs = e["time_us"];
    entry.heuristicUs = e.contains("heuristic_us") && e["heuristic_us"].is_number()
                            ? e["heuristic_us"].get<double>()
                            : 0;
    entry.kernel = stringOr(e, "kernel");
    entry.date = stringOr(e, "date");
    entry.device = stringOr(e, "device");
    db.add(entry);
  }
  failing = measurementsPath(path);
  json m = measurements ? readJson(failing, readable) : json();
  if (measurements && readable) {
    if (m.is_discarded() || !m.is_object() || !m.contains("measurements") ||
        !m["measurements"].is_array())
      return fail("expected {\"version\": 1, \"measurements\": [...]}");
    for (const json &e : m["measurements"]) {
      TuningMeasurement record;
      std::string why;
      if (!readRecord(e, record.key, record.target, record.precision, record.schedule, why))
        return fail(why);
      record.timeUs = e["time_us"];
      if (e.contains("features")) {
        if (!e["features"].is_array())
          return fail("a measurement's \"features\" is not an array");
        for (const json &f : e["features"]) {
          if (!f.is_number())
            return fail("a measurement's \"features\" are numbers");
          record.features.push_back(f.get<double>());
        }
      }
      db.measurements_.push_back(std::move(record));
    }
  }
  *this = std::move(db);
  return true;
}

bool TuningDb::save(const std::string &path, std::string &error) const {
  json entries = json::array(), measurements = json::array();
  for (const auto &[id, e] : entries_)
    entries.push_back({{"key", e.key},
                       {"target", e.target},
                       {"precision", e.precision},
                       {"schedule", scheduleJson(e.schedule)},
                       {"time_us", e.timeUs},
                       {"heuristic_us", e.heuristicUs},
                       {"kernel", e.kernel},
                       {"date", e.date},
                       {"device", e.device}});
  // Features keep 7 significant digits: they are log2 sizes and amounts, and the file (the cost
  // model's data, tens of thousands of lines) is a third the size of full precision.
  auto rounded = [](std::vector<double> features) {
    for (double &f : features)
      f = roundToDigits(f, 7);
    return features;
  };
  for (const TuningMeasurement &m : measurements_)
    measurements.push_back({{"key", m.key},
                            {"target", m.target},
                            {"precision", m.precision},
                            {"schedule", scheduleJson(m.schedule)},
                            {"time_us", m.timeUs},
                            {"features", rounded(m.features)}});
  if (!measurements_.empty() &&
      !writeAtomically(measurementsPath(path),
                       "{\n \"version\": 1,\n \"measurements\": " + recordLines(measurements) +
                           "\n}\n",
                       error))
    return false;
  return writeAtomically(path, "{\n \"version\": 1,\n \"entries\": " + recordLines(entries) + "\n}\n",
                         error);
}

void TuningDb::add(const TuningEntry &entry) {
  auto [it, fresh] = entries_.try_emplace({entry.target, entry.precision, entry.key}, entry);
  if (!fresh && entry.timeUs < it->second.timeUs) {
    double heuristic = it->second.heuristicUs;
    it->second = entry;
    if (it->second.heuristicUs == 0)
      it->second.heuristicUs = heuristic;
  }
}

void TuningDb::merge(const TuningDb &other) {
  for (const auto &[id, e] : other.entries_)
    add(e);
  measurements_.insert(measurements_.end(), other.measurements_.begin(),
                       other.measurements_.end());
}

const TuningEntry *TuningDb::find(const std::string &key, const std::string &target,
                                  const std::string &precision) const {
  auto it = entries_.find({target, precision, key});
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<TuningEntry> TuningDb::entries() const {
  std::vector<TuningEntry> all;
  for (const auto &[id, e] : entries_)
    all.push_back(e);
  return all;
}

namespace {

// `buffers` with every weight taken as a graph input: a kernel reads a weight as it reads an
// input of the same type and shape, so a schedule tuned with one holds for the other (the
// 320-channel 3x3 conv, tuned with its filter a graph input at 0.46 ms on an H200, ran 0.64
// ms on the heuristics' schedule with its filter held).
std::vector<Buffer> weightsAsInputs(std::vector<Buffer> buffers) {
  for (Buffer &b : buffers)
    if (b.kind == BufferKind::Weight)
      b.kind = BufferKind::Input;
  return buffers;
}

bool readsWeights(const Kernel &k, const std::vector<Buffer> &buffers) {
  return buffers[k.output].kind == BufferKind::Weight ||
         std::any_of(k.inputs.begin(), k.inputs.end(),
                     [&](int id) { return buffers[id].kind == BufferKind::Weight; });
}

} // namespace

int applyTuning(Program &program, const TuningDb &db, const std::string &target,
                Precision precision, const ScheduleTarget &scheduleTarget,
                const std::function<bool(const Kernel &, std::string &)> &supports,
                const std::function<void(const std::string &)> &warn) {
  int applied = 0;
  std::vector<Buffer> asInputs; // weightsAsInputs(program.buffers), made on first use
  for (Kernel &k : program.kernels) {
    std::string key = tuningKey(k, program.buffers);
    const TuningEntry *entry = db.find(key, target, precisionName(precision));
    if (!entry && readsWeights(k, program.buffers)) {
      if (asInputs.empty())
        asInputs = weightsAsInputs(program.buffers);
      std::string alias = tuningKey(k, asInputs);
      if ((entry = db.find(alias, target, precisionName(precision))))
        key = alias;
    }
    // An entry whose search found nothing faster than the heuristics holds the heuristic
    // schedule of its day: it says nothing against today's heuristics, which may have
    // improved since (the 320-channel tf32 conv's old 256-wide wgmma tile, pinned so, ran
    // 1.24x slower than the heuristics' 160-wide one).
    if (!entry || (entry->heuristicUs > 0 && entry->timeUs >= entry->heuristicUs))
      continue;
    std::vector<Opt> heuristic = k.opts;
    std::string why;
    if (!applySchedule(k, entry->schedule, scheduleTarget, why) || !supports(k, why)) {
      k.opts = heuristic;
      warn("kernel " + k.name + " (node '" + k.location + "'): the tuning database's schedule " +
           scheduleToJson(entry->schedule) + " for key " + key +
           " no longer applies, keeping the heuristic one: " + why);
      continue;
    }
    ++applied;
  }
  return applied;
}

} // namespace picoc::kir
