#include <blanko/policy.hpp>

#include "detail/builtin_policies.hpp"
#include "detail/suggest.hpp"

#include <algorithm>
#include <cmath>

namespace blanko {

// ---- PolicyParameters ------------------------------------------------------------------

PolicyParameters::PolicyParameters(const PolicySpec& spec, double mean_daily_demand)
    : spec_(spec), mean_daily_demand_(mean_daily_demand) {}

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
  const QuantitySpec& q = require(key);
  const double blanks = q.days_of_demand ? q.value * mean_daily_demand_ : q.value;
  if (!std::isfinite(blanks) || blanks < 0) {
    fail(key, "must be a non-negative number of blanks, got " + std::to_string(blanks));
  }
  return std::llround(blanks);
}

std::int64_t PolicyParameters::quantity_or(std::string_view key, std::int64_t fallback) {
  return has(key) ? quantity(key) : fallback;
}

double PolicyParameters::number(std::string_view key) {
  const QuantitySpec& q = require(key);
  if (q.days_of_demand) fail(key, "expected a plain number, not days_of_demand");
  return q.value;
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
    const PolicySpec& spec, double mean_daily_demand) const {
  const auto& entry = find_entry(replenishment_, spec, "replenishment");
  PolicyParameters parameters(spec, mean_daily_demand);
  auto policy = entry.make(parameters);
  parameters.check_all_used();
  return policy;
}

std::unique_ptr<AllocationPolicy> PolicyRegistry::make_allocation(const PolicySpec& spec) const {
  const auto& entry = find_entry(allocation_, spec, "allocation");
  PolicyParameters parameters(spec, 0.0);
  auto policy = entry.make(parameters);
  parameters.check_all_used();
  return policy;
}

std::vector<std::string> PolicyRegistry::replenishment_names() const {
  return names_of(replenishment_);
}
std::vector<std::string> PolicyRegistry::allocation_names() const { return names_of(allocation_); }

}  // namespace blanko
