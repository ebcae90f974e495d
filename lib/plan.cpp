// run_plan(): the search over a decision's values on common random numbers, then the
// verification on fresh replications (plan.hpp explains the method; docs/plan.md cites it).
#include <blanko/model.hpp>
#include <blanko/plan.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/statistics.hpp>

#include "detail/overrides.hpp"
#include "detail/plan_measure.hpp"
#include "detail/yaml_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string_view>

namespace blanko {

std::string PlanDecision::label() const {
  switch (kind) {
    case Kind::top_up:
      return fmt::format("top-up of {} on {}", node, to_iso_string(date));
    case Kind::split:
      return fmt::format("split of {} blanks on {} among {}", budget, to_iso_string(date),
                         within.empty() ? fmt::format("{}", fmt::join(nodes, ", "))
                                        : "the offices of " + within);
    case Kind::choose: {
      std::vector<std::string> keys;
      for (const auto& choice : choices) keys.push_back(choice.first);
      return fmt::format("choice of {}", fmt::join(keys, ", "));
    }
    case Kind::setting:
      break;
  }
  return key;
}

std::string PlanTarget::describe() const {
  if (kind == Kind::kpi_mean) {
    return fmt::format("mean {} of {} {} {}", kpi, node.empty() ? "the network" : node,
                       at_least ? ">=" : "<=", bound);
  }
  const std::string watched = nodes.empty() ? "any office" : fmt::format("{}", fmt::join(nodes, ", "));
  const std::string window =
      from || to ? fmt::format(", {} .. {}", from ? to_iso_string(*from) : "start",
                               to ? to_iso_string(*to) : "end")
                 : "";
  return fmt::format("P(stockout at {}{}) <= {}%", watched, window, 100 * bound);
}

namespace {

// The target's estimate from the measures of some replications.
PlanEstimate estimate(const PlanTarget& target, const std::vector<double>& values,
                      double confidence) {
  PlanEstimate e;
  e.replications = values.size();
  const double two_sided = (1 + confidence) / 2;  // each tail of the two-sided interval
  if (target.kind == PlanTarget::Kind::stockout_probability) {
    std::uint64_t events = 0;
    for (const double v : values) events += v > 0 ? 1 : 0;
    const auto n = static_cast<std::uint64_t>(values.size());
    e.value = static_cast<double>(events) / static_cast<double>(n);
    e.low = clopper_pearson_lower(events, n, two_sided);
    e.high = clopper_pearson_upper(events, n, two_sided);
    e.bound = clopper_pearson_upper(events, n, confidence);
    e.meets = e.bound <= target.bound;
    return e;
  }
  RunningStats stats;
  for (const double v : values) stats.add(v);
  e.value = stats.mean();
  const double half = stats.half_width(confidence);
  e.low = e.value - half;
  e.high = e.value + half;
  // One-sided at `confidence` is the two-sided interval at 2 confidence - 1.
  const double one_sided = values.size() < 2 ? std::numeric_limits<double>::quiet_NaN()
                           : stats.variance() == 0 ? 0
                                                    : stats.half_width(2 * confidence - 1);
  e.bound = target.at_least ? e.value - one_sided : e.value + one_sided;
  e.meets = target.at_least ? e.bound >= target.bound : e.bound <= target.bound;  // NaN: false
  return e;
}

// The plan's scenario; a file that cannot be read is the plan's error, where it names it.
ScenarioSource read_scenario(const Plan& plan) {
  try {
    return ScenarioSource::read(plan.scenario_file);
  } catch (const ScenarioError& e) {
    if (!plan.scenario_where.in_file()) throw;
    throw ScenarioError(plan.scenario_where, e.message() + " ('" + plan.scenario_file.string() + "')");
  }
}

// The parts of a candidate's value between `separator`s (none for an empty value).
std::vector<std::string> split_text(const std::string& text, std::string_view separator) {
  std::vector<std::string> parts;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find(separator, at);
    if (end == std::string::npos) end = text.size();
    parts.push_back(text.substr(at, end - at));
    at = end + separator.size();
  }
  return parts;
}

// A candidate as the search saw it (nothing verified yet).
PlanCandidate searched(std::string value, PlanEstimate search) {
  PlanCandidate c;
  c.value = std::move(value);
  c.search = search;
  return c;
}

// How far an estimate's bound is from meeting the target (<= 0: met): to pick the best value
// when none meets it.
double shortfall(const PlanTarget& target, const PlanEstimate& e) {
  if (std::isnan(e.bound)) return std::numeric_limits<double>::infinity();
  const bool at_least = target.kind == PlanTarget::Kind::kpi_mean && target.at_least;
  return at_least ? target.bound - e.bound : e.bound - target.bound;
}

class PlanRun {
 public:
  PlanRun(const Plan& plan, const PlanOptions& options)
      : plan_(plan), options_(options), source_(read_scenario(plan)) {
    const PlanDecision& d = plan.decision;
    if ((d.kind == PlanDecision::Kind::top_up || d.kind == PlanDecision::Kind::setting) &&
        d.values.empty()) {
      throw Error("a plan's decision needs at least one value");
    }
    if (d.kind == PlanDecision::Kind::split && !(d.step > 0 && d.step <= d.budget)) {
      throw Error("a split needs 0 < step <= budget");
    }
    if (plan.replications == 0 || plan.verify_replications == 0) {
      throw Error("a plan needs at least one replication to search and one to verify");
    }
    if (!(plan.confidence > 0 && plan.confidence < 1)) {
      throw Error("confidence must lie strictly between 0 and 1");
    }
    const Scenario base = load({});
    seed_ = plan.seed.value_or(base.seed);
    scenario_name_ = base.name;
    provenance_ = provenance_of(base);
    // The scenario as the plan sets it, compiled once: its errors are the plan's `set:`.
    std::optional<Model> model;
    try {
      model.emplace(base);
    } catch (const ScenarioError& e) {
      detail::rethrow_at_origin(e, plan_.overrides, plan_.override_origins, " (the plan's set)");
    }
    if (d.kind == PlanDecision::Kind::top_up || d.kind == PlanDecision::Kind::split) {
      lots_ = existing_lots();
      // The receiving nodes, checked here rather than as a bad lot of every candidate.
      if (d.kind == PlanDecision::Kind::top_up) (void)detail::find_plan_node(*model, d.node, d.where);
      if (d.date < model->start() || d.date > model->last_day()) {
        throw ScenarioError(d.where, fmt::format("the delivery date {} lies outside the run ({} .. {})",
                                                 to_iso_string(d.date), to_iso_string(model->start()),
                                                 to_iso_string(model->last_day())));
      }
      if (d.kind == PlanDecision::Kind::split) split_nodes_ = split_nodes(*model);
    }
    verify_first_ = plan.replications;
    search_end_ = plan.replications;
    if (d.kind == PlanDecision::Kind::choose) {
      std::uint64_t k = 1;
      for (const auto& choice : d.choices) k *= choice.second.size();
      expected_ = k * plan.replications + 2 * plan.verify_replications;  // before elimination
    } else if (d.kind == PlanDecision::Kind::split) {
      // Every step evaluates each node once; the shares then go to the verification.
      expected_ = (static_cast<std::uint64_t>(d.budget / d.step) * split_nodes_.size() + 1) *
                      plan.replications +
                  2 * plan.verify_replications;
    } else {
      // The most the bracketing evaluates (the dearest, the cheapest, then bisection), then
      // the recommendation, the baseline and the proposal on fresh replications.
      const auto k = static_cast<double>(d.values.size());
      expected_ = (static_cast<std::uint64_t>(std::ceil(std::log2(k))) + 2) * plan.replications +
                  (d.proposed ? 3 : 2) * plan.verify_replications;
    }
  }

