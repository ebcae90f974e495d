#pragma once
/// \file html_report.hpp
/// The planner's report: one self-contained HTML page (charts, a map of the kab/kota, the
/// answer in sentences, tables, the scenario at a glance) that opens offline, in Indonesian
/// or English. It is made in two steps, so that a report can be rebuilt from an output
/// directory computed elsewhere (another machine, MPI):
///   1. report data: a language-neutral JSON text made from a run's results (written as
///      `report.json` next to the other outputs);
///   2. the page: the data, the sentences of the answer in the chosen language, the page
///      template, its script and style, and the chart library (Apache ECharts), all embedded
///      when blanko was built (report/).
///
/// \code
///   blanko::MonteCarloResult mc = blanko::run_monte_carlo(model, {.replications = 1000});
///   std::ofstream out("report.html");
///   blanko::write_html_report(out, blanko::report_data(model, mc), blanko::ReportLanguage::id);
/// \endcode

#include <blanko/fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace blanko {

struct MonteCarloResult;
struct Comparison;
struct PolicySet;
struct Sweep;

/// The language of a report's every label, sentence and number format.
enum class ReportLanguage : std::uint8_t { id, en };
/// `id`, `en`.
[[nodiscard]] std::string_view to_string(ReportLanguage language);
[[nodiscard]] std::optional<ReportLanguage> parse_report_language(std::string_view text);

/// The report data of a Monte Carlo run of `model` (which must have made `result`, with
/// bands): JSON text, language-neutral (the data contract is in report/README.md).
/// `command` is recorded as the command line that made it.
[[nodiscard]] std::string report_data(const Model& model, const MonteCarloResult& result,
                                      std::string_view command = {});
/// The report data of one replication of `model` (with its timeseries).
[[nodiscard]] std::string report_data(const Model& model, const RunResult& result,
                                      std::string_view command = {});

/// The report data of a comparison; `reference` is the model of its first configuration
/// (for the scenario at a glance) and `sets`, when given, the policy sets compared (their
/// descriptions and overrides are shown with their names). An empty `command` keeps the
/// comparison's provenance.
[[nodiscard]] std::string report_data(const Model& reference, const Comparison& comparison,
                                      std::string_view command = {},
                                      std::span<const PolicySet> sets = {});
/// The report data of a sweep; `base` is the model of the scenario with the common overrides.
[[nodiscard]] std::string report_data(const Model& base, const Sweep& sweep,
                                      std::string_view command = {});

/// The sentences of the report's answer (part 1) in `language`, made from `data`.
[[nodiscard]] std::vector<std::string> report_answer(std::string_view data, ReportLanguage language);

/// Writes the page: the template with `data` (report_data's JSON), its answer, the
/// catalogue of `language` and the embedded script, style and chart library. blanko::Error
/// when `data` is not report data.
void write_html_report(std::ostream& out, std::string_view data, ReportLanguage language);
/// Writes the page to `file` (through a temporary name, flushed to disk, and a rename);
/// OutputError, naming the directory and why, when it cannot be written.
void write_html_report(const std::filesystem::path& file, std::string_view data,
                       ReportLanguage language);

}  // namespace blanko
