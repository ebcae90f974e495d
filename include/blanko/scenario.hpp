#pragma once
/// \file scenario.hpp
/// A scenario as plain data: the network, its offices, lanes, procurement lots and tenders,
/// and policies.
/// The YAML loader (scenario_loader.hpp) fills these structs, resolving defaults, CSV node
/// tables and lane rules, so that every node and lane here is explicit. C++ and Python
/// users may also build a Scenario directly. Nothing here is checked yet: Model's
/// constructor validates the whole scenario and reports each problem as a ScenarioError
/// at the `where` location of the offending item.
///
/// Example (C++):
/// \code
///   blanko::Scenario s;
///   s.start = *blanko::parse_iso_date("2024-01-01");
///   s.horizon_days = 366;
///   s.nodes.push_back({.id = "pusat", .kind = blanko::NodeKind::centre,
///                      .initial_stock = blanko::QuantitySpec::units_of(100000)});
/// \endcode

#include <blanko/calendar.hpp>
#include <blanko/date.hpp>
#include <blanko/enums.hpp>
#include <blanko/error.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace blanko {

/// How the `value` of a QuantitySpec is read.
enum class QuantityBasis : std::uint8_t {
  units,            ///< `value` blanks: a bare integer in YAML
  days_of_demand,   ///< `value` days of the node's mean demand: `{days_of_demand: 30}`
  lead_time_cover,  ///< `value` x mean daily demand x (lead time + review period):
                    ///< `{cover_of_lead_time: 1.5}`
};

/// A number of blanks, either absolute or relative to the node: days of its mean demand
/// (the mean daily demand of every office the node supplies, directly or not, itself
/// included; an office with several suppliers counts for its primary one, the first in
/// sourcing order), or a multiple of that demand over its supplier lane's mean lead time plus its
/// review period. `{days_of_demand: 30}` or `{cover_of_lead_time: 1.5}` in YAML; a bare
/// integer is absolute. The Model resolves it per node (QuantityScale in policy.hpp).
struct QuantitySpec {
  double value = 0;  ///< blanks, days, or a multiple of the lead-time demand (see `basis`)
  QuantityBasis basis = QuantityBasis::units;
  SourceLocation where;

  static QuantitySpec units_of(std::int64_t units) {
    return {static_cast<double>(units), QuantityBasis::units, {}};
  }
  static QuantitySpec days_of(double days) { return {days, QuantityBasis::days_of_demand, {}}; }
  static QuantitySpec lead_time_cover_of(double k) {
    return {k, QuantityBasis::lead_time_cover, {}};
  }
};

/// A lead-time distribution in days. Which fields count depends on `kind`:
/// deterministic: `value`; uniform: `low`, `high`; triangular: `low`, `mode`, `high`;
/// lognormal: `mean`, `sd` (of the lead time itself, not of its log); gamma: `shape`,
/// `scale`; empirical: `values` (equally likely unless `weights` is given).
/// A drawn lead time is rounded to the nearest whole day and is at least one day.
struct DistributionSpec {
  DistributionKind kind = DistributionKind::deterministic;
  double value = 0, low = 0, mode = 0, high = 0, mean = 0, sd = 0, shape = 0, scale = 0;
  std::vector<double> values;
  std::vector<double> weights;
  SourceLocation where;

  static DistributionSpec fixed(double days) {
    DistributionSpec d;
    d.value = days;
    return d;
  }
};

/// A kab/kota office that records residents and prints cards.
struct OfficeSpec {
  int printers = 1;
  /// When > 0, large offices get more printers: at least one per this many wajib-KTP
  /// residents (`printers: {per_wajib_ktp: 100000, min: 1}` in YAML), so one default fits
  /// every kab/kota of a national scenario.
  std::int64_t wajib_ktp_per_printer = 0;
  int cards_per_printer_per_day = 75;
  /// Days the office neither records nor prints.
  std::vector<Weekday> closed_weekdays{Weekday::sat, Weekday::sun};
  /// Print requests already waiting on the first day (they hold a suket).
  std::int64_t initial_backlog = 0;
  /// Suket holders' patience: a request that still waits `patience_days` days after it
  /// became printable, and holds a suket then, gives up with probability `give_up_share`;
  /// a share `ikd_share_of_leavers` of those who give up switch to the digital ID (IKD), the
  /// rest is lost demand. Unset: everyone waits until printed.
  /// \code
  ///   office.patience_days = 30;  // after a month half the suket holders stop coming back
  ///   office.give_up_share = 0.5;
  ///   office.ikd_share_of_leavers = 0.3;
  /// \endcode
  std::optional<int> patience_days;
  double give_up_share = 1.0;         ///< in [0, 1]; used only with patience_days
  double ikd_share_of_leavers = 0.0;  ///< in [0, 1]; used only with patience_days
  SourceLocation where;
};

