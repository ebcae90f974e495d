// Sweeps: parsing --vary, the grid's order, common random numbers across cells, and cells
// equal to the Monte Carlo runs they stand for.
#include <blanko/model.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>
#include <blanko/sweep.hpp>

#include "csv_text.hpp"
#include "kpis_header.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace blanko {
namespace {

using testing::expect_network_kpis;
using testing::kReplicationKpiColumns;
using testing::lines_of;
using testing::split_csv;

const std::string kBengkulu = std::string(BLANKO_SOURCE_DIR) + "/scenarios/bengkulu-2024.yaml";
const std::string kEventAware =
    "defaults.kabkota.replenishment={policy: event_aware, safety_days: 14, review_period_days: 7}";

TEST(SweepAxisTest, ParsesKeyAndValuesWithFlowMapsAsSingleValues) {
  const SweepAxis simple = parse_sweep_axis("a.b.c=1,2.5,x");
  EXPECT_EQ(simple.key, "a.b.c");
  EXPECT_EQ(simple.values, (std::vector<std::string>{"1", "2.5", "x"}));
  const SweepAxis maps = parse_sweep_axis("q={days_of_demand: 7, x: 1},{days_of_demand: 14}");
  EXPECT_EQ(maps.values,
            (std::vector<std::string>{"{days_of_demand: 7, x: 1}", "{days_of_demand: 14}"}));
}

TEST(SweepAxisTest, MalformedAxesAreScenarioErrorsNamingVary) {
  for (const char* text : {"no_equals", "=1,2", "a=1,,2", "a=", "a=1,"}) {
    try {
      (void)parse_sweep_axis(text);
      ADD_FAILURE() << text;
    } catch (const ScenarioError& e) {
      EXPECT_EQ(e.where().file, "--vary") << text;
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  }
}

class SweepBengkulu : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::vector<SweepAxis> axes{
        parse_sweep_axis("defaults.kabkota.replenishment.safety_days=0,14"),
        parse_sweep_axis("defaults.kabkota.replenishment.review_period_days=7,14")};
    sweep_ = new Sweep(sweep(kBengkulu, axes, {kEventAware}, {.replications = 12}));
  }
  static void TearDownTestSuite() { delete sweep_; }
  static const Sweep& s() { return *sweep_; }
  static Sweep* sweep_;
};
Sweep* SweepBengkulu::sweep_ = nullptr;

TEST_F(SweepBengkulu, CellsAreEveryCombinationFirstAxisSlowest) {
  ASSERT_EQ(s().cells.size(), 4U);
  EXPECT_EQ(s().cells[0].values, (std::vector<std::string>{"0", "7"}));
  EXPECT_EQ(s().cells[1].values, (std::vector<std::string>{"0", "14"}));
  EXPECT_EQ(s().cells[2].values, (std::vector<std::string>{"14", "7"}));
  EXPECT_EQ(s().cells[3].values, (std::vector<std::string>{"14", "14"}));
}

TEST_F(SweepBengkulu, EveryCellSeesTheSameDemand) {
  // Common random numbers: the policy changes, the requests do not.
  const KpiSummary& first = s().cells[0].kpi("demand");
  for (const SweepCell& cell : s().cells) {
    EXPECT_EQ(cell.kpi("demand").mean, first.mean);
    EXPECT_EQ(cell.kpi("demand").p95, first.p95);
  }
  EXPECT_NE(s().cells[0].kpi("stockout_days").mean, s().cells[3].kpi("stockout_days").mean);
}

TEST_F(SweepBengkulu, ACellIsTheMonteCarloRunOfItsOverrides) {
  const Model model(load_scenario(kBengkulu, {kEventAware,
                                              "defaults.kabkota.replenishment.safety_days=14",
                                              "defaults.kabkota.replenishment.review_period_days=7"}));
  const MonteCarloResult run =
      run_monte_carlo(model, {.seed = s().seed, .replications = 12, .bands = false});
  for (const char* kpi : {"fill_rate", "stockout_days", "offices_with_stockout", "suket_issued"}) {
    const KpiSummary expected = run.statistics->network_kpi(kpi);
    EXPECT_EQ(s().cells[2].kpi(kpi).mean, expected.mean) << kpi;
    EXPECT_EQ(s().cells[2].kpi(kpi).p95, expected.p95) << kpi;
  }
}

TEST_F(SweepBengkulu, CsvHasOneRowPerCell) {
  std::ostringstream csv;
  write_sweep_csv(csv, s());
  const std::string text = csv.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5);
  EXPECT_EQ(text.rfind("defaults.kabkota.replenishment.safety_days,"
                       "defaults.kabkota.replenishment.review_period_days,demand_mean,",
                       0),
            0U);
  std::ostringstream table;
  write_sweep_table(table, s());
  EXPECT_NE(table.str().find("offices_with_stockout"), std::string::npos) << table.str();
}

