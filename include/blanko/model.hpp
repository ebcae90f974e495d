#pragma once
/// \file model.hpp
/// A scenario compiled once into read-only tables that every replication shares: the
/// network, per-office daily demand rates and printing capacities, lane lead-time
/// samplers, policies and the procurement calendar. Building a Model validates the whole
/// scenario; a Model is immutable afterwards and safe to share across threads.
///
/// \code
///   blanko::Model model(blanko::load_scenario("scenarios/bengkulu-2024.yaml"));
///   blanko::RunResult r = blanko::simulate(model, {.seed = 7});
/// \endcode

#include <blanko/fwd.hpp>
#include <blanko/memory.hpp>
#include <blanko/network.hpp>
#include <blanko/scenario.hpp>

#include <memory>
#include <string>
#include <vector>

namespace blanko {

/// How outputs name a node, for people (`name`) and for grouping rows in a spreadsheet or
/// pandas (`level`, `province`), so that nobody has to parse node ids.
struct NodeLabel {
  std::string id;        ///< `17.71`
  std::string name;      ///< `Kota Bengkulu` (the id when the scenario gives no name)
  std::string level;     ///< the node's kind: `centre`, `province`, `kabkota`; `network`
  std::string province;  ///< id of the province the node belongs to; empty for the centre
};

/// The label of the network total in every output: id, name and level `network`.
[[nodiscard]] NodeLabel network_label();

class Model {
 public:
  /// Compiles `scenario` against `registry`'s policies; ScenarioError on any bad value.
  explicit Model(Scenario scenario, const PolicyRegistry& registry);
  /// Compiles against PolicyRegistry::global().
  explicit Model(Scenario scenario);
  ~Model();
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;

  [[nodiscard]] const Scenario& scenario() const;
  [[nodiscard]] const Network& network() const;
  [[nodiscard]] Date start() const;
  /// The last day of the run (start + horizon - 1).
  [[nodiscard]] Date last_day() const;
  [[nodiscard]] std::int32_t horizon_days() const;
  /// The memory this model's tables, one replication and one timeseries take (memory.hpp);
  /// the constructor refused the scenario if the tables and one replication exceed
  /// memory_limit().
  [[nodiscard]] const MemoryEstimate& memory_estimate() const;
  /// Nodes that record and print (demand nodes).
  [[nodiscard]] std::int32_t office_count() const;
  /// Blanks in `node`'s store at the start, its `initial_stock` resolved (days of demand
  /// become blanks).
  [[nodiscard]] std::int64_t initial_stock(NodeIndex node) const;
  /// Mean lead time of `lane` in days, of the distribution as drawn (rounded to whole days,
  /// at least one).
  [[nodiscard]] double lead_time_mean(LaneIndex lane) const;
  /// Mean print requests per calendar day at `node` and every office below it.
  [[nodiscard]] double mean_daily_demand(NodeIndex node) const;
  /// The province node `node` belongs to: the first node of kind province up its primary
  /// supplier chain, itself included; kNone above the provinces (the centre).
  [[nodiscard]] NodeIndex province_of(NodeIndex node) const;
  /// Every node's label, in node order.
  [[nodiscard]] std::vector<NodeLabel> node_labels() const;
  /// Internal tables for the simulation (blanko::detail); not part of the stable API.
  [[nodiscard]] const detail::CompiledModel& compiled() const { return *compiled_; }

 private:
  std::unique_ptr<detail::CompiledModel> compiled_;
};

}  // namespace blanko
