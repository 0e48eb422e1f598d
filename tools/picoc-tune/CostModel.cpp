//===- CostModel.cpp - a learned model of a kernel's time under a schedule ------------===//

#include "CostModel.h"
#include "Candidates.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <sstream>

namespace picoc::tune {

using kir::Opt;

namespace {

// What the trees split on: the tuner's features and the schedule's counted opts.
std::vector<double> modelInputs(const std::vector<double> &features,
                                const std::vector<Opt> &schedule) {
  std::vector<double> x = features;
  std::vector<double> s = scheduleFeatures(schedule);
  x.insert(x.end(), s.begin(), s.end());
  return x;
}

// Values in a JSON file keep 7 significant digits (the model in memory is the one saved).
double rounded(double v) { return kir::roundToDigits(v, 7); }

// A feature's candidate split points: midpoints between its distinct values, at most 32
// (quantiles of them where there are more). A value's bin is the number of split points below
// it, so `value <= points[j]` exactly when `bin <= j`.
std::vector<double> splitPoints(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<double> points;
  constexpr size_t kMaxPoints = 32;
  size_t n = values.size();
  for (size_t i = 0; i + 1 < n; ++i) {
    size_t step = n > kMaxPoints + 1 ? (n + kMaxPoints - 1) / kMaxPoints : 1;
    if (i % step == step - 1 || step == 1)
      points.push_back(rounded((values[i] + values[i + 1]) / 2));
  }
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

// The tree fitter: one regression tree of `residual` over the rows `rows`, splitting on the
// binned inputs to the split that most reduces the squared error.
struct TreeFitter {
  const std::vector<std::vector<double>> &points;   // per input
  const std::vector<std::vector<uint8_t>> &bins;    // per row, per input
  const std::vector<double> &residual;
  const BoostingOptions &options;

  // Appends the node for `rows` (and its subtree) to `tree`; returns its index.
  template <typename Tree> int grow(Tree &tree, std::vector<size_t> rows, int depth) const {
    int index = static_cast<int>(tree.size());
    tree.emplace_back();
    double sum = 0;
    for (size_t r : rows)
      sum += residual[r];
    double n = static_cast<double>(rows.size());
    tree[index].value = rounded(options.rate * sum / n);
    if (depth == options.depth || rows.size() < 2 * static_cast<size_t>(options.minLeaf))
      return index;
    double bestGain = 1e-12;
    int bestFeature = -1;
    size_t bestBin = 0;
    for (size_t f = 0; f < points.size(); ++f) {
      size_t nb = points[f].size() + 1;
      if (nb < 2)
        continue;
      std::vector<double> sums(nb, 0);
      std::vector<size_t> counts(nb, 0);
      for (size_t r : rows) {
        sums[bins[r][f]] += residual[r];
        ++counts[bins[r][f]];
      }
      double leftSum = 0;
      size_t leftCount = 0;
      for (size_t b = 0; b + 1 < nb; ++b) {
        leftSum += sums[b];
        leftCount += counts[b];
        size_t rightCount = rows.size() - leftCount;
        if (leftCount < static_cast<size_t>(options.minLeaf) ||
            rightCount < static_cast<size_t>(options.minLeaf))
          continue;
        double rightSum = sum - leftSum;
        double gain = leftSum * leftSum / static_cast<double>(leftCount) +
                      rightSum * rightSum / static_cast<double>(rightCount) - sum * sum / n;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = static_cast<int>(f);
          bestBin = b;
        }
      }
    }
    if (bestFeature < 0)
      return index;
    std::vector<size_t> left, right;
    for (size_t r : rows)
      (bins[r][bestFeature] <= bestBin ? left : right).push_back(r);
    rows.clear();
    tree[index].feature = bestFeature;
    tree[index].threshold = points[bestFeature][bestBin];
    int l = grow(tree, std::move(left), depth + 1);
    int r = grow(tree, std::move(right), depth + 1);
    tree[index].left = l;
    tree[index].right = r;
    return index;
  }
};

} // namespace

bool CostModel::fit(const std::vector<kir::TuningMeasurement> &data,
                    const BoostingOptions &options) {
  std::vector<std::vector<double>> rows;
  std::vector<double> y;
  std::map<std::string, std::vector<size_t>> byKernel;
  for (const kir::TuningMeasurement &m : data)
    if (!m.features.empty() && m.timeUs > 0) {
      byKernel[m.key].push_back(rows.size());
      rows.push_back(modelInputs(m.features, m.schedule));
      y.push_back(std::log2(m.timeUs));
    }
  if (rows.size() < 2 * static_cast<size_t>(options.minLeaf))
    return false;
  // Each kernel's times centered on their mean: the model learns what a schedule does to a
  // kernel's time, not how the kernels' times differ (which no ranking of one kernel's
  // candidates needs).
  for (const auto &[key, members] : byKernel) {
    double mean = 0;
    for (size_t r : members)
      mean += y[r] / static_cast<double>(members.size());
    for (size_t r : members)
      y[r] -= mean;
  }
  if (target.empty())
    target = data[0].target;
  inputs_ = static_cast<int>(rows[0].size());
  rate_ = options.rate;

  std::vector<std::vector<double>> points(inputs_);
  for (int f = 0; f < inputs_; ++f) {
    std::vector<double> column;
    for (const auto &r : rows)
      column.push_back(r[f]);
    points[f] = splitPoints(std::move(column));
  }
  std::vector<std::vector<uint8_t>> bins(rows.size(), std::vector<uint8_t>(inputs_));
  for (size_t r = 0; r < rows.size(); ++r)
    for (int f = 0; f < inputs_; ++f)
      bins[r][f] = static_cast<uint8_t>(
          std::lower_bound(points[f].begin(), points[f].end(), rows[r][f]) - points[f].begin());

  std::vector<double> residual = y;
  std::mt19937 rng(2026); // fixed: the same measurements give the same model
  trees_.clear();
  TreeFitter fitter{points, bins, residual, options};
  for (int t = 0; t < options.trees; ++t) {
    std::vector<size_t> sample;
    for (size_t r = 0; r < rows.size(); ++r)
      if (rng() % 1000 < static_cast<unsigned>(options.subsample * 1000))
        sample.push_back(r);
    Tree tree;
    fitter.grow(tree, std::move(sample), 0);
    for (size_t r = 0; r < rows.size(); ++r) {
      int n = 0;
      while (tree[n].feature >= 0)
        n = rows[r][tree[n].feature] <= tree[n].threshold ? tree[n].left : tree[n].right;
      residual[r] -= tree[n].value;
    }
    trees_.push_back(std::move(tree));
  }
  return true;
}

double CostModel::predictInputs(const std::vector<double> &x) const {
  double p = 0;
  for (const Tree &tree : trees_) {
    int n = 0;
    while (tree[n].feature >= 0)
      n = x[tree[n].feature] <= tree[n].threshold ? tree[n].left : tree[n].right;
    p += tree[n].value;
  }
  return p;
}

double CostModel::predict(const std::vector<double> &features,
                          const std::vector<Opt> &schedule) const {
  return predictInputs(modelInputs(features, schedule));
}

bool CostModel::load(const std::string &path, std::string &error) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  if (!in || j.is_discarded() || !j.is_object() || j.value("version", 0) != 2 ||
      !j.contains("trees") || !j["trees"].is_array()) {
    error = path + ": not a picoc-tune cost model ({\"version\": 2, \"trees\", ...})";
    return false;
  }
  int expected = static_cast<int>(kFeatureCount + scheduleFeatures({}).size());
  try {
    target = j.value("target", "");
    inputs_ = j.value("inputs", 0);
    rate_ = j.value("rate", 0.0);
    trees_.clear();
    for (const nlohmann::json &t : j["trees"]) {
      Tree tree;
      for (const nlohmann::json &n : t) {
        Node node;
        node.feature = n.at(0).get<int>();
        node.threshold = n.at(1).get<double>();
        node.left = n.at(2).get<int>();
        node.right = n.at(3).get<int>();
        node.value = n.at(4).get<double>();
        tree.push_back(node);
      }
      trees_.push_back(std::move(tree));
    }
  } catch (const nlohmann::json::exception &) {
    error = path + ": a cost model's tree is a list of [feature, threshold, left, right, value]";
    return false;
  }
  if (inputs_ != expected) {
    error = path + ": the cost model takes " + std::to_string(inputs_) +
            " inputs, this picoc-tune computes " + std::to_string(expected) +
            " (retrain it with --train-cost-model)";
    return false;
  }
  // Every tree must end in leaves: children after their parent, features in range.
  for (const Tree &tree : trees_) {
    for (size_t i = 0; i < tree.size(); ++i) {
      const Node &n = tree[i];
      if (n.feature >= inputs_ ||
          (n.feature >= 0 && (n.left <= static_cast<int>(i) || n.right <= static_cast<int>(i) ||
                              n.left >= static_cast<int>(tree.size()) ||
                              n.right >= static_cast<int>(tree.size())))) {
        error = path + ": a cost model's tree has a node out of range";
        return false;
      }
    }
    if (tree.empty()) {
      error = path + ": a cost model's tree is empty";
      return false;
    }
  }
  return true;
}

