//===- Compare.h - comparing a model's output with its reference -----------------------===//
//
// The check of ONNX's backend-test runner (numpy.testing.assert_allclose): element by element,
//   |got - ref| <= atol + rtol * |ref|
// for floating-point dtypes, where NaN matches NaN and an infinity matches only the same
// infinity; integers and bools must be equal. The result keeps the largest absolute and
// relative errors (relative only where ref != 0) and the worst offending element: the one
// furthest outside its tolerance, a NaN or infinity mismatch counting as the worst.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_RUN_COMPARE_H
#define PICOC_TOOLS_PICOC_RUN_COMPARE_H

#include "TensorFile.h"

#include <cstdint>
#include <string>

namespace picoc::run {

struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-7;
  // > 0: floats are compared normwise instead, |got - ref| <= normwise * max |ref| for every
  // element (a tensor-core precision's error scales with the operands, not with each output).
  double normwise = 0;
};

struct CompareResult {
  int64_t count = 0;      // elements compared
  int64_t mismatches = 0; // elements outside the tolerance
  int64_t worst = -1;     // flat index of the worst mismatch, -1 if none
  double maxAbsError = 0;
  double maxRelError = 0; // over elements with a non-zero reference: blows up near zero
  double maxRefAbs = 0;   // the largest |reference|: maxAbsError / maxRefAbs is a scale-free error
};

// Compares `got` (the reference's shape) with `ref`, both read as `dtype` (the model's; it
// differs from ref.dtype only for bfloat16 stored as uint16, same size).
CompareResult compareTensor(const void *got, const HostTensor &ref, int32_t dtype,
                            const Tolerance &tol);

// "12 of 64 elements differ, worst at [3, 5]: got 1.5 expected 1.25" (for mismatches > 0).
std::string describeMismatch(const CompareResult &result, const void *got, const HostTensor &ref,
                             int32_t dtype);

// One element formatted for a message: integers exactly, floats with 9 significant digits.
std::string formatElement(const void *data, int32_t dtype, int64_t index);

// A case's own tolerance: a `tolerance` file in its directory, one "rtol X", "atol X" or
// "normwise X" a line ('#' starts a comment; the file says why the case needs it), each
// replacing the run's value for that case. No file: `tol` as it is. False with `error` on a
// bad line.
constexpr const char *CaseToleranceFile = "tolerance";
bool readCaseTolerance(const std::string &caseDir, Tolerance &tol, std::string &error);

} // namespace picoc::run

#endif // PICOC_TOOLS_PICOC_RUN_COMPARE_H
