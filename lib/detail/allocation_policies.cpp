// Built-in allocation policies: how a supplier that cannot fill every open order splits
// its stock. Orders come oldest first, so every rule is independent of insertion order.
// Every rule takes an optional `retain` (blanks the supplier keeps for itself; only the
// stock above it is shared out), and none keeps state or allocates memory per call.

#include "detail/builtin_policies.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <vector>

namespace blanko::detail {
namespace {

/// The common part of every rule: `retain` and the clean-up of `granted`.
class RetainingAllocation : public AllocationPolicy {
 public:
  explicit RetainingAllocation(PolicyParameters& p) : retain_(p.quantity_or("retain", 0)) {}

  void allocate(std::int64_t available, std::span<const OpenOrder> orders,
                std::span<std::int64_t> granted) const final {
    std::fill(granted.begin(), granted.end(), std::int64_t{0});
    const std::int64_t shared = available - retain_;
    if (shared <= 0 || orders.empty()) return;
    std::int64_t wanted = 0;
    for (const OpenOrder& o : orders) wanted += std::max<std::int64_t>(0, o.outstanding);
    if (wanted <= shared) {  // enough for everyone: every rule fills every order
      for (std::size_t i = 0; i < orders.size(); ++i)
        granted[i] = std::max<std::int64_t>(0, orders[i].outstanding);
      return;
    }
    split(shared, orders, granted);
  }

 protected:
  /// Shares `available` (< the sum of outstanding, > 0) among `orders`; `granted` is zero.
  virtual void split(std::int64_t available, std::span<const OpenOrder> orders,
                     std::span<std::int64_t> granted) const = 0;

 private:
  std::int64_t retain_;
};

/// Oldest first, each filled completely, over the orders that `take` accepts.
template <class Take>
std::int64_t first_come_first_served(std::int64_t available, std::span<const OpenOrder> orders,
                                     std::span<std::int64_t> granted, Take take) {
  for (std::size_t i = 0; i < orders.size() && available > 0; ++i) {
    if (!take(orders[i])) continue;
    granted[i] = std::min(available, std::max<std::int64_t>(0, orders[i].outstanding));
    available -= granted[i];
  }
  return available;
}

/// First come, first served: the oldest open order is filled completely before the next.
class FirstComeFirstServed final : public RetainingAllocation {
 public:
  using RetainingAllocation::RetainingAllocation;