bool CostModel::save(const std::string &path, std::string &error) const {
  nlohmann::json trees = nlohmann::json::array();
  for (const Tree &tree : trees_) {
    nlohmann::json t = nlohmann::json::array();
    for (const Node &n : tree)
      t.push_back({n.feature, n.threshold, n.left, n.right, n.value});
    trees.push_back(std::move(t));
  }
  std::ofstream out(path);
  // A tree a line: the file stays readable and its diffs small.
  out << "{\"version\": 2, \"target\": " << nlohmann::json(target).dump()
      << ", \"inputs\": " << inputs_ << ", \"rate\": " << nlohmann::json(rate_).dump()
      << ",\n \"trees\": [\n";
  for (size_t t = 0; t < trees.size(); ++t)
    out << "  " << trees[t].dump() << (t + 1 < trees.size() ? ",\n" : "\n");
  out << " ]}\n";
  if (!out) {
    error = path + ": cannot write the cost model";
    return false;
  }
  return true;
}

double rankCorrelation(const std::vector<double> &a, const std::vector<double> &b) {
  auto ranks = [](const std::vector<double> &v) {
    std::vector<size_t> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return v[x] < v[y]; });
    std::vector<double> r(v.size());
    for (size_t i = 0; i < order.size();) {
      size_t j = i;
      while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]])
        ++j;
      for (size_t k = i; k <= j; ++k)
        r[order[k]] = (static_cast<double>(i) + static_cast<double>(j)) / 2;
      i = j + 1;
    }
    return r;
  };
  std::vector<double> ra = ranks(a), rb = ranks(b);
  double n = static_cast<double>(a.size()), ma = 0, mb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ma += ra[i] / n;
    mb += rb[i] / n;
  }
  double cov = 0, va = 0, vb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    cov += (ra[i] - ma) * (rb[i] - mb);
    va += (ra[i] - ma) * (ra[i] - ma);
    vb += (rb[i] - mb) * (rb[i] - mb);
  }
  return va == 0 || vb == 0 ? 0 : cov / std::sqrt(va * vb);
}

