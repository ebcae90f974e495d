#pragma once
/// \file network.hpp
/// The supply network compiled from a scenario: nodes and lanes with dense indices, each
/// node's supplier lane, and a topological order. It is built and validated on Boost.Graph
/// (acyclic, every office reachable from a source, no dangling names); the graph itself
/// stays inside the library.

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
  /// duplicate id, an unknown node in a lane, a second supplier for one node, a cycle or
  /// an office that no source (a centre, or a node receiving procurement) can reach.
  explicit Network(const Scenario& scenario);
  ~Network();
  Network(Network&&) noexcept;
  Network& operator=(Network&&) noexcept;

  [[nodiscard]] std::int32_t node_count() const;
  [[nodiscard]] std::int32_t lane_count() const;
  /// The node with this id, or kNone.
  [[nodiscard]] NodeIndex find(std::string_view id) const;
  [[nodiscard]] const std::string& id(NodeIndex node) const;
  /// The lane through which `node` is supplied, or kNone for a source.
  [[nodiscard]] LaneIndex supplier_lane(NodeIndex node) const;
  /// The supplier of `node`, or kNone for a source.
  [[nodiscard]] NodeIndex supplier(NodeIndex node) const;
  [[nodiscard]] NodeIndex lane_from(LaneIndex lane) const;
  [[nodiscard]] NodeIndex lane_to(LaneIndex lane) const;
  /// Nodes this node supplies, in index order.
  [[nodiscard]] std::span<const NodeIndex> customers(NodeIndex node) const;
  /// Every node after its supplier (sources first).
  [[nodiscard]] std::span<const NodeIndex> topological_order() const;
  /// Hops from the node's source (0 for a source).
  [[nodiscard]] int depth(NodeIndex node) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace blanko