 protected:
  void split(std::int64_t available, std::span<const OpenOrder> orders,
             std::span<std::int64_t> granted) const override {
    first_come_first_served(available, orders, granted, [](const OpenOrder&) { return true; });
  }
};

/// Per-thread scratch, grown once and reused: allocations allocate no memory per call
/// after the first few (one policy instance serves every thread).
struct Scratch {
  std::vector<double> weight, remainder;
  std::vector<char> open;
  void resize(std::size_t n) {
    weight.resize(n);
    remainder.resize(n);
    open.resize(n);
  }
};
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

/// Splits `available` in proportion to `weight(order)` in whole blanks. Orders whose quota
/// reaches their outstanding quantity are filled and the rest shared again among the others
/// (water-filling); then each order gets the floor of its quota and the blanks left over go
/// one each to the largest remainders, ties to the older order. Orders that all weigh
/// nothing share in proportion to their outstanding quantities instead.
template <class Weight>
void proportional_split(std::int64_t available, std::span<const OpenOrder> orders,
                        std::span<std::int64_t> granted, Weight weight) {
  const std::size_t n = orders.size();
  Scratch& s = scratch();
  s.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double w = static_cast<double>(weight(orders[i]));
    s.weight[i] = std::isfinite(w) && w > 0 ? w : 0.0;
    s.open[i] = orders[i].outstanding > 0 ? 1 : 0;
  }
  std::int64_t pool = available;
  bool fallback = false;
  while (pool > 0) {
    double total = 0;
    bool any_open = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (s.open[i] == 0) continue;
      any_open = true;
      total += s.weight[i];
    }
    if (!any_open) return;
    if (total <= 0) {
      if (fallback) return;
      fallback = true;
      for (std::size_t i = 0; i < n; ++i) s.weight[i] = static_cast<double>(orders[i].outstanding);
      continue;
    }
    bool capped = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (s.open[i] == 0) continue;
      const double quota = static_cast<double>(pool) * (s.weight[i] / total);
      if (quota >= static_cast<double>(orders[i].outstanding)) {
        granted[i] = std::min(orders[i].outstanding, pool);
        pool -= granted[i];
        s.open[i] = 0;
        capped = true;
      }
    }
    if (capped) continue;
    std::int64_t left = pool;
    for (std::size_t i = 0; i < n; ++i) {
      if (s.open[i] == 0) continue;
      const double quota = static_cast<double>(pool) * (s.weight[i] / total);
      const auto whole = std::clamp(static_cast<std::int64_t>(std::floor(quota)), std::int64_t{0},
                                    std::min(orders[i].outstanding, left));
      granted[i] = whole;
      left -= whole;
      s.remainder[i] = quota - static_cast<double>(whole);
    }
    // Largest remainder first, the older order on a tie; a second pass (rounding only)
    // goes oldest first.
    while (left > 0) {
      std::size_t best = n;
      for (std::size_t i = 0; i < n; ++i) {
        if (s.open[i] == 0 || granted[i] >= orders[i].outstanding || s.remainder[i] < 0) continue;
        if (best == n || s.remainder[i] > s.remainder[best]) best = i;
      }
      if (best == n) break;
      ++granted[best];
      --left;
      s.remainder[best] = -1;
    }
    for (std::size_t i = 0; i < n && left > 0; ++i) {
      if (s.open[i] == 0) continue;
      const std::int64_t more = std::min(left, orders[i].outstanding - granted[i]);
      granted[i] += more;
      left -= more;
    }
    return;
  }
}

/// Shares in proportion to a fact of each order (outstanding, population, forecast).
template <class Weight>
class Proportional final : public RetainingAllocation {
 public:
  Proportional(PolicyParameters& p, Weight weight)
      : RetainingAllocation(p), weight_(weight) {}

 protected:
  void split(std::int64_t available, std::span<const OpenOrder> orders,
             std::span<std::int64_t> granted) const override {
    proportional_split(available, orders, granted, weight_);
  }

 private:
  Weight weight_;
};

template <class Weight>
std::unique_ptr<AllocationPolicy> make_proportional(PolicyParameters& p, Weight weight) {
  return std::make_unique<Proportional<Weight>>(p, weight);
}

/// Equal days of cover after the allocation: (position + grant) / mean daily demand is
/// raised for the customers lowest in cover first, as far as the blanks go (water-filling),
/// never beyond an order's outstanding quantity. Customers without demand come last, oldest
/// first.
class FairShare final : public RetainingAllocation {
 public:
  using RetainingAllocation::RetainingAllocation;

