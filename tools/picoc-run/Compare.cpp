//===- Compare.cpp - comparing a model's output with its reference ---------------------===//
#include "Compare.h"

#include "picort.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

namespace picoc::run {

// True for the dtypes whose bits read as a signed integer.
static bool dtypeIsSigned(int32_t dtype) {
  return dtype == PICORT_DTYPE_INT8 || dtype == PICORT_DTYPE_INT16 ||
         dtype == PICORT_DTYPE_INT32 || dtype == PICORT_DTYPE_INT64 ||
         dtype == PICORT_DTYPE_INT4 || dtype == PICORT_DTYPE_INT2;
}

// Sign-extends the low `width` bits of `bits`.
static int64_t signExtend(uint64_t bits, size_t width) {
  if (width >= 64) return static_cast<int64_t>(bits);
  unsigned shift = 64 - static_cast<unsigned>(width);
  return static_cast<int64_t>(bits << shift) >> shift;
}

std::string formatElement(const void *data, int32_t dtype, int64_t index) {
  char buf[64];
  if (dtypeIsFloat(dtype)) {
    std::snprintf(buf, sizeof buf, "%.9g", elementAsDouble(data, dtype, index));
  } else {
    uint64_t bits = elementBits(data, dtype, index);
    if (dtype == PICORT_DTYPE_BOOL)
      std::snprintf(buf, sizeof buf, "%s", bits == 0 ? "false" : bits == 1 ? "true" : "bad bool");
    else if (dtypeIsSigned(dtype))
      std::snprintf(buf, sizeof buf, "%" PRId64, signExtend(bits, dtypeBits(dtype)));
    else
      std::snprintf(buf, sizeof buf, "%" PRIu64, bits);
  }
  return buf;
}

CompareResult compareTensor(const void *got, const HostTensor &ref, int32_t dtype,
                            const Tolerance &tol) {
  CompareResult r;
  r.count = ref.numElements();
  const double inf = std::numeric_limits<double>::infinity();
  double worstBadness = 0; // |g - r| / tolerance of the worst mismatch so far
  bool isFloat = dtypeIsFloat(dtype);
  double scale = 0; // the largest finite |reference|, for a normwise tolerance
  for (int64_t i = 0; isFloat && tol.normwise > 0 && i < r.count; i++) {
    double e = elementAsDouble(ref.data.data(), dtype, i);
    if (std::isfinite(e))
      scale = std::max(scale, std::fabs(e));
  }
  for (int64_t i = 0; i < r.count; i++) {
    double g, e, badness;
    bool ok;
    if (isFloat) {
      g = elementAsDouble(got, dtype, i);
      e = elementAsDouble(ref.data.data(), dtype, i);
      if (std::isnan(e) || std::isnan(g) || std::isinf(e) || std::isinf(g)) {
        ok = (std::isnan(e) && std::isnan(g)) || g == e;
        badness = ok ? 0 : inf;
        if (!ok) r.maxAbsError = r.maxRelError = inf;
      } else {
        double err = std::fabs(g - e);
        double allowed = tol.normwise > 0 ? tol.normwise * scale : tol.atol + tol.rtol * std::fabs(e);
        ok = err <= allowed;
        badness = allowed > 0 ? err / allowed : (err > 0 ? inf : 0);
        r.maxAbsError = std::max(r.maxAbsError, err);
        r.maxRefAbs = std::max(r.maxRefAbs, std::fabs(e));
        if (e != 0) r.maxRelError = std::max(r.maxRelError, err / std::fabs(e));
      }
    } else {
      uint64_t gb = elementBits(got, dtype, i), eb = elementBits(ref.data.data(), dtype, i);
      ok = gb == eb;
      if (!ok) {
        g = elementAsDouble(got, dtype, i);
        e = elementAsDouble(ref.data.data(), dtype, i);
        double err = std::fabs(g - e);
        r.maxAbsError = std::max(r.maxAbsError, err);
        if (e != 0) r.maxRelError = std::max(r.maxRelError, err / std::fabs(e));
        badness = err > 0 ? err : 1; // equal as doubles but different bits: still wrong
      } else {
        badness = 0;
      }
    }
    if (!ok) {
      if (r.mismatches == 0 || badness > worstBadness) {
        worstBadness = badness;
        r.worst = i;
      }
      r.mismatches++;
    }
  }
  return r;
}

std::string describeMismatch(const CompareResult &result, const void *got, const HostTensor &ref,
                             int32_t dtype) {
  std::string s = std::to_string(result.mismatches) + " of " + std::to_string(result.count) +
                  (result.count == 1 ? " element differs" : " elements differ");
  if (result.worst >= 0)
    s += ", worst at " + formatIndex(ref.shape, result.worst) + ": got " +
         formatElement(got, dtype, result.worst) + " expected " +
         formatElement(ref.data.data(), dtype, result.worst);
  return s;
}

bool readCaseTolerance(const std::string &caseDir, Tolerance &tol, std::string &error) {
  std::string path = caseDir + "/" + CaseToleranceFile;
  std::ifstream in(path);
  int lineNo = 0;
  for (std::string line; in && std::getline(in, line);) {
    lineNo++;
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    std::string key, value, rest;
    if (!(words >> key)) continue;
    words >> value >> rest;
    char *end = nullptr;
    double number = std::strtod(value.c_str(), &end);
    bool ok = !value.empty() && *end == '\0' && rest.empty() && std::isfinite(number) &&
              number >= 0 && (key == "rtol" || key == "atol" || key == "normwise");
    if (!ok) {
      error = path + ":" + std::to_string(lineNo) + ": expected 'rtol X', 'atol X' or "
              "'normwise X', got '" + line + "'";
      return false;
    }
    (key == "rtol" ? tol.rtol : key == "atol" ? tol.atol : tol.normwise) = number;
  }
  return true;
}

} // namespace picoc::run