  PlanResult run() {
    const auto started = std::chrono::steady_clock::now();
    PlanResult result;
    result.plan = plan_;
    result.scenario = scenario_name_;
    result.seed = seed_;
    result.provenance = provenance_;
    switch (plan_.decision.kind) {
      case PlanDecision::Kind::split:
        split(result);
        break;
      case PlanDecision::Kind::choose:
        choose(result);
        break;
      case PlanDecision::Kind::top_up:
      case PlanDecision::Kind::setting:
        bracket(result);
        break;
    }
    const PlanCandidate& chosen = result.recommended ? *result.recommended : result.best;
    const Verification baseline = verify(std::nullopt, "baseline");
    result.baseline = baseline.target;
    result.baseline_cost = baseline.cost;
    result.verify_first = verify_first_;
    result.recommended_scenario = recommended_scenario(chosen.value, result.recommended.has_value());
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
  }

 private:
  // Bracketing: the dearest value first (can the target be met at all?), then the cheapest,
  // then bisection between the last value that failed and the first that met.
  void bracket(PlanResult& result) {
    const std::size_t k = plan_.decision.values.size();
    std::vector<std::optional<PlanCandidate>> candidates(k);
    const auto search = [&](std::size_t index) -> const PlanCandidate& {
      if (!candidates[index]) {
        const std::string& value = plan_.decision.values[index];
        candidates[index] = searched(value, estimate_of(value));
      }
      return *candidates[index];
    };
    std::optional<std::size_t> recommended;
    if (search(k - 1).search.meets) {
      std::size_t fails = 0, meets = k - 1;
      if (k == 1 || search(0).search.meets) {
        meets = 0;
      } else {
        while (meets - fails > 1) {
          const std::size_t middle = fails + (meets - fails) / 2;
          (search(middle).search.meets ? meets : fails) = middle;
        }
      }
      recommended = meets;
    }
    result.method = fmt::format(
        "bracketing over {} values on common random numbers: {} evaluated, {} replications each",
        k, evaluations_, plan_.replications);

    std::size_t best = k - 1;
    for (std::size_t i = 0; i < k; ++i) {
      if (candidates[i] && shortfall(plan_.target, candidates[i]->search) <
                               shortfall(plan_.target, candidates[best]->search)) {
        best = i;
      }
    }
    const std::size_t chosen = recommended.value_or(best);
    verify_candidate(*candidates[chosen], "verify");
    for (const auto& c : candidates) {
      if (c) result.evaluated.push_back(*c);
    }
    result.best = *candidates[chosen];
    if (recommended) result.recommended = *candidates[chosen];
    if (plan_.decision.proposed) {
      PlanCandidate proposed = searched(*plan_.decision.proposed, {});
      if (*plan_.decision.proposed == plan_.decision.values[chosen]) {
        proposed.verified = candidates[chosen]->verified;
        proposed.verified_cost = candidates[chosen]->verified_cost;
      } else {
        verify_candidate(proposed, "proposed");
      }
      result.proposed = proposed;
    }
  }

