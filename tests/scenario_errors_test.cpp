// Errors found when a YAML scenario is compiled into a Model (values, names, graph): each
// must name the file, the line and column and the key path where the planner fixes it.

#include <blanko/model.hpp>
#include <blanko/network.hpp>
#include <blanko/scenario_loader.hpp>

#include <gtest/gtest.h>

#include <string>

namespace blanko {
namespace {

// A valid scenario; every test replaces one line of it (`line` is 1-based).
const std::string kBase = R"(scenario:
  start: 2024-01-01
  horizon_days: 60
nodes:
  - id: pusat
    kind: centre
    initial_stock: 1000
  - id: kab
    population: 100000
    office: {printers: 2, cards_per_printer_per_day: 75}
    demand: {annual_rate: 0.13, wajib_ktp_share: 0.73}
    replenishment: {policy: s_S, s: 100, S: 300}
lanes:
  - from: pusat
    to: kab
    lead_time: {dist: uniform, low: 2, high: 5}
procurement:
  lots:
    - {date: 2024-01-15, quantity: 5000}
)";

std::string with_line(int line, const std::string& text) {
  std::string result;
  int current = 1;
  std::size_t start = 0;
  while (start < kBase.size()) {
    const std::size_t end = kBase.find('\n', start);
    result += current == line ? text : kBase.substr(start, end - start);
    result += '\n';
    start = end + 1;
    ++current;
  }
  return result;
}

struct Expected {
  int line;
  std::string key_path;
  std::string fragment;
};

void expect_compile_error(const std::string& yaml, const Expected& expected) {
  try {
    Model model(parse_scenario(yaml, "plan.yaml"));
    FAIL() << "expected a ScenarioError containing '" << expected.fragment << "'";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.where().file, "plan.yaml") << what;
    EXPECT_EQ(e.where().line, expected.line) << what;
    EXPECT_GT(e.where().column, 0) << what;
    EXPECT_EQ(e.where().key_path, expected.key_path) << what;
    EXPECT_NE(what.find(expected.fragment), std::string::npos) << what;
    EXPECT_EQ(what.rfind("plan.yaml:" + std::to_string(expected.line) + ":", 0), 0u) << what;
  }
}

TEST(ScenarioErrorsTest, BaseScenarioIsValid) {
  const Model model(parse_scenario(kBase, "plan.yaml"));
  EXPECT_EQ(model.office_count(), 1);
  EXPECT_EQ(model.horizon_days(), 60);
}

TEST(ScenarioErrorsTest, NegativeLeadTime) {
  expect_compile_error(with_line(16, "    lead_time: -4"),
                       {16, "lanes[0].lead_time", "lead_time must be a number between 0 and 36,525 (days), got -4"});
}

TEST(ScenarioErrorsTest, ZeroLeadTime) {
  expect_compile_error(with_line(16, "    lead_time: {dist: deterministic, value: 0}"),
                       {16, "lanes[0].lead_time", "lead time must be positive"});
}

TEST(ScenarioErrorsTest, ZeroPrintingCapacity) {
  expect_compile_error(with_line(10, "    office: {printers: 0, cards_per_printer_per_day: 75}"),
                       {10, "nodes[1].office.printers", "printers must be an integer between 1 and 100,000"});
  expect_compile_error(with_line(10, "    office: {printers: 1, cards_per_printer_per_day: 0}"),
                       {10, "nodes[1].office.cards_per_printer_per_day",
                        "cards_per_printer_per_day must be an integer between 1 and 1,000,000 (cards), got 0"});
}

TEST(ScenarioErrorsTest, UnknownPolicy) {
  expect_compile_error(with_line(12, "    replenishment: {policy: sS, s: 100, S: 300}"),
                       {12, "nodes[1].replenishment.policy", "unknown replenishment policy 'sS'"});
}

