#include "commands.hpp"

#include <fmt/format.h>

#include <memory>

namespace blanko::cli {

Command add_validate_command(CLI::App& app) {
  auto args = std::make_shared<ScenarioArgs>();
  CLI::App* sub = app.add_subcommand(
      "validate", "Check a scenario: read it, apply overrides and compile the model");
  add_scenario_args(*sub, *args);

  return {sub, [args] {
            const Model model = load_model(*args);
            const MemoryEstimate& memory = model.memory_estimate();
            fmt::print("{}: ok ({} nodes, {} lanes, {} offices, {} days; memory: model {}, {} per "
                       "replication, {} per timeseries)\n",
                       args->file, model.network().node_count(), model.network().lane_count(),
                       model.office_count(), model.horizon_days(), format_bytes(memory.model),
                       format_bytes(memory.replication), format_bytes(memory.timeseries));
            return 0;
          }};
}

}  // namespace blanko::cli
