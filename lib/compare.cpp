#include <blanko/compare.hpp>
#include <blanko/model.hpp>
#include <blanko/results.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>

#include "detail/report_format.hpp"
#include "detail/yaml_reader.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cmath>
#include <iterator>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace blanko {
namespace {

using detail::Field;
using detail::YamlReader;

// The KPIs of the printed table; compare.csv and compare.json carry every KPI column.
constexpr std::array<std::string_view, 9> kHeadlineKpis{
    "fill_rate",     "stockout_days", "peak_backlog",   "suket_issued", "mean_wait_days",
    "p95_wait_days", "lost_demand",   "blanks_shipped", "trip_cost"};

// The text of a YAML value as an override's right-hand side: scalars as written,
// sequences and maps in flow style (`{days_of_demand: 14}`).
std::string override_value(const YAML::Node& value) {
  if (value.IsScalar()) return value.Scalar();
  YAML::Emitter emitter;
  emitter.SetMapFormat(YAML::Flow);
  emitter.SetSeqFormat(YAML::Flow);
  emitter << value;
  return emitter.c_str();
}

// A ScenarioError found in one of `set`'s overrides, relocated to where the set wrote it.
[[noreturn]] void rethrow_in_set(const ScenarioError& e, const PolicySet& set) {
  if (e.where().file == "--set") {
    for (std::size_t i = 0; i < set.overrides.size() && i < set.origins.size(); ++i) {
      if (set.overrides[i] == e.where().key_path) {
        throw ScenarioError(set.origins[i], e.message() + " (policy set '" + set.name + "')");
      }
    }
  }
  throw e;
}

std::string format_number(double value, bool signed_value = false) {
  if (std::isnan(value)) return "n/a";
  std::string text;
  if (std::abs(value) >= 1000 || (value == std::round(value) && std::abs(value) < 1e15)) {
    text = detail::group_thousands(std::llround(value));
  } else {
    text = fmt::format("{:.3f}", value);
  }
  if (signed_value && value > 0) text = "+" + text;
  return text;
}

void append_csv_number(fmt::memory_buffer& buf, double value) {
  buf.push_back(',');
  if (!std::isnan(value)) detail::append_csv_value(buf, value);
}

}  // namespace

PolicySet parse_policy_set(std::string_view yaml_text, std::string_view source_name) {
  const std::string source(source_name);
  YAML::Node root = detail::load_yaml(yaml_text, source);
  const YamlReader yaml(source, {});
  const Field top(root, "");
  yaml.expect_map(top);
  static constexpr std::array<std::string_view, 3> kKeys{"name", "description", "set"};
  yaml.check_keys(top, kKeys);

  PolicySet set;
  set.source_file = source;
  if (auto name = yaml.find(top, "name")) {
    set.name = yaml.as_string(*name);
  } else {
    set.name = std::filesystem::path(source).stem().string();
  }
  const Field overrides = yaml.require(top, "set");
  yaml.expect_map(overrides);
  for (const auto& [key, value] : yaml.entries(overrides)) {
    const std::string path = yaml.as_string(key);
    if (path.empty() || path.find('=') != std::string::npos) {
      yaml.fail(key, "expected a key path such as defaults.kabkota.replenishment.policy");
    }
    if (!value.node.IsDefined() || value.node.IsNull()) yaml.fail(value, "expected a value");
    set.overrides.push_back(path + "=" + override_value(value.node));
    set.origins.push_back(yaml.locate(value));
  }
  if (set.overrides.empty()) yaml.fail(overrides, "a policy set needs at least one override");
  return set;
}

PolicySet load_policy_set(const std::filesystem::path& file) {
  return parse_policy_set(detail::read_input_file(file, "policy-set"), file.string());
}

