#pragma once
// JSON pieces shared by summary.json, meta.json, compare.json and sweep.json.

#include <blanko/kpis.hpp>
#include <blanko/date.hpp>
#include <blanko/monte_carlo.hpp>
#include <blanko/provenance.hpp>
#include <blanko/version.hpp>

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

// What a run was: its seed, replications, period.
struct RunShape {
  std::uint64_t seed = 0;
  std::uint64_t replications = 1;
  Date start{};
  std::int32_t horizon_days = 0;
};

// The "meta" object of every JSON output (and the whole of meta.json): who produced the
// file from what, and what each KPI column means.
inline nlohmann::ordered_json meta_json(const Provenance& provenance, const RunShape& run) {
  using Json = nlohmann::ordered_json;
  Json kpis = Json::object();
  for (const KpiDefinition& kpi : kpi_table()) {
    kpis[std::string(kpi.name)] = {{"unit", kpi.unit},
                                   {"aggregation", to_string(kpi.aggregation)},
                                   {"better", to_string(kpi.better)},
                                   {"headline", kpi.headline},
                                   {"description", kpi.description}};
  }
  return {{"blanko_version", kVersion},
          {"command", provenance.command},
          {"scenario_file", provenance.scenario_file},
          {"scenario_sha256", provenance.scenario_sha256},
          {"overrides", provenance.overrides},
          {"seed", run.seed},
          {"replications", run.replications},
          {"start", to_iso_string(run.start)},
          {"horizon_days", run.horizon_days},
          {"threads_and_ranks",
           "not recorded: results are bit-identical for any thread count and any number of "
           "MPI ranks"},
          {"time_unit", "day"},
          {"currency", "Rp"},
          {"kpis", std::move(kpis)}};
}

}  // namespace blanko::detail
