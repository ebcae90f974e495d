#include "detail/lead_time.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace blanko::detail {
namespace {

int to_days(double value) {
  return std::max(1, static_cast<int>(std::lround(value)));
}

void require(bool ok, const DistributionSpec& spec, const std::string& message) {
  if (!ok) throw ScenarioError(spec.where, message);
}

}  // namespace

LeadTimeSampler::LeadTimeSampler(const DistributionSpec& spec) {
  const std::string kind(to_string(spec.kind));
  switch (spec.kind) {
    case DistributionKind::deterministic:
      require(spec.value > 0, spec, "lead time must be positive, got " + std::to_string(spec.value));
      distribution_ = Fixed{to_days(spec.value)};
      mean_ = spec.value;
      break;
    case DistributionKind::uniform: {
      // Uniform over whole days low..high inclusive: a planner writing {low: 2, high: 5}
      // means "2, 3, 4 or 5 days", each equally likely.
      const int low = static_cast<int>(std::ceil(spec.low));
      const int high = static_cast<int>(std::floor(spec.high));
      require(spec.low > 0, spec, "uniform lead time needs low > 0");
      require(high >= low, spec, "uniform lead time needs a whole day between low and high");
      distribution_ = boost::random::uniform_int_distribution<int>(low, high);
      mean_ = (low + high) / 2.0;
      break;
    }
    case DistributionKind::triangular:
      require(spec.low > 0, spec, "triangular lead time needs low > 0");
      require(spec.low <= spec.mode && spec.mode <= spec.high && spec.low < spec.high, spec,
              "triangular lead time needs low <= mode <= high and low < high");
      distribution_ = boost::random::triangle_distribution<double>(spec.low, spec.mode, spec.high);
      mean_ = (spec.low + spec.mode + spec.high) / 3.0;
      break;
    case DistributionKind::lognormal: {
      require(spec.mean > 0 && spec.sd > 0, spec, "lognormal lead time needs mean > 0 and sd > 0");
      // The planner gives the mean and sd of the lead time itself; Boost wants the
      // parameters of its logarithm.
      const double sigma2 = std::log1p((spec.sd * spec.sd) / (spec.mean * spec.mean));
      const double mu = std::log(spec.mean) - sigma2 / 2;
      distribution_ = boost::random::lognormal_distribution<double>(mu, std::sqrt(sigma2));
      mean_ = spec.mean;
      break;
    }
    case DistributionKind::gamma:
      require(spec.shape > 0 && spec.scale > 0, spec,
              "gamma lead time needs shape > 0 and scale > 0");
      distribution_ = boost::random::gamma_distribution<double>(spec.shape, spec.scale);
      mean_ = spec.shape * spec.scale;
      break;
    case DistributionKind::empirical: {
      require(!spec.values.empty(), spec, "empirical lead time needs at least one value");
      require(std::all_of(spec.values.begin(), spec.values.end(), [](double v) { return v > 0; }),
              spec, "empirical lead times must all be positive");
      std::vector<double> weights = spec.weights;
      if (weights.empty()) weights.assign(spec.values.size(), 1.0);
      require(weights.size() == spec.values.size(), spec,
              "empirical lead time needs as many weights as values");
      require(std::all_of(weights.begin(), weights.end(), [](double w) { return w >= 0; }) &&
                  std::accumulate(weights.begin(), weights.end(), 0.0) > 0,
              spec, "empirical weights must be >= 0 and not all 0");
      const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
      mean_ = std::inner_product(spec.values.begin(), spec.values.end(), weights.begin(), 0.0) /
              total;
      distribution_ = std::pair{
          boost::random::discrete_distribution<int, double>(weights.begin(), weights.end()),
          spec.values};
      break;
    }
  }
}

int LeadTimeSampler::sample(RandomEngine& engine) const {
  // Boost distributions are stateless for these families, so a copy per draw is cheap and
  // keeps sample() const (one sampler is shared by every replication).
  return std::visit(
      [&](const auto& d) -> int {
        using D = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<D, Fixed>) {
          return d.days;
        } else if constexpr (std::is_same_v<D, boost::random::uniform_int_distribution<int>>) {
          D copy = d;
          return copy(engine);
        } else if constexpr (requires { d.first; }) {
          auto copy = d.first;
          return to_days(d.second[static_cast<std::size_t>(copy(engine))]);
        } else {
          D copy = d;
          return to_days(copy(engine));
        }
      },
      distribution_);
}

}  // namespace blanko::detail
