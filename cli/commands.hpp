#pragma once
// The subcommands of the `blanko` tool. Each add_<name>_command() registers its options on
// the top-level app and returns what main() needs to run it once parsing has succeeded.

#include <blanko/html_report.hpp>
#include <blanko/model.hpp>
#include <blanko/monte_carlo.hpp>
#include <blanko/output_directory.hpp>
#include <blanko/report.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace blanko::cli {

/// A registered subcommand: the CLI11 sub-app and the action that runs it, returning the
/// process exit code. The action may throw; main() maps exceptions to exit codes.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

/// The scenario arguments every command that reads a scenario takes.
struct ScenarioArgs {
  std::string file;
  std::vector<std::string> overrides;  ///< `--set key.path=value`, in command-line order
};

/// The Monte Carlo arguments of run, compare and sweep: --replications, --threads, --seed.
struct MonteCarloArgs {
  std::uint64_t replications = 0;
  unsigned threads = 0;
  std::uint64_t seed = 0;
  CLI::Option* replications_option = nullptr;
  CLI::Option* seed_option = nullptr;  // tells "--seed 0" from no --seed

  /// True when --replications was given.
  [[nodiscard]] bool requested() const { return replications_option->count() > 0; }
  /// The options these arguments ask for (`default_replications` without --replications).
  [[nodiscard]] MonteCarloOptions options(std::uint64_t default_replications = 1) const;
};

/// The row options of the printed tables: --level, --within, --top, --by-province,
/// --no-legend.
struct TableArgs {
  std::string level = "all";
  std::string within;
  std::size_t top = 0;
  bool by_province = false;
  bool no_legend = false;
  CLI::Option* top_option = nullptr;

  /// The options these arguments ask for.
  [[nodiscard]] TableOptions options() const;
};

/// --report FILE and --lang: the planner's HTML report of a run (html_report.hpp).
struct ReportArgs {
  std::string file;
  std::string lang = "id";
  CLI::Option* report_option = nullptr;

  [[nodiscard]] bool requested() const { return !file.empty(); }
  [[nodiscard]] ReportLanguage language() const;
};

/// Adds --report and --lang to `app`.
void add_report_args(CLI::App& app, ReportArgs& args);

/// The `--out DIR` of a run, opened before the run so that one that cannot be written fails
/// at once (OutputError, exit 2), not after hours; none without --out. With `report`, also
/// checks that the page can be written.
[[nodiscard]] std::optional<OutputDirectory> open_outputs(const std::string& out_dir,
                                                          const ReportArgs& report);

/// Writes what a run's `--out DIR` and `--report FILE` ask of its report `data`:
/// DIR/report.json (the data, for `blanko report DIR`) and the page, listed in DIR's
/// manifest when it is in DIR. Returns the page's path (empty when none was asked).
std::string write_report_outputs(const ReportArgs& args, OutputDirectory* out,
                                 const std::string& data);

/// Accepts the digits of a uint64 and nothing else (CLI11 alone reads -1 and 2^64 into an
/// unsigned option as 2^64 - 1).
CLI::Validator whole_number_validator();

/// Adds the table options to `app`.
void add_table_args(CLI::App& app, TableArgs& args);

/// Adds --threads (-j) to `app`: 1 to 4096 worker threads; unset, every core.
CLI::Option* add_threads_option(CLI::App& app, unsigned& threads);

/// Adds --replications, --threads and --seed to `app`.
void add_monte_carlo_args(CLI::App& app, MonteCarloArgs& args);

/// Adds a repeatable option taking one value per occurrence (so that `--set a=1 SCENARIO`
/// never swallows the scenario), collected in command-line order.
CLI::Option* add_repeatable_option(CLI::App& app, const std::string& name,
                                   std::vector<std::string>& values, const std::string& help,
                                   const std::string& type_name);

/// Adds the SCENARIO positional and the repeatable `--set` to `app`.
void add_scenario_args(CLI::App& app, ScenarioArgs& args);

/// Loads the scenario with its overrides and compiles it; ScenarioError on bad input.
[[nodiscard]] Model load_model(const ScenarioArgs& args);

/// The command line this process was started with, shell-quoted (recorded in the outputs'
/// meta); set once by main().
[[nodiscard]] const std::string& command_line();
void set_command_line(int argc, const char* const* argv);

Command add_compare_command(CLI::App& app);
Command add_run_command(CLI::App& app);
Command add_sweep_command(CLI::App& app);
Command add_validate_command(CLI::App& app);
Command add_report_command(CLI::App& app);
Command add_plan_command(CLI::App& app);

}  // namespace blanko::cli
