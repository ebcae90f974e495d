// The YAML scenario loader: a full scenario read back field by field, the shipped Bengkulu
// scenario, --set overrides, and one test per error the loader reports.

#include <blanko/scenario_loader.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace blanko {
namespace {

const std::filesystem::path kDataDir = std::filesystem::path(BLANKO_TEST_DATA_DIR) / "loader";

// Inline YAML starts on the line after `R"(`, so that line 1 is the first line shown.
std::string yaml(std::string_view text) {
  if (text.starts_with('\n')) text.remove_prefix(1);
  return std::string(text);
}

Scenario parse(std::string_view text, const std::vector<std::string>& overrides = {}) {
  return parse_scenario(yaml(text), "test.yaml", kDataDir, overrides);
}

// The ScenarioError that parsing `text` throws (a test failure when none is thrown).
ScenarioError parse_error(std::string_view text, const std::vector<std::string>& overrides = {}) {
  try {
    (void)parse(text, overrides);
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a ScenarioError";
  return ScenarioError({}, "no error");
}

const NodeSpec& node(const Scenario& s, std::string_view id) {
  const auto it =
      std::find_if(s.nodes.begin(), s.nodes.end(), [&](const NodeSpec& n) { return n.id == id; });
  if (it == s.nodes.end()) throw std::runtime_error("no node " + std::string(id));
  return *it;
}

std::string text_of(const std::filesystem::path& p) { return p.lexically_normal().string(); }

// ---------------------------------------------------------------------------------------
// A full scenario (tests/data/loader/full.yaml with regions.csv)

class FullScenario : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { scenario_ = new Scenario(load_scenario(kDataDir / "full.yaml")); }
  static void TearDownTestSuite() { delete scenario_; }
  static const Scenario& s() { return *scenario_; }
  static std::string yaml_file() { return (kDataDir / "full.yaml").string(); }

 private:
  static inline Scenario* scenario_ = nullptr;
};

TEST(ScenarioSourceTest, TextWithOverridesReadsBackAsTheOverriddenScenario) {
  const ScenarioSource source = ScenarioSource::read(kDataDir / "full.yaml");
  const std::vector<std::string> overrides{"scenario.seed=99", "nodes.pusat.initial_stock=1234"};
  const Scenario direct = source.load(overrides);
  const std::string text = source.text_with(overrides);
  EXPECT_EQ(text.find("#"), std::string::npos) << "comments are not kept";
  const Scenario again = parse_scenario(text, "again.yaml", kDataDir);
  EXPECT_EQ(again.seed, 99U);
  EXPECT_EQ(node(again, "pusat").initial_stock.value, 1234);
  ASSERT_EQ(again.nodes.size(), direct.nodes.size());
  for (std::size_t i = 0; i < again.nodes.size(); ++i) {
    EXPECT_EQ(again.nodes[i].id, direct.nodes[i].id);
    EXPECT_EQ(again.nodes[i].population, direct.nodes[i].population);
  }
  EXPECT_EQ(source.text_with({}).find("seed: 99"), std::string::npos);
}

TEST_F(FullScenario, Header) {
  EXPECT_EQ(s().name, "Test network");
  EXPECT_EQ(to_iso_string(s().start), "2024-01-01");
  EXPECT_EQ(s().horizon_days, 91);  // 31 + 29 + 31, end inclusive
  EXPECT_EQ(s().seed, 42u);
  EXPECT_EQ(s().source_file, yaml_file());
  EXPECT_EQ(s().where.line, 3);
  EXPECT_EQ(s().where.key_path, "scenario");
}

TEST_F(FullScenario, NodesInOrderWithTableRows) {
  std::vector<std::string> ids;
  for (const NodeSpec& n : s().nodes) ids.push_back(n.id);
  // within "17" and levels [province, kabkota]: no national row, nothing from 18.
  EXPECT_EQ(ids, (std::vector<std::string>{"pusat", "17", "17.01", "17.02", "17.71", "17.99"}));
  EXPECT_EQ(node(s(), "pusat").kind, NodeKind::centre);
  EXPECT_EQ(node(s(), "17").kind, NodeKind::province);
  EXPECT_EQ(node(s(), "17").population, 100);
  EXPECT_EQ(node(s(), "17.01").kind, NodeKind::kabkota);
  EXPECT_EQ(node(s(), "17.01").name, "Kabupaten Satu");
  EXPECT_EQ(node(s(), "17.71").name, "Kota Tiga, Kota");  // quoted CSV field
  EXPECT_EQ(node(s(), "17.71").population, 40);
  EXPECT_EQ(node(s(), "pusat").name, "pusat");  // name defaults to the id
  EXPECT_EQ(node(s(), "17.99").name, "Extra office");
  EXPECT_EQ(node(s(), "17.99").kind, NodeKind::kabkota);
}

TEST_F(FullScenario, InitialStockPrecedence) {
  const QuantitySpec& inline_stock = node(s(), "pusat").initial_stock;
  EXPECT_EQ(inline_stock.value, 60000);
  EXPECT_EQ(inline_stock.basis, QuantityBasis::units);
  EXPECT_EQ(inline_stock.where.line, 23);
  EXPECT_EQ(inline_stock.where.key_path, "nodes[0].initial_stock");

  // The table entry beats defaults.kabkota.initial_stock.
  const QuantitySpec& entry = node(s(), "17.01").initial_stock;
  EXPECT_EQ(entry.value, 20);
  EXPECT_EQ(entry.basis, QuantityBasis::days_of_demand);
  EXPECT_EQ(entry.where.line, 27);
  EXPECT_EQ(entry.where.column, 20);
  EXPECT_EQ(entry.where.key_path, "nodes[1].initial_stock");

  // A row override beats the table entry.
  const QuantitySpec& overridden = node(s(), "17.02").initial_stock;
  EXPECT_EQ(overridden.value, 600);
  EXPECT_EQ(overridden.basis, QuantityBasis::units);
  EXPECT_EQ(overridden.where.line, 29);
  EXPECT_EQ(overridden.where.column, 32);
  EXPECT_EQ(overridden.where.key_path, "nodes[1].overrides[\"17.02\"].initial_stock");

  // Inherited from defaults: located at the default, where the planner would fix it.
  const QuantitySpec& inherited = node(s(), "17.99").initial_stock;
  EXPECT_EQ(inherited.value, 100);
  EXPECT_EQ(inherited.where.file, yaml_file());
  EXPECT_EQ(inherited.where.line, 16);
  EXPECT_EQ(inherited.where.key_path, "defaults.kabkota.initial_stock");
}

TEST_F(FullScenario, NodeLocations) {
  const SourceLocation& pusat = node(s(), "pusat").where;
  EXPECT_EQ(pusat.file, yaml_file());
  EXPECT_EQ(pusat.line, 21);
  EXPECT_EQ(pusat.column, 5);
  EXPECT_EQ(pusat.key_path, "nodes[0]");

  const SourceLocation& row = node(s(), "17.01").where;
  EXPECT_EQ(row.file, text_of(kDataDir / "regions.csv"));
  EXPECT_EQ(row.line, 4);
  EXPECT_EQ(row.key_path, "nodes[1].table[\"17.01\"]");

  // An unwritten allocation keeps the default, located at the node.
  const PolicySpec& allocation = node(s(), "pusat").allocation;
  EXPECT_EQ(allocation.name, "fcfs");
  EXPECT_EQ(allocation.where.line, 21);
  EXPECT_EQ(allocation.where.key_path, "nodes[0].allocation");
}

TEST_F(FullScenario, OfficeMergesKeyByKey) {
  const NodeSpec& plain = node(s(), "17.01");
  ASSERT_TRUE(plain.office.has_value());
  EXPECT_EQ(plain.office->printers, 2);
  EXPECT_EQ(plain.office->cards_per_printer_per_day, 75);
  EXPECT_EQ(plain.office->initial_backlog, 5);
  EXPECT_EQ(plain.office->where.line, 9);
  EXPECT_EQ(plain.office->where.column, 13);
  EXPECT_EQ(plain.office->where.key_path, "defaults.kabkota.office");

  // The override sets printers only and keeps the default's other keys.
  const NodeSpec& one_printer = node(s(), "17.02");
  ASSERT_TRUE(one_printer.office.has_value());
  EXPECT_EQ(one_printer.office->printers, 1);
  EXPECT_EQ(one_printer.office->cards_per_printer_per_day, 75);
  EXPECT_EQ(one_printer.office->initial_backlog, 5);
  EXPECT_EQ(one_printer.office->where.line, 29);
  EXPECT_EQ(one_printer.office->where.key_path, "nodes[1].overrides[\"17.02\"].office");

  const NodeSpec& extra = node(s(), "17.99");
  ASSERT_TRUE(extra.office.has_value());
  EXPECT_EQ(extra.office->closed_weekdays, std::vector<Weekday>{Weekday::sun});
  EXPECT_EQ(extra.office->printers, 2);
  EXPECT_EQ(plain.office->closed_weekdays, (std::vector<Weekday>{Weekday::sat, Weekday::sun}));

  // Only kab/kota get an office and demand from these defaults.
  EXPECT_FALSE(node(s(), "17").office.has_value());
  EXPECT_FALSE(node(s(), "pusat").demand.has_value());
  ASSERT_TRUE(plain.demand.has_value());
  EXPECT_DOUBLE_EQ(plain.demand->annual_rate, 0.13);
  EXPECT_DOUBLE_EQ(plain.demand->wajib_ktp_share, 0.73);
  EXPECT_EQ(plain.demand->where.line, 10);
}

TEST_F(FullScenario, ReplenishmentFromDefaults) {
  const NodeSpec& kabkota = node(s(), "17.01");
  ASSERT_TRUE(kabkota.replenishment.has_value());
  const ReplenishmentSpec& r = *kabkota.replenishment;
  EXPECT_EQ(r.policy.name, "s_S");
  EXPECT_EQ(r.policy.where.line, 12);
  EXPECT_EQ(r.policy.where.key_path, "defaults.kabkota.replenishment.policy");
  EXPECT_EQ(r.review_period_days, 7);
  EXPECT_EQ(r.review_offset_days, 0);
  ASSERT_EQ(r.policy.parameters.size(), 2u);
  EXPECT_EQ(r.policy.parameters.at("s").value, 30);
  EXPECT_EQ(r.policy.parameters.at("s").basis, QuantityBasis::days_of_demand);
  EXPECT_EQ(r.policy.parameters.at("S").value, 75);
  EXPECT_EQ(r.policy.parameters.at("S").where.line, 14);
  EXPECT_EQ(r.policy.parameters.at("S").where.key_path, "defaults.kabkota.replenishment.S");

  const NodeSpec& province = node(s(), "17");
  ASSERT_TRUE(province.replenishment.has_value());
  EXPECT_EQ(province.replenishment->policy.name, "base_stock");
  EXPECT_EQ(province.replenishment->review_period_days, 14);
  EXPECT_EQ(province.allocation.name, "proportional");
  EXPECT_EQ(province.allocation.parameters.at("reserve").value, 10);
  EXPECT_EQ(province.allocation.where.line, 19);
}

TEST_F(FullScenario, ChangedPolicyDropsOtherPolicysParameters) {
  const ReplenishmentSpec& r = *node(s(), "17.71").replenishment;
  EXPECT_EQ(r.policy.name, "base_stock");
  EXPECT_EQ(r.policy.where.line, 30);
  EXPECT_EQ(r.policy.where.column, 41);
  ASSERT_EQ(r.policy.parameters.size(), 1u);  // no `s` from the s_S default
  EXPECT_EQ(r.policy.parameters.at("S").value, 500);
  EXPECT_EQ(r.policy.parameters.at("S").basis, QuantityBasis::units);
  EXPECT_EQ(r.review_period_days, 7);  // review timing still inherited
  EXPECT_EQ(r.review_offset_days, 3);
}

TEST_F(FullScenario, LaneRulesExpandAndExplicitLanesAddSuppliers) {
  ASSERT_EQ(s().lanes.size(), 6u);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const LaneSpec& l : s().lanes) pairs.emplace_back(l.from, l.to);
  // The rule gives every kab/kota its parent 17; 17.71's own lane from pusat is from another
  // supplier, so it adds a second one (after the province, in scenario order).
  EXPECT_EQ(pairs, (std::vector<std::pair<std::string, std::string>>{{"pusat", "17"},
                                                                     {"17", "17.01"},
                                                                     {"17", "17.02"},
                                                                     {"17", "17.71"},
                                                                     {"17", "17.99"},
                                                                     {"pusat", "17.71"}}));
  const LaneSpec& first = s().lanes[0];
  EXPECT_EQ(first.mode, LaneMode::pickup);
  EXPECT_EQ(first.lead_time.kind, DistributionKind::triangular);
  EXPECT_EQ(first.lead_time.low, 7);
  EXPECT_EQ(first.lead_time.mode, 14);
  EXPECT_EQ(first.lead_time.high, 21);
  EXPECT_EQ(first.min_lot, 1000);
  EXPECT_EQ(first.max_lot, 0);
  EXPECT_EQ(first.lot_multiple, 500);

