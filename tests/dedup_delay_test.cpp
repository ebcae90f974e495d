// The recording -> print-ready delay: its distribution over whole days, and its effect on
// an office's daily rates (a convolution, exact for Poisson requests).

#include "detail/dedup_delay.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace {
using namespace blanko;
using blanko::detail::ClassRates;

double mean_of(const std::vector<double>& pmf) {
  double mean = 0;
  for (std::size_t k = 0; k < pmf.size(); ++k) mean += static_cast<double>(k) * pmf[k];
  return mean;
}

TEST(DedupDelayTest, DistributionsOverWholeDays) {
  auto pmf = detail::delay_pmf(DistributionSpec::fixed(0));
  EXPECT_EQ(pmf, std::vector<double>{1.0});
  pmf = detail::delay_pmf(DistributionSpec::fixed(3));
  EXPECT_EQ(pmf, (std::vector<double>{0, 0, 0, 1}));
  DistributionSpec d;
  d.kind = DistributionKind::uniform;
  d.low = 2;
  d.high = 5;
  pmf = detail::delay_pmf(d);
  EXPECT_EQ(pmf, (std::vector<double>{0, 0, 0.25, 0.25, 0.25, 0.25}));
  d.kind = DistributionKind::triangular;
  d.low = 1;
  d.mode = 4;
  d.high = 7;
  pmf = detail::delay_pmf(d);
  EXPECT_NEAR(std::accumulate(pmf.begin(), pmf.end(), 0.0), 1.0, 1e-12);
  EXPECT_NEAR(mean_of(pmf), 4.0, 1e-9);  // symmetric: rounding keeps the mean
  EXPECT_EQ(pmf[0], 0.0);
  d.kind = DistributionKind::gamma;
  d.shape = 4;
  d.scale = 1.5;
  pmf = detail::delay_pmf(d);
  EXPECT_NEAR(mean_of(pmf), 6.0, 0.05);
  d.kind = DistributionKind::empirical;
  d.values = {1, 3, 3.2};
  d.weights = {2, 1, 1};
  pmf = detail::delay_pmf(d);
  EXPECT_EQ(pmf, (std::vector<double>{0, 0.5, 0, 0.5}));
}

TEST(DedupDelayTest, RejectsNegativeDelays) {
  DistributionSpec d = DistributionSpec::fixed(-1);
  d.where.key_path = "defaults.kabkota.demand.dedup_delay";
  try {
    (void)detail::delay_pmf(d);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().key_path, "defaults.kabkota.demand.dedup_delay");
    EXPECT_NE(std::string(e.what()).find("must not be negative"), std::string::npos);
  }
}

TEST(DedupDelayTest, ShiftsRequestsAndKeepsASteadyStart) {
  // 10 recordings a day, except 100 on day 10; every one is print-ready 2 or 3 days later.
  std::vector<ClassRates> rates(20, ClassRates{10, 0, 0});
  rates[10][0] = 100;
  detail::apply_dedup_delay({0, 0, 0.5, 0.5}, rates);
  EXPECT_DOUBLE_EQ(rates[0][0], 10);  // steady state before the start
  EXPECT_DOUBLE_EQ(rates[11][0], 10);
  EXPECT_DOUBLE_EQ(rates[12][0], 55);
  EXPECT_DOUBLE_EQ(rates[13][0], 55);
  EXPECT_DOUBLE_EQ(rates[14][0], 10);
}

}  // namespace
