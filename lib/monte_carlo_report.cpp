// The outputs of a Monte Carlo run: the headline table, summary.json, kpis.csv, bands.csv.
#include <blanko/monte_carlo.hpp>
#include <blanko/output_directory.hpp>

#include "detail/atomic_file.hpp"
#include "detail/json_format.hpp"
#include "detail/json_text.hpp"
#include "detail/report_format.hpp"
#include "detail/summary_columns.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <ostream>
#include <system_error>

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
  detail::append_label_fields(buf, label);
  append(buf, kpi);
  for (const double v : {s.mean, s.sd, s.ci_low, s.ci_high, s.p5, s.p50, s.p95}) {
    detail::append_csv_number(buf, v);
  }
  buf.push_back('\n');
}

using detail::CellFormat;
using detail::KpiColumn;

// The columns of the at-risk table after the probability: means over replications.
constexpr std::array<KpiColumn, 5> kRiskColumns{{
    {"stockout d", "stockout_days", CellFormat::one_decimal},
    {"suket", "suket_issued", CellFormat::whole},
    {"fill %", "fill_rate", CellFormat::percent},
    {"printer d", "printer_bound_days", CellFormat::one_decimal},
    {"mean wait d", "mean_wait_days", CellFormat::one_decimal},
}};

// The nodes the at-risk table may show: offices, provinces (their own stock), or both.
bool shown_at_level(const MonteCarloStatistics& stats, std::size_t v, TableLevel level) {
  const bool office = stats.is_office(v);
  const bool province = stats.node_labels()[v].level == "province";
  switch (level) {
    case TableLevel::all: return office || province;
    case TableLevel::kabkota: return office;
    case TableLevel::province: return province;
  }
  return false;
}

// The nodes with the highest probability of at least one stockout day (ties: more mean
// stockout days, then node order), for planners deciding where to send blanks first.
void write_at_risk(fmt::memory_buffer& buf, const MonteCarloStatistics& stats,
                   const TableOptions& options) {
  const std::size_t stockout_days = kpi_index("stockout_days");
  std::vector<std::size_t> rows;
  std::size_t candidates = 0;
  for (const std::size_t v : detail::nodes_within(stats.node_labels(), options)) {
    if (!shown_at_level(stats, v, options.level)) continue;
    ++candidates;
    if (stats.stockout_probability(v) > 0) rows.push_back(v);
  }
  const std::size_t ran_out = rows.size();
  const auto mean_days = [&](std::size_t v) { return stats.kpi(v, stockout_days).mean; };
  detail::keep_top(rows, options.top.value_or(10), [&](std::size_t a, std::size_t b) {
    const double pa = stats.stockout_probability(a);
    const double pb = stats.stockout_probability(b);
    return pa != pb ? pa > pb : mean_days(a) > mean_days(b);
  });
  const std::string_view what = options.level == TableLevel::kabkota ? "offices"
                                : options.level == TableLevel::province ? "provinces"
                                                                        : "offices and provinces";
  fmt::format_to(std::back_inserter(buf), "\n{} of {} {}{} ran out in at least one replication",
                 ran_out, candidates, what,
                 options.within.empty() ? std::string() : fmt::format(" within {}", options.within));
  if (rows.empty()) {
    append(buf, "\n");
    return;
  }
  fmt::format_to(std::back_inserter(buf), "; the {} most at risk:\n", rows.size());
  std::vector<detail::TextTable::Column> columns{
      {"node", true}, {"name", true}, {"P(stockout)"}, {"p95 stockout d"}};
  for (const KpiColumn& c : kRiskColumns) columns.push_back({c.header, false});
  columns.push_back({"bottleneck", true});
  detail::TextTable table(std::move(columns));
  for (const std::size_t v : rows) {
    std::vector<std::string> cells{stats.node_labels()[v].id, stats.node_labels()[v].name,
                                   detail::format_cell(CellFormat::probability, stats.stockout_probability(v)),
                                   detail::format_cell(CellFormat::one_decimal,
                                                       stats.kpi(v, stockout_days).p95)};
    for (const KpiColumn& c : kRiskColumns) {
      // A province prints nothing: only its stockout days mean something.
      const bool applies = stats.is_office(v) || c.kpi == "stockout_days";
      cells.push_back(applies ? detail::format_cell(c.format, stats.kpi(v, kpi_index(c.kpi)).mean)
                              : std::string("-"));
    }
    cells.emplace_back(detail::bottleneck(mean_days(v), stats.kpi(v, kpi_index("printer_bound_days")).mean));
    table.add_row(std::move(cells));
  }
  table.print(buf);
  if (!options.legend) return;
  std::vector<detail::LegendLine> lines{
      {"P(stockout)", "share of replications with at least one stockout day"},
      {"p95 stockout d", "95th percentile of the stockout days over replications (sketched)"}};
  for (const KpiColumn& c : kRiskColumns) {
    detail::LegendLine line = detail::legend_of(c);
    line.second = "mean over replications of the " + line.second;
    lines.push_back(std::move(line));
  }
  lines.push_back(detail::bottleneck_legend());
  detail::append_legend(buf, lines);
}

