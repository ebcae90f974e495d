#include <blanko/provenance.hpp>

#include <utility>

namespace blanko {

Provenance provenance_of(const Scenario& scenario, std::string command) {
  return {.command = std::move(command),
          .scenario_file = scenario.source_file,
          .scenario_sha256 = scenario.source_sha256,
          .overrides = scenario.overrides};
}

}  // namespace blanko
