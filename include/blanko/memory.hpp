#pragma once
/// \file memory.hpp
/// How much memory a run will take, known before it allocates, and the limit it must stay
/// under. A scenario's size is the product of its dimensions (days x offices x priority
/// classes for the print queues, days x nodes x series for a timeseries, days x band
/// groups for Monte Carlo bands): a 100-year horizon of the national network needs tens of
/// GiB, which a planner should learn from a message, not from the kernel's OOM killer.
///
/// \code
///   blanko::set_memory_limit(4ULL << 30);      // what `--max-memory 4G` does
///   const blanko::Model model(scenario);        // ScenarioError if even one replication won't fit
///   model.memory_estimate().replication;        // bytes of one replication's state
/// \endcode

#include <cstdint>
#include <string>

namespace blanko {

/// Bytes a run holds, by what holds them.
struct MemoryEstimate {
  std::uint64_t model = 0;        ///< the compiled model's tables (once per process)
  std::uint64_t replication = 0;  ///< one replication's state (once per worker thread)
  std::uint64_t timeseries = 0;   ///< one recorded timeseries (a run with record_timeseries)
};

/// The most memory a run may take, in bytes: set_memory_limit's, else three quarters of the
/// machine's physical memory.
[[nodiscard]] std::uint64_t memory_limit();
/// Sets the limit (0: back to the default).
void set_memory_limit(std::uint64_t bytes);

/// `12.3 GiB`, `512 MiB`: bytes for a message.
[[nodiscard]] std::string format_bytes(std::uint64_t bytes);

/// Parses `4G`, `512M`, `2GiB`, `1e9` (bytes; suffixes K, M, G, T in powers of 1024, with
/// an optional `iB` or `B`); nullopt-like 0 for anything else.
[[nodiscard]] std::uint64_t parse_bytes(const std::string& text);

}  // namespace blanko
