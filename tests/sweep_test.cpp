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
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace blanko {
namespace {

using testing::expect_network_kpis;
using testing::kReplicationKpiColumns;
using testing::lines_of;
using testing::split_csv;

// The cells of a fixed-width text table, cut at the columns of its first rule of dashes
// (the line under the header): [row][column], the header first, rules left out. Columns
// are counted in code points ("±" is one).
std::vector<std::vector<std::string>> table_cells(const std::string& text) {
  const std::vector<std::string> lines = lines_of(text);
  const auto rule = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return !line.empty() && line.find_first_not_of("- ") == std::string::npos;
  });
  if (rule == lines.end() || rule == lines.begin()) return {};
  std::vector<std::pair<std::size_t, std::size_t>> columns;  // [from, to) in code points
  for (std::size_t i = 0; i < rule->size();) {
    const std::size_t end = std::min(rule->find(' ', i), rule->size());
    columns.emplace_back(i, end);
    i = end + 2;
  }
  const auto code_points = [](const std::string& line) {
    std::vector<std::string> points;
    for (const char c : line) {
      if ((static_cast<unsigned char>(c) & 0xC0) == 0x80 && !points.empty()) {
        points.back() += c;
      } else {
        points.emplace_back(1, c);
      }
    }
    return points;
  };
  std::vector<std::vector<std::string>> rows;
  for (auto line = rule - 1; line != lines.end() && !line->empty(); ++line) {
    if (line == rule) continue;
    const std::vector<std::string> points = code_points(*line);
    std::vector<std::string> row;
    for (const auto& [from, to] : columns) {
      std::string cell;
      for (std::size_t p = from; p < to && p < points.size(); ++p) cell += points[p];
      const std::size_t first = cell.find_first_not_of(' ');
      row.push_back(first == std::string::npos
                        ? ""
                        : cell.substr(first, cell.find_last_not_of(' ') - first + 1));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

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
  const Model model(
      load_scenario(kBengkulu, {kEventAware, "defaults.kabkota.replenishment.safety_days=14",
                                "defaults.kabkota.replenishment.review_period_days=7"}));
  for (std::uint64_t r = 0; r < 12; ++r) {
    // Cell-major: cell c's replication r is line 1 + c * 12 + r.
    const std::vector<std::string> fields = split_csv(lines[1 + 2 * 12 + r]);
    ASSERT_GE(fields.size(), 4U);
    EXPECT_EQ(fields[0], "2");
    EXPECT_EQ(fields[1], "14");
    EXPECT_EQ(fields[2], "7");
    EXPECT_EQ(fields[3], std::to_string(r));
    expect_network_kpis(
        fields, 4,
        simulate(
            model,
            {.seed = s().seed, .replication = r, .record_timeseries = false, .node_groups = {}}));
  }
}

TEST_F(SweepBengkulu, TheMeanOfAReplicationColumnIsTheCellsMean) {
  std::ostringstream csv;
  write_sweep_replications_csv(csv, s());
  const std::vector<std::string> lines = lines_of(csv.str());
  const std::vector<std::string> header = split_csv(lines[0]);
  for (const char* kpi :
       {"fill_rate", "stockout_days", "suket_issued", "mean_on_hand", "total_cost"}) {
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

TEST_F(SweepBengkulu, TheTableNamesAxesShortlyWithALegend) {
  std::ostringstream out;
  write_sweep_table(out, s());
  const std::string text = out.str();
  const std::vector<std::vector<std::string>> cells = table_cells(text);
  ASSERT_EQ(cells.size(), 1U + 4U) << text;
  EXPECT_EQ(cells[0][0], "safety_days");
  EXPECT_EQ(cells[0][1], "review_period_days");
  EXPECT_EQ(cells[0][2], "fill_rate %");
  EXPECT_EQ(cells[3][0], "14");
  EXPECT_EQ(cells[3][1], "7");
  // The whole key paths are in the legend (and in sweep.csv), not in the table's header.
  const std::vector<std::string> lines = lines_of(text);
  EXPECT_EQ(lines[1].find("defaults."), std::string::npos) << lines[1];
  EXPECT_NE(std::find(lines.begin(), lines.end(),
                      "safety_days            defaults.kabkota.replenishment.safety_days"),
            lines.end())
      << text;
  EXPECT_NE(std::find(lines.begin(), lines.end(),
                      "review_period_days     defaults.kabkota.replenishment.review_period_days"),
            lines.end())
      << text;
  // One column and one legend line per headline KPI, in the KPI table's order.
  std::size_t column = 2;
  for (const KpiDefinition& kpi : kpi_table()) {
    if (!kpi.headline) continue;
    const std::string label = std::string(kpi.name) + (kpi.unit == "share" ? " %" : "");
    ASSERT_LT(column, cells[0].size());
    EXPECT_EQ(cells[0][column++], label);
    const auto legend = std::find_if(lines.begin(), lines.end(), [&](const std::string& line) {
      return line.rfind(label + " ", 0) == 0;
    });
    ASSERT_NE(legend, lines.end()) << label << "\n" << text;
    EXPECT_NE(legend->find("  " + std::string(kpi.description) + " (" + std::string(kpi.unit)),
              std::string::npos)
        << *legend;
  }
  EXPECT_EQ(column, cells[0].size());
  // fill_rate in percent: the mean of cell 0, one decimal.
  char fill[32];
  std::snprintf(fill, sizeof fill, "%.1f ± ", 100 * s().cells[0].kpi("fill_rate").mean);
  EXPECT_EQ(cells[1][2].rfind(fill, 0), 0U) << cells[1][2];
}

// A sweep written by hand, to test the table on chosen values.
Sweep hand_made_sweep(std::vector<std::string> keys, std::size_t cells) {
  Sweep sweep;
  sweep.scenario = "hand-made";
  sweep.replications = 10;
  for (std::string& key : keys) sweep.axes.push_back({.key = std::move(key), .values = {"1"}});
  for (std::size_t c = 0; c < cells; ++c) {
    SweepCell cell;
    cell.values.assign(sweep.axes.size(), std::to_string(c));
    cell.kpis.assign(kpi_table().size(), KpiSummary{.mean = 0, .sd = 0, .ci_low = 0, .ci_high = 0});
    sweep.cells.push_back(std::move(cell));
  }
  return sweep;
}

void set_kpi(Sweep& sweep, std::size_t cell, std::string_view name, double mean,
             double half_width) {
  const auto k = static_cast<std::size_t>(&find_kpi(name) - kpi_table().data());
  sweep.cells[cell].kpis[k] = {
      .mean = mean, .sd = 1, .ci_low = mean - half_width, .ci_high = mean + half_width};
}

TEST(SweepTable, AxesSharingALastPartGetEnoughTrailingParts) {
  const Sweep sweep = hand_made_sweep(
      {"lanes.0.lot.min", "nodes.3.reserve.min", "defaults.kabkota.replenishment.safety_days",
       "a.b.x.min", "c.b.x.min", "min"},
      1);
  std::ostringstream out;
  write_sweep_table(out, sweep);
  const std::vector<std::vector<std::string>> cells = table_cells(out.str());
  ASSERT_FALSE(cells.empty()) << out.str();
  EXPECT_EQ(std::vector<std::string>(cells[0].begin(), cells[0].begin() + 6),
            (std::vector<std::string>{"lot.min", "reserve.min", "safety_days", "a.b.x.min",
                                      "c.b.x.min", "min"}))
      << out.str();
}

TEST(SweepTable, EachKpiColumnReadsTheSameOnEveryRow) {
  Sweep sweep = hand_made_sweep({"defaults.kabkota.replenishment.safety_days"}, 3);
  set_kpi(sweep, 0, "fill_rate", 0.5, 0.01);
  set_kpi(sweep, 1, "fill_rate", 0.98765, 0.0004);
  set_kpi(sweep, 2, "fill_rate", 1, 0);
  set_kpi(sweep, 0, "stockout_days", 5, 1);
  set_kpi(sweep, 1, "stockout_days", 150.25, 12.5);
  set_kpi(sweep, 2, "stockout_days", 0.004, 0.004);
  set_kpi(sweep, 0, "suket_issued", 0.4, 0.3);
  set_kpi(sweep, 1, "suket_issued", 1234.6, 99.4);
  set_kpi(sweep, 2, "suket_issued", 99.6, 0.6);
  set_kpi(sweep, 0, "total_cost", 99.4, 1.6);
  set_kpi(sweep, 1, "total_cost", 123456789.6, 1e6);
  set_kpi(sweep, 2, "total_cost", std::nan(""), std::nan(""));
  const auto k = static_cast<std::size_t>(&find_kpi("mean_wait_days") - kpi_table().data());
  sweep.cells[2].kpis[k].ci_high = std::nan("");  // one replication: no interval
  sweep.cells[2].kpis[k].mean = 1.5;
  std::ostringstream out;
  write_sweep_table(out, sweep);
  const std::vector<std::vector<std::string>> cells = table_cells(out.str());
  ASSERT_EQ(cells.size(), 4U) << out.str();
  const auto column = [&](const std::string& header) {
    const auto at = std::find(cells[0].begin(), cells[0].end(), header);
    EXPECT_NE(at, cells[0].end()) << header << "\n" << out.str();
    const auto i = static_cast<std::size_t>(at - cells[0].begin());
    return std::vector<std::string>{cells[1][i], cells[2][i], cells[3][i]};
  };
  // Shares in percent with one decimal; days with two; counts and Rp as whole numbers.
  EXPECT_EQ(column("fill_rate %"),
            (std::vector<std::string>{"50.0 ± 1.0", "98.8 ± 0.0", "100.0 ± 0.0"}));
  EXPECT_EQ(column("stockout_days"),
            (std::vector<std::string>{"5.00 ± 1.00", "150.25 ± 12.50", "0.00 ± 0.00"}));
  EXPECT_EQ(column("suket_issued"), (std::vector<std::string>{"0 ± 0", "1,235 ± 99", "100 ± 1"}));
  EXPECT_EQ(column("total_cost"),
            (std::vector<std::string>{"99 ± 2", "123,456,790 ± 1,000,000", "n/a"}));
  EXPECT_EQ(column("mean_wait_days"),
            (std::vector<std::string>{"0.00 ± 0.00", "0.00 ± 0.00", "1.50"}));
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
