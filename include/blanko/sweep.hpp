#pragma once
/// \file sweep.hpp
/// Sweeps: a grid of Monte Carlo runs over scenario values, for reorder-point, lot-size or
/// procurement-date studies. Each axis is a `--set` key path with a list of values; every
/// combination (a cell) is the scenario with those overrides, run for the same seed and
/// replications (common random numbers across cells, so neighbouring cells differ by the
/// policy, not by the luck of the draw). An axis over `scenario.seed` gives each cell its
/// own seed instead; `options.seed` sets one seed for every cell.
///
/// \code
///   std::vector<blanko::SweepAxis> axes{
///       blanko::parse_sweep_axis("defaults.kabkota.replenishment.safety_days=0,7,14"),
///       blanko::parse_sweep_axis("defaults.kabkota.replenishment.review_period_days=7,14")};
///   blanko::Sweep s = blanko::sweep("scenarios/bengkulu-2024.yaml", axes, {},
///                                   {.replications = 200});
///   // s.cells[i].values, s.cells[i].kpi("stockout_days").mean ...
/// \endcode

#include <blanko/monte_carlo.hpp>
#include <blanko/scenario_loader.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace blanko {

/// One dimension of the grid: a key path and its values, as `--set` would take them.
struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
};

/// Reads `key.path=v1,v2,...`. Commas inside braces or brackets belong to the value
/// (`{days_of_demand: 7},{days_of_demand: 14}` is two values). ScenarioError (key path
/// "--vary") when there is no `=`, no key or an empty value.
[[nodiscard]] SweepAxis parse_sweep_axis(std::string_view text);

/// One cell of the grid: its values (one per axis) and the network KPIs over replications.
struct SweepCell {
  std::vector<std::string> values;
  std::vector<KpiSummary> kpis;  ///< the network's, in kpi_table() order
  /// Every replication's network KPIs, as MonteCarloStatistics::network_values().
  std::vector<double> network_values;
  [[nodiscard]] const KpiSummary& kpi(std::string_view name) const;
};

struct Sweep {
  std::string scenario;
  std::uint64_t seed = 0;
  std::uint64_t replications = 0;
  double confidence = 0.95;
  std::vector<SweepAxis> axes;
  std::vector<SweepCell> cells;  ///< the first axis varies slowest
  Date start{};
  std::int32_t horizon_days = 0;
  /// The scenario file, its hash and the common overrides (set `command` to add it).
  Provenance provenance;
};

/// Runs every cell of the grid (cells one after another, each cell's replications in
/// parallel). `options.bands`, `checkpoint` and `mpi` are not used; `progress` sees the
/// replications of every cell as one run. Throws ScenarioError when a cell's scenario is
/// bad (naming the key) and blanko::Error on bad options (no axis, a repeated key).
[[nodiscard]] Sweep sweep(const std::filesystem::path& scenario_file,
                          std::span<const SweepAxis> axes,
                          const std::vector<std::string>& common_overrides,
                          const MonteCarloOptions& options);
/// The same from a scenario text already read (ScenarioSource).
[[nodiscard]] Sweep sweep(const ScenarioSource& source, std::span<const SweepAxis> axes,
                          const std::vector<std::string>& common_overrides,
                          const MonteCarloOptions& options);

/// How people read each axis: the last part of its key (`safety_days`), or as many trailing
/// parts as tell two axes apart (`lot.min` and `reserve.min`); the table's and the report's
/// axis headers.
[[nodiscard]] std::vector<std::string> sweep_axis_labels(std::span<const SweepAxis> axes);

/// A table with one row per cell: its values and the headline KPIs' means ± the
/// half-width of their interval. An axis column is headed by the last part of its key
/// (`safety_days`), or as many trailing parts as tell two axes apart; each KPI column reads
/// the same on every row, by its unit (shares in percent with one decimal, days with two,
/// counts and Rp as whole numbers). A legend follows: each axis's whole key, and each
/// KPI's description and unit.
void write_sweep_table(std::ostream& out, const Sweep& sweep);
/// sweep.csv: one row per cell: a column per axis (named by its key), then for every KPI
/// `<kpi>_mean,<kpi>_ci_low,<kpi>_ci_high,<kpi>_p5,<kpi>_p50,<kpi>_p95`.
void write_sweep_csv(std::ostream& out, const Sweep& sweep);
/// sweep.json: the run, the axes and per cell its values and KPI summaries.
void write_sweep_json(std::ostream& out, const Sweep& sweep);
/// sweep_replications.csv: cell,<a column per axis, named by its key>,replication,<every
/// KPI of kpi_table()>, one row per cell and replication (cell-major: cell 0's replications
/// 0 .. N-1, then cell 1's...): each run's network KPIs from SweepCell::network_values,
/// counts as integers. `cell` is the cell's index in Sweep::cells (the row of sweep.csv,
/// counted from 0). blanko::Error when a cell does not hold every replication.
void write_sweep_replications_csv(std::ostream& out, const Sweep& sweep);
/// Writes sweep.csv, sweep.json and sweep_replications.csv into `dir` (created), each
/// through a temporary name, flushed to disk and renamed, then its manifest.json
/// (output_directory.hpp). OutputError when `dir` cannot be written.
void write_sweep_outputs(const std::filesystem::path& dir, const Sweep& sweep);
/// The same files into `out`, without its manifest (the caller finish()es it).
void write_sweep_outputs(OutputDirectory& out, const Sweep& sweep);

}  // namespace blanko
