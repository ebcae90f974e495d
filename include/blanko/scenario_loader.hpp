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
