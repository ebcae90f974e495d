// sweep(): a grid of Monte Carlo runs over scenario values, and its outputs.
#include <blanko/model.hpp>
#include <blanko/output_directory.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/sweep.hpp>

#include "detail/json_format.hpp"
#include "detail/json_text.hpp"
#include "detail/report_format.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace blanko {
namespace {

[[noreturn]] void bad_axis(std::string_view text, const std::string& why) {
  throw ScenarioError({.file = "--vary", .line = 0, .column = 0, .key_path = std::string(text)},
                      why + " (expected key.path=value1,value2,...)");
}

// The cells' override lists, first axis slowest.
std::vector<std::vector<std::string>> grid(std::span<const SweepAxis> axes) {
  std::vector<std::vector<std::string>> cells{{}};
  for (const SweepAxis& axis : axes) {
    std::vector<std::vector<std::string>> next;
    for (const auto& cell : cells) {
      for (const std::string& value : axis.values) {
        next.push_back(cell);
        next.back().push_back(value);
      }
    }
    cells = std::move(next);
  }
  return cells;
}

// A grid beyond a million cells is a typo, not a study (each cell runs every replication),
// and would exhaust the memory before the first cell ran.
constexpr double kMaxSweepCells = 1e6;

// Bad axes are the user's input: ScenarioErrors at `--vary`, as parse_sweep_axis reports.
void check_axes(std::span<const SweepAxis> axes) {
  const auto fail = [](const std::string& key, const std::string& why) {
    throw ScenarioError({.file = "--vary", .line = 0, .column = 0, .key_path = key}, why);
  };
  if (axes.empty()) fail("", "a sweep needs at least one axis (--vary key.path=v1,v2,...)");
  std::set<std::string> keys;
  double cells = 1;
  for (const SweepAxis& axis : axes) {
    if (axis.values.empty()) fail(axis.key, fmt::format("sweep axis {} has no value", axis.key));
    if (!keys.insert(axis.key).second) {
      fail(axis.key,
           fmt::format("sweep axis {} is given twice: put all its values in one --vary", axis.key));
    }
    cells *= static_cast<double>(axis.values.size());
  }
  if (cells > kMaxSweepCells) {
    fail(axes.front().key, fmt::format("the axes make {:.3g} cells, more than the {:g} a sweep may "
                                       "have; sweep fewer values, or split the study",
                                       cells, kMaxSweepCells));
  }
}

}  // namespace

SweepAxis parse_sweep_axis(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) bad_axis(text, "no '='");
  SweepAxis axis{.key = std::string(text.substr(0, equals)), .values = {}};
  if (axis.key.empty()) bad_axis(text, "no key before '='");
  // Split on commas outside braces and brackets: flow maps are single values.
  int depth = 0;
  std::string value;
  const auto finish_value = [&] {
    if (value.empty()) bad_axis(text, "an empty value");
    axis.values.push_back(value);
    value.clear();
  };
  for (const char c : text.substr(equals + 1)) {
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (c == ',' && depth == 0) {
      finish_value();
    } else {
      value += c;
    }
  }
  finish_value();
  return axis;
}

const KpiSummary& SweepCell::kpi(std::string_view name) const {
  const auto k = static_cast<std::size_t>(&find_kpi(name) - kpi_table().data());
  if (k >= kpis.size()) throw Error(fmt::format("no KPI named '{}' in the sweep", name));
  return kpis[k];
}

std::vector<std::string> sweep_axis_labels(std::span<const SweepAxis> axes) {
  // Each key split at its dots; a label is the last few of them.
  std::vector<std::vector<std::string_view>> parts;
  for (const SweepAxis& axis : axes) {
    std::vector<std::string_view> split;
    std::string_view key = axis.key;
    for (std::size_t dot; (dot = key.find('.')) != std::string_view::npos;
         key.remove_prefix(dot + 1)) {
      split.push_back(key.substr(0, dot));
    }
    split.push_back(key);
    parts.push_back(std::move(split));
  }
  const auto tail = [&](std::size_t a, std::size_t count) {
    const std::vector<std::string_view>& p = parts[a];
    const std::size_t from = p.size() - std::min(count, p.size());
    std::string label(p[from]);
    for (std::size_t i = from + 1; i < p.size(); ++i) (label += '.') += p[i];
    return label;
  };
  std::vector<std::string> labels;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    // The fewest trailing parts that no other axis ends with: keys are distinct, so the
    // whole key always is.
    for (std::size_t count = 1;; ++count) {
      const std::string label = tail(a, count);
      bool clash = false;
      for (std::size_t b = 0; b < axes.size() && !clash; ++b) {
        clash = b != a && tail(b, count) == label;
      }
      if (!clash || count >= parts[a].size()) {
        labels.push_back(label);
        break;
      }
    }
  }
  return labels;
}

