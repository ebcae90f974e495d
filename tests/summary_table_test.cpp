// The printed summaries for people: legends, full names, the supply table, the row options
// (--level, --within, --top, --by-province) and the bottleneck column, on the bundled
// scenarios.
#include <blanko/model.hpp>
#include <blanko/monte_carlo.hpp>
#include <blanko/report.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>

#include "test_scenarios.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>

namespace blanko {
namespace {

const Model& scenario(const std::string& name) {
  static std::map<std::string, Model> models;
  auto it = models.find(name);
  if (it == models.end()) {
    it = models
             .emplace(name, Model(load_scenario(std::string(BLANKO_SOURCE_DIR) + "/scenarios/" +
                                                name + ".yaml")))
             .first;
  }
  return it->second;
}

const RunResult& run_of(const std::string& name) {
  static std::map<std::string, RunResult> runs;
  auto it = runs.find(name);
  if (it == runs.end()) it = runs.emplace(name, simulate(scenario(name))).first;
  return it->second;
}

std::string table(const std::string& name, const TableOptions& options = {}) {
  std::ostringstream out;
  write_summary_table(out, scenario(name), run_of(name), options);
  return out.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The data row of `id` (a line starting with it), or "".
std::string row(const std::string& text, const std::string& id) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with(id + " ")) return line;
  }
  return "";
}

