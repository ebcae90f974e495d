#pragma once
// What run_plan measures in each replication of a candidate, and the replications run in
// parallel on common random numbers (plan.cpp).

#include <blanko/kpis.hpp>
#include <blanko/model.hpp>
#include <blanko/plan.hpp>
#include <blanko/results.hpp>

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace blanko::detail {

/// The node `id` of `model`; a ScenarioError at `where` (with "did you mean") when it has none.
[[nodiscard]] NodeIndex find_plan_node(const Model& model, const std::string& id,
                                       const SourceLocation& where);

/// A plan's target read off one replication: 1 when a stockout day fell in the window at
/// one of the watched nodes (else 0), or the KPI's value.
class TargetMeasure {
 public:
  /// Resolves the target against `model`: node ids to indices (ScenarioError at the target,
  /// with "did you mean", for an unknown id), the window to days of the run (it must
  /// overlap the run), the KPI to its reader.
  TargetMeasure(const PlanTarget& target, const Model& model);

  /// True when the measure reads the daily series (RunOptions::record_timeseries).
  [[nodiscard]] bool needs_timeseries() const {
    return kind_ == PlanTarget::Kind::stockout_probability;
  }
  [[nodiscard]] double operator()(const RunResult& result) const;

 private:
  PlanTarget::Kind kind_;
  std::vector<NodeIndex> nodes_;
  std::int32_t first_day_ = 0, last_day_ = 0;  // the window, as days of the run
  const KpiDefinition* kpi_ = nullptr;
  std::size_t kpi_row_ = 0;  // a node index, or kNetworkRow
};

/// The measures of replications `first` .. `first + count - 1` of `model` with `seed`, in
/// replication order: values[(replication - first) * measures.size() + m] is measure m's.
/// Simulated on `threads` threads: the same numbers for any thread count. `done` (when set)
/// is called after each replication, in order, one call at a time; it may throw to stop.
/// With `mpi`, each MPI rank simulates its share of the replications (round robin) and
/// every rank receives all the values, in the same order: the plan's search then goes on
/// identically on every rank.
[[nodiscard]] std::vector<double> measure_replications(
    const Model& model, std::span<const TargetMeasure* const> measures, std::uint64_t seed,
    std::uint64_t first, std::uint64_t count, unsigned threads,
    const std::function<void()>& done = {}, bool mpi = false);

}  // namespace blanko::detail
