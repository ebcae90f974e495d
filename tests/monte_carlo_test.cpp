// The Monte Carlo runner: bit-identical for any thread count, resumable, statistics that
// agree with single replications and with known distributions, and flat memory.
#include "test_scenarios.hpp"

#include <blanko/monte_carlo.hpp>
#include <blanko/version.hpp>

#include <boost/math/distributions/poisson.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <filesystem>
#include <sstream>

namespace blanko {
namespace {

using testing::single_office;

// Everything a run writes, as text: equal texts mean bit-identical statistics.
std::string outputs_of(const MonteCarloResult& result) {
  std::ostringstream out;
  write_monte_carlo_kpis_csv(out, result);
  write_monte_carlo_bands_csv(out, result);
  write_monte_carlo_json(out, result);
  write_monte_carlo_replications_csv(out, result);
  return out.str();
}

const Model& bengkulu() {
  static const Model model(load_scenario(std::string(BLANKO_SOURCE_DIR) +
                                         "/scenarios/bengkulu-2024.yaml"));
  return model;
}

std::filesystem::path temp_file(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("blanko_mc_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                     "_" + name);
  std::filesystem::remove(path);
  return path;
}

TEST(MonteCarloTest, OutputsAreBitIdenticalForAnyThreadCount) {
  const std::string one = outputs_of(run_monte_carlo(bengkulu(), {.replications = 24, .threads = 1}));
  for (const unsigned threads : {2U, 3U, 7U}) {
    EXPECT_EQ(outputs_of(run_monte_carlo(bengkulu(), {.replications = 24, .threads = threads})), one)
        << threads << " threads";
  }
}

TEST(MonteCarloTest, BandNodesAddOneGroupPerNodeWithItsOwnStock) {
  MonteCarloOptions options{.seed = 3, .replications = 6, .threads = 2};
  options.band_nodes = {"17.71", "17"};  // a kab/kota, and a province that has its group
  const MonteCarloResult mc = run_monte_carlo(bengkulu(), options);
  const MonteCarloStatistics& stats = *mc.statistics;
  const auto groups = stats.groups();
  ASSERT_EQ(groups.size(), network_and_province_groups(bengkulu()).size() + 1);
  EXPECT_EQ(groups.back().name, "17.71");
  ASSERT_EQ(groups.back().nodes.size(), 1U);
  // The group's band is the node's own stock: its mean over replications of day 40.
  const NodeIndex kota = bengkulu().network().find("17.71");
  Simulation simulation(bengkulu());
  RunningStats day_40;
  for (std::uint64_t r = 0; r < 6; ++r) {
    const RunResult run = simulation.run({.seed = 3, .replication = r});
    day_40.add(static_cast<double>(run.timeseries->at(Series::on_hand, 40, kota)));
  }
  EXPECT_DOUBLE_EQ(stats.band(MonteCarloStatistics::Band::on_hand, 40, groups.size() - 1).mean,
                   day_40.mean());

  options.band_nodes = {"17.7l"};
  try {
    (void)run_monte_carlo(bengkulu(), options);
    FAIL() << "an unknown node was accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "no node '17.7l' for bands; did you mean '17.71'?");
  }
  options.band_nodes = {"17.71"};
  options.bands = false;
  EXPECT_THROW((void)run_monte_carlo(bengkulu(), options), Error);
}

TEST(MonteCarloTest, StatisticsAgreeWithTheReplicationsRunOneByOne) {
  constexpr std::uint64_t kReplications = 30;
  const MonteCarloResult mc = run_monte_carlo(bengkulu(), {.seed = 5, .replications = kReplications});
  const MonteCarloStatistics& stats = *mc.statistics;
  const std::vector<NodeGroup> groups = network_and_province_groups(bengkulu());
  Simulation simulation(bengkulu());
  RunningStats fill, on_hand_day_100, stockouts;
  int replications_with_stockout_at_0 = 0;
  for (std::uint64_t r = 0; r < kReplications; ++r) {
    const RunResult run = simulation.run({.seed = 5, .replication = r, .record_timeseries = true,
                                          .node_groups = {}});
    fill.add(run.total.fill_rate);
    stockouts.add(run.total.stockout_days);
    std::int64_t held = 0;
    for (std::int32_t v = 0; v < run.timeseries->nodes(); ++v) held += run.timeseries->at(Series::on_hand, 100, v);
    on_hand_day_100.add(static_cast<double>(held));
    if (run.nodes[0].stockout_days > 0) ++replications_with_stockout_at_0;
  }
  const KpiSummary f = stats.network_kpi("fill_rate");
  EXPECT_DOUBLE_EQ(f.mean, fill.mean());
  EXPECT_DOUBLE_EQ(f.sd, fill.standard_deviation());
  EXPECT_NEAR(f.ci_high - f.mean, fill.half_width(0.95), 1e-12);
  EXPECT_DOUBLE_EQ(stats.network_kpi("stockout_days").mean, stockouts.mean());
  EXPECT_DOUBLE_EQ(stats.band(MonteCarloStatistics::Band::on_hand, 100, 0).mean,
                   on_hand_day_100.mean());
  EXPECT_DOUBLE_EQ(stats.stockout_probability(0),
                   replications_with_stockout_at_0 / static_cast<double>(kReplications));
  EXPECT_EQ(groups[0].name, "network");
  EXPECT_EQ(stats.groups().size(), groups.size());
}

// replications.csv holds each replication's network KPIs as a run of that replication
// alone gives them, in order; the network's quantiles are the exact ones of those values.
TEST(MonteCarloTest, ReplicationsCsvEqualsTheReplicationsRunOneByOne) {
  constexpr std::uint64_t kReplications = 12;
  const MonteCarloResult mc =
      run_monte_carlo(bengkulu(), {.seed = 9, .replications = kReplications, .threads = 2});
  std::ostringstream csv;
  write_monte_carlo_replications_csv(csv, mc);
  std::istringstream lines(csv.str());
  std::string line;
  std::getline(lines, line);
  EXPECT_TRUE(line.starts_with("replication,seed,demand,printed,fill_rate,")) << line;
  EXPECT_TRUE(line.ends_with(",offices_with_stockout,tender_failures")) << line;
  Simulation simulation(bengkulu());
  std::vector<double> fill_rates;
  for (std::uint64_t r = 0; r < kReplications; ++r) {
    ASSERT_TRUE(std::getline(lines, line)) << "row " << r;
    const RunResult run = simulation.run({.seed = 9, .replication = r, .record_timeseries = false,
                                          .node_groups = {}});
    fill_rates.push_back(run.total.fill_rate);
    std::ostringstream expected;
    expected << r << ",9";
    for (const KpiDefinition& kpi : kpi_table()) {
      const double value = kpi.value(run, kNetworkRow);
      expected << ',';
      if (kpi.type == KpiValueType::count) {
        expected << static_cast<std::int64_t>(value);
      } else {
        expected << fmt::format("{}", value);
      }
    }
    EXPECT_EQ(line, expected.str()) << "replication " << r;
  }
  EXPECT_FALSE(std::getline(lines, line)) << "one row per replication";
  const std::array<double, 3> qs{0.05, 0.5, 0.95};
  const std::vector<double> exact = sample_quantiles(fill_rates, qs);
  const KpiSummary fill = mc.statistics->network_kpi("fill_rate");
  EXPECT_EQ(fill.p5, exact[0]);
  EXPECT_EQ(fill.p50, exact[1]);
  EXPECT_EQ(fill.p95, exact[2]);
}

// summary.json and meta.json say what produced them and what each KPI means.
TEST(MonteCarloTest, MetaRecordsVersionScenarioHashOverridesAndUnits) {
  const Model model(load_scenario(std::string(BLANKO_SOURCE_DIR) + "/scenarios/bengkulu-2024.yaml",
                                  {"scenario.seed=4"}));
  MonteCarloResult mc = run_monte_carlo(model, {.replications = 3, .bands = false});
  mc.provenance.command = "blanko run x.yaml";
  std::ostringstream out;
  write_monte_carlo_meta_json(out, mc);
  const auto meta = nlohmann::json::parse(out.str());
  EXPECT_EQ(meta["blanko_version"], kVersion);
  EXPECT_EQ(meta["command"], "blanko run x.yaml");
  EXPECT_TRUE(meta["scenario_file"].get<std::string>().ends_with("bengkulu-2024.yaml"));
  EXPECT_EQ(meta["scenario_sha256"].get<std::string>().size(), 64U);
  EXPECT_EQ(meta["scenario_sha256"], model.scenario().source_sha256);
  EXPECT_EQ(meta["overrides"], nlohmann::json::array({"scenario.seed=4"}));
  EXPECT_EQ(meta["seed"], 4);
  EXPECT_EQ(meta["replications"], 3);
  EXPECT_EQ(meta["start"], "2024-01-01");
  EXPECT_EQ(meta["kpis"].size(), kpi_table().size());
  EXPECT_EQ(meta["kpis"]["fill_rate"]["unit"], "share");
  EXPECT_EQ(meta["kpis"]["total_cost"]["unit"], "Rp");
  EXPECT_EQ(meta["kpis"]["peak_backlog"]["aggregation"], "peak_of_daily_sum");
  std::ostringstream summary;
  write_monte_carlo_json(summary, mc);
  EXPECT_EQ(nlohmann::json::parse(summary.str())["meta"], meta);
}

TEST(MonteCarloTest, ProvinceGroupsHoldTheProvinceAndEveryNodeItSupplies) {
  const std::vector<NodeGroup> groups = network_and_province_groups(bengkulu());
  const Network& network = bengkulu().network();
  ASSERT_EQ(groups.size(), 2U);  // the network, then Bengkulu province
  EXPECT_EQ(groups[0].nodes.size(), static_cast<std::size_t>(network.node_count()));
  EXPECT_EQ(groups[1].name, network.id(groups[1].nodes.front()));
  EXPECT_EQ(groups[1].nodes.size(), static_cast<std::size_t>(network.node_count() - 1));  // all but the centre
}

// Total demand of an office open every day with Poisson(3) requests a day over 100 days is
// Poisson(300): mean and variance 300, and its quantiles are known.
TEST(MonteCarloTest, AKpiWithAKnownDistributionHasItsMeanVarianceAndQuantiles) {
  const Model model(single_office(3.0, 1000, 2, 100));
  constexpr std::uint64_t kReplications = 2000;
  const MonteCarloResult mc = run_monte_carlo(model, {.replications = kReplications, .bands = false});
  const KpiSummary demand = mc.statistics->network_kpi("demand");
  EXPECT_LE(demand.ci_low, 300.0);
  EXPECT_GE(demand.ci_high, 300.0);
  // The sample variance of 2,000 Poisson(300) values has a standard error of about
  // 300 * sqrt(2 / 1999) = 9.5 (plus a little excess kurtosis).
  EXPECT_NEAR(demand.sd * demand.sd, 300.0, 4 * 9.6);
  const boost::math::poisson poisson(300.0);
  for (const auto& [q, estimate] : {std::pair{0.05, demand.p5}, std::pair{0.5, demand.p50},
                                    std::pair{0.95, demand.p95}}) {
    EXPECT_NEAR(estimate, boost::math::quantile(poisson, q), 5.0) << q;
  }
}

// End to end through the runner: over 400 studies of 20 replications each (seeds 1..400),
// the 95% interval of mean total demand covers the true 300 about 95% of the time.
TEST(MonteCarloTest, IntervalsOfTheMeanCoverTheTruthNinetyFivePercentOfTheTime) {
  const Model model(single_office(3.0, 1000, 2, 100));
  constexpr int kStudies = 400;
  int covered = 0;
  for (int study = 1; study <= kStudies; ++study) {
    const MonteCarloResult mc = run_monte_carlo(
        model, {.seed = static_cast<std::uint64_t>(study), .replications = 20, .threads = 1,
                .bands = false});
    const KpiSummary demand = mc.statistics->network_kpi("demand");
    if (demand.ci_low <= 300.0 && 300.0 <= demand.ci_high) ++covered;
  }
  const double coverage = static_cast<double>(covered) / kStudies;
  EXPECT_NEAR(coverage, 0.95, 3 * std::sqrt(0.95 * 0.05 / kStudies)) << coverage;
}

TEST(MonteCarloTest, MemoryDoesNotGrowWithTheReplications) {
  const auto elements = [](std::uint64_t n) {
    return run_monte_carlo(bengkulu(), {.replications = n}).statistics->stored_elements();
  };
  const std::size_t after_50 = elements(50);
  const std::size_t after_800 = elements(800);
  // Storing each replication's values would multiply the count by 16; a sketch takes its
  // fixed bins once its KPI varies at all (measured: 242,425 after 50, 250,361 after 800
  // and after 3,200).
  EXPECT_LT(static_cast<double>(after_800), 1.1 * static_cast<double>(after_50))
      << after_50 << " -> " << after_800;
}

struct Interrupted {};

TEST(MonteCarloTest, AResumedRunEndsWithTheOutputsOfAnUninterruptedOne) {
  const auto checkpoint = temp_file("resume.ckpt");
  const std::string uninterrupted = outputs_of(run_monte_carlo(bengkulu(), {.replications = 40}));

  // Killed after 17 replications, with a checkpoint after every one.
  MonteCarloOptions options{.replications = 40, .checkpoint = checkpoint,
                            .checkpoint_seconds = 0, .resume = true};
  options.progress = [](const MonteCarloProgress& p) {
    if (p.done == 17) throw Interrupted{};
  };
  EXPECT_THROW((void)run_monte_carlo(bengkulu(), options), Interrupted);
  ASSERT_TRUE(std::filesystem::exists(checkpoint));

  options.progress = nullptr;
  const MonteCarloResult resumed = run_monte_carlo(bengkulu(), options);
  EXPECT_EQ(resumed.resumed, 17U);
  EXPECT_EQ(outputs_of(resumed), uninterrupted);

  // A finished run extended to more replications equals a run of that many.
  options.replications = 55;
  const MonteCarloResult extended = run_monte_carlo(bengkulu(), options);
  EXPECT_EQ(extended.resumed, 40U);
  EXPECT_EQ(outputs_of(extended), outputs_of(run_monte_carlo(bengkulu(), {.replications = 55})));
  std::filesystem::remove(checkpoint);
}

TEST(MonteCarloTest, ACheckpointOfAnotherRunIsRefusedWithTheReason) {
  const auto checkpoint = temp_file("other.ckpt");
  (void)run_monte_carlo(bengkulu(), {.replications = 3, .checkpoint = checkpoint});
  const auto refused = [&](const MonteCarloOptions& options, const Model& model,
                           const std::string& reason) {
    try {
      (void)run_monte_carlo(model, options);
      ADD_FAILURE() << "expected a refusal: " << reason;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(checkpoint.string()), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
    }
  };
  refused({.seed = 99, .replications = 5, .checkpoint = checkpoint, .resume = true}, bengkulu(),
          "seed");
  refused({.replications = 5, .bands = false, .checkpoint = checkpoint, .resume = true},
          bengkulu(), "bands");
  refused({.replications = 2, .checkpoint = checkpoint, .resume = true}, bengkulu(),
          "more than the 2");
  const Model other(single_office(3.0, 1000, 2, 366));
  refused({.seed = bengkulu().scenario().seed, .replications = 5, .checkpoint = checkpoint,
           .resume = true},
          other, "checkpoint");

  std::filesystem::resize_file(checkpoint, 40);
  refused({.replications = 5, .checkpoint = checkpoint, .resume = true}, bengkulu(), "truncated");
  std::filesystem::remove(checkpoint);
}

TEST(MonteCarloTest, BadOptionsAreRefused) {
  EXPECT_THROW((void)run_monte_carlo(bengkulu(), {.replications = 0}), Error);
  EXPECT_THROW((void)run_monte_carlo(bengkulu(), {.replications = 2, .confidence = 1.5}), Error);
  EXPECT_THROW((void)run_monte_carlo(bengkulu(), {.replications = 2, .resume = true}), Error);
  if (!MpiSession::available()) {
    EXPECT_THROW((void)run_monte_carlo(bengkulu(), {.replications = 2, .mpi = true}), Error);
  }
}

TEST(MonteCarloTest, UnknownKpiNamesSuggestTheClosest) {
  try {
    (void)kpi_index("fill_rat");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("fill_rate"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace blanko
