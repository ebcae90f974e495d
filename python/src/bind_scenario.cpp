// Scenarios and models: ScenarioSource (a YAML text read once, loaded with overrides), the
// loaded Scenario and the compiled Model, with the tables the Python Scenario shows as
// DataFrames (nodes, calendar windows). Columns go out as dicts of lists; pandas is the
// Python layer's business.
#include "bindings.hpp"

#include <blanko/calendar.hpp>
#include <blanko/enums.hpp>
#include <blanko/model.hpp>
#include <blanko/scenario_loader.hpp>

#include <memory>

namespace blanko::python {
namespace {

// Calendar windows (events, closures, disruptions), for shading plots and for people.
py::dict calendar_table(const CalendarSpec& calendar) {
  py::dict out;
  py::list name = new_column(out, "name"), kind = new_column(out, "kind"),
           start = new_column(out, "start"), end = new_column(out, "end"),
           regions = new_column(out, "regions"), share = new_column(out, "share");
  for (const CalendarWindow& w : calendar_windows(calendar)) {
    name.append(w.name);
    kind.append(w.kind);
    start.append(iso(w.start));
    end.append(iso(w.end));
    regions.append(w.regions);
    share.append(w.share);
  }
  return out;
}

// One row per node: what a planner checks first (who supplies whom, how many residents,
// how many blanks at the start).
py::dict node_table(const Model& model) {
  const std::vector<NodeLabel> labels = model.node_labels();
  const Scenario& scenario = model.scenario();
  py::dict out = label_columns(labels);
  py::list parent = new_column(out, "parent"), population = new_column(out, "population"),
           initial_stock = new_column(out, "initial_stock"), office = new_column(out, "office");
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto node = static_cast<NodeIndex>(i);
    const NodeIndex supplier = model.network().supplier(node);
    parent.append(supplier == kNone ? std::string() : labels[static_cast<std::size_t>(supplier)].id);
    population.append(scenario.nodes[i].population);
    initial_stock.append(model.initial_stock(node));
    office.append(scenario.nodes[i].office.has_value());
  }
  return out;
}

// One row per lane: who ships to whom, how (pickup or delivery), how long it takes and the
// lot rules that shape an order.
py::dict lane_table(const Model& model) {
  const Network& network = model.network();
  py::dict out;
  py::list from = new_column(out, "from"), to = new_column(out, "to"),
           mode = new_column(out, "mode"), lead_time = new_column(out, "lead_time"),
           lead_time_mean = new_column(out, "lead_time_mean_days"),
           min_lot = new_column(out, "min_lot"), max_lot = new_column(out, "max_lot"),
           lot_multiple = new_column(out, "lot_multiple"), priority = new_column(out, "priority"),
           trip_cost = new_column(out, "trip_cost"),
           max_trips = new_column(out, "max_trips_per_month"),
           closures = new_column(out, "closures");
  for (LaneIndex l = 0; l < network.lane_count(); ++l) {
    const LaneSpec& lane = model.scenario().lanes[static_cast<std::size_t>(l)];
    from.append(network.id(network.lane_from(l)));
    to.append(network.id(network.lane_to(l)));
    mode.append(std::string(to_string(lane.mode)));
    lead_time.append(std::string(to_string(lane.lead_time.kind)));
    lead_time_mean.append(model.lead_time_mean(l));
    min_lot.append(lane.min_lot);
    max_lot.append(lane.max_lot);
    lot_multiple.append(lane.lot_multiple);
    priority.append(lane.priority);
    trip_cost.append(lane.trip_cost);
    max_trips.append(lane.max_trips_per_month);
    closures.append(lane.closures.size());
  }
  return out;
}

}  // namespace

py::dict label_columns(std::span<const NodeLabel> labels) {
  py::dict out;
  py::list id = new_column(out, "node"), name = new_column(out, "name"),
           level = new_column(out, "level"), province = new_column(out, "province");
  for (const NodeLabel& label : labels) {
    id.append(label.id);
    name.append(label.name);
    level.append(label.level);
    province.append(label.province);
  }
  return out;
}

void bind_scenario(py::module_& m) {
  py::class_<Scenario, std::shared_ptr<Scenario>>(m, "Scenario",
                                                  "A loaded scenario (not yet compiled).")
      .def_readonly("name", &Scenario::name)
      .def_property_readonly("start", [](const Scenario& s) { return iso(s.start); })
      .def_readonly("horizon_days", &Scenario::horizon_days)
      .def_readonly("seed", &Scenario::seed)
      .def_readonly("source_file", &Scenario::source_file)
      .def_readonly("source_sha256", &Scenario::source_sha256)
      .def_readonly("overrides", &Scenario::overrides)
      .def_property_readonly("node_count", [](const Scenario& s) { return s.nodes.size(); })
      .def("calendar_windows", [](const Scenario& s) { return calendar_table(s.calendar); });

  py::class_<ScenarioSource>(m, "ScenarioSource",
                             "A scenario's YAML text, read once and loaded with overrides.")
      .def(py::init([](std::string text, std::string name, std::filesystem::path base_dir) {
             return ScenarioSource{std::move(text), std::move(name), std::move(base_dir)};
           }),
           py::arg("text"), py::arg("name"), py::arg("base_dir"))
      .def_static("read", &ScenarioSource::read, py::arg("path"))
      .def_readonly("text", &ScenarioSource::text)
      .def_readonly("name", &ScenarioSource::name)
      .def_readonly("base_dir", &ScenarioSource::base_dir)
      .def("text_with", &ScenarioSource::text_with, py::arg("overrides"))
      .def(
          "load",
          [](const ScenarioSource& source, const std::vector<std::string>& overrides) {
            return std::make_shared<Scenario>(source.load(overrides));
          },
          py::arg("overrides") = std::vector<std::string>{});

  py::class_<Model, std::shared_ptr<Model>>(m, "Model",
                                            "A scenario compiled into read-only tables.")
      .def(py::init([](const Scenario& scenario) { return std::make_shared<Model>(scenario); }),
           py::arg("scenario"))
      .def_property_readonly("start", [](const Model& model) { return iso(model.start()); })
      .def_property_readonly("horizon_days", &Model::horizon_days)
      .def_property_readonly("office_count", &Model::office_count)
      .def_property_readonly("node_count",
                             [](const Model& model) { return model.scenario().nodes.size(); })
      .def_property_readonly("scenario",
                             [](const Model& model) { return std::make_shared<Scenario>(model.scenario()); })
      .def("labels", [](const Model& model) { return label_columns(model.node_labels()); })
      .def("node_table", &node_table)
      .def("lane_table", &lane_table);
}

}  // namespace blanko::python
