//===- CostModel.h - a learned model of a kernel's time under a schedule --------------===//
//
// picoc-tune times only the candidates this model ranks fastest (--cost-model). The model is
// linear in log2(time): a ridge regression on the features of Candidates.h (sizes, traffic,
// the schedule's amounts, all as log2) and on the products of each schedule feature with the
// kernel's size features (what an upcast of 16 is worth depends on the rows it runs over).
// Each kernel's measurements are centered on their mean before the fit, so the model predicts a
// candidate's log time up to a constant of its kernel: enough to rank one kernel's candidates,
// which is all the tuner asks (on the session-25 CPU data this raised the held-out rank
// correlation from 0.26 to 0.31 over 189 kernels). Features are standardized by the training set's
// means and deviations, which the model keeps.
// It is trained on the measurements a tuning database holds (`picoc-tune --train-cost-model`)
// and stored as JSON: {"version": 1, "target", "lambda", "mean", "scale", "weights"}.
//
// What matters is the order of one kernel's candidates, so it is judged by Spearman's rank
// correlation between predicted and measured times over each kernel's candidates, on kernels
// held out of training (crossValidate: folds by kernel key).
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_TUNE_COSTMODEL_H
#define PICOC_TOOLS_PICOC_TUNE_COSTMODEL_H

#include "picoc/Kernel/Tuning.h"

#include <string>
#include <vector>

namespace picoc::tune {

class CostModel {
public:
  // Fits the model to `data` (features and times); false when there are fewer measurements
  // than the model has weights.
  bool fit(const std::vector<kir::TuningMeasurement> &data, double lambda);
  // Predicted log2 of the time in microseconds.
  double predict(const std::vector<double> &features) const;

  bool load(const std::string &path, std::string &error);
  bool save(const std::string &path, std::string &error) const;

  std::string target; // the measurements' target (the CPU or GPU it was trained on)

private:
  std::vector<double> expand(const std::vector<double> &features) const;
  double lambda_ = 1;
  std::vector<double> mean_, scale_, weights_;
};

// Spearman's rank correlation of two equally long lists (ties take their mean rank).
double rankCorrelation(const std::vector<double> &a, const std::vector<double> &b);

struct Validation {
  double meanCorrelation = 0; // over held-out kernels with at least 3 candidates
  int kernels = 0, measurements = 0;
};
// k-fold cross-validation by kernel key: each fold's kernels are predicted by a model trained
// on the other folds' measurements.
Validation crossValidate(const std::vector<kir::TuningMeasurement> &data, int folds,
                         double lambda);

} // namespace picoc::tune

#endif // PICOC_TOOLS_PICOC_TUNE_COSTMODEL_H
