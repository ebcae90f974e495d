#pragma once
/// \file report.hpp
/// Writing results for people and spreadsheets: a summary table, kpis.csv,
/// timeseries.csv and summary.json (the CLI's `--out DIR`, with its manifest.json).

#include <blanko/fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace blanko {

/// Which rows the printed tables show (the CLI's --level, --within, --top, --by-province).
enum class TableLevel : std::uint8_t {
  all,      ///< the offices, then the supply nodes (centre and provinces)
  kabkota,  ///< the offices (kab/kota) only
  province  ///< the supply nodes (centre and provinces) only
};
[[nodiscard]] std::string_view to_string(TableLevel level);
[[nodiscard]] std::optional<TableLevel> parse_table_level(std::string_view text);

struct TableOptions {
  TableLevel level = TableLevel::all;
  /// A province's id (`17`): only that province and the nodes it supplies; empty: all.
  std::string within;
  /// Only the N offices (or provinces, with by_province) with the most stockout days, then
  /// the lowest fill rate. Unset: every office of one run, the 10 most at risk of a study.
  std::optional<std::size_t> top;
  /// One row per province, the subtotal of its offices, instead of a row per office.
  bool by_province = false;
  /// A legend under each table: one line per column.
  bool legend = true;
};

/// ScenarioError (key `--within`, with "did you mean") when `options.within` is not the id
/// of a province of `model`.
void check_table_options(const Model& model, const TableOptions& options);

/// The summary of one run for people: a header (scenario, period, seed, tenders), a table
/// of the offices (demand, printing, fill, stockout and printer-bound days, suket, waits,
/// stock, bottleneck) with the network's row, a table of the supply nodes (blanks received
/// and shipped, stockout days, blanks owed, stock, cover), each with a legend.
void write_summary_table(std::ostream& out, const Model& model, const RunResult& result,
                         const TableOptions& options = {});
/// One row per node plus a TOTAL row (RFC 4180): node,name,kind and every KPI of NodeKpis.
void write_kpis_csv(std::ostream& out, const Model& model, const RunResult& result);
/// Long format: date,node,on_hand,in_transit,backlog,suket_outstanding,demand,printed.
void write_timeseries_csv(std::ostream& out, const Model& model, const RunResult& result);
/// summary.json: "meta" (as meta.json), the scenario name, seed, horizon, the network's
/// KPIs (every KPI of the table) and per node its label and KPIs.
void write_summary_json(std::ostream& out, const Model& model, const RunResult& result,
                        std::string_view command = {});
/// meta.json: blanko's version, `command` (the command line that asked, if any), the
/// scenario file, the SHA-256 of its text and its overrides, seed, period, and each KPI's
/// unit, aggregation, direction and description (docs/outputs.md).
void write_meta_json(std::ostream& out, const Model& model, const RunResult& result,
                     std::string_view command = {});
/// Writes summary.json, meta.json, kpis.csv and (when recorded) timeseries.csv into `dir`,
/// creating it, then its manifest.json (output_directory.hpp): each file through a
/// temporary name, flushed to disk and renamed, so none is ever half-written. OutputError
/// when `dir` cannot be written.
void write_outputs(const std::filesystem::path& dir, const Model& model, const RunResult& result,
                   std::string_view command = {});
/// The same files into `out`, without its manifest: the caller may add files of its own
/// (the CLI's report.json) before OutputDirectory::finish().
void write_outputs(OutputDirectory& out, const Model& model, const RunResult& result,
                   std::string_view command = {});

}  // namespace blanko
