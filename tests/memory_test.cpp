// The memory a run takes is known before it allocates (memory.hpp): a run above the limit is
// refused with a message that says what takes the memory, and nothing is allocated first.
#include <blanko/memory.hpp>
#include <blanko/model.hpp>
#include <blanko/monte_carlo.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace blanko {
namespace {

const std::filesystem::path kBengkulu =
    std::filesystem::path(BLANKO_SOURCE_DIR) / "scenarios" / "bengkulu-2024.yaml";

// Restores the default limit whatever a test sets.
class MemoryTest : public ::testing::Test {
 protected:
  void TearDown() override { set_memory_limit(0); }
};

TEST_F(MemoryTest, SizesParseAndPrintInBinaryUnits) {
  EXPECT_EQ(parse_bytes("4G"), std::uint64_t{4} << 30);
  EXPECT_EQ(parse_bytes("512M"), std::uint64_t{512} << 20);
  EXPECT_EQ(parse_bytes("2GiB"), std::uint64_t{2} << 30);
  EXPECT_EQ(parse_bytes("1.5k"), 1536u);
  EXPECT_EQ(parse_bytes("1000000"), 1000000u);
  EXPECT_EQ(parse_bytes("0"), 0u);
  EXPECT_EQ(parse_bytes("-1G"), 0u);
  EXPECT_EQ(parse_bytes("12X"), 0u);
  EXPECT_EQ(parse_bytes("1e300"), 0u);
  EXPECT_EQ(parse_bytes(""), 0u);
  EXPECT_EQ(format_bytes(std::uint64_t{3} << 29), "1.5 GiB");
  EXPECT_EQ(format_bytes(std::uint64_t{10} << 20), "10 MiB");
  EXPECT_EQ(format_bytes(100), "1 KiB");
}

TEST_F(MemoryTest, TheDefaultLimitIsThreeQuartersOfTheMachineAndCanBeSet) {
  EXPECT_GT(memory_limit(), std::uint64_t{1} << 28);
  set_memory_limit(std::uint64_t{5} << 20);
  EXPECT_EQ(memory_limit(), std::uint64_t{5} << 20);
  set_memory_limit(0);
  EXPECT_GT(memory_limit(), std::uint64_t{5} << 20);
}

TEST_F(MemoryTest, TheEstimateGrowsWithTheHorizon) {
  const Model year(load_scenario(kBengkulu));
  const Model decade(load_scenario(kBengkulu, {"scenario.end=2033-12-31"}));
  const MemoryEstimate a = year.memory_estimate();
  const MemoryEstimate b = decade.memory_estimate();
  EXPECT_GT(a.replication, 0u);
  // 10 offices x 4 classes x 367 cohort slots of 12 bytes at least.
  EXPECT_GE(a.replication, 10u * 4 * 367 * 12);
  // The negative binomial tables are a fixed part; the tables by day grow tenfold.
  EXPECT_GT(b.model, a.model + (std::uint64_t{1} << 20));
  EXPECT_GT(b.replication, 5 * a.replication);
  // 6 series x 366 days x 12 nodes x 8 bytes.
  EXPECT_EQ(a.timeseries, 6u * 366 * 12 * 8);
}

TEST_F(MemoryTest, AModelAboveTheLimitIsRefusedBeforeItIsBuilt) {
  set_memory_limit(std::uint64_t{32} << 20);
  try {
    const Model model(load_scenario(kBengkulu, {"scenario.end=2123-12-31"}));
    FAIL() << "a 100-year model was built under a 32 MiB limit";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("this run needs about"), std::string::npos) << what;
    EXPECT_NE(what.find("more than the memory limit of 32 MiB"), std::string::npos) << what;
    EXPECT_NE(what.find("--max-memory"), std::string::npos) << what;
    EXPECT_EQ(e.where().key_path, "scenario") << what;
  }
}

TEST_F(MemoryTest, MonteCarloCountsEveryThreadAndTheResults) {
  const Model model(load_scenario(kBengkulu, {"scenario.end=2043-12-31"}));
  const MemoryEstimate m = model.memory_estimate();
  // Room for the model and two replications, not for 64 threads' worth.
  set_memory_limit(m.model + 2 * m.replication + (std::uint64_t{64} << 20));
  MonteCarloOptions options;
  options.replications = 2;
  options.threads = 1;
  EXPECT_NO_THROW((void)run_monte_carlo(model, options));
  options.threads = 64;
  options.replications = 64;
  try {
    (void)run_monte_carlo(model, options);
    FAIL() << "64 threads fitted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("x 64 threads"), std::string::npos) << e.what();
  }
}

TEST_F(MemoryTest, ATimeseriesAboveTheLimitIsRefused) {
  const Model model(load_scenario(kBengkulu, {"scenario.end=2083-12-31"}));
  const MemoryEstimate m = model.memory_estimate();
  set_memory_limit(m.model + m.replication + m.timeseries / 2);
  RunOptions options;
  options.record_timeseries = false;
  EXPECT_NO_THROW((void)simulate(model, options));
  options.record_timeseries = true;
  EXPECT_THROW((void)simulate(model, options), ScenarioError);
}

}  // namespace
}  // namespace blanko