  const LaneSpec& rule = s().lanes[2];
  EXPECT_EQ(rule.mode, LaneMode::delivery);
  EXPECT_EQ(rule.lead_time.kind, DistributionKind::uniform);
  EXPECT_EQ(rule.lead_time.high, 5);
  EXPECT_EQ(rule.min_lot, 1);
  EXPECT_EQ(rule.lot_multiple, 1);
  EXPECT_EQ(rule.where.line, 40);
  EXPECT_EQ(rule.where.column, 5);
  EXPECT_EQ(rule.where.key_path, "lanes[1]");
  EXPECT_EQ(rule.lead_time.where.line, 43);
  EXPECT_EQ(rule.lead_time.where.column, 16);
  EXPECT_EQ(rule.lead_time.where.key_path, "lanes[1].lead_time");

  const LaneSpec& bare = s().lanes[5];
  EXPECT_EQ(bare.lead_time.kind, DistributionKind::deterministic);
  EXPECT_EQ(bare.lead_time.value, 3);
}

TEST_F(FullScenario, ProcurementDefaultNode) {
  ASSERT_EQ(s().procurement.size(), 2u);
  EXPECT_EQ(to_iso_string(s().procurement[0].date), "2024-02-01");
  EXPECT_EQ(s().procurement[0].quantity, 5000);
  EXPECT_EQ(s().procurement[0].node, "pusat");
  EXPECT_EQ(s().procurement[1].node, "17");
  EXPECT_EQ(s().procurement[1].where.line, 51);
  EXPECT_EQ(s().procurement[1].where.column, 7);
  EXPECT_EQ(s().procurement[1].where.key_path, "procurement.lots[1]");
}

// ---------------------------------------------------------------------------------------
// The shipped scenario

TEST(BengkuluScenario, LoadsTwelveNodesAndElevenLanes) {
  const Scenario s =
      load_scenario(std::filesystem::path(BLANKO_SOURCE_DIR) / "scenarios/bengkulu-2024.yaml");
  EXPECT_EQ(s.name, "Bengkulu 2024");
  EXPECT_EQ(s.horizon_days, 366);
  EXPECT_EQ(s.seed, 20240214u);
  ASSERT_EQ(s.nodes.size(), 12u);
  ASSERT_EQ(s.lanes.size(), 11u);

  EXPECT_EQ(node(s, "pusat").initial_stock.value, 60000);
  EXPECT_EQ(node(s, "17").kind, NodeKind::province);
  EXPECT_EQ(node(s, "17").population, 2127957);
  EXPECT_EQ(node(s, "17").initial_stock.value, 2120);
  EXPECT_EQ(node(s, "17.01").population, 177137);
  EXPECT_EQ(node(s, "17.01").initial_stock.value, 6600);
  EXPECT_EQ(node(s, "17.04").initial_stock.value, 600);
  EXPECT_EQ(node(s, "17.04").office->printers, 1);
  EXPECT_EQ(node(s, "17.05").initial_stock.value, 619);
  EXPECT_EQ(node(s, "17.71").name, "Kota Bengkulu");
  EXPECT_EQ(node(s, "17.71").population, 400533);
  EXPECT_EQ(node(s, "17.71").initial_stock.value, 10500);
  EXPECT_EQ(node(s, "17.71").office->printers, 3);
  EXPECT_EQ(node(s, "17.02").office->printers, 2);
  EXPECT_EQ(node(s, "17.02").replenishment->policy.name, "s_S");
  EXPECT_EQ(node(s, "17").replenishment->policy.name, "base_stock");

  EXPECT_EQ(s.lanes[0].from, "pusat");
  EXPECT_EQ(s.lanes[0].to, "17");
  EXPECT_EQ(s.lanes[0].min_lot, 1000);
  for (std::size_t i = 1; i < s.lanes.size(); ++i) {
    EXPECT_EQ(s.lanes[i].from, "17");
    EXPECT_EQ(s.lanes[i].mode, LaneMode::delivery);
    EXPECT_EQ(s.lanes[i].max_lot, 10000);
  }
  EXPECT_EQ(s.lanes[10].to, "17.71");
  ASSERT_EQ(s.procurement.size(), 3u);
  EXPECT_EQ(s.procurement[2].quantity, 60000);
  EXPECT_EQ(s.procurement[2].node, "");

  // Three demand categories, one per priority class, with overdispersed daily counts.
  const DemandSpec& demand = *node(s, "17.02").demand;
  ASSERT_EQ(demand.categories.size(), 3u);
  EXPECT_EQ(demand.categories[0].per, DemandBase::population);
  EXPECT_EQ(demand.categories[0].priority, PriorityClass::first_card);
  EXPECT_EQ(demand.categories[1].priority, PriorityClass::data_change);
  EXPECT_EQ(demand.categories[2].priority, PriorityClass::replacement);
  EXPECT_EQ(demand.counts, CountDistribution::negative_binomial);
  EXPECT_DOUBLE_EQ(demand.dispersion, 50);
}

