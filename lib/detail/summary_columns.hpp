#pragma once
// What the printed summary tables share (summary_table.cpp for one run,
// monte_carlo_report.cpp for a study): columns that show a KPI of the KPI table, their
// legend lines (from the table's descriptions), which nodes --within and --top leave,
// and the bottleneck of an office.

#include <blanko/kpis.hpp>
#include <blanko/model.hpp>
#include <blanko/report.hpp>

#include "detail/report_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace blanko::detail {

// How a column prints its numbers.
enum class CellFormat : std::uint8_t { whole, one_decimal, percent, probability };

// A column that shows a KPI: its header, the KPI (for its legend line) and its format;
// `legend` replaces the KPI's description where the column shows only one side of it.
struct KpiColumn {
  std::string_view header;
  std::string_view kpi;
  CellFormat format = CellFormat::whole;
  std::string_view legend = {};
};

inline std::string format_cell(CellFormat format, double value) {
  if (std::isnan(value)) return "-";
  switch (format) {
    case CellFormat::whole:
      return group_thousands(std::llround(value));
    case CellFormat::one_decimal:
      return std::abs(value) >= 1000 ? group_thousands(std::llround(value))
                                     : fmt::format("{:.1f}", value);
    case CellFormat::percent:
      return fmt::format("{:.1f}", 100 * value);
    case CellFormat::probability:
      return fmt::format("{:.3f}", value);
  }
  return "?";
}

// A legend line (append_legend): a column's header and what it shows.
using LegendLine = std::pair<std::string, std::string>;

inline LegendLine legend_of(const KpiColumn& column) {
  const KpiDefinition& kpi = find_kpi(column.kpi);
  if (!column.legend.empty()) return {std::string(column.header), std::string(column.legend)};
  return {std::string(column.header),
          fmt::format("{} ({}{})", kpi.description, kpi.unit,
                      column.format == CellFormat::percent ? ", in %" : "")};
}

// The bottleneck of an office, or of several offices together: the days that ended short
// of blanks against those that ended short of printing.
inline std::string_view bottleneck(double stockout_days, double printer_bound_days) {
  if (!(stockout_days > 0) && !(printer_bound_days > 0)) return "none";
  return stockout_days >= printer_bound_days ? "blanks" : "printers";
}

inline LegendLine bottleneck_legend() {
  return {"bottleneck",
          "blanks when more days ended short of blanks (stockout days) than short of printing "
          "(printer-bound days), printers otherwise, none when neither happened"};
}

// Nodes that --within leaves (every node without it), in node order: the province itself
// and the nodes it supplies.
inline std::vector<std::size_t> nodes_within(std::span<const NodeLabel> labels,
                                             const TableOptions& options) {
  std::vector<std::size_t> nodes;
  for (std::size_t v = 0; v < labels.size(); ++v) {
    if (options.within.empty() || labels[v].province == options.within) nodes.push_back(v);
  }
  return nodes;
}

// The offices of one province, for --by-province.
struct ProvinceOffices {
  std::string id;    // the province's id; "-" for offices outside every province
  std::string name;  // the province's name; "(no province)" for those
  std::vector<std::size_t> offices;
};

// The offices that --within leaves, grouped by province, in the order in which their
// provinces first appear.
template <class IsOffice>
std::vector<ProvinceOffices> offices_by_province(std::span<const NodeLabel> labels,
                                                 const TableOptions& options, IsOffice&& is_office) {
  std::vector<ProvinceOffices> groups;
  std::vector<std::string_view> keys;  // each group's province id as the labels write it
  for (const std::size_t v : nodes_within(labels, options)) {
    if (!is_office(v)) continue;
    const std::string& province = labels[v].province;
    const auto at = std::find(keys.begin(), keys.end(), province);
    if (at != keys.end()) {
      groups[static_cast<std::size_t>(at - keys.begin())].offices.push_back(v);
      continue;
    }
    const auto p = std::find_if(labels.begin(), labels.end(), [&](const NodeLabel& label) {
      return label.level == "province" && label.id == province;
    });
    keys.push_back(province);
    groups.push_back({province.empty() ? "-" : province,
                      p == labels.end() ? "(no province)" : p->name, {v}});
  }
  return groups;
}

// The first `top` of `rows` by `worse(a, b)` (a shown before b), ties in their order; all
// of them without a top.
template <class Worse>
void keep_top(std::vector<std::size_t>& rows, std::optional<std::size_t> top, Worse&& worse) {
  if (!top) return;
  std::stable_sort(rows.begin(), rows.end(), worse);
  rows.resize(std::min(rows.size(), *top));
}

}  // namespace blanko::detail
