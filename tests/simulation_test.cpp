#include "analytic.hpp"
#include "test_scenarios.hpp"

#include "detail/compiled_model.hpp"

#include "detail/lead_time.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {
using namespace blanko;
using namespace blanko::testing;

std::int64_t total(const TimeSeries& ts, Series s, std::int32_t day) {
  std::int64_t sum = 0;
  for (std::int32_t v = 0; v < ts.nodes(); ++v) sum += ts.at(s, day, v);
  return sum;
}

TEST(SimulationTest, HandComputedBacklogWaitsAndStockouts) {
  // No new demand; 100 requests already wait; 30 blanks; printing 20 a day; the centre is
  // empty until a lot of 100 arrives on day 10, shipped over a 2-day lane.
  Scenario s = scenario(20);
  s.nodes.push_back(centre("pusat", 0));
  NodeSpec o = office("kab", 0, 30, base_stock(50), 20);
  o.office->initial_backlog = 100;
  s.nodes.push_back(o);
  s.lanes.push_back(lane("pusat", "kab", DistributionSpec::fixed(2)));
  s.procurement.push_back({.date = day_of("2024-01-11"), .node = "pusat", .quantity = 100, .where = {}});
  const RunResult r = simulate(Model(s));
  const NodeKpis& kab = r.nodes[1];
  EXPECT_EQ(kab.demand, 0);
  EXPECT_EQ(kab.printed, 100);
  EXPECT_EQ(kab.received, 100);
  EXPECT_DOUBLE_EQ(kab.mean_wait_days, (0 * 20 + 1 * 10 + 12 * 20 + 13 * 20 + 14 * 20 + 15 * 10) / 100.0);
  EXPECT_DOUBLE_EQ(kab.p95_wait_days, 15);
  EXPECT_EQ(kab.stockout_days, 11);  // days 1..11 end with requests waiting and no blank
  EXPECT_EQ(kab.first_stockout_day, 1);
  EXPECT_EQ(kab.peak_backlog, 80);
  EXPECT_EQ(kab.suket_issued, 0);    // the initial backlog already held suket
  EXPECT_EQ(kab.final_on_hand, 30);
  const NodeKpis& pusat = r.nodes[0];
  EXPECT_EQ(pusat.blanks_shipped, 100);
  EXPECT_EQ(pusat.shipments, 1);
  EXPECT_EQ(pusat.peak_backlog, 120);  // the office ordered up to 50 from a position of -70
  EXPECT_EQ(pusat.final_backlog, 20);
  EXPECT_EQ(pusat.stockout_days, 20);
  EXPECT_EQ(pusat.first_stockout_day, 0);  // the office's order is open from day 0
  EXPECT_EQ(r.total.first_stockout_day, 0);
  const TimeSeries& ts = *r.timeseries;
  EXPECT_EQ(ts.at(Series::printed, 12, 1), 20);
  EXPECT_EQ(ts.at(Series::in_transit, 11, 1), 100);
  EXPECT_EQ(ts.at(Series::suket_outstanding, 5, 1), 70);
  EXPECT_EQ(ts.at(Series::suket_outstanding, 13, 1), 30);
}

TEST(SimulationTest, FirstStockoutDayIsTheHorizonWhenNoneRanOut) {
  Scenario s = scenario(30);
  s.nodes.push_back(centre("pusat", 10000));
  s.nodes.push_back(office("kab", 0, 5000, base_stock(5000), 20));
  s.lanes.push_back(lane("pusat", "kab", DistributionSpec::fixed(2)));
  const RunResult r = simulate(Model(s));
  EXPECT_EQ(r.nodes[1].stockout_days, 0);
  EXPECT_EQ(r.nodes[1].first_stockout_day, 30);
  EXPECT_EQ(r.total.first_stockout_day, 30);
}

TEST(SimulationTest, EveryRequestGetsASuketWhenThereAreNoBlanks) {
  Scenario s = scenario(60);
  s.nodes.push_back(centre("pusat", 0));
  s.nodes.push_back(office("kab", 30, 0, base_stock(100)));
  s.lanes.push_back(lane("pusat", "kab", DistributionSpec::fixed(3)));
  const RunResult r = simulate(Model(s));
  const NodeKpis& kab = r.nodes[1];
  EXPECT_GT(kab.demand, 1000);
  EXPECT_EQ(kab.printed, 0);
  EXPECT_EQ(kab.suket_issued, kab.demand);
  EXPECT_EQ(kab.stockout_days, 60);
  EXPECT_DOUBLE_EQ(kab.fill_rate, 0.0);
  EXPECT_EQ(r.timeseries->at(Series::suket_outstanding, 59, 1), kab.demand);
}