/// Lateral transfers ("solidaritas") between offices that share a supplier: an office
/// that ends its day out of blanks with requests waiting asks its sibling offices, and the
/// sibling with the largest surplus above `donor_min_cover_days` of its own mean demand
/// lends it blanks. Both offices need lateral transfers enabled.
///
/// As a recipient an office asks for its waiting requests that no lateral transfer on its
/// way covers yet, plus `recipient_cover_days` of its own mean demand (0: just the waiting
/// requests), at most `max_per_transfer` blanks, which take `lead_time` days to arrive. As
/// a donor it never goes below `donor_min_cover_days` of its mean daily demand.
/// \code
///   node.lateral = blanko::LateralSpec{.donor_min_cover_days = 30,
///                                      .lead_time = blanko::DistributionSpec::fixed(2)};
/// \endcode
/// `lateral: {enabled: true, donor_min_cover_days: 30, lead_time: 2, max_per_transfer: 2000}`
/// in YAML.
struct LateralSpec {
  bool enabled = true;
  double donor_min_cover_days = 30;
  double recipient_cover_days = 0;
  DistributionSpec lead_time = DistributionSpec::fixed(2);
  std::int64_t max_per_transfer = 2000;
  SourceLocation where;
};

/// One reason residents ask for a card at an office, with its own rate and priority:
/// `annual_rate` requests a year per resident of the `per` base (wajib-KTP residents, or
/// the whole population for coming of age). Categories of the same priority class share
/// that class's place in the print queue.
///
/// \code
///   blanko::DemandCategorySpec coming_of_age{.name = "turning_17", .annual_rate = 0.016,
///                                            .per = blanko::DemandBase::population,
///                                            .priority = blanko::PriorityClass::first_card};
/// \endcode
struct DemandCategorySpec {
  std::string name;  ///< unique within the office's demand
  double annual_rate = 0;
  DemandBase per = DemandBase::wajib_ktp;
  PriorityClass priority = PriorityClass::first_card;
  SourceLocation where;
};

/// Demand for new cards at an office, as a list of categories. Wajib KTP =
/// `wajib_ktp_share` x population. Requests arrive on working days only, so a year's mean is
/// the same whatever the closed weekdays; each day's count per priority class is Poisson
/// or, with `counts = negative_binomial`, a Gamma-Poisson mixture whose variance is
/// mean + mean^2 / `dispersion` (smaller dispersion: burstier days).
///
/// The shorthand: with `categories` empty, the office has one category "all" of
/// `annual_rate` requests per wajib-KTP resident and year, priority first_card, so a single
/// rate behaves exactly as before priority classes existed. With categories given,
/// `annual_rate` is not used.
struct DemandSpec {
  double annual_rate = 0.13;  ///< the shorthand, used only when `categories` is empty
  double wajib_ktp_share = 0.73;
  std::vector<DemandCategorySpec> categories;
  CountDistribution counts = CountDistribution::poisson;
  double dispersion = 0;  ///< negative binomial size k > 0: variance = mean + mean^2 / k
  /// Days from recording to print-ready record (central deduplication); none: same day.
  std::optional<DistributionSpec> dedup_delay;
  SourceLocation where;
};

/// A policy chosen by name, with its parameters (checked by the policy's factory).
struct PolicySpec {
  std::string name;
  /// Parameters by name; each keeps where it was written. Plain numbers are absolute.
  std::map<std::string, QuantitySpec> parameters;
  SourceLocation where;
};

/// How a node restocks from its supplier: a replenishment policy reviewed every
/// `review_period_days` days, first on day `review_offset_days` of the run.
struct ReplenishmentSpec {
  PolicySpec policy;
  int review_period_days = 7;
  int review_offset_days = 0;
  SourceLocation where;
};

/// What a node's stock, waiting residents and lost requests cost, for the cost KPIs
/// (holding_cost, waiting_cost, lost_cost, purchase_cost; kpis.hpp). All in Rp and all 0
/// unless the scenario's `costs:` section (per node kind) or the node's own `costs:` sets
/// them; the lanes' `trip_cost` is the fifth cost.
/// \code
///   node.costs.holding_per_blank_day = 0.05;   // storage and insurance of one blank
///   node.costs.waiting_per_suket_day = 2'500;  // a resident's day without a card
/// \endcode
struct CostSpec {
  double holding_per_blank_day = 0;  ///< Rp per blank on hand at the end of a day
  double waiting_per_suket_day = 0;  ///< Rp per suket holder still waiting at a day's end
  double per_lost_request = 0;       ///< Rp per request lost for good (lost_demand)
  double unit_price = 0;             ///< Rp per blank procured at this node (lots, tenders)
  SourceLocation where;
};

/// A node of the supply network: the centre, a provincial office or a kab/kota office.
struct NodeSpec {
  std::string id;    ///< unique; Kemendagri code for regions (`17.02`)
  std::string name;  ///< for people; defaults to the id
  NodeKind kind = NodeKind::kabkota;
  std::int64_t population = 0;
  QuantitySpec initial_stock;
  std::optional<OfficeSpec> office;  ///< set: the node records and prints (a demand node)
  std::optional<DemandSpec> demand;  ///< required with an office
  std::optional<ReplenishmentSpec> replenishment;  ///< required for every node with a supplier
  std::optional<LateralSpec> lateral;  ///< set (and enabled): takes part in lateral transfers
  PolicySpec allocation{.name = "fcfs", .parameters = {}, .where = {}};  ///< rule when short
  CostSpec costs;  ///< all 0 unless the scenario has costs
  SourceLocation where;
};