Sweep sweep(const std::filesystem::path& scenario_file, std::span<const SweepAxis> axes,
            const std::vector<std::string>& common_overrides, const MonteCarloOptions& options) {
  return sweep(ScenarioSource::read(scenario_file), axes, common_overrides, options);
}

Sweep sweep(const ScenarioSource& source, std::span<const SweepAxis> axes,
            const std::vector<std::string>& common_overrides, const MonteCarloOptions& options) {
  check_axes(axes);
  const Scenario base = source.load(common_overrides);
  Sweep result;
  result.scenario = base.name;
  result.seed = options.seed.value_or(base.seed);
  result.replications = options.replications;
  result.confidence = options.confidence;
  result.axes.assign(axes.begin(), axes.end());
  result.start = base.start;
  result.horizon_days = base.horizon_days;
  result.provenance = provenance_of(base);

  const auto cells = grid(axes);
  // Every cell is loaded and compiled before the first runs, so a bad value fails fast;
  // only the scenarios are kept (a national Model is tens of MB, a grid may have dozens of
  // cells), and each cell is compiled again when its turn comes, which takes milliseconds.
  std::vector<Scenario> scenarios;
  for (const auto& values : cells) {
    std::vector<std::string> overrides = common_overrides;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      overrides.push_back(axes[a].key + "=" + values[a]);
    }
    try {
      Scenario scenario = source.load(overrides);
      const Model check(scenario);
      scenarios.push_back(std::move(scenario));
    } catch (const ScenarioError& e) {
      // An axis value is reported as the --vary it came from, not as a --set.
      const bool from_axis = e.where().file == "--set" &&
                             std::find(overrides.begin() + static_cast<std::ptrdiff_t>(common_overrides.size()),
                                       overrides.end(), e.where().key_path) != overrides.end();
      if (!from_axis) throw;
      throw ScenarioError({.file = "--vary", .line = 0, .column = 0, .key_path = e.where().key_path},
                          e.message());
    }
  }

  const std::uint64_t total = options.replications * cells.size();
  const auto started = std::chrono::steady_clock::now();
  for (std::size_t c = 0; c < cells.size(); ++c) {
    MonteCarloOptions cell_options;
    // The cell's own seed: the scenario's (the same in every cell, for common random
    // numbers) unless an axis varies `scenario.seed`; --seed overrides both.
    cell_options.seed = options.seed.value_or(scenarios[c].seed);
    cell_options.replications = options.replications;
    cell_options.threads = options.threads;
    cell_options.confidence = options.confidence;
    cell_options.bands = false;
    if (options.progress) {
      cell_options.progress = [&, c](const MonteCarloProgress& p) {
        options.progress(
            {.done = c * options.replications + p.done, .total = total, .resumed = 0,
             .elapsed_seconds =
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()});
      };
    }
    const MonteCarloResult run = run_monte_carlo(Model(scenarios[c]), cell_options);
    const MonteCarloStatistics& stats = *run.statistics;
    SweepCell cell{.values = cells[c], .kpis = {},
                   .network_values = {stats.network_values().begin(), stats.network_values().end()}};
    for (const KpiDefinition& kpi : kpi_table()) {
      cell.kpis.push_back(stats.network_kpi(kpi.name, options.confidence));
    }
    result.cells.push_back(std::move(cell));
  }
  return result;
}

void write_sweep_table(std::ostream& out, const Sweep& sweep) {
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf),
                 "{}: {} cells x {} replications, seed {} (the same in every cell); network "
                 "means ± the half-width of their {:g}% interval\n",
                 sweep.scenario, sweep.cells.size(), sweep.replications, sweep.seed,
                 100 * sweep.confidence);
  const std::vector<std::string> axes = sweep_axis_labels(sweep.axes);
  const std::vector<const KpiDefinition*> shown = detail::headline_kpis();
  std::vector<std::string> headers = axes;
  for (const KpiDefinition* kpi : shown) headers.push_back(detail::kpi_label(*kpi));
  std::vector<detail::TextTable::Column> columns;
  for (std::size_t i = 0; i < headers.size(); ++i) columns.push_back({headers[i], i < axes.size()});
  detail::TextTable table(std::move(columns));
  for (const SweepCell& cell : sweep.cells) {
    std::vector<std::string> row = cell.values;
    for (const KpiDefinition* kpi : shown) {
      const KpiSummary& s = cell.kpi(kpi->name);
      const std::string mean = detail::format_kpi(*kpi, s.mean);
      row.push_back(
          std::isnan(s.ci_high)
              ? mean
              : fmt::format("{} ± {}", mean, detail::format_kpi(*kpi, s.ci_high - s.mean)));
    }
    table.add_row(std::move(row));
  }
  table.print(buf);
  // The axes by their whole keys, then the KPIs.
  std::vector<std::pair<std::string, std::string>> legend;
  for (std::size_t a = 0; a < axes.size(); ++a) legend.emplace_back(axes[a], sweep.axes[a].key);
  for (const KpiDefinition* kpi : shown) legend.push_back(detail::kpi_legend_entry(*kpi));
  detail::append_legend(buf, legend);
  detail::flush(out, buf);
}

