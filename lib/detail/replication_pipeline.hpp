#pragma once
// The machinery under run_monte_carlo(): replications simulated in parallel and handed
// on strictly in index order, as flat records that can cross MPI.

#include <blanko/model.hpp>
#include <blanko/results.hpp>

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace blanko::detail {

// Which replications a process simulates: first, first + stride, ... below last.
struct ReplicationPlan {
  std::uint64_t seed = 0;
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::uint64_t stride = 1;
  unsigned threads = 0;  // 0: every core
  std::span<const NodeGroup> groups;
};

// One replication as the statistics read it: every node's KPIs (node_kpis() order), the
// network's value of every KPI (kpi_table() order: the per-node KPIs, then the
// network-only ones), then the groups' daily on hand and backlog.
// Counts are below 2^53, so doubles carry them exactly.
struct ReplicationRecord {
  std::uint64_t replication = 0;
  std::vector<double> values;
};

// The flat record of `result`.
void flatten(const RunResult& result, ReplicationRecord& record);

// Simulates the plan's replications on `plan.threads` threads (one Simulation each, all
// reading `model`) and calls `consume` with each record in increasing replication order,
// one call at a time. Exceptions from a replication or from `consume` propagate.
void simulate_in_order(const Model& model, const ReplicationPlan& plan,
                       const std::function<void(ReplicationRecord&&)>& consume);

// Runs the plan across MPI ranks (this rank simulates first + rank, first + rank + size,
// ...) and calls `consume` on rank 0 with every replication's record in order. Only in a
// blanko built with BLANKO_WITH_MPI; elsewhere throws blanko::Error.
void simulate_distributed(const Model& model, ReplicationPlan plan,
                          const std::function<void(ReplicationRecord&&)>& consume);

// This process's MPI rank and the number of ranks ({0, 1} without MPI).
struct MpiPlace {
  int rank = 0;
  int size = 1;
};
[[nodiscard]] MpiPlace mpi_place();
// Sends `value` from rank 0 to every rank (no-op without MPI).
void mpi_broadcast(std::uint64_t& value);

// The rows of `count` replications computed round robin across ranks (this rank's
// replications are the (rank)th, (rank + size)th, ... of them, `local` holding their rows of
// `width` values each, in that order), gathered on every rank in replication order. Only in
// a blanko built with BLANKO_WITH_MPI; elsewhere throws blanko::Error.
[[nodiscard]] std::vector<double> mpi_gather_rows(const std::vector<double>& local,
                                                  std::size_t width, std::uint64_t count);

}  // namespace blanko::detail