  // Greedy marginal allocation (Gross, 1956; Fox, 1966): each step of the budget goes to
  // the node whose share, one step larger, lowers the target's estimate most on the search's
  // replications (ties: the first node); the search stops when the budget is spent or no step
  // lowers it. Optimal when the estimate is a sum of convex functions of each share.
  void split(PlanResult& result) {
    const PlanDecision& d = plan_.decision;
    std::vector<std::int64_t> shares(split_nodes_.size(), 0);
    PlanCandidate current = searched(share_text(shares), estimate_of(share_text(shares)));
    result.evaluated.push_back(current);
    const bool higher_is_better = plan_.target.kind == PlanTarget::Kind::kpi_mean && plan_.target.at_least;
    const auto better = [&](const PlanEstimate& a, const PlanEstimate& b) {
      return higher_is_better ? a.value > b.value : a.value < b.value;
    };
    bool stalled = false;  // a step that lowered nothing ended the search
    for (std::int64_t left = d.budget; left >= d.step; left -= d.step) {
      std::optional<PlanCandidate> step;
      std::size_t to = 0;  // the node the best step goes to
      for (std::size_t i = 0; i < shares.size(); ++i) {
        shares[i] += d.step;
        PlanCandidate c = searched(share_text(shares), estimate_of(share_text(shares)));
        shares[i] -= d.step;
        if (!step || better(c.search, step->search)) {
          step = std::move(c);
          to = i;
        }
      }
      if (!better(step->search, current.search)) {
        stalled = true;
        break;
      }
      shares[to] += d.step;
      current = *step;
      result.evaluated.push_back(current);
    }
    std::int64_t given = 0;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      result.shares.push_back({.node = split_nodes_[i], .blanks = shares[i]});
      given += shares[i];
    }
    result.method = fmt::format(
        "greedy marginal allocation of {} blanks in steps of {} among {} nodes on common random "
        "numbers: {} steps given{}, {} evaluated, {} replications each",
        d.budget, d.step, shares.size(), given / d.step,
        given == d.budget ? std::string()
        : stalled         ? fmt::format(" ({} blanks left: no further step lowered the estimate)",
                                        d.budget - given)
                          : fmt::format(" ({} blanks left: less than a step)", d.budget - given),
        evaluations_, plan_.replications);
    verify_candidate(current, "verify");
    result.best = current;
    if (current.search.meets) result.recommended = current;
  }