// ---------------------------------------------------------------------------------------
// Smaller features

TEST(Loader, HorizonDaysAndBareIdNumbers) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - id: 17
    kind: province
)");
  EXPECT_EQ(s.horizon_days, 30);
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.name, "");
  ASSERT_EQ(s.nodes.size(), 1u);
  EXPECT_EQ(s.nodes[0].id, "17");
  EXPECT_FALSE(s.nodes[0].office.has_value());
}

TEST(Loader, DistributionsOfEveryKind) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes: [{id: a}, {id: b}]
lanes:
  - {from: a, to: b, lead_time: {dist: deterministic, value: 4}}
  - {from: a, to: b, lead_time: {dist: lognormal, mean: 10, sd: 2.5}}
  - {from: a, to: b, lead_time: {dist: gamma, shape: 2, scale: 3}}
  - {from: a, to: b, lead_time: {dist: empirical, values: [3, 5, 8], weights: [1, 2, 1]}}
)");
  ASSERT_EQ(s.lanes.size(), 4u);
  EXPECT_EQ(s.lanes[0].lead_time.value, 4);
  EXPECT_EQ(s.lanes[1].lead_time.kind, DistributionKind::lognormal);
  EXPECT_DOUBLE_EQ(s.lanes[1].lead_time.sd, 2.5);
  EXPECT_EQ(s.lanes[2].lead_time.shape, 2);
  EXPECT_EQ(s.lanes[2].lead_time.scale, 3);
  EXPECT_EQ(s.lanes[3].lead_time.values, (std::vector<double>{3, 5, 8}));
  EXPECT_EQ(s.lanes[3].lead_time.weights, (std::vector<double>{1, 2, 1}));
  // Two explicit lanes to the same node are both kept: the Model reports the second.
  EXPECT_EQ(s.lanes[3].to, "b");
}

// A number outside its bounds (field_bounds.hpp) fails at the value, as the file is read;
// what only the whole scenario can tell (unknown ids) is left to the Model.
TEST(Loader, NumbersOutOfTheirBoundsFailAtTheValue) {
  const auto error_of = [](const std::string& yaml) {
    try {
      (void)parse(yaml);
    } catch (const ScenarioError& e) {
      return e;
    }
    ADD_FAILURE() << "accepted: " << yaml;
    return ScenarioError({}, "");
  };
  const ScenarioError stock = error_of(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: a, initial_stock: -5, office: {printers: 2}}
)");
  EXPECT_EQ(stock.where().line, 3);
  EXPECT_EQ(stock.where().column, 28);
  EXPECT_EQ(stock.where().key_path, "nodes[0].initial_stock");
  EXPECT_EQ(stock.message(), "initial_stock must be an integer between 0 and 1e12 (blanks), got -5");
  const ScenarioError printers = error_of(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: a, office: {printers: 9223372036854775808}}
)");
  EXPECT_EQ(printers.where().key_path, "nodes[0].office.printers");
  EXPECT_EQ(printers.message(),
            "printers must be an integer between 1 and 100,000 (printers), got 9.22337e18");
  const ScenarioError horizon = error_of(R"(
scenario: {start: 2024-01-01, end: 2199-01-01}
nodes: [{id: a}]
)");
  EXPECT_EQ(horizon.where().key_path, "scenario.end");
  EXPECT_EQ(horizon.message(),
            "the horizon (end - start + 1) must be an integer between 1 and 36,525 (days), got 63,919");
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: a, initial_stock: 5}
lanes:
  - {from: a, to: nowhere, lead_time: 3}
)");
  EXPECT_EQ(s.lanes[0].to, "nowhere");  // unknown ids pass through
}

TEST(Loader, SelectorWithinAndFromParentOnExplicitLane) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - table: regions.csv
    levels: [province, kabkota]
lanes:
  - {from: parent, to: {kind: kabkota, within: "18"}, lead_time: 2}
  - {from: parent, to: "17.71", lead_time: 1}
)");
  EXPECT_EQ(s.nodes.size(), 6u);  // 17 and 18 with their kab/kota; never the national row
  ASSERT_EQ(s.lanes.size(), 2u);
  EXPECT_EQ(s.lanes[0].from, "18");
  EXPECT_EQ(s.lanes[0].to, "18.01");
  EXPECT_EQ(s.lanes[1].from, "17");
  EXPECT_EQ(s.lanes[1].to, "17.71");
}

TEST(Loader, ExplicitLanesReplaceTheRulesLaneFromTheSameSupplierOnly) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - table: regions.csv
    levels: [province, kabkota]
lanes:
  - {from: parent, to: {kind: kabkota}, lead_time: 3}
  - {from: "17", to: "17.02", lead_time: 1}
  - {from: parent, to: "17.71", lead_time: 2}
  - from: "18"
    to: "17.01"
    lead_time: 9
    priority: 1
    trip_cost: 2500000
    max_trips_per_month: 2
    closures:
      - {start: 2024-04-08, end: 2024-04-15}
      - {start: 2024-12-20, end: 2024-12-31}
)");
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const LaneSpec& l : s.lanes) pairs.emplace_back(l.from, l.to);
  // 17.02 and 17.71 keep only their own lanes from 17; 17.01 gets a second supplier, 18.
  EXPECT_EQ(
      pairs,
      (std::vector<std::pair<std::string, std::string>>{
          {"17", "17.01"}, {"18", "18.01"}, {"17", "17.02"}, {"17", "17.71"}, {"18", "17.01"}}));
  EXPECT_EQ(s.lanes[2].lead_time.value, 1);
  const LaneSpec& second = s.lanes[4];
  EXPECT_EQ(s.lanes[0].priority, 0);
  EXPECT_EQ(s.lanes[0].trip_cost, 0);
  EXPECT_EQ(s.lanes[0].max_trips_per_month, 0);
  EXPECT_TRUE(s.lanes[0].closures.empty());
  EXPECT_EQ(second.priority, 1);
  EXPECT_EQ(second.trip_cost, 2500000);
  EXPECT_EQ(second.max_trips_per_month, 2);
  ASSERT_EQ(second.closures.size(), 2u);
  EXPECT_EQ(to_iso_string(second.closures[0].start), "2024-04-08");
  EXPECT_EQ(to_iso_string(second.closures[0].end), "2024-04-15");
  EXPECT_EQ(to_iso_string(second.closures[1].end), "2024-12-31");
  EXPECT_EQ(second.closures[1].where.line, 17);
  EXPECT_EQ(second.closures[1].where.key_path, "lanes[3].closures[1]");
}

TEST(Loader, ProcurementTenders) {
  const Scenario s = parse(R"(
scenario: {start: 2016-01-01, horizon_days: 366}
nodes:
  - {id: pusat, kind: centre}
procurement:
  node: pusat
  lots:
    - {date: 2016-02-01, quantity: 500000}
  tenders:
    - name: 2016 tender
      budget_date: 2016-08-01
      quantity: 8000000
      tender_lead_time_days: {dist: uniform, low: 60, high: 90}
      failure_probability: 0.4
      retender_delay_days: 45
      max_attempts: 2
      lots: 4
      lot_interval_days: 30
    - {node: other, budget_date: 2016-03-01, quantity: 100, tender_lead_time_days: 10}
)");
  ASSERT_EQ(s.procurement.size(), 1u);
  ASSERT_EQ(s.tenders.size(), 2u);
  const ProcurementTender& t = s.tenders[0];
  EXPECT_EQ(t.name, "2016 tender");
  EXPECT_EQ(t.node, "pusat");  // procurement.node
  EXPECT_EQ(to_iso_string(t.budget_date), "2016-08-01");
  EXPECT_EQ(t.quantity, 8000000);
  EXPECT_EQ(t.tender_lead_time.kind, DistributionKind::uniform);
  EXPECT_EQ(t.tender_lead_time.low, 60);
  EXPECT_EQ(t.tender_lead_time.high, 90);
  EXPECT_EQ(t.tender_lead_time.where.key_path, "procurement.tenders[0].tender_lead_time_days");
  EXPECT_DOUBLE_EQ(t.failure_probability, 0.4);
  EXPECT_EQ(t.retender_delay_days, 45);
  EXPECT_EQ(t.max_attempts, 2);
  EXPECT_EQ(t.lots, 4);
  EXPECT_EQ(t.lot_interval_days, 30);
  EXPECT_EQ(t.where.line, 9);
  EXPECT_EQ(t.where.key_path, "procurement.tenders[0]");
  // Defaults: one attempt that never fails, one lot.
  const ProcurementTender& plain = s.tenders[1];
  EXPECT_EQ(plain.name, "");
  EXPECT_EQ(plain.node, "other");
  EXPECT_EQ(plain.tender_lead_time.value, 10);
  EXPECT_EQ(plain.failure_probability, 0);
  EXPECT_EQ(plain.retender_delay_days, 0);
  EXPECT_EQ(plain.max_attempts, 1);
  EXPECT_EQ(plain.lots, 1);
  EXPECT_EQ(plain.lot_interval_days, 0);
}

