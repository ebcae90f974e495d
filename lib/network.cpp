#include <blanko/network.hpp>

#include "detail/suggest.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>

#include <algorithm>
#include <unordered_map>

namespace blanko {

namespace {
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                    boost::no_property, boost::property<boost::edge_index_t, int>>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

// Records every vertex a breadth-first search reaches.
class ReachVisitor : public boost::default_bfs_visitor {
 public:
  explicit ReachVisitor(std::vector<char>& reached) : reached_(&reached) {}
  void discover_vertex(Vertex v, const Graph&) const { (*reached_)[v] = 1; }

 private:
  std::vector<char>* reached_;
};

// The first back edge of a depth-first search closes a cycle.
struct BackEdge {
  Edge edge;
};

// Remembers the tree edge into each vertex, and stops the search at the first back edge.
class CycleVisitor : public boost::default_dfs_visitor {
 public:
  explicit CycleVisitor(std::vector<Vertex>& parent) : parent_(&parent) {}
  void tree_edge(Edge e, const Graph& g) const {
    (*parent_)[boost::target(e, g)] = boost::source(e, g);
  }
  void back_edge(Edge e, const Graph&) const { throw BackEdge{e}; }

 private:
  std::vector<Vertex>* parent_;
};
}  // namespace

struct Network::Impl {
  Graph graph;
  std::vector<std::string> ids;
  std::unordered_map<std::string, NodeIndex> index;
  std::vector<std::vector<LaneIndex>> supplier_lanes;  // in sourcing order
  std::vector<NodeIndex> lane_from, lane_to;
  std::vector<std::vector<NodeIndex>> customers;
  std::vector<NodeIndex> topological;
  std::vector<int> depth;
};

Network::Network(const Scenario& scenario) : impl_(std::make_unique<Impl>()) {
  Impl& n = *impl_;
  const auto node_count = static_cast<NodeIndex>(scenario.nodes.size());
  if (node_count == 0) throw ScenarioError(scenario.where, "the scenario has no nodes");
  n.ids.reserve(scenario.nodes.size());
  for (NodeIndex i = 0; i < node_count; ++i) {
    const NodeSpec& node = scenario.nodes[static_cast<std::size_t>(i)];
    if (node.id.empty()) throw ScenarioError(node.where, "node id must not be empty");
    auto [it, inserted] = n.index.emplace(node.id, i);
    if (!inserted) {
      throw ScenarioError(node.where, "duplicate node id '" + node.id + "' (first defined at " +
                                          scenario.nodes[static_cast<std::size_t>(it->second)]
                                              .where.describe() + ")");
    }
    n.ids.push_back(node.id);
  }

  n.graph = Graph(static_cast<std::size_t>(node_count));
  n.supplier_lanes.resize(static_cast<std::size_t>(node_count));
  n.customers.resize(static_cast<std::size_t>(node_count));
  auto resolve = [&](const std::string& id, const SourceLocation& where, const char* role) {
    auto it = n.index.find(id);
    if (it == n.index.end()) {
      throw ScenarioError(where, std::string("unknown ") + role + " node '" + id + "'" +
                                     detail::suggestion_suffix(id, n.ids));
    }
    return it->second;
  };
  for (std::size_t l = 0; l < scenario.lanes.size(); ++l) {
    const LaneSpec& lane = scenario.lanes[l];
    const NodeIndex from = resolve(lane.from, lane.where, "supplier");
    const NodeIndex to = resolve(lane.to, lane.where, "customer");
    if (from == to) throw ScenarioError(lane.where, "lane from '" + lane.from + "' to itself");
    auto& lanes_in = n.supplier_lanes[static_cast<std::size_t>(to)];
    for (LaneIndex other : lanes_in) {
      if (n.lane_from[static_cast<std::size_t>(other)] == from) {
        throw ScenarioError(
            lane.where, "duplicate lane from '" + lane.from + "' to '" + lane.to + "' (first at " +
                            scenario.lanes[static_cast<std::size_t>(other)].where.describe() +
                            "); give each supplier one lane to a node");
      }
    }
    lanes_in.push_back(static_cast<LaneIndex>(l));
    n.lane_from.push_back(from);
    n.lane_to.push_back(to);
    n.customers[static_cast<std::size_t>(from)].push_back(to);
    boost::add_edge(static_cast<Vertex>(from), static_cast<Vertex>(to), static_cast<int>(l),
                    n.graph);
  }
  for (auto& list : n.customers) std::sort(list.begin(), list.end());
  for (auto& lanes_in : n.supplier_lanes) {
    std::stable_sort(lanes_in.begin(), lanes_in.end(), [&](LaneIndex a, LaneIndex b) {
      return scenario.lanes[static_cast<std::size_t>(a)].priority <
             scenario.lanes[static_cast<std::size_t>(b)].priority;
    });
  }
  const auto has_supplier = [&](NodeIndex v) {
    return !n.supplier_lanes[static_cast<std::size_t>(v)].empty();
  };

  // Acyclic: Boost's topological sort throws not_a_dag; then a depth-first search finds a
  // cycle to name for the planner, at the lane that closes it.
  std::vector<Vertex> reverse_order;
  try {
    boost::topological_sort(n.graph, std::back_inserter(reverse_order));
  } catch (const boost::not_a_dag&) {
    std::vector<Vertex> parent(static_cast<std::size_t>(node_count));
    try {
      boost::depth_first_search(n.graph, boost::visitor(CycleVisitor(parent)));
    } catch (const BackEdge& back) {
      const Vertex head = boost::target(back.edge, n.graph);
      std::string cycle = n.ids[head];
      for (Vertex v = boost::source(back.edge, n.graph); v != head; v = parent[v]) {
        cycle = n.ids[v] + " -> " + cycle;
      }
      cycle = n.ids[head] + " -> " + cycle;
      const auto lane = static_cast<std::size_t>(boost::get(boost::edge_index, n.graph, back.edge));
      throw ScenarioError(scenario.lanes[lane].where, "the network has a cycle: " + cycle);
    }
    throw ScenarioError(scenario.where, "the network has a cycle");
  }
  n.topological.assign(reverse_order.rbegin(), reverse_order.rend());
  // Depth is the longest supplier path, so every customer is deeper than all its suppliers.
  // Boost's order is any valid one; make it canonical (by depth, then index) so that the
  // sweep order never depends on the graph library's traversal details.
  n.depth.assign(static_cast<std::size_t>(node_count), 0);
  for (NodeIndex v : n.topological) {
    int& depth = n.depth[static_cast<std::size_t>(v)];
    for (LaneIndex lane : n.supplier_lanes[static_cast<std::size_t>(v)]) {
      depth = std::max(
          depth,
          n.depth[static_cast<std::size_t>(n.lane_from[static_cast<std::size_t>(lane)])] + 1);
    }
  }
  std::stable_sort(n.topological.begin(), n.topological.end(), [&](NodeIndex a, NodeIndex b) {
    const int da = n.depth[static_cast<std::size_t>(a)], db = n.depth[static_cast<std::size_t>(b)];
    return da != db ? da < db : a < b;
  });

  // Every office must be reachable from a source: a supplier-less node that is a centre
  // or receives procurement. Anything else would run dry by construction.
  std::vector<char> is_source(static_cast<std::size_t>(node_count), 0);
  std::vector<NodeIndex> roots;
  for (NodeIndex i = 0; i < node_count; ++i) {
    if (has_supplier(i)) continue;
    roots.push_back(i);
    if (scenario.nodes[static_cast<std::size_t>(i)].kind == NodeKind::centre) {
      is_source[static_cast<std::size_t>(i)] = 1;
    }
  }
  // Procurement without a node goes to the only supplier-less node (the Model checks there
  // is one).
  const auto procured_at = [&](const std::string& id) {
    if (id.empty()) {
      if (roots.size() == 1) is_source[static_cast<std::size_t>(roots.front())] = 1;
      return;
    }
    const auto it = n.index.find(id);
    if (it != n.index.end() && !has_supplier(it->second)) {
      is_source[static_cast<std::size_t>(it->second)] = 1;
    }
  };
  for (const ProcurementLot& lot : scenario.procurement) procured_at(lot.node);
  for (const ProcurementTender& tender : scenario.tenders) procured_at(tender.node);
  std::vector<char> reached(static_cast<std::size_t>(node_count), 0);
  for (NodeIndex s = 0; s < node_count; ++s) {
    if (!is_source[static_cast<std::size_t>(s)] || reached[static_cast<std::size_t>(s)]) continue;
    boost::breadth_first_search(n.graph, static_cast<Vertex>(s),
                                boost::visitor(ReachVisitor(reached)));
  }
  for (NodeIndex i = 0; i < node_count; ++i) {
    const NodeSpec& node = scenario.nodes[static_cast<std::size_t>(i)];
    if (node.office && !reached[static_cast<std::size_t>(i)]) {
      throw ScenarioError(node.where,
                          "office '" + node.id +
                              "' is not reachable from a source (a centre node, or a node that "
                              "receives procurement); add a lane that supplies it");
    }
  }
}

Network::~Network() = default;
Network::Network(Network&&) noexcept = default;
Network& Network::operator=(Network&&) noexcept = default;

std::int32_t Network::node_count() const { return static_cast<std::int32_t>(impl_->ids.size()); }
std::int32_t Network::lane_count() const {
  return static_cast<std::int32_t>(impl_->lane_from.size());
}
NodeIndex Network::find(std::string_view id) const {
  auto it = impl_->index.find(std::string(id));
  return it == impl_->index.end() ? kNone : it->second;
}
const std::string& Network::id(NodeIndex node) const {
  return impl_->ids.at(static_cast<std::size_t>(node));
}
std::span<const LaneIndex> Network::supplier_lanes(NodeIndex node) const {
  return impl_->supplier_lanes.at(static_cast<std::size_t>(node));
}
LaneIndex Network::supplier_lane(NodeIndex node) const {
  const auto lanes = supplier_lanes(node);
  return lanes.empty() ? kNone : lanes.front();
}
NodeIndex Network::supplier(NodeIndex node) const {
  const LaneIndex lane = supplier_lane(node);
  return lane == kNone ? kNone : impl_->lane_from[static_cast<std::size_t>(lane)];
}
NodeIndex Network::lane_from(LaneIndex lane) const {
  return impl_->lane_from.at(static_cast<std::size_t>(lane));
}
NodeIndex Network::lane_to(LaneIndex lane) const {
  return impl_->lane_to.at(static_cast<std::size_t>(lane));
}
std::span<const NodeIndex> Network::customers(NodeIndex node) const {
  return impl_->customers.at(static_cast<std::size_t>(node));
}
std::span<const NodeIndex> Network::topological_order() const { return impl_->topological; }
int Network::depth(NodeIndex node) const { return impl_->depth.at(static_cast<std::size_t>(node)); }

}  // namespace blanko
