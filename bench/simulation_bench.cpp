// One replication-year of the bundled scenarios on one core: the headline speed of blanko.
// The Model is compiled once outside the loop (as in Monte Carlo runs); each iteration is
// one full replication with its own seed.
#include <blanko/blanko.hpp>

#include <benchmark/benchmark.h>

#include <map>
#include <string>

namespace {

const blanko::Model& model_of(const std::string& name) {
  static std::map<std::string, blanko::Model> models;
  auto it = models.find(name);
  if (it == models.end()) {
    it = models
             .emplace(name, blanko::Model(blanko::load_scenario(std::string(BLANKO_SOURCE_DIR) +
                                                                "/scenarios/" + name + ".yaml")))
             .first;
  }
  return it->second;
}

void run_replications(benchmark::State& state, const std::string& name, bool timeseries) {
  const blanko::Model& model = model_of(name);
  blanko::Simulation simulation(model);
  std::uint64_t replication = 0;
  std::uint64_t events = 0;
  for (auto _ : state) {
    auto result = simulation.run({.seed = 1, .replication = replication++,
                                  .record_timeseries = timeseries});
    events += result.events;
    benchmark::DoNotOptimize(result.total.printed);
  }
  state.counters["offices"] = static_cast<double>(model.office_count());
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void BM_NationalReplicationYear(benchmark::State& state) {
  run_replications(state, "indonesia-2024", false);
}
void BM_NationalReplicationYearWithTimeseries(benchmark::State& state) {
  run_replications(state, "indonesia-2024", true);
}
void BM_BengkuluReplicationYear(benchmark::State& state) {
  run_replications(state, "bengkulu-2024", false);
}
void BM_CompileNationalModel(benchmark::State& state) {
  const auto scenario = blanko::load_scenario(std::string(BLANKO_SOURCE_DIR) +
                                              "/scenarios/indonesia-2024.yaml");
  for (auto _ : state) {
    blanko::Model model(scenario);
    benchmark::DoNotOptimize(&model);
  }
}

BENCHMARK(BM_NationalReplicationYear)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NationalReplicationYearWithTimeseries)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BengkuluReplicationYear)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CompileNationalModel)->Unit(benchmark::kMillisecond);

}  // namespace