TEST(ScenarioErrorsTest, AllocationProblems) {
  const auto with_allocation = [](const std::string& allocation) {
    return with_line(7, "    initial_stock: 1000\n    allocation: " + allocation);
  };
  expect_compile_error(with_allocation("{policy: fair_shar}"),
                       {8, "nodes[0].allocation.policy", "did you mean 'fair_share'"});
  expect_compile_error(with_allocation("{policy: fcfs, retain: -5}"),
                       {8, "nodes[0].allocation.retain", "between 0 and 1e12 (blanks), got -5"});
  expect_compile_error(with_allocation("{policy: priority_tiers, window_days: -1}"),
                       {8, "nodes[0].allocation.window_days", "window_days must be a number between 0 and 36,525"});
}

TEST(ScenarioErrorsTest, PolicyParameterProblems) {
  expect_compile_error(with_line(12, "    replenishment: {policy: s_S, s: 400, S: 300}"),
                       {12, "nodes[1].replenishment.s", "must not exceed S"});
  expect_compile_error(with_line(12, "    replenishment: {policy: base_stock, S: 300, Q: 5}"),
                       {12, "nodes[1].replenishment.Q", "has no parameter 'Q'"});
}

TEST(ScenarioErrorsTest, UnknownPolicySuggestsTheClosestName) {
  expect_compile_error(with_line(12, "    replenishment: {policy: event_awre, safety_days: 7}"),
                       {12, "nodes[1].replenishment.policy",
                        "unknown replenishment policy 'event_awre'; did you mean 'event_aware'?"});
}

TEST(ScenarioErrorsTest, RQNeedsAPositiveLot) {
  expect_compile_error(with_line(12, "    replenishment: {policy: r_Q, r: 100, Q: 0}"),
                       {12, "nodes[1].replenishment.Q", "Q must be positive"});
  expect_compile_error(with_line(12, "    replenishment: {policy: r_Q, r: 100}"),
                       {12, "nodes[1].replenishment.policy", "parameter 'Q': missing"});
}

TEST(ScenarioErrorsTest, NegativeCoverOrSafetyDays) {
  expect_compile_error(
      with_line(12, "    replenishment: {policy: days_of_cover, cover_days: -3}"),
      {12, "nodes[1].replenishment.cover_days", "cover_days must be a number between 0 and 36,525 (days), got -3"});
  expect_compile_error(
      with_line(12, "    replenishment: {policy: event_aware, safety_days: -1}"),
      {12, "nodes[1].replenishment.safety_days", "safety_days must be a number between 0 and 36,525"});
  expect_compile_error(
      with_line(12, "    replenishment: {policy: event_aware, safety_days: 5, lead_time_days: -2}"),
      {12, "nodes[1].replenishment.lead_time_days", "lead_time_days must be a number between 0 and 36,525"});
  expect_compile_error(
      with_line(12, "    replenishment: {policy: days_of_cover, cover_days: {days_of_demand: 3}}"),
      {12, "nodes[1].replenishment.cover_days", "expected a plain number"});
}

TEST(ScenarioErrorsTest, LeadTimeCoverNeedsASupplierLane) {
  expect_compile_error(with_line(7, "    initial_stock: {cover_of_lead_time: 2}"),
                       {7, "nodes[0].initial_stock", "needs a node with a supplier lane"});
}

TEST(ScenarioErrorsTest, QuantityWithTwoForms) {
  expect_compile_error(
      with_line(
          12,
          "    replenishment: {policy: base_stock, S: {days_of_demand: 3, cover_of_lead_time: 1}}"),
      {12, "nodes[1].replenishment.S", "(one key)"});
  expect_compile_error(
      with_line(12, "    replenishment: {policy: base_stock, S: {cover_of_lead_tme: 1}}"),
      {12, "nodes[1].replenishment.S.cover_of_lead_tme", "did you mean 'cover_of_lead_time'?"});
}

TEST(ScenarioErrorsTest, UnknownNodeInLane) {
  expect_compile_error(with_line(15, "    to: kba"),
                       {14, "lanes[0]", "unknown customer node 'kba'; did you mean 'kab'?"});
}

