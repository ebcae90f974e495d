// The summary of one run for people (write_summary_table) and the row options that the
// Monte Carlo table shares (--level, --within, --top, --by-province).
#include <blanko/error.hpp>
#include <blanko/kpis.hpp>
#include <blanko/model.hpp>
#include <blanko/report.hpp>
#include <blanko/results.hpp>

#include "detail/report_format.hpp"
#include "detail/suggest.hpp"
#include "detail/summary_columns.hpp"

#include <fmt/format.h>

#include <array>
#include <iterator>
#include <ostream>

namespace blanko {
namespace {

using detail::CellFormat;
using detail::KpiColumn;

constexpr std::array<std::string_view, 3> kLevelNames{"all", "kabkota", "province"};

// The office table's KPI columns, then its bottleneck column.
constexpr std::array<KpiColumn, 12> kOfficeColumns{{
    {"demand", "demand", CellFormat::whole},
    {"printed", "printed", CellFormat::whole},
    {"fill %", "fill_rate", CellFormat::percent},
    {"stockout d", "stockout_days", CellFormat::whole},
    {"printer d", "printer_bound_days", CellFormat::whole},
    {"peak waiting", "peak_backlog", CellFormat::whole},
    {"suket", "suket_issued", CellFormat::whole},
    {"lost", "lost_demand", CellFormat::whole},
    {"mean wait d", "mean_wait_days", CellFormat::one_decimal},
    {"p95 wait d", "p95_wait_days", CellFormat::one_decimal},
    {"on hand end", "final_on_hand", CellFormat::whole},
    {"cover d", "days_of_cover", CellFormat::one_decimal},
}};

// The supply nodes' columns: what a warehouse does, not what an office does.
constexpr std::array<KpiColumn, 8> kSupplyColumns{{
    {"received", "received", CellFormat::whole},
    {"shipped", "blanks_shipped", CellFormat::whole},
    {"shipments", "shipments", CellFormat::whole},
    {"stockout d", "stockout_days", CellFormat::whole,
     "days that ended with customers' orders open and no blank on hand (days)"},
    {"peak owed", "peak_backlog", CellFormat::whole,
     "most blanks owed to customers at a day's end (blanks)"},
    {"mean on hand", "mean_on_hand", CellFormat::whole},
    {"on hand end", "final_on_hand", CellFormat::whole},
    {"cover d", "days_of_cover", CellFormat::one_decimal},
}};

// The rows of the office table: one office, or a province's offices together.
struct OfficeRow {
  std::string id;
  std::string name;
  std::vector<std::size_t> offices;  // indices into RunResult::nodes
};

// The value of `kpi` over several offices, as the KPI table aggregates it; NaN where the
// offices' own values do not determine it (a quantile, a peak of daily sums).
double subtotal(const KpiDefinition& kpi, const RunResult& result, const Model& model,
                std::span<const std::size_t> offices) {
  if (offices.size() == 1) return kpi.value(result, offices.front());
  const auto sum_of = [&](auto&& value) {
    double sum = 0;
    for (const std::size_t v : offices) sum += value(v);
    return sum;
  };
  const auto own = [&](std::size_t v) { return kpi.value(result, v); };
  const auto nodes = [&](auto member) {
    return [&, member](std::size_t v) { return static_cast<double>(result.nodes[v].*member); };
  };
  // The offices' values weighted by `weight` (a share of requests, a mean over cards), as
  // every request or card of the network is; `none` when the weights are all 0.
  const auto weighted = [&](std::int64_t NodeKpis::*weight, double none) {
    const double total = sum_of(nodes(weight));
    return total == 0 ? none : sum_of([&](std::size_t v) {
                                 return own(v) * static_cast<double>(result.nodes[v].*weight);
                               }) / total;
  };
  switch (kpi.aggregation) {
    case KpiAggregation::sum:
    case KpiAggregation::office_sum:
    case KpiAggregation::procured:
      return sum_of(own);
    case KpiAggregation::pooled_share:
      return weighted(&NodeKpis::demand, 1.0);
    case KpiAggregation::pooled_mean:
      return weighted(&NodeKpis::printed, 0.0);
    case KpiAggregation::pooled_ratio: {
      const double daily =
          sum_of([&](std::size_t v) { return model.mean_daily_demand(static_cast<NodeIndex>(v)); });
      return daily > 0 ? sum_of(nodes(&NodeKpis::final_on_hand)) / daily : 0.0;
    }
    case KpiAggregation::pooled_quantile:
    case KpiAggregation::peak_of_daily_sum:
    case KpiAggregation::network_only:
      return std::nan("");
  }
  return std::nan("");
}

std::vector<OfficeRow> office_rows(const Model& model, const RunResult& result,
                                   std::span<const NodeLabel> labels, const TableOptions& options) {
  const auto is_office = [&](std::size_t v) { return model.scenario().nodes[v].office.has_value(); };
  std::vector<OfficeRow> rows;
  if (options.by_province) {
    for (detail::ProvinceOffices& group : detail::offices_by_province(labels, options, is_office)) {
      rows.push_back({std::move(group.id), std::move(group.name), std::move(group.offices)});
    }
  } else {
    for (const std::size_t v : detail::nodes_within(labels, options)) {
      if (is_office(v)) rows.push_back({labels[v].id, labels[v].name, {v}});
    }
  }
  const auto value = [&](const OfficeRow& row, std::string_view kpi) {
    return subtotal(find_kpi(kpi), result, model, row.offices);
  };
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  detail::keep_top(order, options.top, [&](std::size_t a, std::size_t b) {
    const double sa = value(rows[a], "stockout_days"), sb = value(rows[b], "stockout_days");
    return sa != sb ? sa > sb : value(rows[a], "fill_rate") < value(rows[b], "fill_rate");
  });
  std::vector<OfficeRow> kept;
  for (const std::size_t i : order) kept.push_back(std::move(rows[i]));
  return kept;
}

template <std::size_t N>
std::vector<detail::TextTable::Column> columns_of(std::string_view first,
                                                  const std::array<KpiColumn, N>& kpis) {
  std::vector<detail::TextTable::Column> columns{{first, true}, {"name", true}};
  for (const KpiColumn& c : kpis) columns.push_back({c.header, false});
  return columns;
}

template <std::size_t N>
std::vector<detail::LegendLine> legend_of(const std::array<KpiColumn, N>& kpis) {
  std::vector<detail::LegendLine> lines;
  for (const KpiColumn& c : kpis) lines.push_back(detail::legend_of(c));
  return lines;
}

void write_office_table(fmt::memory_buffer& buf, const Model& model, const RunResult& result,
                        std::span<const NodeLabel> labels, const TableOptions& options) {
  const std::vector<OfficeRow> rows = office_rows(model, result, labels, options);
  std::vector<detail::TextTable::Column> columns =
      columns_of(options.by_province ? "province" : "office", kOfficeColumns);
  columns.push_back({"bottleneck", true});
  detail::TextTable table(std::move(columns));
  const auto add = [&](std::string id, std::string name, auto&& value) {
    std::vector<std::string> cells{std::move(id), std::move(name)};
    for (const KpiColumn& c : kOfficeColumns)
      cells.push_back(detail::format_cell(c.format, value(c.kpi)));
    cells.emplace_back(detail::bottleneck(value("stockout_days"), value("printer_bound_days")));
    table.add_row(std::move(cells));
  };
  // Every office together: the network's values where they pool offices only (the peak of
  // the daily requests waiting, the p95 wait), the offices' subtotal otherwise (the
  // network's stockout days count supplier days too).
  // With --within, the province's offices together.
  std::vector<std::size_t> all_offices;
  for (const std::size_t v : detail::nodes_within(labels, options)) {
    if (model.scenario().nodes[v].office) all_offices.push_back(v);
  }
  for (const OfficeRow& row : rows) {
    add(row.id, row.name,
        [&](std::string_view kpi) { return subtotal(find_kpi(kpi), result, model, row.offices); });
  }
  table.add_rule();
  const bool whole_network = options.within.empty();
  add(whole_network ? network_label().id : options.within,
      whole_network ? std::string("all offices") : "all offices of " + options.within,
      [&](std::string_view kpi) {
        const KpiDefinition& definition = find_kpi(kpi);
        const double value = subtotal(definition, result, model, all_offices);
        return std::isnan(value) && whole_network ? definition.value(result, kNetworkRow) : value;
      });
  const std::string where = options.within.empty() ? std::string() : " within " + options.within;
  if (options.by_province) {
    fmt::format_to(std::back_inserter(buf), "Offices by province: {} province{} of {} offices{}\n",
                   rows.size(), rows.size() == 1 ? "" : "s", all_offices.size(), where);
  } else {
    fmt::format_to(std::back_inserter(buf), "Offices: {} of {}{}\n", rows.size(),
                   all_offices.size(), where);
  }
  table.print(buf);
  if (options.legend) {
    std::vector<detail::LegendLine> lines = legend_of(kOfficeColumns);
    lines.push_back(detail::bottleneck_legend());
    if (options.by_province) {
      lines.push_back({"-", "not defined for several offices together (a quantile or a peak)"});
    }
    detail::append_legend(buf, lines);
  }
  if (!options.top && !options.by_province && options.within.empty() && rows.size() > 60) {
    fmt::format_to(
        std::back_inserter(buf),
        "({} offices: --top N, --within CODE, --by-province or --level narrow the table)\n",
        rows.size());
  }
}

void write_supply_table(fmt::memory_buffer& buf, const Model& model, const RunResult& result,
                        std::span<const NodeLabel> labels, const TableOptions& options) {
  detail::TextTable table(columns_of("node", kSupplyColumns));
  std::size_t shown = 0;
  for (const std::size_t v : detail::nodes_within(labels, options)) {
    if (model.scenario().nodes[v].office) continue;
    std::vector<std::string> cells{labels[v].id, labels[v].name};
    for (const KpiColumn& c : kSupplyColumns) {
      cells.push_back(detail::format_cell(c.format, find_kpi(c.kpi).value(result, v)));
    }
    table.add_row(std::move(cells));
    ++shown;
  }
  if (shown == 0) return;
  fmt::format_to(std::back_inserter(buf), "\nSupply (centre and provinces): {} shown\n", shown);
  table.print(buf);
  if (options.legend) detail::append_legend(buf, legend_of(kSupplyColumns));
}

}  // namespace

std::string_view to_string(TableLevel level) {
  return kLevelNames[static_cast<std::size_t>(level)];
}

std::optional<TableLevel> parse_table_level(std::string_view text) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == text) return static_cast<TableLevel>(i);
  }
  return std::nullopt;
}

