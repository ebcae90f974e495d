// The KPI table (kpis.hpp) and the KPIs it lists:
// - the table itself: names, order, units, readers, lookups;
// - the network's value of every KPI made from the nodes' values as its KpiAggregation
//   says, on the scenario library and on random networks (a KPI or an aggregation this file
//   does not know fails);
// - the time averages against the daily series, and against the exact means of a periodic
//   review base-stock office over a short horizon (its first days included);
// - the costs as rates times what they price, and days of cover and orders by hand.

#include <blanko/kpis.hpp>
#include <blanko/scenario_loader.hpp>

#include "analytic.hpp"
#include "detail/compiled_model.hpp"
#include "detail/procurement.hpp"
#include "test_scenarios.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace {
using namespace blanko;
using namespace blanko::testing;

const std::filesystem::path kScenarios = std::filesystem::path(BLANKO_SOURCE_DIR) / "scenarios";

// ---- the table ----------------------------------------------------------------------------

TEST(KpisTest, NamesAreUniqueAndTheNetworkOnlyKpisComeLast) {
  std::set<std::string_view> names;
  bool network_only_seen = false;
  for (const KpiDefinition& kpi : kpi_table()) {
    EXPECT_TRUE(names.insert(kpi.name).second) << "duplicate KPI " << kpi.name;
    if (!kpi.per_node()) network_only_seen = true;
    EXPECT_FALSE(network_only_seen && kpi.per_node())
        << kpi.name << " is a per-node KPI after a network-only one";
  }
  EXPECT_EQ(node_kpis().size() + network_only_kpis().size(), kpi_table().size());
  for (const KpiDefinition& kpi : node_kpis()) EXPECT_TRUE(kpi.per_node()) << kpi.name;
  for (const KpiDefinition& kpi : network_only_kpis()) EXPECT_FALSE(kpi.per_node()) << kpi.name;
  ASSERT_EQ(network_only_kpis().size(), 2u);
  EXPECT_EQ(network_only_kpis()[0].name, "offices_with_stockout");
  EXPECT_EQ(network_only_kpis()[1].name, "tender_failures");
}

TEST(KpisTest, EveryEntryHasAUnitADescriptionAndAReader) {
  for (const KpiDefinition& kpi : kpi_table()) {
    EXPECT_FALSE(kpi.unit.empty()) << kpi.name;
    EXPECT_FALSE(kpi.description.empty()) << kpi.name;
    EXPECT_NE(kpi.read, nullptr) << kpi.name;
    EXPECT_EQ(&find_kpi(kpi.name), &kpi) << kpi.name;
  }
}

TEST(KpisTest, AnUnknownNameSuggestsTheClosestOne) {
  for (const auto& lookup : {+[](std::string_view n) { (void)find_kpi(n); },
                             +[](std::string_view n) { (void)kpi_index(n); }}) {
    try {
      lookup("fill_rat");
      ADD_FAILURE() << "no error for an unknown KPI";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("did you mean 'fill_rate'"), std::string::npos)
          << e.what();
    }
  }
  // The network-only KPIs have no column of their own in kpis.csv.
  EXPECT_THROW((void)kpi_index("tender_failures"), Error);
  EXPECT_EQ(find_kpi("tender_failures").name, "tender_failures");
}

TEST(KpisTest, KpiNamesAreTheNodeKpisInOrder) {
  const auto names = kpi_names();
  ASSERT_EQ(names.size(), node_kpis().size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(names[i], node_kpis()[i].name);
    EXPECT_EQ(kpi_index(names[i]), i);
  }
}

TEST(KpisTest, BetterDirectionIsTheTables) {
  std::set<Better> directions;
  for (const KpiDefinition& kpi : kpi_table()) {
    EXPECT_EQ(better_direction(kpi.name), kpi.better) << kpi.name;
    directions.insert(kpi.better);
  }
  EXPECT_EQ(directions.size(), 3u);  // all three occur, so the check can tell them apart
  EXPECT_EQ(better_direction("no_such_kpi"), Better::none);
}

// ---- the runs the aggregation and time-average tests share --------------------------------

