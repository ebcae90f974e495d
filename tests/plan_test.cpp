// blanko plan: the search against known answers (a Poisson office whose stockout
// probability is exact), against brute force over every candidate on the same replications,
// the guarantee over repeated plans, determinism, and the errors of plan files.

#include <blanko/output_directory.hpp>
#include <blanko/plan.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/statistics.hpp>

#include <boost/math/distributions/poisson.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>

namespace blanko {
namespace {

namespace fs = std::filesystem;

// One office with Poisson demand of 10 a day, open every day with ample printers, and no
// blank from anywhere but the top-up on the first day: it has a stockout day in the 30 days
// exactly when the month's demand D exceeds the top-up S, so P(stockout) = P(Poisson(300) > S).
constexpr double kPerDay = 10;
constexpr int kDays = 30;
const std::string kPoissonOffice = R"(scenario: {name: Poisson office, start: 2024-01-01, horizon_days: 30, seed: 5}
nodes:
  - {id: pusat, kind: centre, initial_stock: 0}
  - id: kab
    kind: kabkota
    parent: pusat
    population: 10000
    initial_stock: 0
    office: {printers: 1, cards_per_printer_per_day: 100000, closed_weekdays: []}
    demand: {annual_rate: 0.365, wajib_ktp_share: 1}
    replenishment: {policy: base_stock, S: 0}
lanes:
  - {from: pusat, to: kab, lead_time: 1}
)";

class PlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("blanko_plan_test_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    write("office.yaml", kPoissonOffice);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
  }

  // A plan of the top-up S of the Poisson office in [from, to] by `step`.
  Plan poisson_plan(int from, int to, int step, std::uint64_t replications, double alpha,
                    std::uint64_t seed = 5) const {
    write("plan.yaml", fmt_plan(from, to, step, replications, alpha, seed));
    return load_plan(dir_ / "plan.yaml");
  }

  static std::string fmt_plan(int from, int to, int step, std::uint64_t replications,
                              double alpha, std::uint64_t seed) {
    return "name: Poisson top-up\nscenario: office.yaml\n"
           "decision:\n  top_up: {node: kab, date: 2024-01-01}\n  values: {from: " +
           std::to_string(from) + ", to: " + std::to_string(to) + ", step: " + std::to_string(step) +
           "}\ntarget:\n  stockout: {nodes: [kab]}\n  probability_at_most: " + std::to_string(alpha) +
           "\nreplications: " + std::to_string(replications) +
           "\nverify_replications: 2000\nconfidence: 0.95\nseed: " + std::to_string(seed) + "\n";
  }

  fs::path dir_;
};

double exact_stockout(int top_up) {
  return 1 - boost::math::cdf(boost::math::poisson(kPerDay * kDays), top_up);
}

// The smallest top-up whose exact stockout probability is at most alpha.
int exact_answer(double alpha) {
  int s = 0;
  while (exact_stockout(s) > alpha) ++s;
  return s;
}

TEST_F(PlanTest, ThePoissonOfficeGetsTheExactAnswerWithinTheBoundsMargin) {
  const Plan plan = poisson_plan(250, 400, 1, 4000, 0.05);
  const PlanResult r = run_plan(plan, {.threads = 2, .progress = {}});
  ASSERT_TRUE(r.recommended.has_value());
  const int found = std::stoi(r.recommended->value);
  const int exact = exact_answer(0.05);  // 329
  // The guarantee: the recommendation's true probability meets the target. And it is not
  // much dearer than the exact answer: at most the top-up that meets half the target.
  EXPECT_LE(exact_stockout(found), 0.05) << found << " vs exact " << exact;
  EXPECT_GE(found, exact);
  EXPECT_LE(found, exact_answer(0.025)) << found << " vs exact " << exact;
  // The estimates agree with the exact probabilities within their intervals.
  for (const PlanCandidate& c : r.evaluated) {
    const double p = exact_stockout(std::stoi(c.value));
    EXPECT_LE(c.search.low, p) << c.value;
    EXPECT_GE(c.search.high, p) << c.value;
  }
  EXPECT_TRUE(r.recommended->verified->meets);
  EXPECT_EQ(r.recommended->verified->replications, 2000U);
  EXPECT_NEAR(r.recommended->verified->value, exact_stockout(found), 0.015);
  EXPECT_DOUBLE_EQ(r.baseline.value, 1.0);  // no blank at all: a stockout on the first day
}

