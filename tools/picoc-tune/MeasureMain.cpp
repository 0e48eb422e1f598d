//===- MeasureMain.cpp - picoc-tune-measure: time what `picoc-tune --prepare` compiled --===//
//
//   picoc-tune-measure DIR      (on the machine to tune for: a GPU machine for sm_XX)
//
// Runs each kernel's library of candidates in DIR (<key>.so, written by picoc-tune --prepare
// on any machine) in a forked child (Measure.h) and writes <key>.results beside it: a line per
// candidate, "ok time_us error message", after "device NAME" on a GPU. A whole-model check's
// library (model-<n>.so) is timed the same way with wholeModelOptions. `picoc-tune --record
// DIR` then adds the winners to a tuning database. Like picoc-run-cases, it links no compiler
// and carries its C++ runtime, so it runs where only libc and the driver are.
//
//===------------------------------------------------------------------------------===//

#include "Measure.h"

#include <algorithm>
#include <cstdio>
#include <dirent.h>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: picoc-tune-measure DIR   (a directory picoc-tune --prepare wrote)\n");
    return 2;
  }
  std::string dir = argv[1];
  std::vector<std::string> libraries;
  if (DIR *d = opendir(dir.c_str())) {
    while (dirent *e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0)
        libraries.push_back(name.substr(0, name.size() - 3));
    }
    closedir(d);
  }
  std::sort(libraries.begin(), libraries.end());
  if (libraries.empty()) {
    fprintf(stderr, "picoc-tune-measure: no <key>.so in %s\n", dir.c_str());
    return 1;
  }
  int failed = 0;
  for (size_t i = 0; i < libraries.size(); ++i) {
    const std::string &key = libraries[i];
    std::string error, device;
    picoc::tune::MeasureOptions options;
    if (key.rfind("model-", 0) == 0)
      options = picoc::tune::wholeModelOptions();
    std::vector<picoc::tune::CandidateResult> results = picoc::tune::measureIsolated(
        dir + "/" + key + ".so", options, dir, 1800, error, &device);
    writeResults(dir + "/" + key + ".results", results, device, error);
    if (results.empty()) {
      fprintf(stderr, "[%zu/%zu] %s: %s\n", i + 1, libraries.size(), key.c_str(), error.c_str());
      ++failed;
      continue;
    }
    int ok = 0;
    double best = results[0].timeUs;
    for (const picoc::tune::CandidateResult &r : results)
      if (r.ok) {
        ++ok;
        best = std::min(best, r.timeUs);
      }
    fprintf(stderr, "[%zu/%zu] %s: %d of %zu candidates ran, reference %.1f us, best %.1f us\n",
            i + 1, libraries.size(), key.c_str(), ok, results.size(), results[0].timeUs, best);
  }
  return failed ? 1 : 0;
}