TEST(SimulationTest, ConservationHoldsEveryDayOnRandomNetworks) {
  std::int64_t lost = 0, lent = 0;
  // How many networks exercise each supply feature, so the test is known to cover them.
  int direct_shipments = 0, tender_failures = 0, tender_lots = 0, trip_costs = 0;
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    const Scenario s = random_network(seed);
    const Model model(s);
    const RunResult r = simulate(model);
    const TimeSeries& ts = *r.timeseries;
    std::int64_t initial = 0;
    for (std::int64_t stock : model.compiled().initial_stock) initial += stock;
    // The tenders' lots, drawn as the replication draws them.
    detail::RandomEngine procurement(
        detail::stream_seed(s.seed, 0, detail::StreamPurpose::procurement));
    detail::TenderOutcome tenders;
    detail::draw_tenders(model.compiled().tenders, ts.days(), procurement, tenders);
    EXPECT_EQ(r.tender_failures, tenders.failures);
    std::vector<detail::CompiledLot> lots = model.compiled().lots;
    lots.insert(lots.end(), tenders.lots.begin(), tenders.lots.end());
    std::int64_t printed = 0, procured = 0;
    for (std::int32_t d = 0; d < ts.days(); ++d) {
      for (const auto& lot : lots) procured += lot.day == d ? lot.quantity : 0;
      printed += total(ts, Series::printed, d);
      ASSERT_EQ(initial + procured,
                total(ts, Series::on_hand, d) + total(ts, Series::in_transit, d) + printed)
          << "scenario seed " << seed << ", day " << d;
      for (std::int32_t v = 0; v < ts.nodes(); ++v) {
        ASSERT_GE(ts.at(Series::on_hand, d, v), 0);
        ASSERT_LE(ts.at(Series::suket_outstanding, d, v), ts.at(Series::backlog, d, v));
      }
    }
    EXPECT_EQ(printed, r.total.printed);
    EXPECT_EQ(procured, r.total.received);
    std::int64_t trip_cost = 0, shipments = 0;
    for (const NodeKpis& k : r.nodes) {
      trip_cost += k.trip_cost;
      shipments += k.shipments;
    }
    EXPECT_EQ(trip_cost, r.total.trip_cost);
    std::int64_t costliest_trip = 0;
    for (const LaneSpec& l : s.lanes) costliest_trip = std::max(costliest_trip, l.trip_cost);
    EXPECT_LE(r.total.trip_cost, shipments * costliest_trip);
    // What the centre shipped beyond what reached or is on its way to the provinces went
    // straight to offices.
    std::int64_t to_provinces = 0;
    for (std::size_t v = 0; v < s.nodes.size(); ++v) {
      if (s.nodes[v].kind != NodeKind::province) continue;
      to_provinces += r.nodes[v].received +
                      ts.at(Series::in_transit, ts.days() - 1, static_cast<std::int32_t>(v));
    }
    direct_shipments += r.nodes[0].blanks_shipped > to_provinces ? 1 : 0;
    tender_failures += r.tender_failures > 0 ? 1 : 0;
    tender_lots += tenders.lots.empty() ? 0 : 1;
    trip_costs += r.total.trip_cost > 0 ? 1 : 0;
    // Every request is printed, still waiting, lost or redirected to the IKD.
    std::int64_t waiting = 0;
    for (std::size_t o = 0; o < model.compiled().office_node.size(); ++o) {
      const auto v = static_cast<std::size_t>(model.compiled().office_node[o]);
      waiting += ts.at(Series::backlog, ts.days() - 1, static_cast<std::int32_t>(v));
      EXPECT_LE(r.nodes[v].printed, r.nodes[v].demand + model.compiled().initial_backlog[o]);
    }
    std::int64_t initial_backlog = 0;
    for (auto b : model.compiled().initial_backlog) initial_backlog += b;
    EXPECT_EQ(r.total.demand + initial_backlog,
              r.total.printed + waiting + r.total.lost_demand + r.total.redirected_to_ikd)
        << "seed " << seed;
    // Lateral transfers sent and not yet arrived are in transit.
    EXPECT_GE(r.total.lateral_out, r.total.lateral_in);
    lost += r.total.lost_demand + r.total.redirected_to_ikd;
    lent += r.total.lateral_out;
  }
  EXPECT_GT(lost, 0);  // the networks exercise patience
  EXPECT_GT(lent, 0);  // and lateral transfers
  EXPECT_GE(direct_shipments, 20);
  EXPECT_GE(tender_failures, 15);
  EXPECT_GE(tender_lots, 15);
  EXPECT_GE(trip_costs, 40);
}

