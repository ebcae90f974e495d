// Offices under shortage: suket holders who give up after their patience (lost demand and
// IKD redirects), and lateral transfers ("solidaritas") between sibling offices.

#include "detail/compiled_model.hpp"
#include "test_scenarios.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace {
using namespace blanko;
using namespace blanko::testing;

/// One office without supply (its lane takes longer than the horizon) and `stock` blanks,
/// every request printable the day it arrives.
Scenario unsupplied_office(double per_day, std::int64_t stock, int horizon_days,
                           int capacity = 1000) {
  Scenario s = scenario(horizon_days);
  s.nodes.push_back(centre("pusat", 0));
  s.nodes.push_back(office("kab", per_day, stock, base_stock(0), capacity));
  s.lanes.push_back(lane("pusat", "kab", DistributionSpec::fixed(horizon_days + 1)));
  return s;
}

void set_patience(NodeSpec& node, int days, double give_up_share, double ikd_share) {
  node.office->patience_days = days;
  node.office->give_up_share = give_up_share;
  node.office->ikd_share_of_leavers = ikd_share;
}

LateralSpec lateral(double donor_min_cover_days, int lead_time, std::int64_t max_per_transfer,
                    double recipient_cover_days = 0) {
  LateralSpec l{.enabled = true,
                .donor_min_cover_days = donor_min_cover_days,
                .recipient_cover_days = recipient_cover_days,
                .lead_time = DistributionSpec::fixed(lead_time),
                .max_per_transfer = max_per_transfer,
                .where = {}};
  l.where.key_path = "lateral";
  l.lead_time.where.key_path = "lateral.lead_time";
  return l;
}

/// A province without supply and its offices `a` (empty, `per_day` requests a day) and `b`
/// (`donor_stock` blanks, the same demand), which never order; lateral transfers enabled on
/// both.
Scenario siblings(double per_day, std::int64_t donor_stock, int horizon_days,
                  const LateralSpec& spec) {
  Scenario s = scenario(horizon_days);
  s.nodes.push_back(centre("pusat", 0));
  s.nodes.push_back(province("prov", 0, base_stock(0)));
  s.nodes.push_back(office("a", per_day, 0, base_stock(0)));
  s.nodes.push_back(office("b", per_day, donor_stock, base_stock(0)));
  for (std::size_t i : {2, 3}) {
    s.nodes[i].lateral = spec;
    // They review once, on the last day, when an order could not arrive in time anyway (an
    // offset beyond the horizon, "never", is refused as a silent mistake).
    s.nodes[i].replenishment->review_offset_days = horizon_days - 1;
    s.nodes[i].replenishment->review_period_days = horizon_days;
  }
  s.lanes.push_back(lane("pusat", "prov", DistributionSpec::fixed(horizon_days + 1)));
  s.lanes.push_back(lane("prov", "a", DistributionSpec::fixed(1)));
  s.lanes.push_back(lane("prov", "b", DistributionSpec::fixed(1)));
  return s;
}

// Blanks are conserved every day: on hand + in transit + printed = initial + procured.
void expect_conservation(const Model& model, const RunResult& r) {
  const TimeSeries& ts = *r.timeseries;
  std::int64_t initial = 0, printed = 0, procured = 0;
  for (std::int64_t stock : model.compiled().initial_stock) initial += stock;
  for (std::int32_t d = 0; d < ts.days(); ++d) {
    for (const auto& lot : model.compiled().lots) procured += lot.day == d ? lot.quantity : 0;
    std::int64_t held = 0;
    for (std::int32_t v = 0; v < ts.nodes(); ++v) {
      held += ts.at(Series::on_hand, d, v) + ts.at(Series::in_transit, d, v);
      printed += ts.at(Series::printed, d, v);
    }
    ASSERT_EQ(held + printed, initial + procured) << "day " << d;
  }
}

// ---------------------------------------------------------------------------------------
// Patience