TEST_F(SweepBengkulu, ReplicationRowsAreTheRunsOfEachCell) {
  std::ostringstream csv;
  write_sweep_replications_csv(csv, s());
  const std::vector<std::string> lines = lines_of(csv.str());
  ASSERT_EQ(lines.size(), 1U + 4U * 12U);  // a header, 4 cells x 12 replications
  EXPECT_EQ(lines[0],
            "cell,defaults.kabkota.replenishment.safety_days,"
            "defaults.kabkota.replenishment.review_period_days,replication," +
                kReplicationKpiColumns);
  // Cell 2 (safety_days 14, review_period_days 7), run replication by replication.
  const Model model(load_scenario(kBengkulu, {kEventAware,
                                              "defaults.kabkota.replenishment.safety_days=14",
                                              "defaults.kabkota.replenishment.review_period_days=7"}));
  for (std::uint64_t r = 0; r < 12; ++r) {
    // Cell-major: cell c's replication r is line 1 + c * 12 + r.
    const std::vector<std::string> fields = split_csv(lines[1 + 2 * 12 + r]);
    ASSERT_GE(fields.size(), 4U);
    EXPECT_EQ(fields[0], "2");
    EXPECT_EQ(fields[1], "14");
    EXPECT_EQ(fields[2], "7");
    EXPECT_EQ(fields[3], std::to_string(r));
    expect_network_kpis(fields, 4,
                        simulate(model, {.seed = s().seed, .replication = r,
                                         .record_timeseries = false, .node_groups = {}}));
  }
}

TEST_F(SweepBengkulu, TheMeanOfAReplicationColumnIsTheCellsMean) {
  std::ostringstream csv;
  write_sweep_replications_csv(csv, s());
  const std::vector<std::string> lines = lines_of(csv.str());
  const std::vector<std::string> header = split_csv(lines[0]);
  for (const char* kpi : {"fill_rate", "stockout_days", "suket_issued", "mean_on_hand", "total_cost"}) {
    const auto column =
        static_cast<std::size_t>(std::find(header.begin(), header.end(), kpi) - header.begin());
    ASSERT_LT(column, header.size()) << kpi;
    for (std::size_t c = 0; c < s().cells.size(); ++c) {
      double sum = 0;
      int rows = 0;
      for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::vector<std::string> fields = split_csv(lines[i]);
        if (fields[0] != std::to_string(c)) continue;
        sum += std::strtod(fields[column].c_str(), nullptr);
        ++rows;
      }
      EXPECT_EQ(rows, 12) << kpi;
      const double mean = s().cells[c].kpi(kpi).mean;
      EXPECT_NEAR(sum / rows, mean, 1e-12 * std::max(1.0, std::abs(mean))) << kpi << " cell " << c;
    }
  }
}

TEST(SweepTest, BadAxisValueIsReportedAsTheVary) {
  const std::vector<SweepAxis> axes{parse_sweep_axis("defaults.kabkota.replenishment.safety_dayz=1,2")};
  try {
    (void)sweep(kBengkulu, axes, {kEventAware}, {.replications = 2});
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, "--vary") << e.what();
    EXPECT_NE(std::string(e.what()).find("safety_days"), std::string::npos) << e.what();
  }
}

TEST(SweepTest, AnAxisOverTheSeedGivesEachCellItsSeed) {
  const std::vector<SweepAxis> axes{parse_sweep_axis("scenario.seed=1,2")};
  const Sweep s = sweep(kBengkulu, axes, {}, {.replications = 3});
  ASSERT_EQ(s.cells.size(), 2U);
  EXPECT_NE(s.cells[0].kpi("demand").mean, s.cells[1].kpi("demand").mean);
  const Model seed_two(load_scenario(kBengkulu, {"scenario.seed=2"}));
  const MonteCarloResult run = run_monte_carlo(seed_two, {.replications = 3, .bands = false});
  EXPECT_EQ(s.cells[1].kpi("demand").mean, run.statistics->network_kpi("demand").mean);
}

TEST(SweepTest, NoAxisOrARepeatedKeyIsRefused) {
  EXPECT_THROW((void)sweep(kBengkulu, {}, {}, {.replications = 2}), Error);
  const std::vector<SweepAxis> twice{parse_sweep_axis("seed=1,2"), parse_sweep_axis("seed=3")};
  EXPECT_THROW((void)sweep(kBengkulu, twice, {}, {.replications = 2}), Error);
}

}  // namespace
}  // namespace blanko