// One office supplied by a centre that runs dry until its lots arrive; suket holders give
// up after 10 days, a quarter of those who do take the IKD. Every node has costs.
Scenario scarce_office_with_patience() {
  Scenario s = single_office(20, 300, 3);
  s.nodes[0].initial_stock = QuantitySpec::units_of(1500);
  s.procurement.push_back(
      {.date = day_of("2024-03-31"), .node = "pusat", .quantity = 2000, .where = {}});
  s.procurement.push_back(
      {.date = day_of("2024-07-19"), .node = "pusat", .quantity = 3000, .where = {}});
  s.lanes[0].trip_cost = 250'000;
  OfficeSpec& kab = *s.nodes[1].office;
  kab.patience_days = 10;
  kab.give_up_share = 0.6;
  kab.ikd_share_of_leavers = 0.25;
  s.nodes[0].costs = {.holding_per_blank_day = 2,
                      .waiting_per_suket_day = 0,
                      .per_lost_request = 0,
                      .unit_price = 11'125,
                      .where = {}};
  // The office procures nothing, so its unit price must cost nothing.
  s.nodes[1].costs = {.holding_per_blank_day = 3,
                      .waiting_per_suket_day = 2'500,
                      .per_lost_request = 100'000,
                      .unit_price = 9'999,
                      .where = {}};
  return s;
}

// A random network with a different cost of each kind at every node.
Scenario random_network_with_costs(std::uint32_t seed) {
  Scenario s = random_network(seed);
  for (std::size_t v = 0; v < s.nodes.size(); ++v) {
    const double i = static_cast<double>(v);
    s.nodes[v].costs = {.holding_per_blank_day = 1 + 0.5 * i,
                        .waiting_per_suket_day = 1'000 + i,
                        .per_lost_request = 50'000 + 7 * i,
                        .unit_price = 10'000 + i,
                        .where = {}};
  }
  return s;
}

struct CheckedRun {
  std::string name;
  Model model;
  RunResult result;
};

// Bengkulu (costs, lateral transfers), Pilkada 2020 (closures, lateral transfers), the
// whole country, the scarce office and random networks with costs (patience, lateral
// transfers, tenders, direct lanes, tight printers); each run once, with its daily series.
const std::vector<CheckedRun>& checked_runs() {
  static const std::vector<CheckedRun> runs = [] {
    std::vector<std::pair<std::string, Scenario>> scenarios;
    scenarios.emplace_back("bengkulu-2024", load_scenario(kScenarios / "bengkulu-2024.yaml"));
    scenarios.emplace_back("pilkada-2020-covid",
                           load_scenario(kScenarios / "pilkada-2020-covid.yaml"));
    scenarios.emplace_back("indonesia-2024", load_scenario(kScenarios / "indonesia-2024.yaml"));
    scenarios.emplace_back("scarce office", scarce_office_with_patience());
    for (std::uint32_t seed = 1; seed <= 12; ++seed) {
      scenarios.emplace_back("random network " + std::to_string(seed),
                             random_network_with_costs(seed));
    }
    std::vector<CheckedRun> all;
    for (auto& [name, scenario] : scenarios) {
      Model model(std::move(scenario));
      RunResult result = simulate(model);
      all.push_back({name, std::move(model), std::move(result)});
    }
    return all;
  }();
  return runs;
}

bool is_office(const Model& model, std::size_t v) {
  return model.scenario().nodes[v].office.has_value();
}

// ---- aggregation ----------------------------------------------------------------------

// The KPI a pooled KPI pools over: each office's value weighs by it.
const std::map<std::string_view, std::string_view> kPooledOver = {
    {"fill_rate", "demand"},
    {"mean_wait_days", "printed"},
    {"p95_wait_days", "printed"},
    {"mean_wait_first_card", "printed_first_card"},
    {"mean_wait_data_change", "printed_data_change"},
    {"mean_wait_replacement", "printed_replacement"},
};
// The numerator of a pooled ratio: the network's is the sum of it over the nodes, over the
// offices' mean daily demands.
const std::map<std::string_view, std::string_view> kRatioOf = {{"days_of_cover", "final_on_hand"}};
// The daily series whose sum over offices peaks in a peak_of_daily_sum KPI.
const std::map<std::string_view, Series> kPeakOf = {{"peak_backlog", Series::backlog}};

const KpiDefinition& looked_up(const std::map<std::string_view, std::string_view>& map,
                               const KpiDefinition& kpi) {
  const auto it = map.find(kpi.name);
  if (it == map.end()) throw std::logic_error(std::string(kpi.name) + ": no check in kpis_test");
  return find_kpi(it->second);
}