// yaml-cpp reads a quoted scalar that never closes to the end of the text; the error is at
// its opening quote, wherever it stands: a value, a key, in a flow list, after a tag or an
// anchor, or in an override. Quotes that close (escaped inside) are fine.
TEST(LoaderErrors, AQuotedValueMustClose) {
  const std::string head = "scenario: {start: 2024-01-01, horizon_days: 30}\nnodes:\n";
  struct Case {
    std::string text;
    int line;
    int column;
  };
  const Case cases[]{
      {head + "  - {id: pusat, kind: centre, name: \"Pusat}\n", 3, 37},
      {head + "  - {id: pusat, kind: centre}\n  - {'id: x, kind: centre}\n", 4, 6},
      {head + "  - {id: pusat, kind: centre}\n\"lanes: []\n", 4, 1},
      {head + "  - {id: pusat, kind: centre, tags: [a, 'b]}\n", 3, 41},
      {head + "  - {id: pusat, kind: centre, name: !!str \"P\\\"}\n", 3, 43},
      {head + "  - {id: pusat, kind: centre, name: &n 'it''s}\n", 3, 40},
      {head + "  - id: pusat\n    name: \"no end", 4, 11},
  };
  for (const Case& c : cases) {
    const ScenarioError e = parse_error(c.text);
    EXPECT_EQ(e.message(), "invalid YAML: this quoted value has no closing quote") << c.text;
    EXPECT_EQ(e.where().line, c.line) << c.text;
    EXPECT_EQ(e.where().column, c.column) << c.text;
  }
  const ScenarioError set =
      parse_error(head + "  - {id: pusat, kind: centre}\n", {"scenario.name='x"});
  EXPECT_EQ(set.where().file, "--set");
  EXPECT_EQ(set.message(),
            "''x' is not a value a scenario can take: invalid YAML: this quoted value has no "
            "closing quote");
  EXPECT_NO_THROW((void)parse(head + "  - {id: pusat, kind: centre, name: \"a \\\" b\"}\n"
                                     "  - {id: 'it''s', kind: centre, name: '\"'}\n"));
}

TEST(LoaderErrors, UnknownTenderKey) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: pusat, kind: centre}
procurement:
  tenders:
    - {budget_date: 2024-01-02, quantity: 10, tender_lead_time_days: 5, max_attempt: 2}
)");
  EXPECT_EQ(e.where().line, 6);
  EXPECT_EQ(e.where().key_path, "procurement.tenders[0].max_attempt");
  EXPECT_EQ(e.message(), "unknown key 'max_attempt'; did you mean 'max_attempts'?");
}

TEST(LoaderErrors, TenderWithoutLeadTime) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: pusat, kind: centre}
procurement:
  tenders:
    - {budget_date: 2024-01-02, quantity: 10}
)");
  EXPECT_EQ(e.where().key_path, "procurement.tenders[0]");
  EXPECT_EQ(e.message(), "missing required key 'tender_lead_time_days'");
}

TEST(LoaderErrors, UnknownClosureKey) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: a}
lanes:
  - {from: a, to: b, lead_time: 1, closures: [{start: 2024-01-02, ends: 2024-01-03}]}
)");
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.where().key_path, "lanes[0].closures[0].ends");
  EXPECT_EQ(e.message(), "unknown key 'ends'; did you mean 'end'?");
}

TEST(Loader, TableDefaultsToKabkotaRows) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - table: regions.csv
)");
  std::vector<std::string> ids;
  for (const NodeSpec& n : s.nodes) ids.push_back(n.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"17.01", "17.02", "17.71", "18.01"}));
}

TEST(Loader, PrintersScaledToWajibKtp) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
defaults:
  kabkota:
    office: {printers: {per_wajib_ktp: 100000, min: 2}, cards_per_printer_per_day: 80}
nodes:
  - {id: big}
  - {id: fixed, office: {printers: 3}}
)");
  const OfficeSpec& scaled = *s.nodes[0].office;
  EXPECT_EQ(scaled.wajib_ktp_per_printer, 100000);
  EXPECT_EQ(scaled.printers, 2);
  EXPECT_EQ(scaled.cards_per_printer_per_day, 80);
  // A fixed count at the node replaces the scaled default as a whole.
  const OfficeSpec& fixed = *s.nodes[1].office;
  EXPECT_EQ(fixed.wajib_ktp_per_printer, 0);
  EXPECT_EQ(fixed.printers, 3);
  EXPECT_EQ(fixed.cards_per_printer_per_day, 80);
}

TEST(LoaderErrors, ScaledPrintersUnknownKey) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - id: a
    office:
      printers: {per_wajib_kpt: 100000}
)");
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.where().key_path, "nodes[0].office.printers.per_wajib_kpt");
  EXPECT_EQ(e.message(), "unknown key 'per_wajib_kpt'; did you mean 'per_wajib_ktp'?");
}

TEST(Loader, AllocationAsWordOrMap) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: a, allocation: proportional}
  - {id: b, allocation: {policy: priority, reserve: {days_of_demand: 2.5}}}
)");
  EXPECT_EQ(s.nodes[0].allocation.name, "proportional");
  EXPECT_EQ(s.nodes[0].allocation.where.line, 3);
  EXPECT_EQ(s.nodes[1].allocation.name, "priority");
  EXPECT_DOUBLE_EQ(s.nodes[1].allocation.parameters.at("reserve").value, 2.5);
  EXPECT_EQ(s.nodes[1].allocation.parameters.at("reserve").basis, QuantityBasis::days_of_demand);
}

TEST(Loader, QuantityForms) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: a, initial_stock: 700}
  - {id: b, initial_stock: {days_of_demand: 12}}
  - {id: c, initial_stock: {cover_of_lead_time: 1.5}}
)");
  EXPECT_EQ(s.nodes[0].initial_stock.basis, QuantityBasis::units);
  EXPECT_DOUBLE_EQ(s.nodes[0].initial_stock.value, 700);
  EXPECT_EQ(s.nodes[1].initial_stock.basis, QuantityBasis::days_of_demand);
  EXPECT_DOUBLE_EQ(s.nodes[1].initial_stock.value, 12);
  EXPECT_EQ(s.nodes[2].initial_stock.basis, QuantityBasis::lead_time_cover);
  EXPECT_DOUBLE_EQ(s.nodes[2].initial_stock.value, 1.5);
  EXPECT_EQ(s.nodes[2].initial_stock.where.line, 5);
}

// ---------------------------------------------------------------------------------------
// Offices under shortage: patience and lateral transfers

TEST(Loader, PatienceAndLateralMergeKeyByKey) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
defaults:
  kabkota:
    office: {patience_days: 30, give_up_share: 0.4}
    lateral:
      donor_min_cover_days: 20
      lead_time: {dist: uniform, low: 1, high: 3}
nodes:
  - {id: a}
  - id: b
    office: {ikd_share_of_leavers: 0.25}
    lateral: {enabled: false, max_per_transfer: 500}
  - {id: c, kind: province}
)");
  const OfficeSpec& a = *s.nodes[0].office;
  EXPECT_EQ(a.patience_days, 30);
  EXPECT_DOUBLE_EQ(a.give_up_share, 0.4);
  EXPECT_DOUBLE_EQ(a.ikd_share_of_leavers, 0.0);
  const OfficeSpec& b = *s.nodes[1].office;
  EXPECT_EQ(b.patience_days, 30);
  EXPECT_DOUBLE_EQ(b.give_up_share, 0.4);
  EXPECT_DOUBLE_EQ(b.ikd_share_of_leavers, 0.25);

  const LateralSpec& la = *s.nodes[0].lateral;
  EXPECT_TRUE(la.enabled);  // a lateral section means taking part, unless it says otherwise
  EXPECT_DOUBLE_EQ(la.donor_min_cover_days, 20);
  EXPECT_DOUBLE_EQ(la.recipient_cover_days, 0);
  EXPECT_EQ(la.max_per_transfer, 2000);
  EXPECT_EQ(la.lead_time.kind, DistributionKind::uniform);
  EXPECT_EQ(la.lead_time.where.line, 7);
  EXPECT_EQ(la.lead_time.where.key_path, "defaults.kabkota.lateral.lead_time");
  EXPECT_EQ(la.where.key_path, "defaults.kabkota.lateral");
  const LateralSpec& lb = *s.nodes[1].lateral;
  EXPECT_FALSE(lb.enabled);
  EXPECT_EQ(lb.max_per_transfer, 500);
  EXPECT_DOUBLE_EQ(lb.donor_min_cover_days, 20);
  EXPECT_EQ(lb.where.line, 12);
  EXPECT_EQ(lb.where.key_path, "nodes[1].lateral");
  EXPECT_FALSE(s.nodes[2].lateral.has_value());
  EXPECT_FALSE(s.nodes[2].office.has_value());
}

