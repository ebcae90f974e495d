#include "detail/plan_measure.hpp"

#include <blanko/error.hpp>
#include <blanko/kpis.hpp>
#include <blanko/simulation.hpp>

#include "detail/ordered_pipeline.hpp"
#include "detail/replication_pipeline.hpp"
#include "detail/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace blanko::detail {

NodeIndex find_plan_node(const Model& model, const std::string& id, const SourceLocation& where) {
  const Network& network = model.network();
  const NodeIndex v = network.find(id);
  if (v == kNone) {
    std::vector<std::string> ids;
    for (NodeIndex u = 0; u < network.node_count(); ++u) ids.push_back(network.id(u));
    throw ScenarioError(where, fmt::format("no node '{}' in the scenario{}", id, suggestion_suffix(id, ids)));
  }
  return v;
}

TargetMeasure::TargetMeasure(const PlanTarget& target, const Model& model) : kind_(target.kind) {
  const Network& network = model.network();
  const auto node_index = [&](const std::string& id) { return find_plan_node(model, id, target.where); };
  if (kind_ == PlanTarget::Kind::kpi_mean) {
    kpi_ = &find_kpi(target.kpi);
    kpi_row_ = target.node.empty() ? kNetworkRow : static_cast<std::size_t>(node_index(target.node));
    if (kpi_row_ != kNetworkRow && !kpi_->per_node()) {
      throw ScenarioError(target.where, fmt::format("{} is a KPI of the network only: leave out `node`",
                                                    kpi_->name));
    }
    return;
  }
  if (target.nodes.empty()) {
    for (NodeIndex v = 0; v < network.node_count(); ++v) {
      if (model.scenario().nodes[static_cast<std::size_t>(v)].office) nodes_.push_back(v);
    }
  } else {
    for (const std::string& id : target.nodes) nodes_.push_back(node_index(id));
  }
  const Date from = target.from.value_or(model.start());
  const Date to = target.to.value_or(model.last_day());
  if (to < model.start() || from > model.last_day()) {
    throw ScenarioError(target.where,
                        fmt::format("the window {} .. {} lies outside the run ({} .. {})",
                                    to_iso_string(from), to_iso_string(to),
                                    to_iso_string(model.start()), to_iso_string(model.last_day())));
  }
  first_day_ = static_cast<std::int32_t>(std::max<std::int64_t>(0, (from - model.start()).count()));
  last_day_ = static_cast<std::int32_t>(
      std::min<std::int64_t>(model.horizon_days() - 1, (to - model.start()).count()));
}

double TargetMeasure::operator()(const RunResult& result) const {
  if (kind_ == PlanTarget::Kind::kpi_mean) return kpi_->value(result, kpi_row_);
  // A stockout day as the stockout_days KPI counts it: the day ended with requests (or
  // customers' orders) waiting and no blank on hand.
  const TimeSeries& series = *result.timeseries;
  for (std::int32_t day = first_day_; day <= last_day_; ++day) {
    for (const NodeIndex v : nodes_) {
      if (series.at(Series::backlog, day, v) > 0 && series.at(Series::on_hand, day, v) == 0) return 1;
    }
  }
  return 0;
}

std::vector<double> measure_replications(const Model& model,
                                         std::span<const TargetMeasure* const> measures,
                                         std::uint64_t seed, std::uint64_t first,
                                         std::uint64_t count, unsigned threads,
                                         const std::function<void()>& done, bool mpi) {
  const bool timeseries = std::any_of(measures.begin(), measures.end(),
                                      [](const TargetMeasure* m) { return m->needs_timeseries(); });
  const MpiPlace place = mpi ? mpi_place() : MpiPlace{};
  std::vector<double> values;
  values.reserve(count * measures.size());
  for_each_in_order(
      first + static_cast<std::uint64_t>(place.rank), first + count,
      static_cast<std::uint64_t>(place.size), threads, [&] { return Simulation(model); },
      [&](Simulation& simulation, std::uint64_t replication) {
        const RunResult result = simulation.run({.seed = seed,
                                                 .replication = replication,
                                                 .record_timeseries = timeseries,
                                                 .node_groups = {}});
        std::vector<double> row;
        row.reserve(measures.size());
        for (const TargetMeasure* m : measures) row.push_back((*m)(result));
        return row;
      },
      [&](const std::vector<double>& row) {
        values.insert(values.end(), row.begin(), row.end());
        if (done) done();
      });
  return mpi ? mpi_gather_rows(values, measures.size(), count) : values;
}

}  // namespace blanko::detail
