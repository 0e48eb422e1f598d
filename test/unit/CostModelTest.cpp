// picoc-tune's cost model (tools/picoc-tune/CostModel.h): boosted trees learn a time that
// depends on the schedule through the kernel's size, rank held-out kernels' candidates, and
// come back from their file predicting the same.
#include "CostModel.h"
#include "Candidates.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

using namespace picoc;
using namespace picoc::kir;
using namespace picoc::tune;

namespace {

// Kernel `k` of a made-up family: `rows` outputs; candidates upcast by 2..32 and unroll by
// 1..8. Its time is best at an upcast that grows with the rows and an unroll of 4: an
// interaction no linear model of log time can express, plus 5% noise.
std::vector<TuningMeasurement> family(int kernels, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 0.05);
  std::vector<TuningMeasurement> data;
  for (int k = 0; k < kernels; ++k) {
    double rows = std::pow(2.0, 6 + k % 10); // 64 .. 32768
    double bestUpcast = std::log2(rows) / 2;   // 3 .. 7.5 (as log2)
    for (int64_t upcast : {2, 4, 8, 16, 32})
      for (int64_t unroll : {1, 2, 4, 8}) {
        TuningMeasurement m;
        m.key = "k" + std::to_string(seed) + "_" + std::to_string(k);
        m.target = "test";
        m.precision = "fp32";
        m.schedule = {{OptKind::Upcast, 1, upcast}, {OptKind::Unroll, 0, unroll}};
        m.features.assign(kFeatureCount, 0);
        m.features[0] = 1;
        m.features[1] = std::log2(1 + rows);
        double du = std::log2(static_cast<double>(upcast)) - bestUpcast;
        double dr = std::log2(static_cast<double>(unroll)) - 2;
        m.timeUs = rows * std::exp2(0.3 * du * du + 0.2 * dr * dr + noise(rng));
        data.push_back(m);
      }
  }
  return data;
}

double heldOutCorrelation(const CostModel &model, const std::vector<TuningMeasurement> &test) {
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> byKernel;
  for (const TuningMeasurement &m : test) {
    byKernel[m.key].first.push_back(model.predict(m.features, m.schedule));
    byKernel[m.key].second.push_back(m.timeUs);
  }
  double sum = 0;
  for (const auto &[key, pm] : byKernel)
    sum += rankCorrelation(pm.first, pm.second);
  return sum / static_cast<double>(byKernel.size());
}

} // namespace

TEST_CASE("rank correlation", "[tuning]") {
  CHECK(rankCorrelation({1, 2, 3, 4}, {10, 20, 30, 40}) == 1.0);
  CHECK(rankCorrelation({1, 2, 3, 4}, {4, 3, 2, 1}) == -1.0);
  CHECK(rankCorrelation({1, 1, 1}, {1, 2, 3}) == 0.0); // no order at all
}

TEST_CASE("the cost model ranks the candidates of kernels it was not trained on", "[tuning]") {
  CostModel model;
  REQUIRE(model.fit(family(40, 1)));
  double correlation = heldOutCorrelation(model, family(20, 2));
  INFO("held-out rank correlation " << correlation);
  CHECK(correlation > 0.8);

  Validation v = crossValidate(family(40, 3), 5);
  CHECK(v.kernels == 40);
  CHECK(v.meanCorrelation > 0.8);

  // Too few measurements to fit.
  CostModel few;
  std::vector<TuningMeasurement> five = family(1, 4);
  five.resize(5);
  CHECK_FALSE(few.fit(five));
}

TEST_CASE("a cost model predicts the same after a round trip through its file", "[tuning]") {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "picoc-cost-model-test";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "model.json").string(), error;
  CostModel model;
  model.target = "test";
  std::vector<TuningMeasurement> data = family(20, 5);
  BoostingOptions small;
  small.trees = 50;
  REQUIRE(model.fit(data, small));
  REQUIRE(model.save(path, error));
  CostModel loaded;
  REQUIRE(loaded.load(path, error));
  CHECK(loaded.target == "test");
  for (const TuningMeasurement &m : data)
    CHECK(loaded.predict(m.features, m.schedule) == model.predict(m.features, m.schedule));

  // Fitting is deterministic: the same data, the same file.
  CostModel again;
  again.target = "test";
  REQUIRE(again.fit(data, small));
  REQUIRE(again.save((dir / "again.json").string(), error));
  std::ifstream a(path), b(dir / "again.json");
  std::string textA((std::istreambuf_iterator<char>(a)), {}),
      textB((std::istreambuf_iterator<char>(b)), {});
  CHECK(textA == textB);

  // Errors name the file and what is wrong.
  std::ofstream(dir / "old.json") << R"({"version": 1, "weights": [1, 2]})";
  CHECK_FALSE(loaded.load((dir / "old.json").string(), error));
  CHECK(error.find("old.json: not a picoc-tune cost model") != std::string::npos);
  std::ofstream(dir / "inputs.json") << R"({"version": 2, "inputs": 3, "trees": []})";
  CHECK_FALSE(loaded.load((dir / "inputs.json").string(), error));
  CHECK(error.find("retrain it") != std::string::npos);
  std::ofstream(dir / "node.json")
      << R"({"version": 2, "inputs": )" << kFeatureCount + scheduleFeatures({}).size()
      << R"(, "trees": [[[0, 1.5, 0, 2, 0]]]})";
  CHECK_FALSE(loaded.load((dir / "node.json").string(), error));
  CHECK(error.find("out of range") != std::string::npos);
  std::filesystem::remove_all(dir);
}
