//===- Isolation.cpp - running each case in its own forked process --------------------===//
#include "Isolation.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include <fcntl.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace picoc::run {

namespace {

using Clock = std::chrono::steady_clock;

struct Running {
  size_t index;
  Clock::time_point start;
  std::string workDir;
  bool temporary;
  bool timedOut = false;
};

// Creates the case's work directory; "" with `error` set on failure.
std::string makeWorkDir(const TestCase &c, const IsolationOptions &options, bool &temporary,
                        std::string &error) {
  std::error_code ec;
  temporary = options.keepDir.empty();
  if (!temporary) {
    fs::path dir = fs::absolute(fs::path(options.keepDir) / c.name, ec);
    fs::create_directories(dir, ec);
    for (const char *stale : {"result.txt", "log.txt", "model.so", "model.o", "model.h"})
      fs::remove(dir / stale, ec);
    if (!fs::is_directory(dir)) {
      error = "cannot create " + dir.string();
      return "";
    }
    return dir.string();
  }
  const char *tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/picoc-run-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) {
    error = "cannot create a directory like " + pattern + ": " + std::strerror(errno);
    return "";
  }
  return buf.data();
}

// The telling line of a crashed child's output (within its last 4 KiB): the first one that
// mentions an error, an assertion or a fatal condition (sanitizers, LLVM), else the last
// non-empty one; at most 200 characters, "" if none.
std::string tellingLine(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  in.seekg(size > 4096 ? size - 4096 : 0);
  std::stringstream text;
  text << in.rdbuf();
  static const std::regex telling("error|assert|fatal|abort|terminate", std::regex::icase);
  std::string all = text.str(), last, first;
  std::istringstream lines(all);
  for (std::string line; std::getline(lines, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    last = line;
    if (first.empty() && std::regex_search(line, telling)) first = line;
  }
  if (!first.empty()) last = first;
  return last.size() > 200 ? last.substr(0, 200) + "..." : last;
}

// The child's side: never returns.
[[noreturn]] void runChild(const TestCase &c, const std::string &workDir,
                           const CaseFunction &work, pid_t parent) {
  // Die with picoc-run (killed by ctest's timeout, say) rather than linger as an orphan.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(1);
  int fd = open((workDir + "/log.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
  }
  CaseOutcome outcome;
  try {
    outcome = work(c, workDir);
  } catch (const std::exception &e) {
    outcome = {false, std::string("exception: ") + e.what()};
  } catch (...) {
    outcome = {false, "unknown exception"};
  }
#if defined(__SANITIZE_ADDRESS__)
  // _exit skips LeakSanitizer's check at exit: a sanitized build checks the case here.
  if (__lsan_do_recoverable_leak_check())
    outcome = {false, "LeakSanitizer: the case leaked memory (--keep DIR keeps the report, "
                      "in DIR/<case>/log.txt)"};
#endif
  {
    std::ofstream result(workDir + "/result.txt", std::ios::trunc);
    result << (outcome.pass ? "PASS\n" : "FAIL\n") << outcome.detail;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(outcome.pass ? 0 : 1);
}

// The parent's reading of a finished child.
CaseOutcome collect(const Running &r, int status, int timeoutSeconds) {
  std::string tail = tellingLine(r.workDir + "/log.txt");
  std::string quoted = tail.empty() ? "" : " (it printed: " + tail + ")";
  if (r.timedOut)
    return {false, "timed out after " + std::to_string(timeoutSeconds) + " s" + quoted};
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return {false, "crashed with signal " + std::to_string(sig) + " (" + strsignal(sig) + ")" +
                       quoted};
  }
  std::ifstream in(r.workDir + "/result.txt");
  std::string verdict;
  if (!in || !std::getline(in, verdict) || (verdict != "PASS" && verdict != "FAIL"))
    return {false, "exited with status " + std::to_string(WEXITSTATUS(status)) +
                       " without a result" + quoted};
  std::stringstream detail;
  detail << in.rdbuf();
  return {verdict == "PASS", detail.str()};
}

} // namespace

void runIsolated(const std::vector<TestCase> &cases, const IsolationOptions &options,
                 const CaseFunction &work, const ReportFunction &report) {
  std::vector<std::optional<CaseOutcome>> outcomes(cases.size());
  std::map<pid_t, Running> running;
  size_t next = 0, reported = 0;
  int jobs = options.jobs < 1 ? 1 : options.jobs;
  auto flushReports = [&] {
    while (reported < cases.size() && outcomes[reported]) {
      report(cases[reported], *outcomes[reported]);
      reported++;
    }
  };

  while (reported < cases.size()) {
    // Start cases while there are free slots.
    while (next < cases.size() && static_cast<int>(running.size()) < jobs) {
      size_t index = next++;
      bool temporary = false;
      std::string error, dir = makeWorkDir(cases[index], options, temporary, error);
      if (dir.empty()) {
        outcomes[index] = CaseOutcome{false, error};
        continue;
      }
      std::fflush(stdout);
      std::fflush(stderr);
      pid_t parent = getpid(), pid = fork();
      if (pid == 0) runChild(cases[index], dir, work, parent);
      if (pid < 0) {
        outcomes[index] = CaseOutcome{false, std::string("fork: ") + std::strerror(errno)};
        if (temporary) fs::remove_all(dir);
        continue;
      }
      running.emplace(pid, Running{index, Clock::now(), dir, temporary});
    }
    flushReports();
    if (running.empty()) continue;

    // Reap finished children and kill the ones past their time.
    bool progressed = false;
    for (auto it = running.begin(); it != running.end();) {
      int status = 0;
      pid_t got = waitpid(it->first, &status, WNOHANG);
      if (got == it->first) {
        Running &r = it->second;
        outcomes[r.index] = collect(r, status, options.timeoutSeconds);
        std::error_code ec;
        if (r.temporary) fs::remove_all(r.workDir, ec);
        it = running.erase(it);
        progressed = true;
        continue;
      }
      auto age = std::chrono::duration<double>(Clock::now() - it->second.start).count();
      if (!it->second.timedOut && age > options.timeoutSeconds) {
        it->second.timedOut = true;
        kill(it->first, SIGKILL);
      }
      ++it;
    }
    flushReports();
    if (!progressed) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

} // namespace picoc::run
