// Policy comparison: policy-set files, common random numbers across configurations, paired
// differences with their t intervals, and the compare.csv / compare.json / table writers.

#include <blanko/compare.hpp>
#include <blanko/error.hpp>
#include <blanko/model.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>

#include "csv_text.hpp"
#include "kpis_header.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

using blanko::testing::expect_network_kpis;
using blanko::testing::kReplicationKpiColumns;
using blanko::testing::lines_of;
using blanko::testing::split_csv;

// A share as the tables show it: percent with one decimal.
std::string fmt_percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", 100 * share);
  return text;
}

// The line of `text` that starts with `prefix` ("" when none).
std::string line_starting(const std::string& text, const std::string& prefix) {
  for (const std::string& line : lines_of(text)) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

const fs::path kSourceDir = BLANKO_SOURCE_DIR;
const fs::path kBengkulu = kSourceDir / "scenarios" / "bengkulu-2024.yaml";
const fs::path kPolicySets = kSourceDir / "scenarios" / "policy-sets";

std::vector<blanko::PolicySet> shipped_sets() {
  return {blanko::load_policy_set(kPolicySets / "s-S.yaml"),
          blanko::load_policy_set(kPolicySets / "event-aware.yaml")};
}

std::string error_of(const std::string& yaml) {
  try {
    (void)blanko::parse_policy_set(yaml, "set.yaml");
  } catch (const blanko::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(PolicySet, KeepsItsDescriptionForPeople) {
  EXPECT_EQ(blanko::parse_policy_set("description: weekly, 14 safety days\nset: {scenario.seed: 1}\n",
                                     "set.yaml")
                .description,
            "weekly, 14 safety days");
  EXPECT_EQ(blanko::parse_policy_set("set: {scenario.seed: 1}\n", "set.yaml").description, "");
}

TEST(PolicySet, ReadsNameAndOverrides) {
  const blanko::PolicySet set = blanko::parse_policy_set(
      "name: event-aware\n"
      "set:\n"
      "  defaults.kabkota.replenishment.policy: event_aware\n"
      "  defaults.kabkota.replenishment.safety_days: 14\n"
      "  defaults.kabkota.replenishment.S: {days_of_demand: 30}\n",
      "set.yaml");
  EXPECT_EQ(set.name, "event-aware");
  ASSERT_EQ(set.overrides.size(), 3u);
  EXPECT_EQ(set.overrides[0], "defaults.kabkota.replenishment.policy=event_aware");
  EXPECT_EQ(set.overrides[1], "defaults.kabkota.replenishment.safety_days=14");
  EXPECT_EQ(set.overrides[2], "defaults.kabkota.replenishment.S={days_of_demand: 30}");
  ASSERT_EQ(set.origins.size(), 3u);
  EXPECT_EQ(set.origins[1].file, "set.yaml");
  EXPECT_EQ(set.origins[1].line, 4);
}

TEST(PolicySet, NameDefaultsToTheFileStem) {
  EXPECT_EQ(blanko::parse_policy_set("set: {a.b: 1}\n", "dir/lean.yaml").name, "lean");
  EXPECT_EQ(shipped_sets()[0].name, "s-S");
  EXPECT_EQ(shipped_sets()[1].name, "event-aware");
}

TEST(PolicySet, UnknownKeyIsLocatedWithASuggestion) {
  const std::string e = error_of("name: x\nsett:\n  a.b: 1\n");
  EXPECT_NE(e.find("set.yaml:2:"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'set'"), std::string::npos) << e;
}

TEST(PolicySet, BadYamlMissingSetAndMissingFileAreScenarioErrors) {
  const std::string bad = error_of("name: x\nset: {a: [1, 2\n");
  EXPECT_NE(bad.find("set.yaml:"), std::string::npos) << bad;
  EXPECT_NE(bad.find("invalid YAML"), std::string::npos) << bad;
  EXPECT_NE(error_of("name: x\n").find("set"), std::string::npos);
  EXPECT_NE(error_of("name: x\nset: {}\n").find("at least one"), std::string::npos);
  try {
    (void)blanko::load_policy_set(kPolicySets / "no-such-set.yaml");
    ADD_FAILURE() << "expected a ScenarioError";
  } catch (const blanko::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-set.yaml"), std::string::npos) << e.what();
  }
}

TEST(PolicySet, ABadValueIsReportedAtTheSetsLine) {
  std::vector<blanko::PolicySet> sets = shipped_sets();
  sets[1] = blanko::parse_policy_set(
      "name: typo\n"
      "set:\n"
      "  defaults.kabkota.replenishment: {policy: event_awre, safety_days: 14}\n",
      "typo.yaml");
  try {
    (void)blanko::compare(kBengkulu, sets);
    ADD_FAILURE() << "expected a ScenarioError";
  } catch (const blanko::ScenarioError& e) {
    EXPECT_EQ(e.where().file, "typo.yaml") << e.what();
    EXPECT_EQ(e.where().line, 3) << e.what();
    EXPECT_NE(std::string(e.what()).find("event_aware"), std::string::npos) << e.what();
  }
}

// Student's t quantile with 2 degrees of freedom in closed form: (2p - 1) / sqrt(2p(1 - p)).
double t2_quantile(double p) { return (2 * p - 1) / std::sqrt(2 * p * (1 - p)); }

TEST(PairedDifference, ThreeReplicationsByHand) {
  // b - a = {1, 2, 4}: mean 7/3, sample variance ((4/3)^2 + (1/3)^2 + (5/3)^2) / 2 = 7/3,
  // standard error sqrt(7/3 / 3), t quantile 0.975 with 2 degrees of freedom 4.3026527...
  const std::vector<double> a{1, 2, 3};
  const std::vector<double> b{2, 4, 7};
  const blanko::PairedDifference d = blanko::paired_difference(a, b);
  const double se = std::sqrt(7.0 / 3.0 / 3.0);
  EXPECT_DOUBLE_EQ(d.mean, 7.0 / 3.0);
  EXPECT_DOUBLE_EQ(d.standard_error, se);
  EXPECT_NEAR(t2_quantile(0.975), 4.302652729749464, 1e-12);
  EXPECT_NEAR(d.ci_low, 7.0 / 3.0 - t2_quantile(0.975) * se, 1e-12);
  EXPECT_NEAR(d.ci_high, 7.0 / 3.0 + t2_quantile(0.975) * se, 1e-12);
  const blanko::PairedDifference d90 = blanko::paired_difference(a, b, 0.90);
  EXPECT_NEAR(d90.ci_high - d90.mean, t2_quantile(0.95) * se, 1e-12);
}

TEST(PairedDifference, OneReplicationHasNoInterval) {
  const std::vector<double> a{3};
  const std::vector<double> b{5};
  const blanko::PairedDifference d = blanko::paired_difference(a, b);
  EXPECT_EQ(d.mean, 2);
  EXPECT_TRUE(std::isnan(d.standard_error));
  EXPECT_TRUE(std::isnan(d.ci_low));
  EXPECT_TRUE(std::isnan(d.ci_high));
  EXPECT_THROW((void)blanko::paired_difference(a, std::vector<double>{1, 2}), blanko::Error);
}

class CompareBengkulu : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    comparison_ = new blanko::Comparison(
        blanko::compare(kBengkulu, shipped_sets(), {}, {.seed = 2024, .replications = 3}));
  }
  static void TearDownTestSuite() { delete comparison_; }
  static const blanko::Comparison& c() { return *comparison_; }
  static blanko::Comparison* comparison_;
};
blanko::Comparison* CompareBengkulu::comparison_ = nullptr;

TEST_F(CompareBengkulu, EveryConfigurationSeesTheSameDemand) {
  ASSERT_EQ(c().configurations, (std::vector<std::string>{"s-S", "event-aware"}));
  EXPECT_EQ(c().seed, 2024u);
  EXPECT_EQ(c().replications, 3u);
  const blanko::KpiComparison& demand = c().kpi("demand");
  EXPECT_GT(demand.mean[0], 100000);
  EXPECT_GT(demand.sd[0], 0);  // replications differ
  // ... but each replication's demand is the same in both: common random numbers.
  EXPECT_EQ(demand.mean[1], demand.mean[0]);
  EXPECT_EQ(demand.vs_first[1].mean, 0);
  EXPECT_EQ(demand.vs_first[1].standard_error, 0);
  // The policies do differ: event_aware avoids most stockouts.
  EXPECT_LT(c().kpi("stockout_days").vs_first[1].ci_high, 0);
}

TEST_F(CompareBengkulu, PairedDifferencesAreDifferencesOfMeans) {
  for (const blanko::KpiComparison& k : c().kpis) {
    ASSERT_EQ(k.mean.size(), 2u) << k.kpi;
    const double scale = std::max(1.0, std::abs(k.mean[0]));
    EXPECT_NEAR(k.vs_first[1].mean, k.mean[1] - k.mean[0], 1e-12 * scale) << k.kpi;
    EXPECT_EQ(k.vs_first[0].mean, 0) << k.kpi;
  }
  for (const char* name :
       {"fill_rate", "stockout_days", "peak_backlog", "suket_issued", "mean_wait_days",
        "p95_wait_days", "lost_demand", "blanks_shipped", "trip_cost"}) {
    EXPECT_NO_THROW((void)c().kpi(name)) << name;
  }
  EXPECT_THROW((void)c().kpi("no_such_kpi"), blanko::Error);
}

TEST_F(CompareBengkulu, IntervalOfAKpiByHand) {
  const blanko::KpiComparison& k = c().kpi("stockout_days");
  // The same replications, run one by one.
  const auto sets = shipped_sets();
  std::vector<double> stockouts[2];
  for (std::size_t set = 0; set < 2; ++set) {
    const blanko::Model model(blanko::load_scenario(kBengkulu, sets[set].overrides));
    for (std::uint64_t r = 0; r < 3; ++r) {
      stockouts[set].push_back(static_cast<double>(
          blanko::simulate(model, {.seed = 2024, .replication = r, .record_timeseries = false,
                                   .node_groups = {}})
              .total.stockout_days));
    }
  }
  std::vector<double> d;
  for (std::size_t r = 0; r < 3; ++r) d.push_back(stockouts[1][r] - stockouts[0][r]);
  EXPECT_DOUBLE_EQ(k.mean[0], (stockouts[0][0] + stockouts[0][1] + stockouts[0][2]) / 3);
  const double mean = (d[0] + d[1] + d[2]) / 3;
  double squares = 0;
  for (double x : d) squares += (x - mean) * (x - mean);
  const double se = std::sqrt(squares / 2) / std::sqrt(3.0);
  EXPECT_NEAR(k.vs_first[1].mean, mean, 1e-12);
  EXPECT_NEAR(k.vs_first[1].standard_error, se, 1e-12);
  EXPECT_NEAR(k.vs_first[1].ci_low, mean - t2_quantile(0.975) * se, 1e-9);
  EXPECT_NEAR(k.vs_first[1].ci_high, mean + t2_quantile(0.975) * se, 1e-9);
}

TEST_F(CompareBengkulu, WritersShareTheKpiList) {
  std::ostringstream csv;
  blanko::write_comparison_csv(csv, c());
  const std::string text = csv.str();
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "kpi,configuration,mean,sd,diff_vs_first,diff_se,ci_low,ci_high,winner,"
            "winner_confidence,relative_difference,verdict");
  EXPECT_NE(text.find("\nfill_rate,event-aware,"), std::string::npos);
  const auto rows = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  EXPECT_EQ(rows, 1 + 2 * c().kpis.size());

  std::ostringstream table;
  blanko::write_comparison_table(table, c());
  EXPECT_NE(table.str().find("diff vs s-S"), std::string::npos) << table.str();
  EXPECT_NE(table.str().find("total_cost"), std::string::npos) << table.str();
  EXPECT_EQ(table.str().find(" \n"), std::string::npos) << "trailing blanks";

  std::ostringstream json;
  blanko::write_comparison_json(json, c());
  EXPECT_NE(json.str().find(R"("kpi": "stockout_days")"), std::string::npos);
}

TEST_F(CompareBengkulu, TheWinnerOfEachKpiWithItsConfidence) {
  // event_aware avoids most stockouts: it wins stockout days, clearly, after 3 replications.
  const blanko::KpiComparison& stockouts = c().kpi("stockout_days");
  EXPECT_EQ(stockouts.better, blanko::Better::lower);
  ASSERT_TRUE(stockouts.winner.has_value());
  EXPECT_EQ(*stockouts.winner, 1u);
  EXPECT_GT(stockouts.winner_confidence, 0.99);
  // Volumes have no direction, hence no winner.
  EXPECT_FALSE(c().kpi("demand").winner.has_value());
  EXPECT_TRUE(std::isnan(c().kpi("demand").winner_confidence));
  std::ostringstream table;
  blanko::write_comparison_table(table, c());
  EXPECT_NE(table.str().find("best ("), std::string::npos) << table.str();
}

TEST_F(CompareBengkulu, ReplicationRowsAreTheRunsOfEachConfiguration) {
  std::ostringstream csv;
  blanko::write_comparison_replications_csv(csv, c());
  const std::vector<std::string> lines = lines_of(csv.str());
  ASSERT_EQ(lines.size(), 1u + 3u * 2u);  // a header, 3 replications x 2 configurations
  EXPECT_EQ(lines[0], "configuration,replication," + kReplicationKpiColumns);
  const auto sets = shipped_sets();
  for (std::size_t set = 0; set < 2; ++set) {
    const blanko::Model model(blanko::load_scenario(kBengkulu, sets[set].overrides));
    for (std::uint64_t r = 0; r < 3; ++r) {
      // Replication-major: replication r of configuration `set` is line 1 + r * 2 + set.
      const std::vector<std::string> fields = split_csv(lines[1 + r * 2 + set]);
      ASSERT_GE(fields.size(), 2u);
      EXPECT_EQ(fields[0], sets[set].name);
      EXPECT_EQ(fields[1], std::to_string(r));
      expect_network_kpis(
          fields, 2,
          blanko::simulate(
              model,
              {.seed = 2024, .replication = r, .record_timeseries = false, .node_groups = {}}));
    }
  }
}

TEST_F(CompareBengkulu, TheMeanOfAReplicationColumnIsTheComparisonsMean) {
  std::ostringstream csv;
  blanko::write_comparison_replications_csv(csv, c());
  const std::vector<std::string> lines = lines_of(csv.str());
  const std::vector<std::string> header = split_csv(lines[0]);
  for (const char* kpi : {"fill_rate", "stockout_days", "mean_wait_days", "total_cost"}) {
    const auto column =
        static_cast<std::size_t>(std::find(header.begin(), header.end(), kpi) - header.begin());
    ASSERT_LT(column, header.size()) << kpi;
    for (std::size_t configuration = 0; configuration < 2; ++configuration) {
      double sum = 0;
      int rows = 0;
      for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::vector<std::string> fields = split_csv(lines[i]);
        if (fields[0] != c().configurations[configuration]) continue;
        sum += std::strtod(fields[column].c_str(), nullptr);
        ++rows;
      }
      EXPECT_EQ(rows, 3) << kpi;
      const double mean = c().kpi(kpi).mean[configuration];
      EXPECT_NEAR(sum / rows, mean, 1e-12 * std::max(1.0, std::abs(mean))) << kpi;
    }
  }
}

TEST(Compare, TheReplicationsFileNeedsEveryReplication) {
  blanko::Comparison c;
  c.configurations = {"a", "b"};
  c.replications = 2;
  c.values.assign(blanko::kpi_table().size() * 3, 0.0);  // one value short of 2 x 2 rows
  std::ostringstream csv;
  EXPECT_THROW(blanko::write_comparison_replications_csv(csv, c), blanko::Error);
}

// The winner rule of compare.hpp recomputed by hand from the replications of a comparison
// of 3 replications (t with 2 degrees of freedom: F(t) = 1/2 + t / (2 sqrt(2 + t^2))).
struct ExpectedVerdict {
  std::size_t best = 0;
  double confidence = 1;
  double relative = std::numeric_limits<double>::infinity();
  bool wins = false;
};

ExpectedVerdict by_hand(const blanko::Comparison& c, std::size_t k) {
  const std::size_t width = blanko::kpi_table().size();
  const std::size_t n = c.configurations.size();
  EXPECT_EQ(c.replications, 3u);
  const auto value = [&](std::size_t r, std::size_t conf) {
    return c.values[(r * n + conf) * width + k];
  };
  const double sign = blanko::kpi_table()[k].better == blanko::Better::higher ? 1 : -1;
  std::vector<double> mean(n);
  for (std::size_t conf = 0; conf < n; ++conf)
    mean[conf] = (value(0, conf) + value(1, conf) + value(2, conf)) / 3;
  ExpectedVerdict e;
  for (std::size_t conf = 1; conf < n; ++conf) {
    if (sign * mean[conf] > sign * mean[e.best]) e.best = conf;
  }
  for (std::size_t other = 0; other < n; ++other) {
    if (other == e.best) continue;
    double d[3];
    for (std::size_t r = 0; r < 3; ++r) d[r] = sign * (value(r, e.best) - value(r, other));
    const double m = (d[0] + d[1] + d[2]) / 3;
    const double se = std::sqrt(
        ((d[0] - m) * (d[0] - m) + (d[1] - m) * (d[1] - m) + (d[2] - m) * (d[2] - m)) / 2 / 3);
    const double t = m / se;
    const double confidence = se == 0 ? (m > 0 ? 1.0 : 0.5) : 0.5 + t / (2 * std::sqrt(2 + t * t));
    const double relative = mean[e.best] == mean[other] ? 0
                            : mean[other] == 0
                                ? std::numeric_limits<double>::infinity()
                                : std::abs(mean[e.best] - mean[other]) / std::abs(mean[other]);
    e.confidence = std::min(e.confidence, confidence);
    e.relative = std::min(e.relative, relative);
  }
  e.wins = e.confidence >= c.confidence && e.relative > c.min_difference;
  return e;
}

// Every KPI with a direction of `c` follows the rule, by hand; returns how many have a winner.
int expect_the_rule(const blanko::Comparison& c) {
  int winners = 0;
  for (std::size_t k = 0; k < c.kpis.size(); ++k) {
    const blanko::KpiComparison& kpi = c.kpis[k];
    if (kpi.better == blanko::Better::none) {
      EXPECT_EQ(kpi.verdict, blanko::Verdict::no_direction) << kpi.kpi;
      EXPECT_FALSE(kpi.best.has_value()) << kpi.kpi;
      continue;
    }
    const ExpectedVerdict e = by_hand(c, k);
    EXPECT_EQ(kpi.best, e.best) << kpi.kpi;
    EXPECT_NEAR(kpi.winner_confidence, e.confidence, 1e-9) << kpi.kpi;
    if (std::isinf(e.relative)) {
      EXPECT_TRUE(std::isinf(kpi.relative_difference)) << kpi.kpi;
    } else {
      EXPECT_NEAR(kpi.relative_difference, e.relative, 1e-12) << kpi.kpi;
    }
    EXPECT_EQ(kpi.winner.has_value(), e.wins) << kpi.kpi;
    if (kpi.winner) EXPECT_EQ(*kpi.winner, e.best) << kpi.kpi;
    EXPECT_EQ(kpi.verdict,
              e.wins ? blanko::Verdict::winner : blanko::Verdict::no_practical_difference)
        << kpi.kpi;
    winners += e.wins ? 1 : 0;
  }
  return winners;
}

TEST_F(CompareBengkulu, AWinnerNeedsSignificanceAndAPracticalDifference) {
  EXPECT_EQ(c().min_difference, 0.01);  // the default: 1%
  EXPECT_GT(expect_the_rule(c()), 0);
  // Significant and large: event_aware avoids most stockout days.
  const blanko::KpiComparison& stockouts = c().kpi("stockout_days");
  EXPECT_EQ(stockouts.verdict, blanko::Verdict::winner);
  EXPECT_GT(stockouts.relative_difference, 0.5);
  // Significant but below 1%: event_aware holds slightly more stock, so s-S holds it
  // cheaper, and with confidence, but by less than 1%: no winner.
  const blanko::KpiComparison& holding = c().kpi("holding_cost");
  EXPECT_EQ(holding.best, 0u);
  EXPECT_GE(holding.winner_confidence, 0.95);
  EXPECT_LT(holding.relative_difference, 0.01);
  EXPECT_FALSE(holding.winner.has_value());
  EXPECT_EQ(holding.verdict, blanko::Verdict::no_practical_difference);
  // Large (every suket avoided) but not significant after 3 replications: no winner.
  const blanko::KpiComparison& suket = c().kpi("suket_issued");
  EXPECT_EQ(suket.best, 1u);
  EXPECT_GT(suket.relative_difference, 0.5);
  EXPECT_LT(suket.winner_confidence, 0.95);
  EXPECT_FALSE(suket.winner.has_value());
  EXPECT_EQ(suket.verdict, blanko::Verdict::no_practical_difference);
  // Two means of 0 are no difference.
  const blanko::KpiComparison& lost = c().kpi("lost_demand");
  EXPECT_EQ(lost.mean, (std::vector<double>{0, 0}));
  EXPECT_EQ(lost.relative_difference, 0);
  EXPECT_EQ(lost.verdict, blanko::Verdict::no_practical_difference);
}

TEST(Compare, MinDifferenceZeroIsSignificanceAlone) {
  const blanko::Comparison c = blanko::compare(
      kBengkulu, shipped_sets(), {}, {.seed = 2024, .replications = 3, .min_difference = 0});
  EXPECT_EQ(c.min_difference, 0);
  expect_the_rule(c);
  for (const blanko::KpiComparison& k : c.kpis) {
    if (k.better == blanko::Better::none) continue;
    const bool significant = k.winner_confidence >= 0.95 && k.mean[0] != k.mean[1];
    EXPECT_EQ(k.winner.has_value(), significant) << k.kpi;
  }
  // Significant below 1%: a winner now.
  EXPECT_EQ(c.kpi("holding_cost").winner, 0u);
  // Not significant: still none; equal means: still none.
  EXPECT_FALSE(c.kpi("suket_issued").winner.has_value());
  EXPECT_FALSE(c.kpi("lost_demand").winner.has_value());
}

TEST(Compare, AWinnerBeatsEveryOtherConfiguration) {
  std::vector<blanko::PolicySet> sets = shipped_sets();
  sets.push_back(
      blanko::parse_policy_set("name: event-aware-7\n"
                               "set:\n"
                               "  defaults.kabkota.replenishment: {policy: event_aware, "
                               "safety_days: 7, review_period_days: 7}\n",
                               "ea7.yaml"));
  const blanko::Comparison c =
      blanko::compare(kBengkulu, sets, {}, {.seed = 2024, .replications = 3});
  expect_the_rule(c);
  // With 7 safety days the event_aware set has the fewest stockout days of the three.
  EXPECT_EQ(c.kpi("stockout_days").winner, 2u);
  // Both event_aware sets fill the same share, better than s-S: a shared best is no winner.
  const blanko::KpiComparison& fill = c.kpi("fill_rate");
  EXPECT_EQ(fill.mean[1], fill.mean[2]);
  EXPECT_GT(fill.mean[1], fill.mean[0]);
  EXPECT_EQ(fill.best, 1u);
  EXPECT_FALSE(fill.winner.has_value());
  EXPECT_EQ(fill.relative_difference, 0);
}

TEST(Compare, BadMinDifferenceIsRefused) {
  const std::vector<blanko::PolicySet> sets = shipped_sets();
  for (const double bad : {-0.01, 10.5, std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity()}) {
    try {
      (void)blanko::compare(kBengkulu, sets, {}, {.replications = 1, .min_difference = bad});
      ADD_FAILURE() << bad;
    } catch (const blanko::Error& e) {
      EXPECT_NE(std::string(e.what()).find("minimum difference must be a relative difference in "
                                           "[0, 10]"),
                std::string::npos)
          << e.what();
    }
  }
  for (const double fine : {0.0, 10.0}) {
    EXPECT_EQ(blanko::compare(kBengkulu, sets, {}, {.replications = 1, .min_difference = fine})
                  .min_difference,
              fine);
  }
}

TEST_F(CompareBengkulu, TheTableShowsSharesInPercentTheVerdictAndALegend) {
  std::ostringstream out;
  blanko::write_comparison_table(out, c());
  const std::string table = out.str();
  EXPECT_NE(table.find("better by more than 1% of the other's mean"), std::string::npos) << table;
  // fill_rate in percent with one decimal, its difference in percentage points.
  const blanko::KpiComparison& fill = c().kpi("fill_rate");
  const std::vector<std::string> lines = lines_of(table);
  const auto fill_at = static_cast<std::size_t>(
      std::find_if(lines.begin(), lines.end(),
                   [](const std::string& line) { return line.rfind("fill_rate %  ", 0) == 0; }) -
      lines.begin());
  ASSERT_LT(fill_at + 1, lines.size()) << table;
  EXPECT_NE(lines[fill_at].find(" " + fmt_percent(fill.mean[0])), std::string::npos)
      << lines[fill_at];
  const std::string& fill_second = lines[fill_at + 1];
  EXPECT_NE(fill_second.find(" " + fmt_percent(fill.mean[1]) + " "), std::string::npos)
      << fill_second;
  EXPECT_NE(fill_second.find("+" + fmt_percent(fill.vs_first[1].mean)), std::string::npos)
      << fill_second;
  EXPECT_NE(fill_second.find("no practical difference ("), std::string::npos) << fill_second;
  // The winner with the confidence and relative difference that made it one.
  const blanko::KpiComparison& stockouts = c().kpi("stockout_days");
  char best[64];
  std::snprintf(best, sizeof best, "best (%.1f%%; %.2f%%)", 100 * stockouts.winner_confidence,
                100 * stockouts.relative_difference);
  EXPECT_NE(table.find(best), std::string::npos) << best << "\n" << table;
  // Not significant: no practical difference, on the best configuration's row.
  const auto suket = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.rfind("suket_issued ", 0) == 0;
  });
  ASSERT_LT(suket + 1, lines.end()) << table;
  EXPECT_EQ(suket->find("no practical difference"), std::string::npos) << *suket;
  EXPECT_NE((suket + 1)->find("no practical difference ("), std::string::npos) << *(suket + 1);
  // Days with two decimals on every row of the KPI.
  const auto stockout_rows = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.rfind("stockout_days ", 0) == 0;
  });
  ASSERT_LT(stockout_rows + 1, lines.end()) << table;
  EXPECT_NE(stockout_rows->find(" 40.67"), std::string::npos) << *stockout_rows;
  EXPECT_NE((stockout_rows + 1)->find(" 6.67  "), std::string::npos) << *(stockout_rows + 1);
  EXPECT_NE((stockout_rows + 1)->find(" -34.00 "), std::string::npos) << *(stockout_rows + 1);
  // A legend: one line per KPI shown, with its description and unit.
  for (const blanko::KpiDefinition& kpi : blanko::kpi_table()) {
    const std::string label = std::string(kpi.name) + (kpi.unit == "share" ? " %" : "");
    if (!kpi.headline) {
      EXPECT_EQ(table.find("\n" + label + " "), std::string::npos) << kpi.name;
      continue;
    }
    EXPECT_NE(table.find(label + " "), std::string::npos) << kpi.name;
    bool found = false;
    for (const std::string& line : lines_of(table)) {
      found = found || (line.rfind(label + " ", 0) == 0 &&
                        line.find(std::string(kpi.description) + " (" + std::string(kpi.unit)) !=
                            std::string::npos);
    }
    EXPECT_TRUE(found) << kpi.name << "\n" << table;
  }
}

