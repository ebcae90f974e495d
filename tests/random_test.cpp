// Count samplers of lib/detail/random: negative binomial draws for any mean between two
// tables of a ladder (draw_between) against the exact distribution, by their mean and
// variance and by a chi-square test over the whole distribution.

#include "detail/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace {
using namespace blanko;

// P(n) of the negative binomial of mean `mean` and size k, n = 0 .. until the tail is negligible.
std::vector<double> negative_binomial_pmf(double mean, double k) {
  const double log_p = std::log(k / (k + mean));
  const double log_q = std::log(mean / (k + mean));
  std::vector<double> pmf;
  double cdf = 0;
  for (int n = 0; cdf < 1 - 1e-14 || n < mean; ++n) {
    const double p = std::exp(std::lgamma(n + k) - std::lgamma(k) - std::lgamma(n + 1.0) +
                              k * log_p + n * log_q);
    pmf.push_back(p);
    cdf += p;
  }
  return pmf;
}

struct Sample {
  std::vector<std::int64_t> counts;  // draws of each value
  std::int64_t draws = 0;
};

// Draws of the mean `mean` through draw_between on a ladder over [0.1, 2000].
Sample draw_from_ladder(double mean, double k, int draws, std::uint64_t seed) {
  const std::vector<double> means = detail::negative_binomial_ladder(k, 0.1, 2000, 0.02);
  std::size_t rung = 0;
  while (means[rung + 1] <= mean) ++rung;
  const auto low = detail::NegativeBinomialTable::make(means[rung], k, 1 << 16);
  const auto high = detail::NegativeBinomialTable::make(means[rung + 1], k, 1 << 16);
  EXPECT_TRUE(low && high);
  const double weight = detail::between_weight(*low, *high, mean);
  EXPECT_GT(weight, 0);
  EXPECT_LT(weight, 1);
  detail::RandomEngine engine(seed);
  Sample sample;
  for (int i = 0; i < draws; ++i) {
    const std::int64_t n = detail::draw_between(engine, *low, *high, weight);
    EXPECT_GE(n, 0);
    if (n >= static_cast<std::int64_t>(sample.counts.size())) sample.counts.resize(n + 1, 0);
    ++sample.counts[static_cast<std::size_t>(n)];
  }
  sample.draws = draws;
  return sample;
}

// Neighbouring rungs are close enough for about one try a draw, and cover the range.
TEST(RandomTest, LadderRungsAreCloseAndCoverTheRange) {
  for (const double k : {0.5, 5.0, 50.0, 1e4}) {
    const std::vector<double> means = detail::negative_binomial_ladder(k, 0.05, 3000, 0.02);
    EXPECT_EQ(means.front(), 0.05);
    EXPECT_GE(means.back(), 3000);
    EXPECT_LT(means.size(), 2000U) << "k " << k;
    for (std::size_t j = 0; j + 1 < means.size(); ++j) {
      EXPECT_LT(means[j], means[j + 1]);
      EXPECT_LE(detail::between_cost(k, means[j], means[j + 1]), 0.02 + 1e-12);
    }
  }
}

// Mean and variance of `sample` within 5 standard errors of the exact ones, and a
// chi-square test of its counts against the exact probabilities (cells of at least 20
// expected draws).
void expect_negative_binomial(const Sample& sample, double mean, double k) {
  const std::vector<double> pmf = negative_binomial_pmf(mean, k);
  double exact_mean = 0, exact_variance = 0, fourth = 0;
  for (std::size_t n = 0; n < pmf.size(); ++n) exact_mean += n * pmf[n];
  for (std::size_t n = 0; n < pmf.size(); ++n) {
    const double centred = n - exact_mean;
    exact_variance += centred * centred * pmf[n];
    fourth += centred * centred * centred * centred * pmf[n];
  }
  EXPECT_NEAR(exact_variance, mean + mean * mean / k, 1e-6 * exact_variance);

  const auto draws = static_cast<double>(sample.draws);
  double sum = 0, squares = 0;
  for (std::size_t n = 0; n < sample.counts.size(); ++n) {
    sum += static_cast<double>(n) * sample.counts[n];
    squares += static_cast<double>(n) * n * sample.counts[n];
  }
  const double sample_mean = sum / draws;
  const double sample_variance = squares / draws - sample_mean * sample_mean;
  EXPECT_NEAR(sample_mean, exact_mean, 5 * std::sqrt(exact_variance / draws))
      << "mean " << mean << ", k " << k;
  EXPECT_NEAR(sample_variance, exact_variance,
              5 * std::sqrt((fourth - exact_variance * exact_variance) / draws))
      << "mean " << mean << ", k " << k;

  // Chi-square over cells of consecutive counts with >= 20 expected draws each.
  double chi_square = 0, expected = 0, observed = 0;
  int cells = 0;
  const std::size_t last = std::max(pmf.size(), sample.counts.size());
  for (std::size_t n = 0; n < last; ++n) {
    expected += n < pmf.size() ? pmf[n] * draws : 0;
    observed += n < sample.counts.size() ? static_cast<double>(sample.counts[n]) : 0;
    if (expected >= 20 || n + 1 == last) {
      chi_square += (observed - expected) * (observed - expected) / std::max(expected, 1e-9);
      ++cells;
      expected = observed = 0;
    }
  }
  const double df = cells - 1;
  EXPECT_GT(df, 1);
  EXPECT_LT(chi_square, df + 5 * std::sqrt(2 * df)) << "mean " << mean << ", k " << k;
}

