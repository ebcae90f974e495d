// MonteCarloStatistics: folding replications into per-KPI moments and quantile sketches.
#include <blanko/model.hpp>
#include <blanko/monte_carlo.hpp>

#include "detail/binary_io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

namespace blanko {
namespace {

// Quantiles of KPIs within 2 x range / 256; fan-chart bands, of which there are tens of
// thousands, within 2 x range / 128, finer than a chart shows.
constexpr std::size_t kKpiBins = 256;
constexpr std::size_t kBandBins = 128;

}  // namespace

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

std::uint64_t MonteCarloStatistics::memory_bytes(std::uint64_t nodes, std::uint64_t groups,
                                                std::uint64_t horizon, std::uint64_t replications) {
  const std::uint64_t kpi = sizeof(Moments) + kKpiBins * sizeof(std::uint64_t);
  const std::uint64_t band = sizeof(Moments) + kBandBins * sizeof(std::uint64_t);
  return (nodes + 1) * kpi_names().size() * kpi + groups * horizon * 2 * band +
         replications * kpi_table().size() * sizeof(double) + (horizon + 1) * sizeof(std::uint64_t);
}

MonteCarloStatistics::MonteCarloStatistics(const Model& model, std::vector<NodeGroup> groups)
    : labels_(model.node_labels()), groups_(std::move(groups)), days_(model.horizon_days()) {
  for (const NodeSpec& node : model.scenario().nodes) is_office_.push_back(node.office.has_value());
  const std::size_t slots = labels_.size() + 1;  // every node, then the network
  kpis_.assign(slots * kpi_names().size(), Moments(kKpiBins));
  network_kpis_.assign(network_only_kpis().size(), Moments(kKpiBins));
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
  const std::size_t slots = labels_.size() + 1;
  const std::size_t network_only = network_only_kpis().size();
  const std::size_t cells = on_hand_.size();
  if (values.size() != slots * kpi_count + network_only + 2 * cells) {
    throw Error("MonteCarloStatistics: a replication of another model or other band groups");
  }
  static const std::size_t stockout_days = kpi_index("stockout_days");
  fold(kpis_, values.subspan(0, slots * kpi_count));
  for (std::size_t slot = 0; slot < slots; ++slot) {
    const double days = values[slot * kpi_count + stockout_days];
    if (days > 0) ++stockout_replications_[slot];
    if (slot < labels_.size() && is_office_[slot]) {
      const auto bin = static_cast<std::size_t>(std::clamp(days, 0.0, static_cast<double>(days_)));
      ++office_stockout_histogram_[bin];
    }
  }
  // The network's row of every KPI of the table: the node KPIs' network slot, then the
  // network-only ones.
  const std::span<const double> network = values.subspan((slots - 1) * kpi_count, kpi_count + network_only);
  network_values_.insert(network_values_.end(), network.begin(), network.end());
  fold(network_kpis_, network.subspan(kpi_count));
  const std::span<const double> bands = values.subspan(slots * kpi_count + network_only);
  fold(on_hand_, bands.subspan(0, cells));
  fold(backlog_, bands.subspan(cells, cells));
  ++replications_;
}

KpiSummary MonteCarloStatistics::kpi(std::size_t node, std::size_t kpi, double confidence) const {
  if (node > labels_.size() || kpi >= kpi_names().size()) {
    throw Error("MonteCarloStatistics::kpi: node or KPI index out of range");
  }
  KpiSummary s = kpis_[node * kpi_names().size() + kpi].summary(confidence);
  if (node == labels_.size()) exact_quantiles(s, kpi);
  return s;
}

KpiSummary MonteCarloStatistics::network_kpi(std::string_view name, double confidence) const {
  const KpiDefinition& definition = find_kpi(name);
  const auto table_index = static_cast<std::size_t>(&definition - kpi_table().data());
  if (definition.per_node()) return kpi(labels_.size(), table_index, confidence);
  KpiSummary s = network_kpis_[table_index - kpi_names().size()].summary(confidence);
  exact_quantiles(s, table_index);
  return s;
}

void MonteCarloStatistics::exact_quantiles(KpiSummary& s, std::size_t table_index) const {
  const std::size_t width = kpi_table().size();
  std::vector<double> values;
  values.reserve(replications_);
  for (std::size_t at = table_index; at < network_values_.size(); at += width) {
    values.push_back(network_values_[at]);
  }
  static constexpr std::array<double, 3> kQuantiles{0.05, 0.50, 0.95};
  const std::vector<double> q = sample_quantiles(std::move(values), kQuantiles);
  s.p5 = q[0];
  s.p50 = q[1];
  s.p95 = q[2];
}

void MonteCarloStatistics::reserve(std::uint64_t replications) {
  network_values_.reserve(static_cast<std::size_t>(replications) * kpi_table().size());
}

double MonteCarloStatistics::network_value(std::uint64_t replication, std::size_t kpi) const {
  if (replication >= replications_ || kpi >= kpi_table().size()) {
    throw Error("MonteCarloStatistics::network_value: replication or KPI index out of range");
  }
  return network_values_[static_cast<std::size_t>(replication) * kpi_table().size() + kpi];
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
  detail::write_vector(out, network_values_);
  for (const auto* all : {&kpis_, &network_kpis_, &on_hand_, &backlog_}) {
    detail::write_binary(out, static_cast<std::uint64_t>(all->size()));
    for (const Moments& m : *all) {
      m.stats.save(out);
      m.sketch.save(out);
    }
  }
}

void MonteCarloStatistics::load(std::istream& in) {
  // Every length is checked against this model's dimensions and the bytes left before it
  // is allocated, and the state is read into a copy, so that bad bytes leave this one as it
  // was (detail/binary_io.hpp).
  detail::BinaryReader reader(in);
  MonteCarloStatistics next = *this;
  std::int32_t days = 0;
  reader.read(next.replications_, days);
  if (days != days_) {
    throw Error(fmt::format("written for another model: {} days, this one has {}", days, days_));
  }
  const std::size_t width = kpi_table().size();
  reader.check_length(next.replications_, std::numeric_limits<std::uint64_t>::max() / width,
                      sizeof(double) * width, "replications");
  reader.read_vector_of_size(next.stockout_replications_, labels_.size() + 1, "node counters");
  reader.read_vector_of_size(next.office_stockout_histogram_, static_cast<std::size_t>(days_) + 1,
                             "histogram bins");
  reader.read_vector_of_size(next.network_values_, next.replications_ * width, "network values");
  for (auto* all : {&next.kpis_, &next.network_kpis_, &next.on_hand_, &next.backlog_}) {
    std::uint64_t size = 0;
    reader.read(size);
    if (size != all->size()) {
      throw Error(
          fmt::format("corrupt or written for another model: {} statistics where this "
                      "one has {}",
                      size, all->size()));
    }
    for (Moments& m : *all) {
      m.stats.load(reader);
      m.sketch.load(reader, true);
      // Every statistic sees every replication once.
      if (m.stats.count() != next.replications_ || m.sketch.count() != next.replications_) {
        throw Error("corrupt: a statistic's count differs from the replications");
      }
    }
  }
  for (const std::uint64_t n : next.stockout_replications_) {
    if (n > next.replications_) throw Error("corrupt: more stockouts than replications");
  }
  *this = std::move(next);
}

}  // namespace blanko