// Bisection over the values returns what a scan of every value on the same replications
// returns: the first whose one-sided bound meets the target.
TEST_F(PlanTest, BracketingFindsWhatAScanOfEveryCandidateFinds) {
  for (const double alpha : {0.01, 0.05, 0.2}) {
    const Plan plan = poisson_plan(240, 380, 4, 300, alpha);
    const PlanResult r = run_plan(plan, {.threads = 1, .progress = {}});
    std::optional<std::string> first_meeting;
    for (const std::string& value : plan.decision.values) {
      Plan one = plan;
      one.decision.values = {value};
      const PlanResult single = run_plan(one, {.threads = 1, .progress = {}});
      if (single.recommended) {
        first_meeting = value;
        break;
      }
    }
    ASSERT_TRUE(first_meeting.has_value()) << alpha;
    ASSERT_TRUE(r.recommended.has_value()) << alpha;
    EXPECT_EQ(r.recommended->value, *first_meeting) << alpha;
    EXPECT_LE(r.evaluated.size(), 9U) << "log2(36) + 2 evaluations, not a scan";
  }
}

// The guarantee over repeated plans: with 95% confidence, at least 95% of plans (here all of
// 30, with fixed seeds) recommend a top-up whose true probability meets the target.
TEST_F(PlanTest, RepeatedPlansMeetTheTargetInAtLeastTheConfidenceShare) {
  int met = 0;
  constexpr int kPlans = 30;
  for (int seed = 1; seed <= kPlans; ++seed) {
    Plan plan = poisson_plan(250, 400, 1, 500, 0.05, static_cast<std::uint64_t>(seed));
    plan.verify_replications = 100;
    const PlanResult r = run_plan(plan, {.threads = 2, .progress = {}});
    ASSERT_TRUE(r.recommended.has_value());
    met += exact_stockout(std::stoi(r.recommended->value)) <= 0.05 ? 1 : 0;
  }
  EXPECT_GE(met, static_cast<int>(0.95 * kPlans));
}

TEST_F(PlanTest, AnUnreachableTargetSaysSoAndGivesTheBestValue) {
  const PlanResult r = run_plan(poisson_plan(0, 200, 50, 200, 0.05), {.threads = 2, .progress = {}});
  EXPECT_FALSE(r.recommended.has_value());
  EXPECT_EQ(r.best.value, "200");
  EXPECT_FALSE(r.best.verified->meets);
  EXPECT_EQ(r.evaluated.size(), 1U);  // the dearest value fails: nothing cheaper can meet it
  std::ostringstream table;
  write_plan_table(table, r);
  EXPECT_NE(table.str().find("cannot be met within the values (0 .. 200)"), std::string::npos)
      << table.str();
}

TEST_F(PlanTest, TheSameResultForAnyThreadCount) {
  const Plan plan = poisson_plan(250, 400, 5, 300, 0.1);
  std::string first;
  for (const unsigned threads : {1U, 2U, 5U}) {
    std::ostringstream json;
    PlanResult r = run_plan(plan, {.threads = threads, .progress = {}});
    r.seconds = 0;
    write_plan_json(json, r);
    if (first.empty()) first = json.str();
    EXPECT_EQ(json.str(), first) << threads << " threads";
  }
}

