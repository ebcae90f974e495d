#pragma once
/// \file provenance.hpp
/// What produced an output: blanko's version, the command line, the scenario file with the
/// SHA-256 of its text and the `--set` overrides. Every summary.json, compare.json,
/// sweep.json and meta.json records it (under "meta"), together with each KPI's unit,
/// aggregation and description, so that a file found on a shared drive months later still
/// says where its numbers came from.
///
/// \code
///   blanko::MonteCarloResult mc = blanko::run_monte_carlo(model, {.replications = 100});
///   mc.provenance.command = "my_tool --study 3";  // optional: who asked
/// \endcode

#include <blanko/scenario.hpp>

#include <string>
#include <vector>

namespace blanko {

/// Where a result came from.
struct Provenance {
  std::string command;          ///< the command line (the CLI's, shell-quoted); empty from code
  std::string scenario_file;    ///< as given; empty for a scenario built in code
  std::string scenario_sha256;  ///< of the scenario's YAML text (Scenario::source_sha256)
  std::vector<std::string> overrides;  ///< `--set key.path=value`, in order
};

/// The provenance of a result of `scenario` (file, hash and overrides), with `command`.
[[nodiscard]] Provenance provenance_of(const Scenario& scenario, std::string command = {});

}  // namespace blanko
