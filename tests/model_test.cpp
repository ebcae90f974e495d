#include "test_scenarios.hpp"

#include "detail/compiled_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

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
  expect_scenario_error([&] { Model m(s); }, "value must be a number between 0 and 36,525 (days), got -3");
  s.lanes[0].lead_time.kind = DistributionKind::triangular;
  s.lanes[0].lead_time.low = 5;
  s.lanes[0].lead_time.mode = 3;
  s.lanes[0].lead_time.high = 9;
  expect_scenario_error([&] { Model m(s); }, "low <= mode <= high");
}

TEST(ModelTest, RejectsBadOfficeCapacity) {
  Scenario s = single_office(20, 100, 5);
  s.nodes[1].office->printers = 0;
  expect_scenario_error([&] { Model m(s); }, "printers must be an integer between 1 and 100,000");
  s.nodes[1].office->printers = 2;
  s.nodes[1].office->cards_per_printer_per_day = -5;
  expect_scenario_error([&] { Model m(s); }, "cards_per_printer_per_day must be an integer between 1 and 1,000,000");
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
  expect_scenario_error([&] { Model m(s); },
                        "parameter 'S': the quantity must be a number between 0 and 1e12 (blanks), got -1");
  s.nodes[1].replenishment = base_stock(2e12);
  expect_scenario_error([&] { Model m(s); }, "S must be a number between -1e12 and 1e12");
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
  expect_scenario_error([&] { Model m(s); }, "quantity must be an integer between 1 and 1e12");
  s.procurement[0].quantity = 10;
  // A lot may go to an office (a top-up, what blanko plan sizes); an unknown node is an error.
  s.procurement[0].node = "kab";
  EXPECT_NO_THROW({ Model m(s); });
  s.procurement[0].node = "kba";
  expect_scenario_error([&] { Model m(s); }, "unknown procurement lot node 'kba'; did you mean 'kab'?");
  s.procurement[0].node = "kab";
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
  expect_scenario_error([&] { Model m(s); }, "quantity must be an integer between 1 and 1e12");
  s.tenders[0].quantity = 10;
  s.tenders[0].lots = 0;
  expect_scenario_error([&] { Model m(s); }, "lots must be an integer between 1 and 36,525");
  s.tenders[0].lots = 2;
  s.tenders[0].lot_interval_days = -1;
  expect_scenario_error([&] { Model m(s); }, "lot_interval_days must be an integer between 0 and 36,525");
  s.tenders[0].lot_interval_days = 1;
  s.tenders[0].retender_delay_days = -1;
  expect_scenario_error([&] { Model m(s); }, "retender_delay_days must be an integer between 0 and 36,525");
  s.tenders[0].retender_delay_days = 0;
  EXPECT_NO_THROW(Model m(s));
}