TEST(SimulationTest, SameSeedIsBitIdenticalAndReplicationsDiffer) {
  const Model model(random_network(7));
  Simulation sim(model);
  const RunResult a = sim.run({.seed = 99});
  const RunResult b = sim.run({.seed = 99});  // reused state must be reset completely
  const RunResult c = simulate(model, {.seed = 99});
  const RunResult other = simulate(model, {.seed = 99, .replication = 1});
  EXPECT_EQ(a.timeseries->values(), b.timeseries->values());
  EXPECT_EQ(a.timeseries->values(), c.timeseries->values());
  EXPECT_NE(a.timeseries->values(), other.timeseries->values());
  EXPECT_EQ(a.events, c.events);
  for (std::size_t i = 0; i < a.nodes.size(); ++i) {
    EXPECT_EQ(a.nodes[i].fill_rate, c.nodes[i].fill_rate);
    EXPECT_EQ(a.nodes[i].mean_wait_days, c.nodes[i].mean_wait_days);
  }
  EXPECT_EQ(model.scenario().seed, 7u);
  EXPECT_EQ(simulate(model).seed, 7u);  // default: the scenario's seed
}

TEST(SimulationTest, DemandIsTheSameUnderDifferentPolicies) {
  Scenario base = random_network(11);
  Scenario other = base;
  for (auto& node : other.nodes) {
    if (node.replenishment) node.replenishment = s_S(10, 20000, 3);
  }
  const RunResult a = simulate(Model(base), {.seed = 5});
  const RunResult b = simulate(Model(other), {.seed = 5});
  EXPECT_NE(a.total.printed, b.total.printed);  // the policies really differ
  for (std::int32_t d = 0; d < a.timeseries->days(); ++d) {
    for (std::int32_t v = 0; v < a.timeseries->nodes(); ++v) {
      ASSERT_EQ(a.timeseries->at(Series::demand, d, v), b.timeseries->at(Series::demand, d, v));
    }
  }
}

TEST(SimulationTest, SuppliersServeOldestOrdersFirst) {
  // Two offices order from a province that holds 150 blanks; office a reviews on day 0,
  // office b only from day 1, so a's order is older and is filled first.
  Scenario s = scenario(5);
  s.nodes.push_back(centre("pusat", 0));
  s.nodes.push_back(province("prov", 150, base_stock(0)));
  s.nodes.push_back(office("a", 0, 0, base_stock(100)));
  NodeSpec b = office("b", 0, 0, base_stock(100));
  b.replenishment->review_offset_days = 1;
  s.nodes.push_back(b);
  s.lanes.push_back(lane("pusat", "prov", DistributionSpec::fixed(1)));
  s.lanes.push_back(lane("prov", "a", DistributionSpec::fixed(1)));
  s.lanes.push_back(lane("prov", "b", DistributionSpec::fixed(1)));
  const RunResult r = simulate(Model(s));
  EXPECT_EQ(r.nodes[2].received, 100);
  EXPECT_EQ(r.nodes[3].received, 50);
  EXPECT_EQ(r.nodes[1].final_backlog, 50);
}

