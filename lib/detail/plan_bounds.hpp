#pragma once
// The range of every number a plan file carries (docs/plan.md shows this table; docs_test
// checks that the two agree), in the form of the scenario's field_bounds.hpp.

#include "detail/field_bounds.hpp"

#include <array>
#include <cstddef>

namespace blanko::detail {

/// The most values one decision may list or span, and the most steps a split may take: each
/// may cost a Monte Carlo run.
inline constexpr std::size_t kMaxPlanValues = 10'000;
/// The most alternatives a choice may make (the product of its lists): all are simulated
/// side by side.
inline constexpr std::size_t kMaxPlanAlternatives = 1'000;

namespace plan_bound {
using enum BoundKind;
// clang-format off
inline constexpr FieldBound replications{"replications, verify_replications", "plan", integer, 1, 1e7, "replications"};
inline constexpr FieldBound confidence{"confidence", "plan", real, 0.5, 0.9999, "share"};
inline constexpr FieldBound probability{"probability_at_most", "target", real, 0, 1, "probability", true};
inline constexpr FieldBound kpi_bound{"at_most, at_least", "target (kpi)", real, -1e15, 1e15, "the KPI's unit"};
inline constexpr FieldBound top_up{"from, to, step; a listed value; proposed", "decision (top_up)", integer, 0, kMaxBlanks, "blanks"};
inline constexpr FieldBound setting{"from, to, step", "decision (set)", real, -kMaxBlanks, kMaxBlanks, "as the key reads it"};
inline constexpr FieldBound step_days{"step_days", "decision (dates)", integer, 1, kMaxDays, "days"};
inline constexpr FieldBound split{"budget, step", "decision (split)", integer, 1, kMaxBlanks, "blanks"};
inline constexpr FieldBound indifference{"indifference", "decision (choose)", real, 0, 1e15, "the KPI's unit", true};
// clang-format on
}  // namespace plan_bound

/// Every row, in the order of docs/plan.md's table.
inline constexpr std::array<const FieldBound*, 9> kPlanBounds{
    &plan_bound::replications, &plan_bound::confidence, &plan_bound::probability,
    &plan_bound::kpi_bound,    &plan_bound::top_up,     &plan_bound::setting,
    &plan_bound::step_days,    &plan_bound::split,      &plan_bound::indifference,
};

}  // namespace blanko::detail
