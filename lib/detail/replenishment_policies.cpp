// Built-in replenishment policies. Decisions use the inventory position
// (on hand + in transit + on order - backlog - owed), so an order already on its way is
// never placed twice. docs/policies.md describes them for planners.

#include "detail/builtin_policies.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace blanko::detail {
namespace {

std::int64_t up_to(std::int64_t target, const ReviewContext& c) {
  return std::max<std::int64_t>(0, target - c.inventory_position());
}

// The days an order placed today must last: until the order of the next review arrives.
int cycle_days(double lead_time_days, const ReviewContext& c) {
  return std::max(1, static_cast<int>(std::lround(lead_time_days)) + c.review_period_days);
}

/// Order up to S at every review. Registered twice: `base_stock`, and `periodic` (R, S)
/// for planners who think of it as "every R days, fill up to S" (R being the node's
/// review_period_days).
class BaseStock final : public ReplenishmentPolicy {
 public:
  explicit BaseStock(PolicyParameters& p) : target_(p.quantity("S")) {}
  std::int64_t order_quantity(const ReviewContext& c) const override { return up_to(target_, c); }

 private:
  std::int64_t target_;
};

/// (s, S): when the position is at or below s, order up to S.
class ReorderPointOrderUpTo final : public ReplenishmentPolicy {
 public:
  explicit ReorderPointOrderUpTo(PolicyParameters& p)
      : reorder_point_(p.quantity("s")), target_(p.quantity("S")) {
    if (reorder_point_ > target_) {
      p.fail("s", "s (" + std::to_string(reorder_point_) + ") must not exceed S (" +
                      std::to_string(target_) + ")");
    }
  }
  std::int64_t order_quantity(const ReviewContext& c) const override {
    return c.inventory_position() <= reorder_point_ ? up_to(target_, c) : 0;
  }

 private:
  std::int64_t reorder_point_, target_;
};

/// (r, Q): when the position is at or below r, order the smallest multiple of Q that lifts
/// it above r.
class ReorderPointFixedLot final : public ReplenishmentPolicy {
 public:
  explicit ReorderPointFixedLot(PolicyParameters& p)
      : reorder_point_(p.quantity("r")), lot_(p.quantity("Q")) {
    if (lot_ <= 0) p.fail("Q", "Q must be positive (blanks per lot), got " + std::to_string(lot_));
  }
  std::int64_t order_quantity(const ReviewContext& c) const override {
    const std::int64_t position = c.inventory_position();
    if (position > reorder_point_) return 0;
    return ((reorder_point_ - position) / lot_ + 1) * lot_;
  }

 private:
  std::int64_t reorder_point_, lot_;
};

/// Order up to `cover_days` days of the demand forecast for the coming cycle (lead time +
/// review period), skipping orders below `min_order`.
class DaysOfCover final : public ReplenishmentPolicy {
 public:
  explicit DaysOfCover(PolicyParameters& p)
      : cover_days_(p.non_negative_number("cover_days")),
        min_order_(p.quantity_or("min_order", 0)) {}
  std::int64_t order_quantity(const ReviewContext& c) const override {
    const int days = cycle_days(c.lead_time_days, c);
    const double daily = c.forecast(c.day + 1, days) / days;
    const std::int64_t wanted = up_to(std::llround(cover_days_ * daily), c);
    return wanted >= min_order_ ? wanted : 0;
  }

 private:
  double cover_days_;
  std::int64_t min_order_;
};

/// Order up to the demand forecast over the coming cycle (lead time + review period) from
/// the calendar-aware rate table, plus `safety_days` of mean demand: stock is built up
/// before a known spike and not after it.
class EventAware final : public ReplenishmentPolicy {
 public:
  explicit EventAware(PolicyParameters& p)
      : safety_days_(p.non_negative_number("safety_days")),
        lead_time_days_(p.has("lead_time_days") ? p.non_negative_number("lead_time_days") : -1) {}
  std::int64_t order_quantity(const ReviewContext& c) const override {
    const int days = cycle_days(lead_time_days_ >= 0 ? lead_time_days_ : c.lead_time_days, c);
    const double target = c.forecast(c.day + 1, days) + safety_days_ * c.mean_daily_demand;
    return up_to(std::llround(target), c);
  }

 private:
  double safety_days_;
  double lead_time_days_;  // < 0: the supplier lane's mean
};

template <class Policy>
ReplenishmentFactory factory() {
  return [](PolicyParameters& p) { return std::make_unique<Policy>(p); };
}

}  // namespace

void register_replenishment_policies(PolicyRegistry& registry) {
  registry.add_replenishment("base_stock", "order up to S at every review", factory<BaseStock>());
  registry.add_replenishment(
      "periodic",
      "(R, S): every review_period_days (R), order up to S; base_stock by its planning name",
      factory<BaseStock>());
  registry.add_replenishment("s_S", "when the position is at or below s, order up to S",
                             factory<ReorderPointOrderUpTo>());
  registry.add_replenishment(
      "r_Q",
      "when the position is at or below r, order the smallest multiple of Q that lifts it above r",
      factory<ReorderPointFixedLot>());
  registry.add_replenishment(
      "days_of_cover",
      "order up to cover_days days of the forecast demand of the coming lead time + review period",
      factory<DaysOfCover>());
  registry.add_replenishment(
      "event_aware",
      "order up to the calendar's forecast over lead time + review period, plus safety_days of "
      "mean demand",
      factory<EventAware>());
}

}  // namespace blanko::detail