// A kab/kota supplied by its province (1 day, first) and directly by the centre (5 days):
// the province has no supplier of its own and holds `province_stock`.
Scenario dual_sourced(std::int64_t province_stock, std::int64_t centre_stock) {
  Scenario s = scenario(10);
  s.nodes.push_back(centre("pusat", centre_stock));
  NodeSpec prov = province("prov", province_stock, base_stock(0));
  prov.replenishment.reset();
  s.nodes.push_back(prov);
  s.nodes.push_back(office("kab", 0, 0, base_stock(100)));
  s.lanes.push_back(lane("prov", "kab", DistributionSpec::fixed(1)));
  s.lanes.push_back(lane("pusat", "kab", DistributionSpec::fixed(5)));
  return s;
}

TEST(SimulationTest, DualSourcingGoesDirectWhenTheProvinceIsEmpty) {
  // Day 0: the office wants 100; the province has none free, the centre has: direct.
  const RunResult direct = simulate(Model(dual_sourced(0, 1000)));
  EXPECT_EQ(direct.nodes[0].blanks_shipped, 100);
  EXPECT_EQ(direct.nodes[1].blanks_shipped, 0);
  EXPECT_EQ(direct.nodes[2].received, 100);
  EXPECT_EQ(direct.timeseries->at(Series::in_transit, 4, 2), 100);
  EXPECT_EQ(direct.timeseries->at(Series::on_hand, 5, 2), 100);

  // With blanks at the province the order goes there and arrives the next day.
  const RunResult via_province = simulate(Model(dual_sourced(500, 1000)));
  EXPECT_EQ(via_province.nodes[0].blanks_shipped, 0);
  EXPECT_EQ(via_province.nodes[1].blanks_shipped, 100);
  EXPECT_EQ(via_province.timeseries->at(Series::on_hand, 1, 2), 100);

  // Neither can fill the order: it goes to the first supplier, the province, and waits.
  const RunResult neither = simulate(Model(dual_sourced(0, 99)));
  EXPECT_EQ(neither.nodes[0].blanks_shipped, 0);
  EXPECT_EQ(neither.nodes[1].final_backlog, 100);
  EXPECT_EQ(neither.nodes[2].received, 0);

  // Each lane's lot rule sizes the order it would get: 500 at least from the centre.
  Scenario big_lots = dual_sourced(0, 400);
  big_lots.lanes[1].min_lot = 500;
  EXPECT_EQ(simulate(Model(big_lots)).nodes[1].final_backlog, 100);
  big_lots.nodes[0].initial_stock = QuantitySpec::units_of(500);
  const RunResult lots = simulate(Model(big_lots));
  EXPECT_EQ(lots.nodes[0].blanks_shipped, 500);
  EXPECT_EQ(lots.nodes[2].received, 500);

  // A priority puts the centre first.
  Scenario centre_first = dual_sourced(500, 1000);
  centre_first.lanes[1].priority = -1;
  EXPECT_EQ(simulate(Model(centre_first)).nodes[0].blanks_shipped, 100);
}

// One office without demand that orders 100 blanks on day 0 only, over a 3-day lane.
Scenario one_order(int horizon_days = 20) {
  Scenario s = scenario(horizon_days);
  s.nodes.push_back(centre("pusat", 1000));
  s.nodes.push_back(office("kab", 0, 0, base_stock(100, 1000)));
  s.lanes.push_back(lane("pusat", "kab", DistributionSpec::fixed(3)));
  return s;
}

LaneClosure closure(const char* start, const char* end) {
  return {.start = day_of(start), .end = day_of(end), .where = {}};
}

TEST(SimulationTest, ClosedLaneDelaysArrivalsToTheDayAfterTheClosure) {
  // Shipped on day 0, due on day 3, which falls in a closure of days 2..5: arrives on day 6.
  Scenario s = one_order();
  s.lanes[0].closures = {closure("2024-01-03", "2024-01-06")};
  const RunResult r = simulate(Model(s));
  const TimeSeries& ts = *r.timeseries;
  EXPECT_EQ(ts.at(Series::in_transit, 0, 1), 100);
  EXPECT_EQ(ts.at(Series::in_transit, 5, 1), 100);
  EXPECT_EQ(ts.at(Series::on_hand, 5, 1), 0);
  EXPECT_EQ(ts.at(Series::on_hand, 6, 1), 100);
  EXPECT_EQ(r.nodes[1].received, 100);
}

