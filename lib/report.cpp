#include <blanko/report.hpp>

#include <blanko/error.hpp>
#include <blanko/model.hpp>
#include <blanko/results.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace blanko {
namespace {

namespace fs = std::filesystem;

// Column names of the per-class KPIs: `demand_first_card`, `mean_wait_replacement`, ...
struct ClassColumns {
  std::array<std::string, kPriorityClassCount> demand, printed, mean_wait;
};

const ClassColumns& class_columns() {
  static const ClassColumns columns = [] {
    ClassColumns names;
    for (std::size_t c = 0; c < names.demand.size(); ++c) {
      const std::string_view priority = to_string(static_cast<PriorityClass>(c));
      names.demand[c] = fmt::format("demand_{}", priority);
      names.printed[c] = fmt::format("printed_{}", priority);
      names.mean_wait[c] = fmt::format("mean_wait_{}", priority);
    }
    return names;
  }();
  return columns;
}

// The KPI columns of kpis.csv and summary.json, in order. Both files read this one list,
// so they can never disagree on names, order or which fields are exported.
template <class Visit>
void for_each_kpi(const NodeKpis& k, Visit&& visit) {
  visit("demand", k.demand);
  visit("printed", k.printed);
  visit("fill_rate", k.fill_rate);
  visit("stockout_days", std::int64_t{k.stockout_days});
  visit("peak_backlog", k.peak_backlog);
  visit("suket_issued", k.suket_issued);
  visit("lost_demand", k.lost_demand);
  visit("redirected_to_ikd", k.redirected_to_ikd);
  visit("mean_wait_days", k.mean_wait_days);
  visit("p95_wait_days", k.p95_wait_days);
  visit("received", k.received);
  visit("blanks_shipped", k.blanks_shipped);
  visit("shipments", k.shipments);
  visit("trip_cost", k.trip_cost);
  visit("lateral_in", k.lateral_in);
  visit("lateral_out", k.lateral_out);
  visit("final_on_hand", k.final_on_hand);
  visit("final_backlog", k.final_backlog);
  const auto per_class = [&](const auto& names, const auto& values) {
    for (std::size_t c = 0; c < names.size(); ++c) visit(std::string_view(names[c]), values[c]);
  };
  const ClassColumns& columns = class_columns();
  per_class(columns.demand, k.demand_by_class);
  per_class(columns.printed, k.printed_by_class);
  per_class(columns.mean_wait, k.mean_wait_days_by_class);
}

// How a row is labelled for people: the node's id, display name and kind.
struct RowLabel {
  std::string_view id;
  std::string_view name;
  std::string_view kind;
  bool is_total = false;
};

// Calls `row(label, kpis)` for every node in index order, then for the network total.
template <class Row>
void for_each_row(const Model& model, const RunResult& result, Row&& row) {
  const auto& nodes = model.scenario().nodes;
  if (result.nodes.size() != nodes.size()) {
    throw Error(fmt::format("the result has {} nodes but the model has {}: not a run of this model",
                            result.nodes.size(), nodes.size()));
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodeSpec& spec = nodes[i];
    row(RowLabel{result.nodes[i].node, spec.name.empty() ? spec.id : spec.name,
                 to_string(spec.kind), false},
        result.nodes[i]);
  }
  row(RowLabel{"TOTAL", "network", "network", true}, result.total);
}

Date end_date(const Model& model) {
  return model.start() + std::chrono::days{std::max(model.horizon_days(), 1) - 1};
}

// --- buffers -------------------------------------------------------------------------

void append(fmt::memory_buffer& buf, std::string_view text) {
  buf.append(text.data(), text.data() + text.size());
}

void append_int(fmt::memory_buffer& buf, std::int64_t value) {
  const fmt::format_int digits(value);
  buf.append(digits.data(), digits.data() + digits.size());
}

void flush(std::ostream& out, fmt::memory_buffer& buf) {
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  buf.clear();
}

// RFC 4180: a field holding a comma, quote or line break is quoted, quotes doubled.
void append_csv_field(fmt::memory_buffer& buf, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    append(buf, field);
    return;
  }
  buf.push_back('"');
  for (char c : field) {
    if (c == '"') buf.push_back('"');
    buf.push_back(c);
  }
  buf.push_back('"');
}

