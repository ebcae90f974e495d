#pragma once
// Procurement compiled from a Scenario: lots on fixed days, and tenders whose outcome each
// replication draws from its own procurement stream.

#include <blanko/engine.hpp>
#include <blanko/network.hpp>

#include "detail/lead_time.hpp"
#include "detail/random.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace blanko::detail {

/// A procurement lot on a simulation day.
struct CompiledLot {
  Day day;
  NodeIndex node;
  std::int64_t quantity;
};

/// A tender (ProcurementTender) with its node resolved and its dates as simulation days.
struct CompiledTender {
  Day opens = 0;  ///< day of the first attempt (the budget date)
  NodeIndex node = kNone;
  std::int64_t quantity = 0;
  LeadTimeSampler lead_time;
  double failure_probability = 0;
  std::int32_t retender_delay = 0;
  std::int32_t max_attempts = 1;
  std::int32_t lots = 1;
  std::int32_t lot_interval = 0;
};

/// What the tenders come to in one replication.
struct TenderOutcome {
  std::vector<CompiledLot> lots;  ///< deliveries before the horizon, tender by tender
  std::int64_t failures = 0;      ///< failed attempts decided before the horizon
};

/// Draws the attempts of every tender, in order, from `engine` (a replication's procurement
/// stream): for each attempt its tender lead time, then one uniform u that makes it fail
/// when u < failure_probability. Every attempt up to the first success (or the last one) is
/// drawn even past the horizon, so one tender's draws never depend on how long the run is.
/// A success on day t delivers the quantity in `lots` lots on t, t + lot_interval, ...;
/// when the quantity does not split evenly the first lots carry one blank more.
void draw_tenders(std::span<const CompiledTender> tenders, Day horizon, RandomEngine& engine,
                  TenderOutcome& outcome);

}  // namespace blanko::detail
