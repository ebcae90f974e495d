#include <blanko/compare.hpp>
#include <blanko/model.hpp>
#include <blanko/monte_carlo.hpp>
#include <blanko/output_directory.hpp>
#include <blanko/results.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>

#include "detail/json_format.hpp"
#include "detail/json_text.hpp"
#include "detail/ordered_pipeline.hpp"
#include "detail/overrides.hpp"
#include "detail/report_format.hpp"
#include "detail/yaml_reader.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace blanko {
namespace {

using detail::Field;
using detail::YamlReader;

// A ScenarioError found in one of `set`'s overrides, relocated to where the set wrote it.
[[noreturn]] void rethrow_in_set(const ScenarioError& e, const PolicySet& set) {
  detail::rethrow_at_origin(e, set.overrides, set.origins, " (policy set '" + set.name + "')");
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
  if (auto description = yaml.find(top, "description")) set.description = yaml.as_string(*description);
  const Field overrides = yaml.require(top, "set");
  for (detail::WrittenOverride& o : detail::read_override_map(yaml, overrides)) {
    set.overrides.push_back(std::move(o.text));
    set.origins.push_back(std::move(o.where));
  }
  if (set.overrides.empty()) yaml.fail(overrides, "a policy set needs at least one override");
  return set;
}

PolicySet load_policy_set(const std::filesystem::path& file) {
  return parse_policy_set(detail::read_input_file(file, "policy-set"), file.string());
}

PairedDifference paired_difference(const RunningStats& differences, double confidence) {
  if (differences.count() == 0) throw Error("a paired difference needs at least one replication");
  PairedDifference d;
  d.mean = differences.mean();
  if (differences.count() < 2) return d;
  d.standard_error = differences.standard_error();
  const double half_width = differences.half_width(confidence);
  d.ci_low = d.mean - half_width;
  d.ci_high = d.mean + half_width;
  return d;
}

PairedDifference paired_difference(std::span<const double> a, std::span<const double> b,
                                   double confidence) {
  if (a.size() != b.size() || a.empty()) {
    throw Error(fmt::format("paired differences need two equal, non-empty samples (got {} and {})",
                            a.size(), b.size()));
  }
  RunningStats differences;
  for (std::size_t i = 0; i < a.size(); ++i) differences.add(b[i] - a[i]);
  return paired_difference(differences, confidence);
}

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::no_direction:
      return "no direction";
    case Verdict::winner:
      return "winner";
    case Verdict::no_practical_difference:
      return "no practical difference";
    case Verdict::not_applicable:
      return "n/a";
  }
  return "?";
}

const KpiComparison& Comparison::kpi(std::string_view name) const {
  for (const KpiComparison& k : kpis) {
    if (k.kpi == name) return k;
  }
  throw Error(fmt::format("no KPI named '{}' in the comparison", name));
}

