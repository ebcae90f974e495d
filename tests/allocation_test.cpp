// Allocation policies: how a supplier that cannot fill every open order shares its stock.
// Each rule on the hand-computed case "100 blanks, orders 80/60/40 (oldest first)", the
// retention, a randomized property test over every rule, and a scenario through YAML.

#include <blanko/model.hpp>
#include <blanko/policy.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace blanko {
namespace {

std::unique_ptr<AllocationPolicy> make(const std::string& name,
                                       std::map<std::string, QuantitySpec> parameters = {},
                                       QuantityScale scale = {}) {
  return PolicyRegistry::global().make_allocation(
      PolicySpec{.name = name, .parameters = std::move(parameters), .where = {}}, scale);
}

// The hand-computed case: orders of 80, 60 and 40 blanks, oldest first.
std::vector<OpenOrder> three_orders() {
  return {OpenOrder{.customer = 1, .placed = 0, .outstanding = 80, .lane = 0},
          OpenOrder{.customer = 2, .placed = 1, .outstanding = 60, .lane = 1},
          OpenOrder{.customer = 3, .placed = 2, .outstanding = 40, .lane = 2}};
}

std::vector<std::int64_t> split(const AllocationPolicy& policy, std::int64_t available,
                                const std::vector<OpenOrder>& orders) {
  std::vector<std::int64_t> granted(orders.size(), -7);
  policy.allocate(available, orders, granted);
  return granted;
}

using Split = std::vector<std::int64_t>;

TEST(AllocationTest, EveryRuleIsRegistered) {
  const auto names = PolicyRegistry::global().allocation_names();
  for (const char* name :
       {"fcfs", "proportional", "population", "forecast", "fair_share", "priority_tiers"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

TEST(AllocationTest, FcfsFillsTheOldestFirst) {
  EXPECT_EQ(split(*make("fcfs"), 100, three_orders()), (Split{80, 20, 0}));
}

TEST(AllocationTest, ProportionalUsesTheLargestRemainder) {
  // Quotas: 100 x 80/180 = 44.44, 100 x 60/180 = 33.33, 100 x 40/180 = 22.22.
  // Floors 44 + 33 + 22 = 99; the one blank left goes to the largest remainder, 0.44 of the
  // oldest order: 45/33/22.
  EXPECT_EQ(split(*make("proportional"), 100, three_orders()), (Split{45, 33, 22}));
  // Remainders 0.5/0.5/0 (quotas 4.5, 4.5, 3 out of 12 blanks over orders 3/3/2 x 1.5):
  // a tie goes to the older order.
  std::vector<OpenOrder> tie{OpenOrder{.outstanding = 30}, OpenOrder{.outstanding = 30},
                             OpenOrder{.outstanding = 20}};
  EXPECT_EQ(split(*make("proportional"), 12, tie), (Split{5, 4, 3}));
}

TEST(AllocationTest, PopulationSharesByResidents) {
  auto orders = three_orders();
  // 200k/500k/300k: quotas 20/50/30, all within the orders.
  orders[0].customer_population = 200'000;
  orders[1].customer_population = 500'000;
  orders[2].customer_population = 300'000;
  EXPECT_EQ(split(*make("population"), 100, orders), (Split{20, 50, 30}));
  // 100k/800k/100k: the second quota (80) exceeds its order (60): it gets 60 and the 40
  // left are shared 1:1 by the others.
  orders[0].customer_population = 100'000;
  orders[1].customer_population = 800'000;
  orders[2].customer_population = 100'000;
  EXPECT_EQ(split(*make("population"), 100, orders), (Split{20, 60, 20}));
}

TEST(AllocationTest, ForecastSharesByExpectedDemand) {
  auto orders = three_orders();
  // Forecasts 30/30/90: quotas 20/20/60, the third capped at 40; 60 left split 1:1.
  orders[0].customer_forecast = 30;
  orders[1].customer_forecast = 30;
  orders[2].customer_forecast = 90;
  EXPECT_EQ(split(*make("forecast"), 100, orders), (Split{30, 30, 40}));
}

TEST(AllocationTest, FairShareEqualisesDaysOfCover) {
  auto orders = three_orders();
  // Positions 20/-10/10, mean demand 10/5/5: (20 + g1)/10 = (-10 + g2)/5 = (10 + g3)/5 = L
  // with g1 + g2 + g3 = 100 gives 20 L - 20 = 100, L = 6: grants 40/40/20.
  const std::array<std::int64_t, 3> position{20, -10, 10};
  const std::array<double, 3> demand{10, 5, 5};
  for (std::size_t i = 0; i < 3; ++i) {
    orders[i].customer_position = position[i];
    orders[i].customer_mean_daily_demand = demand[i];
  }
  const Split granted = split(*make("fair_share"), 100, orders);
  EXPECT_EQ(granted, (Split{40, 40, 20}));
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(static_cast<double>(position[i] + granted[i]) / demand[i], 6.0);
  }
  // A customer already above the others' level gets nothing; the rest level up.
  orders[0].customer_position = 1000;
  EXPECT_EQ(split(*make("fair_share"), 100, orders), (Split{0, 60, 40}));
}

TEST(AllocationTest, FairShareNeverGrantsMoreThanOutstanding) {
  auto orders = three_orders();
  // Equal demand and positions, but the third order is small: it gets its 40, the others
  // share the remaining 60 equally.
  for (auto& o : orders) o.customer_mean_daily_demand = 4;
  orders[2].outstanding = 10;
  EXPECT_EQ(split(*make("fair_share"), 100, orders), (Split{45, 45, 10}));
}

TEST(AllocationTest, PriorityTiersServeTheElectionFirst) {
  auto orders = three_orders();
  orders[1].days_to_next_election = 10;  // the second customer votes in 10 days
  const auto policy = make("priority_tiers", {{"window_days", QuantitySpec::units_of(30)}});
  EXPECT_EQ(split(*policy, 100, orders), (Split{40, 60, 0}));
  // Outside the window it is plain FCFS.
  orders[1].days_to_next_election = 31;
  EXPECT_EQ(split(*policy, 100, orders), (Split{80, 20, 0}));
}

TEST(AllocationTest, RetentionKeepsItsBlanks) {
  EXPECT_EQ(split(*make("fcfs", {{"retain", QuantitySpec::units_of(30)}}), 100, three_orders()),
            (Split{70, 0, 0}));
  // 2 days of a supplier demand of 10 a day: 20 kept.
  EXPECT_EQ(split(*make("fcfs", {{"retain", QuantitySpec::days_of(2)}},
                        QuantityScale{.mean_daily_demand = 10}),
                  100, three_orders()),
            (Split{80, 0, 0}));
  // At or below the retention nothing ships.
  EXPECT_EQ(split(*make("proportional", {{"retain", QuantitySpec::units_of(100)}}), 100,
                  three_orders()),
            (Split{0, 0, 0}));
  // Enough above the retention: every order is filled.
  EXPECT_EQ(split(*make("fair_share", {{"retain", QuantitySpec::units_of(10)}}), 200,
                  three_orders()),
            (Split{80, 60, 40}));
}

TEST(AllocationTest, BadParametersAreRejected) {
  EXPECT_THROW((void)make("fcfs", {{"retain", QuantitySpec::units_of(-1)}}), ScenarioError);
  EXPECT_THROW((void)make("priority_tiers", {{"window_days", QuantitySpec::units_of(-1)}}),
               ScenarioError);
  EXPECT_THROW((void)make("priority_tiers"), ScenarioError);  // window_days is required
  EXPECT_THROW((void)make("fair_share", {{"reserve", QuantitySpec::units_of(1)}}), ScenarioError);
}

// Whatever the orders and facts: grants are in [0, outstanding], their sum is what the
// supplier shares out (available - retain) or every order in full, whichever is less.
TEST(AllocationTest, RandomCasesRespectStockAndOrders) {
  std::mt19937_64 rng(20240214);
  const auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  const std::vector<std::string> rules{"fcfs",     "proportional", "population",
                                       "forecast", "fair_share",   "priority_tiers"};
  for (int round = 0; round < 2000; ++round) {
    const std::int64_t retain = uniform(0, 3) == 0 ? uniform(0, 300) : 0;
    std::vector<OpenOrder> orders(static_cast<std::size_t>(uniform(1, 9)));
    for (auto& o : orders) {
      o.outstanding = uniform(0, 3) == 0 ? uniform(0, 3) : uniform(0, 500);
      o.customer_population = uniform(0, 2) == 0 ? 0 : uniform(0, 1'000'000);
      o.customer_mean_daily_demand = uniform(0, 3) == 0 ? 0.0 : static_cast<double>(uniform(1, 1000)) / 7.0;
      o.customer_forecast = static_cast<double>(uniform(0, 5000)) / 3.0;
      o.customer_position = uniform(-500, 1500);
      o.days_to_next_election = uniform(0, 1) == 0 ? kNoElectionAhead : static_cast<std::int32_t>(uniform(0, 90));
    }
    const std::int64_t available = uniform(0, 2000);
    std::int64_t wanted = 0;
    for (const auto& o : orders) wanted += o.outstanding;
    const std::int64_t expected = std::min(std::max<std::int64_t>(0, available - retain), wanted);
    for (const auto& rule : rules) {
      std::map<std::string, QuantitySpec> parameters{{"retain", QuantitySpec::units_of(retain)}};
      if (rule == "priority_tiers") parameters["window_days"] = QuantitySpec::units_of(30);
      const Split granted = split(*make(rule, parameters), available, orders);
      std::int64_t total = 0;
      for (std::size_t i = 0; i < orders.size(); ++i) {
        ASSERT_GE(granted[i], 0) << rule << " round " << round;
        ASSERT_LE(granted[i], orders[i].outstanding) << rule << " round " << round;
        total += granted[i];
      }
      ASSERT_LE(total, available) << rule << " round " << round;
      ASSERT_EQ(total, expected) << rule << " round " << round;
    }
  }
}

// A province short of blanks: four equal offices, empty at the start, all order 60 days of
// demand (about 720 blanks) on day 0, but the province has 2,000 and the centre nothing
// until a lot in mid-March. FCFS fills the first two orders and part of the third and
// leaves the fourth office without a blank until the lot; fair_share gives each about 500
// (some 40 days of cover). `ALLOCATION` is replaced by the rule.
const std::string kShortage = R"(scenario:
  start: 2024-01-01
  horizon_days: 120
  seed: 7
nodes:
  - id: pusat
    kind: centre
    initial_stock: 0
  - id: prov
    kind: province
    initial_stock: 2000
    replenishment: {policy: base_stock, S: 6000, review_period_days: 7}
    allocation: ALLOCATION
OFFICES
lanes:
  - {from: pusat, to: prov, lead_time: 10}
  - {from: prov, to: kab_a, lead_time: 3}
  - {from: prov, to: kab_b, lead_time: 3}
  - {from: prov, to: kab_c, lead_time: 3}
  - {from: prov, to: kab_d, lead_time: 3}
procurement:
  lots:
    - {date: 2024-03-15, quantity: 20000}
)";

std::string with_allocation(const std::string& allocation) {
  std::string offices;
  for (const char* id : {"kab_a", "kab_b", "kab_c", "kab_d"}) {
    offices += std::string("  - id: ") + id + R"(
    population: 300000
    office: {printers: 4, cards_per_printer_per_day: 100}
    demand: {annual_rate: 0.02, wajib_ktp_share: 0.73}
    replenishment: {policy: base_stock, S: {days_of_demand: 60}, review_period_days: 7}
)";
  }
  std::string yaml = kShortage;
  yaml.replace(yaml.find("OFFICES\n"), std::string("OFFICES\n").size(), offices);
  yaml.replace(yaml.find("ALLOCATION"), std::string("ALLOCATION").size(), allocation);
  return yaml;
}

// Offices whose requests waited without a blank for `days` days or more.
int offices_with_long_stockouts(const RunResult& result, std::int32_t days) {
  int count = 0;
  for (const NodeKpis& k : result.nodes) {
    if (k.node.starts_with("kab_") && k.stockout_days >= days) ++count;
  }
  return count;
}

TEST(AllocationTest, FairShareShortensTheLongStockoutsOfFcfs) {
  const Model fcfs(parse_scenario(with_allocation("fcfs"), "fcfs.yaml"));
  const Model fair(parse_scenario(with_allocation("{policy: fair_share}"), "fair.yaml"));
  const RunResult a = simulate(fcfs, {.seed = 11, .replication = 0, .record_timeseries = false});
  const RunResult b = simulate(fair, {.seed = 11, .replication = 0, .record_timeseries = false});
  // FCFS leaves the fourth office without blanks until the lot (some 87 days); fair_share
  // spreads the wait (about 50 days each).
  EXPECT_EQ(offices_with_long_stockouts(b, 60), 0);
  EXPECT_LT(offices_with_long_stockouts(b, 60), offices_with_long_stockouts(a, 60));
}

// A rule that records what it was given (tests only; one thread), then serves FCFS.
std::vector<OpenOrder> recorded;
class Recording final : public AllocationPolicy {
 public:
  void allocate(std::int64_t available, std::span<const OpenOrder> orders,
                std::span<std::int64_t> granted) const override {
    if (recorded.empty()) recorded.assign(orders.begin(), orders.end());  // day 0's
    for (std::size_t i = 0; i < orders.size(); ++i) {
      granted[i] = std::min(available, orders[i].outstanding);
      available -= granted[i];
    }
  }
};

// The simulation fills in the customer facts: residents, mean demand, forecast, position
// and the days to an election window covering the customer (Pilkada in 17.02 only).
TEST(AllocationTest, SimulationFillsInTheCustomerFacts) {
  PolicyRegistry registry = PolicyRegistry::global();
  registry.add_allocation("recording", "test", [](PolicyParameters&) {
    return std::make_unique<Recording>();
  });
  const std::string yaml = R"(scenario:
  start: 2024-01-01
  horizon_days: 30
nodes:
  - id: pusat
    kind: centre
    initial_stock: 100000
    allocation: recording
  - id: "17.01"
    population: 100000
    initial_stock: 10
    office: {printers: 4, cards_per_printer_per_day: 100}
    demand: {annual_rate: 0.073, wajib_ktp_share: 1.0}
    replenishment: {policy: base_stock, S: 500, review_period_days: 7}
  - id: "17.02"
    population: 50000
    office: {printers: 4, cards_per_printer_per_day: 100}
    demand: {annual_rate: 0.073, wajib_ktp_share: 1.0}
    replenishment: {policy: base_stock, S: 300, review_period_days: 7}
lanes:
  - {from: pusat, to: "17.01", lead_time: 3}
  - {from: pusat, to: "17.02", lead_time: 3}
calendar:
  events:
    - {kind: pilkada, name: Pilkada, start: 2024-01-21, end: 2024-01-30, multiplier: 1.5, region: "17.02"}
)";
  const Model model(parse_scenario(yaml, "facts.yaml"), registry);
  recorded.clear();
  (void)simulate(model, {.seed = 1, .replication = 0, .record_timeseries = false});
  ASSERT_EQ(recorded.size(), 2u);
  EXPECT_EQ(recorded[0].customer_population, 100000);
  EXPECT_EQ(recorded[1].customer_population, 50000);
  EXPECT_NEAR(recorded[0].customer_mean_daily_demand, 20.0, 1e-9);  // 0.073 x 100000 / 365
  EXPECT_NEAR(recorded[1].customer_mean_daily_demand, 10.0, 1e-9);
  // 3 days of lead time + 7 of review period from day 1: Tue 2 to Thu 11 January, 8 working
  // days at 7/5 of the calendar-day mean (requests come on working days only).
  EXPECT_NEAR(recorded[0].customer_forecast, 8 * 28.0, 1e-6);
  EXPECT_NEAR(recorded[1].customer_forecast, 8 * 14.0, 1e-6);
  EXPECT_EQ(recorded[0].days_to_next_election, kNoElectionAhead);
  EXPECT_EQ(recorded[1].days_to_next_election, 20);
  // Position before the allocation: on hand + on order - backlog (requests of day 0).
  // Reviews order up to S before the dispatch: the position is S.
  EXPECT_EQ(recorded[0].customer_position, 500);
  EXPECT_EQ(recorded[1].customer_position, 300);
}

}  // namespace
}  // namespace blanko