// For small, medium and large means, at k = 50 (the scenarios') and an overdispersed k = 2.
TEST(RandomTest, DrawBetweenIsTheNegativeBinomialOfItsMean) {
  for (const double k : {50.0, 2.0}) {
    for (const double mean : {0.3, 3.0, 7.77, 40.0, 800.0}) {
      expect_negative_binomial(draw_from_ladder(mean, k, 200'000, 42), mean, k);
    }
  }
}

// Rungs far apart (draw_between's tries often rejected, its acceptance often decided only
// after refining the coarse uniform) and weights on and next to multiples of 1/32 (where
// the coarse uniform that picks the table is refined or never is): each path of a try keeps
// the counts negative binomial.
TEST(RandomTest, DrawBetweenIsExactOnEveryPathOfATry) {
  const double k = 50;
  const auto low = detail::NegativeBinomialTable::make(20, k, 1 << 16);
  const auto high = detail::NegativeBinomialTable::make(60, k, 1 << 16);
  ASSERT_TRUE(low && high);
  EXPECT_GT(detail::between_cost(k, 20, 60), 0.3);
  for (const double weight : {0.5, 0.5 + 1e-9, 0.3, 1.0 / 32, 0.97}) {
    // The mean whose weight this is: log q moves linearly with the weight.
    const double log_q = (1 - weight) * std::log(20 / (k + 20)) + weight * std::log(60 / (k + 60));
    const double mean = k * std::exp(log_q) / (1 - std::exp(log_q));
    ASSERT_NEAR(detail::between_weight(*low, *high, mean), weight, 1e-12);
    detail::RandomEngine engine(17);
    Sample sample;
    sample.draws = 200'000;
    for (std::int64_t i = 0; i < sample.draws; ++i) {
      const std::int64_t n = detail::draw_between(engine, *low, *high, weight);
      if (n >= static_cast<std::int64_t>(sample.counts.size())) sample.counts.resize(n + 1, 0);
      ++sample.counts[static_cast<std::size_t>(n)];
    }
    expect_negative_binomial(sample, mean, k);
  }
}

// A batch mixes several means, as a day of offices does: each count, wherever it is in the
// batch, has the negative binomial distribution of its own mean. The rungs here are far
// apart (about 8% of first tries rejected), so that redraws are frequent.
TEST(RandomTest, BetweenBatchIsTheNegativeBinomialOfEachMean) {
  const double k = 50;
  const std::vector<double> rungs = detail::negative_binomial_ladder(k, 0.5, 2000, 0.08);
  std::vector<detail::NegativeBinomialTable> tables;
  for (const double rung : rungs)
    tables.push_back(*detail::NegativeBinomialTable::make(rung, k, 1 << 16));
  const std::vector<double> means = {0.7, 12.5, rungs[20], 123.4, 900.0};  // rungs[20]: weight 0
  std::vector<std::int32_t> low;
  std::vector<double> weight;
  for (int copy = 0; copy < 200; ++copy) {
    for (const double mean : means) {
      std::size_t rung = 0;
      while (rungs[rung + 1] <= mean) ++rung;
      low.push_back(static_cast<std::int32_t>(rung));
      weight.push_back(detail::between_weight(tables[rung], tables[rung + 1], mean));
    }
    low.push_back(-1);  // not drawn
    weight.push_back(0);
  }
  std::vector<Sample> samples(means.size());
  std::vector<std::int64_t> counts(low.size());
  detail::RandomEngine engine(11);
  detail::BetweenBatch batch;
  for (int round = 0; round < 1000; ++round) {
    batch.draw(engine, tables, low, weight, counts);
    for (std::size_t i = 0; i < counts.size(); ++i) {
      const std::size_t mean = i % (means.size() + 1);
      if (mean == means.size()) {
        ASSERT_EQ(counts[i], -1);
        continue;
      }
      ASSERT_GE(counts[i], 0);
      Sample& sample = samples[mean];
      if (counts[i] >= static_cast<std::int64_t>(sample.counts.size())) {
        sample.counts.resize(static_cast<std::size_t>(counts[i]) + 1, 0);
      }
      ++sample.counts[static_cast<std::size_t>(counts[i])];
      ++sample.draws;
    }
  }
  for (std::size_t j = 0; j < means.size(); ++j) expect_negative_binomial(samples[j], means[j], k);
}

// With every weight 0 a batch is one table draw per count, in order: the same engine
// outputs as drawing them one at a time.
TEST(RandomTest, BetweenBatchOfTableMeansIsOneDrawEach) {
  std::vector<detail::NegativeBinomialTable> tables;
  for (const double mean : {3.0, 40.0, 41.0, 700.0}) {
    tables.push_back(*detail::NegativeBinomialTable::make(mean, 50, 1 << 16));
  }
  const std::vector<std::int32_t> low = {0, 2, -1, 1, 2, 0};
  const std::vector<double> weight(low.size(), 0.0);
  std::vector<std::int64_t> counts(low.size());
  detail::RandomEngine a(3), b(3);
  detail::BetweenBatch batch;
  for (int round = 0; round < 200; ++round) {
    batch.draw(a, tables, low, weight, counts);
    for (std::size_t i = 0; i < low.size(); ++i) {
      EXPECT_EQ(counts[i], low[i] < 0 ? -1 : tables[static_cast<std::size_t>(low[i])].draw(b));
    }
  }
}

// A table's guide holds its counts in 15 bits: tables end below kMaxSize entries, whatever
// max_size allows, and the largest uniforms still reach the table's last entries.
TEST(RandomTest, TablesFitTheirGuide) {
  EXPECT_FALSE(detail::NegativeBinomialTable::make(4000, 2, std::size_t{1} << 20));
  const auto wide = detail::NegativeBinomialTable::make(1500, 2, std::size_t{1} << 20);
  ASSERT_TRUE(wide);
  EXPECT_GT(wide->size(), detail::NegativeBinomialTable::kMaxSize / 2);
  EXPECT_LT(wide->size(), detail::NegativeBinomialTable::kMaxSize);
  const std::uint64_t top = (std::uint64_t{1} << 53U) - 1;
  EXPECT_EQ(wide->count(0), 0);
  EXPECT_GT(wide->count(top), static_cast<std::int64_t>(wide->size()) - 100);
  EXPECT_LE(wide->count(top), static_cast<std::int64_t>(wide->size()) - 1);
  std::int64_t previous = 0;
  for (std::uint64_t bits = 0; bits < top; bits += top / 100'003) {
    const std::int64_t n = wide->count(bits);
    EXPECT_GE(n, previous);  // monotone in the uniform
    previous = n;
  }
}

// The guide places a uniform exactly as a search of the cdf would: at random uniforms, and
// on both sides of every edge between counts (found by bisection on the search), where the
// guide's 16-bit edges need the cdf to decide.
TEST(RandomTest, GuideCountIsTheInverseCdf) {
  for (const auto& [mean, k] : {std::pair{0.3, 50.0}, {3.0, 50.0}, {40.0, 2.0}, {700.0, 50.0},
                                {3282.0, 50.0}, {1500.0, 2.0}}) {
    const auto table = detail::NegativeBinomialTable::make(mean, k, std::size_t{1} << 20);
    ASSERT_TRUE(table);
    detail::RandomEngine engine(11);
    for (int i = 0; i < 200'000; ++i) {
      const std::uint64_t bits = engine() >> 11U;
      ASSERT_EQ(table->count(bits), table->search(bits)) << mean << " " << bits;
    }
    const std::uint64_t top = (std::uint64_t{1} << 53U) - 1;
    // Every edge of the small tables, a few hundred of the wide ones (search() is linear).
    const auto stride = static_cast<std::int64_t>(std::max<std::size_t>(1, table->size() / 300));
    for (std::int64_t n = 0; n + 1 < static_cast<std::int64_t>(table->size()); n += stride) {
      // The first bits whose count exceeds n.
      std::uint64_t below = 0, above = top;
      if (table->search(above) <= n) break;
      while (above - below > 1) {
        const std::uint64_t middle = below + (above - below) / 2;
        (table->search(middle) > n ? above : below) = middle;
      }
      for (const std::uint64_t delta : {0ULL, 1ULL, 2ULL, 1ULL << 24U, 1ULL << 30U, 1ULL << 36U}) {
        for (const std::uint64_t bits : {above - std::min(above, delta), above + delta}) {
          if (bits > top) continue;
          ASSERT_EQ(table->count(bits), table->search(bits)) << mean << " " << n << " " << bits;
        }
      }
    }
  }
}

// A weight of 0 is a plain draw from the lower table, with the same engine outputs.
TEST(RandomTest, WeightZeroIsTheLowerTable) {
  const auto low = detail::NegativeBinomialTable::make(10, 50, 1 << 16);
  const auto high = detail::NegativeBinomialTable::make(11, 50, 1 << 16);
  ASSERT_TRUE(low && high);
  EXPECT_EQ(detail::between_weight(*low, *high, 10), 0);
  EXPECT_EQ(detail::between_weight(*low, *high, 11), 1);
  detail::RandomEngine a(7), b(7);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(detail::draw_between(a, *low, *high, 0), low->draw(b));
}

}  // namespace