void write_sweep_csv(std::ostream& out, const Sweep& sweep) {
  fmt::memory_buffer buf;
  bool first = true;
  const auto field = [&](std::string_view text) {
    if (!first) buf.push_back(',');
    first = false;
    detail::append_csv_field(buf, text);
  };
  for (const SweepAxis& axis : sweep.axes) field(axis.key);
  for (const KpiDefinition& kpi : kpi_table()) {
    const std::string_view name = kpi.name;
    for (const char* stat : {"mean", "ci_low", "ci_high", "p5", "p50", "p95"}) {
      field(fmt::format("{}_{}", name, stat));
    }
  }
  buf.push_back('\n');
  for (const SweepCell& cell : sweep.cells) {
    first = true;
    for (const std::string& value : cell.values) field(value);
    for (const KpiSummary& s : cell.kpis) {
      for (const double v : {s.mean, s.ci_low, s.ci_high, s.p5, s.p50, s.p95}) {
        detail::append_csv_number(buf, v);
      }
    }
    buf.push_back('\n');
  }
  detail::flush(out, buf);
}

void write_sweep_json(std::ostream& out, const Sweep& sweep) {
  using Json = nlohmann::ordered_json;
  Json doc;
  doc["meta"] = detail::meta_json(sweep.provenance,
                                  {.seed = sweep.seed, .replications = sweep.replications,
                                   .start = sweep.start, .horizon_days = sweep.horizon_days});
  doc["scenario"] = sweep.scenario;
  doc["seed"] = sweep.seed;
  doc["replications"] = sweep.replications;
  doc["confidence"] = sweep.confidence;
  Json axes = Json::array();
  for (const SweepAxis& axis : sweep.axes) axes.push_back({{"key", axis.key}, {"values", axis.values}});
  Json cells = Json::array();
  for (const SweepCell& cell : sweep.cells) {
    Json values = Json::object();
    for (std::size_t a = 0; a < sweep.axes.size(); ++a) values[sweep.axes[a].key] = cell.values[a];
    Json kpis = Json::object();
    for (std::size_t k = 0; k < cell.kpis.size(); ++k) {
      kpis[std::string(kpi_table()[k].name)] = detail::kpi_summary_json(cell.kpis[k]);
    }
    cells.push_back({{"values", std::move(values)}, {"kpis", std::move(kpis)}});
  }
  doc["axes"] = std::move(axes);
  doc["cells"] = std::move(cells);
  out << detail::json_text(doc, 2) << '\n';
}

void write_sweep_replications_csv(std::ostream& out, const Sweep& sweep) {
  const std::size_t width = kpi_table().size();
  fmt::memory_buffer buf;
  detail::append(buf, "cell");
  for (const SweepAxis& axis : sweep.axes) {
    buf.push_back(',');
    detail::append_csv_field(buf, axis.key);
  }
  detail::append(buf, ",replication");
  detail::append_kpi_header(buf);
  buf.push_back('\n');
  for (std::size_t c = 0; c < sweep.cells.size(); ++c) {
    const SweepCell& cell = sweep.cells[c];
    if (cell.network_values.size() != sweep.replications * width) {
      throw Error(fmt::format("sweep cell {} holds {} KPI values, not those of {} replications", c,
                              cell.network_values.size(), sweep.replications));
    }
    const std::span<const double> values = cell.network_values;
    for (std::uint64_t r = 0; r < sweep.replications; ++r) {
      detail::append_int(buf, static_cast<std::int64_t>(c));
      for (const std::string& value : cell.values) {
        buf.push_back(',');
        detail::append_csv_field(buf, value);
      }
      buf.push_back(',');
      detail::append_int(buf, static_cast<std::int64_t>(r));
      detail::append_kpi_values(buf, values.subspan(r * width, width));
      buf.push_back('\n');
    }
    if (buf.size() > (std::size_t{1} << 20)) detail::flush(out, buf);
  }
  detail::flush(out, buf);
}

void write_sweep_outputs(OutputDirectory& out, const Sweep& sweep) {
  out.write("sweep.csv", [&](std::ostream& o) { write_sweep_csv(o, sweep); });
  out.write("sweep.json", [&](std::ostream& o) { write_sweep_json(o, sweep); });
  out.write("sweep_replications.csv",
            [&](std::ostream& o) { write_sweep_replications_csv(o, sweep); });
}

void write_sweep_outputs(const std::filesystem::path& dir, const Sweep& sweep) {
  OutputDirectory out(dir);
  write_sweep_outputs(out, sweep);
  out.finish();
}

}  // namespace blanko
