#pragma once
/// \file scenario_loader.hpp
/// Reading scenarios from YAML (format: docs/scenario-format.md). The loader checks
/// syntax, keys and types, resolves defaults per node kind, CSV node tables and lane
/// rules, and returns a plain Scenario whose items carry their file, line, column and key
/// path; Model then checks the values. Every problem is a ScenarioError naming the place.
///
/// \code
///   auto s = blanko::load_scenario("scenarios/bengkulu-2024.yaml",
///                                  {"scenario.seed=7", "defaults.kabkota.office.printers=3"});
/// \endcode

#include <blanko/scenario.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace blanko {

/// A scenario's YAML text with the name its messages use and the directory its CSV paths
/// resolve against: read once, then loaded with different overrides (the cells of a sweep,
/// the policy sets of a comparison, a Python `Scenario.set`).
/// \code
///   const auto source = blanko::ScenarioSource::read("scenarios/bengkulu-2024.yaml");
///   blanko::Scenario a = source.load({"scenario.seed=1"}), b = source.load({"scenario.seed=2"});
/// \endcode
struct ScenarioSource {
  std::string text;
  std::string name;                     ///< the file, or what stands for it in messages
  std::filesystem::path base_dir = ".";

  /// Reads `file`; ScenarioError naming it when it cannot be read.
  [[nodiscard]] static ScenarioSource read(const std::filesystem::path& file);
  /// The scenario with `overrides` (as load_scenario takes them) applied.
  [[nodiscard]] Scenario load(const std::vector<std::string>& overrides = {}) const;
  /// The YAML text with `overrides` applied, as load() reads it (comments are not kept):
  /// what a changed scenario is, to save or to read back as data.
  [[nodiscard]] std::string text_with(const std::vector<std::string>& overrides) const;
  /// text_with() with the paths of its CSV tables (a node `table`, an event's
  /// `requests_csv`) made absolute, so that the text reads the same tables wherever it is
  /// saved (the scenario `blanko plan` writes with its recommendation).
  [[nodiscard]] std::string standalone_text(const std::vector<std::string>& overrides) const;
};

/// The text of an input file (`what`: "report data"), with the checks every input of
/// blanko gets: a regular file (not a FIFO, device or directory) of at most 64 MiB; a
/// ScenarioError naming the file otherwise.
[[nodiscard]] std::string read_input_text(const std::filesystem::path& file, std::string_view what);

/// Loads a scenario file. `overrides` are `key.path=value` strings (the CLI's `--set`)
/// applied to the YAML tree before it is read: dotted map keys, sequence positions as
/// numbers (`lanes.0.min_lot`), or a sequence element by its `id` (`nodes.pusat.initial_stock`).
[[nodiscard]] Scenario load_scenario(const std::filesystem::path& file,
                                     const std::vector<std::string>& overrides = {});

/// Reads a scenario from YAML text; `source_name` is used in error messages and relative
/// CSV paths resolve against `base_dir`.
[[nodiscard]] Scenario parse_scenario(std::string_view yaml_text, std::string_view source_name,
                                      const std::filesystem::path& base_dir = ".",
                                      const std::vector<std::string>& overrides = {});

}  // namespace blanko