// 100 requests wait with a suket on day 0 and nothing is printed: with patience 3 and
// everyone giving up, the whole cohort leaves on day 3, to the IKD or lost.
TEST(PatienceTest, HandComputedCohortLeavesOnItsPatienceDay) {
  for (const double ikd : {0.0, 1.0}) {
    Scenario s = unsupplied_office(0, 0, 10);
    s.nodes[1].office->initial_backlog = 100;
    set_patience(s.nodes[1], 3, 1.0, ikd);
    const RunResult r = simulate(Model(s));
    const TimeSeries& ts = *r.timeseries;
    for (std::int32_t d = 0; d < 3; ++d) {
      EXPECT_EQ(ts.at(Series::backlog, d, 1), 100) << "day " << d;
      EXPECT_EQ(ts.at(Series::suket_outstanding, d, 1), 100) << "day " << d;
    }
    EXPECT_EQ(ts.at(Series::backlog, 3, 1), 0);
    EXPECT_EQ(ts.at(Series::suket_outstanding, 3, 1), 0);
    const NodeKpis& kab = r.nodes[1];
    EXPECT_EQ(kab.lost_demand, ikd == 0 ? 100 : 0);
    EXPECT_EQ(kab.redirected_to_ikd, ikd == 0 ? 0 : 100);
    EXPECT_EQ(kab.final_backlog, 0);
    EXPECT_EQ(kab.stockout_days, 4);  // days 0..3 end out of blanks with requests waiting
    EXPECT_EQ(r.total.lost_demand, kab.lost_demand);
    EXPECT_EQ(r.total.redirected_to_ikd, kab.redirected_to_ikd);
  }
}

// An office with no blanks, patience 5 and give_up_share 0.5: every day's cohort (all of
// it holding a suket) loses Binomial(n, 0.5) on its fifth day, and 30% of the leavers take
// the IKD. Over a long run the totals match the binomial means within 4 standard errors.
TEST(PatienceTest, HalfOfEveryCohortLeavesOnItsFifthDay) {
  const int days = 2000, patience = 5;
  Scenario s = unsupplied_office(50, 0, days);
  set_patience(s.nodes[1], patience, 0.5, 0.3);
  const RunResult r = simulate(Model(s), {.seed = 11});
  const TimeSeries& ts = *r.timeseries;
  double expiring = 0;  // requests whose fifth day falls within the horizon
  for (std::int32_t d = 0; d < days; ++d) {
    const std::int64_t arrived = ts.at(Series::demand, d, 1);
    const std::int64_t before = d == 0 ? 0 : ts.at(Series::backlog, d - 1, 1);
    const std::int64_t left = before + arrived - ts.at(Series::backlog, d, 1);
    // Nobody leaves before day 5; on day d only (part of) the cohort of day d - 5 leaves.
    ASSERT_GE(left, 0) << "day " << d;
    ASSERT_LE(left, d < patience ? 0 : ts.at(Series::demand, d - patience, 1)) << "day " << d;
    if (d + patience < days) expiring += static_cast<double>(arrived);
  }
  const NodeKpis& kab = r.nodes[1];
  const auto leavers = static_cast<double>(kab.lost_demand + kab.redirected_to_ikd);
  EXPECT_GT(expiring, 90000);
  EXPECT_NEAR(leavers, 0.5 * expiring, 4 * std::sqrt(0.25 * expiring));
  EXPECT_NEAR(static_cast<double>(kab.redirected_to_ikd), 0.3 * leavers,
              4 * std::sqrt(0.21 * leavers));
  EXPECT_NEAR(static_cast<double>(kab.redirected_to_ikd) / leavers, 0.3, 0.01);
  // Every request is printed, still waiting, lost or redirected.
  EXPECT_EQ(kab.demand, kab.printed + kab.final_backlog + kab.lost_demand + kab.redirected_to_ikd);
  EXPECT_EQ(kab.printed, 0);
  EXPECT_DOUBLE_EQ(kab.fill_rate, 0.0);
  EXPECT_EQ(kab.suket_issued, kab.demand);
}