TEST(SimulationTest, ClosedLaneDispatchesNothingUntilItReopens) {
  // Ordered on day 0 while the lane is closed (days 0..4): shipped on day 5, arrives on 8.
  Scenario s = one_order();
  s.lanes[0].closures = {closure("2023-12-20", "2024-01-02"), closure("2024-01-03", "2024-01-05")};
  const RunResult r = simulate(Model(s));
  const TimeSeries& ts = *r.timeseries;
  EXPECT_EQ(ts.at(Series::backlog, 4, 0), 100);  // owed by the centre
  EXPECT_EQ(ts.at(Series::in_transit, 4, 1), 0);
  EXPECT_EQ(ts.at(Series::backlog, 5, 0), 0);
  EXPECT_EQ(ts.at(Series::in_transit, 5, 1), 100);
  EXPECT_EQ(ts.at(Series::on_hand, 7, 1), 0);
  EXPECT_EQ(ts.at(Series::on_hand, 8, 1), 100);
  EXPECT_EQ(r.nodes[0].stockout_days, 0);  // waiting for the lane is not a stockout

  // A closure to the end of the horizon: nothing ever ships.
  s.lanes[0].closures = {closure("2024-01-01", "2024-12-31")};
  const RunResult closed = simulate(Model(s));
  EXPECT_EQ(closed.nodes[0].shipments, 0);
  EXPECT_EQ(closed.nodes[0].final_backlog, 100);
}

TEST(SimulationTest, ClosureWindowStopsArrivalsAndDispatchesOnABusyNetwork) {
  // Random demand and lead times: on every day of the window neither an arrival nor a
  // dispatch changes the blanks in transit, and the office's stock never rises.
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    Scenario s = single_office(40, 400, 2, 120);
    s.seed = seed;
    s.lanes[0].lead_time.kind = DistributionKind::uniform;
    s.lanes[0].lead_time.low = 1;
    s.lanes[0].lead_time.high = 6;
    s.lanes[0].closures = {closure("2024-02-10", "2024-02-25")};  // days 40..55
    const RunResult r = simulate(Model(s));
    const TimeSeries& ts = *r.timeseries;
    for (std::int32_t d = 40; d <= 55; ++d) {
      ASSERT_EQ(ts.at(Series::in_transit, d, 1), ts.at(Series::in_transit, d - 1, 1)) << d;
      ASSERT_LE(ts.at(Series::on_hand, d, 1), ts.at(Series::on_hand, d - 1, 1)) << d;
    }
    EXPECT_GT(ts.at(Series::in_transit, 39, 1), 0);
    // Everything shipped before the window (due by day 45) arrives on day 56.
    EXPECT_EQ(ts.at(Series::on_hand, 56, 1) + ts.at(Series::printed, 56, 1),
              ts.at(Series::on_hand, 55, 1) + ts.at(Series::in_transit, 55, 1));
  }
}

TEST(SimulationTest, TripsPerMonthLimitShipmentsAndAreCosted) {
  // The office orders 10 blanks (lot max) every day; the lane allows 2 trips a month, so two
  // orders ship on 1 and 2 January, two on 1 February, and the rest wait at the centre.
  Scenario s = scenario(60);  // January and February 2024
  s.nodes.push_back(centre("pusat", 100000));
  s.nodes.push_back(office("kab", 0, 0, base_stock(1000)));
  s.lanes.push_back(lane("pusat", "kab", DistributionSpec::fixed(1)));
  s.lanes[0].max_lot = 10;
  s.lanes[0].max_trips_per_month = 2;
  s.lanes[0].trip_cost = 2'500'000;
  const RunResult r = simulate(Model(s));
  const TimeSeries& ts = *r.timeseries;
  EXPECT_EQ(r.nodes[0].shipments, 4);
  EXPECT_EQ(r.nodes[0].blanks_shipped, 40);
  EXPECT_EQ(r.nodes[1].received, 40);
  EXPECT_EQ(r.nodes[0].final_backlog, 600 - 40);  // 60 orders of 10
  EXPECT_EQ(ts.at(Series::on_hand, 1, 1), 10);
  EXPECT_EQ(ts.at(Series::on_hand, 2, 1), 20);
  EXPECT_EQ(ts.at(Series::on_hand, 31, 1), 20);
  EXPECT_EQ(ts.at(Series::on_hand, 32, 1), 40);
  EXPECT_EQ(ts.at(Series::on_hand, 59, 1), 40);
  EXPECT_EQ(r.nodes[1].trip_cost, 4 * 2'500'000);
  EXPECT_EQ(r.nodes[0].trip_cost, 0);  // costs count where the shipments arrive
  EXPECT_EQ(r.total.trip_cost, 4 * 2'500'000);

  s.lanes[0].max_trips_per_month = 0;  // no limit: one trip a day
  const RunResult unlimited = simulate(Model(s));
  EXPECT_EQ(unlimited.nodes[0].shipments, 60);
  EXPECT_EQ(unlimited.nodes[1].trip_cost, 59 * 2'500'000);  // the last one arrives after day 59
}