void append_csv_value(fmt::memory_buffer& buf, std::int64_t value) { append_int(buf, value); }
// Shortest representation that reads back to the same double.
void append_csv_value(fmt::memory_buffer& buf, double value) {
  fmt::format_to(std::back_inserter(buf), "{}", value);
}

// --- the summary table ---------------------------------------------------------------

// Display width of UTF-8 text: one column per code point (names are Latin script).
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// At most `width` columns, cut at a code point boundary and marked with "...".
std::string truncate(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  const std::size_t keep = width - 3;
  std::size_t points = 0;
  std::size_t end = 0;
  for (; end < text.size(); ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80 && points++ == keep) break;
  }
  return std::string(text.substr(0, end)) + "...";
}

// 1234567 -> "1,234,567".
std::string group_thousands(std::int64_t value) {
  const fmt::format_int digits(value);
  const std::string_view text(digits.data(), digits.size());
  const std::size_t sign = value < 0 ? 1 : 0;
  std::string grouped(text.substr(0, sign));
  for (std::size_t i = sign; i < text.size(); ++i) {
    if (i > sign && (text.size() - i) % 3 == 0) grouped += ',';
    grouped += text[i];
  }
  return grouped;
}

std::string one_decimal(double value) { return fmt::format("{:.1f}", value); }

// A fixed-width text table: columns sized to their widest cell, two spaces apart, text
// left-aligned and numbers right-aligned, with rules of dashes between sections.
class TextTable {
 public:
  struct Column {
    std::string_view header;
    bool left_aligned = false;
  };

  explicit TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {
    widths_.reserve(columns_.size());
    for (const Column& c : columns_) widths_.push_back(display_width(c.header));
    add_rule();
  }

  void add_row(std::vector<std::string> cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      widths_[i] = std::max(widths_[i], display_width(cells[i]));
    }
    rows_.emplace_back(std::move(cells));
  }
  void add_rule() { rows_.emplace_back(std::nullopt); }

  void print(fmt::memory_buffer& buf) const {
    std::vector<std::string> headers;
    for (const Column& c : columns_) headers.emplace_back(c.header);
    print_cells(buf, headers);
    for (const auto& row : rows_) {
      if (row) {
        print_cells(buf, *row);
      } else {
        print_rule(buf);
      }
    }
  }

 private:
  void print_cells(fmt::memory_buffer& buf, const std::vector<std::string>& cells) const {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::size_t pad = widths_[i] - display_width(cells[i]);
      if (i > 0) append(buf, "  ");
      if (!columns_[i].left_aligned) buf.append(std::string(pad, ' '));
      append(buf, cells[i]);
      // No trailing blanks at the end of a line.
      if (columns_[i].left_aligned && i + 1 < cells.size()) buf.append(std::string(pad, ' '));
    }
    buf.push_back('\n');
  }
  void print_rule(fmt::memory_buffer& buf) const {
    for (std::size_t i = 0; i < widths_.size(); ++i) {
      if (i > 0) append(buf, "  ");
      buf.append(std::string(widths_[i], '-'));
    }
    buf.push_back('\n');
  }

  std::vector<Column> columns_;
  std::vector<std::size_t> widths_;
  std::vector<std::optional<std::vector<std::string>>> rows_;  // nullopt: a rule
};

constexpr std::size_t kNameWidth = 24;

// --- writing files -------------------------------------------------------------------

// Writes `target` through `<target>.tmp` and a rename, so a reader never sees half a file.
template <class Write>
void write_atomically(const fs::path& target, Write&& write) {
  fs::path tmp = target;
  tmp += ".tmp";
  std::error_code ignored;
  try {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    if (!file) {
      throw Error(fmt::format("cannot open {} for writing: {}", tmp.string(),
                              std::generic_category().message(errno)));
    }
    write(file);
    file.close();
    if (!file) throw Error(fmt::format("cannot write {}", tmp.string()));
  } catch (...) {
    fs::remove(tmp, ignored);
    throw;
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ignored);
    throw Error(fmt::format("cannot rename {} to {}: {}", tmp.string(), target.string(),
                            ec.message()));
  }
}

}  // namespace

