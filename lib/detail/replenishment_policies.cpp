// Built-in replenishment policies. Decisions use the inventory position
// (on hand + in transit + on order - backlog - owed), so an order already on its way is
// never placed twice.

#include "detail/builtin_policies.hpp"

#include <algorithm>
#include <string>

namespace blanko::detail {
namespace {

/// Order up to S at every review.
class BaseStock final : public ReplenishmentPolicy {
 public:
  explicit BaseStock(PolicyParameters& p) : target_(p.quantity("S")) {}
  std::int64_t order_quantity(const ReviewContext& c) const override {
    return std::max<std::int64_t>(0, target_ - c.inventory_position());
  }

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
    const std::int64_t position = c.inventory_position();
    return position <= reorder_point_ ? target_ - position : 0;
  }

 private:
  std::int64_t reorder_point_, target_;
};

}  // namespace

void register_replenishment_policies(PolicyRegistry& registry) {
  registry.add_replenishment("base_stock", "order up to S at every review",
                             [](PolicyParameters& p) { return std::make_unique<BaseStock>(p); });
  registry.add_replenishment("s_S", "when the position is at or below s, order up to S",
                             [](PolicyParameters& p) {
                               return std::make_unique<ReorderPointOrderUpTo>(p);
                             });
}

}  // namespace blanko::detail