// A setting decision (the office's initial stock) and a KPI target (fill rate at least 99%),
// with a proposed value; the recommended scenario carries the value and reads back.
TEST_F(PlanTest, ASettingWithAKpiTargetAndAProposal) {
  write("plan.yaml", R"(name: Stock for the fill rate
scenario: office.yaml
decision:
  set: nodes.1.initial_stock
  values: [100, 200, 300, 400, 500]
  proposed: 250
  blanks: true
target: {kpi: fill_rate, node: kab, at_least: 0.99}
replications: 200
verify_replications: 300
)");
  const Plan plan = load_plan(dir_ / "plan.yaml");
  EXPECT_TRUE(plan.decision.values_are_blanks);
  const PlanResult r = run_plan(plan, {.threads = 2, .progress = {}});
  ASSERT_TRUE(r.recommended.has_value());
  // 300 blanks cover a month of Poisson(300) demand only half the time: its fill rate is
  // below 99%; 400 cover it (P(D > 400) is about 1e-8).
  EXPECT_EQ(r.recommended->value, "400");
  ASSERT_TRUE(r.proposed.has_value());
  EXPECT_FALSE(r.proposed->verified->meets);
  EXPECT_LT(r.baseline.value, 0.01);  // no stock at all
  EXPECT_NE(r.recommended_scenario.find("initial_stock: 400"), std::string::npos);
  const Scenario again = parse_scenario(r.recommended_scenario, "recommended.yaml", dir_);
  EXPECT_EQ(again.nodes[1].initial_stock.value, 400);
}

TEST_F(PlanTest, DatesAreCandidatesLatestFirst) {
  write("lot.yaml", kPoissonOffice + "procurement:\n  lots:\n    - {date: 2024-01-01, quantity: 400, node: kab}\n");
  write("plan.yaml", R"(scenario: lot.yaml
decision:
  set: procurement.lots.0.date
  values: {from: 2024-01-01, to: 2024-01-29, step_days: 7}
target:
  stockout: {nodes: [kab]}
  probability_at_most: 0.05
replications: 100
verify_replications: 100
)");
  const Plan plan = load_plan(dir_ / "plan.yaml");
  EXPECT_EQ(plan.name, "plan");
  ASSERT_EQ(plan.decision.values.size(), 5U);
  EXPECT_EQ(plan.decision.values.front(), "2024-01-29");  // the latest lot is the cheapest
  const PlanResult r = run_plan(plan, {.threads = 2, .progress = {}});
  // Any day without a blank is a stockout: only the lot on the first day avoids them.
  ASSERT_TRUE(r.recommended.has_value());
  EXPECT_EQ(r.recommended->value, "2024-01-01");
}

TEST_F(PlanTest, OutputsAreWrittenWithTheirManifest) {
  const PlanResult r = run_plan(poisson_plan(250, 400, 10, 200, 0.1), {.threads = 2, .progress = {}});
  write_plan_outputs(dir_ / "out", r);
  const std::vector<std::string> files = verify_outputs(dir_ / "out");
  EXPECT_EQ(files, (std::vector<std::string>{"plan.csv", "plan.json", "recommended.yaml"}));
  std::ifstream csv(dir_ / "out" / "plan.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "role,value,replications,estimate,ci_low,ci_high,bound,meets,"
                    "objective_replications,objective_mean,objective_ci_low,objective_ci_high,"
                    "total_cost_mean,total_cost_ci_low,total_cost_ci_high");
  std::string first;
  std::getline(csv, first);
  EXPECT_EQ(first.rfind("recommended," + r.recommended->value + ",2000,", 0), 0U) << first;  // verified
}

struct BadPlan {
  std::string text;
  int line;
  std::string key_path;
  std::string fragment;
};

