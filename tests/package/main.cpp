// Builds a two-node scenario in code against the installed blanko package, runs one
// replication and checks that the network totals are sane. Exit code 0 only if they are.
#include <blanko/blanko.hpp>

#include <cstdlib>
#include <iostream>

namespace {

blanko::Scenario two_node_scenario() {
  blanko::Scenario scenario;
  scenario.name = "package consumer";
  scenario.start = *blanko::parse_iso_date("2024-01-01");
  scenario.horizon_days = 365;
  scenario.seed = 1;

  blanko::NodeSpec centre;
  centre.id = "pusat";
  centre.kind = blanko::NodeKind::centre;
  centre.initial_stock = blanko::QuantitySpec::units_of(100000);
  scenario.nodes.push_back(centre);

  blanko::NodeSpec office;
  office.id = "17.71";
  office.name = "Kota Bengkulu";
  office.kind = blanko::NodeKind::kabkota;
  office.population = 200000;
  office.initial_stock = blanko::QuantitySpec::units_of(500);
  office.office = blanko::OfficeSpec{};
  office.demand = blanko::DemandSpec{};
  blanko::ReplenishmentSpec replenishment;
  replenishment.policy.name = "base_stock";
  replenishment.policy.parameters.emplace("S", blanko::QuantitySpec::units_of(500));
  replenishment.review_period_days = 1;
  office.replenishment = replenishment;
  scenario.nodes.push_back(office);

  blanko::LaneSpec lane;
  lane.from = "pusat";
  lane.to = "17.71";
  lane.lead_time = blanko::DistributionSpec::fixed(3);
  lane.mode = blanko::LaneMode::delivery;
  scenario.lanes.push_back(lane);
  return scenario;
}

}  // namespace

int main() {
  try {
    const blanko::Model model(two_node_scenario());
    const blanko::RunResult result = blanko::simulate(model, {.seed = 1});
    const blanko::NodeKpis& total = result.total;
    std::cout << "blanko " << blanko::kVersion << ": demand " << total.demand << ", printed "
              << total.printed << ", fill rate " << total.fill_rate << ", events " << result.events
              << '\n';
    if (total.demand <= 0 || total.printed <= 0 || total.printed > total.demand) {
      std::cerr << "implausible totals: expected 0 < printed <= demand\n";
      return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
  } catch (const blanko::Error& error) {
    std::cerr << "blanko error: " << error.what() << '\n';
    return EXIT_FAILURE;
  }
}
