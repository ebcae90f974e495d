#include <blanko/compare.hpp>

#include "commands.hpp"
#include "interrupt.hpp"
#include "progress.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace blanko::cli {
namespace {

// Enough for a first paired interval; studies ask for more with --replications.
constexpr std::uint64_t kDefaultReplications = 20;

struct CompareArgs {
  ScenarioArgs scenario;
  std::vector<std::string> policy_sets;
  MonteCarloArgs monte_carlo;
  double min_difference = CompareOptions{}.min_difference;
  ReportArgs report;
  std::string out_dir;
  bool quiet = false;
};

// A finite relative difference in [0, kMaxMinDifference]; the message says what is expected.
std::string check_min_difference(const std::string& text) {
  char* end = nullptr;
  const double r = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(r) || r < 0 ||
      r > kMaxMinDifference) {
    return fmt::format("expected a relative difference in [0, {}] such as 0.05 for 5%, got '{}'",
                       kMaxMinDifference, text);
  }
  return {};
}

int run(const CompareArgs& args) {
  auto status = [&](const std::string& text) {
    if (!args.quiet) fmt::print(stderr, "blanko: {}\n", text);
  };

  std::vector<PolicySet> sets;
  for (const std::string& file : args.policy_sets) sets.push_back(load_policy_set(file));

  const MonteCarloOptions monte_carlo = args.monte_carlo.options(kDefaultReplications);
  CompareOptions options;
  options.replications = monte_carlo.replications;
  options.seed = monte_carlo.seed;
  options.threads = monte_carlo.threads;
  options.min_difference = args.min_difference;
  ProgressBar progress(!args.quiet);
  const auto started = std::chrono::steady_clock::now();
  options.progress = [&](std::uint64_t done, std::uint64_t total) {
    stop_if_interrupted();
    progress.update(done, total, 0,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  };
  std::optional<OutputDirectory> out = open_outputs(args.out_dir, args.report);
  status(fmt::format("comparing {} policy sets on {}, {} replication{} each", sets.size(),
                     args.scenario.file, options.replications, options.replications == 1 ? "" : "s"));
  catch_interrupts();
  Comparison comparison = compare(args.scenario.file, sets, args.scenario.overrides, options);
  comparison.provenance.command = command_line();
  progress.finish();
  stop_if_interrupted();

  if (!args.quiet) {
    write_comparison_table(std::cout, comparison);
    std::cout.flush();
  }
  if (out) write_comparison_outputs(*out, comparison);
  if (args.report.requested() || out) {
    // The scenario at a glance is the reference's: the scenario with the first set applied.
    std::vector<std::string> overrides = args.scenario.overrides;
    overrides.insert(overrides.end(), sets[0].overrides.begin(), sets[0].overrides.end());
    const Model reference(load_scenario(args.scenario.file, overrides));
    const std::string page = write_report_outputs(args.report, out ? &*out : nullptr,
                                                  report_data(reference, comparison, {}, sets));
    if (!page.empty()) status(fmt::format("wrote {}", page));
  }
  if (out) {
    out->finish();  // last: the manifest says the directory is complete
    status(fmt::format("wrote {}", args.out_dir));
  }
  return 0;
}

}  // namespace

Command add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* sub = app.add_subcommand(
      "compare", "Compare policy sets on the same scenario with common random numbers");
  add_scenario_args(*sub, args->scenario);
  add_repeatable_option(*sub, "--policy-set", args->policy_sets,
                        "A YAML file of overrides (name:, set:); give two or more, the first is "
                        "the reference",
                        "FILE")
      ->required();
  add_monte_carlo_args(*sub, args->monte_carlo);
  add_report_args(*sub, args->report);
  sub->add_option("--min-difference", args->min_difference,
                  "The smallest difference that names a winner, relative to the other "
                  "configuration's mean: 0.05 for 5% (default 0.01; 0: significance alone "
                  "decides)")
      ->type_name("R")
      ->check(CLI::Validator(check_min_difference, "", "min-difference"));
  sub->add_option("--out", args->out_dir,
                  "Write compare.csv, compare.json and compare_replications.csv into this "
                  "directory");
  sub->add_flag("-q,--quiet", args->quiet, "Print neither the table nor progress");
  sub->parse_complete_callback([args] {
    if (args->policy_sets.size() < 2) {
      throw CLI::ValidationError("--policy-set", "give at least two policy sets to compare");
    }
  });
  return {sub, [args] { return run(*args); }};
}

}  // namespace blanko::cli
