// compare() and sweep() from Python: both run on a worker thread with the GIL released
// (interrupt.hpp) and return their C++ results, whose per-replication values leave as
// zero-copy numpy views; the Python layer turns them into compare.csv's and sweep.csv's
// DataFrames.
#include "bindings.hpp"
#include "interrupt.hpp"

#include <blanko/compare.hpp>
#include <blanko/sweep.hpp>

#include <memory>

namespace blanko::python {

std::vector<PolicySet> policy_sets_of(const NamedOverrides& sets) {
  std::vector<PolicySet> policy_sets;
  for (const auto& [name, overrides] : sets) {
    policy_sets.push_back({.name = name, .description = {}, .source_file = {},
                           .overrides = overrides, .origins = {}});
  }
  return policy_sets;
}

void bind_compare_sweep(py::module_& m) {
  py::class_<KpiSummary>(m, "KpiSummary", "One KPI over the replications.")
      .def_readonly("mean", &KpiSummary::mean)
      .def_readonly("sd", &KpiSummary::sd)
      .def_readonly("ci_low", &KpiSummary::ci_low)
      .def_readonly("ci_high", &KpiSummary::ci_high)
      .def_readonly("p5", &KpiSummary::p5)
      .def_readonly("p50", &KpiSummary::p50)
      .def_readonly("p95", &KpiSummary::p95)
      .def_readonly("min", &KpiSummary::min)
      .def_readonly("max", &KpiSummary::max);

  py::class_<PairedDifference>(m, "PairedDifference",
                               "A configuration minus the first, over the same replications.")
      .def_readonly("mean", &PairedDifference::mean)
      .def_readonly("standard_error", &PairedDifference::standard_error)
      .def_readonly("ci_low", &PairedDifference::ci_low)
      .def_readonly("ci_high", &PairedDifference::ci_high);

  py::class_<KpiComparison>(m, "KpiComparison", "One network KPI compared.")
      .def_readonly("kpi", &KpiComparison::kpi)
      .def_property_readonly("better", [](const KpiComparison& k) { return std::string(to_string(k.better)); })
      .def_readonly("mean", &KpiComparison::mean)
      .def_readonly("sd", &KpiComparison::sd)
      .def_readonly("vs_first", &KpiComparison::vs_first)
      .def_readonly("best", &KpiComparison::best)
      .def_readonly("winner", &KpiComparison::winner)
      .def_readonly("winner_confidence", &KpiComparison::winner_confidence)
      .def_readonly("relative_difference", &KpiComparison::relative_difference)
      .def_property_readonly("verdict", [](const KpiComparison& k) { return std::string(to_string(k.verdict)); });

  py::class_<Comparison, std::shared_ptr<Comparison>>(m, "Comparison", "The result of compare().")
      .def_readonly("scenario", &Comparison::scenario)
      .def_readonly("configurations", &Comparison::configurations)
      .def_readonly("seed", &Comparison::seed)
      .def_readonly("replications", &Comparison::replications)
      .def_readonly("confidence", &Comparison::confidence)
      .def_readonly("min_difference", &Comparison::min_difference)
      .def_readonly("kpis", &Comparison::kpis)
      .def(
          "values",
          [](py::object self) {
            const auto& c = self.cast<const Comparison&>();
            return view_of(c.values.data(),
                           {static_cast<py::ssize_t>(c.replications),
                            static_cast<py::ssize_t>(c.configurations.size()),
                            static_cast<py::ssize_t>(kpi_table().size())},
                           self);
          },
          "Every run's network KPIs, a read-only [replication, configuration, KPI] view.");

  py::class_<SweepCell>(m, "SweepCell", "One cell of a sweep's grid.")
      .def_readonly("values", &SweepCell::values)
      .def_readonly("kpis", &SweepCell::kpis)
      .def(
          "network_values",
          [](py::object self) {
            const auto& cell = self.cast<const SweepCell&>();
            const auto kpis = static_cast<py::ssize_t>(kpi_table().size());
            return view_of(cell.network_values.data(),
                           {static_cast<py::ssize_t>(cell.network_values.size()) / kpis, kpis},
                           self);
          },
          "The cell's runs' network KPIs, a read-only [replication, KPI] view.");

  py::class_<Sweep, std::shared_ptr<Sweep>>(m, "Sweep", "The result of sweep().")
      .def_readonly("scenario", &Sweep::scenario)
      .def_readonly("seed", &Sweep::seed)
      .def_readonly("replications", &Sweep::replications)
      .def_readonly("confidence", &Sweep::confidence)
      .def_property_readonly("axes",
                             [](const Sweep& s) {
                               std::vector<std::pair<std::string, std::vector<std::string>>> axes;
                               for (const SweepAxis& a : s.axes) axes.emplace_back(a.key, a.values);
                               return axes;
                             })
      .def_readonly("cells", &Sweep::cells);

  m.def(
      "compare",
      [](const ScenarioSource& source, const std::vector<std::string>& common_overrides,
         const NamedOverrides& sets, std::uint64_t replications, unsigned threads,
         std::optional<std::uint64_t> seed, double confidence, double min_difference,
         const py::object& progress) {
        const std::vector<PolicySet> policy_sets = policy_sets_of(sets);
        return run_interruptible(
            [&](RunMonitor& monitor) {
              CompareOptions options;
              options.seed = seed;
              options.replications = replications;
              options.confidence = confidence;
              options.min_difference = min_difference;
              options.threads = threads;
              options.progress = [&monitor](std::uint64_t done, std::uint64_t total) {
                monitor.report(done, total);
              };
              return std::make_shared<Comparison>(
                  compare(source, policy_sets, common_overrides, options));
            },
            progress);
      },
      py::arg("source"), py::arg("common_overrides"), py::arg("sets"), py::arg("replications"),
      py::arg("threads") = 0, py::arg("seed") = py::none(), py::arg("confidence") = 0.95,
      py::arg("min_difference") = 0.01, py::arg("progress") = py::none());

  m.def(
      "sweep",
      [](const ScenarioSource& source, const std::vector<std::string>& common_overrides,
         const std::vector<std::pair<std::string, std::vector<std::string>>>& axes,
         std::uint64_t replications, unsigned threads, std::optional<std::uint64_t> seed,
         double confidence, const py::object& progress) {
        std::vector<SweepAxis> sweep_axes;
        for (const auto& [key, values] : axes) sweep_axes.push_back({key, values});
        return run_interruptible(
            [&](RunMonitor& monitor) {
              // Sweeps keep no bands (sweep.hpp).
              const MonteCarloOptions options =
                  monitored_options(monitor, replications, threads, seed, confidence, false);
              return std::make_shared<Sweep>(sweep(source, sweep_axes, common_overrides, options));
            },
            progress);
      },
      py::arg("source"), py::arg("common_overrides"), py::arg("axes"), py::arg("replications"),
      py::arg("threads") = 0, py::arg("seed") = py::none(), py::arg("confidence") = 0.95,
      py::arg("progress") = py::none());
}

}  // namespace blanko::python
