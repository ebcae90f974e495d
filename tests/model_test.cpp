#include "test_scenarios.hpp"

#include "detail/compiled_model.hpp"

#include <gtest/gtest.h>

namespace {
using namespace blanko;
using namespace blanko::testing;

TEST(ModelTest, CompilesTablesAndDemandBelowEachNode) {
  Scenario s = single_office(20, 100, 5, 14);
  s.nodes[1].office->closed_weekdays = {Weekday::sat, Weekday::sun};
  const Model m(s);
  EXPECT_EQ(m.horizon_days(), 14);
  EXPECT_NEAR(m.mean_daily_demand(1), 20.0, 1e-9);
  EXPECT_NEAR(m.mean_daily_demand(0), 20.0, 1e-9);  // the centre supplies the office
  const auto& c = m.compiled();
  // 2024-01-01 is a Monday: days 5 and 6 are closed, the week's demand is spread over 5 days.
  EXPECT_EQ(c.print_capacity(5, 0), 0);
  EXPECT_EQ(c.print_capacity(4, 0), 1000);
  EXPECT_NEAR(c.demand_rate(0, 0), 28.0, 1e-9);
  EXPECT_EQ(c.demand_rate(6, 0), 0.0);
}

TEST(ModelTest, ResolvesDaysOfDemandQuantities) {
  Scenario s = single_office(20, 100, 5);
  s.nodes[1].initial_stock = QuantitySpec::days_of(10);
  s.nodes[1].replenishment->policy.parameters["S"] = QuantitySpec::days_of(7.5);
  const Model m(s);
  EXPECT_EQ(m.compiled().initial_stock[1], 200);
  ReviewContext empty;
  EXPECT_EQ(m.compiled().replenishment[1]->order_quantity(empty), 150);
}

TEST(ModelTest, LotRulesRaiseRoundAndCap) {
  blanko::detail::LotRule rule{.min = 500, .max = 2250, .multiple = 100};
  EXPECT_EQ(rule.apply(0), 0);
  EXPECT_EQ(rule.apply(1), 500);
  EXPECT_EQ(rule.apply(501), 600);
  EXPECT_EQ(rule.apply(10000), 2200);
}

TEST(ModelTest, RejectsNonPositiveLeadTimes) {
  Scenario s = single_office(20, 100, 0);
  expect_scenario_error([&] { Model m(s); }, "lead time must be positive");
  s.lanes[0].lead_time.value = -3;
  expect_scenario_error([&] { Model m(s); }, "lead time must be positive");
  s.lanes[0].lead_time.kind = DistributionKind::triangular;
  s.lanes[0].lead_time.low = 5;
  s.lanes[0].lead_time.mode = 3;
  s.lanes[0].lead_time.high = 9;
  expect_scenario_error([&] { Model m(s); }, "low <= mode <= high");
}

TEST(ModelTest, RejectsBadOfficeCapacity) {
  Scenario s = single_office(20, 100, 5);
  s.nodes[1].office->printers = 0;
  expect_scenario_error([&] { Model m(s); }, "printers must be at least 1");
  s.nodes[1].office->printers = 2;
  s.nodes[1].office->cards_per_printer_per_day = -5;
  expect_scenario_error([&] { Model m(s); }, "cards_per_printer_per_day must be at least 1");
  s.nodes[1].office->cards_per_printer_per_day = 5;
  s.nodes[1].office->closed_weekdays = {Weekday::mon, Weekday::tue, Weekday::wed, Weekday::thu,
                                        Weekday::fri, Weekday::sat, Weekday::sun};
  expect_scenario_error([&] { Model m(s); }, "at least one day a week");
}

TEST(ModelTest, RejectsUnknownPolicyWithSuggestion) {
  Scenario s = single_office(20, 100, 5);
  s.nodes[1].replenishment->policy.name = "base_stok";
  expect_scenario_error([&] { Model m(s); }, "did you mean 'base_stock'?");
  s.nodes[1].replenishment->policy.name = "base_stock";
  s.nodes[0].allocation.name = "fifo";
  expect_scenario_error([&] { Model m(s); }, "unknown allocation policy 'fifo'");
}

TEST(ModelTest, RejectsBadPolicyParameters) {
  Scenario s = single_office(20, 100, 5);
  s.nodes[1].replenishment = s_S(500, 100);
  expect_scenario_error([&] { Model m(s); }, "must not exceed S");
  s.nodes[1].replenishment = base_stock(100);
  s.nodes[1].replenishment->policy.parameters["Q"] = QuantitySpec::units_of(5);
  locate(*s.nodes[1].replenishment);
  expect_scenario_error([&] { Model m(s); }, "has no parameter 'Q'");
  s.nodes[1].replenishment = base_stock(-1);
  expect_scenario_error([&] { Model m(s); }, "non-negative");
  s.nodes[1].replenishment->policy.parameters.clear();
  s.nodes[1].replenishment->policy.parameters["s"] = QuantitySpec::units_of(5);
  locate(*s.nodes[1].replenishment);
  expect_scenario_error([&] { Model m(s); }, "parameter 'S': missing");
}

TEST(ModelTest, RequiresReplenishmentExactlyWhereThereIsASupplier) {
  Scenario s = single_office(20, 100, 5);
  s.nodes[1].replenishment.reset();
  expect_scenario_error([&] { Model m(s); }, "has a supplier but no replenishment policy");
  s = single_office(20, 100, 5);
  s.nodes[0].replenishment = base_stock(5);
  expect_scenario_error([&] { Model m(s); }, "no supplier lane");
}

TEST(ModelTest, RejectsBadProcurement) {
  Scenario s = single_office(20, 100, 5, 30);
  s.procurement.push_back({.date = day_of("2024-03-01"), .node = "pusat", .quantity = 5,
                           .where = {.file = "", .line = 0, .column = 0, .key_path = "procurement.lots[0]"}});
  expect_scenario_error([&] { Model m(s); }, "outside the horizon");
  s.procurement[0].date = day_of("2024-01-05");
  s.procurement[0].quantity = 0;
  expect_scenario_error([&] { Model m(s); }, "quantity must be positive");
  s.procurement[0].quantity = 10;
  s.procurement[0].node = "kab";
  expect_scenario_error([&] { Model m(s); }, "has a supplier");
  s.procurement[0].node = "pusta";
  expect_scenario_error([&] { Model m(s); }, "did you mean 'pusat'?");
}

TEST(ModelTest, RejectsBadTenders) {
  Scenario s = single_office(20, 100, 5, 30);
  s.tenders.push_back({.name = "t",
                       .node = "kab",
                       .budget_date = day_of("2024-01-05"),
                       .quantity = 10,
                       .tender_lead_time = DistributionSpec::fixed(5)});
  s.tenders[0].where.key_path = "procurement.tenders[0]";
  expect_scenario_error([&] { Model m(s); }, "tender goes to a source node; 'kab' has a supplier");
  s.tenders[0].node = "pusta";
  expect_scenario_error([&] { Model m(s); }, "unknown tender node 'pusta'; did you mean 'pusat'?");
  s.tenders[0].node = "";
  s.tenders[0].quantity = 0;
  expect_scenario_error([&] { Model m(s); }, "tender quantity must be positive");
  s.tenders[0].quantity = 10;
  s.tenders[0].lots = 0;
  expect_scenario_error([&] { Model m(s); }, "lots must be at least 1");
  s.tenders[0].lots = 2;
  s.tenders[0].lot_interval_days = -1;
  expect_scenario_error([&] { Model m(s); }, "lot_interval_days must not be negative");
  s.tenders[0].lot_interval_days = 1;
  s.tenders[0].retender_delay_days = -1;
  expect_scenario_error([&] { Model m(s); }, "retender_delay_days must not be negative");
  s.tenders[0].retender_delay_days = 0;
  EXPECT_NO_THROW(Model m(s));
}

TEST(ModelTest, RejectsNegativeQuantitiesAndBadDemand) {
  Scenario s = single_office(20, 100, 5);
  s.nodes[1].initial_stock = QuantitySpec::units_of(-4);
  s.nodes[1].initial_stock.where.key_path = "nodes.kab.initial_stock";
  expect_scenario_error([&] { Model m(s); }, "initial_stock must not be negative");
  s = single_office(20, 100, 5);
  s.nodes[1].demand->wajib_ktp_share = 1.5;
  s.nodes[1].demand->where.key_path = "nodes.kab.demand";
  expect_scenario_error([&] { Model m(s); }, "wajib_ktp_share must be in (0, 1]");
  s = single_office(20, 100, 5);
  s.lanes[0].min_lot = 0;
  expect_scenario_error([&] { Model m(s); }, "lot min must be at least 1");
  s = single_office(20, 100, 5, 0);
  s.where.key_path = "scenario";
  expect_scenario_error([&] { Model m(s); }, "horizon must be at least one day");
}

TEST(ModelTest, RejectsBadDemandCategories) {
  Scenario s = single_office(20, 100, 5);
  DemandSpec& demand = *s.nodes[1].demand;
  demand.categories = {annual_category("lost", 0.07, PriorityClass::replacement),
                       annual_category("lost", 0.03, PriorityClass::data_change)};
  expect_scenario_error([&] { Model m(s); }, "demand category 'lost' is given twice");
  demand.categories[1].name = "";
  expect_scenario_error([&] { Model m(s); }, "a demand category needs a name");
  demand.categories[1].name = "moves";
  demand.counts = CountDistribution::negative_binomial;
  demand.dispersion = -1;
  expect_scenario_error([&] { Model m(s); }, "need a dispersion > 0");
  demand.dispersion = 10;
  EXPECT_NO_THROW(Model m(s));
}

TEST(ModelTest, DemandRatePerClassSumsCategoriesOverTheirBase) {
  // 10,000 residents, 80% wajib KTP, open every day: per calendar day, first cards
  // 0.0365 x 10,000 / 365 = 1, data changes (0.0365 + 0.073) x 8,000 / 365 = 2.4,
  // replacements none.
  Scenario s = single_office(20, 100, 5, 7);
  DemandSpec& demand = *s.nodes[1].demand;
  demand.wajib_ktp_share = 0.8;
  demand.categories = {
      annual_category("turning_17", 0.0365, PriorityClass::first_card, DemandBase::population),
      annual_category("moves", 0.0365, PriorityClass::data_change),
      annual_category("marriage", 0.073, PriorityClass::data_change)};
  const Model m(s);
  const auto& c = m.compiled();
  ASSERT_EQ(c.demand_rate.cols(), kPriorityClassCount);
  EXPECT_NEAR(c.demand_rate(3, detail::demand_column(0, PriorityClass::first_card)), 1.0, 1e-12);
  EXPECT_NEAR(c.demand_rate(3, detail::demand_column(0, PriorityClass::data_change)), 2.4, 1e-12);
  EXPECT_EQ(c.demand_rate(3, detail::demand_column(0, PriorityClass::replacement)), 0.0);
  EXPECT_NEAR(m.mean_daily_demand(1), 3.4, 1e-12);
  EXPECT_NEAR(m.mean_daily_demand(0), 3.4, 1e-12);
}

}  // namespace