Validation crossValidate(const std::vector<kir::TuningMeasurement> &data, int folds,
                         const BoostingOptions &options) {
  // Keys in a fixed order, dealt round-robin into folds.
  std::map<std::string, int> fold;
  for (const kir::TuningMeasurement &m : data)
    fold.emplace(m.key, 0);
  int next = 0;
  for (auto &[key, f] : fold)
    f = next++ % folds;
  Validation v;
  double sum = 0;
  for (int f = 0; f < folds; ++f) {
    std::vector<kir::TuningMeasurement> train;
    std::map<std::string, std::vector<const kir::TuningMeasurement *>> held;
    for (const kir::TuningMeasurement &m : data)
      (fold[m.key] == f ? (held[m.key].push_back(&m), void()) : train.push_back(m));
    CostModel model;
    if (!model.fit(train, options))
      continue;
    for (const auto &[key, ms] : held) {
      if (ms.size() < 3)
        continue;
      std::vector<double> predicted, measured;
      for (const kir::TuningMeasurement *m : ms) {
        predicted.push_back(model.predict(m->features, m->schedule));
        measured.push_back(m->timeUs);
      }
      sum += rankCorrelation(predicted, measured);
      ++v.kernels;
      v.measurements += static_cast<int>(ms.size());
    }
  }
  v.meanCorrelation = v.kernels ? sum / v.kernels : 0;
  return v;
}

} // namespace picoc::tune
