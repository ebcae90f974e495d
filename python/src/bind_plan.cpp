// blanko plan from Python: a plan file (or its text) read and run with the GIL released, its
// result as plain objects that python/blanko/planning.py turns into a PlanResult.
#include "bindings.hpp"
#include "interrupt.hpp"

#include <blanko/plan.hpp>

#include <pybind11/stl/filesystem.h>

#include <sstream>

namespace blanko::python {

void bind_plan(py::module_& m) {
  py::class_<PlanEstimate>(m, "PlanEstimate", "A target's estimate from some replications.")
      .def_readonly("value", &PlanEstimate::value)
      .def_readonly("low", &PlanEstimate::low)
      .def_readonly("high", &PlanEstimate::high)
      .def_readonly("bound", &PlanEstimate::bound)
      .def_readonly("replications", &PlanEstimate::replications)
      .def_readonly("meets", &PlanEstimate::meets);
  py::class_<PlanCandidate>(m, "PlanCandidate", "One value of the decision, as evaluated.")
      .def_readonly("value", &PlanCandidate::value)
      .def_readonly("search", &PlanCandidate::search)
      .def_readonly("verified", &PlanCandidate::verified)
      .def_readonly("objective", &PlanCandidate::objective)
      .def_readonly("verified_objective", &PlanCandidate::verified_objective);
  py::class_<PlanShare>(m, "PlanShare", "One node's share of a split budget.")
      .def_readonly("node", &PlanShare::node)
      .def_readonly("blanks", &PlanShare::blanks);
  py::class_<Plan>(m, "Plan", "A plan file, read.")
      .def_readonly("name", &Plan::name)
      .def_readonly("source_file", &Plan::source_file)
      .def_property_readonly("scenario_file", [](const Plan& p) { return p.scenario_file.string(); })
      .def_property_readonly("label", [](const Plan& p) { return p.decision.label(); })
      .def_property_readonly("target", [](const Plan& p) { return p.target.describe(); })
      .def_property_readonly("values", [](const Plan& p) { return p.decision.values; })
      .def_property_readonly("proposed", [](const Plan& p) { return p.decision.proposed; })
      .def_property_readonly("values_are_blanks",
                             [](const Plan& p) { return p.decision.values_are_blanks; })
      .def_property_readonly("is_probability", [](const Plan& p) {
        return p.target.kind == PlanTarget::Kind::stockout_probability;
      })
      .def_readonly("replications", &Plan::replications)
      .def_readonly("verify_replications", &Plan::verify_replications)
      .def_readonly("confidence", &Plan::confidence);
  py::class_<PlanResult, std::shared_ptr<PlanResult>>(m, "PlanResult", "What run_plan found.")
      .def_readonly("plan", &PlanResult::plan)
      .def_readonly("scenario", &PlanResult::scenario)
      .def_readonly("seed", &PlanResult::seed)
      .def_readonly("method", &PlanResult::method)
      .def_readonly("evaluated", &PlanResult::evaluated)
      .def_readonly("recommended", &PlanResult::recommended)
      .def_readonly("best", &PlanResult::best)
      .def_readonly("proposed", &PlanResult::proposed)
      .def_readonly("baseline", &PlanResult::baseline)
      .def_readonly("shares", &PlanResult::shares)
      .def_readonly("recommended_scenario", &PlanResult::recommended_scenario)
      .def_readonly("verify_first", &PlanResult::verify_first)
      .def_readonly("seconds", &PlanResult::seconds)
      .def("table", [](const PlanResult& r) {
        std::ostringstream out;
        write_plan_table(out, r);
        return out.str();
      })
      .def("write_outputs",
           [](const PlanResult& r, const std::filesystem::path& dir) { write_plan_outputs(dir, r); },
           py::arg("dir"));

  m.def("load_plan", &load_plan, py::arg("file"), py::arg("overrides") = std::vector<std::string>{});
  m.def(
      "parse_plan",
      [](const std::string& text, const std::string& name, const std::filesystem::path& base_dir,
         const std::vector<std::string>& overrides) { return parse_plan(text, name, base_dir, overrides); },
      py::arg("text"), py::arg("name"), py::arg("base_dir"),
      py::arg("overrides") = std::vector<std::string>{});
  m.def(
      "run_plan",
      [](const Plan& plan, unsigned threads, const py::object& progress) {
        return run_interruptible(
            [&](RunMonitor& monitor) {
              PlanOptions options;
              options.threads = threads;
              options.progress = [&monitor](const PlanProgress& p) {
                monitor.report(p.replications_done, p.replications_expected);
              };
              return std::make_shared<PlanResult>(run_plan(plan, options));
            },
            progress);
      },
      py::arg("plan"), py::arg("threads") = 0, py::arg("progress") = py::none());
}

}  // namespace blanko::python
