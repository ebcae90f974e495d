#pragma once
// The subcommands of the `blanko` tool. Each add_<name>_command() registers its options on
// the top-level app and returns what main() needs to run it once parsing has succeeded.

#include <blanko/model.hpp>

#include <CLI/CLI.hpp>

#include <functional>
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

/// Adds the SCENARIO positional and the repeatable `--set` to `app`.
void add_scenario_args(CLI::App& app, ScenarioArgs& args);

/// Loads the scenario with its overrides and compiles it; ScenarioError on bad input.
[[nodiscard]] Model load_model(const ScenarioArgs& args);

Command add_compare_command(CLI::App& app);
Command add_run_command(CLI::App& app);
Command add_validate_command(CLI::App& app);

}  // namespace blanko::cli