namespace {

// One replication of every configuration: [configuration * kpis + kpi], every KPI of the
// table for the network.
std::vector<double> replication_row(std::vector<Simulation>& simulations, std::uint64_t seed,
                                    std::uint64_t replication) {
  std::vector<double> row;
  row.reserve(simulations.size() * kpi_table().size());
  for (Simulation& simulation : simulations) {
    // Same seed and replication index in every configuration: common random numbers.
    const RunResult run = simulation.run(
        {.seed = seed, .replication = replication, .record_timeseries = false, .node_groups = {}});
    for (const KpiDefinition& kpi : kpi_table()) row.push_back(kpi.value(run, kNetworkRow));
  }
  return row;
}

// The one-sided confidence that a mean difference `d` (positive: better) is above zero.
double one_sided_confidence(const RunningStats& d, double sign) {
  if (d.count() < 2) return std::numeric_limits<double>::quiet_NaN();
  const double mean = sign * d.mean();
  const double se = d.standard_error();
  if (se == 0) return mean > 0 ? 1.0 : 0.5;
  const boost::math::students_t t(static_cast<double>(d.count() - 1));
  return boost::math::cdf(t, mean / se);
}

// |best - other| relative to |other|: 0 for two zeros, +infinity against a zero alone.
double relative_difference(double best, double other) {
  if (best == other) return 0;
  if (other == 0) return std::numeric_limits<double>::infinity();
  return std::abs(best - other) / std::abs(other);
}

// Applies the winner rule of KpiComparison (compare.hpp) from the means and the pairwise
// differences `pairs[a * configurations + b]` of b - a (a < b).
void pick_winner(KpiComparison& k, std::span<const RunningStats> pairs, double confidence_level,
                 double min_difference, std::uint64_t replications) {
  if (k.better == Better::none || k.mean.size() < 2) return;
  const double sign = k.better == Better::higher ? 1.0 : -1.0;
  std::size_t best = 0;
  for (std::size_t c = 1; c < k.mean.size(); ++c) {
    if (sign * k.mean[c] > sign * k.mean[best]) best = c;
  }
  const std::size_t n = k.mean.size();
  double confidence = 1.0;
  double relative = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < n; ++c) {
    if (c == best) continue;
    // pairs hold (later - earlier); turn them into (best - c), then into "better".
    const bool best_later = best > c;
    const RunningStats& d = best_later ? pairs[c * n + best] : pairs[best * n + c];
    confidence = std::min(confidence, one_sided_confidence(d, best_later ? sign : -sign));
    relative = std::min(relative, relative_difference(k.mean[best], k.mean[c]));
  }
  k.best = best;
  k.winner_confidence = replications < 2 ? std::numeric_limits<double>::quiet_NaN() : confidence;
  k.relative_difference = relative;
  if (replications < 2) {
    k.verdict = Verdict::not_applicable;
  } else if (confidence >= confidence_level && relative > min_difference) {
    k.verdict = Verdict::winner;
    k.winner = best;
  } else {
    k.verdict = Verdict::no_practical_difference;
  }
}

}  // namespace

Comparison compare(std::span<const Configuration> configurations, const CompareOptions& options) {
  if (configurations.empty()) throw Error("compare needs at least one configuration");
  if (options.replications == 0) throw Error("compare needs at least one replication");
  if (!(options.confidence > 0 && options.confidence < 1)) {
    throw Error(fmt::format("the confidence must be in (0, 1), got {}", options.confidence));
  }
  if (!(std::isfinite(options.min_difference) && options.min_difference >= 0 &&
        options.min_difference <= kMaxMinDifference)) {
    throw Error(
        fmt::format("the minimum difference must be a relative difference in [0, {}] "
                    "(0.05 for 5%), got {}",
                    kMaxMinDifference, options.min_difference));
  }

  Comparison result;
  result.scenario = configurations.front().scenario.name;
  result.seed = options.seed.value_or(configurations.front().scenario.seed);
  result.replications = options.replications;
  result.confidence = options.confidence;
  result.min_difference = options.min_difference;
  result.start = configurations.front().scenario.start;
  result.horizon_days = configurations.front().scenario.horizon_days;
  result.provenance = provenance_of(configurations.front().scenario);
  std::vector<Model> models;
  for (const Configuration& c : configurations) {
    result.configurations.push_back(c.name);
    models.emplace_back(c.scenario);
  }

  const std::span<const KpiDefinition> table = kpi_table();
  const std::size_t kpis = table.size();
  const std::size_t n = configurations.size();
  std::vector<RunningStats> values(kpis * n);      // [kpi * n + configuration]
  std::vector<RunningStats> pairs(kpis * n * n);   // [kpi * n * n + a * n + b]: b - a, a < b
  std::uint64_t done = 0;
  detail::for_each_in_order(
      0, options.replications, 1, options.threads,
      [&] {
        std::vector<Simulation> simulations;
        for (const Model& model : models) simulations.emplace_back(model);
        return simulations;
      },
      [&](std::vector<Simulation>& simulations, std::uint64_t replication) {
        return replication_row(simulations, result.seed, replication);
      },
      [&](const std::vector<double>& row) {
        result.values.insert(result.values.end(), row.begin(), row.end());
        for (std::size_t k = 0; k < kpis; ++k) {
          for (std::size_t a = 0; a < n; ++a) {
            const double x = row[a * kpis + k];
            values[k * n + a].add(x);
            for (std::size_t b = a + 1; b < n; ++b) {
              pairs[(k * n + a) * n + b].add(row[b * kpis + k] - x);
            }
          }
        }
        if (options.progress) options.progress(++done, options.replications);
      });

  for (std::size_t k = 0; k < kpis; ++k) {
    KpiComparison comparison;
    comparison.kpi = table[k].name;
    comparison.better = table[k].better;
    const std::span<const RunningStats> kpi_pairs(&pairs[k * n * n], n * n);
    for (std::size_t c = 0; c < n; ++c) {
      comparison.mean.push_back(values[k * n + c].mean());
      comparison.sd.push_back(values[k * n + c].standard_deviation());
      if (c == 0) {
        // Against itself: exactly zero, with a zero-width interval when one is defined.
        PairedDifference self{.mean = 0};
        if (options.replications >= 2) self.standard_error = self.ci_low = self.ci_high = 0;
        comparison.vs_first.push_back(self);
      } else {
        comparison.vs_first.push_back(paired_difference(kpi_pairs[c], options.confidence));
      }
    }
    pick_winner(comparison, kpi_pairs, options.confidence, options.min_difference,
                options.replications);
    result.kpis.push_back(std::move(comparison));
  }
  return result;
}

