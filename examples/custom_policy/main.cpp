// Writing your own replenishment policy (docs/policies.md, "Writing your own policy").
//
// `fixed_lot` orders one fixed lot of blanks whenever a node's inventory position is below a
// level. The program registers it in the global PolicyRegistry, loads a scenario whose
// kab/kota offices name it, runs one replication and checks that the policy was used: every
// office received blanks, and only whole lots (the lanes have no lot rule of their own and
// the centre has plenty, so every order ships whole). It exits 1 when a check fails.
//
//   examples/custom_policy/blanko_custom_policy [scenario.yaml]

#include <blanko/blanko.hpp>

#include <cstdint>
#include <exception>
#include <iostream>
#include <memory>
#include <string>

namespace {

class FixedLot final : public blanko::ReplenishmentPolicy {
 public:
  // Quantities accept every form a scenario may write: 1234, {days_of_demand: 20}, ...
  explicit FixedLot(blanko::PolicyParameters& p)
      : level_(p.quantity("level")), lot_(p.quantity("lot")) {
    if (lot_ <= 0) p.fail("lot", "lot must be positive");
  }

  std::int64_t order_quantity(const blanko::ReviewContext& context) const override {
    return context.inventory_position() < level_ ? lot_ : 0;
  }

 private:
  std::int64_t level_;
  std::int64_t lot_;
};

constexpr std::int64_t kLot = 1234;  // the `lot` of scenario.yaml

}  // namespace

int main(int argc, char** argv) {
  const std::string file = argc > 1 ? argv[1] : BLANKO_EXAMPLE_SCENARIO;
  try {
    blanko::PolicyRegistry::global().add_replenishment(
        "fixed_lot", "order `lot` blanks when the inventory position is below `level`",
        [](blanko::PolicyParameters& p) { return std::make_unique<FixedLot>(p); });

    const blanko::Model model(blanko::load_scenario(file));
    const blanko::RunResult result = blanko::simulate(model);
    blanko::write_summary_table(std::cout, model, result);

    int offices = 0;
    bool ok = true;
    for (std::size_t i = 0; i < result.nodes.size(); ++i) {
      if (model.scenario().nodes[i].kind != blanko::NodeKind::kabkota) continue;
      ++offices;
      const blanko::NodeKpis& k = result.nodes[i];
      const bool whole_lots = k.received > 0 && k.received % kLot == 0;
      std::cout << k.node << ": received " << k.received
                << " blanks = " << static_cast<double>(k.received) / kLot << " lots of " << kLot
                << (whole_lots ? "" : "  <- not whole lots of fixed_lot") << '\n';
      ok = ok && whole_lots;
    }
    if (offices == 0 || !ok) {
      std::cerr << "custom_policy: fixed_lot was not used as expected\n";
      return 1;
    }
    std::cout << "fixed_lot ran at " << offices << " offices\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "custom_policy: error: " << e.what() << '\n';
    return 1;
  }
}
