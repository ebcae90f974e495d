#include "test_scenarios.hpp"

#include <gtest/gtest.h>

namespace {
using namespace blanko;
using namespace blanko::testing;

// Expects a ScenarioError whose message contains `fragment` and whose key path is `path`.
template <class F>
void expect_scenario_error(F&& build, const std::string& fragment, const std::string& path) {
  try {
    build();
    FAIL() << "expected a ScenarioError containing: " << fragment;
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(e.where().key_path, path) << e.what();
  }
}

Scenario two_level() {
  Scenario s = scenario();
  s.nodes.push_back(centre("pusat", 1000));
  s.nodes.push_back(province("17", 100, base_stock(500)));
  s.nodes.push_back(office("17.02", 10, 50, base_stock(100)));
  s.nodes.push_back(office("17.01", 10, 50, base_stock(100)));
  s.lanes.push_back(lane("pusat", "17", DistributionSpec::fixed(14)));
  s.lanes.push_back(lane("17", "17.02", DistributionSpec::fixed(3)));
  s.lanes.push_back(lane("17", "17.01", DistributionSpec::fixed(3)));
  return s;
}

TEST(NetworkTest, IndexesSuppliersCustomersAndDepth) {
  const Network n(two_level());
  EXPECT_EQ(n.node_count(), 4);
  EXPECT_EQ(n.lane_count(), 3);
  const NodeIndex pusat = n.find("pusat"), prov = n.find("17"), a = n.find("17.02");
  EXPECT_EQ(n.supplier(pusat), kNone);
  EXPECT_EQ(n.supplier(prov), pusat);
  EXPECT_EQ(n.supplier(a), prov);
  EXPECT_EQ(n.customers(prov).size(), 2u);
  EXPECT_EQ(n.depth(a), 2);
  EXPECT_EQ(n.find("nowhere"), kNone);
  // Canonical order: by depth, then index.
  const auto order = n.topological_order();
  EXPECT_EQ(std::vector<NodeIndex>(order.begin(), order.end()),
            (std::vector<NodeIndex>{0, 1, 2, 3}));
}

TEST(NetworkTest, RejectsUnknownNodeWithSuggestion) {
  Scenario s = two_level();
  s.lanes[1].from = "18";
  s.lanes[2].to = "17.O1";
  s.lanes.erase(s.lanes.begin() + 1);
  expect_scenario_error([&] { Network n(s); }, "did you mean '17.01'?", "lanes.17.01");
}

TEST(NetworkTest, RejectsDuplicateIds) {
  Scenario s = two_level();
  s.nodes[3].id = "17.02";
  expect_scenario_error([&] { Network n(s); }, "duplicate node id '17.02'", "nodes.17.01");
}

TEST(NetworkTest, SeveralSuppliersInPriorityOrder) {
  Scenario s = two_level();
  s.lanes.push_back(lane("pusat", "17.01", DistributionSpec::fixed(10)));  // lane 3
  const Network n(s);
  const NodeIndex pusat = n.find("pusat"), prov = n.find("17"), b = n.find("17.01");
  // Equal priorities keep the scenario's order: the province first, then direct.
  EXPECT_EQ(std::vector<LaneIndex>(n.supplier_lanes(b).begin(), n.supplier_lanes(b).end()),
            (std::vector<LaneIndex>{2, 3}));
  EXPECT_EQ(n.supplier(b), prov);
  EXPECT_EQ(n.customers(pusat).size(), 2u);
  EXPECT_EQ(n.customers(pusat)[1], b);
  EXPECT_EQ(n.depth(b), 2);  // the longest supplier path

  s.lanes[3].priority = -1;  // direct first
  const Network direct_first(s);
  EXPECT_EQ(direct_first.supplier_lane(b), 3);
  EXPECT_EQ(direct_first.supplier(b), pusat);
  EXPECT_EQ(direct_first.depth(b), 2);
}

TEST(NetworkTest, DepthIsTheLongestPathSoCustomersComeAfterSuppliers) {
  // pusat -> a -> b -> c and a shortcut pusat -> c: c is reviewed before b, b before a.
  Scenario s = scenario();
  s.nodes.push_back(office("c", 1, 0, base_stock(1)));
  s.nodes.push_back(centre("pusat", 1000));
  s.nodes.push_back(province("b", 0, base_stock(1)));
  s.nodes.push_back(province("a", 0, base_stock(1)));
  s.lanes.push_back(lane("pusat", "c", DistributionSpec::fixed(1)));
  s.lanes.push_back(lane("pusat", "a", DistributionSpec::fixed(1)));
  s.lanes.push_back(lane("a", "b", DistributionSpec::fixed(1)));
  s.lanes.push_back(lane("b", "c", DistributionSpec::fixed(1)));
  const Network n(s);
  EXPECT_EQ(n.depth(n.find("pusat")), 0);
  EXPECT_EQ(n.depth(n.find("a")), 1);
  EXPECT_EQ(n.depth(n.find("b")), 2);
  EXPECT_EQ(n.depth(n.find("c")), 3);
  const auto order = n.topological_order();
  EXPECT_EQ(std::vector<NodeIndex>(order.begin(), order.end()),
            (std::vector<NodeIndex>{1, 3, 2, 0}));
}

TEST(NetworkTest, RejectsADuplicateLaneFromTheSameSupplier) {
  Scenario s = two_level();
  s.lanes.push_back(lane("17", "17.01", DistributionSpec::fixed(10)));
  s.lanes.back().where.key_path = "lanes[3]";
  expect_scenario_error([&] { Network n(s); }, "duplicate lane from '17' to '17.01'", "lanes[3]");
}

TEST(NetworkTest, NamesTheCycle) {
  Scenario s = scenario();
  s.nodes.push_back(centre("pusat", 1000));
  s.nodes.push_back(province("a", 0, base_stock(1)));
  s.nodes.push_back(province("b", 0, base_stock(1)));
  s.nodes.push_back(province("c", 0, base_stock(1)));
  s.lanes.push_back(lane("a", "b", DistributionSpec::fixed(1)));
  s.lanes.push_back(lane("b", "c", DistributionSpec::fixed(1)));
  s.lanes.push_back(lane("c", "a", DistributionSpec::fixed(1)));
  try {
    Network n(s);
    FAIL();
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cycle"), std::string::npos) << what;
    for (const char* id : {"a", "b", "c"}) EXPECT_NE(what.find(id), std::string::npos);
  }
}

TEST(NetworkTest, NamesACycleThroughASecondSupplier) {
  Scenario s = two_level();
  s.lanes.push_back(lane("17.01", "17", DistributionSpec::fixed(1)));
  s.lanes.back().where.key_path = "lanes[3]";
  expect_scenario_error([&] { Network n(s); }, "the network has a cycle: 17 -> 17.01 -> 17",
                        "lanes[3]");
}

TEST(NetworkTest, RejectsOfficeUnreachableFromASource) {
  Scenario s = two_level();
  s.nodes[0].kind = NodeKind::province;  // no centre and no procurement: nothing feeds the tree
  expect_scenario_error([&] { Network n(s); }, "not reachable from a source", "nodes.17.02");
  s.procurement.push_back({.date = s.start, .node = "pusat", .quantity = 10, .where = {}});
  EXPECT_NO_THROW(Network n(s));
  s.procurement.clear();
  s.tenders.push_back({.name = "t",
                       .node = "",
                       .budget_date = s.start,
                       .quantity = 10,
                       .tender_lead_time = DistributionSpec::fixed(5)});  // the only root
  EXPECT_NO_THROW(Network n(s));
}

TEST(NetworkTest, RejectsSelfLane) {
  Scenario s = two_level();
  s.lanes.push_back(lane("pusat", "pusat", DistributionSpec::fixed(1)));
  expect_scenario_error([&] { Network n(s); }, "to itself", "lanes.pusat");
}

}  // namespace
