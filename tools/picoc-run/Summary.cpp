//===- Summary.cpp - the per-case lines and the closing summary of a run -------------===//
#include "Summary.h"

#include <cstdio>
#include <fstream>
#include <regex>

namespace picoc::run {

bool filterCases(const std::vector<TestCase> &all, const std::string &filter,
                 std::vector<TestCase> &selected, std::string &error) {
  std::regex pattern;
  try {
    pattern = std::regex(filter);
  } catch (const std::regex_error &e) {
    error = "bad --filter '" + filter + "': " + e.what();
    return false;
  }
  for (const TestCase &c : all)
    if (filter.empty() || std::regex_search(c.name, pattern)) selected.push_back(c);
  return true;
}

bool Summary::readList(const std::string &path, std::string &error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  listFile_ = path;
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    size_t b = line.find_first_not_of(" \t\r"), e = line.find_last_not_of(" \t\r");
    if (b != std::string::npos) expected_.insert(line.substr(b, e - b + 1));
  }
  return true;
}

void Summary::badDir(const std::string &dir, const std::string &reason) {
  std::printf("FAIL %s: %s\n", dir.c_str(), reason.c_str());
  std::fflush(stdout);
  failed_++;
  badDirs_ = true;
}

void Summary::report(const TestCase &c, const CaseOutcome &o) {
  if (o.pass) {
    std::printf("%s %s %s\n", passWord_.c_str(), c.name.c_str(), o.detail.c_str());
    passed_++;
    if (!listFile_.empty() && !expected_.count(c.name)) unlisted_.push_back(c.name);
  } else {
    std::printf("FAIL %s: %s\n", c.name.c_str(), o.detail.c_str());
    failed_++;
    if (expected_.count(c.name)) regressions_.push_back(c.name);
  }
  std::fflush(stdout);
}

int Summary::finish(const std::vector<TestCase> &found) {
  if (!listFile_.empty()) {
    std::set<std::string> names;
    for (const TestCase &c : found) names.insert(c.name);
    std::vector<std::string> missing;
    for (const std::string &name : expected_)
      if (!names.count(name)) missing.push_back(name);
    auto printNames = [](const char *title, const std::vector<std::string> &list) {
      if (list.empty()) return;
      std::printf("%s (%zu):\n", title, list.size());
      for (const std::string &n : list) std::printf("  %s\n", n.c_str());
    };
    printNames("listed but not found", missing);
    printNames("passed but not on the list", unlisted_);
    printNames("REGRESSIONS: listed as passing but failed", regressions_);
    if (regressions_.empty()) std::printf("no regressions against %s\n", listFile_.c_str());
  }
  std::printf("%d %s, %d failed\n", passed_, passedWord_.c_str(), failed_);
  std::fflush(stdout);
  if (!listFile_.empty()) return regressions_.empty() && !badDirs_ ? 0 : 1;
  return failed_ > 0 ? 1 : 0;
}

} // namespace picoc::run
