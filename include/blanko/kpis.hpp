#pragma once
/// \file kpis.hpp
/// The KPI table: every key performance indicator blanko reports, in one place. Each entry
/// says what the KPI is called, where its value lives, its unit, how the network's value
/// is made from the nodes' (its Aggregation), which way is better, whether it is a headline
/// column and what it means in one line. Everything else is derived from this table: the
/// columns of kpis.csv, summary.json and replications.csv, the KPIs compared by
/// `blanko compare` and swept by `blanko sweep`, the Monte Carlo statistics, the legends
/// under the summary tables and the KPI table of docs/outputs.md (a test checks it).
///
/// \code
///   for (const blanko::KpiDefinition& kpi : blanko::kpi_table()) {
///     std::cout << kpi.name << " [" << kpi.unit << "]: " << kpi.description << '\n';
///   }
///   const blanko::KpiDefinition& fill = blanko::find_kpi("fill_rate");
///   double network_fill = fill.value(result, blanko::kNetworkRow);  // = result.total.fill_rate
/// \endcode

#include <blanko/results.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>

namespace blanko {

/// Which way a KPI is better, for picking a winner; `none` for volumes (demand, blanks
/// shipped) that are neither good nor bad in themselves.
enum class Better : std::uint8_t { none, higher, lower };
[[nodiscard]] std::string_view to_string(Better better);

/// How the network's value of a KPI is made from its nodes' values.
enum class KpiAggregation : std::uint8_t {
  sum,                ///< the sum over nodes
  office_sum,         ///< the sum over offices of print requests (blanks owed are left out)
  procured,           ///< blanks that entered the network: the procurement lots and tenders
  pooled_share,       ///< a share over every request of the network (not a mean of shares)
  pooled_mean,        ///< a mean over every printed card of the network
  pooled_quantile,    ///< a quantile over every printed card of the network
  pooled_ratio,       ///< the ratio of the network's sums (on hand / daily demand)
  peak_of_daily_sum,  ///< the peak over days of the daily sum over offices
  earliest,           ///< the earliest over nodes (a day of the run)
  network_only,       ///< defined for the network only (e.g. offices that ran out)
};
[[nodiscard]] std::string_view to_string(KpiAggregation aggregation);

/// Whether a KPI's values are whole numbers (counts, Rp of trips) or real numbers.
enum class KpiValueType : std::uint8_t { count, real };

/// The row of RunResult that KpiDefinition::value reads for the network total.
inline constexpr std::size_t kNetworkRow = std::numeric_limits<std::size_t>::max();

/// One entry of the KPI table.
struct KpiDefinition {
  std::string_view name;  ///< column name: `fill_rate`, `stockout_days`, ...
  std::string_view unit;  ///< `requests`, `blanks`, `days`, `share`, `Rp`, ...
  KpiAggregation aggregation = KpiAggregation::sum;
  Better better = Better::none;
  bool headline = false;  ///< a column of the printed Monte Carlo, compare and sweep tables
  KpiValueType type = KpiValueType::count;
  std::string_view description;  ///< one line, for legends and docs
  /// Reads node `node`'s value (an index into RunResult::nodes), or the network's for
  /// kNetworkRow. Network-only KPIs are NaN for a node.
  double (*read)(const RunResult& result, std::size_t node) = nullptr;

  [[nodiscard]] constexpr double value(const RunResult& result, std::size_t node) const {
    return read(result, node);
  }
  /// True when nodes have their own value (every aggregation but network_only).
  [[nodiscard]] constexpr bool per_node() const {
    return aggregation != KpiAggregation::network_only;
  }
};

/// Every KPI, in column order: the per-node KPIs first (kpi_names()), then the network-only
/// ones.
[[nodiscard]] std::span<const KpiDefinition> kpi_table();
/// The per-node KPIs (every entry of kpi_table() but the network-only ones), in order.
[[nodiscard]] std::span<const KpiDefinition> node_kpis();
/// The network-only KPIs (offices_with_stockout, tender_failures), in order.
[[nodiscard]] std::span<const KpiDefinition> network_only_kpis();
/// The KPI named `name`; blanko::Error (with "did you mean") when there is none.
[[nodiscard]] const KpiDefinition& find_kpi(std::string_view name);

/// The names of node_kpis(), in kpis.csv order (`demand`, `printed`, `fill_rate`, ...).
[[nodiscard]] std::span<const std::string> kpi_names();
/// Index of `name` in kpi_names(); blanko::Error (with "did you mean") when unknown.
[[nodiscard]] std::size_t kpi_index(std::string_view name);
/// The direction of the KPI named `name` (Better::none for an unknown name).
[[nodiscard]] Better better_direction(std::string_view name);

}  // namespace blanko
