#pragma once
// The estimates behind memory.hpp, each next to the code that allocates what it counts,
// and the check that refuses a run above memory_limit().

#include <blanko/error.hpp>
#include <blanko/memory.hpp>

#include <cstdint>

namespace blanko {
struct Scenario;
}

namespace blanko::detail {

/// One replication's state (simulation.cpp): per node, per office and class with a print
/// queue of horizon + 1 cohort slots, per office the waits of every day.
std::uint64_t replication_bytes(std::uint64_t nodes, std::uint64_t offices, std::uint64_t horizon);
/// One recorded timeseries (results.cpp's TimeSeries).
std::uint64_t timeseries_bytes(std::uint64_t nodes, std::uint64_t horizon);
/// The compiled model's tables (model.cpp), and the estimate of a whole run of `scenario`.
MemoryEstimate estimate_memory(const Scenario& scenario);
/// A ScenarioError at `where` when `model + threads x (replication + per_thread) + shared`
/// exceeds memory_limit(), saying what takes the memory and what to change.
void check_memory(const MemoryEstimate& estimate, std::uint64_t threads, std::uint64_t per_thread,
                  std::uint64_t shared, const SourceLocation& where);

}  // namespace blanko::detail
