#include <blanko/policy.hpp>

#include "detail/builtin_policies.hpp"
#include "detail/field_bounds.hpp"
#include "detail/suggest.hpp"

#include <algorithm>
#include <cmath>

namespace blanko {

// ---- demand views and scales -----------------------------------------------------------

double DemandOutlook::expected(Day from, int days) const {
  if (days <= 0) return 0.0;
  const auto horizon = static_cast<std::int64_t>(cumulative.size()) - 1;
  const std::int64_t begin = std::max<std::int64_t>(from, 0);
  const std::int64_t end = std::max<std::int64_t>(std::int64_t{from} + days, 0);
  double sum = 0;
  if (horizon > 0 && begin < horizon) {
    sum += cumulative[static_cast<std::size_t>(std::min(end, horizon))] -
           cumulative[static_cast<std::size_t>(begin)];
  }
  const std::int64_t beyond = end - std::max(begin, std::max<std::int64_t>(horizon, 0));
  if (beyond > 0) sum += tail_rate * static_cast<double>(beyond);
  return sum;
}

double QuantityScale::blanks(const QuantitySpec& q) const {
  switch (q.basis) {
    case QuantityBasis::units:
      return q.value;
    case QuantityBasis::days_of_demand:
      return q.value * mean_daily_demand;
    case QuantityBasis::lead_time_cover:
      if (review_period_days <= 0) {
        throw ScenarioError(q.where,
                            "{cover_of_lead_time: ...} needs a node with a supplier lane and a "
                            "replenishment policy; give blanks or {days_of_demand: N}");
      }
      return q.value * mean_daily_demand * (lead_time_days + review_period_days);
  }
  return q.value;
}

// ---- PolicyParameters ------------------------------------------------------------------

PolicyParameters::PolicyParameters(const PolicySpec& spec, const QuantityScale& scale)
    : spec_(spec), scale_(scale) {}

bool PolicyParameters::has(std::string_view key) const {
  return spec_.parameters.find(std::string(key)) != spec_.parameters.end();
}

void PolicyParameters::fail(std::string_view key, const std::string& message) const {
  auto it = spec_.parameters.find(std::string(key));
  SourceLocation where = it != spec_.parameters.end() ? it->second.where : spec_.where;
  throw ScenarioError(where, "policy '" + spec_.name + "', parameter '" + std::string(key) +
                                 "': " + message);
}

const QuantitySpec& PolicyParameters::require(std::string_view key) {
  auto it = spec_.parameters.find(std::string(key));
  if (it == spec_.parameters.end()) {
    // A typo ('Ss' for 'S') shows up here first, before the unknown-parameter check.
    std::vector<std::string> given;
    for (const auto& entry : spec_.parameters) given.push_back(entry.first);
    const std::string typo = detail::closest_match(key, given);
    fail(key, "missing (required)" +
                  (typo.empty() ? std::string{} : "; '" + typo + "' was given: a typo?"));
  }
  used_.insert(std::string(key));
  return it->second;
}

std::int64_t PolicyParameters::quantity(std::string_view key) {
  const double blanks = scale_.blanks(require(key));
  if (!detail::bound::blanks.contains(blanks)) {
    fail(key, detail::bound::blanks.violation("the quantity", blanks));
  }
  return std::llround(blanks);
}

std::int64_t PolicyParameters::quantity_or(std::string_view key, std::int64_t fallback) {
  return has(key) ? quantity(key) : fallback;
}

double PolicyParameters::number(std::string_view key) {
  const QuantitySpec& q = require(key);
  if (q.basis != QuantityBasis::units) {
    fail(key, "expected a plain number, not {days_of_demand: ...} or {cover_of_lead_time: ...}");
  }
  return q.value;
}

double PolicyParameters::non_negative_number(std::string_view key) {
  const double value = number(key);
  if (!detail::bound::policy_days.contains(value)) {
    fail(key, detail::bound::policy_days.violation(key, value));
  }
  return value;
}

void PolicyParameters::check_all_used() const {
  std::vector<std::string> known(used_.begin(), used_.end());
  for (const auto& [key, value] : spec_.parameters) {
    if (used_.count(key) == 0) {
      throw ScenarioError(value.where, "policy '" + spec_.name + "' has no parameter '" + key +
                                           "'" + detail::suggestion_suffix(key, known));
    }
  }
}

namespace {

template <class Entries>
std::vector<std::string> names_of(const Entries& entries) {
  std::vector<std::string> names;
  for (const auto& e : entries) names.push_back(e.name);
  return names;
}

template <class Entries>
const auto& find_entry(const Entries& entries, const PolicySpec& spec, const char* family) {
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const auto& e) { return e.name == spec.name; });
  if (it == entries.end()) {
    throw ScenarioError(spec.where, std::string("unknown ") + family + " policy '" + spec.name +
                                        "'" + detail::suggestion_suffix(spec.name, names_of(entries)));
  }
  return *it;
}

}  // namespace

// ---- registry --------------------------------------------------------------------------

PolicyRegistry& PolicyRegistry::global() {
  static PolicyRegistry registry = [] {
    PolicyRegistry r;
    detail::register_replenishment_policies(r);
    detail::register_allocation_policies(r);
    return r;
  }();
  return registry;
}

void PolicyRegistry::add_replenishment(std::string name, std::string description,
                                       ReplenishmentFactory make) {
  std::erase_if(replenishment_, [&](const auto& e) { return e.name == name; });
  replenishment_.push_back({std::move(name), std::move(description), std::move(make)});
}

void PolicyRegistry::add_allocation(std::string name, std::string description,
                                    AllocationFactory make) {
  std::erase_if(allocation_, [&](const auto& e) { return e.name == name; });
  allocation_.push_back({std::move(name), std::move(description), std::move(make)});
}

std::unique_ptr<ReplenishmentPolicy> PolicyRegistry::make_replenishment(
    const PolicySpec& spec, const QuantityScale& scale) const {
  const auto& entry = find_entry(replenishment_, spec, "replenishment");
  PolicyParameters parameters(spec, scale);
  auto policy = entry.make(parameters);
  parameters.check_all_used();
  return policy;
}

std::unique_ptr<AllocationPolicy> PolicyRegistry::make_allocation(
    const PolicySpec& spec, const QuantityScale& scale) const {
  const auto& entry = find_entry(allocation_, spec, "allocation");
  PolicyParameters parameters(spec, scale);
  auto policy = entry.make(parameters);
  parameters.check_all_used();
  return policy;
}

std::vector<std::string> PolicyRegistry::replenishment_names() const {
  return names_of(replenishment_);
}
std::vector<std::string> PolicyRegistry::allocation_names() const { return names_of(allocation_); }

}  // namespace blanko