  // Ranking and selection among alternatives with a target (Kim and Nelson, 2001, procedure
  // KN, which allows common random numbers): every alternative runs the first-stage
  // replications; those whose one-sided bound misses the target are dropped; among the
  // others, each further replication of the survivors eliminates an alternative whose sum of
  // the objective exceeds another's by more than max(0, h^2 S^2 / (2 delta) - delta r / 2),
  // S^2 the first stage's variance of their difference. The survivor (or, after 20 times the
  // first stage, the lowest mean) is within delta of the best with probability at least the
  // plan's confidence.
  void choose(PlanResult& result) {
    const PlanDecision& d = plan_.decision;
    const std::vector<std::string> values = alternatives();
    const std::size_t k = values.size();
    const std::uint64_t n0 = plan_.replications;
    if (n0 < 2) {
      throw ScenarioError(d.where, "a choice needs at least two replications per alternative "
                                   "(its first stage estimates variances): set replications to 2 or more");
    }
    const std::uint64_t most = 20 * n0;
    const PlanTarget objective_target = network_mean(d.minimize);

    std::vector<Model> models;
    std::vector<std::unique_ptr<detail::TargetMeasure>> targets, objectives;
    for (const std::string& value : values) {
      models.push_back(model_for(value));
      targets.push_back(std::make_unique<detail::TargetMeasure>(plan_.target, models.back()));
      objectives.push_back(std::make_unique<detail::TargetMeasure>(objective_target, models.back()));
    }
    // x[i]: alternative i's objective, replication by replication; the target's of stage 1.
    std::vector<std::vector<double>> x(k);
    const auto run = [&](std::size_t i, std::uint64_t first, std::uint64_t count, bool with_target) {
      ++evaluations_;
      const std::vector<const detail::TargetMeasure*> measures =
          with_target ? std::vector<const detail::TargetMeasure*>{objectives[i].get(), targets[i].get()}
                      : std::vector<const detail::TargetMeasure*>{objectives[i].get()};
      const std::vector<double> v = detail::measure_replications(
          models[i], measures, seed_, first, count, options_.threads, progress_of("search " + values[i]),
          options_.mpi);
      std::vector<double> target_values;
      for (std::size_t r = 0; r < count; ++r) {
        x[i].push_back(v[r * measures.size()]);
        if (with_target) target_values.push_back(v[r * measures.size() + 1]);
      }
      return target_values;
    };
    std::vector<PlanCandidate> candidates(k);
    std::vector<std::size_t> alive;
    for (std::size_t i = 0; i < k; ++i) {
      candidates[i].value = values[i];
      candidates[i].search = estimate(plan_.target, run(i, 0, n0, true), plan_.confidence);
      if (candidates[i].search.meets) alive.push_back(i);
    }
    const std::size_t feasible = alive.size();
    if (alive.size() > 1) {
      const double alpha = 1 - plan_.confidence;
      const double eta = 0.5 * (std::pow(2 * alpha / static_cast<double>(alive.size() - 1),
                                         -2.0 / static_cast<double>(n0 - 1)) - 1);
      const double h2 = 2 * eta * static_cast<double>(n0 - 1);
      std::vector<std::vector<double>> s2(k, std::vector<double>(k, 0));
      for (const std::size_t i : alive) {
        for (const std::size_t l : alive) {
          RunningStats difference;
          for (std::uint64_t r = 0; r < n0; ++r) difference.add(x[i][r] - x[l][r]);
          s2[i][l] = difference.variance();
        }
      }
      std::vector<double> sum(k, 0);
      for (const std::size_t i : alive) {
        for (std::uint64_t r = 0; r < n0; ++r) sum[i] += x[i][r];
      }
      const double delta = d.indifference;
      std::uint64_t r = n0;
      const auto eliminate = [&] {
        std::vector<std::size_t> kept;
        for (const std::size_t i : alive) {
          bool out = false;
          for (const std::size_t l : alive) {
            const double allowance = std::max(
                0.0, h2 * s2[i][l] / (2 * delta) - delta * static_cast<double>(r) / 2);
            out = out || (l != i && sum[i] - sum[l] > allowance);
          }
          if (!out) kept.push_back(i);
        }
        alive = std::move(kept);
      };
      eliminate();
      while (alive.size() > 1 && r < most) {
        // A batch of further replications for every survivor, then the eliminations one
        // replication at a time, as if they had come one by one.
        const std::uint64_t batch = std::min(most - r, std::max<std::uint64_t>(1, n0 / 4));
        for (const std::size_t i : alive) (void)run(i, r, batch, false);
        search_end_ = std::max(search_end_, r + batch);  // all of the batch was simulated
        const std::vector<std::size_t> ran = alive;
        for (std::uint64_t b = 0; b < batch && alive.size() > 1; ++b) {
          for (const std::size_t i : ran) {
            if (std::find(alive.begin(), alive.end(), i) != alive.end()) sum[i] += x[i][r];
          }
          ++r;
          eliminate();
        }
      }
    }
    for (std::size_t i = 0; i < k; ++i) {
      PlanEstimate o = estimate(objective_target, x[i], plan_.confidence);
      o.meets = candidates[i].search.meets;
      candidates[i].objective = o;
    }
    std::optional<std::size_t> selected;
    for (const std::size_t i : alive) {
      if (!selected || candidates[i].objective->value < candidates[*selected].objective->value) selected = i;
    }
    std::size_t best = 0;
    for (std::size_t i = 1; i < k; ++i) {
      if (shortfall(plan_.target, candidates[i].search) < shortfall(plan_.target, candidates[best].search)) best = i;
    }
    const std::size_t chosen = selected.value_or(best);
    verify_first_ = std::max(verify_first_, search_end_);
    verify_candidate(candidates[chosen], "verify");
    result.evaluated = candidates;
    result.best = candidates[chosen];
    if (selected) result.recommended = candidates[chosen];
    std::uint64_t total = 0;
    for (const auto& xi : x) total += xi.size();
    result.method = fmt::format(
        "ranking and selection (Kim and Nelson's KN on common random numbers, indifference {}, "
        "{}% probability of correct selection) among {} alternatives: {} met the target on the "
        "first {} replications; {} replications in all, up to {} for an alternative",
        d.indifference, static_cast<int>(std::lround(100 * plan_.confidence)), k,
        feasible, n0, total, search_end_ > n0 ? search_end_ : n0);
  }