TEST_F(CompareBengkulu, CsvAndJsonSayWhetherTheDifferenceMatters) {
  std::ostringstream csv;
  blanko::write_comparison_csv(csv, c());
  const std::string text = csv.str();
  // fill_rate: no winner; shares stay shares.
  const std::string fill = line_starting(text, "fill_rate,event-aware,");
  EXPECT_EQ(fill.substr(fill.rfind(',') + 1), "no practical difference") << fill;
  EXPECT_EQ(split_csv(fill)[2].substr(0, 4), "0.80") << fill;
  const std::vector<std::string> stockouts =
      split_csv(line_starting(text, "stockout_days,event-aware,"));
  ASSERT_EQ(stockouts.size(), 12u);
  EXPECT_EQ(stockouts[8], "1");
  EXPECT_EQ(std::strtod(stockouts[9].c_str(), nullptr), c().kpi("stockout_days").winner_confidence);
  EXPECT_EQ(std::strtod(stockouts[10].c_str(), nullptr),
            c().kpi("stockout_days").relative_difference);
  EXPECT_EQ(stockouts[11], "winner");
  const std::vector<std::string> reference = split_csv(line_starting(text, "stockout_days,s-S,"));
  EXPECT_EQ(reference[8], "0");
  EXPECT_EQ(reference[9], "");  // on the best row only
  EXPECT_EQ(reference[11], "winner");
  EXPECT_EQ(
      line_starting(text, "demand,s-S,").substr(line_starting(text, "demand,s-S,").rfind(',')),
      ",no direction");

  std::ostringstream out;
  blanko::write_comparison_json(out, c());
  const std::string json = out.str();
  EXPECT_NE(json.find(R"("min_difference": 0.01)"), std::string::npos);
  const std::size_t at = json.find(R"("kpi": "fill_rate")");
  ASSERT_NE(at, std::string::npos);
  const std::string fill_json = json.substr(at, json.find(R"("kpi": )", at + 1) - at);
  EXPECT_NE(fill_json.find(R"("best": "event-aware")"), std::string::npos) << fill_json;
  EXPECT_NE(fill_json.find(R"("winner": null)"), std::string::npos) << fill_json;
  EXPECT_NE(fill_json.find(R"("verdict": "no practical difference")"), std::string::npos)
      << fill_json;
  EXPECT_NE(fill_json.find(R"("relative_difference": 0.0014)"), std::string::npos) << fill_json;
  EXPECT_NE(json.find(R"("verdict": "winner")"), std::string::npos);
}

