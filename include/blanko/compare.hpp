#pragma once
/// \file compare.hpp
/// Comparing policies: several configurations of one scenario (each the scenario with its
/// own `--set`-style overrides, usually read from a policy-set file) run on the same seeds
/// and replication indices. Demand draws never depend on policy, so every configuration sees
/// the same demand (common random numbers) and the differences between them are paired:
/// per KPI, the mean over replications of (configuration - first configuration), its
/// standard error and a confidence interval from Student's t distribution.
///
/// \code
///   std::vector<blanko::PolicySet> sets{blanko::load_policy_set("s-S.yaml"),
///                                       blanko::load_policy_set("event-aware.yaml")};
///   blanko::Comparison c = blanko::compare("scenarios/bengkulu-2024.yaml", sets, {},
///                                          {.replications = 20});
///   const blanko::PairedDifference& d = c.kpi("fill_rate").vs_first[1];
///   // d.mean, d.ci_low, d.ci_high: event-aware minus s-S
/// \endcode

#include <blanko/error.hpp>
#include <blanko/fwd.hpp>
#include <blanko/kpis.hpp>
#include <blanko/provenance.hpp>
#include <blanko/scenario.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/statistics.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace blanko {

/// A named list of `--set` overrides, read from a small YAML file:
/// \code{.yaml}
///   name: event-aware            # optional; default: the file's stem
///   description: ...             # optional, for people
///   set:
///     defaults.kabkota.replenishment.policy: event_aware
///     defaults.kabkota.replenishment.safety_days: 14
/// \endcode
struct PolicySet {
  std::string name;
  std::string description;  ///< for people (the file's `description`); may be empty
  std::string source_file;
  std::vector<std::string> overrides;  ///< `key.path=value`, in file order
  /// Where each override was written (same index as `overrides`), so that an error the
  /// scenario finds in an override names the policy-set file and line.
  std::vector<SourceLocation> origins;
};

/// Reads a policy-set file; ScenarioError (file and line) when it is missing, not valid
/// YAML, has an unknown key (with "did you mean") or no `set` map.
[[nodiscard]] PolicySet load_policy_set(const std::filesystem::path& file);
/// Reads a policy set from YAML text; `source_name` is used in error messages and as the
/// default name.
[[nodiscard]] PolicySet parse_policy_set(std::string_view yaml_text, std::string_view source_name);

/// One configuration to compare: a name and a complete scenario.
struct Configuration {
  std::string name;
  Scenario scenario;
};

/// The largest CompareOptions::min_difference (10: ten times the other's mean).
inline constexpr double kMaxMinDifference = 10;

/// How to compare.
struct CompareOptions {
  std::optional<std::uint64_t> seed;  ///< default: the first configuration's scenario seed
  std::uint64_t replications = 1;     ///< replication indices 0 .. replications - 1
  /// Of the intervals on paired differences, and the one-sided confidence a winner needs.
  double confidence = 0.95;
  /// The smallest difference that matters, relative to the other configuration's mean: a
  /// winner must beat every other configuration by more than min_difference x |its mean|
  /// (0.01: 1%; 0: any difference, so significance alone decides). Finite, in [0, 10].
  double min_difference = 0.01;
  unsigned threads = 0;  ///< worker threads; 0: every core
  /// Called after each replication (of every configuration) is folded, in order.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

/// The paired difference of two configurations on one KPI over the same replications.
/// With fewer than two replications the standard error and the interval are NaN.
struct PairedDifference {
  double mean = 0;  ///< mean of (b - a) = mean(b) - mean(a)
  double standard_error = std::numeric_limits<double>::quiet_NaN();
  double ci_low = std::numeric_limits<double>::quiet_NaN();
  double ci_high = std::numeric_limits<double>::quiet_NaN();
};

/// Mean, standard error (sample standard deviation / sqrt(n)) and the two-sided
/// `confidence` interval (t distribution, n - 1 degrees of freedom) of b[i] - a[i].
/// Throws blanko::Error when the spans differ in length or are empty.
[[nodiscard]] PairedDifference paired_difference(std::span<const double> a,
                                                 std::span<const double> b,
                                                 double confidence = 0.95);

/// The paired difference from streaming statistics of b - a (one value per replication).
[[nodiscard]] PairedDifference paired_difference(const RunningStats& differences,
                                                 double confidence = 0.95);

/// What a comparison says about one KPI.
enum class Verdict : std::uint8_t {
  no_direction,             ///< a volume (Better::none): nothing to win
  winner,                   ///< KpiComparison::winner beats every other configuration
  no_practical_difference,  ///< the best mean is not significantly and clearly better
  not_applicable,           ///< fewer than two replications: nothing is significant
};
/// "no direction", "winner", "no practical difference", "n/a".
[[nodiscard]] std::string_view to_string(Verdict verdict);

/// One network KPI of the KPI table (kpis.hpp) compared; its direction is the table's.
/// Statistics are streamed: memory does not grow with the replications.
///
/// The winner rule: let `best` be the configuration with the best mean in the KPI's
/// direction. It is the winner when, against EVERY other configuration c,
///   1. the difference is significant: the one-sided paired-t confidence that best is
///      better than c (t distribution with n - 1 degrees of freedom on the replication-by-
///      replication differences) is at least Comparison::confidence, and
///   2. the difference matters: |mean[best] - mean[c]| > min_difference x |mean[c]|
///      (Comparison::min_difference, 1% by default; two means of 0 are no difference).
/// Otherwise the verdict is no_practical_difference, with no winner; with fewer than two
/// replications it is not_applicable, and for a KPI without a direction no_direction.
struct KpiComparison {
  std::string kpi;
  Better better = Better::none;
  std::vector<double> mean;                ///< per configuration, over replications
  std::vector<double> sd;                  ///< per configuration (NaN below 2 replications)
  std::vector<PairedDifference> vs_first;  ///< per configuration, minus the first ([0]: 0)
  /// The configuration with the best mean, the earliest of those that share it; none when
  /// the KPI has no direction (or there is a single configuration).
  std::optional<std::size_t> best;
  /// `best` when the winner rule above holds; none otherwise.
  std::optional<std::size_t> winner;
  /// The smallest, over the other configurations, of the one-sided paired-t confidence
  /// that best's mean is better than theirs (0.5: no evidence, near 1: clear): condition 1
  /// holds when it is at least Comparison::confidence. Given whether or not best wins; NaN
  /// below two replications or without best.
  double winner_confidence = std::numeric_limits<double>::quiet_NaN();
  /// The smallest, over the other configurations c, of |mean[best] - mean[c]| / |mean[c]|
  /// (0 when both means are 0, +infinity when only mean[c] is 0): condition 2 holds when it
  /// is above Comparison::min_difference. NaN without best.
  double relative_difference = std::numeric_limits<double>::quiet_NaN();
  Verdict verdict = Verdict::no_direction;
};

/// The result of compare(): every KPI of the network, in kpi_table() order.
struct Comparison {
  std::string scenario;                     ///< the first configuration's scenario name
  std::vector<std::string> configurations;  ///< names, in the order given
  std::uint64_t seed = 0;
  std::uint64_t replications = 0;
  double confidence = 0.95;
  double min_difference = 0.01;     ///< CompareOptions::min_difference
  Date start{};                             ///< the first configuration's period
  std::int32_t horizon_days = 0;
  /// The scenario file, its hash and the common overrides (set `command` to add it).
  Provenance provenance;
  std::vector<KpiComparison> kpis;  ///< in kpi_table() order
  /// Every replication's network KPIs per configuration, for paired analyses outside
  /// blanko: [(replication * configurations + configuration) * kpi_table().size() + kpi].
  std::vector<double> values;