 protected:
  void split(std::int64_t available, std::span<const OpenOrder> orders,
             std::span<std::int64_t> granted) const override {
    const auto has_demand = [](const OpenOrder& o) {
      return o.customer_mean_daily_demand > 0 && std::isfinite(o.customer_mean_daily_demand);
    };
    const auto cover = [](const OpenOrder& o, double blanks) {
      return (static_cast<double>(o.customer_position) + blanks) / o.customer_mean_daily_demand;
    };
    const std::size_t n = orders.size();
    double lo = 0, hi = 0;
    bool any = false;
    std::int64_t wanted = 0;
    for (const OpenOrder& o : orders) {
      if (!has_demand(o) || o.outstanding <= 0) continue;
      const double from = cover(o, 0);
      const double to = cover(o, static_cast<double>(o.outstanding));
      lo = any ? std::min(lo, from) : from;
      hi = any ? std::max(hi, to) : to;
      any = true;
      wanted += o.outstanding;
    }
    std::int64_t left = available;
    if (any) {
      // Grants at a common level of cover `level`, whole blanks rounded down.
      const auto grant_at = [&](const OpenOrder& o, double level) {
        if (!has_demand(o) || o.outstanding <= 0) return std::int64_t{0};
        const double blanks =
            std::floor(level * o.customer_mean_daily_demand - static_cast<double>(o.customer_position));
        if (!(blanks > 0)) return std::int64_t{0};
        if (blanks >= static_cast<double>(o.outstanding)) return o.outstanding;
        return static_cast<std::int64_t>(blanks);
      };
      const auto total_at = [&](double level) {
        std::int64_t sum = 0;
        for (const OpenOrder& o : orders) sum += grant_at(o, level);
        return sum;
      };
      double level = hi;
      if (wanted > available) {
        lo -= 1;  // total_at(lo) == 0
        for (int k = 0; k < 200 && lo < hi; ++k) {
          const double mid = lo + (hi - lo) / 2;
          if (mid <= lo || mid >= hi) break;
          (total_at(mid) <= available ? lo : hi) = mid;
        }
        level = lo;
      }
      for (std::size_t i = 0; i < n; ++i) {
        granted[i] = std::min(grant_at(orders[i], level), left);
        left -= granted[i];
      }
      // The last blanks one at a time to the lowest cover, the older order on a tie.
      while (left > 0) {
        std::size_t best = n;
        double best_cover = 0;
        for (std::size_t i = 0; i < n; ++i) {
          if (!has_demand(orders[i]) || granted[i] >= orders[i].outstanding) continue;
          const double c = cover(orders[i], static_cast<double>(granted[i]));
          if (best == n || c < best_cover) {
            best = i;
            best_cover = c;
          }
        }
        if (best == n) break;
        ++granted[best];
        --left;
      }
    }
    first_come_first_served(left, orders, granted,
                            [&](const OpenOrder& o) { return !has_demand(o); });
  }
};

/// Customers with an election or Pilkada starting within `window_days` first, oldest first;
/// then the others, oldest first.
class PriorityTiers final : public RetainingAllocation {
 public:
  explicit PriorityTiers(PolicyParameters& p)
      : RetainingAllocation(p), window_days_(p.non_negative_number("window_days")) {}

 protected:
  void split(std::int64_t available, std::span<const OpenOrder> orders,
             std::span<std::int64_t> granted) const override {
    const auto urgent = [&](const OpenOrder& o) {
      return static_cast<double>(o.days_to_next_election) <= window_days_;
    };
    available = first_come_first_served(available, orders, granted, urgent);
    first_come_first_served(available, orders, granted,
                            [&](const OpenOrder& o) { return !urgent(o); });
  }

 private:
  double window_days_;
};

}  // namespace

void register_allocation_policies(PolicyRegistry& registry) {
  registry.add_allocation("fcfs", "oldest order first, each filled completely",
                          [](PolicyParameters& p) { return std::make_unique<FirstComeFirstServed>(p); });
  registry.add_allocation(
      "proportional", "in proportion to the outstanding order sizes", [](PolicyParameters& p) {
        return make_proportional(p, [](const OpenOrder& o) { return static_cast<double>(o.outstanding); });
      });
  registry.add_allocation(
      "population", "in proportion to the population below each customer", [](PolicyParameters& p) {
        return make_proportional(p, [](const OpenOrder& o) { return static_cast<double>(o.customer_population); });
      });
  registry.add_allocation(
      "forecast", "in proportion to each customer's forecast over lead time + review period",
      [](PolicyParameters& p) {
        return make_proportional(p, [](const OpenOrder& o) { return o.customer_forecast; });
      });
  registry.add_allocation("fair_share", "equal days of cover after the allocation (water-filling)",
                          [](PolicyParameters& p) { return std::make_unique<FairShare>(p); });
  registry.add_allocation(
      "priority_tiers", "customers with an election within window_days first, then the rest; FCFS in each",
      [](PolicyParameters& p) { return std::make_unique<PriorityTiers>(p); });
}

}  // namespace blanko::detail
