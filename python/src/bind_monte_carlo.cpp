// Monte Carlo from Python: blanko._core.monte_carlo() runs on a worker thread with the GIL
// released (interrupt.hpp: Ctrl-C stops it, progress is reported from the caller's thread),
// and its statistics leave as numpy columns in the order of the CLI's files: kpis.csv
// (each node's per-node KPIs, then the network's every KPI), bands.csv (day, group,
// series) and replications.csv (a zero-copy [replication, KPI] view).
#include "bindings.hpp"
#include "interrupt.hpp"

#include <blanko/kpis.hpp>
#include <blanko/monte_carlo.hpp>

#include <memory>

namespace blanko::python {
namespace {

const MonteCarloStatistics& statistics_of(const MonteCarloResult& result) {
  if (!result.statistics) throw Error("this Monte Carlo result holds no statistics");
  return *result.statistics;
}

// Columns of KpiSummary values, filled row by row.
struct SummaryColumns {
  explicit SummaryColumns(std::size_t rows) {
    for (auto* column : {&mean, &sd, &ci_low, &ci_high, &p5, &p50, &p95}) {
      *column = py::array_t<double>(static_cast<py::ssize_t>(rows));
    }
  }
  void set(std::size_t row, const KpiSummary& s) {
    mean.mutable_data()[row] = s.mean;
    sd.mutable_data()[row] = s.sd;
    ci_low.mutable_data()[row] = s.ci_low;
    ci_high.mutable_data()[row] = s.ci_high;
    p5.mutable_data()[row] = s.p5;
    p50.mutable_data()[row] = s.p50;
    p95.mutable_data()[row] = s.p95;
  }
  void into(py::dict& out) const {
    out["mean"] = mean;
    out["sd"] = sd;
    out["ci_low"] = ci_low;
    out["ci_high"] = ci_high;
    out["p5"] = p5;
    out["p50"] = p50;
    out["p95"] = p95;
  }
  py::array_t<double> mean, sd, ci_low, ci_high, p5, p50, p95;
};

// kpis.csv's rows: node_index (node_count() for the network) and kpi_index (into the KPI
// table) say which; the Python layer adds the labels.
py::dict kpi_columns(const MonteCarloResult& result) {
  const MonteCarloStatistics& stats = statistics_of(result);
  const std::size_t nodes = stats.node_count();
  const std::size_t per_node = node_kpis().size();
  const std::size_t rows = nodes * per_node + kpi_table().size();
  py::array_t<std::int32_t> node_index(static_cast<py::ssize_t>(rows));
  py::array_t<std::int32_t> kpi_index(static_cast<py::ssize_t>(rows));
  SummaryColumns summaries(rows);
  std::size_t row = 0;
  for (std::size_t node = 0; node < nodes; ++node) {
    for (std::size_t k = 0; k < per_node; ++k, ++row) {
      node_index.mutable_data()[row] = static_cast<std::int32_t>(node);
      kpi_index.mutable_data()[row] = static_cast<std::int32_t>(k);
      summaries.set(row, stats.kpi(node, k, result.confidence));
    }
  }
  for (std::size_t k = 0; k < kpi_table().size(); ++k, ++row) {
    node_index.mutable_data()[row] = static_cast<std::int32_t>(nodes);
    kpi_index.mutable_data()[row] = static_cast<std::int32_t>(k);
    summaries.set(row, stats.network_kpi(kpi_table()[k].name, result.confidence));
  }
  py::dict out;
  out["node_index"] = node_index;
  out["kpi_index"] = kpi_index;
  summaries.into(out);
  return out;
}

// bands.csv's rows: day-major, then group, then on hand before backlog.
py::dict band_columns(const MonteCarloResult& result) {
  const MonteCarloStatistics& stats = statistics_of(result);
  using Band = MonteCarloStatistics::Band;
  const std::size_t groups = stats.groups().size();
  const std::size_t rows = static_cast<std::size_t>(stats.days()) * groups * 2;
  py::array_t<std::int32_t> day_column(static_cast<py::ssize_t>(rows));
  py::array_t<std::int32_t> group_column(static_cast<py::ssize_t>(rows));
  py::array_t<std::int8_t> series_column(static_cast<py::ssize_t>(rows));
  std::vector<py::array_t<double>> values;
  for (int i = 0; i < 6; ++i) values.emplace_back(static_cast<py::ssize_t>(rows));
  std::size_t row = 0;
  for (std::int32_t day = 0; day < stats.days(); ++day) {
    for (std::size_t g = 0; g < groups; ++g) {
      for (const Band band : {Band::on_hand, Band::backlog}) {
        const BandSummary s = stats.band(band, day, g);
        day_column.mutable_data()[row] = day;
        group_column.mutable_data()[row] = static_cast<std::int32_t>(g);
        series_column.mutable_data()[row] = static_cast<std::int8_t>(band);
        const double v[] = {s.mean, s.p5, s.p25, s.p50, s.p75, s.p95};
        for (std::size_t i = 0; i < 6; ++i) values[i].mutable_data()[row] = v[i];
        ++row;
      }
    }
  }
  py::dict out;
  out["day"] = day_column;
  out["group_index"] = group_column;
  out["series_index"] = series_column;
  const char* names[] = {"mean", "p5", "p25", "p50", "p75", "p95"};
  for (std::size_t i = 0; i < 6; ++i) out[names[i]] = values[i];
  return out;
}

}  // namespace

void bind_monte_carlo(py::module_& m) {
  py::class_<MonteCarloResult, std::shared_ptr<MonteCarloResult>>(
      m, "MonteCarloResult", "The statistics of a Monte Carlo run.")
      .def_readonly("scenario", &MonteCarloResult::scenario)
      .def_property_readonly("start", [](const MonteCarloResult& r) { return iso(r.start); })
      .def_readonly("seed", &MonteCarloResult::seed)
      .def_readonly("replications", &MonteCarloResult::replications)
      .def_readonly("confidence", &MonteCarloResult::confidence)
      .def_readonly("threads", &MonteCarloResult::threads)
      .def_readonly("seconds", &MonteCarloResult::seconds)
      .def_property_readonly("days", [](const MonteCarloResult& r) { return statistics_of(r).days(); })
      .def("labels",
           [](const MonteCarloResult& r) { return label_columns(statistics_of(r).node_labels()); })
      .def("group_names",
           [](const MonteCarloResult& r) {
             std::vector<std::string> names;
             for (const NodeGroup& g : statistics_of(r).groups()) names.push_back(g.name);
             return names;
           })
      .def("kpi_columns", &kpi_columns)
      .def("band_columns", &band_columns)
      .def("stockout_probability",
           [](const MonteCarloResult& r) {
             const MonteCarloStatistics& stats = statistics_of(r);
             std::vector<double> p(stats.node_count());
             for (std::size_t i = 0; i < p.size(); ++i) p[i] = stats.stockout_probability(i);
             return to_numpy(p);
           })
      .def("office_stockout_days_histogram",
           [](const MonteCarloResult& r) {
             const auto h = statistics_of(r).office_stockout_days_histogram();
             return to_numpy(std::vector<std::uint64_t>(h.begin(), h.end()));
           })
      .def(
          "network_values",
          [](py::object self) {
            const MonteCarloStatistics& stats = statistics_of(self.cast<const MonteCarloResult&>());
            const auto values = stats.network_values();
            const auto kpis = static_cast<py::ssize_t>(kpi_table().size());
            return view_of(values.data(),
                           {static_cast<py::ssize_t>(values.size()) / kpis, kpis}, self);
          },
          "Every replication's network KPIs as a read-only float64 [replication, KPI] view "
          "(no copy); it keeps this result alive.");

  m.def(
      "monte_carlo",
      [](const Model& model, std::uint64_t replications, unsigned threads,
         std::optional<std::uint64_t> seed, bool bands, double confidence,
         const std::vector<std::string>& band_nodes, const py::object& progress) {
        return run_interruptible(
            [&](RunMonitor& monitor) {
              return std::make_shared<MonteCarloResult>(run_monte_carlo(
                  model, monitored_options(monitor, replications, threads, seed, confidence, bands,
                                           band_nodes)));
            },
            progress);
      },
      py::arg("model"), py::arg("replications"), py::arg("threads") = 0,
      py::arg("seed") = py::none(), py::arg("bands") = true, py::arg("confidence") = 0.95,
      py::arg("band_nodes") = std::vector<std::string>{}, py::arg("progress") = py::none());
}

}  // namespace blanko::python