TEST(Loader, WithoutPatienceEveryoneWaits) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: a, office: {printers: 1}}
)");
  EXPECT_FALSE(s.nodes[0].office->patience_days.has_value());
  EXPECT_FALSE(s.nodes[0].lateral.has_value());
}

TEST(LoaderErrors, UnknownPatienceKey) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: a, office: {patience_day: 30}}
)");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().key_path, "nodes[0].office.patience_day");
  EXPECT_EQ(e.message(), "unknown key 'patience_day'; did you mean 'patience_days'?");
}

TEST(LoaderErrors, UnknownLateralKey) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
defaults:
  kabkota:
    lateral: {donor_cover_days: 30}
nodes:
  - {id: a}
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "defaults.kabkota.lateral.donor_cover_days");
  EXPECT_EQ(e.message(), "unknown key 'donor_cover_days'; did you mean 'donor_min_cover_days'?");
}

TEST(LoaderErrors, LateralEnabledIsTrueOrFalse) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - id: a
    lateral: {enabled: yes}
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "nodes[0].lateral.enabled");
  EXPECT_EQ(e.message(), "expected true or false, got 'yes'");
}

TEST(LoaderErrors, LateralOfTheWrongType) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: a, lateral: true}
)");
  EXPECT_EQ(e.where().key_path, "nodes[0].lateral");
  EXPECT_EQ(e.message(), "expected a map, got 'true'");
}

TEST(LoaderErrors, PatienceDaysIsAnInteger) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - {id: a, office: {patience_days: 2.5}}
)");
  EXPECT_EQ(e.where().key_path, "nodes[0].office.patience_days");
  EXPECT_EQ(e.message(), "expected an integer, got '2.5'");
}

// ---------------------------------------------------------------------------------------
// Demand categories and count distributions

TEST(Loader, DemandCategoriesCountsAndLocations) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
nodes:
  - id: a
    demand:
      wajib_ktp_share: 0.7
      categories:
        coming_of_age: {annual_rate: 0.016, per: population, priority: first_card}
        moves: {annual_rate: 0.03, priority: data_change}
        lost: {annual_rate: 0.075, per: wajib_ktp, priority: replacement}
      counts: {dist: negative_binomial, dispersion: 20}
  - {id: b, demand: {annual_rate: 0.2, counts: poisson}}
)");
  const DemandSpec& a = *s.nodes[0].demand;
  EXPECT_DOUBLE_EQ(a.wajib_ktp_share, 0.7);
  ASSERT_EQ(a.categories.size(), 3u);
  const DemandCategorySpec& first = a.categories[0];
  EXPECT_EQ(first.name, "coming_of_age");
  EXPECT_DOUBLE_EQ(first.annual_rate, 0.016);
  EXPECT_EQ(first.per, DemandBase::population);
  EXPECT_EQ(first.priority, PriorityClass::first_card);
  EXPECT_EQ(first.where.line, 7);
  EXPECT_EQ(first.where.column, 24);
  EXPECT_EQ(first.where.key_path, "nodes[0].demand.categories.coming_of_age");
  EXPECT_EQ(a.categories[1].name, "moves");
  EXPECT_EQ(a.categories[1].per, DemandBase::wajib_ktp);  // the default base
  EXPECT_EQ(a.categories[1].priority, PriorityClass::data_change);
  EXPECT_EQ(a.categories[2].priority, PriorityClass::replacement);
  EXPECT_EQ(a.counts, CountDistribution::negative_binomial);
  EXPECT_DOUBLE_EQ(a.dispersion, 20);

  // The shorthand: no categories, Poisson counts.
  const DemandSpec& b = *s.nodes[1].demand;
  EXPECT_TRUE(b.categories.empty());
  EXPECT_DOUBLE_EQ(b.annual_rate, 0.2);
  EXPECT_EQ(b.counts, CountDistribution::poisson);
  EXPECT_DOUBLE_EQ(b.dispersion, 0);
}

TEST(Loader, DemandCategoriesMergeByNameAcrossLevels) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
defaults:
  kabkota:
    demand:
      categories:
        coming_of_age: {annual_rate: 0.016, per: population, priority: first_card}
        lost: {annual_rate: 0.075, priority: replacement}
      counts: {dist: negative_binomial, dispersion: 50}
nodes:
  - id: a
    demand:
      wajib_ktp_share: 0.8
      categories:
        lost: {annual_rate: 0.05, priority: data_change}
        pemekaran: {annual_rate: 0.01, priority: data_change}
  - {id: b, demand: {annual_rate: 0.12}}
  - {id: c, demand: {counts: poisson}}
)");
  // A node's category replaces the default of that name whole and keeps its place; new
  // names come after the inherited ones; counts come from the default.
  const DemandSpec& a = *s.nodes[0].demand;
  EXPECT_DOUBLE_EQ(a.wajib_ktp_share, 0.8);
  ASSERT_EQ(a.categories.size(), 3u);
  EXPECT_EQ(a.categories[0].name, "coming_of_age");
  EXPECT_EQ(a.categories[0].where.key_path, "defaults.kabkota.demand.categories.coming_of_age");
  EXPECT_EQ(a.categories[1].name, "lost");
  EXPECT_DOUBLE_EQ(a.categories[1].annual_rate, 0.05);
  EXPECT_EQ(a.categories[1].priority, PriorityClass::data_change);
  EXPECT_EQ(a.categories[1].where.key_path, "nodes[0].demand.categories.lost");
  EXPECT_EQ(a.categories[2].name, "pemekaran");
  EXPECT_EQ(a.counts, CountDistribution::negative_binomial);
  EXPECT_DOUBLE_EQ(a.dispersion, 50);

  // The shorthand at a more specific level replaces the default's categories.
  const DemandSpec& b = *s.nodes[1].demand;
  EXPECT_TRUE(b.categories.empty());
  EXPECT_DOUBLE_EQ(b.annual_rate, 0.12);
  EXPECT_EQ(b.counts, CountDistribution::negative_binomial);

  // `counts` is taken whole from the most specific level that sets it.
  const DemandSpec& c = *s.nodes[2].demand;
  EXPECT_EQ(c.categories.size(), 2u);
  EXPECT_EQ(c.counts, CountDistribution::poisson);
}

TEST(Loader, CategoriesBelowAShorthandDefaultReplaceIt) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 30}
defaults:
  kabkota:
    demand: {annual_rate: 0.13}
nodes:
  - table: regions.csv
    within: "17"
    demand:
      categories:
        lost: {annual_rate: 0.07, priority: replacement}
    overrides:
      "17.02": {demand: {annual_rate: 0.2}}
)");
  const DemandSpec& plain = *node(s, "17.01").demand;
  ASSERT_EQ(plain.categories.size(), 1u);
  EXPECT_EQ(plain.categories[0].name, "lost");
  const DemandSpec& overridden = *node(s, "17.02").demand;
  EXPECT_TRUE(overridden.categories.empty());
  EXPECT_DOUBLE_EQ(overridden.annual_rate, 0.2);
}

// The error of a node whose one demand category is `entry`, written on line 6.
ScenarioError category_error(std::string_view entry) {
  const std::string node = R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - id: a
    demand:
      categories:
        )";
  return parse_error(node + std::string(entry) + "\n");
}

TEST(LoaderErrors, AnnualRateWithCategoriesAtOneLevel) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - id: a
    demand:
      annual_rate: 0.13
      categories:
        lost: {annual_rate: 0.07, priority: replacement}
)");
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.where().key_path, "nodes[0].demand.annual_rate");
  EXPECT_EQ(e.message(),
            "annual_rate is the shorthand for a single category; with categories, give each "
            "its annual_rate");
}

TEST(LoaderErrors, UnknownCategoryKey) {
  const ScenarioError e = category_error("lost: {annual_rate: 0.07, priorty: replacement}");
  EXPECT_EQ(e.where().line, 6);
  EXPECT_EQ(e.where().key_path, "nodes[0].demand.categories.lost.priorty");
  EXPECT_EQ(e.message(), "unknown key 'priorty'; did you mean 'priority'?");
}

TEST(LoaderErrors, UnknownPriorityClass) {
  const ScenarioError e = category_error("lost: {annual_rate: 0.07, priority: replacment}");
  EXPECT_EQ(e.where().line, 6);
  EXPECT_EQ(e.where().key_path, "nodes[0].demand.categories.lost.priority");
  EXPECT_EQ(e.message(), "unknown priority class 'replacment'; did you mean 'replacement'?");
}

