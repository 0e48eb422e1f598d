//===- CostModel.h - a learned model of a kernel's time under a schedule --------------===//
//
// picoc-tune times only the candidates this model ranks fastest (--cost-model). The model is
// gradient-boosted regression trees on log2(time): each tree fits what the trees before it
// left unexplained (squared error), on a random 80% of the measurements, and adds a shrunk
// (learning rate) step. Its inputs are the features of Candidates.h: the kernel's sizes and
// traffic, and its schedule, both as the tuner computed them when it timed the candidate
// (features) and as counted from the schedule itself (scheduleFeatures: every kind of opt,
// GPU ones included, which the older features did not see).
//
// Each kernel's measurements are centered on their mean before the fit, so the model predicts
// a candidate's log time up to a constant of its kernel: enough to rank one kernel's
// candidates, which is all the tuner asks. Trees rather than a linear model because what a
// schedule's amount is worth depends on the kernel and the other amounts (an upcast of 16
// helps a long row, not a short one; 512 threads help only with enough blocks to fill the
// GPU): on the session-25 measurements a ridge regression on the same features with products
// of schedule and size features ranked held-out kernels at 0.31 (CPU) and 0.13 (GPU), the
// trees at 0.57 and 0.84 (bench/RESULTS.md, session 26).
//
// It is trained on the measurements a tuning database holds (`picoc-tune --train-cost-model`)
// and stored as JSON: {"version": 2, "target", "inputs", "rate", "trees": [[node, ...], ...]},
// a node [feature, threshold, left, right, value] (feature -1: a leaf of that value; else
// inputs[feature] <= threshold goes to node `left`, others to `right`). Fitting is
// deterministic (a fixed seed), so the same measurements give the same file.
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

struct BoostingOptions {
  int trees = 300, depth = 4;
  double rate = 0.05;    // each tree's step is shrunk by this
  int minLeaf = 10;      // measurements in a leaf, at least
  double subsample = 0.8; // the share of measurements each tree is fitted to
};

class CostModel {
public:
  // Fits the model to `data` (features, schedules and times); false when there are fewer
  // measurements than two leaves need.
  bool fit(const std::vector<kir::TuningMeasurement> &data, const BoostingOptions &options = {});
  // Predicted log2 of the time in microseconds, up to a constant of the kernel.
  double predict(const std::vector<double> &features, const std::vector<kir::Opt> &schedule) const;

  bool load(const std::string &path, std::string &error);
  bool save(const std::string &path, std::string &error) const;

  std::string target; // the measurements' target (the CPU or GPU it was trained on)

private:
  struct Node {
    int feature = -1; // -1: a leaf
    double threshold = 0;
    int left = 0, right = 0;
    double value = 0;
  };
  using Tree = std::vector<Node>;
  double predictInputs(const std::vector<double> &inputs) const;

  int inputs_ = 0;
  double rate_ = 0;
  std::vector<Tree> trees_;
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
                         const BoostingOptions &options = {});

} // namespace picoc::tune

#endif // PICOC_TOOLS_PICOC_TUNE_COSTMODEL_H
