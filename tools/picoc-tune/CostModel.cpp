//===- CostModel.cpp - a learned model of a kernel's time under a schedule ------------===//

#include "CostModel.h"
#include "Candidates.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

namespace picoc::tune {

std::vector<double> CostModel::expand(const std::vector<double> &f) const {
  std::vector<double> x(f.begin() + 1, f.end()); // the bias is a weight of its own
  for (size_t s = kScheduleFeatures; s < f.size(); ++s)
    for (int size : kSizeFeatures)
      x.push_back(f[s] * f[size]);
  return x;
}

namespace {

// Solves a x = b (n x n, symmetric positive definite) by Gaussian elimination with pivoting.
std::vector<double> solve(std::vector<std::vector<double>> a, std::vector<double> b) {
  size_t n = b.size();
  for (size_t c = 0; c < n; ++c) {
    size_t pivot = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::abs(a[r][c]) > std::abs(a[pivot][c]))
        pivot = r;
    std::swap(a[c], a[pivot]);
    std::swap(b[c], b[pivot]);
    for (size_t r = c + 1; r < n; ++r) {
      double f = a[r][c] / a[c][c];
      for (size_t k = c; k < n; ++k)
        a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> x(n);
  for (size_t c = n; c-- > 0;) {
    double s = b[c];
    for (size_t k = c + 1; k < n; ++k)
      s -= a[c][k] * x[k];
    x[c] = s / a[c][c];
  }
  return x;
}

} // namespace

bool CostModel::fit(const std::vector<kir::TuningMeasurement> &data, double lambda) {
  std::vector<std::vector<double>> rows;
  std::vector<double> y;
  std::map<std::string, std::vector<size_t>> byKernel;
  for (const kir::TuningMeasurement &m : data)
    if (!m.features.empty() && m.timeUs > 0) {
      byKernel[m.key].push_back(rows.size());
      rows.push_back(expand(m.features));
      y.push_back(std::log2(m.timeUs));
    }
  if (rows.empty() || rows.size() <= rows[0].size() + 1)
    return false;
  // Each kernel's measurements centered on their mean: the model learns what a schedule does
  // to a kernel's time, not how the kernels' times differ (which no ranking of one kernel's
  // candidates needs).
  for (const auto &[key, members] : byKernel) {
    std::vector<double> meanRow(rows[0].size(), 0);
    double meanY = 0;
    for (size_t r : members) {
      for (size_t i = 0; i < meanRow.size(); ++i)
        meanRow[i] += rows[r][i] / static_cast<double>(members.size());
      meanY += y[r] / static_cast<double>(members.size());
    }
    for (size_t r : members) {
      for (size_t i = 0; i < meanRow.size(); ++i)
        rows[r][i] -= meanRow[i];
      y[r] -= meanY;
    }
  }
  if (target.empty())
    target = data[0].target;
  size_t n = rows[0].size();
  mean_.assign(n, 0);
  scale_.assign(n, 0);
  for (const auto &r : rows)
    for (size_t i = 0; i < n; ++i)
      mean_[i] += r[i] / static_cast<double>(rows.size());
  for (const auto &r : rows)
    for (size_t i = 0; i < n; ++i)
      scale_[i] += (r[i] - mean_[i]) * (r[i] - mean_[i]) / static_cast<double>(rows.size());
  for (double &s : scale_)
    s = s > 1e-12 ? std::sqrt(s) : 1; // a constant feature: weight 0 after centering
  // Normal equations of the standardized features plus an intercept (not penalized).
  size_t m = n + 1;
  std::vector<std::vector<double>> a(m, std::vector<double>(m, 0));
  std::vector<double> b(m, 0);
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<double> x(m, 1);
    for (size_t i = 0; i < n; ++i)
      x[i + 1] = (rows[r][i] - mean_[i]) / scale_[i];
    for (size_t i = 0; i < m; ++i) {
      b[i] += x[i] * y[r];
      for (size_t k = 0; k < m; ++k)
        a[i][k] += x[i] * x[k];
    }
  }
  for (size_t i = 1; i < m; ++i)
    a[i][i] += lambda;
  lambda_ = lambda;
  weights_ = solve(a, b);
  return true;
}

double CostModel::predict(const std::vector<double> &features) const {
  std::vector<double> x = expand(features);
  double p = weights_.empty() ? 0 : weights_[0];
  for (size_t i = 0; i < x.size() && i + 1 < weights_.size(); ++i)
    p += weights_[i + 1] * (x[i] - mean_[i]) / scale_[i];
  return p;
}

bool CostModel::load(const std::string &path, std::string &error) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  if (!in || j.is_discarded() || !j.is_object() || j.value("version", 0) != 1 ||
      !j.contains("weights") || !j.contains("mean") || !j.contains("scale")) {
    error = path + ": not a picoc-tune cost model ({\"version\": 1, \"weights\", ...})";
    return false;
  }
  try {
    target = j.value("target", "");
    lambda_ = j.value("lambda", 1.0);
    mean_ = j["mean"].get<std::vector<double>>();
    scale_ = j["scale"].get<std::vector<double>>();
    weights_ = j["weights"].get<std::vector<double>>();
  } catch (const nlohmann::json::exception &) {
    error = path + ": a cost model's mean, scale and weights are lists of numbers";
    return false;
  }
  if (mean_.size() != scale_.size() || weights_.size() != mean_.size() + 1) {
    error = path + ": the cost model's lists disagree in length";
    return false;
  }
  return true;
}

bool CostModel::save(const std::string &path, std::string &error) const {
  nlohmann::json j = {{"version", 1}, {"target", target}, {"lambda", lambda_},
                      {"mean", mean_}, {"scale", scale_}, {"weights", weights_}};
  std::ofstream out(path);
  out << j.dump(1) << "\n";
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
                         double lambda) {
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
    if (!model.fit(train, lambda))
      continue;
    for (const auto &[key, ms] : held) {
      if (ms.size() < 3)
        continue;
      std::vector<double> predicted, measured;
      for (const kir::TuningMeasurement *m : ms) {
        predicted.push_back(model.predict(m->features));
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