  /// The KPI named `name` (`fill_rate`, `trip_cost`...); blanko::Error when unknown.
  [[nodiscard]] const KpiComparison& kpi(std::string_view name) const;
};

/// Runs every configuration on the same seed and replication indices (replications in
/// parallel, folded in order: bit-identical for any thread count) and compares them with
/// the first. Throws ScenarioError when a scenario does not compile, blanko::Error
/// when there is no configuration or no replication, the confidence is not in (0, 1) or
/// min_difference is not a finite number in [0, 10].
[[nodiscard]] Comparison compare(std::span<const Configuration> configurations,
                                 const CompareOptions& options = {});

/// Loads `scenario_file` once per policy set, with `common_overrides` then the set's own
/// overrides, and compares the results. An error in a set's override names the set's file
/// and line.
[[nodiscard]] Comparison compare(const std::filesystem::path& scenario_file,
                                 std::span<const PolicySet> sets,
                                 const std::vector<std::string>& common_overrides = {},
                                 const CompareOptions& options = {});
/// The same from a scenario text already read (ScenarioSource).
[[nodiscard]] Comparison compare(const ScenarioSource& source, std::span<const PolicySet> sets,
                                 const std::vector<std::string>& common_overrides = {},
                                 const CompareOptions& options = {});

/// A fixed-width table of the headline KPIs of the KPI table: per configuration the mean
/// and the paired difference against the first with its standard error and interval ("n/a"
/// when undefined), and on the best configuration's row the verdict ("best" or "no
/// practical difference", or "n/a") with its confidence and relative difference. Each
/// KPI's numbers are formatted by its unit (shares in percent, with their differences in
/// percentage points); a legend of the KPIs follows.
void write_comparison_table(std::ostream& out, const Comparison& comparison);
/// compare.csv: kpi,configuration,mean,sd,diff_vs_first,diff_se,ci_low,ci_high,winner,
/// winner_confidence,relative_difference,verdict, one row per KPI and configuration.
/// winner: 1 on the winner's row, 0 on the others, empty for a KPI without a direction;
/// winner_confidence and relative_difference: on the best configuration's row (`inf` for
/// an infinite relative difference); verdict: to_string(Verdict), on every row of the KPI.
/// Shares stay shares; undefined values are empty fields.
void write_comparison_csv(std::ostream& out, const Comparison& comparison);
/// compare.json: the scenario, seed, replications, confidence, min_difference and, per KPI,
/// its direction, best, winner (null without one), verdict, winner confidence and relative
/// difference (the string "inf" when infinite), and per configuration the same values as
/// the CSV (undefined values are null).
void write_comparison_json(std::ostream& out, const Comparison& comparison);
/// compare_replications.csv: configuration,replication,<every KPI of kpi_table()>, one row
/// per replication and configuration of Comparison::values, replication-major (replication
/// 0 of every configuration in the given order, then replication 1...): the network's KPIs
/// of each run, counts as integers, for paired analyses outside blanko. blanko::Error when
/// `values` does not hold every replication.
void write_comparison_replications_csv(std::ostream& out, const Comparison& comparison);
/// Writes compare.csv, compare.json and compare_replications.csv into `dir`, creating it,
/// then its manifest.json (output_directory.hpp); each file through a temporary name,
/// flushed to disk and renamed. OutputError when `dir` cannot be written.
void write_comparison_outputs(const std::filesystem::path& dir, const Comparison& comparison);
/// The same files into `out`, without its manifest (the caller finish()es it).
void write_comparison_outputs(OutputDirectory& out, const Comparison& comparison);

}  // namespace blanko
