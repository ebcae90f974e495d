// The outputs of a Monte Carlo run: the headline table, summary.json, kpis.csv, bands.csv.
#include <blanko/monte_carlo.hpp>

#include "detail/json_format.hpp"
#include "detail/report_format.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <ostream>

namespace blanko {
namespace {

using detail::append;
using detail::append_csv_field;

// The office stockout-day bins of summary.json: [from, to] days.
constexpr std::array<std::pair<int, int>, 8> kStockoutBins{
    {{0, 0}, {1, 7}, {8, 14}, {15, 30}, {31, 60}, {61, 90}, {91, 180}, {181, 366}}};

const MonteCarloStatistics& statistics_of(const MonteCarloResult& result) {
  if (!result.statistics) {
    throw Error("this Monte Carlo result has no statistics (an MPI rank other than 0)");
  }
  return *result.statistics;
}

void append_kpi_row(fmt::memory_buffer& buf, const NodeLabel& label, std::string_view kpi,
                    const KpiSummary& s) {
  for (const std::string* field : {&label.id, &label.name, &label.level, &label.province}) {
    append_csv_field(buf, *field);
    buf.push_back(',');
  }
  append(buf, kpi);
  for (const double v : {s.mean, s.sd, s.ci_low, s.ci_high, s.p5, s.p50, s.p95}) {
    detail::append_csv_number(buf, v);
  }
  buf.push_back('\n');
}

std::size_t office_count(const MonteCarloStatistics& stats) {
  std::size_t offices = 0;
  for (std::size_t v = 0; v < stats.node_count(); ++v) offices += stats.is_office(v) ? 1 : 0;
  return offices;
}

// The offices with the highest probability of at least one stockout day (ties: more mean
// stockout days, then node order), for planners deciding where to send blanks first.
void write_offices_at_risk(fmt::memory_buffer& buf, const MonteCarloStatistics& stats,
                           std::size_t at_risk) {
  const std::size_t stockout_days = kpi_index("stockout_days");
  const std::size_t suket = kpi_index("suket_issued");
  std::vector<std::size_t> offices;
  for (std::size_t v = 0; v < stats.node_count(); ++v) {
    if (stats.is_office(v) && stats.stockout_probability(v) > 0) offices.push_back(v);
  }
  const auto mean_days = [&](std::size_t v) { return stats.kpi(v, stockout_days).mean; };
  std::stable_sort(offices.begin(), offices.end(), [&](std::size_t a, std::size_t b) {
    const double pa = stats.stockout_probability(a);
    const double pb = stats.stockout_probability(b);
    return pa != pb ? pa > pb : mean_days(a) > mean_days(b);
  });
  fmt::format_to(std::back_inserter(buf), "\n{} of {} offices ran out in at least one replication",
                 offices.size(), office_count(stats));
  if (offices.empty() || at_risk == 0) {
    append(buf, "\n");
    return;
  }
  offices.resize(std::min(offices.size(), at_risk));
  fmt::format_to(std::back_inserter(buf), "; the {} most at risk:\n", offices.size());
  detail::TextTable table({{"office", true}, {"name", true}, {"P(stockout)"}, {"stockout_days mean"},
                           {"p95"}, {"suket_issued mean"}});
  for (const std::size_t v : offices) {
    const KpiSummary days = stats.kpi(v, stockout_days);
    table.add_row({stats.node_labels()[v].id, stats.node_labels()[v].name,
                   fmt::format("{:.3f}", stats.stockout_probability(v)),
                   detail::format_number(days.mean), detail::format_number(days.p95),
                   detail::format_number(stats.kpi(v, suket).mean)});
  }
  table.print(buf);
}

}  // namespace

void write_monte_carlo_table(std::ostream& out, const MonteCarloResult& result,
                             std::size_t at_risk) {
  const MonteCarloStatistics& stats = statistics_of(result);
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf),
                 "{}: {} replications, seed {}, network KPIs per replication ({:.0f}% interval "
                 "of the mean)\n",
                 result.scenario, stats.replications(), result.seed, result.confidence * 100);
  detail::TextTable table({{"kpi", true}, {"mean"}, {"ci_low"}, {"ci_high"}, {"p5"}, {"p50"},
                           {"p95"}});
  for (const KpiDefinition& kpi : kpi_table()) {
    if (!kpi.headline) continue;
    const KpiSummary s = stats.network_kpi(kpi.name, result.confidence);
    table.add_row({std::string(kpi.name), detail::format_number(s.mean), detail::format_number(s.ci_low),
                   detail::format_number(s.ci_high), detail::format_number(s.p5), detail::format_number(s.p50),
                   detail::format_number(s.p95)});
  }
  table.print(buf);
  write_offices_at_risk(buf, stats, at_risk);
  detail::flush(out, buf);
}

