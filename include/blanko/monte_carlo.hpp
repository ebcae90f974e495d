#pragma once
/// \file monte_carlo.hpp
/// Monte Carlo runs: many replications of one read-only Model, in parallel (oneTBB) and
/// optionally across MPI ranks, folded into streaming statistics.
///
/// Replication i draws from its own streams, seeded from (seed, i, purpose), and the
/// statistics see the replications strictly in index order (a serial, in-order stage of
/// a oneTBB pipeline; rank 0 under MPI). So the outputs are bit-identical for any thread
/// count and any number of ranks, and a run resumed from a checkpoint ends exactly where
/// an uninterrupted one does. Memory does not grow with the number of replications: each
/// KPI of a node keeps a RunningStats and a QuantileSketch; only the network's KPIs are
/// kept per replication (a number per KPI), for exact quantiles and replications.csv.
///
/// \code
///   blanko::Model model(blanko::load_scenario("scenarios/indonesia-2024.yaml"));
///   blanko::MonteCarloResult mc = blanko::run_monte_carlo(model, {.replications = 1000});
///   blanko::KpiSummary fill = mc.statistics->network_kpi("fill_rate");
///   // fill.mean, fill.ci_low, fill.ci_high, fill.p5 ...
/// \endcode

#include <blanko/fwd.hpp>
#include <blanko/kpis.hpp>
#include <blanko/model.hpp>
#include <blanko/provenance.hpp>
#include <blanko/report.hpp>
#include <blanko/results.hpp>
#include <blanko/statistics.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace blanko {

/// The groups of the fan-chart bands: the whole network ("network"), then each province
/// node with every node below it in the supply tree (by primary supplier lane), in node
/// order.
[[nodiscard]] std::vector<NodeGroup> network_and_province_groups(const Model& model);

/// One KPI over the replications.
struct KpiSummary {
  double mean = 0;
  double sd = 0;       ///< sample standard deviation (NaN below two replications)
  double ci_low = 0;   ///< confidence interval of the mean (Student t)
  double ci_high = 0;
  double p5 = 0, p50 = 0, p95 = 0;  ///< quantiles over replications (QuantileSketch)
  double min = 0, max = 0;
};

/// One day of a fan chart: the mean and quantiles over replications.
struct BandSummary {
  double mean = 0;
  double p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
};

/// Where an in-flight run stands; passed to MonteCarloOptions::progress.
struct MonteCarloProgress {
  std::uint64_t done = 0;     ///< replications folded, including resumed ones
  std::uint64_t total = 0;
  std::uint64_t resumed = 0;  ///< replications taken from the checkpoint
  double elapsed_seconds = 0;
};

/// One replication's per-node KPIs as the runner folds them (MonteCarloOptions::on_replication).
class ReplicationKpis {
 public:
  ReplicationKpis(std::uint64_t replication, std::span<const double> values, std::size_t nodes)
      : replication_(replication), values_(values), nodes_(nodes) {}
  [[nodiscard]] std::uint64_t replication() const { return replication_; }
  [[nodiscard]] std::size_t node_count() const { return nodes_; }
  /// KPI `kpi` (an index into kpi_names()) of node `node`, or of the network for
  /// node_count().
  [[nodiscard]] double node_kpi(std::size_t node, std::size_t kpi) const {
    return values_[node * kpi_names().size() + kpi];
  }

 private:
  std::uint64_t replication_;
  std::span<const double> values_;
  std::size_t nodes_;
};