PairedDifference paired_difference(std::span<const double> a, std::span<const double> b,
                                   double confidence) {
  if (a.size() != b.size() || a.empty()) {
    throw Error(fmt::format("paired differences need two equal, non-empty samples (got {} and {})",
                            a.size(), b.size()));
  }
  const auto n = static_cast<double>(a.size());
  PairedDifference d;
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += b[i] - a[i];
  d.mean = sum / n;
  if (a.size() < 2) return d;
  double squares = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double deviation = b[i] - a[i] - d.mean;
    squares += deviation * deviation;
  }
  d.standard_error = std::sqrt(squares / (n - 1)) / std::sqrt(n);
  const boost::math::students_t t(n - 1);
  const double half_width = boost::math::quantile(t, 0.5 + confidence / 2) * d.standard_error;
  d.ci_low = d.mean - half_width;
  d.ci_high = d.mean + half_width;
  return d;
}

const KpiComparison& Comparison::kpi(std::string_view name) const {
  for (const KpiComparison& k : kpis) {
    if (k.kpi == name) return k;
  }
  throw Error(fmt::format("no KPI named '{}' in the comparison", name));
}

Comparison compare(std::span<const Configuration> configurations, const CompareOptions& options) {
  if (configurations.empty()) throw Error("compare needs at least one configuration");
  if (options.replications == 0) throw Error("compare needs at least one replication");
  if (!(options.confidence > 0 && options.confidence < 1)) {
    throw Error(fmt::format("the confidence must be in (0, 1), got {}", options.confidence));
  }

  Comparison result;
  result.scenario = configurations.front().scenario.name;
  result.seed = options.seed.value_or(configurations.front().scenario.seed);
  result.replications = options.replications;
  result.confidence = options.confidence;
  detail::for_each_kpi(NodeKpis{}, [&](std::string_view name, auto) {
    KpiComparison k;
    k.kpi = std::string(name);
    k.values.assign(configurations.size(), std::vector<double>(options.replications));
    result.kpis.push_back(std::move(k));
  });

  for (std::size_t c = 0; c < configurations.size(); ++c) {
    result.configurations.push_back(configurations[c].name);
    const Model model(configurations[c].scenario);
    Simulation simulation(model);
    for (std::uint64_t r = 0; r < options.replications; ++r) {
      // Same seed and replication index in every configuration: common random numbers.
      const RunResult run = simulation.run(
          RunOptions{.seed = result.seed, .replication = r, .record_timeseries = false, .node_groups = {}});
      std::size_t column = 0;
      detail::for_each_kpi(run.total, [&](std::string_view, auto value) {
        result.kpis[column++].values[c][r] = static_cast<double>(value);
      });
    }
  }

  for (KpiComparison& k : result.kpis) {
    for (const std::vector<double>& values : k.values) {
      double sum = 0;
      for (double v : values) sum += v;
      k.mean.push_back(sum / static_cast<double>(values.size()));
      k.vs_first.push_back(paired_difference(k.values.front(), values, options.confidence));
    }
  }
  return result;
}

Comparison compare(const std::filesystem::path& scenario_file, std::span<const PolicySet> sets,
                   const std::vector<std::string>& common_overrides,
                   const CompareOptions& options) {
  std::vector<Configuration> configurations;
  for (const PolicySet& set : sets) {
    std::vector<std::string> overrides = common_overrides;
    overrides.insert(overrides.end(), set.overrides.begin(), set.overrides.end());
    try {
      Scenario scenario = load_scenario(scenario_file, overrides);
      // Compile once here so that a bad value in the set is reported against the set.
      const Model check(scenario);
      configurations.push_back({set.name, std::move(scenario)});
    } catch (const ScenarioError& e) {
      rethrow_in_set(e, set);
    }
  }
  return compare(configurations, options);
}

