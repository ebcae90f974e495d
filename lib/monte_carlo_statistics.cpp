// MonteCarloStatistics: folding replications into per-KPI moments and quantile sketches.
#include <blanko/model.hpp>
#include <blanko/monte_carlo.hpp>

#include "detail/binary_io.hpp"
#include "detail/report_format.hpp"
#include "detail/suggest.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace blanko {
namespace {

// Quantiles of KPIs within 2 x range / 256; fan-chart bands, of which there are tens of
// thousands, within 2 x range / 128, finer than a chart shows.
constexpr std::size_t kKpiBins = 256;
constexpr std::size_t kBandBins = 128;

}  // namespace

std::span<const std::string> kpi_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    detail::for_each_kpi(NodeKpis{}, [&](std::string_view name, auto) { all.emplace_back(name); });
    return all;
  }();
  return names;
}

std::size_t kpi_index(std::string_view name) {
  const auto names = kpi_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    throw Error("unknown KPI '" + std::string(name) + "'" +
                detail::suggestion_suffix(name, names));
  }
  return static_cast<std::size_t>(it - names.begin());
}

std::string_view to_string(NetworkKpi kpi) {
  switch (kpi) {
    case NetworkKpi::offices_with_stockout: return "offices_with_stockout";
    case NetworkKpi::tender_failures: return "tender_failures";
  }
  return "?";
}

KpiSummary MonteCarloStatistics::Moments::summary(double confidence) const {
  KpiSummary s;
  s.mean = stats.mean();
  s.sd = stats.standard_deviation();
  const double half = stats.half_width(confidence);
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  s.p5 = sketch.quantile(0.05);
  s.p50 = sketch.quantile(0.50);
  s.p95 = sketch.quantile(0.95);
  s.min = stats.min();
  s.max = stats.max();
  return s;
}

MonteCarloStatistics::MonteCarloStatistics(const Model& model, std::vector<NodeGroup> groups)
    : groups_(std::move(groups)), days_(model.horizon_days()) {
  const Network& network = model.network();
  for (NodeIndex v = 0; v < network.node_count(); ++v) {
    node_names_.push_back(network.id(v));
    node_titles_.push_back(model.scenario().nodes[static_cast<std::size_t>(v)].name);
    is_office_.push_back(model.scenario().nodes[static_cast<std::size_t>(v)].office.has_value());
  }
  const std::size_t slots = node_names_.size() + 1;  // every node, then the total
  kpis_.assign(slots * kpi_names().size(), Moments(kKpiBins));
  network_kpis_.assign(kNetworkKpiCount, Moments(kKpiBins));
  stockout_replications_.assign(slots, 0);
  office_stockout_histogram_.assign(static_cast<std::size_t>(days_) + 1, 0);
  const std::size_t cells = groups_.size() * static_cast<std::size_t>(days_);
  on_hand_.assign(cells, Moments(kBandBins));
  backlog_.assign(cells, Moments(kBandBins));
}

void MonteCarloStatistics::fold(std::span<Moments> moments, std::span<const double> values) {
  // Tens of thousands of sketches keep their bins all over the heap, far more than the
  // caches hold: asking for the bin a few values ahead lets those memory reads overlap
  // instead of each add waiting for its own (this halved the fold of a national run).
  constexpr std::size_t kAhead = 8;
  for (std::size_t i = 0; i < moments.size(); ++i) {
    if (i + kAhead < moments.size()) moments[i + kAhead].sketch.prefetch(values[i + kAhead]);
    moments[i].add(values[i]);
  }
}

void MonteCarloStatistics::add_record(std::span<const double> values) {
  const std::size_t kpi_count = kpi_names().size();
  const std::size_t slots = node_names_.size() + 1;
  const std::size_t cells = on_hand_.size();
  if (values.size() != slots * kpi_count + 1 + 2 * cells) {
    throw Error("MonteCarloStatistics: a replication of another model or other band groups");
  }
  static const std::size_t stockout_days = kpi_index("stockout_days");
  fold(kpis_, values.subspan(0, slots * kpi_count));
  std::int64_t offices_with_stockout = 0;
  for (std::size_t slot = 0; slot < slots; ++slot) {
    const double days = values[slot * kpi_count + stockout_days];
    if (days > 0) ++stockout_replications_[slot];
    if (slot < node_names_.size() && is_office_[slot]) {
      const auto bin = static_cast<std::size_t>(std::clamp(days, 0.0, static_cast<double>(days_)));
      ++office_stockout_histogram_[bin];
      if (days > 0) ++offices_with_stockout;
    }
  }
  const double* rest = &values[slots * kpi_count];
  network_kpis_[static_cast<std::size_t>(NetworkKpi::offices_with_stockout)].add(
      static_cast<double>(offices_with_stockout));
  network_kpis_[static_cast<std::size_t>(NetworkKpi::tender_failures)].add(rest[0]);
  const std::span<const double> bands = values.subspan(slots * kpi_count + 1);
  fold(on_hand_, bands.subspan(0, cells));
  fold(backlog_, bands.subspan(cells, cells));
  ++replications_;
}