Comparison compare(const std::filesystem::path& scenario_file, std::span<const PolicySet> sets,
                   const std::vector<std::string>& common_overrides,
                   const CompareOptions& options) {
  return compare(ScenarioSource::read(scenario_file), sets, common_overrides, options);
}

Comparison compare(const ScenarioSource& source, std::span<const PolicySet> sets,
                   const std::vector<std::string>& common_overrides,
                   const CompareOptions& options) {
  std::vector<Configuration> configurations;
  for (const PolicySet& set : sets) {
    std::vector<std::string> overrides = common_overrides;
    overrides.insert(overrides.end(), set.overrides.begin(), set.overrides.end());
    try {
      Scenario scenario = source.load(overrides);
      // Compile once here so that a bad value in the set is reported against the set.
      const Model check(scenario);
      configurations.push_back({set.name, std::move(scenario)});
    } catch (const ScenarioError& e) {
      rethrow_in_set(e, set);
    }
  }
  Comparison comparison = compare(configurations, options);
  // The sets' own overrides are in their files; the common ones were asked for here.
  comparison.provenance.overrides = common_overrides;
  return comparison;
}

namespace {

std::string percent(double share, int decimals) {
  return std::isinf(share) ? std::string("inf") : fmt::format("{:.{}f}%", 100 * share, decimals);
}

// The best column of a KPI's row for configuration `c`: the verdict, on best's row only,
// with the confidence and the relative difference that decided it.
std::string verdict_cell(const KpiComparison& k, std::size_t c) {
  if (k.best != c) return "";
  const std::string why =
      fmt::format("({}; {})", percent(k.winner_confidence, 1), percent(k.relative_difference, 2));
  switch (k.verdict) {
    case Verdict::winner:
      return "best " + why;
    case Verdict::no_practical_difference:
      return "no practical difference " + why;
    case Verdict::not_applicable:
      return "n/a";
    case Verdict::no_direction:
      break;
  }
  return "";
}

}  // namespace