/// What to run.
struct MonteCarloOptions {
  std::optional<std::uint64_t> seed;  ///< default: the scenario's seed
  std::uint64_t replications = 100;   ///< replication indices 0 .. replications - 1
  unsigned threads = 0;               ///< worker threads; 0: every core
  double confidence = 0.95;           ///< of the intervals of the means
  /// Keep daily bands of on hand and backlog for network_and_province_groups().
  bool bands = true;
  /// With bands, also the bands of these nodes (ids), each a group of its own named by its
  /// id, after the network's and the provinces' (a province already has its group).
  /// blanko::Error for an unknown id, or when bands are off.
  std::vector<std::string> band_nodes;
  /// Called after each replication is folded, from one thread at a time. It may throw to
  /// stop the run: the exception leaves run_monte_carlo once the replications in flight end
  /// (the Python bindings stop a run on Ctrl-C this way).
  std::function<void(const MonteCarloProgress&)> progress;
  /// Called with each replication's KPIs in replication order, one call at a time (on rank
  /// 0 under MPI), before a checkpoint counts it: for per-replication outputs such as
  /// ReplicationNodesWriter.
  std::function<void(const ReplicationKpis&)> on_replication;
  /// Save the statistics of the replications folded so far to this file (atomically:
  /// through `<file>.tmp`, fsync'ed and renamed), every checkpoint_seconds and at the end;
  /// empty: no checkpoint.
  std::filesystem::path checkpoint;
  double checkpoint_seconds = 30;
  /// Start from `checkpoint` if it exists. The checkpoint must come from the same model,
  /// seed and bands (checked, by replaying replication 0); `replications` may be larger
  /// than the checkpoint's, to extend a finished run.
  bool resume = false;
  /// Split the replications across MPI ranks (round robin); rank 0 folds and returns the
  /// statistics, the other ranks return an empty result. Requires a blanko built with
  /// BLANKO_WITH_MPI and an MpiSession.
  bool mpi = false;
};

/// The groups a run with `options` keeps bands for: none without bands, else
/// network_and_province_groups() and then one per MonteCarloOptions::band_nodes.
[[nodiscard]] std::vector<NodeGroup> band_groups(const Model& model, const MonteCarloOptions& options);

/// Streaming statistics of a Monte Carlo run, fed one replication at a time in order.
class MonteCarloStatistics {
 public:
  /// Statistics for `model`'s nodes; with `groups`, also daily bands over them.
  MonteCarloStatistics(const Model& model, std::vector<NodeGroup> groups);

  /// Folds one replication's results (which must carry group_series for the groups).
  void add(const RunResult& result);
  /// Folds one replication in the flat form the runner moves between threads and MPI
  /// ranks (lib/detail/replication_pipeline.hpp); add() is the way in for users.
  void add_record(std::span<const double> values);

  [[nodiscard]] std::uint64_t replications() const { return replications_; }
  /// The bytes statistics of `nodes` nodes, `groups` band groups over `horizon` days and
  /// `replications` replications hold (an estimate for memory.hpp, before they exist).
  [[nodiscard]] static std::uint64_t memory_bytes(std::uint64_t nodes, std::uint64_t groups,
                                                  std::uint64_t horizon, std::uint64_t replications);
  /// Room for the network's values of `replications` replications in all, so that the
  /// vector does not double (and briefly hold both copies) as they come.
  void reserve(std::uint64_t replications);
  /// The nodes' labels (id, name, level, province), in node order.
  [[nodiscard]] std::span<const NodeLabel> node_labels() const { return labels_; }
  [[nodiscard]] std::size_t node_count() const { return labels_.size(); }
  /// True when node `node` records and prints (a demand node).
  [[nodiscard]] bool is_office(std::size_t node) const { return is_office_.at(node); }
  [[nodiscard]] std::span<const NodeGroup> groups() const { return groups_; }
  [[nodiscard]] std::int32_t days() const { return days_; }

  /// A per-node KPI (index into kpi_names()) of node `node` (index into node_labels()) or,
  /// for node_count(), of the network. Quantiles of a node's KPI are sketched (within
  /// 2 x range / 256 of the exact ones); the network's are exact.
  [[nodiscard]] KpiSummary kpi(std::size_t node, std::size_t kpi, double confidence = 0.95) const;
  /// Any KPI of kpi_table() for the network, with exact quantiles.
  [[nodiscard]] KpiSummary network_kpi(std::string_view name, double confidence = 0.95) const;
  /// Every replication's network KPIs, in kpi_table() order: replication r's are
  /// [r * kpi_table().size(), (r + 1) * kpi_table().size()).
  [[nodiscard]] std::span<const double> network_values() const { return network_values_; }
  /// Replication `replication`'s network value of kpi_table()[kpi].
  [[nodiscard]] double network_value(std::uint64_t replication, std::size_t kpi) const;
  /// Share of replications in which node `node` had at least one stockout day.
  [[nodiscard]] double stockout_probability(std::size_t node) const;
  /// Office-replications with exactly d stockout days, d = 0 .. days().
  [[nodiscard]] std::span<const std::uint64_t> office_stockout_days_histogram() const {
    return office_stockout_histogram_;
  }
  enum class Band : std::uint8_t { on_hand, backlog };
  /// Day `day`'s values of `band` over group `group` (index into groups()).
  [[nodiscard]] BandSummary band(Band band, std::int32_t day, std::size_t group) const;

