// One replication: blanko.simulate() and its RunResult, whose KPIs leave as numpy columns
// (one entry per node, then the network) and whose daily series leave as a numpy view of
// the dense [series, day, node] block, without a copy.
#include "bindings.hpp"

#include <blanko/kpis.hpp>
#include <blanko/simulation.hpp>

#include <cmath>
#include <memory>

namespace blanko::python {
namespace {

// Every KPI of the KPI table for every node and then the network (kNetworkRow): counts as
// int64, the rest (and the network-only KPIs, NaN for nodes) as float64.
py::dict kpi_columns(const RunResult& result) {
  const std::size_t nodes = result.nodes.size();
  py::dict out;
  for (const KpiDefinition& kpi : kpi_table()) {
    const auto row = [&](std::size_t i) { return i < nodes ? i : kNetworkRow; };
    if (kpi.type == KpiValueType::count && kpi.per_node()) {
      py::array_t<std::int64_t> column(static_cast<py::ssize_t>(nodes + 1));
      auto* data = column.mutable_data();
      for (std::size_t i = 0; i <= nodes; ++i) {
        data[i] = static_cast<std::int64_t>(kpi.value(result, row(i)));
      }
      out[py::str(std::string(kpi.name))] = column;
    } else {
      py::array_t<double> column(static_cast<py::ssize_t>(nodes + 1));
      auto* data = column.mutable_data();
      for (std::size_t i = 0; i <= nodes; ++i) data[i] = kpi.value(result, row(i));
      out[py::str(std::string(kpi.name))] = column;
    }
  }
  return out;
}

py::list kpi_definitions() {
  py::list out;
  for (const KpiDefinition& kpi : kpi_table()) {
    py::dict d;
    d["kpi"] = std::string(kpi.name);
    d["unit"] = std::string(kpi.unit);
    d["aggregation"] = std::string(to_string(kpi.aggregation));
    d["better"] = std::string(to_string(kpi.better));
    d["headline"] = kpi.headline;
    d["type"] = kpi.type == KpiValueType::count ? "count" : "real";
    d["per_node"] = kpi.per_node();
    d["description"] = std::string(kpi.description);
    out.append(d);
  }
  return out;
}

}  // namespace

void bind_simulation(py::module_& m) {
  m.def("kpi_definitions", &kpi_definitions, "The KPI table: one dict per KPI, in column order.");
  m.def("series_names", [] {
    std::vector<std::string> names;
    for (std::size_t s = 0; s < kSeriesCount; ++s) {
      names.emplace_back(to_string(static_cast<Series>(s)));
    }
    return names;
  });

  py::class_<RunResult, std::shared_ptr<RunResult>>(m, "RunResult", "One replication's results.")
      .def_readonly("seed", &RunResult::seed)
      .def_readonly("replication", &RunResult::replication)
      .def_readonly("engine_events", &RunResult::events)
      .def_readonly("tender_failures", &RunResult::tender_failures)
      .def_readonly("offices_with_stockout", &RunResult::offices_with_stockout)
      .def_property_readonly("has_timeseries",
                             [](const RunResult& r) { return r.timeseries.has_value(); })
      .def("kpi_columns", &kpi_columns)
      .def(
          "timeseries_array",
          [](py::object self) -> py::object {
            const auto& r = self.cast<const RunResult&>();
            if (!r.timeseries) return py::none();
            const TimeSeries& ts = *r.timeseries;
            return view_of(ts.values().data(),
                           {static_cast<py::ssize_t>(kSeriesCount), ts.days(), ts.nodes()}, self);
          },
          "The daily series as a read-only int64 [series, day, node] view (no copy); it "
          "keeps this result alive.");

  m.def(
      "simulate",
      [](const Model& model, std::optional<std::uint64_t> seed, std::uint64_t replication,
         bool timeseries) {
        const py::gil_scoped_release release;  // Python policies take it back per call
        return std::make_shared<RunResult>(simulate(
            model, {.seed = seed, .replication = replication, .record_timeseries = timeseries,
                    .node_groups = {}}));
      },
      py::arg("model"), py::arg("seed") = py::none(), py::arg("replication") = 0,
      py::arg("timeseries") = true);
}

}  // namespace blanko::python