void write_comparison_table(std::ostream& out, const Comparison& comparison) {
  fmt::memory_buffer buf;
  auto line = std::back_inserter(buf);
  const std::string& first = comparison.configurations.front();
  const std::string level = fmt::format("{:g}%", 100 * comparison.confidence);
  fmt::format_to(line, "Scenario      {}\n",
                 comparison.scenario.empty() ? "(unnamed)" : comparison.scenario);
  fmt::format_to(line,
                 "Seed          {}, {} replication{} per configuration (same demand in each)\n",
                 comparison.seed, comparison.replications, comparison.replications == 1 ? "" : "s");
  fmt::format_to(line,
                 "Differences   configuration - {}, paired by replication; {} CI; shares in "
                 "percentage points\n",
                 first, level);
  fmt::format_to(line,
                 "Best          the best mean wins if, against every other configuration, its "
                 "one-sided paired-t\n"
                 "              confidence is at least {} and it is better by more than {:g}% of "
                 "the other's mean;\n"
                 "              otherwise: no practical difference. (confidence; smallest "
                 "relative difference)\n\n",
                 level, 100 * comparison.min_difference);

  const std::string diff_header = "diff vs " + first;
  const std::string ci_header = level + " CI";
  detail::TextTable table({{"kpi", true},
                           {"configuration", true},
                           {"mean"},
                           {diff_header},
                           {"std err"},
                           {ci_header},
                           {"best (confidence; difference)", true}});
  std::vector<const KpiDefinition*> shown;
  for (const KpiComparison& k : comparison.kpis) {
    const KpiDefinition& kpi = find_kpi(k.kpi);
    if (!kpi.headline) continue;
    if (!shown.empty()) table.add_rule();
    shown.push_back(&kpi);
    for (std::size_t c = 0; c < k.mean.size(); ++c) {
      const PairedDifference& d = k.vs_first[c];
      std::vector<std::string> row{c == 0 ? detail::kpi_label(kpi) : std::string(),
                                   comparison.configurations[c],
                                   detail::format_kpi(kpi, k.mean[c])};
      if (c == 0) {
        row.insert(row.end(), {"", "", ""});
      } else {
        row.push_back(detail::format_kpi(kpi, d.mean, true));
        row.push_back(detail::format_kpi(kpi, d.standard_error));
        row.push_back(std::isnan(d.ci_low)
                          ? std::string("n/a")
                          : fmt::format("[{}, {}]", detail::format_kpi(kpi, d.ci_low, true),
                                        detail::format_kpi(kpi, d.ci_high, true)));
      }
      row.push_back(verdict_cell(k, c));
      table.add_row(std::move(row));
    }
  }
  table.print(buf);
  std::vector<std::pair<std::string, std::string>> legend;
  for (const KpiDefinition* kpi : shown) legend.push_back(detail::kpi_legend_entry(*kpi));
  detail::append_legend(buf, legend);
  detail::flush(out, buf);
}

void write_comparison_csv(std::ostream& out, const Comparison& comparison) {
  fmt::memory_buffer buf;
  detail::append(buf,
                 "kpi,configuration,mean,sd,diff_vs_first,diff_se,ci_low,ci_high,winner,"
                 "winner_confidence,relative_difference,verdict\n");
  for (const KpiComparison& k : comparison.kpis) {
    for (std::size_t c = 0; c < k.mean.size(); ++c) {
      const PairedDifference& d = k.vs_first[c];
      detail::append_csv_field(buf, k.kpi);
      buf.push_back(',');
      detail::append_csv_field(buf, comparison.configurations[c]);
      for (const double v : {k.mean[c], k.sd[c], d.mean, d.standard_error, d.ci_low, d.ci_high}) {
        detail::append_csv_number(buf, v);
      }
      buf.push_back(',');
      if (k.better != Better::none) buf.push_back(k.winner == c ? '1' : '0');
      const bool best = k.best == c;
      detail::append_csv_number(buf, best ? k.winner_confidence : std::nan(""));
      detail::append_csv_number(buf, best ? k.relative_difference : std::nan(""));
      buf.push_back(',');
      detail::append(buf, to_string(k.verdict));
      buf.push_back('\n');
    }
  }
  detail::flush(out, buf);
}