// A centre that only receives tenders, over one office that never orders.
Scenario tender_only(int horizon_days, ProcurementTender tender) {
  Scenario s = scenario(horizon_days);
  s.nodes.push_back(centre("pusat", 0));
  s.nodes.push_back(office("kab", 0, 0, base_stock(0)));
  s.lanes.push_back(lane("pusat", "kab", DistributionSpec::fixed(1)));
  tender.where.key_path = "procurement.tenders[0]";
  s.tenders.push_back(std::move(tender));
  return s;
}

ProcurementTender tender(const char* budget_date, std::int64_t quantity, double lead_time) {
  return {.name = "test",
          .node = "",
          .budget_date = day_of(budget_date),
          .quantity = quantity,
          .tender_lead_time = DistributionSpec::fixed(lead_time)};
}

TEST(SimulationTest, SuccessfulTenderDeliversItsLotsOnTheRightDays) {
  // Opens on day 5, decided 10 days later: 1003 blanks in 4 lots a week apart, from day 15;
  // the first three lots carry the odd blanks.
  ProcurementTender t = tender("2024-01-06", 1003, 10);
  t.lots = 4;
  t.lot_interval_days = 7;
  const RunResult r = simulate(Model(tender_only(40, t)));
  const TimeSeries& ts = *r.timeseries;
  EXPECT_EQ(ts.at(Series::on_hand, 14, 0), 0);
  EXPECT_EQ(ts.at(Series::on_hand, 15, 0), 251);
  EXPECT_EQ(ts.at(Series::on_hand, 21, 0), 251);
  EXPECT_EQ(ts.at(Series::on_hand, 22, 0), 502);
  EXPECT_EQ(ts.at(Series::on_hand, 29, 0), 753);
  EXPECT_EQ(ts.at(Series::on_hand, 35, 0), 753);
  EXPECT_EQ(ts.at(Series::on_hand, 36, 0), 1003);
  EXPECT_EQ(r.nodes[0].received, 1003);
  EXPECT_EQ(r.total.received, 1003);
  EXPECT_EQ(r.tender_failures, 0);

  // The last lot (day 36) is after a 30-day horizon: it never arrives.
  const RunResult short_run = simulate(Model(tender_only(30, t)));
  EXPECT_EQ(short_run.total.received, 753);
}

TEST(SimulationTest, FailedTenderIsRetenderedUpToItsAttempts) {
  // Every attempt fails: decided on days 15, 29 (reopened 4 days after 15) and 43.
  ProcurementTender t = tender("2024-01-06", 8'000'000, 10);
  t.failure_probability = 1;
  t.max_attempts = 3;
  t.retender_delay_days = 4;
  const RunResult r = simulate(Model(tender_only(60, t)));
  EXPECT_EQ(r.tender_failures, 3);
  EXPECT_EQ(r.total.received, 0);
  EXPECT_EQ(simulate(Model(tender_only(40, t))).tender_failures, 2);  // day 43 is not seen
}

