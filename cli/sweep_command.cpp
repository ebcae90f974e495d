#include "commands.hpp"
#include "interrupt.hpp"
#include "progress.hpp"

#include <blanko/sweep.hpp>

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace blanko::cli {
namespace {

// A sweep's cells are compared with each other, so each needs a usable interval.
constexpr std::uint64_t kDefaultReplications = 100;

struct SweepArgs {
  ScenarioArgs scenario;
  MonteCarloArgs monte_carlo;
  std::vector<std::string> axes;
  ReportArgs report;
  std::string out_dir;
  bool quiet = false;
};

int run(const SweepArgs& args) {
  std::vector<SweepAxis> axes;
  for (const std::string& text : args.axes) axes.push_back(parse_sweep_axis(text));
  MonteCarloOptions options = args.monte_carlo.options(kDefaultReplications);
  ProgressBar progress(!args.quiet);
  options.progress = [&](const MonteCarloProgress& p) {
    stop_if_interrupted();
    progress.update(p.done, p.total, 0, p.elapsed_seconds);
  };
  std::size_t cells = 1;
  for (const SweepAxis& axis : axes) cells *= axis.values.size();
  if (!args.quiet) {
    fmt::print(stderr, "blanko: sweeping {}: {} cells x {} replications\n", args.scenario.file,
               cells, options.replications);
  }
  std::optional<OutputDirectory> out = open_outputs(args.out_dir, args.report);
  catch_interrupts();
  Sweep result = sweep(args.scenario.file, axes, args.scenario.overrides, options);
  result.provenance.command = command_line();
  progress.finish();
  stop_if_interrupted();
  if (!args.quiet) {
    write_sweep_table(std::cout, result);
    std::cout.flush();
  }
  if (out) write_sweep_outputs(*out, result);
  if (args.report.requested() || out) {
    const Model base(load_scenario(args.scenario.file, args.scenario.overrides));
    const std::string page =
        write_report_outputs(args.report, out ? &*out : nullptr, report_data(base, result));
    if (!page.empty() && !args.quiet) fmt::print(stderr, "blanko: wrote {}\n", page);
  }
  if (out) {
    out->finish();  // last: the manifest says the directory is complete
    if (!args.quiet) fmt::print(stderr, "blanko: wrote {}\n", args.out_dir);
  }
  return 0;
}

}  // namespace

Command add_sweep_command(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* sub = app.add_subcommand(
      "sweep", "Monte Carlo runs over a grid of scenario values (same seed in every cell)");
  add_scenario_args(*sub, args->scenario);
  add_repeatable_option(*sub, "--vary", args->axes,
                        "An axis of the grid: key.path=value1,value2,... (repeatable; the grid "
                        "is every combination), e.g. --vary "
                        "defaults.kabkota.replenishment.safety_days=0,7,14",
                        "KEY=V1,V2,...")
      ->required();
  add_monte_carlo_args(*sub, args->monte_carlo);
  add_report_args(*sub, args->report);
  sub->add_option("--out", args->out_dir,
                  "Write sweep.csv, sweep.json and sweep_replications.csv into this directory");
  sub->add_flag("-q,--quiet", args->quiet, "Print neither the table nor progress");
  return {sub, [args] { return run(*args); }};
}

}  // namespace blanko::cli
