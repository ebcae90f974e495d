// Policy comparison: policy-set files, common random numbers across configurations, paired
// differences with their t intervals, and the compare.csv / compare.json / table writers.

#include <blanko/compare.hpp>
#include <blanko/model.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>
#include <blanko/error.hpp>

#include "kpis_header.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// The KPI columns of the per-replication files: those of kpis.csv after its node labels,
// then the network-only ones.
const std::string kKpiColumns =
    blanko::testing::kKpisHeader.substr(std::string("node,name,level,province,").size()) +
    ",offices_with_stockout,tender_failures";

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  for (const char c : line) {
    if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
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
            "winner_confidence");
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
  EXPECT_EQ(lines[0], "configuration,replication," + kKpiColumns);
  const auto sets = shipped_sets();
  const std::span<const blanko::KpiDefinition> table = blanko::kpi_table();
  for (std::size_t set = 0; set < 2; ++set) {
    const blanko::Model model(blanko::load_scenario(kBengkulu, sets[set].overrides));
    for (std::uint64_t r = 0; r < 3; ++r) {
      // Replication-major: replication r of configuration `set` is line 1 + r * 2 + set.
      const std::vector<std::string> fields = split_csv_line(lines[1 + r * 2 + set]);
      ASSERT_EQ(fields.size(), 2 + table.size());
      EXPECT_EQ(fields[0], sets[set].name);
      EXPECT_EQ(fields[1], std::to_string(r));
      const blanko::RunResult run = blanko::simulate(
          model, {.seed = 2024, .replication = r, .record_timeseries = false, .node_groups = {}});
      for (std::size_t k = 0; k < table.size(); ++k) {
        const double expected = table[k].value(run, blanko::kNetworkRow);
        const std::string& field = fields[2 + k];
        if (table[k].type == blanko::KpiValueType::count) {
          EXPECT_EQ(field, std::to_string(static_cast<long long>(expected))) << table[k].name;
        } else if (std::isnan(expected)) {
          EXPECT_EQ(field, "nan") << table[k].name;
        } else {
          EXPECT_EQ(std::strtod(field.c_str(), nullptr), expected) << table[k].name << " " << field;
        }
      }
    }
  }
}

TEST_F(CompareBengkulu, TheMeanOfAReplicationColumnIsTheComparisonsMean) {
  std::ostringstream csv;
  blanko::write_comparison_replications_csv(csv, c());
  const std::vector<std::string> lines = lines_of(csv.str());
  const std::vector<std::string> header = split_csv_line(lines[0]);
  for (const char* kpi : {"fill_rate", "stockout_days", "mean_wait_days", "total_cost"}) {
    const auto column =
        static_cast<std::size_t>(std::find(header.begin(), header.end(), kpi) - header.begin());
    ASSERT_LT(column, header.size()) << kpi;
    for (std::size_t configuration = 0; configuration < 2; ++configuration) {
      double sum = 0;
      int rows = 0;
      for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::vector<std::string> fields = split_csv_line(lines[i]);
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