// Only suket holders give up: requests that wait because printers are short, while blanks
// are on hand, never get a suket and never leave, however long they wait.
TEST(PatienceTest, RequestsWithoutASuketNeverGiveUp) {
  Scenario s = unsupplied_office(60, 1'000'000, 200, 40);
  set_patience(s.nodes[1], 2, 1.0, 0.0);
  const RunResult r = simulate(Model(s));
  const NodeKpis& kab = r.nodes[1];
  EXPECT_GT(kab.final_backlog, 2000);  // a long queue for the printers
  EXPECT_EQ(kab.suket_issued, 0);
  EXPECT_EQ(kab.lost_demand, 0);
  EXPECT_EQ(kab.redirected_to_ikd, 0);
  EXPECT_EQ(kab.demand, kab.printed + kab.final_backlog);
}

// Giving up does not touch demand (common random numbers); without anyone giving up
// (no patience, or give_up_share 0) the run is exactly today's.
TEST(PatienceTest, DemandIsUnchangedAndShareZeroChangesNothing) {
  const Scenario base = unsupplied_office(30, 500, 300);
  Scenario patient = base;
  set_patience(patient.nodes[1], 4, 0.6, 0.5);
  Scenario never = base;
  set_patience(never.nodes[1], 4, 0.0, 0.5);
  const RunResult a = simulate(Model(base), {.seed = 3});
  const RunResult b = simulate(Model(patient), {.seed = 3});
  const RunResult c = simulate(Model(never), {.seed = 3});
  EXPECT_GT(b.total.lost_demand, 0);
  EXPECT_LT(b.total.final_backlog, a.total.final_backlog);
  EXPECT_EQ(a.timeseries->values(), c.timeseries->values());
  for (std::int32_t d = 0; d < a.timeseries->days(); ++d) {
    ASSERT_EQ(a.timeseries->at(Series::demand, d, 1), b.timeseries->at(Series::demand, d, 1));
  }
  // The fill rate (printed the same day / demand) and the printing itself are unchanged:
  // only suket holders leave, and they wait behind no one who is printed.
  EXPECT_EQ(a.total.printed, b.total.printed);
  EXPECT_EQ(a.total.fill_rate, b.total.fill_rate);
}

// Patience on the initial backlog and on the day-0 arrivals, which are two cohorts of
// day 0; a supply arriving later serves whoever stayed, oldest first.
TEST(PatienceTest, LeaversFreeTheQueueForThoseWhoStay) {
  Scenario s = unsupplied_office(20, 0, 60);
  s.nodes[1].office->initial_backlog = 500;
  set_patience(s.nodes[1], 10, 0.5, 0.0);
  s.nodes[0].initial_stock = QuantitySpec::units_of(400);
  s.lanes[0].lead_time = DistributionSpec::fixed(30);
  s.nodes[1].replenishment = base_stock(400);
  const RunResult r = simulate(Model(s), {.seed = 8});
  const NodeKpis& kab = r.nodes[1];
  EXPECT_EQ(kab.received, 400);
  EXPECT_EQ(kab.printed, 400);
  EXPECT_GT(kab.lost_demand, 0);
  EXPECT_EQ(kab.demand + 500, kab.printed + kab.final_backlog + kab.lost_demand);
  EXPECT_LE(r.timeseries->at(Series::suket_outstanding, 59, 1),
            r.timeseries->at(Series::backlog, 59, 1));
}

// ---------------------------------------------------------------------------------------
// Lateral transfers

