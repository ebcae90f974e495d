// RunningStats and QuantileSketch against exact values, known distributions and the
// coverage their confidence intervals promise.
#include <blanko/error.hpp>
#include <blanko/statistics.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <vector>

namespace blanko {
namespace {

TEST(RunningStatsTest, MeanVarianceAndExtremesOfAKnownSample) {
  RunningStats s;
  for (int i = 1; i <= 10; ++i) s.add(i);
  EXPECT_EQ(s.count(), 10U);
  EXPECT_DOUBLE_EQ(s.mean(), 5.5);
  EXPECT_DOUBLE_EQ(s.variance(), 55.0 / 6.0);  // sum (i - 5.5)^2 / 9
  EXPECT_DOUBLE_EQ(s.min(), 1);
  EXPECT_DOUBLE_EQ(s.max(), 10);
  EXPECT_NEAR(s.half_width(0.95), 2.262157 * std::sqrt(55.0 / 6.0 / 10), 1e-5);
}

TEST(RunningStatsTest, UndefinedBelowTwoValuesAndZeroWidthWhenConstant) {
  RunningStats s;
  EXPECT_TRUE(std::isnan(s.mean()));
  s.add(4);
  EXPECT_TRUE(std::isnan(s.variance()));
  EXPECT_TRUE(std::isnan(s.half_width()));
  s.add(4);
  EXPECT_EQ(s.half_width(), 0);
}

TEST(RunningStatsTest, StaysAccurateFarFromZero) {
  // The textbook sum of squares loses every digit here; Welford keeps them.
  RunningStats s;
  for (int i = 0; i < 1000; ++i) s.add(1e9 + (i % 2 == 0 ? 1.0 : -1.0));
  EXPECT_NEAR(s.variance(), 1000.0 / 999.0, 1e-6);
}

TEST(RunningStatsTest, TCriticalValuesMatchTables) {
  EXPECT_NEAR(t_critical(0.95, 9), 2.262157, 1e-6);
  EXPECT_NEAR(t_critical(0.95, 1e6), 1.959966, 1e-5);
  EXPECT_NEAR(t_critical(0.90, 4), 2.131847, 1e-6);
  EXPECT_THROW((void)t_critical(1.0, 4), Error);
}

// The 95% interval of the mean of 20 normal values covers the true mean in 95% of
// samples: 4,000 samples give a coverage within 0.0035 (one standard error) of 0.95.
TEST(RunningStatsTest, ConfidenceIntervalCoversTheMeanNinetyFivePercentOfTheTime) {
  std::mt19937_64 rng(2024);
  std::normal_distribution<double> normal(10.0, 3.0);
  constexpr int kSamples = 4000;
  int covered = 0;
  for (int sample = 0; sample < kSamples; ++sample) {
    RunningStats s;
    for (int i = 0; i < 20; ++i) s.add(normal(rng));
    const double half = s.half_width(0.95);
    if (std::abs(s.mean() - 10.0) <= half) ++covered;
  }
  const double coverage = static_cast<double>(covered) / kSamples;
  EXPECT_NEAR(coverage, 0.95, 3 * std::sqrt(0.95 * 0.05 / kSamples)) << coverage;
}

TEST(RunningStatsTest, SaveAndLoadRestoreTheState) {
  RunningStats a;
  for (int i = 0; i < 7; ++i) a.add(i * 1.5);
  std::stringstream bytes;
  a.save(bytes);
  RunningStats b;
  b.load(bytes);
  EXPECT_EQ(b.count(), a.count());
  EXPECT_EQ(b.mean(), a.mean());
  EXPECT_EQ(b.variance(), a.variance());
  b.add(3);
  a.add(3);
  EXPECT_EQ(b.mean(), a.mean());
}

// The exact q-quantile at rank q * (n - 1) of a sample (the lower value on a tie).
double exact_quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(std::floor(q * static_cast<double>(values.size() - 1)))];
}

constexpr std::array<double, 9> kLevels{0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0};

// Within two bins of the observed range, whatever the shape: skewed, signed, or narrow and
// far from zero (national demand: 26.8 million with a standard deviation of 12,000).
// numpy.quantile([4, 1, 3, 2], [0, 0.05, 0.5, 0.95, 1]) = [1, 1.15, 2.5, 3.85, 4].
TEST(SampleQuantilesTest, InterpolateBetweenOrderStatisticsLikeNumpy) {
  const std::array<double, 5> qs{0, 0.05, 0.5, 0.95, 1};
  const std::vector<double> q = sample_quantiles({4, 1, 3, 2}, qs);
  ASSERT_EQ(q.size(), 5U);
  EXPECT_DOUBLE_EQ(q[0], 1);
  EXPECT_DOUBLE_EQ(q[1], 1.15);
  EXPECT_DOUBLE_EQ(q[2], 2.5);
  EXPECT_DOUBLE_EQ(q[3], 3.85);
  EXPECT_DOUBLE_EQ(q[4], 4);
  EXPECT_EQ(sample_quantiles({7}, qs), std::vector<double>(5, 7.0));
  EXPECT_TRUE(std::isnan(sample_quantiles({}, qs)[2]));
  const std::array<double, 1> bad{1.5};
  EXPECT_THROW((void)sample_quantiles({1, 2}, bad), Error);
}