// One row per province: its offices' chances and mean totals (means add up exactly).
void write_by_province(fmt::memory_buffer& buf, const MonteCarloStatistics& stats,
                       const TableOptions& options) {
  struct Province {
    std::string id, name;
    std::size_t offices = 0, ran_out = 0;
    double worst = 0, stockout_days = 0, suket = 0, printer_days = 0;
  };
  std::vector<Province> provinces;
  const std::size_t days = kpi_index("stockout_days");
  const std::size_t suket = kpi_index("suket_issued");
  const std::size_t printer = kpi_index("printer_bound_days");
  for (const detail::ProvinceOffices& group : detail::offices_by_province(
           stats.node_labels(), options, [&](std::size_t v) { return stats.is_office(v); })) {
    Province p{.id = group.id, .name = group.name, .offices = group.offices.size()};
    for (const std::size_t v : group.offices) {
      const double probability = stats.stockout_probability(v);
      p.ran_out += probability > 0 ? 1 : 0;
      p.worst = std::max(p.worst, probability);
      p.stockout_days += stats.kpi(v, days).mean;
      p.suket += stats.kpi(v, suket).mean;
      p.printer_days += stats.kpi(v, printer).mean;
    }
    provinces.push_back(std::move(p));
  }
  std::vector<std::size_t> order(provinces.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  detail::keep_top(order, options.top, [&](std::size_t a, std::size_t b) {
    return provinces[a].stockout_days > provinces[b].stockout_days;
  });
  append(buf, "\nBy province (the offices of each):\n");
  detail::TextTable table({{"province", true}, {"name", true}, {"offices"}, {"ran out"},
                           {"max P(stockout)"}, {"stockout d"}, {"suket"}, {"printer d"},
                           {"bottleneck", true}});
  for (const std::size_t i : order) {
    const Province& p = provinces[i];
    table.add_row({p.id, p.name, std::to_string(p.offices), std::to_string(p.ran_out),
                   detail::format_cell(CellFormat::probability, p.worst),
                   detail::format_cell(CellFormat::one_decimal, p.stockout_days),
                   detail::format_cell(CellFormat::whole, p.suket),
                   detail::format_cell(CellFormat::one_decimal, p.printer_days),
                   std::string(detail::bottleneck(p.stockout_days, p.printer_days))});
  }
  table.print(buf);
  if (!options.legend) return;
  detail::append_legend(
      buf, {{"offices", "kab/kota offices of the province"},
            {"ran out", "offices with at least one stockout day in at least one replication"},
            {"max P(stockout)", "the highest probability of a stockout day among them"},
            {"stockout d", "mean over replications of their stockout days, summed (days)"},
            {"suket", "mean over replications of their suket issued, summed (requests)"},
            {"printer d", "mean over replications of their printer-bound days, summed (days)"},
            detail::bottleneck_legend()});
}

}  // namespace