void write_summary_table(std::ostream& out, const Model& model, const RunResult& result) {
  const Scenario& scenario = model.scenario();
  fmt::memory_buffer buf;
  auto line = std::back_inserter(buf);
  fmt::format_to(line, "Scenario  {}", scenario.name.empty() ? "(unnamed)" : scenario.name);
  if (!scenario.source_file.empty()) fmt::format_to(line, "  ({})", scenario.source_file);
  fmt::format_to(line, "\nPeriod    {} .. {}, {} days\nSeed      {} (replication {})\n",
                 to_iso_string(model.start()), to_iso_string(end_date(model)), model.horizon_days(),
                 result.seed, result.replication);
  if (const std::size_t tenders = scenario.tenders.size(); tenders > 0) {
    fmt::format_to(line, "Tenders   {} tender{}, {} failed attempt{}\n", tenders,
                   tenders == 1 ? "" : "s", result.tender_failures,
                   result.tender_failures == 1 ? "" : "s");
  }
  buf.push_back('\n');

  TextTable table({{"node", true},
                   {"name", true},
                   {"demand"},
                   {"printed"},
                   {"fill %"},
                   {"stockout d"},
                   {"peak backlog"},
                   {"suket"},
                   {"mean wait d"},
                   {"p95 wait d"},
                   {"final on hand"}});
  for_each_row(model, result, [&](const RowLabel& label, const NodeKpis& k) {
    if (label.is_total) table.add_rule();
    table.add_row({std::string(label.id), truncate(label.name, kNameWidth),
                   group_thousands(k.demand), group_thousands(k.printed),
                   one_decimal(100 * k.fill_rate), group_thousands(k.stockout_days),
                   group_thousands(k.peak_backlog), group_thousands(k.suket_issued),
                   one_decimal(k.mean_wait_days), one_decimal(k.p95_wait_days),
                   group_thousands(k.final_on_hand)});
  });
  table.print(buf);
  flush(out, buf);
}

void write_kpis_csv(std::ostream& out, const Model& model, const RunResult& result) {
  fmt::memory_buffer buf;
  append(buf, "node,name,kind");
  for_each_kpi(NodeKpis{}, [&](std::string_view name, auto) {
    buf.push_back(',');
    append(buf, name);
  });
  buf.push_back('\n');
  for_each_row(model, result, [&](const RowLabel& label, const NodeKpis& k) {
    append_csv_field(buf, label.id);
    buf.push_back(',');
    append_csv_field(buf, label.name);
    buf.push_back(',');
    append_csv_field(buf, label.kind);
    for_each_kpi(k, [&](std::string_view, auto value) {
      buf.push_back(',');
      append_csv_value(buf, value);
    });
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

void write_summary_json(std::ostream& out, const Model& model, const RunResult& result) {
  using Json = nlohmann::ordered_json;  // keeps the keys in the documented order
  const Scenario& scenario = model.scenario();
  auto kpis = [](Json& object, const NodeKpis& k) {
    for_each_kpi(k, [&](std::string_view name, auto value) { object[std::string(name)] = value; });
  };

  Json doc;
  doc["scenario"] = scenario.name;
  doc["source_file"] = scenario.source_file;
  doc["start"] = to_iso_string(model.start());
  doc["end"] = to_iso_string(end_date(model));
  doc["horizon_days"] = model.horizon_days();
  doc["seed"] = result.seed;
  doc["replication"] = result.replication;
  doc["events"] = result.events;
  doc["tender_failures"] = result.tender_failures;
  Json total = Json::object();
  Json nodes = Json::array();
  for_each_row(model, result, [&](const RowLabel& label, const NodeKpis& k) {
    if (label.is_total) {
      kpis(total, k);
      return;
    }
    Json node{{"node", label.id}, {"name", label.name}, {"kind", label.kind}};
    kpis(node, k);
    nodes.push_back(std::move(node));
  });
  // Assigned at the end: ordered_json keeps its keys in a vector, so references into
  // `doc` would not survive later insertions.
  doc["total"] = std::move(total);
  doc["nodes"] = std::move(nodes);
  out << doc.dump(2) << '\n';
}

void write_outputs(const std::filesystem::path& dir, const Model& model, const RunResult& result) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(fmt::format("cannot create directory {}: {}", dir.string(), ec.message()));

  write_atomically(dir / "summary.json",
                   [&](std::ostream& out) { write_summary_json(out, model, result); });
  write_atomically(dir / "kpis.csv",
                   [&](std::ostream& out) { write_kpis_csv(out, model, result); });
  if (result.timeseries) {
    write_atomically(dir / "timeseries.csv",
                     [&](std::ostream& out) { write_timeseries_csv(out, model, result); });
  }
}

}  // namespace blanko