// The tenders' outcome in `r`, drawn as the replication draws it.
detail::TenderOutcome tenders_of(const Model& model, const RunResult& r) {
  detail::RandomEngine engine(
      detail::stream_seed(r.seed, r.replication, detail::StreamPurpose::procurement));
  detail::TenderOutcome tenders;
  detail::draw_tenders(model.compiled().tenders, model.horizon_days(), engine, tenders);
  return tenders;
}

// Blanks of the scenario's lots within the horizon and of the tenders' lots.
std::int64_t procured_lots(const Model& model, const RunResult& r) {
  std::int64_t blanks = 0;
  for (const ProcurementLot& lot : model.scenario().procurement) {
    const auto day = (lot.date - model.start()).count();
    if (day >= 0 && day < model.horizon_days()) blanks += lot.quantity;
  }
  for (const detail::CompiledLot& lot : tenders_of(model, r).lots) blanks += lot.quantity;
  return blanks;
}

// The network's value of `kpi` made from the nodes' values as its aggregation says; for a
// pooled quantile, which the nodes' values do not determine, the range it must lie in.
struct Expected {
  double low = 0, high = 0;
};

Expected network_value_from_nodes(const KpiDefinition& kpi, const Model& model,
                                  const RunResult& r) {
  const std::size_t n = r.nodes.size();
  const auto value = [&](const KpiDefinition& k, std::size_t v) { return k.value(r, v); };
  double sum = 0;
  switch (kpi.aggregation) {
    case KpiAggregation::sum:
      for (std::size_t v = 0; v < n; ++v) sum += value(kpi, v);
      return {sum, sum};
    case KpiAggregation::office_sum:
      // An office that supplies nobody owes no blanks: all its backlog is requests.
      for (std::size_t v = 0; v < n; ++v) {
        if (!is_office(model, v)) continue;
        if (!model.network().customers(static_cast<NodeIndex>(v)).empty()) {
          throw std::logic_error("office " + r.nodes[v].node + " supplies others");
        }
        sum += value(kpi, v);
      }
      return {sum, sum};
    case KpiAggregation::procured:
      for (std::size_t v = 0; v < n; ++v) {
        if (model.network().supplier(static_cast<NodeIndex>(v)) == kNone) sum += value(kpi, v);
      }
      return {sum, sum};
    case KpiAggregation::pooled_share:
    case KpiAggregation::pooled_mean: {
      const KpiDefinition& weight = looked_up(kPooledOver, kpi);
      double weights = 0;
      for (std::size_t v = 0; v < n; ++v) {
        if (!is_office(model, v)) continue;
        sum += value(kpi, v) * value(weight, v);
        weights += value(weight, v);
      }
      const double none = kpi.aggregation == KpiAggregation::pooled_share ? 1.0 : 0.0;
      return weights == 0 ? Expected{none, none} : Expected{sum / weights, sum / weights};
    }
    case KpiAggregation::pooled_quantile: {
      const KpiDefinition& weight = looked_up(kPooledOver, kpi);
      Expected range{std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()};
      for (std::size_t v = 0; v < n; ++v) {
        if (!is_office(model, v) || value(weight, v) == 0) continue;
        range.low = std::min(range.low, value(kpi, v));
        range.high = std::max(range.high, value(kpi, v));
      }
      return std::isinf(range.low) ? Expected{0, 0} : range;
    }
    case KpiAggregation::pooled_ratio: {
      const KpiDefinition& numerator = looked_up(kRatioOf, kpi);
      double demand = 0;
      for (std::size_t v = 0; v < n; ++v) {
        sum += value(numerator, v);
        if (is_office(model, v)) demand += model.mean_daily_demand(static_cast<NodeIndex>(v));
      }
      return demand == 0 ? Expected{0, 0} : Expected{sum / demand, sum / demand};
    }
    case KpiAggregation::peak_of_daily_sum: {
      const Series series = kPeakOf.at(kpi.name);
      const TimeSeries& ts = *r.timeseries;
      double peak = 0;
      for (std::int32_t d = 0; d < ts.days(); ++d) {
        double day = 0;
        for (std::size_t v = 0; v < n; ++v) {
          // Of an office that supplies nobody, the backlog series is its requests waiting.
          if (is_office(model, v))
            day += static_cast<double>(ts.at(series, d, static_cast<std::int32_t>(v)));
        }
        peak = std::max(peak, day);
      }
      return {peak, peak};
    }
    case KpiAggregation::earliest: {
      double earliest = model.horizon_days();  // no node ran out: the horizon
      for (std::size_t v = 0; v < n; ++v) earliest = std::min(earliest, value(kpi, v));
      return {earliest, earliest};
    }
    case KpiAggregation::network_only: {
      for (std::size_t v = 0; v < n; ++v) {
        if (!std::isnan(value(kpi, v)))
          throw std::logic_error("a node has " + std::string(kpi.name));
      }
      if (kpi.name == "offices_with_stockout") {
        for (std::size_t v = 0; v < n; ++v) {
          sum += is_office(model, v) && r.nodes[v].stockout_days > 0 ? 1 : 0;
        }
        return {sum, sum};
      }
      if (kpi.name == "tender_failures") {
        sum = static_cast<double>(tenders_of(model, r).failures);
        return {sum, sum};
      }
      break;
    }
  }
  throw std::logic_error(std::string(kpi.name) + ": aggregation " +
                         std::string(to_string(kpi.aggregation)) + " has no check in kpis_test");
}