void write_monte_carlo_kpis_csv(std::ostream& out, const MonteCarloResult& result) {
  const MonteCarloStatistics& stats = statistics_of(result);
  fmt::memory_buffer buf;
  append(buf, "node,name,level,province,kpi,mean,sd,ci_low,ci_high,p5,p50,p95\n");
  const auto names = kpi_names();
  const std::size_t nodes = stats.node_count();
  for (std::size_t node = 0; node < nodes; ++node) {
    for (std::size_t k = 0; k < names.size(); ++k) {
      append_kpi_row(buf, stats.node_labels()[node], names[k], stats.kpi(node, k, result.confidence));
    }
    if (buf.size() > (std::size_t{1} << 20)) detail::flush(out, buf);
  }
  const NodeLabel network = network_label();
  for (const KpiDefinition& kpi : kpi_table()) {
    append_kpi_row(buf, network, kpi.name, stats.network_kpi(kpi.name, result.confidence));
  }
  detail::flush(out, buf);
}

void write_monte_carlo_bands_csv(std::ostream& out, const MonteCarloResult& result) {
  const MonteCarloStatistics& stats = statistics_of(result);
  fmt::memory_buffer buf;
  append(buf, "date,group,series,mean,p5,p25,p50,p75,p95\n");
  using Band = MonteCarloStatistics::Band;
  for (std::int32_t day = 0; day < stats.days(); ++day) {
    const std::string date = to_iso_string(result.start + std::chrono::days{day});
    for (std::size_t g = 0; g < stats.groups().size(); ++g) {
      for (const auto& [band, name] : {std::pair{Band::on_hand, "on_hand"},
                                       std::pair{Band::backlog, "backlog"}}) {
        const BandSummary s = stats.band(band, day, g);
        append(buf, date);
        buf.push_back(',');
        append_csv_field(buf, stats.groups()[g].name);
        buf.push_back(',');
        append(buf, name);
        for (const double v : {s.mean, s.p5, s.p25, s.p50, s.p75, s.p95}) detail::append_csv_number(buf, v);
        buf.push_back('\n');
      }
    }
    if (buf.size() > (std::size_t{1} << 20)) detail::flush(out, buf);
  }
  detail::flush(out, buf);
}

namespace {

nlohmann::ordered_json meta_of(const MonteCarloResult& result) {
  const MonteCarloStatistics& stats = statistics_of(result);
  return detail::meta_json(result.provenance, {.seed = result.seed,
                                               .replications = stats.replications(),
                                               .start = result.start,
                                               .horizon_days = stats.days()});
}

}  // namespace

void write_monte_carlo_meta_json(std::ostream& out, const MonteCarloResult& result) {
  out << meta_of(result).dump(2) << '\n';
}

