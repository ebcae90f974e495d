// The KPI table. Adding a KPI: a member of NodeKpis (or RunResult for a network-only one),
// the code that fills it in lib/simulation.cpp, and one entry here. Everything that lists
// KPIs reads this table.
#include <blanko/error.hpp>
#include <blanko/kpis.hpp>

#include "detail/suggest.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace blanko {
namespace {

using A = KpiAggregation;
using T = KpiValueType;

const NodeKpis& row(const RunResult& r, std::size_t node) {
  return node == kNetworkRow ? r.total : r.nodes[node];
}

// A reader of a NodeKpis member, for the table.
template <auto Member>
double member(const RunResult& r, std::size_t node) {
  return static_cast<double>(row(r, node).*Member);
}

// A reader of one priority class of a per-class NodeKpis array.
template <auto Member, PriorityClass Class>
double of_class(const RunResult& r, std::size_t node) {
  return static_cast<double>((row(r, node).*Member)[static_cast<std::size_t>(Class)]);
}

// A reader of a RunResult member: a network-only KPI (NaN for a node).
template <auto Member>
double network(const RunResult& r, std::size_t node) {
  return node == kNetworkRow ? static_cast<double>(r.*Member) : std::nan("");
}

constexpr PriorityClass kFirst = PriorityClass::first_card;
constexpr PriorityClass kChange = PriorityClass::data_change;
constexpr PriorityClass kReplacement = PriorityClass::replacement;

// Columns in this order in every output. The first 27 are those of the earliest kpis.csv,
// kept in place so that files stay comparable.
constexpr std::array kTable{
    KpiDefinition{"demand", "requests", A::sum, Better::none, false, T::count,
                  "print requests that became printable (recorded and deduplicated)",
                  member<&NodeKpis::demand>},
    KpiDefinition{"printed", "cards", A::sum, Better::higher, false, T::count, "cards printed",
                  member<&NodeKpis::printed>},
    KpiDefinition{"fill_rate", "share", A::pooled_share, Better::higher, true, T::real,
                  "share of requests printed on the day they became printable",
                  member<&NodeKpis::fill_rate>},
    KpiDefinition{"stockout_days", "days", A::sum, Better::lower, true, T::count,
                  "days that ended with requests waiting (office) or orders open (supplier) "
                  "and no blank on hand",
                  member<&NodeKpis::stockout_days>},
    KpiDefinition{"first_stockout_day", "day", A::earliest, Better::higher, false, T::count,
                  "day of the run (0: the start) of the first stockout day; the horizon when "
                  "there was none",
                  member<&NodeKpis::first_stockout_day>},
    KpiDefinition{"peak_backlog", "requests", A::peak_of_daily_sum, Better::lower, true, T::count,
                  "most print requests waiting at a day's end (for a supplier: blanks owed)",
                  member<&NodeKpis::peak_backlog>},
    KpiDefinition{"suket_issued", "requests", A::sum, Better::lower, true, T::count,
                  "requests handed a temporary certificate (suket) because no blank was left",
                  member<&NodeKpis::suket_issued>},
    KpiDefinition{"lost_demand", "requests", A::sum, Better::lower, true, T::count,
                  "suket holders who gave up and never got a card", member<&NodeKpis::lost_demand>},
    KpiDefinition{"redirected_to_ikd", "requests", A::sum, Better::lower, false, T::count,
                  "suket holders who gave up and took the digital ID (IKD) instead",
                  member<&NodeKpis::redirected_to_ikd>},
    KpiDefinition{"mean_wait_days", "days", A::pooled_mean, Better::lower, true, T::real,
                  "mean days from printable to printed, over printed cards",
                  member<&NodeKpis::mean_wait_days>},
    KpiDefinition{"p95_wait_days", "days", A::pooled_quantile, Better::lower, true, T::real,
                  "95th percentile of the days from printable to printed",
                  member<&NodeKpis::p95_wait_days>},
    KpiDefinition{"received", "blanks", A::procured, Better::none, false, T::count,
                  "blanks that arrived: shipments, and procurement at a source",
                  member<&NodeKpis::received>},
    KpiDefinition{"blanks_shipped", "blanks", A::sum, Better::none, false, T::count,
                  "blanks sent to customers", member<&NodeKpis::blanks_shipped>},
    KpiDefinition{"shipments", "shipments", A::sum, Better::none, false, T::count,
                  "shipments sent to customers", member<&NodeKpis::shipments>},
    KpiDefinition{"trip_cost", "Rp", A::sum, Better::lower, false, T::count,
                  "the lanes' trip costs of the shipments the node received",
                  member<&NodeKpis::trip_cost>},
    KpiDefinition{"lateral_in", "blanks", A::sum, Better::none, false, T::count,
                  "blanks received from sibling offices", member<&NodeKpis::lateral_in>},
    KpiDefinition{"lateral_out", "blanks", A::sum, Better::none, false, T::count,
                  "blanks lent to sibling offices", member<&NodeKpis::lateral_out>},
    KpiDefinition{"final_on_hand", "blanks", A::sum, Better::none, false, T::count,
                  "blanks in store at the end of the run", member<&NodeKpis::final_on_hand>},
    KpiDefinition{"final_backlog", "requests", A::office_sum, Better::lower, false, T::count,
                  "print requests waiting at the end (for a supplier: blanks owed)",
                  member<&NodeKpis::final_backlog>},
    KpiDefinition{"demand_first_card", "requests", A::sum, Better::none, false, T::count,
                  "demand of first cards (coming of age, recorded but never printed)",
                  of_class<&NodeKpis::demand_by_class, kFirst>},
    KpiDefinition{"demand_data_change", "requests", A::sum, Better::none, false, T::count,
                  "demand of data changes (moves, marriage, pemekaran)",
                  of_class<&NodeKpis::demand_by_class, kChange>},
    KpiDefinition{"demand_replacement", "requests", A::sum, Better::none, false, T::count,
                  "demand of replacements of lost or damaged cards",
                  of_class<&NodeKpis::demand_by_class, kReplacement>},
    KpiDefinition{"printed_first_card", "cards", A::sum, Better::higher, false, T::count,
                  "first cards printed", of_class<&NodeKpis::printed_by_class, kFirst>},
    KpiDefinition{"printed_data_change", "cards", A::sum, Better::higher, false, T::count,
                  "data-change cards printed", of_class<&NodeKpis::printed_by_class, kChange>},
    KpiDefinition{"printed_replacement", "cards", A::sum, Better::higher, false, T::count,
                  "replacement cards printed", of_class<&NodeKpis::printed_by_class, kReplacement>},
    KpiDefinition{"mean_wait_first_card", "days", A::pooled_mean, Better::lower, false, T::real,
                  "mean wait of printed first cards",
                  of_class<&NodeKpis::mean_wait_days_by_class, kFirst>},
    KpiDefinition{"mean_wait_data_change", "days", A::pooled_mean, Better::lower, false, T::real,
                  "mean wait of printed data-change cards",
                  of_class<&NodeKpis::mean_wait_days_by_class, kChange>},
    KpiDefinition{"mean_wait_replacement", "days", A::pooled_mean, Better::lower, false, T::real,
                  "mean wait of printed replacement cards",
                  of_class<&NodeKpis::mean_wait_days_by_class, kReplacement>},
    KpiDefinition{"mean_on_hand", "blanks", A::sum, Better::none, true, T::real,
                  "blanks in store at a day's end, averaged over the days of the run",
                  member<&NodeKpis::mean_on_hand>},
    KpiDefinition{"mean_in_transit", "blanks", A::sum, Better::none, false, T::real,
                  "blanks on their way to the node at a day's end, averaged over the days",
                  member<&NodeKpis::mean_in_transit>},
    KpiDefinition{"mean_requests_waiting", "requests", A::sum, Better::lower, false, T::real,
                  "print requests waiting at a day's end, averaged over the days",
                  member<&NodeKpis::mean_requests_waiting>},
    KpiDefinition{"mean_suket_outstanding", "requests", A::sum, Better::lower, false, T::real,
                  "waiting requests holding a suket at a day's end, averaged over the days",
                  member<&NodeKpis::mean_suket_outstanding>},
    KpiDefinition{"days_of_cover", "days", A::pooled_ratio, Better::none, false, T::real,
                  "final_on_hand over the mean daily demand the node supplies (0 without "
                  "demand)",
                  member<&NodeKpis::days_of_cover>},
    KpiDefinition{"printer_bound_days", "days", A::sum, Better::lower, false, T::count,
                  "days that ended with requests waiting while blanks were on hand (printing, "
                  "not blanks, was short)",
                  member<&NodeKpis::printer_bound_days>},
    KpiDefinition{"orders_placed", "orders", A::sum, Better::none, false, T::count,
                  "replenishment orders sent to suppliers", member<&NodeKpis::orders_placed>},
    KpiDefinition{"blanks_ordered", "blanks", A::sum, Better::none, false, T::count,
                  "blanks in those orders", member<&NodeKpis::blanks_ordered>},
    KpiDefinition{"holding_cost", "Rp", A::sum, Better::lower, false, T::real,
                  "holding cost per blank and day x blank-days on hand",
                  member<&NodeKpis::holding_cost>},
    KpiDefinition{"waiting_cost", "Rp", A::sum, Better::lower, false, T::real,
                  "waiting cost per suket holder and day x suket-holder-days",
                  member<&NodeKpis::waiting_cost>},
    KpiDefinition{"lost_cost", "Rp", A::sum, Better::lower, false, T::real,
                  "cost per lost request x lost_demand", member<&NodeKpis::lost_cost>},
    KpiDefinition{"purchase_cost", "Rp", A::sum, Better::lower, false, T::real,
                  "unit price x blanks procured at the node", member<&NodeKpis::purchase_cost>},
    KpiDefinition{"total_cost", "Rp", A::sum, Better::lower, true, T::real,
                  "holding + waiting + lost + purchase + trip costs",
                  member<&NodeKpis::total_cost>},
    KpiDefinition{"offices_with_stockout", "offices", A::network_only, Better::lower, true,
                  T::count, "offices with at least one stockout day",
                  network<&RunResult::offices_with_stockout>},
    KpiDefinition{"tender_failures", "attempts", A::network_only, Better::lower, false, T::count,
                  "procurement tender attempts that failed within the run",
                  network<&RunResult::tender_failures>},
};

// The per-node KPIs come first: one split point serves node_kpis() and network_only_kpis().
constexpr auto kNodeKpiCount = static_cast<std::size_t>(std::count_if(
    kTable.begin(), kTable.end(), [](const KpiDefinition& kpi) { return kpi.per_node(); }));
static_assert(std::all_of(kTable.begin(), kTable.begin() + kNodeKpiCount,
                          [](const KpiDefinition& kpi) { return kpi.per_node(); }),
              "the network-only KPIs come after every per-node KPI");

std::span<const std::string> all_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const KpiDefinition& kpi : kTable) all.emplace_back(kpi.name);
    return all;
  }();
  return names;
}

}  // namespace