TEST_F(PlanTest, BadPlanFilesNameTheLineAndKey) {
  const std::string head = "scenario: office.yaml\n";
  const std::string decision =
      "decision:\n  top_up: {node: kab, date: 2024-01-01}\n  values: {from: 0, to: 100, step: 10}\n";
  const std::string target = "target:\n  stockout: {nodes: [kab]}\n  probability_at_most: 0.05\n";
  const std::vector<BadPlan> cases{
      {head + decision + target + "replicatons: 5\n", 8, "replicatons", "did you mean 'replications'"},
      {head + target, 1, "", "missing required key 'decision'"},
      {head + "decision:\n  top_up: {node: kab, date: 2024-01-01}\n  set: scenario.seed\n  values: [1]\n" + target,
       3, "decision", "one of `top_up: {node, date}`, `set: <key path>`, `split"},
      {head + "decision:\n  top_up: {node: kab, date: 2024-01-01}\n  values: {from: 10, to: 0, step: 1}\n" + target,
       4, "decision.values.to", "must not be less than `from`"},
      {head + "decision:\n  top_up: {node: kab, date: 2024-01-01}\n  values: {from: 0, to: 1000000000, step: 1}\n" + target,
       4, "decision.values", "more than 10000 values"},
      {head + "decision:\n  top_up: {node: kab, date: 2024-01-01}\n  values: {from: -5, to: 10, step: 1}\n" + target,
       4, "decision.values.from", "between 0 and"},
      {head + decision + "target:\n  stockout: {nodes: [kab]}\n  probability_at_most: 1.5\n", 7,
       "target.probability_at_most", "probability_at_most must be"},
      {head + decision + "target: {kpi: fil_rate, at_least: 0.9}\n", 5, "target.kpi", "did you mean 'fill_rate'"},
      {head + decision + "target: {kpi: fill_rate}\n", 5, "target", "one of `at_most` and `at_least`"},
      {head + decision + target + "confidence: 1\n", 8, "confidence", "confidence must be"},
      {head + decision + target + "replications: 0\n", 8, "replications", "replications must be"},
  };
  for (const BadPlan& c : cases) {
    try {
      (void)parse_plan(c.text, "plan.yaml", dir_);
      ADD_FAILURE() << "expected an error: " << c.fragment;
    } catch (const ScenarioError& e) {
      EXPECT_EQ(e.where().file, "plan.yaml") << c.fragment;
      EXPECT_EQ(e.where().line, c.line) << c.fragment << ": " << e.what();
      EXPECT_EQ(e.where().key_path, c.key_path) << c.fragment << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(c.fragment), std::string::npos) << e.what();
    }
  }
}

TEST_F(PlanTest, ErrorsFoundWhenRunningNameThePlan) {
  const std::string decision =
      "decision:\n  top_up: {node: kab, date: 2024-01-01}\n  values: {from: 0, to: 100, step: 10}\n";
  const auto expect_run_error = [&](const std::string& text, int line, const std::string& fragment) {
    write("plan.yaml", text);
    try {
      (void)run_plan(load_plan(dir_ / "plan.yaml"));
      ADD_FAILURE() << "expected an error: " << fragment;
    } catch (const ScenarioError& e) {
      EXPECT_EQ(e.where().file, (dir_ / "plan.yaml").string()) << e.what();
      EXPECT_EQ(e.where().line, line) << e.what();
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  expect_run_error("scenario: office.yaml\n" + decision +
                       "target:\n  stockout: {nodes: [kabb]}\n  probability_at_most: 0.05\n",
                   6, "no node 'kabb' in the scenario; did you mean 'kab'?");
  expect_run_error("scenario: office.yaml\n" + decision +
                       "target:\n  stockout: {from: 2025-01-01, to: 2025-02-01}\n  probability_at_most: 0.05\n",
                   6, "lies outside the run");
  expect_run_error("scenario: office.yaml\ndecision:\n  top_up: {node: kab, date: 2025-01-01}\n"
                   "  values: [10]\ntarget:\n  stockout: {}\n  probability_at_most: 0.05\n",
                   3, "the delivery date 2025-01-01 lies outside the run (2024-01-01 .. 2024-01-30)");
  expect_run_error("scenario: office.yaml\ndecision:\n  set: nodes.1.office.printers\n"
                   "  values: [0]\ntarget:\n  stockout: {}\n  probability_at_most: 0.05\n",
                   3, "the value 0 of the decision (nodes.1.office.printers) makes a bad scenario: "
                      "--set (nodes.1.office.printers=0): printers must be an integer between 1");
  expect_run_error("scenario: office.yaml\ndecision:\n  top_up: {node: kba, date: 2024-01-01}\n"
                   "  values: [10]\ntarget:\n  stockout: {}\n  probability_at_most: 0.05\n",
                   3, "no node 'kba' in the scenario; did you mean 'kab'?");
  // What the plan's set: writes is named where it wrote it, as a policy set's.
  expect_run_error("scenario: office.yaml\nset:\n  nodes.1.office.printers: 0\n" + decision +
                       "target:\n  stockout: {}\n  probability_at_most: 0.05\n",
                   3, "printers must be an integer between 1 and 100,000 (printers), got 0 "
                      "(at nodes[1].office.printers) (the plan's set)");
  // A missing scenario is the scenario's error, naming its path.
  write("plan.yaml", "scenario: nowhere.yaml\n" + decision +
                         "target:\n  stockout: {}\n  probability_at_most: 0.05\n");
  try {
    (void)run_plan(load_plan(dir_ / "plan.yaml"));
    ADD_FAILURE() << "expected an error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().line, 1) << e.what();  // where the plan names the scenario
    EXPECT_NE(std::string(e.what()).find("nowhere.yaml"), std::string::npos) << e.what();
  }
}

TEST(ClopperPearson, KnownBounds) {
  // The rule of three: 0 events in n trials, upper 95% bound 1 - 0.05^(1/n).
  EXPECT_NEAR(clopper_pearson_upper(0, 60, 0.95), 1 - std::pow(0.05, 1.0 / 60), 1e-12);
  EXPECT_DOUBLE_EQ(clopper_pearson_lower(0, 60, 0.95), 0);
  EXPECT_DOUBLE_EQ(clopper_pearson_upper(60, 60, 0.95), 1);
  EXPECT_NEAR(clopper_pearson_lower(60, 60, 0.95), std::pow(0.05, 1.0 / 60), 1e-12);
  // 5 of 100 at 97.5% each side: the two-sided 95% interval (0.0164, 0.1128).
  EXPECT_NEAR(clopper_pearson_lower(5, 100, 0.975), 0.01643, 5e-5);
  EXPECT_NEAR(clopper_pearson_upper(5, 100, 0.975), 0.11284, 5e-5);
  EXPECT_THROW((void)clopper_pearson_upper(3, 2, 0.95), Error);
  EXPECT_THROW((void)clopper_pearson_upper(0, 0, 0.95), Error);
}

}  // namespace
}  // namespace blanko

