#pragma once
/// \file policy.hpp
/// The two extension points a planner chooses by name in YAML:
/// - a ReplenishmentPolicy decides, at each review of a node, how many blanks to order
///   from its supplier;
/// - an AllocationPolicy decides, at a supplier that cannot fill every open order, which
///   customers get how many blanks.
/// Both are created through the PolicyRegistry from a PolicySpec (name + parameters), so a
/// developer adds a policy by registering a factory, without touching the engine.
///
/// Example: a policy that always orders a fixed lot when the position is below a level.
/// \code
///   class FixedLot final : public blanko::ReplenishmentPolicy {
///    public:
///     explicit FixedLot(blanko::PolicyParameters& p)
///         : level_(p.quantity("level")), lot_(p.quantity("lot")) {}
///     std::int64_t order_quantity(const blanko::ReviewContext& c) const override {
///       return c.inventory_position() < level_ ? lot_ : 0;
///     }
///    private:
///     std::int64_t level_, lot_;
///   };
///   blanko::PolicyRegistry::global().add_replenishment(
///       "fixed_lot", "order `lot` when the position is below `level`",
///       [](blanko::PolicyParameters& p) { return std::make_unique<FixedLot>(p); });
/// \endcode

#include <blanko/engine.hpp>
#include <blanko/scenario.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace blanko {

/// The expected print requests of a node (every office it supplies, directly or not,
/// itself included) day by day, after the calendar: elections, Pilkada, CPNS windows,
/// school drives, holidays and closures are in it. A read-only view of a table the Model
/// computes once; `cumulative[d]` is the expected number of requests on days [0, d), so
/// it has horizon + 1 entries.
struct DemandOutlook {
  std::span<const double> cumulative;
  double tail_rate = 0;  ///< expected requests per day after the horizon

  /// Expected requests on the `days` days from day `from` on (days before day 0 count
  /// nothing; days after the horizon count `tail_rate` each).
  [[nodiscard]] double expected(Day from, int days) const;
};

/// What a node knows when it reviews its stock. A plain struct: a unit test fills in the
/// fields it needs.
struct ReviewContext {
  Day day = 0;
  std::int64_t on_hand = 0;     ///< blanks in the node's store
  std::int64_t in_transit = 0;  ///< shipped by the supplier, not yet arrived
  std::int64_t on_order = 0;    ///< ordered, not yet shipped by the supplier
  std::int64_t backlog = 0;     ///< print requests waiting at this office (0 if not an office)
  std::int64_t owed = 0;        ///< open orders of this node's own customers
  double mean_daily_demand = 0; ///< of every office this node supplies, itself included
  double lead_time_days = 0;    ///< mean lead time of the node's supplier lane
  int review_period_days = 1;   ///< days between two reviews of this node
  /// The node's expected demand day by day (owned by the Model); null: none attached.
  const DemandOutlook* outlook = nullptr;

  /// on hand + in transit + on order - backlog - owed: the stock the node can count on.
  [[nodiscard]] std::int64_t inventory_position() const {
    return on_hand + in_transit + on_order - backlog - owed;
  }

  /// Expected requests on the `days` days from day `from` on, known spikes included;
  /// `mean_daily_demand` x `days` when no outlook is attached. An order placed today
  /// covers the days after today: `forecast(day + 1, n)`.
  [[nodiscard]] double forecast(Day from, int days) const {
    if (outlook != nullptr) return outlook->expected(from, days);
    return days > 0 ? mean_daily_demand * days : 0.0;
  }
};

/// Decides order quantities at reviews. Implementations must be stateless between calls
/// (one instance serves every replication, possibly on several threads at once).
class ReplenishmentPolicy {
 public:
  virtual ~ReplenishmentPolicy() = default;
  /// Blanks to order now; 0 for none. The lane's lot rules (min, max, multiple) are
  /// applied afterwards by the model.
  [[nodiscard]] virtual std::int64_t order_quantity(const ReviewContext& context) const = 0;
};

/// `OpenOrder::days_to_next_election` when no election or Pilkada lies ahead of the customer.
inline constexpr std::int32_t kNoElectionAhead = 1 << 30;

/// An order a supplier has not yet filled. The `customer_*` facts and
/// `days_to_next_election` are filled in by the simulation just before each allocation (a
/// unit test fills in the ones its policy reads); the others are the order itself.
struct OpenOrder {
  std::int32_t customer = 0;      ///< node index of the customer
  Day placed = 0;                 ///< day the order was placed
  std::int64_t outstanding = 0;   ///< blanks still to ship
  std::int32_t lane = 0;          ///< lane index (Network) the blanks travel on
  /// Residents of the offices the customer supplies, itself included.
  std::int64_t customer_population = 0;
  /// Mean print requests per calendar day below the customer (ReviewContext's).
  double customer_mean_daily_demand = 0;
  /// Expected requests below the customer over its lead time + review period from
  /// tomorrow on, from the same outlook as ReviewContext::forecast.
  double customer_forecast = 0;
  /// The customer's inventory position (on hand + in transit + on order - backlog - owed)
  /// before this allocation; this order's outstanding blanks count as on order.
  std::int64_t customer_position = 0;
  /// Days until an election or Pilkada window covering an office below the customer
  /// starts (0 inside one); kNoElectionAhead when none lies ahead.
  std::int32_t days_to_next_election = kNoElectionAhead;
};

