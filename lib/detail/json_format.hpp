#pragma once
// JSON pieces shared by summary.json, compare.json and sweep.json.

#include <blanko/monte_carlo.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

namespace blanko::detail {

// A number, or null for NaN (JSON has no NaN): a standard deviation of one replication.
inline nlohmann::ordered_json json_number(double value) {
  return std::isnan(value) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
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
