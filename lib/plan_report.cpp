// What a plan found, for people (the table) and for tools (plan.csv, plan.json), and the
// scenario with the recommendation applied.
#include <blanko/output_directory.hpp>
#include <blanko/plan.hpp>
#include <blanko/version.hpp>

#include "detail/json_text.hpp"
#include "detail/report_format.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <ostream>

namespace blanko {
namespace {

using Json = nlohmann::ordered_json;

bool is_probability(const PlanResult& r) {
  return r.plan.target.kind == PlanTarget::Kind::stockout_probability;
}

// A probability in percent with one decimal; a KPI's mean as the tables show the KPI.
std::string estimate_text(const PlanResult& r, double value) {
  if (std::isnan(value)) return "n/a";
  if (is_probability(r)) return fmt::format("{:.1f}%", 100 * value);
  const KpiDefinition& kpi = find_kpi(r.plan.target.kpi);
  return detail::format_kpi(kpi, value) + (detail::kpi_display(kpi).percent ? "%" : "");
}

std::string interval_text(const PlanResult& r, const PlanEstimate& e) {
  return fmt::format("{} ({} .. {})", estimate_text(r, e.value), estimate_text(r, e.low),
                     estimate_text(r, e.high));
}

// A choice's objective: the KPI's mean and interval as the KPI tables show it.
std::string objective_interval_text(const Plan& plan, const PlanEstimate& e) {
  const KpiDefinition& kpi = find_kpi(plan.decision.minimize);
  return fmt::format("{} ({} .. {})", detail::format_kpi(kpi, e.value), detail::format_kpi(kpi, e.low),
                     detail::format_kpi(kpi, e.high));
}

Json estimate_json(const PlanEstimate& e) {
  const auto number = [](double v) { return std::isnan(v) ? Json(nullptr) : Json(v); };
  return {{"value", number(e.value)}, {"ci_low", number(e.low)},   {"ci_high", number(e.high)},
          {"bound", number(e.bound)}, {"replications", e.replications}, {"meets", e.meets}};
}

// The blanks the recommendation (else the best) adds: a top-up's, a split's shares, a value
// that counts blanks.
std::optional<std::int64_t> chosen_blanks(const PlanResult& r) {
  if (!r.plan.decision.values_are_blanks) return std::nullopt;
  if (r.plan.decision.kind != PlanDecision::Kind::split) {
    return std::stoll((r.recommended ? *r.recommended : r.best).value);
  }
  std::int64_t blanks = 0;
  for (const PlanShare& share : r.shares) blanks += share.blanks;
  return blanks;
}

std::string cost_text(const PlanEstimate& e) {
  return fmt::format("Rp {} ({} .. {})", detail::format_fixed(e.value, 0),
                     detail::format_fixed(e.low, 0), detail::format_fixed(e.high, 0));
}

Json candidate_json(const PlanCandidate& c) {
  Json json = {{"value", c.value}, {"search", estimate_json(c.search)}};
  if (c.verified) json["verified"] = estimate_json(*c.verified);
  if (c.verified_cost) json["verified_total_cost"] = estimate_json(*c.verified_cost);
  if (c.objective) json["objective"] = estimate_json(*c.objective);
  if (c.verified_objective) json["verified_objective"] = estimate_json(*c.verified_objective);
  return json;
}

const char* kind_name(PlanDecision::Kind kind) {
  switch (kind) {
    case PlanDecision::Kind::top_up:
      return "top_up";
    case PlanDecision::Kind::split:
      return "split";
    case PlanDecision::Kind::choose:
      return "choose";
    case PlanDecision::Kind::setting:
      break;
  }
  return "set";
}

}  // namespace

void write_plan_table(std::ostream& out, const PlanResult& r) {
  const Plan& plan = r.plan;
  const int percent = static_cast<int>(std::lround(100 * plan.confidence));
  fmt::memory_buffer buf;
  const auto line = [&]<class... T>(fmt::format_string<T...> format, T&&... args) {
    fmt::format_to(std::back_inserter(buf), format, std::forward<T>(args)...);
    buf.push_back('\n');
  };
  line("Plan: {} ({}, seed {})", plan.name, r.scenario, r.seed);
  line("Decision: {}", plan.decision.label());
  line("Target:   {}, with {}% confidence", plan.target.describe(), percent);
  line("");
  const bool split = plan.decision.kind == PlanDecision::Kind::split;
  if (split) {
    const std::int64_t given = *chosen_blanks(r);
    if (r.recommended) {
      line("Recommended split: {} of the budget's {} blanks", given, plan.decision.budget);
    } else {
      line("No split met the target; the best found gives {} of the budget's {} blanks",
           given, plan.decision.budget);
    }
    for (const PlanShare& share : r.shares) line("  {:>14}  {:>10}", share.node, share.blanks);
  } else if (plan.decision.kind == PlanDecision::Kind::choose) {
    if (r.recommended) {
      line("Selected: {}", r.recommended->value);
    } else {
      line("No alternative met the target; the closest: {}", r.best.value);
    }
  } else if (r.recommended) {
    line("Recommended: {}{}", r.recommended->value, plan.decision.values_are_blanks ? " blanks" : "");
  } else {
    line("The target cannot be met within the values ({} .. {}): the best found is {}.",
         plan.decision.values.front(), plan.decision.values.back(), r.best.value);
  }
  const PlanCandidate& chosen = r.recommended ? *r.recommended : r.best;
  line("  on {} fresh replications: {}, {}% interval; one-sided bound {} -> {}",
       chosen.verified->replications, interval_text(r, *chosen.verified), percent,
       estimate_text(r, chosen.verified->bound),
       chosen.verified->meets ? "meets the target" : "does NOT meet the target");
  if (chosen.verified_objective) {
    line("  mean {} on them: {}", plan.decision.minimize,
         objective_interval_text(plan, *chosen.verified_objective));
  }
  // A scenario without costs prices nothing: no cost to show then. A choice that minimised
  // the total cost has just shown it.
  const bool priced = chosen.verified_cost->value != 0 || r.baseline_cost.value != 0;
  const bool cost_shown = chosen.verified_objective && plan.decision.minimize == "total_cost";
  const std::string cost =
      priced && !cost_shown ? "total cost: " + cost_text(*chosen.verified_cost) : std::string();
  if (const auto blanks = chosen_blanks(r)) {
    line("  blanks: {}{}", detail::group_thousands(*blanks), cost.empty() ? "" : "; " + cost);
  } else if (!cost.empty()) {
    line("  {}", cost);
  }
  const bool own_value = plan.decision.kind == PlanDecision::Kind::setting ||
                         plan.decision.kind == PlanDecision::Kind::choose;
  const auto with_cost = [&](const PlanEstimate& e) {
    return priced ? "; total cost: " + cost_text(e) : std::string();
  };
  line("Baseline ({}): {}{}", own_value ? "the scenario's own values" : "no top-up",
       interval_text(r, r.baseline), with_cost(r.baseline_cost));
  if (r.proposed) {
    line("Proposed {}: {} -> {}{}", r.proposed->value, interval_text(r, *r.proposed->verified),
         r.proposed->verified->meets ? "meets the target" : "does NOT meet the target",
         with_cost(*r.proposed->verified_cost));
  }
  line("");
  line("Search ({}):", r.method);
  if (plan.decision.kind == PlanDecision::Kind::choose) {
    line("  {:>24}  {:>10}  {:>5}  {:>30}  {}", "estimate (interval)", "bound", "meets",
         "mean " + plan.decision.minimize + " (interval)", "alternative");
    for (const PlanCandidate& c : r.evaluated) {
      line("  {:>24}  {:>10}  {:>5}  {:>30}  {}", interval_text(r, c.search),
           estimate_text(r, c.search.bound), c.search.meets ? "yes" : "no",
           objective_interval_text(plan, *c.objective) +
               fmt::format(" [{}]", c.objective->replications),
           c.value);
    }
  } else if (split) {
    line("  {:>4}  {:>24}  {:>10}  {:>5}  {}", "step", "estimate (interval)", "bound", "meets", "shares");
    for (std::size_t i = 0; i < r.evaluated.size(); ++i) {
      const PlanCandidate& c = r.evaluated[i];
      line("  {:>4}  {:>24}  {:>10}  {:>5}  {}", i, interval_text(r, c.search),
           estimate_text(r, c.search.bound), c.search.meets ? "yes" : "no",
           c.value.empty() ? "none" : c.value);
    }
  } else {
    line("  {:>14}  {:>24}  {:>10}  {}", "value", "estimate (interval)", "bound", "meets");
    for (const PlanCandidate& c : r.evaluated) {
      line("  {:>14}  {:>24}  {:>10}  {}", c.value, interval_text(r, c.search),
           estimate_text(r, c.search.bound), c.search.meets ? "yes" : "no");
    }
  }
  line("");
  line("The bound is the {} {}% confidence bound of the target on the search's replications; "
       "the intervals are two-sided.",
       plan.target.kind == PlanTarget::Kind::kpi_mean && plan.target.at_least ? "lower" : "upper",
       percent);
  line("Verification and baseline use replications {} .. {}, which the search never used.",
       r.verify_first, r.verify_first + plan.verify_replications - 1);
  detail::flush(out, buf);
}

void write_plan_csv(std::ostream& out, const PlanResult& r) {
  fmt::memory_buffer buf;
  detail::append(buf, "role,value,replications,estimate,ci_low,ci_high,bound,meets,"
                     "objective_replications,objective_mean,objective_ci_low,objective_ci_high,"
                     "total_cost_mean,total_cost_ci_low,total_cost_ci_high\n");
  const auto row = [&](std::string_view role, std::string_view value, const PlanEstimate& e,
                       const std::optional<PlanEstimate>& objective,
                       const std::optional<PlanEstimate>& cost) {
    detail::append(buf, role);
    buf.push_back(',');
    detail::append_csv_field(buf, value);
    fmt::format_to(std::back_inserter(buf), ",{},{},{},{},{},{}", e.replications, e.value, e.low,
                   e.high, e.bound, e.meets ? "true" : "false");
    if (objective) {
      fmt::format_to(std::back_inserter(buf), ",{},{},{},{}", objective->replications,
                     objective->value, objective->low, objective->high);
    } else {
      detail::append(buf, ",,,,");
    }
    if (cost) {
      fmt::format_to(std::back_inserter(buf), ",{},{},{}\n", cost->value, cost->low, cost->high);
    } else {
      detail::append(buf, ",,,\n");
    }
  };
  const PlanCandidate& chosen = r.recommended ? *r.recommended : r.best;
  row(r.recommended ? "recommended" : "best", chosen.value, *chosen.verified,
      chosen.verified_objective, chosen.verified_cost);
  if (r.proposed) {
    row("proposed", r.proposed->value, *r.proposed->verified, std::nullopt, r.proposed->verified_cost);
  }
  row("baseline", "", r.baseline, std::nullopt, r.baseline_cost);
  for (const PlanCandidate& c : r.evaluated) row("searched", c.value, c.search, c.objective, std::nullopt);
  detail::flush(out, buf);
}

void write_plan_json(std::ostream& out, const PlanResult& r) {
  const Plan& plan = r.plan;
  Json doc;
  doc["meta"] = {{"blanko_version", kVersion},
                 {"command", r.provenance.command},
                 {"plan_file", plan.source_file},
                 {"scenario_file", r.provenance.scenario_file},
                 {"scenario_sha256", r.provenance.scenario_sha256},
                 {"overrides", r.provenance.overrides},
                 {"threads_and_ranks",
                  "not recorded: results are bit-identical for any thread count"}};
  doc["plan"] = plan.name;
  doc["scenario"] = r.scenario;
  doc["seed"] = r.seed;
  doc["confidence"] = plan.confidence;
  Json decision = {{"kind", kind_name(plan.decision.kind)}, {"label", plan.decision.label()},
                   {"values", plan.decision.values}, {"blanks", plan.decision.values_are_blanks}};
  switch (plan.decision.kind) {
    case PlanDecision::Kind::top_up:
      decision["node"] = plan.decision.node;
      decision["date"] = to_iso_string(plan.decision.date);
      break;
    case PlanDecision::Kind::split:
      decision["date"] = to_iso_string(plan.decision.date);
      decision["budget"] = plan.decision.budget;
      decision["step"] = plan.decision.step;
      decision["nodes"] = plan.decision.nodes;
      decision["within"] = plan.decision.within;
      break;
    case PlanDecision::Kind::choose: {
      Json choices = Json::object();
      for (const auto& [key, values] : plan.decision.choices) choices[key] = values;
      decision["choices"] = std::move(choices);
      decision["minimize"] = plan.decision.minimize;
      decision["indifference"] = plan.decision.indifference;
      break;
    }
    case PlanDecision::Kind::setting:
      decision["key"] = plan.decision.key;
      break;
  }
  doc["decision"] = std::move(decision);
  Json target = {{"description", plan.target.describe()}, {"bound", plan.target.bound}};
  if (plan.target.kind == PlanTarget::Kind::stockout_probability) {
    target["kind"] = "stockout_probability";
    target["nodes"] = plan.target.nodes;
    target["from"] = plan.target.from ? Json(to_iso_string(*plan.target.from)) : Json(nullptr);
    target["to"] = plan.target.to ? Json(to_iso_string(*plan.target.to)) : Json(nullptr);
  } else {
    target["kind"] = "kpi_mean";
    target["kpi"] = plan.target.kpi;
    target["node"] = plan.target.node;
    target["at_least"] = plan.target.at_least;
  }
  doc["target"] = std::move(target);
  doc["method"] = r.method;
  doc["search_replications"] = {0, r.verify_first - 1};
  doc["verify_replications"] = {r.verify_first, r.verify_first + plan.verify_replications - 1};
  doc["met"] = r.recommended.has_value();
  const PlanCandidate& chosen = r.recommended ? *r.recommended : r.best;
  doc[r.recommended ? "recommended" : "best"] = candidate_json(chosen);
  if (r.proposed) {
    doc["proposed"] = {{"value", r.proposed->value},
                       {"verified", estimate_json(*r.proposed->verified)}};
  }
  doc["baseline"] = estimate_json(r.baseline);
  doc["baseline_total_cost"] = estimate_json(r.baseline_cost);
  if (plan.decision.kind == PlanDecision::Kind::split) {
    Json shares = Json::array();
    for (const PlanShare& share : r.shares) shares.push_back({{"node", share.node}, {"blanks", share.blanks}});
    doc["shares"] = std::move(shares);
  }
  Json evaluated = Json::array();
  for (const PlanCandidate& c : r.evaluated) evaluated.push_back(candidate_json(c));
  doc["evaluated"] = std::move(evaluated);
  doc["seconds"] = r.seconds;
  out << detail::json_text(doc, 2) << '\n';
}

void write_plan_outputs(OutputDirectory& out, const PlanResult& result) {
  out.write("plan.csv", [&](std::ostream& o) { write_plan_csv(o, result); });
  out.write("plan.json", [&](std::ostream& o) { write_plan_json(o, result); });
  out.write("recommended.yaml", [&](std::ostream& o) { o << result.recommended_scenario; });
}

void write_plan_outputs(const std::filesystem::path& dir, const PlanResult& result) {
  OutputDirectory out(dir);
  write_plan_outputs(out, result);
  out.finish();
}

}  // namespace blanko