TEST(KpisTest, TheNetworksValueOfEveryKpiIsMadeFromTheNodesAsTheTableSays) {
  std::set<std::string_view> nonzero;  // KPIs whose network value was not 0 in some run
  for (const CheckedRun& run : checked_runs()) {
    const RunResult& r = run.result;
    for (const KpiDefinition& kpi : kpi_table()) {
      const double network = kpi.value(r, kNetworkRow);
      Expected expected;
      try {
        expected = network_value_from_nodes(kpi, run.model, r);
      } catch (const std::logic_error& e) {
        ADD_FAILURE() << run.name << ": " << e.what();
        continue;
      }
      if (network != 0) nonzero.insert(kpi.name);
      const std::string what = run.name + ", " + std::string(kpi.name) + " (" +
                               std::string(to_string(kpi.aggregation)) + ")";
      if (expected.low != expected.high) {
        EXPECT_GE(network, expected.low) << what;
        EXPECT_LE(network, expected.high) << what;
      } else if (kpi.type == KpiValueType::count) {
        EXPECT_EQ(network, expected.low) << what;
      } else {
        EXPECT_LE(std::abs(network - expected.low), 1e-12 * std::abs(expected.low))
            << what << ": network " << network << ", from the nodes " << expected.low;
      }
    }
    // The blanks that entered the network are the lots and tenders of the horizon.
    EXPECT_EQ(r.total.received, procured_lots(run.model, r)) << run.name;
    // Each node's days of cover: its final stock over the demand below it.
    for (std::size_t v = 0; v < r.nodes.size(); ++v) {
      const double demand = run.model.mean_daily_demand(static_cast<NodeIndex>(v));
      EXPECT_EQ(r.nodes[v].days_of_cover,
                demand > 0 ? static_cast<double>(r.nodes[v].final_on_hand) / demand : 0.0)
          << run.name << ", " << r.nodes[v].node;
    }
  }
  // Every KPI was something in some run, so no comparison above is 0 == 0 throughout.
  for (const KpiDefinition& kpi : kpi_table()) {
    EXPECT_TRUE(nonzero.contains(kpi.name)) << kpi.name << " was 0 in every run";
  }
}

// ---- time averages -----------------------------------------------------------------------