void write_monte_carlo_table(std::ostream& out, const MonteCarloResult& result,
                             const TableOptions& options) {
  const MonteCarloStatistics& stats = statistics_of(result);
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf),
                 "{}: {} replications, seed {}, network KPIs per replication ({:.0f}% interval "
                 "of the mean; quantiles over replications)\n",
                 result.scenario, stats.replications(), result.seed, result.confidence * 100);
  detail::TextTable table({{"kpi", true}, {"mean"}, {"ci_low"}, {"ci_high"}, {"p5"}, {"p50"},
                           {"p95"}});
  std::vector<detail::LegendLine> legend;
  for (const KpiDefinition* kpi : detail::headline_kpis()) {
    const KpiSummary s = stats.network_kpi(kpi->name, result.confidence);
    std::vector<std::string> cells{detail::kpi_label(*kpi)};
    for (const double v : {s.mean, s.ci_low, s.ci_high, s.p5, s.p50, s.p95}) {
      cells.push_back(detail::format_kpi(*kpi, v));
    }
    table.add_row(std::move(cells));
    legend.push_back(detail::kpi_legend_entry(*kpi));
  }
  table.print(buf);
  if (options.legend) detail::append_legend(buf, legend);
  write_at_risk(buf, stats, options);
  if (options.by_province) write_by_province(buf, stats, options);
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
  out << detail::json_text(meta_of(result), 2) << '\n';
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
  out << detail::json_text(doc, 2) << '\n';
}

void write_monte_carlo_outputs(OutputDirectory& out, const MonteCarloResult& result) {
  const MonteCarloStatistics& stats = statistics_of(result);
  out.write("summary.json", [&](std::ostream& o) { write_monte_carlo_json(o, result); });
  out.write("meta.json", [&](std::ostream& o) { write_monte_carlo_meta_json(o, result); });
  out.write("kpis.csv", [&](std::ostream& o) { write_monte_carlo_kpis_csv(o, result); });
  out.write("replications.csv",
            [&](std::ostream& o) { write_monte_carlo_replications_csv(o, result); });
  if (!stats.groups().empty()) {
    out.write("bands.csv", [&](std::ostream& o) { write_monte_carlo_bands_csv(o, result); });
  }
}

void write_monte_carlo_outputs(const std::filesystem::path& dir, const MonteCarloResult& result) {
  (void)statistics_of(result);  // before the directory is touched
  OutputDirectory out(dir);
  write_monte_carlo_outputs(out, result);
  out.finish();
}

ReplicationNodesWriter::ReplicationNodesWriter(std::filesystem::path file, const Model& model,
                                               const std::vector<std::string>& kpis,
                                               bool keep_partial)
    : file_(std::move(file)), partial_(file_.string() + ".partial"), keep_partial_(keep_partial) {
  for (const std::string& name : kpis) {
    kpis_.push_back(kpi_index(name));
    kpi_names_.push_back(name);
  }
  for (const NodeLabel& label : model.node_labels()) {
    fmt::memory_buffer prefix;
    detail::append_label_fields(prefix, label);
    prefixes_.emplace_back(prefix.data(), prefix.size());
  }
}

ReplicationNodesWriter::~ReplicationNodesWriter() {
  // A run that failed or was stopped: without checkpoints nothing can resume it, so its
  // partial file would only be left lying about.
  if (out_ && !finished_ && !keep_partial_) {
    out_->close();
    std::error_code ignored;
    std::filesystem::remove(partial_, ignored);
  }
}

