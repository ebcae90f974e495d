// The scenario library: every bundled scenario run with its own seed.
// - Golden files: the KPIs of each run (tests/golden/<scenario>.kpis.csv) must come out
//   byte for byte; a deliberate change of the model regenerates them with
//   `BLANKO_UPDATE_GOLDEN=1 ctest -R ScenarioLibrary` and the diff is reviewed like code.
// - History: what each history scenario must show of what happened (DOMAIN.md).

#include <blanko/blanko.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace blanko {
namespace {

namespace fs = std::filesystem;
const fs::path kScenarios = fs::path(BLANKO_SOURCE_DIR) / "scenarios";
const fs::path kGolden = fs::path(BLANKO_SOURCE_DIR) / "tests" / "golden";

struct ScenarioRun {
  Model model;
  RunResult result;
};

// Each scenario is run once per test binary and shared by its tests.
const ScenarioRun& run_of(const std::string& name) {
  static std::map<std::string, ScenarioRun> runs;
  auto it = runs.find(name);
  if (it == runs.end()) {
    Model model(load_scenario(kScenarios / (name + ".yaml")));
    RunResult result = simulate(model);
    it = runs.emplace(name, ScenarioRun{std::move(model), std::move(result)}).first;
  }
  return it->second;
}

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class ScenarioLibrary : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioLibrary, KpisMatchTheGoldenFile) {
  const ScenarioRun& run = run_of(GetParam());
  std::ostringstream kpis;
  write_kpis_csv(kpis, run.model, run.result);
  const fs::path golden = kGolden / (GetParam() + ".kpis.csv");
  if (std::getenv("BLANKO_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden, std::ios::binary) << kpis.str();
    GTEST_SKIP() << "rewrote " << golden;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing: run with BLANKO_UPDATE_GOLDEN=1";
  EXPECT_EQ(kpis.str(), read(golden)) << "the KPIs of " << GetParam()
                                      << " changed; if that is intended, regenerate the golden file";
}

INSTANTIATE_TEST_SUITE_P(Bundled, ScenarioLibrary,
                         ::testing::Values("bengkulu-2024", "indonesia-2024", "pilkada-2020-covid",
                                           "shortage-2019", "stockout-2023"));

// ---- history ---------------------------------------------------------------------------

Day day_of(const ScenarioRun& run, const char* iso) {
  return static_cast<Day>((*parse_iso_date(iso) - run.model.start()).count());
}

// Offices holding suket at the end of `day`.
int offices_with_suket(const ScenarioRun& run, Day day) {
  int count = 0;
  const TimeSeries& ts = *run.result.timeseries;
  for (NodeIndex v = 0; v < ts.nodes(); ++v) count += ts.at(Series::suket_outstanding, day, v) > 0;
  return count;
}

std::int64_t network(const ScenarioRun& run, Series series, Day first, Day last) {
  std::int64_t sum = 0;
  const TimeSeries& ts = *run.result.timeseries;
  for (Day d = first; d <= last; ++d) {
    for (NodeIndex v = 0; v < ts.nodes(); ++v) sum += ts.at(series, d, v);
  }
  return sum;
}

TEST(History, Stockout2023RunsDryInTheSummer) {
  // Real: lot 1 used up at the end of May; lot 2 (end of May) used up in the third week of
  // July; a national stockout from the last week of July to 4 August, when lot 3 arrived.
  const ScenarioRun& run = run_of("stockout-2023");
  const NodeIndex centre = run.model.network().find("pusat");
  const TimeSeries& ts = *run.result.timeseries;
  Day centre_dry = -1;  // the first day the centre has open orders and nothing to ship
  for (Day d = day_of(run, "2023-02-01"); d < ts.days(); ++d) {
    if (ts.at(Series::on_hand, d, centre) == 0 && ts.at(Series::backlog, d, centre) > 0) {
      centre_dry = d;
      break;
    }
  }
  // The model's centre runs dry in late April: a month early, as provinces and kab/kota
  // fill their order-up-to levels from it.
  EXPECT_GE(centre_dry, day_of(run, "2023-04-15"));
  EXPECT_LE(centre_dry, day_of(run, "2023-06-15"));
  // Offices run out once the pipeline below the centre is drained, and recover after lot 3.
  EXPECT_LT(offices_with_suket(run, day_of(run, "2023-06-30")), 5);
  EXPECT_GT(offices_with_suket(run, day_of(run, "2023-08-15")), 50);
  EXPECT_LT(offices_with_suket(run, day_of(run, "2023-10-31")), 10);
}

TEST(History, Shortage2019LeavesAGrowingBacklogAfterTheElection) {
  const ScenarioRun& run = run_of("shortage-2019");
  const NodeKpis& total = run.result.total;
  EXPECT_GT(total.demand, 24'000'000);
  EXPECT_LT(total.printed, total.demand - 4'000'000);  // 16 million could not cover 27
  EXPECT_GT(total.suket_issued, 1'000'000);
  EXPECT_LT(offices_with_suket(run, day_of(run, "2019-04-16")), 5);
  EXPECT_GT(offices_with_suket(run, day_of(run, "2019-12-31")), 300);
}

TEST(History, Pilkada2020ShowsTheCovidDropTheCatchUpAndSuketBeforeVoting) {
  const ScenarioRun& run = run_of("pilkada-2020-covid");
  const auto february = network(run, Series::demand, day_of(run, "2020-02-01"), day_of(run, "2020-02-29"));
  const auto april = network(run, Series::demand, day_of(run, "2020-04-01"), day_of(run, "2020-04-30"));
  const auto june = network(run, Series::demand, day_of(run, "2020-06-01"), day_of(run, "2020-06-30"));
  EXPECT_LT(april, february / 3);  // 419,881 -> 83,792 nationally
  EXPECT_GT(june, february * 3 / 2);  // the catch-up wave
  const NodeIndex city = run.model.network().find("17.71");
  EXPECT_GT(run.result.timeseries->at(Series::suket_outstanding, day_of(run, "2020-11-25"), city), 0);
}

TEST(History, Indonesia2024HasNoNationalShortage) {
  // Real: no shortage since July 2023; central stock about 6 million mid-2024.
  const ScenarioRun& run = run_of("indonesia-2024");
  int offices_short = 0;
  for (const NodeKpis& k : run.result.nodes) offices_short += k.demand > 0 && k.stockout_days > 0;
  EXPECT_LT(offices_short, 26);  // under 5% of 514
  EXPECT_GT(run.result.total.fill_rate, 0.9);
}

TEST(History, Bengkulu2024PilkadaBringsFirstTimeVoters) {
  const ScenarioRun& run = run_of("bengkulu-2024");
  const auto summer = network(run, Series::demand, day_of(run, "2024-06-01"), day_of(run, "2024-07-31"));
  const auto before_pilkada = network(run, Series::demand, day_of(run, "2024-10-01"), day_of(run, "2024-11-26"));
  EXPECT_GT(before_pilkada, summer * 3 / 2);
  const std::size_t first_card = static_cast<std::size_t>(PriorityClass::first_card);
  EXPECT_GT(run.result.nodes[static_cast<std::size_t>(run.model.network().find("17.71"))]
                .demand_by_class[first_card],
            7347);  // the school drive alone recorded 7,347
}

}  // namespace
}  // namespace blanko
