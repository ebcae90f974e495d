// Built-in allocation policies: how a supplier that cannot fill every open order splits
// its stock. Orders come oldest first, so every rule is independent of insertion order.

#include "detail/builtin_policies.hpp"

#include <algorithm>

namespace blanko::detail {
namespace {

/// First come, first served: the oldest open order is filled completely before the next.
class FirstComeFirstServed final : public AllocationPolicy {
 public:
  void allocate(std::int64_t available, std::span<const OpenOrder> orders,
                std::span<std::int64_t> granted) const override {
    for (std::size_t i = 0; i < orders.size(); ++i) {
      granted[i] = std::min(available, orders[i].outstanding);
      available -= granted[i];
    }
  }
};

}  // namespace

void register_allocation_policies(PolicyRegistry& registry) {
  registry.add_allocation("fcfs", "oldest order first, each filled completely",
                          [](PolicyParameters&) { return std::make_unique<FirstComeFirstServed>(); });
}

}  // namespace blanko::detail
