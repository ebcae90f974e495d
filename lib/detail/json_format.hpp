#pragma once
// JSON pieces shared by summary.json, compare.json and sweep.json.

#include <blanko/kpis.hpp>
#include <blanko/monte_carlo.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>

namespace blanko::detail {

// A number, or null for NaN (JSON has no NaN): a standard deviation of one replication.
inline nlohmann::ordered_json json_number(double value) {
  return std::isnan(value) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

// A KPI's value as its type reads (counts as integers), null for NaN.
inline nlohmann::ordered_json kpi_json(const KpiDefinition& kpi, double value) {
  if (std::isnan(value)) return nullptr;
  if (kpi.type == KpiValueType::count) return static_cast<std::int64_t>(value);
  return value;
}

// One KPI over replications: mean, sd, ci_low, ci_high, p5, p50, p95, min, max.
inline nlohmann::ordered_json kpi_summary_json(const KpiSummary& s) {
  return {{"mean", json_number(s.mean)},       {"sd", json_number(s.sd)},
          {"ci_low", json_number(s.ci_low)},   {"ci_high", json_number(s.ci_high)},
          {"p5", json_number(s.p5)},           {"p50", json_number(s.p50)},
          {"p95", json_number(s.p95)},         {"min", json_number(s.min)},
          {"max", json_number(s.max)}};
}

}  // namespace blanko::detail