TEST(KpisTest, TimeAveragesAreTheMeansOfTheDailySeries) {
  double suket_days = 0, suket_days_with_give_ups = 0;
  for (const CheckedRun& run : checked_runs()) {
    const TimeSeries& ts = *run.result.timeseries;
    const double days = ts.days();
    std::int64_t gave_up = 0;
    for (std::int32_t v = 0; v < ts.nodes(); ++v) {
      const NodeKpis& k = run.result.nodes[static_cast<std::size_t>(v)];
      std::array<std::int64_t, kSeriesCount> sums{};
      for (std::int32_t d = 0; d < ts.days(); ++d) {
        for (std::size_t s = 0; s < kSeriesCount; ++s)
          sums[s] += ts.at(static_cast<Series>(s), d, v);
      }
      const auto mean = [&](Series s) {
        return static_cast<double>(sums[static_cast<std::size_t>(s)]) / days;
      };
      const std::string what = run.name + ", " + k.node;
      EXPECT_EQ(k.mean_on_hand, mean(Series::on_hand)) << what;
      EXPECT_EQ(k.mean_in_transit, mean(Series::in_transit)) << what;
      if (is_office(run.model, static_cast<std::size_t>(v))) {
        ASSERT_TRUE(run.model.network().customers(v).empty()) << what << " supplies others";
        EXPECT_EQ(k.mean_requests_waiting, mean(Series::backlog)) << what;
      } else {
        EXPECT_EQ(k.mean_requests_waiting, 0) << what;
      }
      // The KPI sums a counter kept as suket are issued, printed and given up; the series
      // reads the class queues.
      EXPECT_EQ(k.mean_suket_outstanding, mean(Series::suket_outstanding)) << what;
      suket_days += static_cast<double>(sums[static_cast<std::size_t>(Series::suket_outstanding)]);
      gave_up += k.lost_demand + k.redirected_to_ikd;
    }
    if (gave_up > 0) suket_days_with_give_ups += run.result.total.mean_suket_outstanding;
  }
  EXPECT_GT(suket_days, 0);
  EXPECT_GT(suket_days_with_give_ups, 0);  // runs where suket holders left the queues
}

// The peaks and day counts are those of the days' ends, as the table describes them: the
// most requests waiting (blanks owed, at a supplier), the days that ended with requests
// waiting or orders open and no blank on hand, and those that ended with requests waiting
// while blanks were on hand. So the network's peak, that of the daily sum, is at least
// every office's.
TEST(KpisTest, PeaksAndDayCountsAreThoseOfTheDaysEnds) {
  for (const CheckedRun& run : checked_runs()) {
    const TimeSeries& ts = *run.result.timeseries;
    std::int64_t office_peak = 0;
    for (std::int32_t v = 0; v < ts.nodes(); ++v) {
      const NodeKpis& k = run.result.nodes[static_cast<std::size_t>(v)];
      std::int64_t peak = 0;
      std::int32_t stockout_days = 0, printer_bound_days = 0;
      for (std::int32_t d = 0; d < ts.days(); ++d) {
        const std::int64_t waiting = ts.at(Series::backlog, d, v);
        peak = std::max(peak, waiting);
        stockout_days += waiting > 0 && ts.at(Series::on_hand, d, v) == 0 ? 1 : 0;
        printer_bound_days += waiting > 0 && ts.at(Series::on_hand, d, v) > 0 ? 1 : 0;
      }
      const std::string what = run.name + ", " + k.node;
      EXPECT_EQ(k.peak_backlog, peak)
          << what << " (" << k.lost_demand + k.redirected_to_ikd << " suket holders gave up)";
      EXPECT_EQ(k.stockout_days, stockout_days) << what;
      if (is_office(run.model, static_cast<std::size_t>(v))) {
        EXPECT_EQ(k.printer_bound_days, printer_bound_days) << what;
        office_peak = std::max(office_peak, k.peak_backlog);
      } else {
        EXPECT_EQ(k.printer_bound_days, 0) << what;
      }
    }
    EXPECT_GE(run.result.total.peak_backlog, office_peak) << run.name;
  }
}