  /// Numbers held by the statistics besides network_values() (moments, quantile bins, the
  /// stockout-day histogram): fixed by the model, the groups and which KPIs vary, never by
  /// the number of replications. Tests check it.
  [[nodiscard]] std::size_t stored_elements() const;

  /// Binary state, for checkpoints. load() checks every length against this model's nodes,
  /// days and bands and against the bytes left in `in` before allocating, and throws
  /// blanko::Error for bytes that are truncated, corrupt or of another model, leaving the
  /// statistics as they were.
  void save(std::ostream& out) const;
  void load(std::istream& in);

 private:
  struct Moments {
    RunningStats stats;
    QuantileSketch sketch;
    explicit Moments(std::size_t bins) : sketch(bins) {}
    void add(double x) {
      stats.add(x);
      sketch.add(x);
    }
    [[nodiscard]] KpiSummary summary(double confidence) const;
  };
  // Adds values[i] to moments[i], for every i.
  static void fold(std::span<Moments> moments, std::span<const double> values);
  [[nodiscard]] const Moments& band_moments(Band band, std::int32_t day, std::size_t group) const;
  // Replaces the sketched quantiles of `s` by the exact ones of the network's values of
  // kpi_table()[table_index].
  void exact_quantiles(KpiSummary& s, std::size_t table_index) const;

  std::vector<NodeLabel> labels_;
  std::vector<bool> is_office_;
  std::vector<NodeGroup> groups_;
  std::int32_t days_ = 0;
  std::uint64_t replications_ = 0;
  std::vector<Moments> kpis_;             // [(node or total) * kpi count + kpi]
  std::vector<Moments> network_kpis_;     // [network_only_kpis() index]
  std::vector<double> network_values_;    // [replication * kpi_table().size() + kpi]
  std::vector<std::uint64_t> stockout_replications_;  // per node and total
  std::vector<std::uint64_t> office_stockout_histogram_;
  std::vector<Moments> on_hand_, backlog_;  // [day * groups + group]
};

/// The outcome of run_monte_carlo().
struct MonteCarloResult {
  std::string scenario;
  Date start{};
  std::uint64_t seed = 0;
  std::uint64_t replications = 0;
  std::uint64_t resumed = 0;  ///< of which taken from a checkpoint
  double confidence = 0.95;
  unsigned threads = 0;  ///< worker threads used (per rank)
  int ranks = 1;         ///< MPI ranks (1 without MPI)
  bool is_root = true;   ///< false on MPI ranks other than 0: no statistics
  double seconds = 0;    ///< wall time of this run (not of resumed replications)
  Provenance provenance;  ///< the scenario's file, hash and overrides (set `command` to add it)
  std::optional<MonteCarloStatistics> statistics;
};

/// Runs `options.replications` replications of `model` and folds them. Throws
/// blanko::Error on bad options, InputError for a checkpoint it cannot resume from (naming
/// the file and why) and OutputError when the checkpoint cannot be written (checked before
/// the first replication).
[[nodiscard]] MonteCarloResult run_monte_carlo(const Model& model,
                                               const MonteCarloOptions& options = {});

/// Owns MPI for the life of a program: initialises it (thread level "funneled") when
/// blanko was built with BLANKO_WITH_MPI, and finalises it. Without MPI, constructing one
/// throws blanko::Error.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  /// True when this blanko can run under MPI.
  [[nodiscard]] static bool available();

 private:
  int rank_ = 0;
  int size_ = 1;
};

