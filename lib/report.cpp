#include <blanko/error.hpp>
#include <blanko/kpis.hpp>
#include <blanko/model.hpp>
#include <blanko/output_directory.hpp>
#include <blanko/provenance.hpp>
#include <blanko/report.hpp>
#include <blanko/results.hpp>

#include "detail/json_format.hpp"
#include "detail/json_text.hpp"
#include "detail/report_format.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iterator>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace blanko {
namespace {

using namespace detail;  // the formatting helpers of detail/report_format.hpp

// Calls `row(label, kpi_row)` for every node in index order, then for the network total
// (kpi_row: an index into result.nodes, or kNetworkRow).
template <class Row>
void for_each_row(const Model& model, const RunResult& result, Row&& row) {
  const std::vector<NodeLabel> labels = model.node_labels();
  if (result.nodes.size() != labels.size()) {
    throw Error(fmt::format("the result has {} nodes but the model has {}: not a run of this model",
                            result.nodes.size(), labels.size()));
  }
  for (std::size_t i = 0; i < labels.size(); ++i) row(labels[i], i);
  row(network_label(), kNetworkRow);
}



}  // namespace

void write_kpis_csv(std::ostream& out, const Model& model, const RunResult& result) {
  fmt::memory_buffer buf;
  append(buf, "node,name,level,province");
  for (const KpiDefinition& kpi : node_kpis()) {
    buf.push_back(',');
    append(buf, kpi.name);
  }
  buf.push_back('\n');
  for_each_row(model, result, [&](const NodeLabel& label, std::size_t i) {
    append_label_fields(buf, label);
    const char* separator = "";
    for (const KpiDefinition& kpi : node_kpis()) {
      append(buf, separator);
      separator = ",";
      append_kpi_value(buf, kpi, kpi.value(result, i));
    }
    buf.push_back('\n');
  });
  flush(out, buf);
}

void write_timeseries_csv(std::ostream& out, const Model& model, const RunResult& result) {
  if (!result.timeseries) throw Error("timeseries were not recorded");
  const TimeSeries& ts = *result.timeseries;
  if (static_cast<std::size_t>(ts.nodes()) != model.scenario().nodes.size()) {
    throw Error(fmt::format("the timeseries have {} nodes but the model has {}", ts.nodes(),
                            model.scenario().nodes.size()));
  }

  // Ids are quoted once here, not once per row.
  std::vector<std::string> ids;
  ids.reserve(static_cast<std::size_t>(ts.nodes()));
  for (const NodeSpec& node : model.scenario().nodes) {
    fmt::memory_buffer field;
    append_csv_field(field, node.id);
    ids.emplace_back(field.data(), field.size());
  }

  fmt::memory_buffer buf;
  append(buf, "date,node");
  for (std::size_t s = 0; s < kSeriesCount; ++s) {
    buf.push_back(',');
    append(buf, to_string(static_cast<Series>(s)));
  }
  buf.push_back('\n');

  // About 200k rows for the national network: format into one buffer and hand the
  // stream large blocks instead of going through iostream field by field.
  constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
  for (std::int32_t day = 0; day < ts.days(); ++day) {
    const std::string date = to_iso_string(ts.start() + std::chrono::days{day});
    for (std::int32_t node = 0; node < ts.nodes(); ++node) {
      append(buf, date);
      buf.push_back(',');
      append(buf, ids[static_cast<std::size_t>(node)]);
      for (std::size_t s = 0; s < kSeriesCount; ++s) {
        buf.push_back(',');
        append_int(buf, ts.at(static_cast<Series>(s), day, node));
      }
      buf.push_back('\n');
    }
    if (buf.size() >= kFlushBytes) flush(out, buf);
  }
  flush(out, buf);
}

namespace {

detail::RunShape shape_of(const Model& model, const RunResult& result) {
  return {.seed = result.seed, .replications = 1, .start = model.start(),
          .horizon_days = model.horizon_days()};
}

}  // namespace

void write_meta_json(std::ostream& out, const Model& model, const RunResult& result,
                     std::string_view command) {
  out << json_text(meta_json(provenance_of(model.scenario(), std::string(command)),
                             shape_of(model, result)),
                   2)
      << '\n';
}

void write_summary_json(std::ostream& out, const Model& model, const RunResult& result,
                        std::string_view command) {
  using Json = nlohmann::ordered_json;  // keeps the keys in the documented order
  const Scenario& scenario = model.scenario();
  const auto kpis = [&](Json& object, std::size_t i, std::span<const KpiDefinition> table) {
    for (const KpiDefinition& kpi : table) object[std::string(kpi.name)] = kpi_json(kpi, kpi.value(result, i));
  };

  Json doc;
  doc["meta"] = meta_json(provenance_of(scenario, std::string(command)), shape_of(model, result));
  doc["scenario"] = scenario.name;
  doc["source_file"] = scenario.source_file;
  doc["start"] = to_iso_string(model.start());
  doc["end"] = to_iso_string(model.last_day());
  doc["horizon_days"] = model.horizon_days();
  doc["seed"] = result.seed;
  doc["replication"] = result.replication;
  doc["events"] = result.events;
  doc["tender_failures"] = result.tender_failures;
  Json network = Json::object();
  Json nodes = Json::array();
  for_each_row(model, result, [&](const NodeLabel& label, std::size_t i) {
    if (i == kNetworkRow) {
      kpis(network, i, kpi_table());
      return;
    }
    Json node{{"node", label.id}, {"name", label.name}, {"level", label.level},
              {"province", label.province}};
    kpis(node, i, node_kpis());
    nodes.push_back(std::move(node));
  });
  // Assigned at the end: ordered_json keeps its keys in a vector, so references into
  // `doc` would not survive later insertions.
  doc["network"] = std::move(network);
  doc["nodes"] = std::move(nodes);
  out << json_text(doc, 2) << '\n';
}

void write_outputs(OutputDirectory& out, const Model& model, const RunResult& result,
                   std::string_view command) {
  out.write("summary.json",
            [&](std::ostream& o) { write_summary_json(o, model, result, command); });
  out.write("meta.json", [&](std::ostream& o) { write_meta_json(o, model, result, command); });
  out.write("kpis.csv", [&](std::ostream& o) { write_kpis_csv(o, model, result); });
  if (result.timeseries) {
    out.write("timeseries.csv", [&](std::ostream& o) { write_timeseries_csv(o, model, result); });
  }
}

void write_outputs(const std::filesystem::path& dir, const Model& model, const RunResult& result,
                   std::string_view command) {
  OutputDirectory out(dir);
  write_outputs(out, model, result, command);
  out.finish();
}

}  // namespace blanko
