#include "commands.hpp"

#include <blanko/report.hpp>
#include <blanko/scenario.hpp>
#include <blanko/simulation.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace blanko::cli {
namespace {

struct RunArgs {
  ScenarioArgs scenario;
  std::uint64_t seed = 0;
  CLI::Option* seed_option = nullptr;  // tells "--seed 0" from no --seed
  std::string out_dir;
  bool no_timeseries = false;
  bool quiet = false;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int run(const RunArgs& args) {
  // Status goes to stderr so that stdout carries only the table (pipe-friendly).
  auto status = [&](const std::string& text) {
    if (!args.quiet) fmt::print(stderr, "blanko: {}\n", text);
  };

  status(fmt::format("loading {}", args.scenario.file));
  const Model model = load_model(args.scenario);

  RunOptions options;
  if (args.seed_option->count() > 0) options.seed = args.seed;
  // Only --out reads the daily series; the table does not need them.
  options.record_timeseries = !args.out_dir.empty() && !args.no_timeseries;
  status(fmt::format("running {}: {} nodes, {} days, seed {}", model.scenario().name,
                     model.network().node_count(), model.horizon_days(),
                     options.seed.value_or(model.scenario().seed)));
  const auto started = std::chrono::steady_clock::now();
  const RunResult result = simulate(model, options);
  status(fmt::format("simulated {} events in {:.3f} s", result.events, seconds_since(started)));

  if (!args.quiet) {
    write_summary_table(std::cout, model, result);
    std::cout.flush();
  }
  if (!args.out_dir.empty()) {
    write_outputs(args.out_dir, model, result);
    status(fmt::format("wrote {}", args.out_dir));
  }
  return 0;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* sub = app.add_subcommand("run", "Run one replication of a scenario");
  add_scenario_args(*sub, args->scenario);
  args->seed_option =
      sub->add_option("--seed", args->seed, "Random seed (default: the scenario's seed)");
  sub->add_option("--out", args->out_dir,
                  "Write summary.json, kpis.csv and timeseries.csv into this directory");
  sub->add_flag("--no-timeseries", args->no_timeseries, "With --out: skip timeseries.csv");
  sub->add_flag("-q,--quiet", args->quiet, "Print neither the summary table nor progress");
  return {sub, [args] { return run(*args); }};
}

}  // namespace blanko::cli
