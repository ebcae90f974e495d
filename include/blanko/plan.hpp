#pragma once
/// \file plan.hpp
/// `blanko plan`: the planner's question answered directly. How many blanks must reach an
/// office by a date so that the probability of a stockout before the election stays below
/// 5%? Is the 25,000 the province asked for enough? What lot on 29 May would have avoided
/// the stockout? A plan (a small YAML file, docs/plan.md) names the scenario, one decision
/// with its candidate values (a top-up delivered to a node, or any scenario key), a target
/// (the probability of a stockout day in a window at some nodes, or a KPI's mean) and the
/// replications; run_plan() finds the cheapest value that meets the target and checks it.
///
/// The method, for a decision whose values are ordered from cheapest to dearest and whose
/// target gets no harder to meet along them (more blanks, an earlier lot):
/// - **common random numbers**: every candidate runs the same replication indices, so two
///   candidates differ by the decision, not by the luck of the draw, and a replication's
///   outcome moves one way along the values;
/// - **bracketing**: the dearest value is evaluated first (if it fails, the target cannot be
///   met within the bounds and the plan says so), then the cheapest, then bisection over
///   the values in between: about log2(values) evaluations;
/// - **a one-sided bound**: a candidate meets the target when the upper (or lower) bound of
///   the target at the plan's confidence does (Clopper-Pearson's exact bound for a
///   probability, Student's t for a mean), not merely its estimate;
/// - **verification on fresh replications**: the recommendation, the scenario as written
///   (the baseline) and any proposed value are run again on replication indices the search
///   never used, and reported with their estimate and two-sided interval.
///
/// A split (a budget shared among offices) is searched by greedy marginal allocation on the
/// same common random numbers: one step of the budget at a time to the node whose share, one
/// step larger, lowers the target's estimate most; optimal when the estimate is a sum of
/// convex functions of the shares (Fox, 1966).
///
/// \code
///   blanko::Plan plan = blanko::load_plan("scenarios/plans/kota-bengkulu-pilkada-2024.yaml");
///   blanko::PlanResult r = blanko::run_plan(plan, {.threads = 2});
///   // r.recommended->value ("4500"), r.recommended->verified.high <= 0.05 ...
/// \endcode
#include <blanko/date.hpp>
#include <blanko/error.hpp>
#include <blanko/fwd.hpp>
#include <blanko/provenance.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace blanko {

/// What a plan decides: one value out of an ordered list.
struct PlanDecision {
  enum class Kind : std::uint8_t {
    /// Blanks delivered to `node` on `date` (a procurement lot at the node; 0: none).
    top_up,
    /// The value of a scenario key path, as `--set key=value` would set it.
    setting,
    /// A budget of blanks shared among `nodes`, each share a top-up on `date`, found by
    /// greedy marginal allocation (one `step` at a time to the node that lowers the target's
    /// estimate most). A value is the shares given, `17.02=2500, 17.71=5000`.
    split,
    /// One of several alternatives (every combination of the values of `choices`), the one
    /// with the lowest mean of KPI `minimize` among those that meet the target, selected
    /// by ranking and selection (Kim and Nelson's fully sequential procedure on common
    /// random numbers): the selected alternative is within `indifference` of the best with
    /// probability at least the plan's confidence. A value is `key=value; key=value`.
    choose,
  };
  Kind kind = Kind::top_up;
  std::string node;  ///< top_up: the receiving node's id
  Date date{};       ///< top_up, split: the day the blanks arrive
  std::string key;   ///< setting: the key path
  /// split: the nodes sharing the budget (ids); empty with `within`: the offices of that
  /// province, resolved against the scenario.
  std::vector<std::string> nodes;
  std::string within;          ///< split: a province id
  std::int64_t budget = 0;     ///< split: blanks to share
  std::int64_t step = 0;       ///< split: blanks given at a time
  /// choose: key paths and the values of each (as YAML scalars or flow text).
  std::vector<std::pair<std::string, std::vector<std::string>>> choices;
  std::string minimize;      ///< choose: a KPI of the network whose mean is minimised
  double indifference = 0;   ///< choose: a difference of its mean too small to matter (> 0)
  /// The candidate values, cheapest first, as YAML scalars (`4500`, `2023-05-29`); empty
  /// for a split, whose values the search makes.
  std::vector<std::string> values;
  /// A value to assess as well (the province's request): how likely it meets the target.
  std::optional<std::string> proposed;
  /// True when the values count blanks (a top-up, a lot's quantity): the table adds them up.
  bool values_are_blanks = false;
  SourceLocation where;