/// Days (`start` to `end`, inclusive) on which a lane moves nothing: Lebaran, or the end
/// of the year when the travel budget is spent. Nothing is dispatched on the lane on those
/// days (its orders wait at the supplier), and a shipment due to arrive in the window
/// arrives on the first day after it.
struct LaneClosure {
  Date start{};
  Date end{};
  SourceLocation where;
};

/// A supply lane: blanks move from `from` (supplier) to `to` (customer). A node may have
/// several lanes in, from different suppliers (a kab/kota supplied by its province and
/// directly by the centre): at each review its order goes to the first lane, in `priority`
/// order, whose supplier has the blanks free (on hand minus what it already owes), and to
/// the first lane when none has.
///
/// \code
///   blanko::LaneSpec direct{.from = "pusat", .to = "17.04",
///                           .lead_time = blanko::DistributionSpec::fixed(18)};
///   direct.priority = 1;            // after the province's lane (priority 0)
///   direct.trip_cost = 4'500'000;   // Rp for a trip to Jakarta
///   direct.max_trips_per_month = 1;
/// \endcode
struct LaneSpec {
  std::string from;
  std::string to;
  DistributionSpec lead_time;
  LaneMode mode = LaneMode::pickup;
  std::int64_t min_lot = 1;       ///< smaller orders are raised to this
  std::int64_t max_lot = 0;       ///< 0: no upper limit per order
  std::int64_t lot_multiple = 1;  ///< orders are rounded up to a multiple of this
  /// Sourcing order among the lanes into `to`: lower first; equal priorities (the default
  /// 0 for all) keep the order of the lanes in the scenario.
  int priority = 0;
  std::vector<LaneClosure> closures;  ///< days the lane is closed
  std::int64_t trip_cost = 0;         ///< Rp per shipment (a pickup trip)
  int max_trips_per_month = 0;        ///< shipments per calendar month; 0: no limit
  SourceLocation where;
};

/// A procurement lot delivered to a source node (the centre) on a date.
struct ProcurementLot {
  Date date{};
  std::string node;  ///< empty: the network's only source node
  std::int64_t quantity = 0;
  SourceLocation where;
};

/// A procurement tender for a source node (the centre), the way Dukcapil buys blanks: the
/// tender opens on `budget_date` and is decided `tender_lead_time` days later. It succeeds
/// with probability 1 - `failure_probability`; then `quantity` blanks arrive in `lots` equal
/// lots (the first on the day of the decision, then every `lot_interval_days`). When it
/// fails it is tendered again `retender_delay_days` after the failure, at most
/// `max_attempts` times in all; after the last failure nothing arrives (the failed tender
/// for 8 million blanks of 2016). Lots due after the horizon do not arrive.
///
/// \code
///   blanko::ProcurementTender t{.name = "2019 budget",
///                               .budget_date = *blanko::parse_iso_date("2019-01-15"),
///                               .quantity = 16'000'000,
///                               .tender_lead_time = blanko::DistributionSpec::fixed(60)};
///   t.failure_probability = 0.2;
///   t.max_attempts = 2;
///   t.retender_delay_days = 30;
///   t.lots = 4;
///   t.lot_interval_days = 30;
/// \endcode
struct ProcurementTender {
  std::string name;  ///< for people
  std::string node;  ///< empty: the network's only source node
  Date budget_date{};
  std::int64_t quantity = 0;
  DistributionSpec tender_lead_time;  ///< days from opening a tender to its decision
  double failure_probability = 0;     ///< of each attempt, in [0, 1]
  int retender_delay_days = 0;        ///< days from a failure to the next attempt
  int max_attempts = 1;               ///< attempts in all, at least 1
  int lots = 1;                       ///< deliveries the quantity is split into
  int lot_interval_days = 0;          ///< days between two deliveries
  SourceLocation where;
};

/// A whole scenario. `source_file` is the YAML file it came from (empty when built in code).
struct Scenario {
  std::string name;
  Date start{};
  int horizon_days = 365;
  std::uint64_t seed = 1;
  std::vector<NodeSpec> nodes;
  std::vector<LaneSpec> lanes;
  std::vector<ProcurementLot> procurement;
  CalendarSpec calendar;  ///< spikes, holidays, closures, disruptions, IKD (calendar.hpp)
  std::vector<ProcurementTender> tenders;
  std::string source_file;
  /// SHA-256 (hex) of the YAML text it was read from, and the `--set` overrides applied to
  /// it, in order (both empty when built in code): what an output records to say which
  /// scenario produced it.
  std::string source_sha256;
  std::vector<std::string> overrides;
  SourceLocation where;
};

}  // namespace blanko
