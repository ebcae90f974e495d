#pragma once
/// \file report.hpp
/// Writing results for people and spreadsheets: a summary table, kpis.csv,
/// timeseries.csv and summary.json (the CLI's `--out DIR`).

#include <blanko/fwd.hpp>

#include <filesystem>
#include <iosfwd>
#include <string_view>

namespace blanko {

/// A fixed-width table of the network total and every node's KPIs.
void write_summary_table(std::ostream& out, const Model& model, const RunResult& result);
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
/// creating it; each file is written to a temporary name and renamed, so none is ever
/// half-written.
void write_outputs(const std::filesystem::path& dir, const Model& model, const RunResult& result,
                   std::string_view command = {});

}  // namespace blanko
