#include "commands.hpp"

#include <blanko/scenario_loader.hpp>

namespace blanko::cli {

void add_scenario_args(CLI::App& app, ScenarioArgs& args) {
  app.add_option("scenario", args.file, "Scenario file (YAML)")->required();
  // One value per occurrence, so `--set a=1 SCENARIO` never swallows the scenario.
  app.add_option("--set", args.overrides,
                 "Override a scenario value before it is read: key.path=value (repeatable), "
                 "e.g. --set defaults.kabkota.office.printers=3")
      ->type_name("KEY=VALUE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

Model load_model(const ScenarioArgs& args) {
  return Model(load_scenario(args.file, args.overrides));
}

}  // namespace blanko::cli