// Periodic review (R, S) at one office: Poisson(l) demand a day, every day a working day,
// lead time L, ample printing and supply, S blanks at the start and nothing waiting. By the
// daily-step conventions (policy_test.cpp) reviews fall on days 0, R, 2R, ..., an order
// placed on day t arrives at the start of day t + L, and after each review the position is
// S. So the net stock at the end of day d is
//   S - D(d + 1)  for d < L (no order has arrived yet: the demand of days 0..d),
//   S - D(d - t)  for d >= L, t the latest review day <= d - L,
// with D(k) ~ Poisson(k l); on hand is its positive part and the requests waiting its
// negative part (printing is ample, so the two never coexist). The blanks in transit at the
// end of day d are the orders of the review days t in (d - L, d]: the one of day 0 is the
// demand of day 0 (l expected), every later one the demand of R days (R l expected). The
// horizon averages of these expectations are exact for a horizon of any length: a short one
// tests the first days as much as the steady state.
TEST(KpisTest, PeriodicReviewTimeAveragesMatchTheExactMeansOverTheHorizon) {
  const double rate = 20;
  const int lead_time = 4, period = 5, days = 40;
  const std::int64_t target = 175;
  const auto latest_review = [&](int d) { return (d - lead_time) / period * period; };
  // Days of demand the net stock at the end of day d is short of S.
  const auto demand_days = [&](int d) { return d < lead_time ? d + 1 : d - latest_review(d); };
  double on_hand = 0, waiting = 0, in_transit = 0;
  for (int d = 0; d < days; ++d) {
    const double mean = rate * demand_days(d);
    on_hand += poisson_expectation(mean, [&](int k) { return std::max<double>(target - k, 0); });
    waiting += poisson_expectation(mean, [&](int k) { return std::max<double>(k - target, 0); });
    for (int t = std::max(0, d - lead_time + 1); t <= d; ++t) {
      if (t % period == 0) in_transit += t == 0 ? rate : rate * period;
    }
  }
  on_hand /= days;
  waiting /= days;
  in_transit /= days;

  const Model model(periodic_single_office(rate, target, lead_time, period, days));
  Simulation sim(model);

  // The conventions, day by day on one run: the net stock and the blanks in transit from
  // the run's own demand.
  const RunResult first = sim.run({.seed = 5});
  const TimeSeries& ts = *first.timeseries;
  std::vector<std::int64_t> cumulative;  // demand of days 0..d
  for (int d = 0; d < days; ++d) {
    cumulative.push_back((d == 0 ? 0 : cumulative.back()) + ts.at(Series::demand, d, 1));
  }
  const auto order_of = [&](int t) {  // placed at the review of day t
    return t == 0 ? cumulative[0] : cumulative[t] - cumulative[t - period];
  };
  for (int d = 0; d < days; ++d) {
    const std::int64_t net =
        target - (d < lead_time ? cumulative[d] : cumulative[d] - cumulative[latest_review(d)]);
    std::int64_t transit = 0;
    for (int t = std::max(0, d - lead_time + 1); t <= d; ++t)
      transit += t % period == 0 ? order_of(t) : 0;
    ASSERT_EQ(ts.at(Series::on_hand, d, 1), std::max<std::int64_t>(net, 0)) << "day " << d;
    ASSERT_EQ(ts.at(Series::backlog, d, 1), std::max<std::int64_t>(-net, 0)) << "day " << d;
    ASSERT_EQ(ts.at(Series::in_transit, d, 1), transit) << "day " << d;
  }

  const int replications = 3000;
  std::vector<double> on_hand_means, waiting_means, in_transit_means;
  double waiting_seen = 0;
  for (int rep = 0; rep < replications; ++rep) {
    const RunResult r = sim.run(
        {.seed = 77, .replication = static_cast<std::uint64_t>(rep), .record_timeseries = false});
    const NodeKpis& kab = r.nodes[1];
    on_hand_means.push_back(kab.mean_on_hand);
    waiting_means.push_back(kab.mean_requests_waiting);
    in_transit_means.push_back(kab.mean_in_transit);
    // Printing is ample: every request still waiting at a day's end ran out of blanks, so
    // it holds a suket.
    ASSERT_EQ(kab.mean_suket_outstanding, kab.mean_requests_waiting) << "replication " << rep;
    waiting_seen += kab.mean_requests_waiting;
  }
  EXPECT_GT(waiting_seen, 0);
  expect_within_3se(on_hand_means, on_hand, "mean blanks on hand");
  expect_within_3se(waiting_means, waiting, "mean requests waiting");
  expect_within_3se(in_transit_means, in_transit, "mean blanks in transit");
}

// ---- costs -----------------------------------------------------------------------------

void expect_relative(double value, double expected, const std::string& what) {
  EXPECT_LE(std::abs(value - expected), 1e-9 * std::abs(expected))
      << what << ": " << value << ", expected " << expected;
}

// The KPIs in Rp that the costs: section prices (every one but the lanes' trip costs and
// the total).
std::vector<const KpiDefinition*> priced_costs() {
  std::vector<const KpiDefinition*> costs;
  for (const KpiDefinition& kpi : kpi_table()) {
    if (kpi.unit == "Rp" && kpi.name != "trip_cost" && kpi.name != "total_cost")
      costs.push_back(&kpi);
  }
  return costs;
}