  /// `top-up of 17.71 on 2024-09-01`, `split of 25000 blanks on 2020-11-09`, or the key
  /// path: how tables name the decision.
  [[nodiscard]] std::string label() const;
};

/// What the recommendation must achieve.
struct PlanTarget {
  enum class Kind : std::uint8_t {
    /// P(at least one stockout day at one of `nodes` between `from` and `to`) <= `bound`.
    /// A stockout day ends with requests (or customers' orders) waiting and no blank on
    /// hand, as the stockout_days KPI counts them.
    stockout_probability,
    /// The mean over replications of KPI `kpi` of `node` (the network when empty) is at
    /// most (or, with `at_least`, at least) `bound`.
    kpi_mean,
  };
  Kind kind = Kind::stockout_probability;
  std::vector<std::string> nodes;  ///< stockout_probability: ids; empty: every office
  /// stockout_probability: the window, both days included; default: the whole run.
  std::optional<Date> from;
  std::optional<Date> to;
  std::string kpi;   ///< kpi_mean: a name of kpi_table()
  std::string node;  ///< kpi_mean: empty for the network
  double bound = 0.05;
  bool at_least = false;  ///< kpi_mean: the mean must be at least `bound`
  SourceLocation where;

  /// `P(stockout at 17.71, 2024-09-01..2024-11-27) <= 5%`: for tables and messages.
  [[nodiscard]] std::string describe() const;
};

/// A plan file, read (load_plan) or built in code.
struct Plan {
  std::string name;
  std::string source_file;  ///< the plan file; empty when built in code
  std::filesystem::path scenario_file;
  SourceLocation scenario_where;  ///< where the plan names it
  std::vector<std::string> overrides;  ///< `--set` overrides of the scenario, for every candidate
  std::vector<SourceLocation> override_origins;  ///< where the plan's `set:` wrote each
  PlanDecision decision;
  PlanTarget target;
  std::uint64_t replications = 500;          ///< per candidate in the search
  std::uint64_t verify_replications = 2000;  ///< fresh ones, for the recommendation and baseline
  double confidence = 0.95;                  ///< of the one-sided bound and of the intervals
  std::optional<std::uint64_t> seed;         ///< default: the scenario's
  SourceLocation where;
};

/// Reads a plan file (docs/plan.md); the scenario path is relative to the plan file.
/// ScenarioError naming file:line:col and key path for any bad value, unknown key (with
/// "did you mean") or missing key; `overrides` are applied to the plan's YAML first, as
/// `--set` applies them to a scenario.
[[nodiscard]] Plan load_plan(const std::filesystem::path& file,
                             const std::vector<std::string>& overrides = {});
/// The same from YAML text; `base_dir` resolves the scenario path.
[[nodiscard]] Plan parse_plan(std::string_view yaml_text, std::string_view source_name,
                              const std::filesystem::path& base_dir = ".",
                              const std::vector<std::string>& overrides = {});

/// A target's estimate from some replications.
struct PlanEstimate {
  double value = 0;  ///< the probability or the KPI's mean
  double low = 0;    ///< two-sided interval at the plan's confidence
  double high = 0;
  /// The one-sided bound the decision used: the upper bound for an at-most target, the
  /// lower for an at-least one.
  double bound = 0;
  std::uint64_t replications = 0;
  bool meets = false;  ///< `bound` is within the target
};