  // Every combination of a choice's values, the first key varying slowest.
  std::vector<std::string> alternatives() const {
    std::vector<std::string> out{""};
    for (const auto& [key, values] : plan_.decision.choices) {
      std::vector<std::string> next;
      for (const std::string& prefix : out) {
        for (const std::string& value : values) {
          next.push_back(prefix.empty() ? key + "=" + value : prefix + "; " + key + "=" + value);
        }
      }
      out = std::move(next);
    }
    return out;
  }

  // The nodes of a split: `among` as given (each must exist), or the offices of `within`.
  std::vector<std::string> split_nodes(const Model& model) const {
    const PlanDecision& d = plan_.decision;
    const Network& network = model.network();
    const auto check = [&](const std::string& id) { return detail::find_plan_node(model, id, d.where); };
    if (d.within.empty()) {
      for (const std::string& id : d.nodes) (void)check(id);
      return d.nodes;
    }
    const NodeIndex province = check(d.within);
    std::vector<std::string> offices;
    for (NodeIndex v = 0; v < network.node_count(); ++v) {
      if (model.scenario().nodes[static_cast<std::size_t>(v)].office && v != province &&
          model.province_of(v) == province) {
        offices.push_back(network.id(v));
      }
    }
    if (offices.size() < 2) {
      throw ScenarioError(d.where, fmt::format("'{}' supplies {} offices: a split needs two or more",
                                               d.within, offices.size()));
    }
    return offices;
  }

