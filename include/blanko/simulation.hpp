#pragma once
/// \file simulation.hpp
/// Running replications of a Model. A Simulation owns only mutable state
/// (structure-of-arrays stock, backlog and pipeline, the event queue and the RNG streams)
/// and can be reused for many replications; the Model it reads is never modified.
///
/// Each replication's random numbers come from Boost.Random engines seeded from
/// (seed, replication index, purpose), one per purpose (demand, lead times, patience,
/// lateral lead times, procurement tenders: their lead times and outcomes are drawn when
/// the replication starts), so the same
/// seed gives bit-identical results and demand draws never depend on policy decisions
/// (common random numbers across policies): every day, every office draws one count per
/// priority class with a positive rate, offices in index order and classes in priority
/// order, whatever its stock.
///
/// Order of steps within a day (each step is an engine phase):
///   1. arrivals      - shipments due today are added to their customer's stock;
///   2. procurement   - procurement lots due today, and the lots of successful tenders,
///                      are added to their source's stock;
///   3. office day    - every office, in index order, draws its new print requests of
///                      each priority class (working days only), then prints up to its
///                      capacity and stock: first cards oldest-first, then data changes,
///                      then replacements. When blanks or printers are short the lower
///                      classes wait, and when no blank is left every waiting request
///                      gets a suket (Dukcapil's rule of August 2023). Then, at offices
///                      with a patience, in index order and class by class, the suket
///                      holders who became printable exactly `patience_days` days ago
///                      may give up (drawn on the patience stream);
///   4. reviews       - nodes due for review, deepest first (depth is the longest
///                      supplier path, so a province sees today's orders from its
///                      kab/kota), place orders. A node with several supplier lanes orders
///                      from the first, in priority order, whose supplier has the blanks
///                      free (on hand minus what it already owes), else from the first;
///   5. lateral       - every office with lateral transfers enabled that ends its day with
///                      requests waiting and no blank, in index order, borrows from the
///                      sibling office (same supplier) with the largest surplus above its
///                      minimum cover (ties: lowest node index); at most one transfer per
///                      recipient and day, lead times drawn on the lateral stream. Runs
///                      only when some office has lateral transfers enabled;
///   6. dispatch      - every supplier, sources first, allocates its stock to the open
///                      orders that may ship today and ships; an order waits while its
///                      lane is closed or has used its trips of the calendar month. Lead
///                      times are drawn per shipment, and a shipment due on a day its lane
///                      is closed arrives on the first day after the closure;
///   7. record        - the recorder takes the day's values and the conservation
///                      identity is checked.

#include <blanko/engine.hpp>
#include <blanko/fwd.hpp>
#include <blanko/results.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

namespace blanko {

/// The engine phases of a day, in the order above.
enum class DayPhase : std::uint8_t {
  arrivals,
  procurement,
  office_day,
  reviews,
  lateral,
  dispatch,
  record
};

/// What to run.
struct RunOptions {
  std::optional<std::uint64_t> seed;  ///< default: the scenario's seed
  std::uint64_t replication = 0;      ///< index of the replication (its own streams)
  bool record_timeseries = true;      ///< keep daily series per node (memory: 48 B x nodes x days)
  /// Daily totals to keep over these groups (RunResult::group_series; 16 B x groups x
  /// days). The groups must outlive the run.
  std::span<const NodeGroup> node_groups;
};

/// Mutable state for running replications of one Model; not thread-safe (one per thread).
class Simulation {
 public:
  explicit Simulation(const Model& model);
  ~Simulation();
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) noexcept;

  /// Runs one replication from the scenario's initial state.
  RunResult run(const RunOptions& options = {});

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Convenience: one replication with a fresh Simulation.
RunResult simulate(const Model& model, const RunOptions& options = {});

}  // namespace blanko