TEST(KpisTest, CostsAreTheirRatesTimesWhatTheyPrice) {
  const Scenario s = scarce_office_with_patience();
  const Model model(s);
  const RunResult r = simulate(model, {.record_timeseries = false});
  const double days = s.horizon_days;
  const NodeKpis& kab = r.nodes[1];
  ASSERT_GT(kab.lost_demand, 0);
  ASSERT_GT(kab.mean_suket_outstanding, 0);
  ASSERT_GT(kab.trip_cost, 0);
  std::int64_t lots = 0;
  for (const ProcurementLot& lot : s.procurement) lots += lot.quantity;
  for (std::size_t v = 0; v < r.nodes.size(); ++v) {
    const NodeKpis& k = r.nodes[v];
    const CostSpec& c = s.nodes[v].costs;
    expect_relative(k.holding_cost, c.holding_per_blank_day * k.mean_on_hand * days,
                    k.node + " holding");
    expect_relative(k.waiting_cost, c.waiting_per_suket_day * k.mean_suket_outstanding * days,
                    k.node + " waiting");
    expect_relative(k.lost_cost, c.per_lost_request * static_cast<double>(k.lost_demand),
                    k.node + " lost");
    expect_relative(k.purchase_cost, v == 0 ? c.unit_price * static_cast<double>(lots) : 0.0,
                    k.node + " purchase");
    expect_relative(k.total_cost,
                    k.holding_cost + k.waiting_cost + k.lost_cost + k.purchase_cost +
                        static_cast<double>(k.trip_cost),
                    k.node + " total");
  }
  for (const KpiDefinition* cost : priced_costs()) {
    EXPECT_GT(cost->value(r, kNetworkRow), 0) << cost->name << " is not tested here";
  }

  // Without costs every priced cost is 0, and the total is the trip costs, which the
  // costs do not change.
  Scenario free = s;
  for (NodeSpec& node : free.nodes) node.costs = CostSpec{};
  const RunResult without = simulate(Model(free), {.record_timeseries = false});
  for (std::size_t row : {std::size_t{0}, std::size_t{1}, kNetworkRow}) {
    for (const KpiDefinition* cost : priced_costs()) {
      EXPECT_EQ(cost->value(without, row), 0) << cost->name << ", row " << row;
    }
    EXPECT_EQ(find_kpi("trip_cost").value(without, row), find_kpi("trip_cost").value(r, row));
    EXPECT_EQ(find_kpi("total_cost").value(without, row),
              find_kpi("trip_cost").value(without, row));
  }
}

// With ample supply and a daily base stock, the office orders the demand of each day that
// had any, and the centre ships it at once; a shipment arrives L days later and costs one
// trip, so the trips are those of the days up to H - 1 - L that had demand.
TEST(KpisTest, WithoutCostsTheTotalIsTheLanesTripCosts) {
  const int lead_time = 3, days = 120;
  const std::int64_t trip = 125'000;
  Scenario s = single_office(2, 50, lead_time, days);  // some days without demand
  s.lanes[0].trip_cost = trip;
  const RunResult r = simulate(Model(s));
  const TimeSeries& ts = *r.timeseries;
  std::int64_t trips = 0, days_without_demand = 0;
  for (int d = 0; d < days; ++d) {
    const bool ordered = ts.at(Series::demand, d, 1) > 0;
    trips += ordered && d + lead_time < days ? 1 : 0;
    days_without_demand += ordered ? 0 : 1;
  }
  ASSERT_GT(days_without_demand, 0);
  EXPECT_EQ(r.nodes[1].trip_cost, trip * trips);
  EXPECT_EQ(r.total.trip_cost, trip * trips);
  EXPECT_EQ(r.nodes[1].total_cost, static_cast<double>(trip * trips));
  EXPECT_EQ(r.total.total_cost, static_cast<double>(trip * trips));
  for (const KpiDefinition* cost : priced_costs()) {
    EXPECT_EQ(cost->value(r, kNetworkRow), 0) << cost->name;
  }
}

// ---- days of cover and orders by hand ------------------------------------------------