TEST(Compare, WinnerConfidenceIsTheOneSidedPairedT) {
  // Two configurations, differences b - a = {1, 2, 4} on a lower-is-better KPI: a wins.
  blanko::RunningStats d;
  for (double x : {1.0, 2.0, 4.0}) d.add(x);
  const blanko::PairedDifference p = blanko::paired_difference(d);
  EXPECT_DOUBLE_EQ(p.mean, 7.0 / 3.0);
  EXPECT_EQ(blanko::better_direction("fill_rate"), blanko::Better::higher);
  EXPECT_EQ(blanko::better_direction("printed_replacement"), blanko::Better::higher);
  EXPECT_EQ(blanko::better_direction("mean_wait_first_card"), blanko::Better::lower);
  EXPECT_EQ(blanko::better_direction("blanks_shipped"), blanko::Better::none);
}

TEST(Compare, ResultsAreIdenticalForAnyThreadCount) {
  const auto sets = shipped_sets();
  std::string outputs[2];
  for (const unsigned threads : {1U, 3U}) {
    const blanko::Comparison c =
        blanko::compare(kBengkulu, sets, {}, {.replications = 6, .threads = threads});
    std::ostringstream csv;
    blanko::write_comparison_csv(csv, c);
    outputs[threads == 1 ? 0 : 1] = csv.str();
  }
  EXPECT_EQ(outputs[0], outputs[1]);
}

