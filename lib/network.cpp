#include <blanko/network.hpp>

#include "detail/suggest.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>

#include <algorithm>
#include <unordered_map>

namespace blanko {

namespace {
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                    boost::no_property, boost::property<boost::edge_index_t, int>>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

// Records every vertex a breadth-first search reaches.
class ReachVisitor : public boost::default_bfs_visitor {
 public:
  explicit ReachVisitor(std::vector<char>& reached) : reached_(&reached) {}
  void discover_vertex(Vertex v, const Graph&) const { (*reached_)[v] = 1; }

 private:
  std::vector<char>* reached_;
};
}  // namespace

struct Network::Impl {
  Graph graph;
  std::vector<std::string> ids;
  std::unordered_map<std::string, NodeIndex> index;
  std::vector<LaneIndex> supplier_lane;
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
  n.supplier_lane.assign(static_cast<std::size_t>(node_count), kNone);
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
    auto& supplier = n.supplier_lane[static_cast<std::size_t>(to)];
    if (supplier != kNone) {
      // Several suppliers per node need a sourcing rule, which is not modelled yet.
      throw ScenarioError(lane.where,
                          "node '" + lane.to + "' already has a supplier lane (from '" +
                              scenario.lanes[static_cast<std::size_t>(supplier)].from +
                              "'); one supplier per node is supported");
    }
    supplier = static_cast<LaneIndex>(l);
    n.lane_from.push_back(from);
    n.lane_to.push_back(to);
    n.customers[static_cast<std::size_t>(from)].push_back(to);
    boost::add_edge(static_cast<Vertex>(from), static_cast<Vertex>(to), static_cast<int>(l),
                    n.graph);
  }
  for (auto& list : n.customers) std::sort(list.begin(), list.end());

  // Acyclic: Boost's topological sort throws not_a_dag; then walk the supplier chain
  // (one supplier per node) to name the cycle for the planner.
  std::vector<Vertex> reverse_order;
  try {
    boost::topological_sort(n.graph, std::back_inserter(reverse_order));
  } catch (const boost::not_a_dag&) {
    for (NodeIndex start = 0; start < node_count; ++start) {
      std::vector<NodeIndex> path;
      std::vector<char> seen(static_cast<std::size_t>(node_count), 0);
      NodeIndex v = start;
      while (v != kNone && !seen[static_cast<std::size_t>(v)]) {
        seen[static_cast<std::size_t>(v)] = 1;
        path.push_back(v);
        const LaneIndex lane = n.supplier_lane[static_cast<std::size_t>(v)];
        v = lane == kNone ? kNone : n.lane_from[static_cast<std::size_t>(lane)];
      }
      if (v == kNone) continue;
      std::string cycle = n.ids[static_cast<std::size_t>(v)];
      for (auto it = std::find(path.begin(), path.end(), v) + 1; it != path.end(); ++it) {
        cycle = n.ids[static_cast<std::size_t>(*it)] + " -> " + cycle;
      }
      cycle = n.ids[static_cast<std::size_t>(v)] + " -> " + cycle;
      const LaneIndex lane = n.supplier_lane[static_cast<std::size_t>(v)];
      throw ScenarioError(scenario.lanes[static_cast<std::size_t>(lane)].where,
                          "the network has a cycle: " + cycle);
    }
    throw ScenarioError(scenario.where, "the network has a cycle");
  }
  n.topological.assign(reverse_order.rbegin(), reverse_order.rend());
  // Boost's order is any valid one; make it canonical (by depth, then index) so that the
  // sweep order never depends on the graph library's traversal details.
  n.depth.assign(static_cast<std::size_t>(node_count), 0);
  for (NodeIndex v : n.topological) {
    const LaneIndex lane = n.supplier_lane[static_cast<std::size_t>(v)];
    if (lane != kNone) {
      n.depth[static_cast<std::size_t>(v)] =
          n.depth[static_cast<std::size_t>(n.lane_from[static_cast<std::size_t>(lane)])] + 1;
    }
  }
  std::stable_sort(n.topological.begin(), n.topological.end(), [&](NodeIndex a, NodeIndex b) {
    const int da = n.depth[static_cast<std::size_t>(a)], db = n.depth[static_cast<std::size_t>(b)];
    return da != db ? da < db : a < b;
  });

  // Every office must be reachable from a source: a supplier-less node that is a centre
  // or receives procurement. Anything else would run dry by construction.
  std::vector<char> is_source(static_cast<std::size_t>(node_count), 0);
  for (NodeIndex i = 0; i < node_count; ++i) {
    if (n.supplier_lane[static_cast<std::size_t>(i)] == kNone &&
        scenario.nodes[static_cast<std::size_t>(i)].kind == NodeKind::centre) {
      is_source[static_cast<std::size_t>(i)] = 1;
    }
  }
  std::vector<NodeIndex> roots;
  for (NodeIndex i = 0; i < node_count; ++i) {
    if (n.supplier_lane[static_cast<std::size_t>(i)] == kNone) roots.push_back(i);
  }
  for (const ProcurementLot& lot : scenario.procurement) {
    // A lot without a node goes to the only supplier-less node (the Model checks there is one).
    auto it = n.index.find(lot.node);
    const NodeIndex node = lot.node.empty() && roots.size() == 1 ? roots.front()
                           : it != n.index.end()                 ? it->second
                                                                 : kNone;
    if (node != kNone && n.supplier_lane[static_cast<std::size_t>(node)] == kNone) {
      is_source[static_cast<std::size_t>(node)] = 1;
    }
  }
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
LaneIndex Network::supplier_lane(NodeIndex node) const {
  return impl_->supplier_lane.at(static_cast<std::size_t>(node));
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