TEST(SimulationTest, TenderFailsWithItsProbability) {
  // Failure probability 0.5, three attempts: the first attempt failed in a replication
  // exactly when it counts a failure, and nothing arrives when all three fail (1/8).
  ProcurementTender t = tender("2024-01-02", 1000, 20);
  t.failure_probability = 0.5;
  t.max_attempts = 3;
  t.retender_delay_days = 10;
  t.tender_lead_time.kind = DistributionKind::uniform;
  t.tender_lead_time.low = 10;
  t.tender_lead_time.high = 30;
  const Model model(tender_only(200, t));
  Simulation sim(model);
  const int replications = 4000;
  int first_failed = 0, nothing = 0;
  for (int rep = 0; rep < replications; ++rep) {
    const RunResult r = sim.run(
        {.seed = 16, .replication = static_cast<std::uint64_t>(rep), .record_timeseries = false});
    first_failed += r.tender_failures >= 1 ? 1 : 0;
    nothing += r.total.received == 0 ? 1 : 0;
    ASSERT_EQ(r.total.received == 0, r.tender_failures == 3);
  }
  auto expect_share = [&](int count, double p, const char* what) {
    const double share = static_cast<double>(count) / replications;
    const double se = std::sqrt(p * (1 - p) / replications);
    EXPECT_NEAR(share, p, 4 * se) << what;
  };
  expect_share(first_failed, 0.5, "failed first attempts");
  expect_share(nothing, 0.125, "tenders that never deliver");
}

TEST(SimulationTest, TendersLeaveDemandDrawsAlone) {
  Scenario base = random_network(5);
  Scenario with_tender = base;
  with_tender.tenders.push_back(tender("2024-01-10", 50000, 15));
  const RunResult a = simulate(Model(base));
  const RunResult b = simulate(Model(with_tender));
  EXPECT_NE(a.total.received, b.total.received);
  for (std::int32_t d = 0; d < a.timeseries->days(); ++d) {
    for (std::int32_t v = 0; v < a.timeseries->nodes(); ++v) {
      ASSERT_EQ(a.timeseries->at(Series::demand, d, v), b.timeseries->at(Series::demand, d, v));
    }
  }
}

TEST(SimulationTest, LeadTimeSamplersHaveTheirMeans) {
  detail::RandomEngine engine(3);
  auto mean_of = [&](const DistributionSpec& spec) {
    const detail::LeadTimeSampler sampler(spec);
    double sum = 0;
    for (int i = 0; i < 40000; ++i) {
      const int days = sampler.sample(engine);
      EXPECT_GE(days, 1);
      sum += days;
    }
    return sum / 40000;
  };
  EXPECT_EQ(mean_of(DistributionSpec::fixed(4.4)), 4.0);
  DistributionSpec d;
  d.kind = DistributionKind::uniform;
  d.low = 2;
  d.high = 5;
  EXPECT_NEAR(mean_of(d), 3.5, 0.03);
  d.kind = DistributionKind::triangular;
  d.low = 7;
  d.mode = 14;
  d.high = 21;
  EXPECT_NEAR(mean_of(d), 14.0, 0.06);
  d.kind = DistributionKind::lognormal;
  d.mean = 10;
  d.sd = 3;
  EXPECT_NEAR(mean_of(d), 10.0, 0.08);
  d.kind = DistributionKind::gamma;
  d.shape = 4;
  d.scale = 3;
  EXPECT_NEAR(mean_of(d), 12.0, 0.1);
  d.kind = DistributionKind::empirical;
  d.values = {1, 3, 7};
  d.weights = {1, 1, 2};
  EXPECT_NEAR(mean_of(d), 4.5, 0.05);
}