// No demand: office a holds 500 requests and no blank, sibling b 1,000 blanks and no
// minimum cover (it has no demand). a borrows at most 200 a day over 3 days, and never
// asks again for requests already covered by blanks on their way.
TEST(LateralTest, HandComputedTransfers) {
  Scenario s = siblings(0, 1000, 10, lateral(30, 3, 200));
  s.nodes[2].office->initial_backlog = 500;
  const Model model(s);
  const RunResult r = simulate(model);
  const TimeSeries& ts = *r.timeseries;
  const NodeKpis& a = r.nodes[2];
  const NodeKpis& b = r.nodes[3];
  EXPECT_EQ(b.lateral_out, 500);
  EXPECT_EQ(a.lateral_in, 500);
  EXPECT_EQ(a.printed, 500);
  EXPECT_EQ(a.stockout_days, 5);  // days 0..4 end with requests waiting and no blank
  EXPECT_EQ(b.final_on_hand, 500);
  EXPECT_EQ(a.received, 0);  // lateral blanks are not lane shipments
  EXPECT_EQ(b.blanks_shipped, 0);
  // Sent on days 0, 1, 2 (200, 200, 100); each arrives 3 days later and is printed at once.
  const std::int64_t in_transit[] = {200, 400, 500, 300, 100, 0};
  const std::int64_t printed[] = {0, 0, 0, 200, 200, 100};
  for (std::int32_t d = 0; d < 6; ++d) {
    EXPECT_EQ(ts.at(Series::in_transit, d, 2), in_transit[d]) << "day " << d;
    EXPECT_EQ(ts.at(Series::printed, d, 2), printed[d]) << "day " << d;
  }
  EXPECT_EQ(ts.at(Series::on_hand, 0, 3), 800);
  EXPECT_EQ(ts.at(Series::on_hand, 2, 3), 500);
  EXPECT_EQ(r.total.lateral_in, r.total.lateral_out);
  expect_conservation(model, r);
}

// The donor is the sibling with the largest surplus above its minimum cover; on a tie the
// lowest node index. Offices without lateral transfers, and offices of another supplier,
// neither lend nor borrow.
TEST(LateralTest, LargestSurplusLendsTiesToTheLowestIndex) {
  auto run = [](std::int64_t stock_b, std::int64_t stock_c) {
    Scenario s = siblings(0, stock_b, 5, lateral(0, 1, 100));
    s.nodes[2].office->initial_backlog = 50;
    NodeSpec c = office("c", 0, stock_c, base_stock(0));
    c.lateral = lateral(0, 1, 100);
    s.nodes.push_back(c);
    s.lanes.push_back(lane("prov", "c", DistributionSpec::fixed(1)));
    return simulate(Model(s));
  };
  const RunResult larger_c = run(300, 400);
  EXPECT_EQ(larger_c.nodes[3].lateral_out, 0);
  EXPECT_EQ(larger_c.nodes[4].lateral_out, 50);
  const RunResult tie = run(400, 400);
  EXPECT_EQ(tie.nodes[3].lateral_out, 50);
  EXPECT_EQ(tie.nodes[4].lateral_out, 0);

  Scenario s = siblings(0, 1000, 5, lateral(0, 1, 100));
  s.nodes[2].office->initial_backlog = 50;
  s.nodes[3].lateral->enabled = false;  // b keeps its stock to itself
  NodeSpec cousin = office("cousin", 0, 1000, base_stock(0));
  cousin.lateral = lateral(0, 1, 100);
  s.nodes.push_back(cousin);
  s.lanes.push_back(lane("pusat", "cousin", DistributionSpec::fixed(1)));  // another supplier
  const RunResult none = simulate(Model(s));
  EXPECT_EQ(none.total.lateral_out, 0);
  EXPECT_EQ(none.nodes[2].stockout_days, 5);

  Scenario silent = siblings(0, 1000, 5, lateral(0, 1, 100));
  silent.nodes[2].office->initial_backlog = 50;
  silent.nodes[2].lateral.reset();  // a does not ask
  EXPECT_EQ(simulate(Model(silent)).total.lateral_out, 0);
}