/// One value of the decision, as evaluated.
struct PlanCandidate {
  std::string value;
  PlanEstimate search;                  ///< on the search replications
  std::optional<PlanEstimate> verified; ///< on fresh replications (recommended, proposed)
  /// choose: the mean of the KPI minimised (`meets`: the candidate met the target), on the
  /// same replications as `search` (or as `verified`, for `verified_objective`).
  std::optional<PlanEstimate> objective;
  std::optional<PlanEstimate> verified_objective;
  /// The network's total_cost (Rp: holding, waiting, lost requests, blanks bought, trips) on
  /// the fresh replications, with `verified`.
  std::optional<PlanEstimate> verified_cost;
};

/// One node's share of a split budget.
struct PlanShare {
  std::string node;
  std::int64_t blanks = 0;
};

/// What run_plan found.
struct PlanResult {
  Plan plan;
  std::string scenario;  ///< the scenario's name
  std::uint64_t seed = 0;
  std::string method;    ///< how the search went, for people
  /// Every candidate evaluated, in the order of the values (each once); for a split, the
  /// allocation after each step of the greedy search.
  std::vector<PlanCandidate> evaluated;
  /// The cheapest value that met the target in the search; empty when none of the values
  /// did (then `best` is the value that came closest).
  std::optional<PlanCandidate> recommended;
  PlanCandidate best;
  std::optional<PlanCandidate> proposed;  ///< PlanDecision::proposed, verified
  PlanEstimate baseline;                  ///< the scenario as written, on fresh replications
  PlanEstimate baseline_cost;             ///< its total_cost, on the same replications
  /// The first replication index of the verification (and the baseline): the search used
  /// 0 .. verify_first - 1.
  std::uint64_t verify_first = 0;
  /// split: the shares of the recommendation (else of the best), in node order; the blanks
  /// of the budget that no step lowered the estimate with are left out.
  std::vector<PlanShare> shares;
  /// The scenario's YAML with the recommendation (else the best value) applied.
  std::string recommended_scenario;
  Provenance provenance;
  double seconds = 0;
};

/// Progress of a plan, reported after each replication: what is being evaluated and the
/// replications run so far out of about how many the plan will run (the search's length
/// depends on its answers: at most log2(values) + 2 candidates, then the verification).
struct PlanProgress {
  std::size_t evaluations = 0;  ///< candidates begun, this one included
  std::string stage;            ///< "search 4500", "verify 4500", "baseline", "proposed 10000"
  std::uint64_t replications_done = 0;
  std::uint64_t replications_expected = 0;
};

/// How to run a plan.
struct PlanOptions {
  unsigned threads = 0;  ///< worker threads; 0: every core
  std::function<void(const PlanProgress&)> progress;
  /// Split each candidate's replications across MPI ranks (round robin); every rank gets
  /// every value and runs the same search, so each returns the same result, identical to
  /// one process's. Requires blanko built with BLANKO_WITH_MPI and an MpiSession.
  bool mpi = false;
};

/// Runs the search and the verification. ScenarioError when a candidate's scenario is bad
/// (naming the decision), blanko::Error on bad options.
[[nodiscard]] PlanResult run_plan(const Plan& plan, const PlanOptions& options = {});

/// The answer for people: the question, the recommendation with its verified estimate and
/// interval beside the baseline (and the proposal), whether it meets the target, and the
/// candidates the search evaluated.
void write_plan_table(std::ostream& out, const PlanResult& result);
/// plan.csv: one row per evaluated candidate (value, estimate, interval, bound, meets,
/// replications, role: recommended, proposed or searched), then the baseline.
void write_plan_csv(std::ostream& out, const PlanResult& result);
/// plan.json: the plan, the method, every candidate and the verification.
void write_plan_json(std::ostream& out, const PlanResult& result);
/// Writes plan.csv, plan.json and recommended.yaml (the scenario with the recommendation
/// applied) into `dir`, then its manifest.json. OutputError when `dir` cannot be written.
void write_plan_outputs(const std::filesystem::path& dir, const PlanResult& result);
/// The same files into `out`, without its manifest (the caller finish()es it).
void write_plan_outputs(OutputDirectory& out, const PlanResult& result);

}  // namespace blanko