void check_table_options(const Model& model, const TableOptions& options) {
  if (options.within.empty()) return;
  std::vector<std::string> provinces;
  for (const NodeSpec& node : model.scenario().nodes) {
    if (node.kind == NodeKind::province) provinces.push_back(node.id);
  }
  if (std::find(provinces.begin(), provinces.end(), options.within) == provinces.end()) {
    throw ScenarioError({.file = "--within", .line = 0, .column = 0, .key_path = options.within},
                        fmt::format("'{}' is not a province of this scenario{}", options.within,
                                    detail::suggestion_suffix(options.within, provinces)));
  }
}

void write_summary_table(std::ostream& out, const Model& model, const RunResult& result,
                         const TableOptions& options) {
  check_table_options(model, options);
  const std::vector<NodeLabel> labels = model.node_labels();
  if (result.nodes.size() != labels.size()) {
    throw Error(fmt::format("the result has {} nodes but the model has {}: not a run of this model",
                            result.nodes.size(), labels.size()));
  }
  const Scenario& scenario = model.scenario();
  fmt::memory_buffer buf;
  auto line = std::back_inserter(buf);
  fmt::format_to(line, "Scenario  {}", scenario.name.empty() ? "(unnamed)" : scenario.name);
  if (!scenario.source_file.empty()) fmt::format_to(line, "  ({})", scenario.source_file);
  fmt::format_to(line, "\nPeriod    {} .. {}, {} days\nSeed      {} (replication {})\n",
                 to_iso_string(model.start()), to_iso_string(model.last_day()), model.horizon_days(),
                 result.seed, result.replication);
  if (const std::size_t tenders = scenario.tenders.size(); tenders > 0) {
    fmt::format_to(line, "Tenders   {} tender{}, {} failed attempt{}\n", tenders,
                   tenders == 1 ? "" : "s", result.tender_failures,
                   result.tender_failures == 1 ? "" : "s");
  }
  if (result.total.total_cost > 0) {
    fmt::format_to(line,
                   "Cost      Rp {} (holding {}, waiting {}, lost {}, purchase {}, trips {})\n",
                   detail::group_thousands(std::llround(result.total.total_cost)),
                   detail::group_thousands(std::llround(result.total.holding_cost)),
                   detail::group_thousands(std::llround(result.total.waiting_cost)),
                   detail::group_thousands(std::llround(result.total.lost_cost)),
                   detail::group_thousands(std::llround(result.total.purchase_cost)),
                   detail::group_thousands(result.total.trip_cost));
  }
  buf.push_back('\n');
  if (options.level != TableLevel::province)
    write_office_table(buf, model, result, labels, options);
  if (options.level != TableLevel::kabkota) write_supply_table(buf, model, result, labels, options);
  detail::flush(out, buf);
}

}  // namespace blanko
