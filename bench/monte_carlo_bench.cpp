// Monte Carlo throughput of the national scenario: replications per second on one core and
// on every core (the oneTBB pipeline with its in-order fold), and the cost of folding one
// replication into the statistics (the serial part of every run).
#include <blanko/blanko.hpp>

#include "../lib/detail/replication_pipeline.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <thread>

namespace {

const blanko::Model& national() {
  static const blanko::Model model(blanko::load_scenario(std::string(BLANKO_SOURCE_DIR) +
                                                         "/scenarios/indonesia-2024.yaml"));
  return model;
}

// state.range(0): threads (0: every core). Each iteration is a whole run of 96
// replications, with the daily bands of the network and the 38 provinces (the CLI's
// default): its set-up (statistics, one Simulation per thread) and the pipeline's ramp-up
// and tail are included, so long runs do a little better.
void BM_MonteCarloNational(benchmark::State& state) {
  constexpr std::uint64_t kReplications = 96;
  const auto threads = static_cast<unsigned>(state.range(0));
  std::uint64_t done = 0;
  for (auto _ : state) {
    const blanko::MonteCarloResult result =
        blanko::run_monte_carlo(national(), {.replications = kReplications, .threads = threads});
    done += result.statistics->replications();
  }
  state.counters["replications_per_s"] =
      benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
  state.counters["threads"] = threads == 0 ? std::thread::hardware_concurrency() : threads;
}

void BM_FoldNationalReplication(benchmark::State& state) {
  const std::vector<blanko::NodeGroup> groups = blanko::network_and_province_groups(national());
  blanko::MonteCarloStatistics statistics(national(), groups);
  const blanko::RunResult run = blanko::simulate(
      national(), {.seed = 1, .replication = 0, .record_timeseries = false, .node_groups = groups});
  blanko::detail::ReplicationRecord record;
  blanko::detail::flatten(run, record);
  for (auto _ : state) statistics.add_record(record.values);
  state.counters["values_per_replication"] = static_cast<double>(record.values.size());
}

BENCHMARK(BM_MonteCarloNational)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FoldNationalReplication)->Unit(benchmark::kMicrosecond);

}  // namespace
