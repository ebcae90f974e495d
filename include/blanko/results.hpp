#pragma once
/// \file results.hpp
/// What one replication produces: KPIs per node and for the whole network, and (when
/// asked for) daily series per node.

#include <blanko/date.hpp>
#include <blanko/enums.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace blanko {

/// Key performance indicators of one node (or of the network, in RunResult::total).
///
/// For an office: `demand` print requests became printable, `printed` were printed,
/// `fill_rate` = requests printed the day they became printable / demand;
/// `stockout_days` = days that ended with requests waiting and no blank on hand;
/// `suket_issued` = requests handed a temporary certificate because no blank was left;
/// waits are in days from printable to printed, over printed cards. With a patience
/// (OfficeSpec::patience_days), suket holders who give up leave the queue: `lost_demand`
/// never get a card, `redirected_to_ikd` switched to the digital ID; every request is then
/// printed, still waiting (`final_backlog`), lost or redirected.
/// With lateral transfers (LateralSpec), `lateral_out` = blanks lent to sibling offices
/// (counted when sent) and `lateral_in` = blanks received from them (counted on arrival,
/// so over the network lateral_out - lateral_in are the transfers still on their way).
/// For a supplier: `stockout_days` = days that ended with customers' orders open and no
/// blank on hand, `peak_backlog` = the most blanks owed to customers at a day's end.
/// For the network: sums over nodes, except rates and waits, which pool every request
/// (so `stockout_days` counts office-days and supplier-days), and the backlogs, which
/// count waiting print requests only (`peak_backlog` is the peak of their daily sum).
/// Each KPI's unit, aggregation and meaning are in the KPI table (kpis.hpp).
///
/// The `_by_class` arrays split an office's demand, printing and mean wait by priority
/// class, indexed by `static_cast<std::size_t>(PriorityClass)`; the plain fields are the
/// totals over classes. Requests waiting at the start count as first cards.
/// \code
///   const auto replacement = static_cast<std::size_t>(blanko::PriorityClass::replacement);
///   double wait = kpis.mean_wait_days_by_class[replacement];
/// \endcode
struct NodeKpis {
  std::string node;
  std::int64_t demand = 0;
  std::int64_t printed = 0;
  double fill_rate = 1.0;
  std::int32_t stockout_days = 0;
  /// The day (0: the start) of the first stockout day, the run's horizon when there was
  /// none: when a store is expected to run dry (Monte Carlo quantiles of it).
  std::int32_t first_stockout_day = 0;
  std::int64_t peak_backlog = 0;
  std::int64_t suket_issued = 0;
  std::int64_t lost_demand = 0;        ///< suket holders who gave up for good
  std::int64_t redirected_to_ikd = 0;  ///< suket holders who gave up and took the IKD
  double mean_wait_days = 0;
  double p95_wait_days = 0;
  std::int64_t received = 0;        ///< blanks that arrived (shipments and procurement)
  std::int64_t blanks_shipped = 0;  ///< blanks sent to customers
  std::int64_t shipments = 0;       ///< shipments sent to customers
  std::int64_t lateral_in = 0;      ///< blanks that arrived from sibling offices
  std::int64_t lateral_out = 0;     ///< blanks sent to sibling offices
  std::int64_t trip_cost = 0;       ///< Rp of the lanes' trip costs of the shipments received
  std::int64_t final_on_hand = 0;
  std::int64_t final_backlog = 0;   ///< requests (office) or owed blanks (supplier) at the end
  std::array<std::int64_t, kPriorityClassCount> demand_by_class{};
  std::array<std::int64_t, kPriorityClassCount> printed_by_class{};
  std::array<double, kPriorityClassCount> mean_wait_days_by_class{};  ///< over printed cards
  // Time averages over the days of the run, of each day's end.
  double mean_on_hand = 0;            ///< blanks in store
  double mean_in_transit = 0;         ///< blanks on their way to the node
  double mean_requests_waiting = 0;   ///< print requests waiting (offices)
  double mean_suket_outstanding = 0;  ///< waiting requests that hold a suket (offices)
  /// final_on_hand over the mean daily demand of every office the node supplies (itself
  /// included); 0 for a node with no demand below it.
  double days_of_cover = 0;
  /// Office days that ended with requests waiting while blanks were on hand: printing
  /// capacity (printers, closures), not blanks, held the office back.
  std::int32_t printer_bound_days = 0;
  std::int64_t orders_placed = 0;   ///< replenishment orders sent to suppliers
  std::int64_t blanks_ordered = 0;  ///< blanks in those orders (after the lanes' lot rules)
  // Costs in Rp (CostSpec; 0 without costs), and their sum with trip_cost.
  double holding_cost = 0;   ///< holding_per_blank_day x blank-days on hand
  double waiting_cost = 0;   ///< waiting_per_suket_day x suket-holder-days
  double lost_cost = 0;      ///< per_lost_request x lost_demand
  double purchase_cost = 0;  ///< unit_price x blanks procured at the node
  double total_cost = 0;     ///< holding + waiting + lost + purchase + trip costs
};