namespace blanko {
namespace {

// Three offices with Poisson demand of 5, 10 and 20 a day and no blank but what the split
// gives them on the first day; suket are handed out once an office is empty, so the expected
// suket of the network is a sum of convex functions of the shares, one per office.
const std::string kThreeOffices = R"(scenario: {name: Three offices, start: 2024-01-01, horizon_days: 30, seed: 9}
defaults:
  kabkota:
    office: {printers: 1, cards_per_printer_per_day: 100000, closed_weekdays: []}
    demand: {wajib_ktp_share: 1}
    replenishment: {policy: base_stock, S: 0}
nodes:
  - {id: pusat, kind: centre, initial_stock: 0}
  - {id: prov, kind: province, parent: pusat, initial_stock: 0, replenishment: {policy: base_stock, S: 0}}
  - {id: a, kind: kabkota, parent: prov, population: 10000, initial_stock: 0, demand: {annual_rate: 0.1825}}
  - {id: b, kind: kabkota, parent: prov, population: 10000, initial_stock: 0, demand: {annual_rate: 0.365}}
  - {id: c, kind: kabkota, parent: prov, population: 10000, initial_stock: 0, demand: {annual_rate: 0.73}}
lanes:
  - {from: pusat, to: prov, lead_time: 1}
  - {from: prov, to: {kind: kabkota}, lead_time: 1}
)";

// Greedy marginal allocation is optimal for a separable convex objective (Fox, 1966): on the
// same replications, the split it finds is as good as the best of every split of the budget.
TEST_F(PlanTest, AGreedySplitIsAsGoodAsTheBestOfEverySplit) {
  write("three.yaml", kThreeOffices);
  write("plan.yaml", R"(scenario: three.yaml
decision:
  split: {budget: 1200, step: 100, date: 2024-01-01, within: prov}
target: {kpi: suket_issued, at_most: 60}
replications: 300
verify_replications: 300
)");
  const Plan plan = load_plan(dir_ / "plan.yaml");
  const PlanResult r = run_plan(plan, {.threads = 2, .progress = {}});
  ASSERT_EQ(r.shares.size(), 3U);
  EXPECT_EQ(r.shares[0].node, "a");
  std::int64_t given = 0;
  for (const PlanShare& s : r.shares) given += s.blanks;
  EXPECT_EQ(given, 1200);
  // Brute force: every split of 12 steps among 3 offices (91), each given as initial stock,
  // which reaches the office when the day-0 lot would, on the same replications.
  double best = std::numeric_limits<double>::infinity();
  std::string best_split;
  for (int x = 0; x <= 12; ++x) {
    for (int y = 0; x + y <= 12; ++y) {
      const int z = 12 - x - y;
      Plan one = plan;
      one.decision = PlanDecision{};
      one.decision.kind = PlanDecision::Kind::setting;
      one.decision.key = "scenario.name";
      one.decision.values = {"brute"};
      one.overrides = {"nodes.a.initial_stock=" + std::to_string(100 * x),
                       "nodes.b.initial_stock=" + std::to_string(100 * y),
                       "nodes.c.initial_stock=" + std::to_string(100 * z)};
      one.verify_replications = 1;
      const PlanResult single = run_plan(one, {.threads = 2, .progress = {}});
      if (single.evaluated[0].search.value < best) {
        best = single.evaluated[0].search.value;
        best_split = fmt::format("a={}, b={}, c={}", 100 * x, 100 * y, 100 * z);
      }
    }
  }
  EXPECT_DOUBLE_EQ(r.evaluated.back().search.value, best) << r.best.value << " vs " << best_split;
  EXPECT_EQ(r.evaluated.size(), 13U);  // no split, then one per step
  EXPECT_NE(r.recommended_scenario.find("node: c"), std::string::npos);
  std::ostringstream table;
  write_plan_table(table, r);
  EXPECT_NE(table.str().find("Recommended split: 1200 of the budget's 1200 blanks"), std::string::npos)
      << table.str();
}

TEST_F(PlanTest, ASplitNeedsNodesThatExist) {
  write("three.yaml", kThreeOffices);
  write("plan.yaml", "scenario: three.yaml\ndecision:\n  split: {budget: 600, step: 100, date: 2024-01-01, among: [a, bb]}\n"
                     "target: {kpi: suket_issued, at_most: 100}\n");
  try {
    (void)run_plan(load_plan(dir_ / "plan.yaml"));
    ADD_FAILURE() << "expected an error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().line, 3) << e.what();
    EXPECT_NE(std::string(e.what()).find("no node 'bb'"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)parse_plan("scenario: three.yaml\ndecision:\n  split: {budget: 600, step: 1000, date: 2024-01-01, among: [a, b]}\n"
                                "target: {kpi: suket_issued, at_most: 100}\n", "plan.yaml", dir_),
               ScenarioError);
}

}  // namespace
}  // namespace blanko