  // A split's value: the shares given, `17.02=2500, 17.71=5000` (nodes with none left out).
  std::string share_text(const std::vector<std::int64_t>& shares) const {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (shares[i] > 0) parts.push_back(fmt::format("{}={}", split_nodes_[i], shares[i]));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
  }

  PlanEstimate estimate_of(const std::string& value) {
    return estimate(plan_.target, measure(value, 0, plan_.replications, "search " + value),
                    plan_.confidence);
  }

  // The overrides of a candidate: the plan's, then the decision's value.
  std::vector<std::string> overrides_for(const std::optional<std::string>& value) const {
    std::vector<std::string> overrides = plan_.overrides;
    if (!value) return overrides;
    if (plan_.decision.kind == PlanDecision::Kind::setting) {
      overrides.push_back(plan_.decision.key + "=" + *value);
      return overrides;
    }
    if (plan_.decision.kind == PlanDecision::Kind::choose) {
      // `key=value; key=value`: a value holds no "; " (it is one YAML scalar or flow node).
      for (std::string& o : split_text(*value, "; ")) overrides.push_back(std::move(o));
      return overrides;
    }
    // A top-up is one more procurement lot, delivered to the node on the date; a split is
    // one per share.
    YAML::Node lots = YAML::Clone(lots_);
    const auto add_lot = [&](const std::string& node, const std::string& quantity) {
      YAML::Node lot(YAML::NodeType::Map);
      lot["date"] = to_iso_string(plan_.decision.date);
      lot["quantity"] = quantity;
      lot["node"] = node;
      lots.push_back(lot);
    };
    if (plan_.decision.kind == PlanDecision::Kind::top_up) {
      if (*value != "0") add_lot(plan_.decision.node, *value);
    } else {
      for (const std::string& share : split_text(*value, ", ")) {  // `node=blanks, ...`
        const std::size_t equals = share.rfind('=');
        add_lot(share.substr(0, equals), share.substr(equals + 1));
      }
    }
    if (lots.size() > lots_.size()) {
      overrides.push_back("procurement.lots=" + detail::override_value(lots));
    }
    return overrides;
  }

  // The scenario's procurement lots (after the plan's overrides), which a top-up extends.
  YAML::Node existing_lots() const {
    const YAML::Node root = detail::load_yaml(source_.text_with(plan_.overrides), source_.name);
    const YAML::Node lots = root["procurement"] ? root["procurement"]["lots"] : YAML::Node();
    return lots && lots.IsSequence() ? YAML::Clone(lots) : YAML::Node(YAML::NodeType::Sequence);
  }

  // The candidate's scenario; an error in what the plan's `set:` wrote is named where it wrote it.
  Scenario load(const std::optional<std::string>& value) const {
    try {
      return source_.load(overrides_for(value));
    } catch (const ScenarioError& e) {
      detail::rethrow_at_origin(e, plan_.overrides, plan_.override_origins, " (the plan's set)");
    }
  }

  // The candidate's model; a value the scenario refuses (when it is read or compiled) is the
  // plan's error, at its decision.
  Model model_for(const std::optional<std::string>& value) const {
    try {
      return Model(load(value));
    } catch (const ScenarioError& e) {
      if (!value) throw;
      throw ScenarioError(plan_.decision.where,
                          fmt::format("the value {} of the decision ({}) makes a bad scenario: {}",
                                      *value, plan_.decision.label(), e.what()));
    }
  }

  // The progress callback of one stage, or none.
  std::function<void()> progress_of(const std::string& stage) {
    if (!options_.progress) return {};
    return [this, stage] {
      ++replications_done_;
      options_.progress({.evaluations = evaluations_,
                         .stage = stage,
                         .replications_done = replications_done_,
                         .replications_expected = std::max(expected_, replications_done_)});
    };
  }