// Palm's theorem for a base-stock office with Poisson demand (rate l per day), a constant
// lead time L and ample supply and printing: the blanks due at the end of a day are
// S - D, with D ~ Poisson(l L) the demand of the last L days, so the expected backlog is
// E[(D - S)+] and P(backlog > 0) = P(D > S). With daily steps the same-day fill rate is
// E[min(Y, (S - X)+)] / l, with X ~ Poisson(l (L-1)) and Y ~ Poisson(l) independent.
TEST(SimulationTest, BaseStockOfficeReproducesPalmsTheorem) {
  const double rate = 20;
  const int lead_time = 5;
  const std::int64_t target = 110;
  double expected_backlog = 0, p_backlog = 0, expected_fill = 0;
  for (int k = 0; k < 400; ++k) {
    const double p = poisson_pmf(rate * lead_time, k);
    expected_backlog += p * std::max(0.0, static_cast<double>(k - target));
    p_backlog += k > target ? p : 0.0;
  }
  for (int x = 0; x < 300; ++x) {
    const double px = poisson_pmf(rate * (lead_time - 1), x);
    const double free_blanks = std::max(0.0, static_cast<double>(target - x));
    for (int y = 0; y < 120; ++y) {
      expected_fill += px * poisson_pmf(rate, y) * std::min<double>(y, free_blanks);
    }
  }
  expected_fill /= rate;

  const int replications = 40, days = 3000, warm_up = 50;
  const Model model(single_office(rate, target, lead_time, days));
  Simulation sim(model);
  std::vector<double> backlog_means, stockout_shares, fill_rates;
  for (int rep = 0; rep < replications; ++rep) {
    const RunResult r = sim.run({.seed = 2024, .replication = static_cast<std::uint64_t>(rep)});
    const TimeSeries& ts = *r.timeseries;
    double backlog = 0, short_days = 0, same_day = 0, demand = 0;
    for (int d = warm_up; d < days; ++d) {
      const std::int64_t b = ts.at(Series::backlog, d, 1);
      backlog += static_cast<double>(b);
      short_days += b > 0 ? 1 : 0;
      // Printing is FIFO and ample: what was printed beyond yesterday's backlog is new.
      const std::int64_t printed = ts.at(Series::printed, d, 1);
      same_day += static_cast<double>(printed - std::min(printed, ts.at(Series::backlog, d - 1, 1)));
      demand += static_cast<double>(ts.at(Series::demand, d, 1));
    }
    backlog_means.push_back(backlog / (days - warm_up));
    stockout_shares.push_back(short_days / (days - warm_up));
    fill_rates.push_back(same_day / demand);
  }
  auto check = [&](const std::vector<double>& xs, double expected, const char* what) {
    const auto [mean, se] = estimate(xs);
    EXPECT_NEAR(mean, expected, 3 * se) << what << ": simulated " << mean << ", Palm " << expected
                                        << ", standard error " << se;
    EXPECT_LT(se, 0.05 * expected) << what << ": the run is too short to test anything";
  };
  check(backlog_means, expected_backlog, "expected backlog");
  check(stockout_shares, p_backlog, "P(backlog > 0)");
  check(fill_rates, expected_fill, "same-day fill rate");
}

}  // namespace

// RunOptions::node_groups: each day's totals of a group are the sums over its nodes of the
// time series (blanks on hand; requests waiting at the offices among them), whatever the
// groups' order, overlap or size.
TEST(SimulationTest, NodeGroupsSumTheirNodesEveryDay) {
  const Model model(
      load_scenario(std::string(BLANKO_SOURCE_DIR) + "/scenarios/bengkulu-2024.yaml"));
  const std::int32_t nodes = model.network().node_count();
  std::vector<NodeGroup> groups{{.name = "offices", .nodes = {}},
                                {.name = "mixed", .nodes = {nodes - 1, 0, 3, 1}},
                                {.name = "empty", .nodes = {}},
                                {.name = "all", .nodes = {}}};
  for (std::int32_t v = 0; v < nodes; ++v) {
    if (model.scenario().nodes[static_cast<std::size_t>(v)].office) groups[0].nodes.push_back(v);
    groups[3].nodes.push_back(v);
  }
  ASSERT_GT(groups[0].nodes.size(), 2U);
  const RunResult run =
      simulate(model, {.seed = 3, .record_timeseries = true, .node_groups = groups});
  const TimeSeries& series = *run.timeseries;
  ASSERT_EQ(run.group_series.groups, static_cast<std::int32_t>(groups.size()));
  std::int64_t ever_waiting = 0;
  for (std::int32_t d = 0; d < series.days(); ++d) {
    for (std::size_t g = 0; g < groups.size(); ++g) {
      std::int64_t held = 0, waiting = 0;
      for (const std::int32_t v : groups[g].nodes) {
        held += series.at(Series::on_hand, d, v);
        // Offices supply no one here, so their backlog series is their waiting requests.
        if (model.scenario().nodes[static_cast<std::size_t>(v)].office) {
          waiting += series.at(Series::backlog, d, v);
        }
      }
      const std::size_t at = run.group_series.index(d, static_cast<std::int32_t>(g));
      ASSERT_EQ(run.group_series.on_hand[at], held) << "day " << d << ", group " << g;
      ASSERT_EQ(run.group_series.backlog[at], waiting) << "day " << d << ", group " << g;
      ever_waiting += waiting;
    }
  }
  EXPECT_GT(ever_waiting, 0);
}