KpiSummary MonteCarloStatistics::kpi(std::size_t node, std::size_t kpi, double confidence) const {
  if (node > node_names_.size() || kpi >= kpi_names().size()) {
    throw Error("MonteCarloStatistics::kpi: node or KPI index out of range");
  }
  return kpis_[node * kpi_names().size() + kpi].summary(confidence);
}

KpiSummary MonteCarloStatistics::network_kpi(std::string_view name, double confidence) const {
  for (std::size_t k = 0; k < kNetworkKpiCount; ++k) {
    if (name == to_string(static_cast<NetworkKpi>(k))) {
      return network_kpi(static_cast<NetworkKpi>(k), confidence);
    }
  }
  return kpi(node_names_.size(), kpi_index(name), confidence);
}

KpiSummary MonteCarloStatistics::network_kpi(NetworkKpi kpi, double confidence) const {
  return network_kpis_[static_cast<std::size_t>(kpi)].summary(confidence);
}

double MonteCarloStatistics::stockout_probability(std::size_t node) const {
  if (replications_ == 0) return std::nan("");
  return static_cast<double>(stockout_replications_.at(node)) /
         static_cast<double>(replications_);
}

const MonteCarloStatistics::Moments& MonteCarloStatistics::band_moments(
    Band band, std::int32_t day, std::size_t group) const {
  if (day < 0 || day >= days_ || group >= groups_.size()) {
    throw Error("MonteCarloStatistics::band: day or group out of range");
  }
  const std::size_t at = static_cast<std::size_t>(day) * groups_.size() + group;
  return band == Band::on_hand ? on_hand_[at] : backlog_[at];
}

BandSummary MonteCarloStatistics::band(Band band, std::int32_t day, std::size_t group) const {
  const Moments& m = band_moments(band, day, group);
  return {.mean = m.stats.mean(),
          .p5 = m.sketch.quantile(0.05),
          .p25 = m.sketch.quantile(0.25),
          .p50 = m.sketch.quantile(0.50),
          .p75 = m.sketch.quantile(0.75),
          .p95 = m.sketch.quantile(0.95)};
}

std::size_t MonteCarloStatistics::stored_elements() const {
  // Each Moments holds five moment numbers and its sketch's bins.
  constexpr std::size_t kMomentNumbers = 5;
  std::size_t total = stockout_replications_.size() + office_stockout_histogram_.size();
  for (const auto* all : {&kpis_, &network_kpis_, &on_hand_, &backlog_}) {
    for (const Moments& m : *all) total += kMomentNumbers + m.sketch.stored_bins();
  }
  return total;
}

void MonteCarloStatistics::save(std::ostream& out) const {
  detail::write_binary(out, replications_, days_);
  detail::write_vector(out, stockout_replications_);
  detail::write_vector(out, office_stockout_histogram_);
  for (const auto* all : {&kpis_, &network_kpis_, &on_hand_, &backlog_}) {
    detail::write_binary(out, static_cast<std::uint64_t>(all->size()));
    for (const Moments& m : *all) {
      m.stats.save(out);
      m.sketch.save(out);
    }
  }
}

void MonteCarloStatistics::load(std::istream& in) {
  std::int32_t days = 0;
  detail::read_binary(in, replications_, days);
  detail::read_vector(in, stockout_replications_);
  detail::read_vector(in, office_stockout_histogram_);
  for (auto* all : {&kpis_, &network_kpis_, &on_hand_, &backlog_}) {
    std::uint64_t size = 0;
    detail::read_binary(in, size);
    if (size != all->size() || days != days_) {
      throw Error("checkpoint was written for another model or other bands");
    }
    for (Moments& m : *all) {
      m.stats.load(in);
      m.sketch.load(in);
    }
  }
  if (stockout_replications_.size() != node_names_.size() + 1 ||
      office_stockout_histogram_.size() != static_cast<std::size_t>(days_) + 1) {
    throw Error("checkpoint was written for another model");
  }
}

}  // namespace blanko