TEST(ScenarioErrorsTest, CycleInTheNetwork) {
  std::string yaml = kBase;
  yaml.insert(yaml.find("procurement:"),
              "  - from: kab\n    to: pusat\n    lead_time: 3\n");
  // pusat now has a supplier: the error names the cycle at the lane that closes it.
  try {
    Model model(parse_scenario(yaml, "plan.yaml"));
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("cycle"), std::string::npos) << e.what();
    EXPECT_EQ(e.where().file, "plan.yaml");
    EXPECT_TRUE(e.where().line == 14 || e.where().line == 17) << e.what();
  }
}

// kBase with one more key on its lane (line 17).
std::string with_lane_key(const std::string& line) {
  return with_line(16, "    lead_time: 3\n    " + line);
}

TEST(ScenarioErrorsTest, LaneClosureEndsBeforeItStarts) {
  expect_compile_error(with_lane_key("closures: [{start: 2024-02-10, end: 2024-02-01}]"),
                       {17, "lanes[0].closures[0]",
                        "lane closure ends on 2024-02-01, before it starts on 2024-02-10"});
}

TEST(ScenarioErrorsTest, NegativeTripCost) {
  expect_compile_error(with_lane_key("trip_cost: -2500000"),
                       {17, "lanes[0].trip_cost", "trip_cost must be an integer between 0 and 1e12 (Rp), got -2,500,000"});
}

TEST(ScenarioErrorsTest, NegativeTripsPerMonth) {
  expect_compile_error(with_lane_key("max_trips_per_month: -1"),
                       {17, "lanes[0].max_trips_per_month", "max_trips_per_month must be an integer between 0 and 1,000"});
}

TEST(ScenarioErrorsTest, DuplicateLaneFromTheSameSupplier) {
  std::string yaml = kBase;
  yaml.insert(yaml.find("procurement:"), "  - {from: pusat, to: kab, lead_time: 3}\n");
  expect_compile_error(yaml, {17, "lanes[1]", "duplicate lane from 'pusat' to 'kab'"});
}

TEST(ScenarioErrorsTest, SecondSupplierIsNotAnError) {
  std::string yaml = kBase;
  yaml.insert(yaml.find("lanes:"),
              "  - {id: prov, kind: province, replenishment: {policy: base_stock, S: 500}}\n");
  yaml.insert(
      yaml.find("procurement:"),
      "  - {from: pusat, to: prov, lead_time: 9}\n  - {from: prov, to: kab, lead_time: 1}\n");
  const Model model(parse_scenario(yaml, "plan.yaml"));
  EXPECT_EQ(model.network().supplier_lanes(model.network().find("kab")).size(), 2u);
}

// kBase with a tender after its lots; `fields` are the tender's extra keys (line 21 on).
std::string with_tender(const std::string& fields) {
  return kBase + "  tenders:\n    - budget_date: 2024-01-10\n      quantity: 8000\n" +
         "      tender_lead_time_days: 20\n" + fields;
}

TEST(ScenarioErrorsTest, BaseScenarioWithATenderIsValid) {
  const Model model(parse_scenario(
      with_tender("      failure_probability: 0.5\n      max_attempts: 2\n"), "plan.yaml"));
  EXPECT_EQ(model.scenario().tenders.size(), 1u);
}

TEST(ScenarioErrorsTest, TenderFailureProbabilityOutsideZeroToOne) {
  expect_compile_error(
      with_tender("      failure_probability: 1.5\n"),
      {24, "procurement.tenders[0].failure_probability",
       "failure_probability must be a number between 0 and 1 (probability), got 1.5"});
  expect_compile_error(
      with_tender("      failure_probability: -0.1\n"),
      {24, "procurement.tenders[0].failure_probability", "between 0 and 1 (probability), got -0.1"});
}