/// Splits a short supplier's stock among its open orders that may ship today (orders on a
/// closed lane, or on one that has used its trips of the month, wait and are left out).
/// `orders` come oldest first (ties broken by the fixed review order of the customers), so
/// an allocation never depends on the order in which simultaneous orders were inserted.
/// Implementations are stateless between calls, like ReplenishmentPolicy.
class AllocationPolicy {
 public:
  virtual ~AllocationPolicy() = default;
  /// Writes into `granted[i]` how many blanks order i gets; the sum must not exceed
  /// `available` and no grant may exceed the order's outstanding quantity.
  virtual void allocate(std::int64_t available, std::span<const OpenOrder> orders,
                        std::span<std::int64_t> granted) const = 0;
};

/// What a node's relative quantities are resolved against:
/// - `{days_of_demand: N}` is N x `mean_daily_demand`;
/// - `{cover_of_lead_time: k}` is k x `mean_daily_demand` x (`lead_time_days` +
///   `review_period_days`), the demand a replenishment cycle must cover.
///
/// \code
///   blanko::QuantityScale scale{.mean_daily_demand = 40, .lead_time_days = 14,
///                               .review_period_days = 7};
///   scale.blanks(blanko::QuantitySpec::lead_time_cover_of(1.5));  // 1.5 x 40 x 21 = 1260
/// \endcode
struct QuantityScale {
  double mean_daily_demand = 0;  ///< of every office the node supplies, itself included
  double lead_time_days = 0;     ///< mean lead time of the node's supplier lane
  int review_period_days = 0;    ///< 0: the node has no replenishment (no lead-time cover)

  /// `q` in blanks, not rounded and not checked for sign. A ScenarioError at `q.where`
  /// for a lead-time cover at a node without a supplier lane and review period.
  [[nodiscard]] double blanks(const QuantitySpec& q) const;
};

/// The parameters of one PolicySpec as a factory sees them: typed getters that resolve
/// `{days_of_demand: N}` and `{cover_of_lead_time: k}` against the node (QuantityScale)
/// and report a bad or missing parameter as a ScenarioError at the place it was written.
/// After the factory returns, any parameter it did not read is reported as unknown (with a
/// "did you mean").
class PolicyParameters {
 public:
  PolicyParameters(const PolicySpec& spec, const QuantityScale& scale);

  /// A required quantity of blanks in [0, 1e12], rounded to the nearest integer.
  std::int64_t quantity(std::string_view key);
  /// An optional quantity of blanks, `fallback` when absent.
  std::int64_t quantity_or(std::string_view key, std::int64_t fallback);
  /// A required plain number (not `days_of_demand` nor `cover_of_lead_time`).
  double number(std::string_view key);
  /// A required plain number of days, in [0, 36525] (100 years): a cover, a safety margin,
  /// a window; fails with `<key> must be a number between 0 and 36,525 (days), got ...`.
  double non_negative_number(std::string_view key);
  /// True when the parameter was given.
  [[nodiscard]] bool has(std::string_view key) const;
  /// Throws a ScenarioError at the parameter (or at the policy when it is absent).
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;
  /// Throws for every parameter never read; called by the registry.
  void check_all_used() const;

  [[nodiscard]] const PolicySpec& spec() const { return spec_; }
  [[nodiscard]] const QuantityScale& scale() const { return scale_; }
  [[nodiscard]] double mean_daily_demand() const { return scale_.mean_daily_demand; }

 private:
  const QuantitySpec& require(std::string_view key);
  const PolicySpec& spec_;
  QuantityScale scale_;
  std::set<std::string, std::less<>> used_;
};

using ReplenishmentFactory =
    std::function<std::unique_ptr<ReplenishmentPolicy>(PolicyParameters&)>;
using AllocationFactory = std::function<std::unique_ptr<AllocationPolicy>(PolicyParameters&)>;

/// Policies by name. `global()` comes with the built-in policies registered (see
/// docs/policies.md): replenishment `base_stock` (S), `periodic` (S, reviewed every
/// `review_period_days`), `s_S` (s, S), `r_Q` (r, Q), `days_of_cover` (cover_days,
/// min_order) and `event_aware` (safety_days, lead_time_days); allocation `fcfs`,
/// `proportional`, `population`, `forecast`, `fair_share` and `priority_tiers` (window_days),
/// each with an optional `retain`.
class PolicyRegistry {
 public:
  /// The process-wide registry that scenarios are compiled against.
  static PolicyRegistry& global();

  void add_replenishment(std::string name, std::string description, ReplenishmentFactory make);
  void add_allocation(std::string name, std::string description, AllocationFactory make);

  /// Builds the named policy for a node whose relative quantities resolve against
  /// `scale`; ScenarioError for an unknown name (with "did you mean") or bad parameters.
  [[nodiscard]] std::unique_ptr<ReplenishmentPolicy> make_replenishment(
      const PolicySpec& spec, const QuantityScale& scale) const;
  /// Builds the named allocation policy for a supplier whose relative quantities (a
  /// `retain: {days_of_demand: N}`) resolve against `scale`.
  [[nodiscard]] std::unique_ptr<AllocationPolicy> make_allocation(
      const PolicySpec& spec, const QuantityScale& scale = {}) const;

  [[nodiscard]] std::vector<std::string> replenishment_names() const;
  [[nodiscard]] std::vector<std::string> allocation_names() const;

 private:
  struct ReplenishmentEntry {
    std::string name, description;
    ReplenishmentFactory make;
  };
  struct AllocationEntry {
    std::string name, description;
    AllocationFactory make;
  };
  std::vector<ReplenishmentEntry> replenishment_;
  std::vector<AllocationEntry> allocation_;
};

}  // namespace blanko