TEST(LoaderErrors, UnknownDemandBase) {
  const ScenarioError e =
      category_error("turning_17: {annual_rate: 0.016, per: populaton, priority: first_card}");
  EXPECT_EQ(e.where().line, 6);
  EXPECT_EQ(e.where().key_path, "nodes[0].demand.categories.turning_17.per");
  EXPECT_EQ(e.message(), "unknown demand base 'populaton'; did you mean 'population'?");
}

TEST(LoaderErrors, CategoryWithoutPriority) {
  const ScenarioError e = category_error("lost: {annual_rate: 0.07}");
  EXPECT_EQ(e.where().line, 6);
  EXPECT_EQ(e.where().key_path, "nodes[0].demand.categories.lost");
  EXPECT_EQ(e.message(), "missing required key 'priority'");
}

TEST(LoaderErrors, EmptyCategories) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - id: a
    demand: {categories: {}}
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "nodes[0].demand.categories");
  EXPECT_EQ(e.message(), "categories must name at least one category");
}

TEST(LoaderErrors, UnknownCountDistribution) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - id: a
    demand: {counts: {dist: negative_binomal, dispersion: 20}}
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "nodes[0].demand.counts.dist");
  EXPECT_EQ(e.message(),
            "unknown count distribution 'negative_binomal'; did you mean 'negative_binomial'?");
}

TEST(LoaderErrors, NegativeBinomialWithoutDispersion) {
  const ScenarioError word = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - {id: a, demand: {counts: negative_binomial}}
)");
  EXPECT_EQ(word.where().line, 3);
  EXPECT_EQ(word.where().key_path, "nodes[0].demand.counts");
  EXPECT_EQ(word.message(),
            "negative_binomial needs a dispersion: write {dist: negative_binomial, dispersion: K}");
  const ScenarioError map = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - {id: a, demand: {counts: {dist: negative_binomial}}}
)");
  EXPECT_EQ(map.where().key_path, "nodes[0].demand.counts");
  EXPECT_EQ(map.message(), "missing required key 'dispersion'");
}

TEST(LoaderErrors, DispersionWithPoissonCounts) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - {id: a, demand: {counts: {dist: poisson, dispersion: 20}}}
)");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().key_path, "nodes[0].demand.counts.dispersion");
  EXPECT_EQ(e.message(), "unknown key 'dispersion'; expected one of: dist");
}

TEST(LoaderErrors, CountsOfTheWrongType) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - {id: a, demand: {counts: [poisson]}}
)");
  EXPECT_EQ(e.where().key_path, "nodes[0].demand.counts");
  EXPECT_EQ(e.message(),
            "expected poisson or {dist: negative_binomial, dispersion: K}, got a list");
}

// ---------------------------------------------------------------------------------------
// --set overrides

constexpr std::string_view kOverridable = R"(
scenario:
  start: 2024-01-01
  end: 2024-12-31
  seed: 3
defaults:
  kabkota:
    office: {printers: 2}
nodes:
  - id: pusat
    kind: centre
    initial_stock: 100
  - table: regions.csv
    within: "17"
    overrides:
      "17.02": {initial_stock: 5}
lanes:
  - {from: pusat, to: "17.01", lead_time: 3, lot: {min: 10}}
)";

TEST(Overrides, SetValuesBeforeReading) {
  const Scenario s = parse(
      kOverridable, {"nodes.pusat.initial_stock=5000", "defaults.kabkota.office.printers=3",
                     "scenario.seed=7", "lanes.0.lot.min=1000", "scenario.end=2024-06-30",
                     "nodes.1.overrides.17.02.initial_stock=700", "nodes.pusat.name=Jakarta"});
  EXPECT_EQ(node(s, "pusat").initial_stock.value, 5000);
  EXPECT_EQ(node(s, "pusat").name, "Jakarta");
  EXPECT_EQ(node(s, "17.01").office->printers, 3);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.lanes[0].min_lot, 1000);
  EXPECT_EQ(s.horizon_days, 182);
  EXPECT_EQ(node(s, "17.02").initial_stock.value, 700);
  // A value set on the command line is located at the override.
  EXPECT_EQ(node(s, "pusat").initial_stock.where.file, "--set");
  EXPECT_EQ(node(s, "pusat").initial_stock.where.key_path, "nodes.pusat.initial_stock=5000");
}

TEST(Overrides, LaterOverrideWinsAndCreatesMissingMaps) {
  const Scenario s =
      parse(kOverridable, {"scenario.seed=7", "scenario.seed=8", "nodes.pusat.office.printers=4"});
  EXPECT_EQ(s.seed, 8u);
  ASSERT_TRUE(node(s, "pusat").office.has_value());
  EXPECT_EQ(node(s, "pusat").office->printers, 4);
  EXPECT_EQ(node(s, "pusat").office->where.file, "--set");
}

TEST(Overrides, MalformedOverride) {
  const ScenarioError e = parse_error(kOverridable, {"scenario.seed"});
  EXPECT_EQ(e.where().file, "--set");
  EXPECT_EQ(e.where().line, 0);
  EXPECT_EQ(e.where().key_path, "scenario.seed");
  EXPECT_NE(e.message().find("malformed override"), std::string::npos) << e.what();
}

TEST(Overrides, PathThroughAScalar) {
  const ScenarioError e = parse_error(kOverridable, {"scenario.seed.low=1"});
  EXPECT_EQ(e.where().file, "--set");
  EXPECT_EQ(e.where().key_path, "scenario.seed.low=1");
  EXPECT_EQ(e.message(), "'scenario.seed' is not a map or a list");
}

TEST(Overrides, IndexOutOfRange) {
  const ScenarioError e = parse_error(kOverridable, {"lanes.5.lot.min=1"});
  EXPECT_EQ(e.where().key_path, "lanes.5.lot.min=1");
  EXPECT_EQ(e.message(), "index 5 is out of range for 'lanes' (size 1)");
}

TEST(Overrides, NoElementWithThatId) {
  const ScenarioError e = parse_error(kOverridable, {"nodes.pusta.initial_stock=5"});
  EXPECT_EQ(e.where().file, "--set");
  EXPECT_EQ(e.where().key_path, "nodes.pusta.initial_stock=5");
  EXPECT_NE(e.message().find("no element of 'nodes' has id 'pusta'; did you mean 'pusat'?"),
            std::string::npos)
      << e.what();
}

TEST(Overrides, BadValueIsReportedAtTheOverride) {
  const ScenarioError e = parse_error(kOverridable, {"scenario.seed=abc"});
  EXPECT_EQ(e.where().file, "--set");
  EXPECT_EQ(e.where().line, 0);
  EXPECT_EQ(e.where().key_path, "scenario.seed=abc");
  EXPECT_EQ(e.message(), "expected an unsigned integer, got 'abc'");
  EXPECT_EQ(std::string(e.what()),
            "--set (scenario.seed=abc): expected an unsigned integer, got 'abc'");
}

TEST(Overrides, NewUnknownKeyIsReportedAtTheOverride) {
  const ScenarioError e = parse_error(kOverridable, {"scenario.sede=7"});
  EXPECT_EQ(e.where().file, "--set");
  EXPECT_EQ(e.where().key_path, "scenario.sede=7");
  EXPECT_EQ(e.message(), "unknown key 'sede'; did you mean 'seed'?");
}

// ---------------------------------------------------------------------------------------
// Costs: the top-level section per node kind, and a node's own costs on every level

struct Costs {
  double holding, waiting, lost, unit;
};

void expect_costs(const NodeSpec& n, const Costs& expected) {
  EXPECT_DOUBLE_EQ(n.costs.holding_per_blank_day, expected.holding) << n.id;
  EXPECT_DOUBLE_EQ(n.costs.waiting_per_suket_day, expected.waiting) << n.id;
  EXPECT_DOUBLE_EQ(n.costs.per_lost_request, expected.lost) << n.id;
  EXPECT_DOUBLE_EQ(n.costs.unit_price, expected.unit) << n.id;
}

constexpr std::string_view kCosts = R"(
scenario: {start: 2024-01-01, horizon_days: 3}
costs:
  centre: {unit_price: 11000}
  kabkota:
    holding_per_blank_day: 0.05
    waiting_per_suket_day: 2500
    per_lost_request: 50000
    unit_price: 10500
nodes:
  - id: pusat
    kind: centre
    costs: {holding_per_blank_day: 0.02, unit_price: 11500}
  - table: regions.csv
    within: "17"
    levels: [province, kabkota]
    costs: {waiting_per_suket_day: 3000, per_lost_request: 60000}
    overrides:
      "17.02": {costs: {waiting_per_suket_day: 4000}}
      "17.71": {costs: {unit_price: 11750}}
  - id: "17.99"
    parent: "17"
    costs: {per_lost_request: 0}
)";