TEST(Compare, OneReplicationGivesNaNIntervalsAndNotApplicable) {
  const blanko::Comparison c = blanko::compare(kBengkulu, shipped_sets(), {}, {.replications = 1});
  const blanko::PairedDifference& d = c.kpi("stockout_days").vs_first[1];
  EXPECT_TRUE(std::isnan(d.standard_error));
  EXPECT_TRUE(std::isnan(d.ci_low));
  EXPECT_TRUE(std::isnan(d.ci_high));
  std::ostringstream table;
  blanko::write_comparison_table(table, c);
  EXPECT_NE(table.str().find("n/a"), std::string::npos) << table.str();
  std::ostringstream json;
  blanko::write_comparison_json(json, c);
  EXPECT_NE(json.str().find(R"("ci_low": null)"), std::string::npos);
  // Nothing is significant after one replication: no winner, whatever the means say.
  const blanko::KpiComparison& stockouts = c.kpi("stockout_days");
  EXPECT_EQ(stockouts.best, 1u);
  EXPECT_FALSE(stockouts.winner.has_value());
  EXPECT_EQ(stockouts.verdict, blanko::Verdict::not_applicable);
  EXPECT_TRUE(std::isnan(stockouts.winner_confidence));
  EXPECT_NE(json.str().find(R"("verdict": "n/a")"), std::string::npos);
  EXPECT_EQ(json.str().find(R"("verdict": "winner")"), std::string::npos);
  const std::vector<std::string> lines = lines_of(table.str());
  const auto at = static_cast<std::size_t>(
      std::find_if(lines.begin(), lines.end(),
                   [](const std::string& line) { return line.rfind("stockout_days ", 0) == 0; }) -
      lines.begin());
  ASSERT_LT(at + 1, lines.size()) << table.str();
  EXPECT_EQ(lines[at + 1].substr(lines[at + 1].size() - 5), "  n/a")
      << lines[at + 1];  // best's row
  EXPECT_EQ(table.str().find("best (", table.str().find("best (confidence") + 1), std::string::npos)
      << table.str();  // the header only
}

TEST(Compare, CommonOverridesApplyToEveryConfiguration) {
  const auto sets = shipped_sets();
  const blanko::Comparison base = blanko::compare(kBengkulu, sets, {}, {.seed = 5});
  const blanko::Comparison fewer =
      blanko::compare(kBengkulu, sets, {"defaults.kabkota.office.printers=1"}, {.seed = 5});
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_NE(base.kpi("mean_wait_days").mean[c], fewer.kpi("mean_wait_days").mean[c]) << c;
  }
  EXPECT_THROW((void)blanko::compare(std::span<const blanko::Configuration>{}), blanko::Error);
}

}  // namespace