void ReplicationNodesWriter::open(std::uint64_t first) {
  constexpr std::string_view kHeader = "replication,node,name,level,province,kpi,value\n";
  std::error_code ec;
  if (first == 0) {
    out_ = std::make_unique<std::ofstream>(partial_, std::ios::binary | std::ios::trunc);
    if (*out_) *out_ << kHeader;
  } else {
    // A resumed run: keep the rows of replications 0 .. first - 1 and drop the rest, which
    // the killed run wrote after its last checkpoint and this run writes again.
    std::ifstream in(partial_, std::ios::binary);
    std::string line;
    std::uintmax_t keep = 0;
    std::uint64_t last = 0;
    bool any = false;
    // Bad input like a bad checkpoint: the CLI exits with 2 and names the file.
    const auto refuse = [&](const std::string& why) {
      throw InputError(partial_.string(), fmt::format("cannot resume {}: {}", file_.string(), why));
    };
    if (!std::getline(in, line) || line + "\n" != kHeader) {
      refuse("the partial file of the interrupted run is missing or not a replications_nodes file "
             "(was it run with the same --per-node?)");
    }
    keep = line.size() + 1;
    while (std::getline(in, line)) {
      std::uint64_t replication = 0;
      const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), replication);
      if (error != std::errc{} || end == line.data() + line.size() || *end != ',') {
        refuse("a row of the partial file does not start with a replication number");
      }
      if (replication >= first) break;
      last = replication;
      any = true;
      keep += line.size() + 1;
    }
    if (!any || last + 1 != first) {
      refuse(fmt::format("the partial file holds replications up to {}, the checkpoint {}",
                         any ? std::to_string(last) : "none", first));
    }
    in.close();
    std::filesystem::resize_file(partial_, keep, ec);
    out_ = std::make_unique<std::ofstream>(partial_, std::ios::binary | std::ios::app);
  }
  if (ec || !*out_) {
    const std::string why = ec ? ec.message() : std::generic_category().message(errno);
    out_.reset();  // this writer did not make the file: never remove it
    throw OutputError(partial_.string(), fmt::format("cannot write this file: {}", why));
  }
  next_ = first;
}

void ReplicationNodesWriter::add(const ReplicationKpis& replication) {
  if (!out_) open(replication.replication());
  if (replication.replication() != next_) {
    throw Error(fmt::format("replications_nodes: replication {} arrived, expected {}",
                            replication.replication(), next_));
  }
  fmt::memory_buffer buf;
  const fmt::format_int index(replication.replication());
  for (std::size_t v = 0; v < prefixes_.size() && v < replication.node_count(); ++v) {
    for (std::size_t k = 0; k < kpis_.size(); ++k) {
      append(buf, std::string_view(index.data(), index.size()));
      buf.push_back(',');
      append(buf, prefixes_[v]);
      append(buf, kpi_names_[k]);
      buf.push_back(',');
      detail::append_kpi_value(buf, node_kpis()[kpis_[k]], replication.node_kpi(v, kpis_[k]));
      buf.push_back('\n');
    }
  }
  // Flushed each time: a killed run leaves every replication it folded in the file.
  detail::flush(*out_, buf);
  out_->flush();
  if (!*out_) {
    throw OutputError(partial_.string(), fmt::format("cannot write this file: {}",
                                                     std::generic_category().message(errno)));
  }
  ++next_;
}

void ReplicationNodesWriter::finish(std::uint64_t replications) {
  if (!out_) open(replications);  // every replication was resumed: keep the file as it is
  if (next_ != replications) {
    throw Error(fmt::format("replications_nodes: {} replications written, {} run",
                            next_, replications));
  }
  out_->close();
  if (!*out_) {
    throw OutputError(partial_.string(), fmt::format("cannot write this file: {}",
                                                     std::generic_category().message(errno)));
  }
  detail::sync_file(partial_);
  std::error_code ec;
  std::filesystem::rename(partial_, file_, ec);
  if (ec) {
    throw OutputError(file_.string(), fmt::format("cannot rename {} to this file: {}",
                                                  partial_.string(), ec.message()));
  }
  finished_ = true;
  detail::sync_directory(file_.has_parent_path() ? file_.parent_path()
                                                 : std::filesystem::path("."));
}

}  // namespace blanko