TEST(LoaderCosts, EachCostFromTheMostSpecificLevelThatSetsIt) {
  const Scenario s = parse(kCosts);
  // The node's own costs beat costs.centre; what neither sets is 0.
  expect_costs(node(s, "pusat"), {0.02, 0, 0, 11500});
  // No costs.province: the table entry's costs, and 0 for the rest.
  expect_costs(node(s, "17"), {0, 3000, 60000, 0});
  // Table entry > costs.kabkota.
  expect_costs(node(s, "17.01"), {0.05, 3000, 60000, 10500});
  // Row override > table entry > costs.kabkota, field by field.
  expect_costs(node(s, "17.02"), {0.05, 4000, 60000, 10500});
  expect_costs(node(s, "17.71"), {0.05, 3000, 60000, 11750});
  // An inline node's 0 is a value, not a gap: it beats costs.kabkota's 50000.
  expect_costs(node(s, "17.99"), {0.05, 2500, 0, 10500});
}

TEST(LoaderCosts, LocatedAtTheMostSpecificMapThatSetsOne) {
  const Scenario s = parse(kCosts);
  const auto expect_at = [&](std::string_view id, int line, const std::string& key_path) {
    const SourceLocation& where = node(s, id).costs.where;
    EXPECT_EQ(where.file, "test.yaml") << id;
    EXPECT_EQ(where.line, line) << id;
    EXPECT_GT(where.column, 0) << id;
    EXPECT_EQ(where.key_path, key_path) << id;
  };
  expect_at("pusat", 12, "nodes[0].costs");
  expect_at("17", 16, "nodes[1].costs");
  expect_at("17.01", 16, "nodes[1].costs");
  expect_at("17.02", 18, "nodes[1].overrides[\"17.02\"].costs");
  expect_at("17.99", 22, "nodes[2].costs");
}

TEST(LoaderCosts, KindSectionAloneLocatesAtIt) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
costs:
  kabkota:
    holding_per_blank_day: 0.05
nodes:
  - {id: pusat, kind: centre}
  - table: regions.csv
    within: "18"
)");
  expect_costs(node(s, "18.01"), {0.05, 0, 0, 0});
  EXPECT_EQ(node(s, "18.01").costs.where.line, 4);
  EXPECT_EQ(node(s, "18.01").costs.where.key_path, "costs.kabkota");
  expect_costs(node(s, "pusat"), {0, 0, 0, 0});  // no costs.centre
}

TEST(LoaderCosts, WithoutACostsSectionEveryCostIsZero) {
  const Scenario s = parse(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - {id: pusat, kind: centre}
  - table: regions.csv
    within: "17"
    levels: [province, kabkota]
)");
  ASSERT_EQ(s.nodes.size(), 5u);
  for (const NodeSpec& n : s.nodes) expect_costs(n, {0, 0, 0, 0});
  // Located at the node, with the key the section would have.
  EXPECT_EQ(node(s, "pusat").costs.where.line, 3);
  EXPECT_EQ(node(s, "pusat").costs.where.key_path, "nodes[0].costs");
  EXPECT_EQ(node(s, "17.01").costs.where.file, text_of(kDataDir / "regions.csv"));
  EXPECT_EQ(node(s, "17.01").costs.where.key_path, "nodes[1].table[\"17.01\"].costs");
}

TEST(LoaderCosts, SetCreatesOrChangesACost) {
  // No costs section yet: --set creates it.
  const Scenario created = parse(kOverridable, {"costs.kabkota.holding_per_blank_day=0.1",
                                                "nodes.pusat.costs.unit_price=12000"});
  expect_costs(node(created, "17.01"), {0.1, 0, 0, 0});
  expect_costs(node(created, "pusat"), {0, 0, 0, 12000});
  EXPECT_EQ(node(created, "17.01").costs.where.file, "--set");
  EXPECT_EQ(node(created, "17.01").costs.where.key_path, "costs.kabkota.holding_per_blank_day=0.1");
  // An existing cost is replaced; the others stay.
  const Scenario changed = parse(kCosts, {"costs.kabkota.holding_per_blank_day=0.1",
                                          "nodes.1.overrides.17.02.costs.unit_price=9000"});
  expect_costs(node(changed, "17.01"), {0.1, 3000, 60000, 10500});
  expect_costs(node(changed, "17.02"), {0.1, 4000, 60000, 9000});
}

// Parsing a scenario with the one-line header and then `body` (from line 2) fails at `line`
// and `key_path` with `message`.
void expect_body_error(const std::string& body, int line, std::string_view key_path,
                       std::string_view message) {
  const ScenarioError e = parse_error("scenario: {start: 2024-01-01, horizon_days: 3}\n" + body);
  EXPECT_EQ(e.where().file, "test.yaml") << e.what();
  EXPECT_EQ(e.where().line, line) << e.what();
  EXPECT_EQ(e.where().key_path, key_path) << e.what();
  EXPECT_EQ(e.message(), message);
}

TEST(LoaderCostsErrors, UnknownKindSuggestsTheClosest) {
  expect_body_error("costs:\n  kabkot: {unit_price: 10500}\nnodes: [{id: a}]\n", 3, "costs.kabkot",
                    "unknown key 'kabkot'; did you mean 'kabkota'?");
}

TEST(LoaderCostsErrors, UnknownCostKeyOnEveryLevel) {
  expect_body_error("costs:\n  province: {holding_per_blank_dy: 0.05}\nnodes: [{id: a}]\n", 3,
                    "costs.province.holding_per_blank_dy",
                    "unknown key 'holding_per_blank_dy'; did you mean 'holding_per_blank_day'?");
  expect_body_error("nodes:\n  - {id: a, costs: {unit_prize: 10500}}\n", 3,
                    "nodes[0].costs.unit_prize",
                    "unknown key 'unit_prize'; did you mean 'unit_price'?");
  expect_body_error("nodes:\n  - table: regions.csv\n    costs: {per_lost_requst: 1}\n", 4,
                    "nodes[0].costs.per_lost_requst",
                    "unknown key 'per_lost_requst'; did you mean 'per_lost_request'?");
  expect_body_error(
      "nodes:\n  - table: regions.csv\n    within: \"17\"\n    overrides:\n"
      "      \"17.01\": {costs: {waiting_per_suket: 1}}\n",
      6, "nodes[0].overrides[\"17.01\"].costs.waiting_per_suket",
      "unknown key 'waiting_per_suket'; did you mean 'waiting_per_suket_day'?");
}

TEST(LoaderCostsErrors, CostsUnderDefaultsPointToTheCostsSection) {
  expect_body_error(
      "defaults:\n  kabkota:\n    costs: {unit_price: 10500}\nnodes: [{id: a}]\n", 4,
      "defaults.kabkota.costs",
      "costs per node kind go in the top-level 'costs' section (costs.kabkota), not in defaults");
}

TEST(LoaderCostsErrors, CostsAreNumbersInMaps) {
  expect_body_error("costs:\n  kabkota: {unit_price: \"Rp 10.500\"}\nnodes: [{id: a}]\n", 3,
                    "costs.kabkota.unit_price", "expected a number, got 'Rp 10.500'");
  expect_body_error("nodes:\n  - {id: a, costs: {holding_per_blank_day: .inf}}\n", 3,
                    "nodes[0].costs.holding_per_blank_day", "expected a number, got '.inf'");
  expect_body_error("costs:\n  kabkota: [0.05]\nnodes: [{id: a}]\n", 3, "costs.kabkota",
                    "expected a map, got a list");
  expect_body_error("nodes:\n  - {id: a, costs: 10500}\n", 3, "nodes[0].costs",
                    "expected a map, got '10500'");
}

TEST(LoaderCostsErrors, UnusedKindSectionIsStillChecked) {
  expect_body_error("costs:\n  province: {per_lost_request: many}\nnodes: [{id: a}]\n", 3,
                    "costs.province.per_lost_request", "expected a number, got 'many'");
}

// ---------------------------------------------------------------------------------------
// Errors: one test per kind, each with its line, key path and message

TEST(LoaderErrors, MissingScenarioFile) {
  const std::filesystem::path missing = kDataDir / "no-such-file.yaml";
  try {
    (void)load_scenario(missing);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, missing.string());
    EXPECT_EQ(e.message(), "no such scenario file");
    EXPECT_NE(std::string(e.what()).find("no-such-file.yaml"), std::string::npos);
  }
}

TEST(LoaderErrors, YamlSyntax) {
  const ScenarioError e = parse_error(R"(
scenario:
  start: 2024-01-01
  horizon_days: 3
nodes: [{id: a}
lanes: []
)");
  EXPECT_EQ(e.where().file, "test.yaml");
  EXPECT_EQ(e.where().line, 5);  // where the parser finds the flow list unclosed
  EXPECT_NE(e.message().find("invalid YAML"), std::string::npos) << e.what();
}

TEST(LoaderErrors, UnknownKeySuggestsTheClosest) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - id: a
    office:
      printrs: 2
)");
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.where().column, 7);
  EXPECT_EQ(e.where().key_path, "nodes[0].office.printrs");
  EXPECT_EQ(e.message(), "unknown key 'printrs'; did you mean 'printers'?");
}