  // The target's measure of replications first .. first + count - 1 of the candidate.
  std::vector<double> measure(const std::optional<std::string>& value, std::uint64_t first,
                              std::uint64_t count, const std::string& stage) {
    ++evaluations_;
    const Model model = model_for(value);
    const detail::TargetMeasure target(plan_.target, model);
    const std::array<const detail::TargetMeasure*, 1> measures{&target};
    return detail::measure_replications(model, measures, seed_, first, count, options_.threads,
                                        progress_of(stage), options_.mpi);
  }

  // A KPI of the network read as a target that every mean meets: for the means of costs and
  // objectives.
  static PlanTarget network_mean(std::string kpi) {
    PlanTarget t;
    t.kind = PlanTarget::Kind::kpi_mean;
    t.kpi = std::move(kpi);
    t.bound = std::numeric_limits<double>::infinity();
    return t;
  }

  // A candidate on fresh replications (indices after the search's, never used by it): the
  // target, the total cost and, for a choice, the objective.
  struct Verification {
    PlanEstimate target, cost;
    std::optional<PlanEstimate> objective;
  };
  Verification verify(const std::optional<std::string>& value, const std::string& stage) {
    ++evaluations_;
    const Model model = model_for(value);
    const detail::TargetMeasure target(plan_.target, model);
    const detail::TargetMeasure cost(network_mean("total_cost"), model);
    const bool choice = plan_.decision.kind == PlanDecision::Kind::choose && value.has_value();
    std::optional<detail::TargetMeasure> objective;
    if (choice) objective.emplace(network_mean(plan_.decision.minimize), model);
    std::vector<const detail::TargetMeasure*> measures{&target, &cost};
    if (objective) measures.push_back(&*objective);
    const std::vector<double> v = detail::measure_replications(
        model, measures, seed_, verify_first_, plan_.verify_replications, options_.threads,
        progress_of(value ? stage + " " + *value : stage), options_.mpi);
    std::vector<std::vector<double>> columns(measures.size());
    for (std::size_t i = 0; i < v.size(); ++i) columns[i % measures.size()].push_back(v[i]);
    Verification out{.target = estimate(plan_.target, columns[0], plan_.confidence),
                     .cost = estimate(network_mean("total_cost"), columns[1], plan_.confidence),
                     .objective = {}};
    if (objective) {
      out.objective = estimate(network_mean(plan_.decision.minimize), columns[2], plan_.confidence);
      out.objective->meets = out.target.meets;
    }
    return out;
  }

  // Verifies `candidate` in place.
  void verify_candidate(PlanCandidate& candidate, const std::string& stage) {
    Verification v = verify(candidate.value, stage);
    candidate.verified = v.target;
    candidate.verified_cost = v.cost;
    candidate.verified_objective = v.objective;
  }

  std::string recommended_scenario(const std::string& value, bool met) const {
    return fmt::format(
        "# {} by blanko plan '{}' ({}): {} = {}\n# target: {}\n",
        met ? "The recommendation" : "The best value found (the target was not met)",
        plan_.name, plan_.source_file.empty() ? "built in code" : plan_.source_file,
        plan_.decision.label(), value, plan_.target.describe()) +
           source_.standalone_text(overrides_for(value));
  }

  const Plan& plan_;
  const PlanOptions& options_;
  ScenarioSource source_;
  std::uint64_t seed_ = 0;
  std::string scenario_name_;
  Provenance provenance_;
  YAML::Node lots_;
  std::vector<std::string> split_nodes_;
  std::size_t evaluations_ = 0;
  std::uint64_t expected_ = 0;  // replications the plan runs at most (progress)
  std::uint64_t search_end_ = 0;   // the first replication index the search did not use
  std::uint64_t verify_first_ = 0;  // where the verification's fresh replications start
  std::uint64_t replications_done_ = 0;
};

}  // namespace

PlanResult run_plan(const Plan& plan, const PlanOptions& options) {
  return PlanRun(plan, options).run();
}

}  // namespace blanko