std::string_view to_string(Better better) {
  switch (better) {
    case Better::none:
      return "none";
    case Better::higher:
      return "higher";
    case Better::lower:
      return "lower";
  }
  return "?";
}

std::string_view to_string(KpiAggregation aggregation) {
  switch (aggregation) {
    case A::sum:
      return "sum";
    case A::office_sum:
      return "office_sum";
    case A::procured:
      return "procured";
    case A::pooled_share:
      return "pooled_share";
    case A::pooled_mean:
      return "pooled_mean";
    case A::pooled_quantile:
      return "pooled_quantile";
    case A::pooled_ratio:
      return "pooled_ratio";
    case A::earliest:
      return "earliest";
    case A::peak_of_daily_sum:
      return "peak_of_daily_sum";
    case A::network_only:
      return "network_only";
  }
  return "?";
}

std::span<const KpiDefinition> kpi_table() { return kTable; }

std::span<const KpiDefinition> node_kpis() {
  return std::span<const KpiDefinition>(kTable).first(kNodeKpiCount);
}

std::span<const KpiDefinition> network_only_kpis() {
  return std::span<const KpiDefinition>(kTable).subspan(kNodeKpiCount);
}

const KpiDefinition& find_kpi(std::string_view name) {
  const auto it = std::find_if(kTable.begin(), kTable.end(),
                               [&](const KpiDefinition& kpi) { return kpi.name == name; });
  if (it == kTable.end()) {
    throw Error("unknown KPI '" + std::string(name) + "'" +
                detail::suggestion_suffix(name, all_names()));
  }
  return *it;
}

std::span<const std::string> kpi_names() { return all_names().first(kNodeKpiCount); }

std::size_t kpi_index(std::string_view name) {
  const auto names = kpi_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    throw Error("unknown KPI '" + std::string(name) + "'" + detail::suggestion_suffix(name, names));
  }
  return static_cast<std::size_t>(it - names.begin());
}

Better better_direction(std::string_view name) {
  const auto it = std::find_if(kTable.begin(), kTable.end(),
                               [&](const KpiDefinition& kpi) { return kpi.name == name; });
  return it == kTable.end() ? Better::none : it->better;
}

}  // namespace blanko
