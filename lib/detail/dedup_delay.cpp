#include "detail/dedup_delay.hpp"

#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/triangular.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace blanko::detail {
namespace {

void check(bool ok, const DistributionSpec& spec, const std::string& message) {
  if (!ok) throw ScenarioError(spec.where, message);
}

// P(round(X) = k) from a continuous distribution's cdf, until the tail is negligible.
template <class Distribution>
std::vector<double> rounded(const Distribution& d) {
  const double upper = boost::math::quantile(d, 1 - 1e-10);
  std::vector<double> pmf;
  double below = 0;
  for (int k = 0; k <= static_cast<int>(std::ceil(upper)) + 1; ++k) {
    const double edge = boost::math::cdf(d, std::max(0.0, k + 0.5));
    pmf.push_back(edge - below);
    below = edge;
  }
  return pmf;
}

}  // namespace

std::vector<double> delay_pmf(const DistributionSpec& spec) {
  std::vector<double> pmf;
  switch (spec.kind) {
    case DistributionKind::deterministic: {
      check(spec.value >= 0, spec, "dedup delay must not be negative");
      pmf.assign(static_cast<std::size_t>(std::lround(spec.value)) + 1, 0.0);
      pmf.back() = 1;
      break;
    }
    case DistributionKind::uniform: {
      const auto low = static_cast<int>(std::ceil(spec.low));
      const auto high = static_cast<int>(std::floor(spec.high));
      check(spec.low >= 0 && high >= low, spec,
            "uniform dedup delay needs 0 <= low and a whole day between low and high");
      pmf.assign(static_cast<std::size_t>(high) + 1, 0.0);
      for (int k = low; k <= high; ++k) pmf[static_cast<std::size_t>(k)] = 1.0 / (high - low + 1);
      break;
    }
    case DistributionKind::triangular:
      check(spec.low >= 0 && spec.low <= spec.mode && spec.mode <= spec.high && spec.low < spec.high,
            spec, "triangular dedup delay needs 0 <= low <= mode <= high and low < high");
      pmf = rounded(boost::math::triangular_distribution<double>(spec.low, spec.mode, spec.high));
      break;
    case DistributionKind::lognormal: {
      check(spec.mean > 0 && spec.sd > 0, spec, "lognormal dedup delay needs mean > 0 and sd > 0");
      const double sigma2 = std::log1p((spec.sd * spec.sd) / (spec.mean * spec.mean));
      pmf = rounded(boost::math::lognormal_distribution<double>(std::log(spec.mean) - sigma2 / 2,
                                                                std::sqrt(sigma2)));
      break;
    }
    case DistributionKind::gamma:
      check(spec.shape > 0 && spec.scale > 0, spec, "gamma dedup delay needs shape > 0 and scale > 0");
      pmf = rounded(boost::math::gamma_distribution<double>(spec.shape, spec.scale));
      break;
    case DistributionKind::empirical: {
      check(!spec.values.empty(), spec, "empirical dedup delay needs at least one value");
      std::vector<double> weights = spec.weights;
      if (weights.empty()) weights.assign(spec.values.size(), 1.0);
      check(weights.size() == spec.values.size(), spec, "empirical dedup delay needs as many weights as values");
      const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
      check(total > 0, spec, "empirical weights must not all be 0");
      for (std::size_t i = 0; i < spec.values.size(); ++i) {
        check(spec.values[i] >= 0 && weights[i] >= 0, spec, "empirical dedup delays and weights must not be negative");
        const auto k = static_cast<std::size_t>(std::lround(spec.values[i]));
        if (pmf.size() <= k) pmf.resize(k + 1, 0.0);
        pmf[k] += weights[i] / total;
      }
      break;
    }
  }
  const double mass = std::accumulate(pmf.begin(), pmf.end(), 0.0);
  for (double& p : pmf) p /= mass;
  return pmf;
}

void apply_dedup_delay(const std::vector<double>& pmf, std::vector<ClassRates>& rates) {
  if (pmf.size() == 1 && pmf[0] == 1.0) return;
  const auto horizon = static_cast<long>(rates.size());
  const std::vector<ClassRates> recorded = rates;
  auto recorded_on = [&](long day) -> const ClassRates& {
    if (day >= 0) return recorded[static_cast<std::size_t>(day)];
    const long week = std::min<long>(7, horizon);
    return recorded[static_cast<std::size_t>(((day % week) + week) % week)];
  };
  for (long d = 0; d < horizon; ++d) {
    ClassRates ready{};
    for (std::size_t k = 0; k < pmf.size(); ++k) {
      if (pmf[k] == 0) continue;
      const ClassRates& r = recorded_on(d - static_cast<long>(k));
      for (std::size_t c = 0; c < ready.size(); ++c) ready[c] += r[c] * pmf[k];
    }
    rates[static_cast<std::size_t>(d)] = ready;
  }
}

}  // namespace blanko::detail