/// Streams replications_nodes.csv while a run folds its replications: one row per
/// replication, node and chosen per-node KPI (`replication,node,name,level,province,kpi,
/// value`), in replication order, so that memory stays flat however many replications and
/// offices. Rows go to `<file>.partial`, flushed after each replication, and finish()
/// flushes it to disk and renames it to `file`. A resumed run (whose first replication is
/// not 0) keeps the rows of the replications before it from the partial file of the killed
/// run, which must hold them all, and drops any after them (InputError, naming the partial
/// file, when it does not). A writer destroyed before finish() removes the partial file it
/// wrote unless `keep_partial` (a run with checkpoints, which --resume continues). In an
/// OutputDirectory, list the file with OutputDirectory::add after finish().
/// \code
///   blanko::ReplicationNodesWriter nodes("out/replications_nodes.csv", model, {"stockout_days"});
///   options.on_replication = [&](const blanko::ReplicationKpis& r) { nodes.add(r); };
///   blanko::MonteCarloResult mc = blanko::run_monte_carlo(model, options);
///   nodes.finish(mc.replications);
/// \endcode
class ReplicationNodesWriter {
 public:
  /// `kpis`: names of per-node KPIs (blanko::Error with "did you mean" for another name).
  ReplicationNodesWriter(std::filesystem::path file, const Model& model,
                         const std::vector<std::string>& kpis, bool keep_partial = false);
  ~ReplicationNodesWriter();
  ReplicationNodesWriter(const ReplicationNodesWriter&) = delete;
  ReplicationNodesWriter& operator=(const ReplicationNodesWriter&) = delete;
  void add(const ReplicationKpis& replication);
  /// Checks that the file holds replications 0 .. replications - 1 and renames it into place.
  void finish(std::uint64_t replications);

 private:
  void open(std::uint64_t first);
  std::filesystem::path file_, partial_;
  bool keep_partial_ = false;
  bool finished_ = false;
  std::vector<std::size_t> kpis_;
  std::vector<std::string> kpi_names_;
  std::vector<std::string> prefixes_;  // per node: `node,name,level,province,` as CSV fields
  std::unique_ptr<std::ofstream> out_;
  std::uint64_t next_ = 0;
};

/// A table of the headline KPIs of the network (mean, interval, p5/p50/p95), then the
/// offices most likely to run out (`options.top` of them, 10 by default, by stockout
/// probability; `within` one province; `level` province: the provinces' own rows), with
/// `by_province` a table per province, each with a legend.
void write_monte_carlo_table(std::ostream& out, const MonteCarloResult& result,
                             const TableOptions& options = {});
/// Writes summary.json, meta.json, kpis.csv, replications.csv and (with bands) bands.csv
/// into `dir`, creating it, then its manifest.json (output_directory.hpp); each file
/// through a temporary name, flushed to disk and renamed. OutputError when `dir` cannot be
/// written.
void write_monte_carlo_outputs(const std::filesystem::path& dir, const MonteCarloResult& result);
/// The same files into `out`, without its manifest: the caller may add its own
/// (replications_nodes.csv, report.json) before OutputDirectory::finish().
void write_monte_carlo_outputs(OutputDirectory& out, const MonteCarloResult& result);
/// kpis.csv: node,name,level,province,kpi,mean,sd,ci_low,ci_high,p5,p50,p95 per node and
/// per-node KPI, then the network's rows of every KPI (node `network`; exact quantiles).
void write_monte_carlo_kpis_csv(std::ostream& out, const MonteCarloResult& result);
/// replications.csv: replication,seed, then every KPI of kpi_table() for the network, one
/// row per replication in replication order (whatever the threads or ranks).
void write_monte_carlo_replications_csv(std::ostream& out, const MonteCarloResult& result);
/// meta.json: what produced the run (provenance.hpp) and what each KPI means.
void write_monte_carlo_meta_json(std::ostream& out, const MonteCarloResult& result);
/// bands.csv: date,group,series,mean,p5,p25,p50,p75,p95 per day, group and series.
void write_monte_carlo_bands_csv(std::ostream& out, const MonteCarloResult& result);
/// summary.json: the run, the network KPIs, per node its KPIs and stockout probability,
/// and the distribution of office stockout days.
void write_monte_carlo_json(std::ostream& out, const MonteCarloResult& result);

}  // namespace blanko
