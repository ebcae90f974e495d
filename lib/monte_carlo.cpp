// run_monte_carlo(): the oneTBB pipeline over replications, checkpoints and resume.
#include <blanko/error.hpp>
#include <blanko/model.hpp>
#include <blanko/monte_carlo.hpp>
#include <blanko/simulation.hpp>

#include "detail/atomic_file.hpp"
#include "detail/binary_io.hpp"
#include "detail/memory_check.hpp"
#include "detail/ordered_pipeline.hpp"
#include "detail/replication_pipeline.hpp"
#include "detail/sha256.hpp"
#include "detail/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <fstream>

namespace blanko {

std::vector<NodeGroup> network_and_province_groups(const Model& model) {
  const Network& network = model.network();
  std::vector<NodeGroup> groups(1);
  groups[0].name = network_label().id;
  for (NodeIndex v = 0; v < network.node_count(); ++v) groups[0].nodes.push_back(v);
  for (NodeIndex p = 0; p < network.node_count(); ++p) {
    if (model.scenario().nodes[static_cast<std::size_t>(p)].kind != NodeKind::province) continue;
    NodeGroup group{.name = network.id(p), .nodes = {}};
    for (NodeIndex v = 0; v < network.node_count(); ++v) {
      if (model.province_of(v) == p) group.nodes.push_back(v);
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

std::vector<NodeGroup> band_groups(const Model& model, const MonteCarloOptions& options) {
  if (!options.bands) {
    if (!options.band_nodes.empty()) throw Error("band_nodes need bands");
    return {};
  }
  std::vector<NodeGroup> groups = network_and_province_groups(model);
  const Network& network = model.network();
  for (const std::string& id : options.band_nodes) {
    const NodeIndex node = network.find(id);
    if (node == kNone) {
      std::vector<std::string> ids;
      for (NodeIndex v = 0; v < network.node_count(); ++v) ids.push_back(network.id(v));
      throw Error("no node '" + id + "' for bands" + detail::suggestion_suffix(id, ids));
    }
    const bool has_group = std::any_of(groups.begin(), groups.end(),
                                       [&](const NodeGroup& g) { return g.name == id; });
    if (!has_group) groups.push_back({.name = id, .nodes = {node}});
  }
  return groups;
}

namespace detail {

void flatten(const RunResult& result, ReplicationRecord& record) {
  record.replication = result.replication;
  std::vector<double>& values = record.values;
  values.clear();
  const GroupSeries& series = result.group_series;
  const std::span<const KpiDefinition> per_node = node_kpis();
  values.reserve((result.nodes.size() + 1) * per_node.size() + network_only_kpis().size() +
                 series.on_hand.size() * 2);
  for (std::size_t v = 0; v < result.nodes.size(); ++v) {
    for (const KpiDefinition& kpi : per_node) values.push_back(kpi.value(result, v));
  }
  for (const KpiDefinition& kpi : kpi_table()) values.push_back(kpi.value(result, kNetworkRow));
  for (const auto* band : {&series.on_hand, &series.backlog}) {
    for (const std::int64_t v : *band) values.push_back(static_cast<double>(v));
  }
}

void simulate_in_order(const Model& model, const ReplicationPlan& plan,
                       const std::function<void(ReplicationRecord&&)>& consume) {
  for_each_in_order(
      plan.first, plan.last, plan.stride, plan.threads, [&] { return Simulation(model); },
      [&](Simulation& simulation, std::uint64_t replication) {
        const RunResult result =
            simulation.run({.seed = plan.seed, .replication = replication,
                            .record_timeseries = false, .node_groups = plan.groups});
        ReplicationRecord record;
        flatten(result, record);
        return record;
      },
      consume);
}

}  // namespace detail

void MonteCarloStatistics::add(const RunResult& result) {
  detail::ReplicationRecord record;
  detail::flatten(result, record);
  add_record(record.values);
}

namespace {

constexpr std::string_view kCheckpointMagic = "BLANKOMC";
// 2: with the network values; 3: with the SHA-256 trailer.
constexpr std::uint32_t kCheckpointVersion = 3;
// The trailer: the SHA-256 (hex) of every byte before it, so that a statistic damaged on
// disk is refused rather than resumed into a wrong result.
constexpr std::size_t kChecksumBytes = 64;

// What a checkpoint must match to be resumed: the seed, the bands, and the outcome of
// replication 0 (which changes with any change to the scenario, its tables or the code).
struct RunIdentity {
  std::uint64_t seed = 0;
  std::uint64_t groups = 0;
  std::uint64_t replication_zero = 0;  // FNV-1a of replication 0's record

  bool operator==(const RunIdentity&) const = default;
};

RunIdentity identify(const Model& model, std::uint64_t seed, std::span<const NodeGroup> groups) {
  const RunResult zero = simulate(
      model, {.seed = seed, .replication = 0, .record_timeseries = false, .node_groups = groups});
  detail::ReplicationRecord record;
  detail::flatten(zero, record);
  std::uint64_t hash = 14695981039346656037ULL;
  for (const double v : record.values) {
    hash = (hash ^ std::bit_cast<std::uint64_t>(v)) * 1099511628211ULL;
  }
  return {.seed = seed, .groups = groups.size(), .replication_zero = hash};
}

void save_checkpoint(const std::filesystem::path& file, const RunIdentity& identity,
                     const MonteCarloStatistics& statistics) {
  detail::write_atomically(file, [&](std::ostream& out) {
    detail::Sha256Streambuf hashing(*out.rdbuf());
    std::ostream hashed(&hashing);
    hashed.write(kCheckpointMagic.data(), static_cast<std::streamsize>(kCheckpointMagic.size()));
    const std::uint16_t byte_order = 0x0102;
    detail::write_binary(hashed, kCheckpointVersion, byte_order, identity.seed, identity.groups,
                         identity.replication_zero);
    statistics.save(hashed);
    hashed.flush();
    out << hashing.finish();
  });
}

void load_checkpoint(const std::filesystem::path& file, const RunIdentity& expected,
                     MonteCarloStatistics& statistics) {
  // stat() before open(): a FIFO would block the open, a directory or device is no checkpoint.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw InputError(file.string(), "cannot resume from this checkpoint: not a regular file");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), "cannot read this checkpoint");
  try {
    detail::BinaryReader reader(in);
    std::string magic(kCheckpointMagic.size(), '\0');
    reader.read_bytes(magic.data(), magic.size());
    if (magic != kCheckpointMagic) throw Error("not a blanko Monte Carlo checkpoint");
    std::uint32_t version = 0;
    std::uint16_t byte_order = 0;
    RunIdentity found;
    reader.read(version, byte_order);
    if (version != kCheckpointVersion || byte_order != 0x0102) {
      throw Error(
          fmt::format("written by another version of blanko or on another kind of "
                      "machine (format {}, this blanko reads {})",
                      version, kCheckpointVersion));
    }
    reader.read(found.seed, found.groups, found.replication_zero);
    if (found.seed != expected.seed) {
      throw Error(fmt::format("written with seed {}, this run has seed {}", found.seed,
                              expected.seed));
    }
    if (found.groups != expected.groups) throw Error("written with other bands (--no-bands?)");
    if (found.replication_zero != expected.replication_zero) {
      throw Error("written for another scenario: replication 0 does not reproduce");
    }
    statistics.load(in);
    // The checksum last: damage to the structure is named as such, and the fuzzer reaches
    // every reader above it.
    const auto hashed = static_cast<std::uint64_t>(in.tellg());
    std::string checksum(kChecksumBytes, '\0');
    detail::BinaryReader(in).read_bytes(checksum.data(), checksum.size());
    if (in.peek() != std::ifstream::traits_type::eof()) {
      throw Error("corrupt: bytes after the end of the statistics");
    }
    if (detail::digest_of(file, hashed).sha256 != checksum) {
      throw Error("corrupt: its checksum does not match its contents (changed after it was written)");
    }
  } catch (const Error& e) {
    // Bad input, like a bad scenario: the CLI exits with 2 and names the file.
    throw InputError(file.string(),
                     fmt::format("cannot resume from this checkpoint: {}", e.what()));
  }
}

void check_options(const MonteCarloOptions& options) {
  if (options.replications == 0) throw Error("replications must be at least 1");
  if (!(options.confidence > 0 && options.confidence < 1)) {
    throw Error("confidence must lie strictly between 0 and 1");
  }
  if (options.resume && options.checkpoint.empty()) {
    throw Error("resume needs a checkpoint file");
  }
  if (!(options.checkpoint_seconds >= 0)) throw Error("checkpoint_seconds must be >= 0");
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

MonteCarloResult run_monte_carlo(const Model& model, const MonteCarloOptions& options) {
  check_options(options);
  const auto started = std::chrono::steady_clock::now();
  const detail::MpiPlace place = options.mpi ? detail::mpi_place() : detail::MpiPlace{};
  MonteCarloResult result;
  result.scenario = model.scenario().name;
  result.start = model.start();
  result.seed = options.seed.value_or(model.scenario().seed);
  result.replications = options.replications;
  result.confidence = options.confidence;
  result.threads = static_cast<unsigned>(detail::worker_threads(options.threads));
  result.ranks = place.size;
  result.is_root = place.rank == 0;
  result.provenance = provenance_of(model.scenario());

  const std::vector<NodeGroup> groups = band_groups(model, options);
  // Before anything is allocated: every worker thread's replication and group series, and
  // the statistics (on the root), within the memory limit.
  const auto horizon = static_cast<std::uint64_t>(model.horizon_days());
  detail::check_memory(model.memory_estimate(), result.threads,
                       groups.size() * horizon * 2 * sizeof(std::int64_t),
                       result.is_root ? MonteCarloStatistics::memory_bytes(
                                            model.scenario().nodes.size(), groups.size(),
                                            horizon, options.replications)
                                      : 0,
                       model.scenario().where);
  // Before the run, not at its first save.
  if (result.is_root && !options.checkpoint.empty()) detail::check_writable(options.checkpoint);
  std::optional<MonteCarloStatistics> statistics;
  RunIdentity identity;
  std::uint64_t first = 0;
  if (result.is_root) {
    statistics.emplace(model, groups);
    if (!options.checkpoint.empty()) identity = identify(model, result.seed, groups);
    if (options.resume && std::filesystem::exists(options.checkpoint)) {
      load_checkpoint(options.checkpoint, identity, *statistics);
      first = statistics->replications();
      if (first > options.replications) {
        throw InputError(options.checkpoint.string(),
                         fmt::format("this checkpoint holds {} replications, more than the {} "
                                     "asked for",
                                     first, options.replications));
      }
    }
  }
  if (statistics) statistics->reserve(options.replications);
  if (options.mpi) detail::mpi_broadcast(first);
  result.resumed = first;

  auto last_checkpoint = std::chrono::steady_clock::now();
  const auto fold = [&](detail::ReplicationRecord&& record) {
    if (record.replication != statistics->replications()) {
      throw Error(fmt::format("replication {} arrived out of order (expected {})",
                              record.replication, statistics->replications()));
    }
    statistics->add_record(record.values);
    // Before a checkpoint can count this replication, so that what the callback writes is
    // never behind the checkpoint.
    if (options.on_replication) {
      options.on_replication(ReplicationKpis(record.replication, record.values,
                                             statistics->node_count()));
    }
    if (!options.checkpoint.empty() &&
        seconds_since(last_checkpoint) >= options.checkpoint_seconds) {
      save_checkpoint(options.checkpoint, identity, *statistics);
      last_checkpoint = std::chrono::steady_clock::now();
    }
    if (options.progress) {
      options.progress({.done = statistics->replications(), .total = options.replications,
                        .resumed = first, .elapsed_seconds = seconds_since(started)});
    }
  };
  const detail::ReplicationPlan plan{.seed = result.seed, .first = first,
                                     .last = options.replications, .stride = 1,
                                     .threads = options.threads, .groups = groups};
  if (options.mpi) {
    detail::simulate_distributed(model, plan, fold);
  } else {
    detail::simulate_in_order(model, plan, fold);
  }
  if (result.is_root && !options.checkpoint.empty()) {
    save_checkpoint(options.checkpoint, identity, *statistics);
  }
  result.statistics = std::move(statistics);
  result.seconds = seconds_since(started);
  return result;
}

}  // namespace blanko