// pusat supplies p1, which supplies kab A (20 requests a day, base stock reviewed daily),
// and p2, which supplies kab B (no demand, 50 blanks, base stock 80). p1 reviews weekly up
// to 1,000 from 500 blanks, p2 daily up to 300 from 300.
TEST(KpisTest, DaysOfCoverAndOrdersByHand) {
  const int days = 100, week = 7;
  Scenario s = scenario(days);
  s.nodes.push_back(centre("pusat", 100'000));
  s.nodes.push_back(province("p1", 500, base_stock(1000, week)));
  s.nodes.push_back(office("A", 20, 200, base_stock(200)));
  s.nodes.push_back(province("p2", 300, base_stock(300)));
  s.nodes.push_back(office("B", 0, 50, base_stock(80)));
  s.lanes.push_back(lane("pusat", "p1", DistributionSpec::fixed(5)));
  s.lanes.push_back(lane("p1", "A", DistributionSpec::fixed(2)));
  s.lanes.push_back(lane("pusat", "p2", DistributionSpec::fixed(5)));
  s.lanes.push_back(lane("p2", "B", DistributionSpec::fixed(2)));
  const Model model(s);
  const RunResult r = simulate(model);
  const TimeSeries& ts = *r.timeseries;
  const NodeKpis &pusat = r.nodes[0], &p1 = r.nodes[1], &a = r.nodes[2], &p2 = r.nodes[3],
                 &b = r.nodes[4];

  EXPECT_DOUBLE_EQ(model.mean_daily_demand(2), 20);
  EXPECT_EQ(model.mean_daily_demand(3), 0);
  EXPECT_EQ(model.mean_daily_demand(4), 0);
  // Below pusat and p1 is A only; nothing is below p2 and B, whatever their stock.
  const double a_daily = model.mean_daily_demand(2);
  EXPECT_EQ(model.mean_daily_demand(1), a_daily);
  EXPECT_EQ(model.mean_daily_demand(0), a_daily);
  for (const NodeKpis* k : {&pusat, &p1, &a}) {
    EXPECT_GT(k->final_on_hand, 0) << k->node;
    EXPECT_EQ(k->days_of_cover, static_cast<double>(k->final_on_hand) / a_daily) << k->node;
  }
  EXPECT_EQ(b.final_on_hand, 80);  // B's one order of 30 arrived
  EXPECT_EQ(p2.final_on_hand, 300);
  EXPECT_EQ(b.days_of_cover, 0);
  EXPECT_EQ(p2.days_of_cover, 0);
  const std::int64_t on_hand =
      pusat.final_on_hand + p1.final_on_hand + a.final_on_hand + p2.final_on_hand + b.final_on_hand;
  EXPECT_EQ(r.total.days_of_cover, static_cast<double>(on_hand) / a_daily);

  // B orders 30 once (day 0), and p2 orders those 30 from pusat the same day; pusat orders
  // nothing.
  EXPECT_EQ(b.orders_placed, 1);
  EXPECT_EQ(b.blanks_ordered, 30);
  EXPECT_EQ(p2.orders_placed, 1);
  EXPECT_EQ(p2.blanks_ordered, 30);
  EXPECT_EQ(pusat.orders_placed, 0);
  EXPECT_EQ(pusat.blanks_ordered, 0);
  // A orders each day the demand of that day, when there was any. p1 reviews after its
  // customers: on day 0 it orders its 500 missing blanks and A's order of the day, then
  // A's orders of the week at each review.
  std::int64_t demand_days = 0, demand = 0, demand_to_last_review = 0;
  const int last_review = (days - 1) / week * week;
  for (int d = 0; d < days; ++d) {
    const std::int64_t today = ts.at(Series::demand, d, 2);
    demand_days += today > 0 ? 1 : 0;
    demand += today;
    demand_to_last_review += d <= last_review ? today : 0;
  }
  EXPECT_EQ(a.orders_placed, demand_days);
  EXPECT_EQ(a.blanks_ordered, demand);
  EXPECT_EQ(a.blanks_ordered, a.demand);
  EXPECT_EQ(p1.orders_placed, last_review / week + 1);
  EXPECT_EQ(p1.blanks_ordered, 500 + demand_to_last_review);
  EXPECT_EQ(r.total.orders_placed, a.orders_placed + p1.orders_placed + 2);
  EXPECT_EQ(r.total.blanks_ordered, a.blanks_ordered + p1.blanks_ordered + 60);
}

}  // namespace
