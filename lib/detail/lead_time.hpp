#pragma once
// Lead-time samplers compiled from DistributionSpec: checked once, drawn per shipment.

#include <blanko/scenario.hpp>

#include "detail/random.hpp"

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <variant>

namespace blanko::detail {

/// Draws lead times in whole days (>= 1).
class LeadTimeSampler {
 public:
  /// Validates `spec` (ScenarioError at spec.where for a non-positive or inconsistent
  /// parameter) and prepares the distribution.
  explicit LeadTimeSampler(const DistributionSpec& spec);

  /// One lead time in days: continuous draws are rounded to the nearest day; at least 1.
  int sample(RandomEngine& engine) const;
  /// The mean of the rounded distribution is not closed-form; this is the mean of the
  /// underlying distribution, for sizing rules and documentation.
  [[nodiscard]] double mean() const { return mean_; }

 private:
  struct Fixed {
    int days;
  };
  using Distribution =
      std::variant<Fixed, boost::random::uniform_int_distribution<int>,
                   boost::random::triangle_distribution<double>,
                   boost::random::lognormal_distribution<double>,
                   boost::random::gamma_distribution<double>,
                   std::pair<boost::random::discrete_distribution<int, double>, std::vector<double>>>;
  Distribution distribution_;
  double mean_ = 0;
};

}  // namespace blanko::detail