TEST(SummaryTableTest, OfficesAndSupplyHaveTheirOwnColumnsAndALegend) {
  const std::string t = table("bengkulu-2024");
  EXPECT_NE(t.find("Offices: 10 of 10\n"), std::string::npos) << t;
  EXPECT_NE(t.find("Supply (centre and provinces): 2 shown"), std::string::npos) << t;
  // Each table's legend: one line per column, saying what fill % is.
  EXPECT_NE(t.find("\nfill %        share of requests printed on the day they became printable "
                   "(share, in %)"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("\npeak owed     most blanks owed to customers at a day's end (blanks)"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("\nbottleneck    blanks when"), std::string::npos) << t;
  // A supplier row has no fill rate or waits: its line holds received, shipped, ...
  const std::string centre = row(t, "pusat");
  EXPECT_NE(centre.find("180,000"), std::string::npos) << centre;  // the lot it received
  EXPECT_EQ(count(t, "\npusat "), 1U);
  EXPECT_EQ(table("bengkulu-2024", {.legend = false}).find("\nfill %        share"),
            std::string::npos);
  EXPECT_EQ(t.find(" \n"), std::string::npos) << "trailing blanks";
}

TEST(SummaryTableTest, KotaBengkuluIsHeldBackByItsPrintersNotByBlanks) {
  const RunResult& r = run_of("bengkulu-2024");
  const std::size_t city =
      static_cast<std::size_t>(scenario("bengkulu-2024").network().find("17.71"));
  EXPECT_EQ(r.nodes[city].stockout_days, 0);
  EXPECT_GT(r.nodes[city].printer_bound_days, 100);
  EXPECT_LT(r.nodes[city].fill_rate, 0.6);
  const std::string line = row(table("bengkulu-2024"), "17.71");
  EXPECT_TRUE(line.ends_with("printers")) << line;
  EXPECT_NE(line.find("Kota Bengkulu"), std::string::npos);
}

TEST(SummaryTableTest, LevelKeepsOneOfTheTwoTables) {
  const std::string offices = table("bengkulu-2024", {.level = TableLevel::kabkota});
  EXPECT_NE(offices.find("Offices:"), std::string::npos);
  EXPECT_EQ(offices.find("Supply"), std::string::npos);
  const std::string supply = table("bengkulu-2024", {.level = TableLevel::province});
  EXPECT_EQ(supply.find("Offices:"), std::string::npos);
  EXPECT_NE(supply.find("Supply"), std::string::npos);
  EXPECT_EQ(parse_table_level("kabkota"), TableLevel::kabkota);
  EXPECT_EQ(parse_table_level("kab"), std::nullopt);
  EXPECT_EQ(to_string(TableLevel::province), "province");
}

TEST(SummaryTableTest, WithinShowsOneProvinceAndItsKabKota) {
  const std::string t = table("indonesia-2024", {.within = "17"});
  EXPECT_NE(t.find("Offices: 10 of 10 within 17\n"), std::string::npos) << t.substr(0, 400);
  EXPECT_NE(row(t, "17.71"), "");
  EXPECT_EQ(row(t, "32.01"), "");
  EXPECT_NE(row(t, "17"), "");     // the province in the supply table, and its offices' row
  EXPECT_EQ(row(t, "pusat"), "");  // the centre belongs to no province
  EXPECT_NE(t.find("all offices of 17"), std::string::npos);
  try {
    check_table_options(scenario("indonesia-2024"), {.within = "177"});
    ADD_FAILURE() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, "--within");
    EXPECT_NE(std::string(e.what()).find("did you mean '17'"), std::string::npos) << e.what();
  }
}

TEST(SummaryTableTest, TopKeepsTheOfficesWithTheMostStockoutDays) {
  const RunResult& r = run_of("stockout-2023");
  const std::string t = table("stockout-2023", {.level = TableLevel::kabkota, .top = 3});
  EXPECT_NE(t.find("Offices: 3 of 514\n"), std::string::npos) << t.substr(0, 400);
  // The three shown have at least as many stockout days as any office not shown.
  const Model& model = scenario("stockout-2023");
  std::int32_t least_shown = 1 << 30, most_hidden = 0;
  for (std::size_t v = 0; v < r.nodes.size(); ++v) {
    if (!model.scenario().nodes[v].office) continue;
    if (row(t, r.nodes[v].node).empty()) {
      most_hidden = std::max(most_hidden, r.nodes[v].stockout_days);
    } else {
      least_shown = std::min(least_shown, r.nodes[v].stockout_days);
    }
  }
  EXPECT_GE(least_shown, most_hidden);
  EXPECT_GT(least_shown, 0);
}

TEST(SummaryTableTest, ByProvinceSubtotalsPoolTheOfficesOfEachProvince) {
  const RunResult& r = run_of("bengkulu-2024");
  const std::string t = table("bengkulu-2024", {.level = TableLevel::kabkota, .by_province = true});
  const std::string province = row(t, "17");
  ASSERT_NE(province, "") << t;
  // The one province holds every office: its demand is the network's, its fill rate the
  // network's pooled one (79.9%), and its peak (not a sum of the offices' peaks) is left out.
  EXPECT_NE(province.find("227,571"), std::string::npos) << province;
  EXPECT_NE(province.find(fmt::format("{:.1f}", 100 * r.total.fill_rate)), std::string::npos)
      << province;
  EXPECT_NE(province.find(" - "), std::string::npos) << province;
  EXPECT_EQ(row(t, "17.71"), "");
}

// Offices that no province supplies (straight from the centre) form one group, "-".
TEST(SummaryTableTest, OfficesOutsideEveryProvinceAreOneGroup) {
  Scenario s = testing::single_office(5, 100, 2, 30);
  s.nodes.push_back(testing::office("kab2", 5, 100, testing::base_stock(100)));
  s.lanes.push_back(testing::lane("pusat", "kab2", DistributionSpec::fixed(2)));
  const Model model(s);
  const RunResult run = simulate(model);
  std::ostringstream out;
  write_summary_table(out, model, run, {.level = TableLevel::kabkota, .by_province = true});
  EXPECT_EQ(count(out.str(), "(no province)"), 1U) << out.str();
  EXPECT_NE(out.str().find("Offices by province: 1 province of 2 offices"), std::string::npos)
      << out.str();
}

TEST(SummaryTableTest, MonteCarloTableHasALegendTheAtRiskOfficesAndProvinces) {
  const MonteCarloResult mc = run_monte_carlo(scenario("bengkulu-2024"), {.replications = 8});
  std::ostringstream out;
  write_monte_carlo_table(out, mc, {.level = TableLevel::kabkota, .top = 2, .by_province = true});
  const std::string t = out.str();
  EXPECT_NE(t.find("\nfill_rate %            share of requests printed"), std::string::npos) << t;
  EXPECT_NE(t.find("of 10 offices ran out in at least one replication"), std::string::npos) << t;
  EXPECT_NE(t.find("By province"), std::string::npos) << t;
  EXPECT_NE(t.find("\nP(stockout)     share of replications"), std::string::npos) << t;
}

}  // namespace
}  // namespace blanko