TEST(ScenarioErrorsTest, TenderWithoutAttempts) {
  expect_compile_error(with_tender("      max_attempts: 0\n"),
                       {24, "procurement.tenders[0].max_attempts", "max_attempts must be an integer between 1 and 1,000 (attempts), got 0"});
}

TEST(ScenarioErrorsTest, TenderLeadTimeMustBePositive) {
  std::string yaml = with_tender("");
  yaml.replace(yaml.find("tender_lead_time_days: 20"), 25, "tender_lead_time_days: 0");
  expect_compile_error(
      yaml, {23, "procurement.tenders[0].tender_lead_time_days", "lead time must be positive"});
}

TEST(ScenarioErrorsTest, TenderOutsideTheHorizon) {
  std::string yaml = with_tender("");
  yaml.replace(yaml.find("2024-01-10"), 10, "2024-03-10");
  expect_compile_error(
      yaml, {21, "procurement.tenders[0]", "tender budget date 2024-03-10 is outside the horizon"});
}

TEST(ScenarioErrorsTest, ProcurementOutsideTheHorizon) {
  expect_compile_error(with_line(19, "    - {date: 2024-05-15, quantity: 5000}"),
                       {19, "procurement.lots[0]", "outside the horizon"});
}

TEST(ScenarioErrorsTest, NegativeInitialStock) {
  expect_compile_error(with_line(7, "    initial_stock: -5"),
                       {7, "nodes[0].initial_stock", "initial_stock must be an integer between 0 and 1e12 (blanks), got -5"});
}

TEST(ScenarioErrorsTest, NegativeDemandCategoryRate) {
  expect_compile_error(
      with_line(11, "    demand: {categories: {lost: {annual_rate: -0.1, priority: replacement}}}"),
      {11, "nodes[1].demand.categories.lost.annual_rate", "annual_rate must be a number between 0 and 100"});
}

TEST(ScenarioErrorsTest, NegativeBinomialNeedsPositiveDispersion) {
  expect_compile_error(
      with_line(
          11, "    demand: {annual_rate: 0.13, counts: {dist: negative_binomial, dispersion: 0}}"),
      {11, "nodes[1].demand.counts.dispersion", "dispersion must be above 0 and at most 1e12"});
}

TEST(ScenarioErrorsTest, PatienceDaysBelowOne) {
  expect_compile_error(with_line(10, "    office: {printers: 2, patience_days: 0}"),
                       {10, "nodes[1].office.patience_days", "patience_days must be an integer between 1 and 36,525 (days), got 0"});
}

TEST(ScenarioErrorsTest, GiveUpShareOutsideZeroOne) {
  expect_compile_error(
      with_line(10, "    office: {printers: 2, patience_days: 14, give_up_share: 1.5}"),
      {10, "nodes[1].office.give_up_share", "give_up_share must be a number between 0 and 1 (share), got 1.5"});
}

TEST(ScenarioErrorsTest, IkdShareOutsideZeroOne) {
  expect_compile_error(
      with_line(10, "    office: {printers: 2, patience_days: 14, ikd_share_of_leavers: -0.2}"),
      {10, "nodes[1].office.ikd_share_of_leavers", "ikd_share_of_leavers must be a number between 0 and 1 (share), got -0.2"});
}

// The lateral section goes on a line of its own after the replenishment (line 13).
std::string with_lateral(const std::string& lateral) {
  return with_line(12, "    replenishment: {policy: s_S, s: 100, S: 300}\n    lateral: " + lateral);
}

TEST(ScenarioErrorsTest, BaseScenarioWithLateralIsValid) {
  const Model model(parse_scenario(with_lateral("{donor_min_cover_days: 30}"), "plan.yaml"));
  EXPECT_EQ(model.office_count(), 1);
}

TEST(ScenarioErrorsTest, NegativeDonorCover) {
  expect_compile_error(
      with_lateral("{donor_min_cover_days: -5}"),
      {13, "nodes[1].lateral.donor_min_cover_days", "donor_min_cover_days must be a number between 0 and 36,525 (days), got -5"});
}