/// The daily series recorded per node, in the order of the timeseries.csv columns.
enum class Series : std::uint8_t {
  on_hand,            ///< blanks in store at the end of the day
  in_transit,         ///< blanks on their way to the node
  backlog,            ///< waiting print requests (offices) or owed blanks (suppliers)
  suket_outstanding,  ///< waiting requests that hold a suket
  demand,             ///< requests that became printable that day
  printed,            ///< cards printed that day
};
inline constexpr std::size_t kSeriesCount = 6;
[[nodiscard]] std::string_view to_string(Series series);

/// Daily values of every Series for every node: a dense [series][day][node] block.
class TimeSeries {
 public:
  TimeSeries() = default;
  TimeSeries(Date start, std::int32_t days, std::int32_t nodes)
      : start_(start), days_(days), nodes_(nodes),
        values_(kSeriesCount * static_cast<std::size_t>(days) * static_cast<std::size_t>(nodes)) {}

  [[nodiscard]] Date start() const { return start_; }
  [[nodiscard]] std::int32_t days() const { return days_; }
  [[nodiscard]] std::int32_t nodes() const { return nodes_; }
  [[nodiscard]] std::int64_t at(Series s, std::int32_t day, std::int32_t node) const {
    return values_[index(s, day, node)];
  }
  std::int64_t& at(Series s, std::int32_t day, std::int32_t node) {
    return values_[index(s, day, node)];
  }
  /// The whole block, for bindings.
  [[nodiscard]] const std::vector<std::int64_t>& values() const { return values_; }

 private:
  [[nodiscard]] std::size_t index(Series s, std::int32_t day, std::int32_t node) const {
    return (static_cast<std::size_t>(s) * static_cast<std::size_t>(days_) +
            static_cast<std::size_t>(day)) * static_cast<std::size_t>(nodes_) +
           static_cast<std::size_t>(node);
  }
  Date start_{};
  std::int32_t days_ = 0;
  std::int32_t nodes_ = 0;
  std::vector<std::int64_t> values_;
};

/// Nodes whose daily stock and backlog are summed (RunOptions::node_groups): the whole
/// network, a province with every node it supplies, ...
struct NodeGroup {
  std::string name;
  std::vector<std::int32_t> nodes;  ///< node indices
};

/// Daily totals over each NodeGroup, as dense [day][group] blocks: blanks on hand at the
/// end of the day, and print requests waiting at the group's offices.
struct GroupSeries {
  std::int32_t days = 0;
  std::int32_t groups = 0;
  std::vector<std::int64_t> on_hand;
  std::vector<std::int64_t> backlog;
  [[nodiscard]] std::size_t index(std::int32_t day, std::int32_t group) const {
    return static_cast<std::size_t>(day) * static_cast<std::size_t>(groups) +
           static_cast<std::size_t>(group);
  }
};

/// Everything one replication returns.
struct RunResult {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  std::vector<NodeKpis> nodes;  ///< in node index order
  NodeKpis total;               ///< the whole network (node = "network")
  std::optional<TimeSeries> timeseries;
  GroupSeries group_series;     ///< empty unless RunOptions::node_groups were given
  std::uint64_t events = 0;     ///< engine events processed
  /// Tender attempts that failed, decided within the horizon (over every tender: they are
  /// the centre's, not a node's). Each is re-tendered until its max_attempts are used.
  std::int64_t tender_failures = 0;
  /// Offices with at least one stockout day.
  std::int64_t offices_with_stockout = 0;
};

}  // namespace blanko