void write_comparison_json(std::ostream& out, const Comparison& comparison) {
  using Json = nlohmann::ordered_json;
  const auto number = detail::json_number;
  const auto configuration = [&](const std::optional<std::size_t>& c) {
    return c ? Json(comparison.configurations[*c]) : Json(nullptr);
  };
  Json doc;
  doc["meta"] = detail::meta_json(comparison.provenance,
                                  {.seed = comparison.seed, .replications = comparison.replications,
                                   .start = comparison.start, .horizon_days = comparison.horizon_days});
  doc["scenario"] = comparison.scenario;
  doc["seed"] = comparison.seed;
  doc["replications"] = comparison.replications;
  doc["confidence"] = comparison.confidence;
  doc["min_difference"] = comparison.min_difference;
  doc["configurations"] = comparison.configurations;
  Json kpis = Json::array();
  for (const KpiComparison& k : comparison.kpis) {
    Json rows = Json::array();
    for (std::size_t c = 0; c < k.mean.size(); ++c) {
      const PairedDifference& d = k.vs_first[c];
      rows.push_back(Json{{"configuration", comparison.configurations[c]},
                          {"mean", number(k.mean[c])},
                          {"sd", number(k.sd[c])},
                          {"diff_vs_first", number(d.mean)},
                          {"diff_se", number(d.standard_error)},
                          {"ci_low", number(d.ci_low)},
                          {"ci_high", number(d.ci_high)}});
    }
    kpis.push_back(
        Json{{"kpi", k.kpi},
             {"better", k.better == Better::none ? Json(nullptr) : Json(to_string(k.better))},
             {"best", configuration(k.best)},
             {"winner", configuration(k.winner)},
             {"verdict", to_string(k.verdict)},
             {"winner_confidence", number(k.winner_confidence)},
             {"relative_difference",
              std::isinf(k.relative_difference) ? Json("inf") : number(k.relative_difference)},
             {"configurations", std::move(rows)}});
  }
  doc["kpis"] = std::move(kpis);
  out << detail::json_text(doc, 2) << '\n';
}

void write_comparison_replications_csv(std::ostream& out, const Comparison& comparison) {
  const std::size_t width = kpi_table().size();
  const std::size_t configurations = comparison.configurations.size();
  if (comparison.values.size() != comparison.replications * configurations * width) {
    throw Error(
        fmt::format("the comparison holds {} KPI values, not those of {} replications "
                    "x {} configurations",
                    comparison.values.size(), comparison.replications, configurations));
  }
  fmt::memory_buffer buf;
  detail::append(buf, "configuration,replication");
  detail::append_kpi_header(buf);
  buf.push_back('\n');
  const std::span<const double> values = comparison.values;
  for (std::uint64_t r = 0; r < comparison.replications; ++r) {
    for (std::size_t c = 0; c < configurations; ++c) {
      detail::append_csv_field(buf, comparison.configurations[c]);
      buf.push_back(',');
      detail::append_int(buf, static_cast<std::int64_t>(r));
      detail::append_kpi_values(buf, values.subspan((r * configurations + c) * width, width));
      buf.push_back('\n');
    }
    if (buf.size() > (std::size_t{1} << 20)) detail::flush(out, buf);
  }
  detail::flush(out, buf);
}

void write_comparison_outputs(OutputDirectory& out, const Comparison& comparison) {
  out.write("compare.csv", [&](std::ostream& o) { write_comparison_csv(o, comparison); });
  out.write("compare.json", [&](std::ostream& o) { write_comparison_json(o, comparison); });
  out.write("compare_replications.csv",
            [&](std::ostream& o) { write_comparison_replications_csv(o, comparison); });
}

void write_comparison_outputs(const std::filesystem::path& dir, const Comparison& comparison) {
  OutputDirectory out(dir);
  write_comparison_outputs(out, comparison);
  out.finish();
}

}  // namespace blanko