TEST(ScenarioErrorsTest, NegativeRecipientCover) {
  expect_compile_error(
      with_lateral("{recipient_cover_days: -1.5}"),
      {13, "nodes[1].lateral.recipient_cover_days", "recipient_cover_days must be a number between 0 and 36,525 (days), got -1.5"});
}

TEST(ScenarioErrorsTest, MaxPerTransferBelowOne) {
  expect_compile_error(with_lateral("{max_per_transfer: 0}"),
                       {13, "nodes[1].lateral.max_per_transfer", "max_per_transfer must be an integer between 1 and 1e12 (blanks), got 0"});
}

TEST(ScenarioErrorsTest, BadLateralLeadTime) {
  expect_compile_error(with_lateral("{lead_time: {dist: uniform, low: 0, high: 3}}"),
                       {13, "nodes[1].lateral.lead_time", "uniform lead time needs low > 0"});
}

TEST(ScenarioErrorsTest, LateralWithoutAnOffice) {
  expect_compile_error(
      with_line(7, "    initial_stock: 1000\n    lateral: {enabled: true}"),
      {8, "nodes[0].lateral", "lateral transfers are between offices; node 'pusat' has no office"});
}

TEST(ScenarioErrorsTest, OverrideErrorsNameTheOverride) {
  try {
    Model model(parse_scenario(kBase, "plan.yaml", ".", {"lanes.0.lead_time=-2"}));
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, "--set") << e.what();
    EXPECT_NE(std::string(e.what()).find("lanes.0.lead_time=-2"), std::string::npos) << e.what();
  }
}

// A top-level costs section after the scenario header (costs.kabkota on line 5), or a
// node's own costs after the office's replenishment (line 13).
std::string with_kind_costs(const std::string& costs) {
  return with_line(3, "  horizon_days: 60\ncosts:\n  kabkota: " + costs);
}
std::string with_node_costs(const std::string& costs) {
  return with_line(12, "    replenishment: {policy: s_S, s: 100, S: 300}\n    costs: " + costs);
}

TEST(ScenarioErrorsTest, BaseScenarioWithCostsIsValid) {
  const Model model(
      parse_scenario(with_kind_costs("{holding_per_blank_day: 0, unit_price: 1e12}"), "plan.yaml"));
  EXPECT_EQ(model.office_count(), 1);
}

TEST(ScenarioErrorsTest, NegativeCostInTheKindSection) {
  expect_compile_error(with_kind_costs("{holding_per_blank_day: -0.05}"),
                       {5, "costs.kabkota.holding_per_blank_day",
                        "holding_per_blank_day must be a number between 0 and 1e12 (Rp), got -0.05"});
  expect_compile_error(with_kind_costs("{waiting_per_suket_day: -1}"),
                       {5, "costs.kabkota.waiting_per_suket_day",
                        "waiting_per_suket_day must be a number between 0 and 1e12 (Rp), got -1"});
}

TEST(ScenarioErrorsTest, CostAboveATrillionRupiah) {
  expect_compile_error(with_node_costs("{unit_price: 2e12}"),
                       {13, "nodes[1].costs.unit_price",
                        "unit_price must be a number between 0 and 1e12 (Rp), got 2e12"});
  expect_compile_error(with_node_costs("{per_lost_request: 1.5e12}"),
                       {13, "nodes[1].costs.per_lost_request", "got 1.5e12"});
}

TEST(ScenarioErrorsTest, BadCostFromAnOverrideNamesTheOverride) {
  try {
    Model model(
        parse_scenario(kBase, "plan.yaml", ".", {"costs.kabkota.holding_per_blank_day=-1"}));
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, "--set") << e.what();
    EXPECT_EQ(e.where().key_path, "costs.kabkota.holding_per_blank_day=-1") << e.what();
    EXPECT_EQ(e.message(), "holding_per_blank_day must be a number between 0 and 1e12 (Rp), got -1");
  }
}

}  // namespace
}  // namespace blanko