void write_monte_carlo_replications_csv(std::ostream& out, const MonteCarloResult& result) {
  const MonteCarloStatistics& stats = statistics_of(result);
  fmt::memory_buffer buf;
  append(buf, "replication,seed");
  for (const KpiDefinition& kpi : kpi_table()) {
    buf.push_back(',');
    append(buf, kpi.name);
  }
  buf.push_back('\n');
  for (std::uint64_t r = 0; r < stats.replications(); ++r) {
    detail::append_int(buf, static_cast<std::int64_t>(r));
    buf.push_back(',');
    append(buf, fmt::format_int(result.seed).c_str());
    for (std::size_t k = 0; k < kpi_table().size(); ++k) {
      buf.push_back(',');
      detail::append_kpi_value(buf, kpi_table()[k], stats.network_value(r, k));
    }
    buf.push_back('\n');
    if (buf.size() > (std::size_t{1} << 20)) detail::flush(out, buf);
  }
  detail::flush(out, buf);
}

void write_monte_carlo_json(std::ostream& out, const MonteCarloResult& result) {
  using Json = nlohmann::ordered_json;
  const MonteCarloStatistics& stats = statistics_of(result);
  const auto names = kpi_names();
  const std::size_t nodes = stats.node_count();
  Json doc;
  doc["meta"] = meta_of(result);
  doc["scenario"] = result.scenario;
  doc["start"] = to_iso_string(result.start);
  doc["horizon_days"] = stats.days();
  doc["seed"] = result.seed;
  doc["replications"] = stats.replications();
  doc["confidence"] = result.confidence;
  Json network = Json::object();
  for (const KpiDefinition& kpi : kpi_table()) {
    network[std::string(kpi.name)] = detail::kpi_summary_json(stats.network_kpi(kpi.name, result.confidence));
  }
  Json distribution = Json::array();
  const auto histogram = stats.office_stockout_days_histogram();
  std::uint64_t office_replications = 0;
  for (const std::uint64_t count : histogram) office_replications += count;
  for (const auto& [from, to] : kStockoutBins) {
    std::uint64_t count = 0;
    for (int d = from; d <= to && d < static_cast<int>(histogram.size()); ++d) {
      count += histogram[static_cast<std::size_t>(d)];
    }
    if (from >= static_cast<int>(histogram.size())) continue;
    distribution.push_back(
        {{"from_days", from},
         {"to_days", std::min(to, static_cast<int>(histogram.size()) - 1)},
         {"share", office_replications == 0 ? 0.0
                                             : static_cast<double>(count) /
                                                   static_cast<double>(office_replications)}});
  }
  Json node_list = Json::array();
  for (std::size_t node = 0; node < nodes; ++node) {
    Json kpis = Json::object();
    for (std::size_t k = 0; k < names.size(); ++k) {
      kpis[names[k]] = detail::kpi_summary_json(stats.kpi(node, k, result.confidence));
    }
    const NodeLabel& label = stats.node_labels()[node];
    node_list.push_back({{"node", label.id},
                         {"name", label.name},
                         {"level", label.level},
                         {"province", label.province},
                         {"stockout_probability", stats.stockout_probability(node)},
                         {"kpis", std::move(kpis)}});
  }
  doc["network"] = std::move(network);
  doc["office_stockout_days"] = std::move(distribution);
  doc["nodes"] = std::move(node_list);
  out << doc.dump(2) << '\n';
}

void write_monte_carlo_outputs(const std::filesystem::path& dir, const MonteCarloResult& result) {
  const MonteCarloStatistics& stats = statistics_of(result);
  detail::create_output_directory(dir);
  detail::write_atomically(dir / "summary.json",
                           [&](std::ostream& out) { write_monte_carlo_json(out, result); });
  detail::write_atomically(dir / "meta.json",
                           [&](std::ostream& out) { write_monte_carlo_meta_json(out, result); });
  detail::write_atomically(dir / "kpis.csv",
                           [&](std::ostream& out) { write_monte_carlo_kpis_csv(out, result); });
  detail::write_atomically(dir / "replications.csv", [&](std::ostream& out) {
    write_monte_carlo_replications_csv(out, result);
  });
  if (!stats.groups().empty()) {
    detail::write_atomically(dir / "bands.csv",
                             [&](std::ostream& out) { write_monte_carlo_bands_csv(out, result); });
  }
}

}  // namespace blanko