TEST(QuantileSketchTest, QuantilesAreWithinTwoBinWidthsOfTheRange) {
  std::mt19937_64 rng(7);
  std::exponential_distribution<double> exponential(0.01);
  std::normal_distribution<double> signed_normal(0, 50);
  std::normal_distribution<double> national(26.84e6, 12'000);
  for (int shape = 0; shape < 3; ++shape) {
    QuantileSketch sketch(256);
    std::vector<double> values;
    for (int i = 0; i < 100'000; ++i) {
      const double x = shape == 0 ? exponential(rng) : shape == 1 ? signed_normal(rng) : national(rng);
      values.push_back(x);
      sketch.add(x);
    }
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    const double tolerance = 2 * (*high - *low) / 256;
    for (const double q : kLevels) {
      EXPECT_NEAR(sketch.quantile(q), exact_quantile(values, q), tolerance)
          << "shape " << shape << ", q " << q;
    }
    EXPECT_EQ(sketch.stored_bins(), 256U);
  }
}

TEST(QuantileSketchTest, WholeNumbersWithinTheBinsAreExact) {
  std::mt19937_64 rng(5);
  std::poisson_distribution<int> poisson(300);
  QuantileSketch sketch(256);
  std::vector<double> values;
  for (int i = 0; i < 20'000; ++i) {
    const double x = poisson(rng);
    values.push_back(x);
    sketch.add(x);
  }
  for (const double q : kLevels) EXPECT_EQ(sketch.quantile(q), exact_quantile(values, q)) << q;

  // Stockout days: 0 x 50, 1 x 30, 7 x 19, 200 x 1.
  QuantileSketch small;
  for (int i = 0; i < 50; ++i) small.add(0);
  for (int i = 0; i < 30; ++i) small.add(1);
  for (int i = 0; i < 19; ++i) small.add(7);
  small.add(200);
  EXPECT_EQ(small.quantile(0.05), 0);
  EXPECT_EQ(small.quantile(0.50), 0);  // rank 49.5: still the 50th value
  EXPECT_EQ(small.quantile(0.51), 1);  // rank 50.49: the 51st
  EXPECT_EQ(small.quantile(0.95), 7);
  EXPECT_EQ(small.quantile(1.0), 200);
  // A range wider than the bins: whole answers within two bin widths.
  small.add(366);
  EXPECT_NEAR(small.quantile(0.95), 7, 2 * 366.0 / 256);
  EXPECT_EQ(small.quantile(0.95), std::round(small.quantile(0.95)));
  EXPECT_TRUE(std::isnan(QuantileSketch().quantile(0.5)));
}

TEST(QuantileSketchTest, AConstantStreamHoldsNoBins) {
  QuantileSketch sketch;
  for (int i = 0; i < 1000; ++i) sketch.add(0.945);
  EXPECT_EQ(sketch.stored_bins(), 0U);
  EXPECT_EQ(sketch.quantile(0.05), 0.945);
  EXPECT_EQ(sketch.quantile(0.95), 0.945);
  sketch.add(0.95);
  EXPECT_EQ(sketch.quantile(0.5), 0.945);
  EXPECT_EQ(sketch.quantile(1.0), 0.95);
}

TEST(QuantileSketchTest, MemoryIsTheBinsWhateverTheCountOrTheOutliers) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> uniform(1000, 2000);
  QuantileSketch sketch(128);
  for (int i = 0; i < 1'000'000; ++i) sketch.add(uniform(rng));
  EXPECT_EQ(sketch.stored_bins(), 128U);
  for (int e = -6; e <= 12; ++e) sketch.add(std::pow(10.0, e));  // the window widens
  EXPECT_EQ(sketch.stored_bins(), 128U);
  EXPECT_EQ(sketch.quantile(1.0), 1e12);
  EXPECT_EQ(sketch.count(), 1'000'019U);
  EXPECT_THROW(sketch.add(std::nan("")), Error);
}

TEST(QuantileSketchTest, SaveAndLoadRestoreTheState) {
  QuantileSketch a(64);
  for (int i = 1; i <= 1000; ++i) a.add(i * 0.37);
  std::stringstream bytes;
  a.save(bytes);
  QuantileSketch b;
  b.load(bytes);
  for (const double q : {0.05, 0.5, 0.95}) EXPECT_EQ(b.quantile(q), a.quantile(q));
  EXPECT_EQ(b.count(), a.count());
  a.add(5000);  // both widen alike
  b.add(5000);
  for (const double q : {0.05, 0.5, 0.95}) EXPECT_EQ(b.quantile(q), a.quantile(q));
}

}  // namespace
}  // namespace blanko