// Two siblings under a province without supply: a is empty, b holds a big stock. Asking
// only for its waiting requests, a gets them printed a lead time later instead of never,
// but still ends its days out of blanks; asking for 30 days of cover on top, it mostly has
// blanks at the end of the day. Either way b never lends below its minimum cover of 30
// days, blanks are conserved every day, and the same seed gives the same run.
TEST(LateralTest, EmptySiblingBorrowsFromAFullOne) {
  const int days = 200;
  const double per_day = 20;
  const Scenario off_scenario = [&] {
    Scenario s = siblings(per_day, 20000, days, lateral(30, 4, 150));
    for (NodeSpec& node : s.nodes) node.lateral.reset();
    return s;
  }();
  const RunResult off = simulate(Model(off_scenario), {.seed = 21});
  EXPECT_EQ(off.nodes[2].stockout_days, days);
  EXPECT_EQ(off.nodes[2].printed, 0);
  EXPECT_EQ(off.total.lateral_out, 0);

  for (const double recipient_cover_days : {0.0, 30.0}) {
    SCOPED_TRACE(recipient_cover_days);
    const LateralSpec spec = lateral(30, 4, 150, recipient_cover_days);
    const Model model(siblings(per_day, 20000, days, spec));
    const RunResult r = simulate(model, {.seed = 21});
    const NodeKpis& a = r.nodes[2];
    const NodeKpis& b = r.nodes[3];
    EXPECT_EQ(r.total.demand, off.total.demand);  // common random numbers
    EXPECT_GT(b.lateral_out, 3000);
    EXPECT_GT(a.printed, a.demand - 600);
    if (recipient_cover_days == 0) {
      EXPECT_GT(a.stockout_days, days - 10);
      EXPECT_NEAR(a.mean_wait_days, 4.0, 0.5);  // the lateral lead time
    } else {
      EXPECT_LT(a.stockout_days, days / 4);
      EXPECT_GT(a.fill_rate, 0.8);
      EXPECT_LT(a.mean_wait_days, 1.0);
    }

    const TimeSeries& ts = *r.timeseries;
    const auto reserve = static_cast<std::int64_t>(std::ceil(30 * per_day));
    EXPECT_EQ(model.compiled().lateral_reserve[3], reserve);
    std::int64_t lent = 20000 - ts.at(Series::printed, 0, 3) - ts.at(Series::on_hand, 0, 3);
    for (std::int32_t d = 1; d < days; ++d) {
      // b receives nothing, so what it lost beyond its printing it lent.
      const std::int64_t lent_today = ts.at(Series::on_hand, d - 1, 3) -
                                      ts.at(Series::printed, d, 3) - ts.at(Series::on_hand, d, 3);
      ASSERT_GE(lent_today, 0) << "day " << d;
      ASSERT_LE(lent_today, spec.max_per_transfer) << "day " << d;  // one transfer a day
      if (lent_today > 0) ASSERT_GE(ts.at(Series::on_hand, d, 3), reserve) << "day " << d;
      lent += lent_today;
    }
    EXPECT_EQ(lent, b.lateral_out);
    EXPECT_EQ(b.lateral_out, a.lateral_in + ts.at(Series::in_transit, days - 1, 2));
    expect_conservation(model, r);

    const RunResult again = simulate(model, {.seed = 21});
    EXPECT_EQ(r.timeseries->values(), again.timeseries->values());
    EXPECT_EQ(r.nodes[2].lateral_in, again.nodes[2].lateral_in);
    EXPECT_EQ(r.events, again.events);
  }
}

// Lateral lead times come from their own stream: the lane shipments' lead times, and so a
// network's regular supply, do not shift when transfers draw theirs.
TEST(LateralTest, LateralDrawsLeaveLaneLeadTimesAlone) {
  Scenario s = siblings(10, 5000, 120, lateral(10, 2, 100));
  // A supplied third sibling whose lane draws random lead times; it never lends or borrows.
  s.nodes[1].initial_stock = QuantitySpec::units_of(100000);
  s.nodes.push_back(office("c", 10, 0, base_stock(200)));
  DistributionSpec uniform;
  uniform.kind = DistributionKind::uniform;
  uniform.low = 1;
  uniform.high = 9;
  s.lanes.push_back(lane("prov", "c", uniform));
  Scenario without = s;
  for (NodeSpec& node : without.nodes) node.lateral.reset();
  const RunResult a = simulate(Model(s), {.seed = 4});
  const RunResult b = simulate(Model(without), {.seed = 4});
  EXPECT_GT(a.total.lateral_out, 0);
  for (std::int32_t d = 0; d < a.timeseries->days(); ++d) {
    ASSERT_EQ(a.timeseries->at(Series::on_hand, d, 4), b.timeseries->at(Series::on_hand, d, 4));
  }
}

}  // namespace