TEST(LoaderErrors, UnknownTopLevelKey) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes: [{id: a}]
lane: []
)");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().key_path, "lane");
  EXPECT_EQ(e.message(), "unknown key 'lane'; did you mean 'lanes'?");
}

TEST(LoaderErrors, WrongTypeInteger) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - id: a
    office: {printers: two}
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().column, 24);
  EXPECT_EQ(e.where().key_path, "nodes[0].office.printers");
  EXPECT_EQ(e.message(), "expected an integer, got 'two'");
}

TEST(LoaderErrors, IntegerRejectsFraction) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - id: a
    office: {printers: 2.5}
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "nodes[0].office.printers");
  EXPECT_EQ(e.message(), "expected an integer, got '2.5'");
}

TEST(LoaderErrors, WrongTypeReal) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - id: a
    demand:
      annual_rate: lots
)");
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.where().key_path, "nodes[0].demand.annual_rate");
  EXPECT_EQ(e.message(), "expected a number, got 'lots'");
}

TEST(LoaderErrors, ExpectedAMap) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - id: a
    office: [2, 75]
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "nodes[0].office");
  EXPECT_EQ(e.message(), "expected a map, got a list");
}

TEST(LoaderErrors, ExpectedAList) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  id: a
)");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().key_path, "nodes");
  EXPECT_EQ(e.message(), "expected a list, got a map");
}

TEST(LoaderErrors, MissingRequiredKeyAtParentMap) {
  const ScenarioError e = parse_error(R"(
scenario:
  name: no start
  horizon_days: 3
nodes: [{id: a}]
)");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 3);
  EXPECT_EQ(e.where().key_path, "scenario");
  EXPECT_EQ(e.message(), "missing required key 'start'");
}

TEST(LoaderErrors, MissingEndAndHorizon) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01}
nodes: [{id: a}]
)");
  EXPECT_EQ(e.where().line, 1);
  EXPECT_EQ(e.where().key_path, "scenario");
  EXPECT_NE(e.message().find("missing required key 'end'"), std::string::npos);
}

TEST(LoaderErrors, BothEndAndHorizon) {
  const ScenarioError e = parse_error(R"(
scenario:
  start: 2024-01-01
  end: 2024-12-31
  horizon_days: 30
nodes: [{id: a}]
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "scenario.horizon_days");
  EXPECT_EQ(e.message(), "give either 'end' or 'horizon_days', not both");
}

TEST(LoaderErrors, MissingReplenishmentPolicy) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
defaults:
  kabkota:
    replenishment: {review_period_days: 7}
nodes:
  - id: a
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "defaults.kabkota.replenishment");
  EXPECT_EQ(e.message(), "missing required key 'policy'");
}

TEST(LoaderErrors, BadDate) {
  const ScenarioError e = parse_error(R"(
scenario:
  start: 2024-02-30
  horizon_days: 3
nodes: [{id: a}]
)");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 10);
  EXPECT_EQ(e.where().key_path, "scenario.start");
  EXPECT_EQ(e.message(), "'2024-02-30' is not a date (expected YYYY-MM-DD)");
}

TEST(LoaderErrors, NegativeSeed) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3, seed: -1}
nodes: [{id: a}]
)");
  EXPECT_EQ(e.where().line, 1);
  EXPECT_EQ(e.where().key_path, "scenario.seed");
  EXPECT_EQ(e.message(), "expected an unsigned integer, got '-1'");
}

TEST(LoaderErrors, UnknownNodeKind) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - id: a
    kind: provnce
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "nodes[0].kind");
  EXPECT_EQ(e.message(), "unknown node kind 'provnce'; did you mean 'province'?");
}

TEST(LoaderErrors, UnknownDefaultsKind) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
defaults:
  kabkot: {initial_stock: 3}
nodes: [{id: a}]
)");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().key_path, "defaults.kabkot");
  EXPECT_EQ(e.message(), "unknown key 'kabkot'; did you mean 'kabkota'?");
}

TEST(LoaderErrors, ErrorInUnusedDefaultIsStillReported) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
defaults:
  province:
    office: {printers: many}
nodes: [{id: a}]
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "defaults.province.office.printers");
  EXPECT_EQ(e.message(), "expected an integer, got 'many'");
}

TEST(LoaderErrors, UnknownLaneMode) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes: [{id: a}, {id: b}]
lanes:
  - from: a
    to: b
    mode: delivry
    lead_time: 2
)");
  EXPECT_EQ(e.where().line, 6);
  EXPECT_EQ(e.where().key_path, "lanes[0].mode");
  EXPECT_EQ(e.message(), "unknown lane mode 'delivry'; did you mean 'delivery'?");
}

TEST(LoaderErrors, UnknownDistribution) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes: [{id: a}, {id: b}]
lanes:
  - from: a
    to: b
    lead_time: {dist: triangulr, low: 1, mode: 2, high: 3}
)");
  EXPECT_EQ(e.where().line, 6);
  EXPECT_EQ(e.where().key_path, "lanes[0].lead_time.dist");
  EXPECT_EQ(e.message(), "unknown distribution 'triangulr'; did you mean 'triangular'?");
}

TEST(LoaderErrors, KeyOfAnotherDistributionKind) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes: [{id: a}, {id: b}]
lanes:
  - from: a
    to: b
    lead_time:
      dist: uniform
      low: 1
      mode: 2
      high: 3
)");
  EXPECT_EQ(e.where().line, 9);
  EXPECT_EQ(e.where().key_path, "lanes[0].lead_time.mode");
  EXPECT_EQ(e.message(), "unknown key 'mode'; expected one of: dist, low, high");
}

TEST(LoaderErrors, MissingDistributionField) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes: [{id: a}, {id: b}]
lanes:
  - {from: a, to: b, lead_time: {dist: triangular, low: 1, high: 3}}
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "lanes[0].lead_time");
  EXPECT_EQ(e.message(), "missing required key 'mode'");
}

TEST(LoaderErrors, UnknownWeekday) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - id: a
    office:
      closed_weekdays: [fri, satt]
)");
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.where().key_path, "nodes[0].office.closed_weekdays[1]");
  EXPECT_EQ(e.message(), "unknown weekday 'satt'; did you mean 'sat'?");
}

TEST(LoaderErrors, MissingTableFile) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - table: no-such-table.csv
)");
  EXPECT_EQ(e.where().file, "test.yaml");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().key_path, "nodes[0].table");
  EXPECT_EQ(e.message(),
            "cannot read node table '" + text_of(kDataDir / "no-such-table.csv") + "'");
}

TEST(LoaderErrors, TableMissingColumn) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - table: missing_column.csv
)");
  EXPECT_EQ(e.where().file, text_of(kDataDir / "missing_column.csv"));
  EXPECT_EQ(e.where().line, 1);
  EXPECT_NE(e.message().find("missing column 'total'"), std::string::npos) << e.what();
}

TEST(LoaderErrors, TableMalformedNumber) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - table: bad_number.csv
)");
  EXPECT_EQ(e.where().file, text_of(kDataDir / "bad_number.csv"));
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 36);
  EXPECT_EQ(e.where().key_path, "total");
  EXPECT_EQ(e.message(), "expected an integer, got '2O' (read with ',' as the separator)");
}

TEST(LoaderErrors, UnknownTableLevel) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - table: regions.csv
    levels: [provinsi]
)");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().key_path, "nodes[0].levels[0]");
  EXPECT_EQ(e.message(), "unknown table level 'provinsi'; did you mean 'province'?");
}

TEST(LoaderErrors, TableOverrideForUnknownRow) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - table: regions.csv
    within: "17"
    overrides:
      "17.7": {initial_stock: 5}
)");
  EXPECT_EQ(e.where().line, 6);
  EXPECT_EQ(e.where().key_path, "nodes[0].overrides[\"17.7\"]");
  EXPECT_NE(e.message().find("no row '17.7'"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("did you mean '17.71'?"), std::string::npos) << e.what();
}

TEST(LoaderErrors, SelectorMatchesNoNode) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes: [{id: a}, {id: b}]
lanes:
  - from: a
    to: {kind: province}
    lead_time: 2
)");
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.where().key_path, "lanes[0].to");
  EXPECT_EQ(e.message(), "no province node matches this selector");
}

TEST(LoaderErrors, FromParentWithoutParent) {
  const ScenarioError e = parse_error(R"(
scenario: {start: 2024-01-01, horizon_days: 3}
nodes:
  - {id: p, kind: province}
  - {id: a, parent: p}
  - {id: orphan}
lanes:
  - from: parent
    to: {kind: kabkota}
    lead_time: 2
)");
  EXPECT_EQ(e.where().line, 7);
  EXPECT_EQ(e.where().key_path, "lanes[0]");
  EXPECT_EQ(e.message(), "'from: parent', but node 'orphan' has no parent");
}

}  // namespace
}  // namespace blanko