namespace blanko {
namespace {

// The Poisson office with costs: blanks held cost 1 Rp a day, a suket holder's day 100 Rp.
// Its stock for the month is one of seven alternatives; the cheapest whose fill rate is at
// least 90% is known by brute force (4,000 replications of each).
const std::string kCostlyOffice = kPoissonOffice +
                                  "costs:\n  kabkota: {holding_per_blank_day: 1, waiting_per_suket_day: 100}\n";
constexpr double kIndifference = 300;  // Rp

std::string choice_plan(std::uint64_t seed) {
  return R"(scenario: costly.yaml
decision:
  choose:
    nodes.1.initial_stock: [220, 260, 300, 320, 340, 380, 420]
  minimize: total_cost
  indifference: 300
target: {kpi: fill_rate, node: kab, at_least: 0.9}
replications: 30
verify_replications: 200
seed: )" + std::to_string(seed) + "\n";
}

TEST_F(PlanTest, RankingAndSelectionPicksTheCheapestFeasibleWithinTheIndifferenceZone) {
  write("costly.yaml", kCostlyOffice);
  // Brute force: each alternative's mean cost and fill rate on 4,000 replications.
  std::map<std::string, double> cost, fill;
  for (const int stock : {220, 260, 300, 320, 340, 380, 420}) {
    write("one.yaml", "scenario: costly.yaml\ndecision: {set: nodes.1.initial_stock, values: [" +
                          std::to_string(stock) +
                          "]}\ntarget: {kpi: total_cost, at_most: 1e12}\nreplications: 4000\n"
                          "verify_replications: 1\n");
    cost[std::to_string(stock)] = run_plan(load_plan(dir_ / "one.yaml")).evaluated[0].search.value;
    write("one.yaml", "scenario: costly.yaml\ndecision: {set: nodes.1.initial_stock, values: [" +
                          std::to_string(stock) +
                          "]}\ntarget: {kpi: fill_rate, node: kab, at_least: 0}\nreplications: 4000\n"
                          "verify_replications: 1\n");
    fill[std::to_string(stock)] = run_plan(load_plan(dir_ / "one.yaml")).evaluated[0].search.value;
  }
  double best = std::numeric_limits<double>::infinity();
  for (const auto& [stock, c] : cost) {
    if (fill[stock] >= 0.9) best = std::min(best, c);
  }
  ASSERT_LT(fill["220"], 0.9);  // the case has infeasible alternatives
  ASSERT_LT(best, cost["420"] - kIndifference);  // and the dearest is not within the zone

  // Repeated selections: the probability of a correct selection (within the indifference
  // zone of the best feasible) is at least 95%; 20 plans with fixed seeds, at most one miss.
  int correct = 0;
  constexpr int kPlans = 20;
  for (int seed = 1; seed <= kPlans; ++seed) {
    write("plan.yaml", choice_plan(static_cast<std::uint64_t>(seed)));
    const PlanResult r = run_plan(load_plan(dir_ / "plan.yaml"), {.threads = 2, .progress = {}});
    ASSERT_TRUE(r.recommended.has_value());
    const std::string stock = r.recommended->value.substr(std::string("nodes.1.initial_stock=").size());
    ASSERT_GE(fill[stock], 0.85) << stock;  // never a clearly infeasible one
    correct += cost[stock] <= best + kIndifference ? 1 : 0;
    EXPECT_EQ(r.evaluated.size(), 7U);
    for (const PlanCandidate& c : r.evaluated) {
      EXPECT_GE(r.verify_first, c.objective->replications) << "fresh replications only";
    }
    EXPECT_TRUE(r.recommended->verified_objective.has_value());
  }
  EXPECT_GE(correct, kPlans - 1);
}

TEST_F(PlanTest, AChoiceNeedsAnObjectiveAndTwoAlternatives) {
  const std::string head = "scenario: costly.yaml\n";
  const std::string target = "target: {kpi: fill_rate, at_least: 0.9}\n";
  EXPECT_THROW((void)parse_plan(head + "decision:\n  choose: {scenario.seed: [1, 2]}\n  indifference: 1\n" + target,
                                "plan.yaml", dir_),
               ScenarioError);  // no minimize
  EXPECT_THROW((void)parse_plan(head + "decision:\n  choose: {scenario.seed: [1]}\n  minimize: total_cost\n  indifference: 1\n" + target,
                                "plan.yaml", dir_),
               ScenarioError);  // one alternative
  EXPECT_THROW((void)parse_plan(head + "decision:\n  choose: {scenario.seed: [1, 2]}\n  minimize: total_cost\n  indifference: 0\n" + target,
                                "plan.yaml", dir_),
               ScenarioError);  // no indifference zone
  write("costly.yaml", kCostlyOffice);
  write("one.yaml", choice_plan(1));
  try {
    (void)run_plan(load_plan(dir_ / "one.yaml", {"replications=1"}));
    ADD_FAILURE() << "expected an error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().line, 3) << e.what();
    EXPECT_NE(std::string(e.what()).find("at least two replications"), std::string::npos) << e.what();
  }
  const Plan plan = parse_plan(head + "decision:\n  choose: {scenario.seed: [1, 2], nodes.1.initial_stock: [5, 6, 7]}\n"
                                      "  minimize: total_cost\n  indifference: 1\n" + target,
                               "plan.yaml", dir_);
  EXPECT_EQ(plan.decision.label(), "choice of scenario.seed, nodes.1.initial_stock");
  EXPECT_EQ(plan.decision.choices.size(), 2U);
}

}  // namespace
}  // namespace blanko
