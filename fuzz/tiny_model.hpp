#pragma once
// The small model the checkpoint and report fuzzers run, and the seed inputs they write
// for fuzz/run.sh: each run of a fuzzer replays some of it, so it must be quick.

#include <blanko/blanko.hpp>

#include <cstdlib>
#include <filesystem>
#include <functional>

namespace blanko::fuzz {

// Two offices under one province for four weeks.
inline constexpr const char* kTinyScenario =
    R"(scenario: {name: Fuzz network, start: 2024-01-01, end: 2024-01-28, seed: 7}
defaults:
  kabkota:
    office: {printers: 1, cards_per_printer_per_day: 40}
    demand: {annual_rate: 0.13, wajib_ktp_share: 0.73}
    replenishment: {policy: s_S, s: {days_of_demand: 5}, S: {days_of_demand: 15}}
  province:
    replenishment: {policy: base_stock, S: {days_of_demand: 20}, review_period_days: 7}
nodes:
  - {id: pusat, kind: centre, initial_stock: 5000}
  - {id: prov, kind: province, parent: pusat, initial_stock: 300}
  - {id: a, kind: kabkota, parent: prov, population: 40000, initial_stock: 100}
  - {id: b, kind: kabkota, parent: prov, population: 90000, initial_stock: 50}
lanes:
  - {from: pusat, to: prov, lead_time: {dist: uniform, low: 3, high: 6}}
  - {from: prov, to: {kind: kabkota}, lead_time: 2}
)";

inline Model tiny_model() { return Model(parse_scenario(kTinyScenario, "fuzz-network.yaml")); }

/// With BLANKO_FUZZ_WRITE_SEED=DIR in the environment, `write(DIR)` writes the fuzzer's seed
/// inputs into DIR and the process exits; otherwise nothing happens. Call it from
/// LLVMFuzzerInitialize, before libFuzzer starts.
inline void write_seeds_if_asked(const std::function<void(const std::filesystem::path&)>& write) {
  const char* dir = std::getenv("BLANKO_FUZZ_WRITE_SEED");
  if (dir == nullptr) return;
  std::filesystem::create_directories(dir);
  write(dir);
  std::exit(0);
}

}  // namespace blanko::fuzz
