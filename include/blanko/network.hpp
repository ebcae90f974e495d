#pragma once
/// \file network.hpp
/// The supply network compiled from a scenario: nodes and lanes with dense indices, each
/// node's supplier lanes in sourcing order, and a topological order. It is built and
/// validated on Boost.Graph (acyclic, every office reachable from a source, no dangling
/// names, at most one lane between two nodes); the graph itself stays inside the library.

#include <blanko/scenario.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace blanko {

/// Index of a node (0 .. node_count-1), in scenario order.
using NodeIndex = std::int32_t;
/// Index of a lane (0 .. lane_count-1), in scenario order.
using LaneIndex = std::int32_t;
inline constexpr std::int32_t kNone = -1;

/// Read-only view of the network's shape.
class Network {
 public:
  /// Validates and indexes the nodes and lanes of `scenario`; ScenarioError on a
  /// duplicate id, an unknown node in a lane, two lanes from the same supplier to the same
  /// node, a cycle or an office that no source (a centre, or a node receiving procurement
  /// lots or tenders) can reach.
  explicit Network(const Scenario& scenario);
  ~Network();
  Network(Network&&) noexcept;
  Network& operator=(Network&&) noexcept;

  [[nodiscard]] std::int32_t node_count() const;
  [[nodiscard]] std::int32_t lane_count() const;
  /// The node with this id, or kNone.
  [[nodiscard]] NodeIndex find(std::string_view id) const;
  [[nodiscard]] const std::string& id(NodeIndex node) const;
  /// The lanes through which `node` is supplied, in sourcing order (by the lanes'
  /// `priority`, then scenario order); empty for a source.
  [[nodiscard]] std::span<const LaneIndex> supplier_lanes(NodeIndex node) const;
  /// The first of supplier_lanes(node) (its primary supplier lane), or kNone for a source.
  [[nodiscard]] LaneIndex supplier_lane(NodeIndex node) const;
  /// The supplier at the end of supplier_lane(node), or kNone for a source.
  [[nodiscard]] NodeIndex supplier(NodeIndex node) const;
  [[nodiscard]] NodeIndex lane_from(LaneIndex lane) const;
  [[nodiscard]] NodeIndex lane_to(LaneIndex lane) const;
  /// Nodes this node supplies (through any lane), in index order.
  [[nodiscard]] std::span<const NodeIndex> customers(NodeIndex node) const;
  /// Every node after all its suppliers (sources first), by depth, then index.
  [[nodiscard]] std::span<const NodeIndex> topological_order() const;
  /// Hops on the longest supplier path from a source (0 for a source), so that every
  /// customer is deeper than each of its suppliers.
  [[nodiscard]] int depth(NodeIndex node) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace blanko
