#pragma once
// The read-only tables a Model compiles a Scenario into; shared by every replication.

#include <blanko/model.hpp>
#include <blanko/policy.hpp>

#include "detail/lead_time.hpp"
#include "detail/procurement.hpp"
#include "detail/random.hpp"

#include <Eigen/Core>

#include <memory>
#include <utility>
#include <vector>

namespace blanko::detail {

/// A lane's order-size rules.
struct LotRule {
  std::int64_t min = 1;
  std::int64_t max = 0;  ///< 0: none
  std::int64_t multiple = 1;

  /// The quantity actually ordered for a wanted quantity (0 stays 0): raised to the
  /// minimum, rounded up to the multiple, capped at the largest multiple within max.
  [[nodiscard]] std::int64_t apply(std::int64_t wanted) const;
};

/// An office whose suket holders may give up (OfficeSpec::patience_days).
struct PatienceRule {
  std::int32_t office;
  std::int32_t days;
  double give_up_share;
  double ikd_share_of_leavers;
};

/// An office that takes part in lateral transfers, as a recipient.
struct LateralOffice {
  NodeIndex node;
  std::int32_t office;
  std::int64_t max_per_transfer;
  std::int64_t cover;  ///< blanks asked for beyond the waiting requests
  LeadTimeSampler lead_time;
  std::vector<NodeIndex> siblings;  ///< offices that may lend to it, by node index
};

struct CompiledModel {
  CompiledModel(Scenario s, Network n) : scenario(std::move(s)), network(std::move(n)) {}

  Scenario scenario;
  Network network;
  std::int32_t horizon = 0;
  std::int32_t node_count = 0;
  std::int32_t office_count = 0;
  MemoryEstimate memory;  ///< of the tables below and of one replication, from the scenario

  // Per node.
  std::vector<std::int64_t> initial_stock;
  std::vector<double> subtree_daily_demand;  ///< mean requests per calendar day below the node
  std::vector<std::int32_t> office_of_node;  ///< office index, or kNone
  std::vector<std::unique_ptr<ReplenishmentPolicy>> replenishment;  ///< null for sources
  std::vector<std::int32_t> review_period;
  std::vector<std::int32_t> review_offset;
  std::vector<double> lead_time_mean;  ///< of the supplier lane; 0 for sources
  /// Days of demand in OpenOrder::customer_forecast: the lead time and review period, rounded.
  std::vector<std::int32_t> forecast_days;
  /// Expected demand below the node day by day, after the calendar (views into
  /// cumulative_demand; empty for sources).
  std::vector<DemandOutlook> outlook;
  /// Per node with a supplier, horizon + 1 cumulative sums of its expected daily demand.
  std::vector<double> cumulative_demand;
  std::vector<std::unique_ptr<AllocationPolicy>> allocation;  ///< null for nodes without customers
  /// Residents of the offices below the node, itself included (OpenOrder::customer_population).
  std::vector<std::int64_t> subtree_population;
  /// Per node: the [first, last] days of the election and Pilkada windows that cover an
  /// office below it, by first day (OpenOrder::days_to_next_election).
  std::vector<std::vector<std::pair<Day, Day>>> election_windows;
  /// The node's costs (NodeSpec::costs, resolved: 0 unless the scenario sets them), in Rp:
  /// per blank on hand at a day's end, per suket holder still waiting at a day's end, per
  /// request lost for good, per blank procured at the node.
  std::vector<double> holding_cost_per_blank_day;
  std::vector<double> waiting_cost_per_suket_day;
  std::vector<double> cost_per_lost_request;
  std::vector<double> unit_price;

  // Per office.
  std::vector<NodeIndex> office_node;
  std::vector<std::int64_t> initial_backlog;
  /// Mean new print requests per [day, office x class]: column
  /// `office * kPriorityClassCount + class` holds the requests of that priority class on
  /// that day (0 on closed days); row-major so one day's sweep over offices reads
  /// contiguous memory.
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> demand_rate;
  /// How each office's daily counts vary around demand_rate, and the negative binomial's
  /// dispersion k (unused for Poisson).
  std::vector<CountDistribution> count_distribution;
  std::vector<double> dispersion;
  /// Negative binomial counts come from precomputed tables (built after the calendar), per
  /// dispersion k a sorted run of them in count_tables: one per distinct mean of demand_rate
  /// when there are few, else a negative_binomial_ladder over the means' range. Per [day,
  /// office x class]: count_table, the index of the table of the largest mean <= the day's,
  /// or -1 where counts are drawn otherwise (Poisson offices, zero rates, and means without
  /// tables, which use the Gamma-Poisson mixture); count_weight, draw_between's weight
  /// towards the next table (0: the table's own mean, one table read).
  Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> count_table;
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> count_weight;
  std::vector<NegativeBinomialTable> count_tables;
  /// Per day: some positive rate of the day has no table (count_table -1), so its count is
  /// drawn on its own after the tables' batch.
  std::vector<bool> counts_without_table;
  /// Cards the office can print per [day, office] (0 on closed days).
  Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> print_capacity;

  /// Offices with a patience, in office index order (the others are never visited).
  std::vector<PatienceRule> patience;
  /// Offices with lateral transfers enabled, in office index order (empty: no lateral phase).
  std::vector<LateralOffice> lateral_offices;
  /// Per node: the blanks a lateral donor keeps (its minimum cover), 0 for non-donors.
  std::vector<std::int64_t> lateral_reserve;

  // Per lane.
  std::vector<LeadTimeSampler> lead_time;
  std::vector<LotRule> lot_rule;
  std::vector<std::int64_t> trip_cost;            ///< Rp per shipment
  std::vector<std::int32_t> max_trips_per_month;  ///< 0: no limit
  /// For a lane closed on some day of the horizon: per day d, the first day >= d on which
  /// it is open (the horizon when it stays closed to the end). Empty for a lane always open.
  std::vector<std::vector<Day>> open_from;
  /// Per node: some lane out of it closes or limits its trips, so dispatch checks each order.
  std::vector<bool> restricted_supplier;
  /// Per day: its calendar month, counted from the month of the first day (0).
  std::vector<std::int32_t> month_of_day;

  // Fixed sweep orders (see simulation.hpp for why).
  std::vector<NodeIndex> review_order;    ///< nodes with a supplier, deepest first
  std::vector<NodeIndex> dispatch_order;  ///< nodes with customers, sources first

  std::vector<CompiledLot> lots;        ///< by day
  std::vector<CompiledTender> tenders;  ///< in scenario order
  std::int64_t total_initial_stock = 0;
};

/// The column of demand_rate for an office and a priority class.
[[nodiscard]] inline Eigen::Index demand_column(std::int32_t office, PriorityClass priority) {
  return static_cast<Eigen::Index>(office) * kPriorityClassCount +
         static_cast<Eigen::Index>(priority);
}

/// Applies the scenario's calendar to the base demand-rate and print-capacity tables
/// (implemented with the calendar). Model's constructor calls it once, after the base
/// tables are built and before the demand below each node is summed.
void apply_calendar(CompiledModel& m);

}  // namespace blanko::detail
