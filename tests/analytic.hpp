#pragma once
// Closed forms and estimates for the analytic tests: Poisson demand, and a replication
// mean with its standard error.

#include <algorithm>
#include <cmath>
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

}  // namespace blanko::testing
