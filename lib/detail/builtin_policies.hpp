#pragma once
// The policies blanko ships, registered into PolicyRegistry::global() by name. Each family
// lives in its own file so a new policy is a class and one registration line.

#include <blanko/policy.hpp>

namespace blanko::detail {

/// base_stock, periodic, s_S, r_Q, days_of_cover, event_aware
/// (lib/detail/replenishment_policies.cpp).
void register_replenishment_policies(PolicyRegistry& registry);
/// fcfs, proportional, population, forecast, fair_share, priority_tiers
/// (lib/detail/allocation_policies.cpp).
void register_allocation_policies(PolicyRegistry& registry);

}  // namespace blanko::detail
