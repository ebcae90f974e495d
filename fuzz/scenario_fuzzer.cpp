// libFuzzer target: a scenario's YAML text, with overrides, through everything a `blanko run`
// does with it: load, compile the Model, simulate one replication and write every output
// (kpis.csv, timeseries.csv, summary.json, meta.json, the summary table, the report data and
// its HTML page) into memory.
//
// Input: YAML text. Lines that start with `#%set ` (a YAML comment, so the text stays a
// scenario) are also applied as `--set` overrides, as the CLI applies them: the fuzzer
// mutates a scenario and its overrides at once.
//
// What counts as a finding: a sanitizer report, a crash, a hang, an allocation above the
// limit, or any exception other than bad input. ScenarioError and InputError are the answers
// to bad input (exit 2 in the CLI); anything else escaping — a ModelError (a broken
// invariant), std::out_of_range, a JSON error — is a bug, and aborts so libFuzzer keeps the
// input.

#include "tiny_model.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

// Scenario-relative CSV paths resolve here, as for the bundled scenarios.
constexpr const char* kScenarioDir = BLANKO_FUZZ_SCENARIO_DIR;

// A fuzzed scenario may ask for a century of 500 offices: that is bad input only past the
// memory limit, and takes seconds per run. The fuzzer looks for wrong behaviour, not slow
// runs, so it simulates only models up to this many node-days (Bengkulu's year is 4,392).
constexpr std::int64_t kMaxNodeDays = 20'000;

std::vector<std::string> overrides_in(std::string_view text) {
  constexpr std::string_view kMarker = "#%set ";
  std::vector<std::string> overrides;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    if (line.starts_with(kMarker)) overrides.emplace_back(line.substr(kMarker.size()));
    at = end + 1;
  }
  return overrides;
}

void write_everything(const blanko::Model& model, const blanko::RunResult& result) {
  std::ostringstream sink;
  blanko::write_summary_table(sink, model, result);
  blanko::write_kpis_csv(sink, model, result);
  blanko::write_timeseries_csv(sink, model, result);
  blanko::write_summary_json(sink, model, result, "blanko run fuzz.yaml");
  blanko::write_meta_json(sink, model, result);
  const std::string data = blanko::report_data(model, result, "blanko run fuzz.yaml");
  for (const auto language : {blanko::ReportLanguage::id, blanko::ReportLanguage::en}) {
    blanko::write_html_report(sink, data, language);
  }
}

[[noreturn]] void bug(const char* what, const std::exception* e) {
  std::fprintf(stderr, "scenario_fuzzer: %s escaped: %s\n", what, e != nullptr ? e->what() : "?");
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // The Model refuses, as bad input, what would not fit: well below libFuzzer's RSS limit.
  blanko::set_memory_limit(std::uint64_t{512} << 20);
  // Besides fuzz/corpus/scenario and the bundled scenarios: the small network, with overrides.
  blanko::fuzz::write_seeds_if_asked([](const std::filesystem::path& dir) {
    std::ofstream(dir / "tiny-with-overrides.yaml")
        << blanko::fuzz::kTinyScenario
        << "#%set scenario.seed=11\n#%set nodes.a.office.printers=3\n"
           "#%set lanes.0.lead_time={dist: triangular, low: 1, mode: 4, high: 9}\n";
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    blanko::Scenario scenario =
        blanko::parse_scenario(text, "fuzz.yaml", kScenarioDir, overrides_in(text));
    const blanko::Model model(std::move(scenario));
    if (std::int64_t{model.horizon_days()} * model.network().node_count() > kMaxNodeDays) return 0;
    const blanko::RunResult result = blanko::simulate(model);
    write_everything(model, result);
  } catch (const blanko::ScenarioError&) {
  } catch (const blanko::InputError&) {
  } catch (const blanko::ModelError& e) {
    bug("ModelError", &e);
  } catch (const std::exception& e) {
    bug("an exception", &e);
  }
  return 0;
}
