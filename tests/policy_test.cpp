// Replenishment policies: each rule on hand-made review contexts, the demand outlook the
// Model compiles for look-ahead policies, and the long-run behaviour of the classic rules
// against closed forms and an exact Markov chain (Poisson demand, ample supply and
// printing, constant lead times), like BaseStockOfficeReproducesPalmsTheorem.
//
// Daily-step conventions of the simulation (simulation.hpp): a day's demand arrives before
// the day's review, an order placed at the review of day t is shipped the same day and
// arrives at the start of day t + L, before that day's demand. So the order placed on day
// t must cover the demand of days t+1 .. t+R+L-1 (R + L - 1 days) until the next order
// arrives, and the net stock (on hand - backlog) at the end of day t + L - 1 + j
// (j = 1..R) is the position after ordering on day t minus the demand of L - 1 + j days.

#include <blanko/scenario_loader.hpp>

#include "analytic.hpp"
#include "detail/compiled_model.hpp"
#include "test_scenarios.hpp"

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

namespace {
using namespace blanko;
using namespace blanko::testing;

std::unique_ptr<ReplenishmentPolicy> make(const ReplenishmentSpec& r,
                                          const QuantityScale& scale = {.mean_daily_demand = 10,
                                                                        .lead_time_days = 3,
                                                                        .review_period_days = 1}) {
  return PolicyRegistry::global().make_replenishment(r.policy, scale);
}

// A review context whose inventory position is `position` (a backlog when negative).
ReviewContext at(std::int64_t position) {
  ReviewContext c;
  if (position >= 0)
    c.on_hand = position;
  else
    c.backlog = -position;
  return c;
}

// ---- the rules, one review at a time ------------------------------------------------------

TEST(PolicyTest, EveryBuiltInReplenishmentPolicyIsRegistered) {
  const auto names = PolicyRegistry::global().replenishment_names();
  for (const char* name :
       {"base_stock", "periodic", "s_S", "r_Q", "days_of_cover", "event_aware"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

TEST(PolicyTest, PeriodicIsBaseStockUnderItsPlanningName) {
  const auto base = make(base_stock(100));
  const auto periodic = make(policy("periodic", {{"S", QuantitySpec::units_of(100)}}, 7));
  for (std::int64_t position : {-40, 0, 1, 60, 99, 100, 130}) {
    EXPECT_EQ(periodic->order_quantity(at(position)), base->order_quantity(at(position)));
  }
  EXPECT_EQ(periodic->order_quantity(at(-40)), 140);
  EXPECT_EQ(periodic->order_quantity(at(130)), 0);
}

TEST(PolicyTest, RQOrdersTheSmallestMultipleOfQThatLiftsThePositionAboveR) {
  const auto rq =
      make(policy("r_Q", {{"r", QuantitySpec::units_of(10)}, {"Q", QuantitySpec::units_of(25)}}));
  EXPECT_EQ(rq->order_quantity(at(11)), 0);
  EXPECT_EQ(rq->order_quantity(at(10)), 25);   // 35
  EXPECT_EQ(rq->order_quantity(at(-14)), 25);  // 11
  EXPECT_EQ(rq->order_quantity(at(-15)), 50);  // 25 would leave it at r
  EXPECT_EQ(rq->order_quantity(at(-100)), 125);
}

// A 10-day outlook: 10 requests a day, then 40 a day from day 5 (an election push).
struct Outlook {
  std::vector<double> cumulative{0, 10, 20, 30, 40, 50, 90, 130, 170, 210, 250};
  DemandOutlook view{.cumulative = cumulative, .tail_rate = 40};
};

TEST(PolicyTest, DemandOutlookSumsDaysAndCarriesTheTailRateBeyondTheHorizon) {
  const Outlook o;
  EXPECT_DOUBLE_EQ(o.view.expected(0, 10), 250);
  EXPECT_DOUBLE_EQ(o.view.expected(2, 4), 10 + 10 + 10 + 40);
  EXPECT_DOUBLE_EQ(o.view.expected(9, 4), 40 + 3 * 40);  // day 9, then 3 days after
  EXPECT_DOUBLE_EQ(o.view.expected(12, 2), 80);
  EXPECT_DOUBLE_EQ(o.view.expected(-3, 4), 10);  // days before the run count nothing
  EXPECT_DOUBLE_EQ(o.view.expected(3, 0), 0);
  ReviewContext plain{.mean_daily_demand = 12};  // no outlook: the mean
  EXPECT_DOUBLE_EQ(plain.forecast(3, 5), 60);
  plain.outlook = &o.view;
  EXPECT_DOUBLE_EQ(plain.forecast(2, 4), 70);
}

TEST(PolicyTest, DaysOfCoverTargetsCoverDaysOfTheCycleForecast) {
  const Outlook o;
  ReviewContext c = at(100);
  c.day = 1;
  c.lead_time_days = 2;
  c.review_period_days = 2;
  c.mean_daily_demand = 12;
  // Days 2..5 ahead: 70 requests, 17.5 a day; 10 days of that is 175.
  c.outlook = &o.view;
  const auto cover = make(policy("days_of_cover", {{"cover_days", QuantitySpec::units_of(10)}}));
  EXPECT_EQ(cover->order_quantity(c), 75);
  const auto with_minimum =
      make(policy("days_of_cover", {{"cover_days", QuantitySpec::units_of(10)},
                                    {"min_order", QuantitySpec::units_of(80)}}));
  EXPECT_EQ(with_minimum->order_quantity(c), 0);  // too small a trip: wait
  c.on_hand = 90;
  EXPECT_EQ(with_minimum->order_quantity(c), 85);
  c.outlook = nullptr;  // the mean: 10 x 12 = 120
  EXPECT_EQ(cover->order_quantity(c), 30);
}

TEST(PolicyTest, EventAwareOrdersUpToTheCycleForecastPlusSafetyStock) {
  const Outlook o;
  ReviewContext c = at(100);
  c.day = 1;
  c.lead_time_days = 2.4;  // rounds to 2
  c.review_period_days = 2;
  c.mean_daily_demand = 12;
  c.outlook = &o.view;
  const auto aware = make(policy("event_aware", {{"safety_days", QuantitySpec::units_of(3)}}));
  EXPECT_EQ(aware->order_quantity(c), 70 + 36 - 100);
  // A longer planning lead time sees the push: days 2..9 hold 30 + 200 requests.
  const auto longer = make(policy("event_aware", {{"safety_days", QuantitySpec::units_of(3)},
                                                  {"lead_time_days", QuantitySpec::units_of(6)}}));
  EXPECT_EQ(longer->order_quantity(c), 230 + 36 - 100);
  c.day = 8;  // days 9..12: the last day and three beyond the horizon
  EXPECT_EQ(aware->order_quantity(c), 160 + 36 - 100);
}

TEST(PolicyTest, LeadTimeCoverIsDemandOverLeadTimePlusReviewPeriod) {
  const QuantityScale scale{.mean_daily_demand = 40, .lead_time_days = 14, .review_period_days = 7};
  EXPECT_DOUBLE_EQ(scale.blanks(QuantitySpec::lead_time_cover_of(1.5)), 1.5 * 40 * 21);
  EXPECT_DOUBLE_EQ(scale.blanks(QuantitySpec::days_of(3)), 120);
  EXPECT_DOUBLE_EQ(scale.blanks(QuantitySpec::units_of(7)), 7);

  // Through a Model: a 5-day lane and reviews every 3 days at 20 requests a day.
  Scenario s = single_office(20, 100, 5);
  s.nodes[1].replenishment = policy("base_stock", {{"S", QuantitySpec::lead_time_cover_of(2)}}, 3);
  s.nodes[1].initial_stock = QuantitySpec::lead_time_cover_of(1);
  const Model m(s);
  EXPECT_EQ(m.compiled().replenishment[1]->order_quantity(ReviewContext{}), 2 * 20 * (5 + 3));
  EXPECT_EQ(m.compiled().initial_stock[1], 160);

  s.nodes[0].initial_stock = QuantitySpec::lead_time_cover_of(1);
  s.nodes[0].initial_stock.where.key_path = "nodes.pusat.initial_stock";
  expect_scenario_error([&] { Model bad(s); }, "needs a node with a supplier lane");
}

TEST(PolicyTest, PlainNumberParametersRejectRelativeQuantities) {
  expect_scenario_error(
      [] {
        (void)make(policy("days_of_cover", {{"cover_days", QuantitySpec::days_of(3)}}));
      },
      "expected a plain number");
  expect_scenario_error(
      [] {
        (void)make(policy("event_aware", {{"safety_days", QuantitySpec::units_of(-1)}}));
      },
      "safety_days must be a number between 0 and 36,525 (days), got -1");
}

// ---- the outlook the Model compiles ---------------------------------------------------

// Records what the simulation hands a policy at each review; orders up to 60.
class Probe final : public ReplenishmentPolicy {
 public:
  explicit Probe(std::vector<ReviewContext>* seen) : seen_(seen) {}
  std::int64_t order_quantity(const ReviewContext& c) const override {
    seen_->push_back(c);
    return std::max<std::int64_t>(0, 60 - c.inventory_position());
  }

 private:
  std::vector<ReviewContext>* seen_;
};

TEST(PolicyTest, ReviewsSeeTheCalendarsDemandBelowTheNodeLeadTimeAndPeriod) {
  // A province with two offices; an election push triples first cards in February.
  Scenario s = scenario(120);
  s.nodes.push_back(centre("pusat", 1'000'000));
  s.nodes.push_back(province("p", 500, policy("probe", {}, 7)));
  s.nodes.push_back(office("p.1", 20, 200, policy("probe", {}, 3)));
  s.nodes.push_back(office("p.2", 30, 200, policy("probe", {}, 3)));
  s.nodes[2].office->closed_weekdays = {Weekday::sun};
  s.lanes.push_back(lane("pusat", "p", DistributionSpec::fixed(10)));
  s.lanes.push_back(lane("p", "p.1", DistributionSpec::fixed(2)));
  s.lanes.push_back(lane("p", "p.2", DistributionSpec::fixed(4)));
  CalendarEvent pemilu;
  pemilu.kind = CalendarEventKind::election;
  pemilu.name = "pemilu";
  pemilu.start = day_of("2024-02-01");
  pemilu.end = day_of("2024-02-29");
  pemilu.multiplier = 3;
  pemilu.classes = {PriorityClass::first_card};
  s.calendar.events.push_back(pemilu);

  std::vector<ReviewContext> seen;
  PolicyRegistry registry = PolicyRegistry::global();
  registry.add_replenishment("probe", "records its contexts",
                             [&](PolicyParameters&) { return std::make_unique<Probe>(&seen); });
  const Model m(s, registry);
  const auto& c = m.compiled();

  // Each office's outlook is its rate table summed over classes; the province's is the sum
  // of its offices'; the centre, never reviewed, has none.
  auto rates = [&](std::int32_t office, Day from, int days) {
    double sum = 0;
    for (Day d = from; d < from + days; ++d) {
      for (int k = 0; k < kPriorityClassCount; ++k) {
        sum += c.demand_rate(d, detail::demand_column(office, static_cast<PriorityClass>(k)));
      }
    }
    return sum;
  };
  EXPECT_TRUE(c.outlook[0].cumulative.empty());
  for (Day from : {0, 25, 40, 100}) {
    EXPECT_NEAR(c.outlook[2].expected(from, 14), rates(0, from, 14), 1e-9);
    EXPECT_NEAR(c.outlook[3].expected(from, 14), rates(1, from, 14), 1e-9);
    EXPECT_NEAR(c.outlook[1].expected(from, 14), rates(0, from, 14) + rates(1, from, 14), 1e-9);
  }
  // February holds the push: 14 days from 1 Feb expect about 3x first cards (all requests
  // of these offices are first cards).
  EXPECT_NEAR(c.outlook[2].expected(31, 14), 3 * 20 * 14, 1e-6);
  // Beyond the horizon: the last week's mean rate.
  EXPECT_NEAR(c.outlook[3].expected(119, 3), rates(1, 119, 1) + 2 * rates(1, 113, 7) / 7, 1e-9);

  (void)simulate(m, {.seed = 3, .record_timeseries = false});
  ASSERT_FALSE(seen.empty());
  bool province_seen = false;
  for (const ReviewContext& r : seen) {
    ASSERT_NE(r.outlook, nullptr);
    if (r.outlook == &c.outlook[1]) {
      province_seen = true;
      EXPECT_EQ(r.day % 7, 0);
      EXPECT_DOUBLE_EQ(r.lead_time_days, 10);
      EXPECT_EQ(r.review_period_days, 7);
      EXPECT_NEAR(r.mean_daily_demand, 50, 1e-9);
    } else {
      EXPECT_EQ(r.day % 3, 0);
      EXPECT_EQ(r.review_period_days, 3);
      EXPECT_DOUBLE_EQ(r.lead_time_days, r.outlook == &c.outlook[2] ? 2 : 4);
    }
    EXPECT_DOUBLE_EQ(r.forecast(r.day + 1, 9), r.outlook->expected(r.day + 1, 9));
  }
  EXPECT_TRUE(province_seen);
}

// ---- long-run behaviour against closed forms -------------------------------------------

// Periodic review (R, S) with Poisson demand of rate l a day, a constant lead time L and
// ample supply and printing. After each review the position is S. By the conventions at
// the top of this file, on the R days j = 1..R of a cycle (those from the arrival of one
// order to the day before the next one arrives) the backlog is (D_{L-1+j} - S)+ with
// D_n ~ Poisson(n l), so the expected backlog averaged over the days is
//   (1/R) sum_{j=1..R} E[(D_{L-1+j} - S)+],
// and the cycle service level (no backlog on the last day of the cycle) is
//   P(D_{R+L-1} <= S).
// (Continuous-review textbooks write D_{L+j} and D_{R+L}: there the demand of the
// arrival day's first moments is also counted.)
TEST(PolicyTest, PeriodicReviewBaseStockMatchesTheClosedForm) {
  const double rate = 20;
  const int lead_time = 4, period = 5;
  const std::int64_t target = 175;
  double expected_backlog = 0;
  for (int j = 1; j <= period; ++j) {
    expected_backlog +=
        poisson_expectation(rate * (lead_time - 1 + j),
                            [&](int k) { return std::max(0.0, static_cast<double>(k - target)); }) /
        period;
  }
  const double cycle_service = poisson_expectation(rate * (period + lead_time - 1),
                                                   [&](int k) { return k <= target ? 1.0 : 0.0; });

  const int replications = 40, warm_up = 50, days = warm_up + 600 * period;
  const Model model(periodic_single_office(rate, target, lead_time, period, days));
  Simulation sim(model);
  std::vector<double> backlog_means, service_levels;
  for (int rep = 0; rep < replications; ++rep) {
    const RunResult r = sim.run({.seed = 77, .replication = static_cast<std::uint64_t>(rep)});
    const TimeSeries& ts = *r.timeseries;
    double backlog = 0, cycles = 0, served = 0;
    for (int d = warm_up; d < days; ++d) {  // whole cycles: warm_up and days are aligned
      const std::int64_t b = ts.at(Series::backlog, d, 1);
      backlog += static_cast<double>(b);
      // The last day of a cycle is the day before an arrival: d + 1 - L a review day.
      if ((d + 1 - lead_time) % period == 0) {
        cycles += 1;
        served += b == 0 ? 1 : 0;
      }
      // Printing is ample, so stock and backlog never coexist at the end of a day.
      ASSERT_TRUE(b == 0 || ts.at(Series::on_hand, d, 1) == 0) << "day " << d;
    }
    backlog_means.push_back(backlog / (days - warm_up));
    service_levels.push_back(served / cycles);
  }
  expect_within_3se(backlog_means, expected_backlog, "expected backlog");
  expect_within_3se(service_levels, cycle_service, "cycle service level");
}

// (s, S) reviewed daily with L = 1: the order placed at the end of day t arrives before the
// demand of day t + 1, so the net stock at the end of day t + 1 is Y_t - D with Y_t the
// position after ordering (s < Y <= S) and D ~ Poisson(l). Y is a Markov chain:
// Y' = Y - D if that stays above s, else S. With holding cost h per blank on hand and
// backlog cost p per waiting request at the end of a day, the long-run cost per day is
//   sum_y pi(y) E[h (y - D)+ + p (D - y)+].
TEST(PolicyTest, SSCostMatchesTheExactMarkovChain) {
  const double rate = 2, holding = 1, backlog_cost = 9;
  const int s_level = 3, S_level = 10, states = S_level - s_level;
  auto state_of = [&](int y) { return y - s_level - 1; };
  Eigen::MatrixXd transition = Eigen::MatrixXd::Zero(states, states);
  for (int y = s_level + 1; y <= S_level; ++y) {
    double stay_above = 0;
    for (int k = 0; y - k > s_level; ++k) {
      transition(state_of(y), state_of(y - k)) += poisson_pmf(rate, k);
      stay_above += poisson_pmf(rate, k);
    }
    transition(state_of(y), state_of(S_level)) += 1 - stay_above;
  }
  // pi (P - I) = 0 with sum(pi) = 1: the last equation replaced by the normalisation.
  Eigen::MatrixXd system = (transition - Eigen::MatrixXd::Identity(states, states)).transpose();
  system.row(states - 1).setOnes();
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(states);
  rhs(states - 1) = 1;
  const Eigen::VectorXd pi = system.fullPivLu().solve(rhs);
  double expected_cost = 0;
  for (int y = s_level + 1; y <= S_level; ++y) {
    expected_cost += pi(state_of(y)) * poisson_expectation(rate, [&](int k) {
                       return holding * std::max(0, y - k) + backlog_cost * std::max(0, k - y);
                     });
  }

  const int replications = 30, warm_up = 20, days = 4000;
  Scenario s = single_office(rate, S_level, 1, days);
  s.nodes[1].replenishment = s_S(s_level, S_level);
  const Model model(s);
  Simulation sim(model);
  std::vector<double> costs;
  for (int rep = 0; rep < replications; ++rep) {
    const RunResult r = sim.run({.seed = 5, .replication = static_cast<std::uint64_t>(rep)});
    const TimeSeries& ts = *r.timeseries;
    double cost = 0;
    for (int d = warm_up; d < days; ++d) {
      cost += holding * static_cast<double>(ts.at(Series::on_hand, d, 1)) +
              backlog_cost * static_cast<double>(ts.at(Series::backlog, d, 1));
    }
    costs.push_back(cost / (days - warm_up));
  }
  expect_within_3se(costs, expected_cost, "long-run cost per day");
}

// (r, Q) with Poisson demand: the position after ordering is uniform on r+1 .. r+Q in the
// long run, and independent of the demand of the next L days, so the mean stock on hand at
// the end of a day is (1/Q) sum_{y=r+1..r+Q} E[(y - D_L)+] and the mean backlog
// (1/Q) sum_y E[(D_L - y)+].
TEST(PolicyTest, RQPositionIsUniformAndOrdersAreWholeLots) {
  const double rate = 5;
  const int lead_time = 2;
  const std::int64_t r = 8, q = 7;
  double expected_on_hand = 0, expected_backlog = 0;
  for (std::int64_t y = r + 1; y <= r + q; ++y) {
    const auto yd = static_cast<double>(y);
    expected_on_hand +=
        poisson_expectation(rate * lead_time, [&](int k) { return std::max(0.0, yd - k); }) /
        static_cast<double>(q);
    expected_backlog +=
        poisson_expectation(rate * lead_time, [&](int k) { return std::max(0.0, k - yd); }) /
        static_cast<double>(q);
  }
  const double uniform_mean = static_cast<double>(r) + (static_cast<double>(q) + 1) / 2;
  const double uniform_variance = (static_cast<double>(q * q) - 1) / 12;

  const int replications = 30, warm_up = 20, days = 3000;
  Scenario s = single_office(rate, r + q, lead_time, days);
  s.nodes[1].replenishment =
      policy("r_Q", {{"r", QuantitySpec::units_of(r)}, {"Q", QuantitySpec::units_of(q)}});
  const Model model(s);
  Simulation sim(model);
  std::vector<double> on_hand_means, backlog_means, position_means, position_variances;
  std::int64_t orders = 0;
  for (int rep = 0; rep < replications; ++rep) {
    const RunResult res = sim.run({.seed = 11, .replication = static_cast<std::uint64_t>(rep)});
    const TimeSeries& ts = *res.timeseries;
    // After the day's dispatch nothing is on order: the position is stock + in transit - backlog.
    auto position = [&](int d) {
      return ts.at(Series::on_hand, d, 1) + ts.at(Series::in_transit, d, 1) -
             ts.at(Series::backlog, d, 1);
    };
    std::vector<double> positions;
    double on_hand = 0, backlog = 0;
    for (int d = warm_up; d < days; ++d) {
      const std::int64_t after = position(d);
      const std::int64_t before = position(d - 1) - ts.at(Series::demand, d, 1);
      const std::int64_t ordered = after - before;
      ASSERT_TRUE(after > r && after <= r + q) << "day " << d << ": position " << after;
      ASSERT_EQ(ordered % q, 0) << "day " << d;
      ASSERT_EQ(ordered > 0, before <= r) << "day " << d;
      orders += ordered > 0 ? 1 : 0;
      positions.push_back(static_cast<double>(after));
      on_hand += static_cast<double>(ts.at(Series::on_hand, d, 1));
      backlog += static_cast<double>(ts.at(Series::backlog, d, 1));
    }
    const double n = static_cast<double>(positions.size());
    const double mean = std::accumulate(positions.begin(), positions.end(), 0.0) / n;
    double variance = 0;
    for (double p : positions) variance += (p - mean) * (p - mean) / n;
    position_means.push_back(mean);
    position_variances.push_back(variance);
    on_hand_means.push_back(on_hand / n);
    backlog_means.push_back(backlog / n);
  }
  EXPECT_GT(orders, replications * (days - warm_up) / 3);  // orders every ~1.4 days
  expect_within_3se(position_means, uniform_mean, "mean position after ordering");
  expect_within_3se(position_variances, uniform_variance, "variance of the position");
  expect_within_3se(on_hand_means, expected_on_hand, "mean stock on hand");
  expect_within_3se(backlog_means, expected_backlog, "mean backlog");
}

// ---- the calendar pays: event_aware against s_S on Bengkulu 2024 ------------------------

// Blanks on hand at the kab/kota offices, averaged over the days of the run.
double mean_office_stock(const Model& model, const TimeSeries& ts) {
  double sum = 0;
  for (NodeIndex v = 0; v < ts.nodes(); ++v) {
    if (model.compiled().office_of_node[static_cast<std::size_t>(v)] == kNone) continue;
    for (Day d = 0; d < ts.days(); ++d) sum += static_cast<double>(ts.at(Series::on_hand, d, v));
  }
  return sum / ts.days();
}

// The scenario's kab/kota order up to 75 days of mean demand when they fall to 30 days
// (s_S); event_aware orders up to the calendar's forecast for the next lead time + review
// period plus 14 days of mean demand, so it stocks up before Pemilu, CPNS and Pilkada
// instead of after. Under common random numbers it has fewer stockout days (office-days
// and supplier-days) while holding less stock at the offices.
TEST(PolicyTest, EventAwareHasFewerStockoutDaysThanSSOnBengkulu2024) {
  const std::string path = std::string(BLANKO_SOURCE_DIR) + "/scenarios/bengkulu-2024.yaml";
  const Model s_S_model(load_scenario(path));
  const Model aware_model(
      load_scenario(path, {"defaults.kabkota.replenishment={policy: event_aware, safety_days: 14, "
                           "review_period_days: 7}"}));
  ASSERT_EQ(s_S_model.scenario().nodes[2].replenishment->policy.name, "s_S");
  ASSERT_EQ(aware_model.scenario().nodes[2].replenishment->policy.name, "event_aware");
  Simulation s_S_sim(s_S_model), aware_sim(aware_model);
  const int replications = 20;
  std::vector<double> s_S_days, aware_days, differences, s_S_stock, aware_stock;
  for (int rep = 0; rep < replications; ++rep) {
    // Same seed and replication: the same demand under both policies.
    const RunOptions options{.seed = 2024, .replication = static_cast<std::uint64_t>(rep)};
    const RunResult a = s_S_sim.run(options);
    const RunResult b = aware_sim.run(options);
    ASSERT_EQ(a.total.demand, b.total.demand);
    s_S_days.push_back(a.total.stockout_days);
    aware_days.push_back(b.total.stockout_days);
    differences.push_back(a.total.stockout_days - b.total.stockout_days);
    s_S_stock.push_back(mean_office_stock(s_S_model, *a.timeseries));
    aware_stock.push_back(mean_office_stock(aware_model, *b.timeseries));
  }
  const Estimate s_S_e = estimate(s_S_days), aware_e = estimate(aware_days);
  const Estimate difference = estimate(differences);
  EXPECT_LT(aware_e.mean, s_S_e.mean);
  EXPECT_GT(difference.mean / difference.se, 2.0)
      << "s_S " << s_S_e.mean << " stockout days, event_aware " << aware_e.mean
      << ", paired difference " << difference.mean << " (se " << difference.se << ")";
  EXPECT_LT(estimate(aware_stock).mean, estimate(s_S_stock).mean);
}

}  // namespace