void write_comparison_table(std::ostream& out, const Comparison& comparison) {
  fmt::memory_buffer buf;
  auto line = std::back_inserter(buf);
  const std::string& first = comparison.configurations.front();
  fmt::format_to(line, "Scenario      {}\n",
                 comparison.scenario.empty() ? "(unnamed)" : comparison.scenario);
  fmt::format_to(line,
                 "Seed          {}, {} replication{} per configuration (same demand in each)\n",
                 comparison.seed, comparison.replications, comparison.replications == 1 ? "" : "s");
  fmt::format_to(line, "Differences   configuration - {}, paired by replication; {:g}% CI\n\n",
                 first, 100 * comparison.confidence);

  const std::string diff_header = "diff vs " + first;
  const std::string ci_header = fmt::format("{:g}% CI", 100 * comparison.confidence);
  detail::TextTable table(
      {{"kpi", true}, {"configuration", true}, {"mean"}, {diff_header}, {"std err"}, {ci_header}});
  bool first_kpi = true;
  for (std::string_view name : kHeadlineKpis) {
    const KpiComparison& k = comparison.kpi(name);
    if (!first_kpi) table.add_rule();
    first_kpi = false;
    for (std::size_t c = 0; c < k.mean.size(); ++c) {
      const PairedDifference& d = k.vs_first[c];
      if (c == 0) {
        table.add_row({std::string(name), comparison.configurations[c], format_number(k.mean[c]),
                       "", "", ""});
        continue;
      }
      const std::string ci = std::isnan(d.ci_low)
                                 ? std::string("n/a")
                                 : fmt::format("[{}, {}]", format_number(d.ci_low, true),
                                               format_number(d.ci_high, true));
      table.add_row({"", comparison.configurations[c], format_number(k.mean[c]),
                     format_number(d.mean, true), format_number(d.standard_error), ci});
    }
  }
  table.print(buf);
  detail::flush(out, buf);
}

void write_comparison_csv(std::ostream& out, const Comparison& comparison) {
  fmt::memory_buffer buf;
  detail::append(buf, "kpi,configuration,mean,diff_vs_first,diff_se,ci_low,ci_high\n");
  for (const KpiComparison& k : comparison.kpis) {
    for (std::size_t c = 0; c < k.mean.size(); ++c) {
      const PairedDifference& d = k.vs_first[c];
      detail::append_csv_field(buf, k.kpi);
      buf.push_back(',');
      detail::append_csv_field(buf, comparison.configurations[c]);
      append_csv_number(buf, k.mean[c]);
      append_csv_number(buf, d.mean);
      append_csv_number(buf, d.standard_error);
      append_csv_number(buf, d.ci_low);
      append_csv_number(buf, d.ci_high);
      buf.push_back('\n');
    }
  }
  detail::flush(out, buf);
}

void write_comparison_json(std::ostream& out, const Comparison& comparison) {
  using Json = nlohmann::ordered_json;
  auto number = [](double value) { return std::isnan(value) ? Json(nullptr) : Json(value); };
  Json doc;
  doc["scenario"] = comparison.scenario;
  doc["seed"] = comparison.seed;
  doc["replications"] = comparison.replications;
  doc["confidence"] = comparison.confidence;
  doc["configurations"] = comparison.configurations;
  Json kpis = Json::array();
  for (const KpiComparison& k : comparison.kpis) {
    Json rows = Json::array();
    for (std::size_t c = 0; c < k.mean.size(); ++c) {
      const PairedDifference& d = k.vs_first[c];
      rows.push_back(Json{{"configuration", comparison.configurations[c]},
                          {"mean", number(k.mean[c])},
                          {"diff_vs_first", number(d.mean)},
                          {"diff_se", number(d.standard_error)},
                          {"ci_low", number(d.ci_low)},
                          {"ci_high", number(d.ci_high)}});
    }
    kpis.push_back(Json{{"kpi", k.kpi}, {"configurations", std::move(rows)}});
  }
  doc["kpis"] = std::move(kpis);
  out << doc.dump(2) << '\n';
}

void write_comparison_outputs(const std::filesystem::path& dir, const Comparison& comparison) {
  detail::create_output_directory(dir);
  detail::write_atomically(dir / "compare.csv",
                           [&](std::ostream& out) { write_comparison_csv(out, comparison); });
  detail::write_atomically(dir / "compare.json",
                           [&](std::ostream& out) { write_comparison_json(out, comparison); });
}

}  // namespace blanko
