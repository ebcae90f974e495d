#pragma once
// Closed forms and estimates for the analytic tests: Poisson demand, and a replication
// mean with its standard error.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace blanko::testing {

/// P(D = k) for D ~ Poisson(mean).
inline double poisson_pmf(double mean, int k) {
  return std::exp(k * std::log(mean) - mean - std::lgamma(k + 1.0));
}

/// E[f(D)] for D ~ Poisson(mean), summed far enough into the tail to be exact in doubles.
template <class F>
double poisson_expectation(double mean, F f) {
  const int last = static_cast<int>(mean + 12 * std::sqrt(mean) + 30);
  double sum = 0;
  for (int k = 0; k <= last; ++k) sum += poisson_pmf(mean, k) * f(k);
  return sum;
}

/// The mean of independent replications' values and its standard error.
struct Estimate {
  double mean = 0;
  double se = 0;
};

inline Estimate estimate(const std::vector<double>& xs) {
  const auto n = static_cast<double>(xs.size());
  double mean = 0, var = 0;
  for (double x : xs) mean += x / n;
  for (double x : xs) var += (x - mean) * (x - mean) / (n - 1);
  return {mean, std::sqrt(var / n)};
}

/// Expects the mean of `replications` within 3 standard errors of `expected`, and the
/// standard error below 5% of it (a run too short to tell anything apart fails).
inline void expect_within_3se(const std::vector<double>& replications, double expected,
                              const std::string& what) {
  const Estimate e = estimate(replications);
  EXPECT_NEAR(e.mean, expected, 3 * e.se)
      << what << ": simulated " << e.mean << ", exact " << expected << ", standard error " << e.se;
  EXPECT_LT(e.se, 0.05 * std::max(std::abs(expected), 1e-3))
      << what << ": the run is too short to test anything";
}

}  // namespace blanko::testing