TEST(ModelTest, RejectsNegativeQuantitiesAndBadDemand) {
  Scenario s = single_office(20, 100, 5);
  s.nodes[1].initial_stock = QuantitySpec::units_of(-4);
  s.nodes[1].initial_stock.where.key_path = "nodes.kab.initial_stock";
  expect_scenario_error([&] { Model m(s); }, "initial_stock must be an integer between 0 and 1e12 (blanks), got -4");
  s = single_office(20, 100, 5);
  s.nodes[1].demand->wajib_ktp_share = 1.5;
  s.nodes[1].demand->where.key_path = "nodes.kab.demand";
  expect_scenario_error([&] { Model m(s); }, "wajib_ktp_share must be above 0 and at most 1 (share), got 1.5");
  s = single_office(20, 100, 5);
  s.lanes[0].min_lot = 0;
  expect_scenario_error([&] { Model m(s); }, "min must be an integer between 1 and 1e12");
  s = single_office(20, 100, 5, 0);
  s.where.key_path = "scenario";
  expect_scenario_error([&] { Model m(s); }, "horizon_days must be an integer between 1 and 36,525 (days), got 0");
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
  expect_scenario_error([&] { Model m(s); }, "dispersion must be above 0 and at most 1e12");
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

TEST(ModelTest, CompilesEachNodesResolvedCosts) {
  // Costs from the kind sections, the nodes' own costs and 0 where nothing sets them.
  const Scenario s = parse_scenario(R"(scenario: {start: 2024-01-01, horizon_days: 30}
defaults:
  province:
    replenishment: {policy: base_stock, S: 500}
  kabkota:
    office: {printers: 1}
    demand: {annual_rate: 0.13}
    replenishment: {policy: base_stock, S: 100}
costs:
  province: {holding_per_blank_day: 0.03}
  kabkota: {holding_per_blank_day: 0.05, waiting_per_suket_day: 2500, per_lost_request: 50000}
nodes:
  - {id: pusat, kind: centre, initial_stock: 1000, costs: {unit_price: 10500}}
  - {id: "17", kind: province}
  - {id: "17.01", population: 1000}
  - {id: "17.02", population: 2000, costs: {waiting_per_suket_day: 4000, unit_price: 11750}}
lanes:
  - {from: pusat, to: "17", lead_time: 3}
  - {from: "17", to: "17.01", lead_time: 2}
  - {from: "17", to: "17.02", lead_time: 2}
)",
                                    "costs.yaml");
  const Model m(s);
  const auto& c = m.compiled();
  const auto at = [&](const std::vector<double>& table, const char* id) {
    const NodeIndex v = m.network().find(id);
    EXPECT_NE(v, kNone) << id;
    return table.at(static_cast<std::size_t>(v));
  };
  ASSERT_EQ(c.holding_cost_per_blank_day.size(), 4u);
  ASSERT_EQ(c.waiting_cost_per_suket_day.size(), 4u);
  ASSERT_EQ(c.cost_per_lost_request.size(), 4u);
  ASSERT_EQ(c.unit_price.size(), 4u);
  EXPECT_EQ(at(c.holding_cost_per_blank_day, "pusat"), 0.0);
  EXPECT_EQ(at(c.holding_cost_per_blank_day, "17"), 0.03);
  EXPECT_EQ(at(c.holding_cost_per_blank_day, "17.01"), 0.05);
  EXPECT_EQ(at(c.holding_cost_per_blank_day, "17.02"), 0.05);
  EXPECT_EQ(at(c.waiting_cost_per_suket_day, "17"), 0.0);
  EXPECT_EQ(at(c.waiting_cost_per_suket_day, "17.01"), 2500.0);
  EXPECT_EQ(at(c.waiting_cost_per_suket_day, "17.02"), 4000.0);
  EXPECT_EQ(at(c.cost_per_lost_request, "pusat"), 0.0);
  EXPECT_EQ(at(c.cost_per_lost_request, "17.01"), 50000.0);
  EXPECT_EQ(at(c.cost_per_lost_request, "17.02"), 50000.0);
  EXPECT_EQ(at(c.unit_price, "pusat"), 10500.0);
  EXPECT_EQ(at(c.unit_price, "17"), 0.0);
  EXPECT_EQ(at(c.unit_price, "17.01"), 0.0);
  EXPECT_EQ(at(c.unit_price, "17.02"), 11750.0);
}

TEST(ModelTest, CostsDefaultToZero) {
  const Model m(single_office(20, 100, 5, 7));
  const auto& c = m.compiled();
  const std::vector<double> zeros(2, 0.0);
  EXPECT_EQ(c.holding_cost_per_blank_day, zeros);
  EXPECT_EQ(c.waiting_cost_per_suket_day, zeros);
  EXPECT_EQ(c.cost_per_lost_request, zeros);
  EXPECT_EQ(c.unit_price, zeros);
}

TEST(ModelTest, RejectsCostsThatAreNotFiniteRupiahUpToATrillion) {
  Scenario s = single_office(20, 100, 5, 7);
  s.nodes[1].costs.unit_price = 1e12;  // the largest allowed
  s.nodes[1].costs.holding_per_blank_day = 0;
  EXPECT_NO_THROW(Model m(s));
  const auto expect_rejected = [&](double CostSpec::*member, double value, const std::string& key) {
    Scenario bad = s;
    bad.nodes[1].costs.*member = value;
    try {
      Model m(bad);
      ADD_FAILURE() << key << " = " << value << " was accepted";
    } catch (const ScenarioError& e) {
      // Built in code, without a CostSpec::where: located at the node's costs.
      EXPECT_EQ(e.where().key_path, "nodes.kab.costs." + key) << e.what();
      EXPECT_EQ(e.message().rfind(key + " must be a number between 0 and 1e12 (Rp), got ", 0), 0u)
          << e.what();
    }
  };
  expect_rejected(&CostSpec::holding_per_blank_day, -0.01, "holding_per_blank_day");
  expect_rejected(&CostSpec::waiting_per_suket_day, std::nan(""), "waiting_per_suket_day");
  expect_rejected(&CostSpec::per_lost_request, std::numeric_limits<double>::infinity(),
                  "per_lost_request");
  expect_rejected(&CostSpec::unit_price, 1.000001e12, "unit_price");
  // A CostSpec::where the loader set is used as given.
  s.nodes[1].costs.where.key_path = "costs.kabkota";
  s.nodes[1].costs.unit_price = -1;
  try {
    Model m(s);
    ADD_FAILURE() << "a negative unit_price was accepted";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().key_path, "costs.kabkota.unit_price") << e.what();
  }
}

}  // namespace
