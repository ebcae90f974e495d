// RunningStats and QuantileSketch against exact values, known distributions and the
// coverage their confidence intervals promise.
#include <blanko/error.hpp>
#include <blanko/statistics.hpp>

#include "detail/log_buckets.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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

// The exact q-quantile at rank q * (n - 1) of a sorted sample, as the sketch defines it.
double exact_quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(std::floor(q * static_cast<double>(values.size() - 1)))];
}

TEST(QuantileSketchTest, QuantilesAreWithinTheRelativeAccuracy) {
  std::mt19937_64 rng(7);
  std::exponential_distribution<double> exponential(0.01);
  std::normal_distribution<double> normal(0, 50);
  for (const bool signed_values : {false, true}) {
    QuantileSketch sketch(0.005);
    std::vector<double> values;
    for (int i = 0; i < 100'000; ++i) {
      const double x = signed_values ? normal(rng) : exponential(rng);
      values.push_back(x);
      sketch.add(x);
    }
    for (const double q : {0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0}) {
      const double exact = exact_quantile(values, q);
      EXPECT_NEAR(sketch.quantile(q), exact, 0.005 * std::abs(exact) + 1e-12)
          << "q " << q << (signed_values ? " (signed)" : "");
    }
  }
}

TEST(LogBucketsTest, BucketsAreOrderedExactAndWithinTheAccuracy) {
  const int k = detail::LogBuckets::per_octave_for(0.005);
  EXPECT_EQ(k, 70);  // ceil(ln 2 / ln(1.005 / 0.995))
  const detail::LogBuckets buckets(k);
  // Powers of two start octaves.
  for (int e = -30; e <= 40; ++e) EXPECT_EQ(buckets.key(std::ldexp(1.0, e)), e * k) << e;
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> exponent(-25, 35);
  std::int32_t previous_key = std::numeric_limits<std::int32_t>::min();
  std::vector<double> values;
  for (int i = 0; i < 200'000; ++i) values.push_back(std::exp2(exponent(rng)));
  std::sort(values.begin(), values.end());
  for (const double x : values) {
    const std::int32_t key = buckets.key(x);
    EXPECT_GE(key, previous_key);  // monotone
    previous_key = key;
    // The bucket is the one whose bounds 2^(key/K) hold x, and its value is within 0.5%.
    EXPECT_LE(std::exp2(static_cast<double>(key) / k), x * (1 + 1e-12));
    EXPECT_GT(std::exp2(static_cast<double>(key + 1) / k), x * (1 - 1e-12));
    EXPECT_NEAR(buckets.value(key), x, 0.005 * x);
  }
}

TEST(QuantileSketchTest, WholeNumbersGiveWholeQuantilesAndZerosCount) {
  QuantileSketch sketch;
  // 0 x 50, 1 x 30, 7 x 19, 366 x 1.
  for (int i = 0; i < 50; ++i) sketch.add(0);
  for (int i = 0; i < 30; ++i) sketch.add(1);
  for (int i = 0; i < 19; ++i) sketch.add(7);
  sketch.add(366);
  EXPECT_EQ(sketch.quantile(0.05), 0);
  EXPECT_EQ(sketch.quantile(0.50), 0);  // rank 49.5: still the 50th value
  EXPECT_EQ(sketch.quantile(0.51), 1);  // rank 50.49: the 51st
  EXPECT_EQ(sketch.quantile(0.95), 7);
  EXPECT_EQ(sketch.quantile(1.0), 366);
  EXPECT_TRUE(std::isnan(QuantileSketch().quantile(0.5)));
}

TEST(QuantileSketchTest, MemoryDependsOnTheSpreadNotTheCount) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> uniform(1000, 2000);
  QuantileSketch sketch(0.005);
  for (int i = 0; i < 1'000'000; ++i) sketch.add(uniform(rng));
  // (1000, 2000] is less than one octave: at most one octave's buckets, plus the one cut
  // at 1024.
  EXPECT_LE(sketch.stored_buckets(),
            static_cast<std::size_t>(detail::LogBuckets::per_octave_for(0.005)) + 1);

  QuantileSketch capped(0.005, 64);
  for (int e = -6; e <= 12; ++e) capped.add(std::pow(10.0, e));
  EXPECT_LE(capped.stored_buckets(), 64U);
  EXPECT_NEAR(capped.quantile(1.0), 1e12, 1e12 * 0.005);
}

TEST(QuantileSketchTest, SaveAndLoadRestoreTheState) {
  QuantileSketch a;
  for (int i = 1; i <= 1000; ++i) a.add(i * 0.37);
  std::stringstream bytes;
  a.save(bytes);
  QuantileSketch b;
  b.load(bytes);
  for (const double q : {0.05, 0.5, 0.95}) EXPECT_EQ(b.quantile(q), a.quantile(q));
  EXPECT_EQ(b.count(), a.count());
}

}  // namespace
}  // namespace blanko
