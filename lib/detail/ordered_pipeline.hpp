#pragma once
// Replications in parallel, results in order: the oneTBB pipeline under every Monte Carlo
// loop (run_monte_carlo, compare). A serial input stage hands out replication indices, a
// parallel stage simulates them on per-thread workers, and a serial in-order stage
// consumes the results by increasing index, whatever thread finished first. Whatever the
// thread count, the consumer sees the same sequence, so statistics folded there are
// bit-identical.

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace blanko::detail {

// Worker threads for a request of `threads` (0: every core).
inline int worker_threads(unsigned threads) {
  return threads == 0 ? tbb::info::default_concurrency() : static_cast<int>(threads);
}

// Calls `produce(worker, index)` for index = first, first + stride, ... below last, in
// parallel on `threads` threads, each with its own worker made by `make_worker()` and
// reused across its indices; then `consume(result)` in index order, one call at a time.
// Exceptions from either propagate to the caller.
template <class MakeWorker, class Produce, class Consume>
void for_each_in_order(std::uint64_t first, std::uint64_t last, std::uint64_t stride,
                       unsigned threads, MakeWorker&& make_worker, Produce&& produce,
                       Consume&& consume) {
  if (first >= last) return;
  using Worker = decltype(make_worker());
  using Result = decltype(produce(std::declval<Worker&>(), std::uint64_t{}));
  const int workers = worker_threads(threads);
  // More threads than cores is the user's call (tests do it to vary the interleaving);
  // without raising the process-wide limit, oneTBB would cap the arena and warn.
  const tbb::global_control allow(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(workers));
  tbb::task_arena arena(workers);
  // A few results in flight per thread keep every core busy while the in-order stage
  // waits for a slow one; more would only hold results in memory.
  const auto tokens = static_cast<std::size_t>(2 * workers + 2);
  // Results wait in slots of our own, and only their indices travel through the pipeline:
  // oneTBB does not destroy the items it holds when an exception cancels a pipeline, so
  // results passed by value would leak. At most `tokens` consecutive indices are in flight
  // (the last stage is in order), so index / stride modulo tokens never collides.
  std::vector<Result> slots(tokens);
  const auto slot = [&](std::uint64_t index) -> Result& {
    return slots[static_cast<std::size_t>((index - first) / stride % tokens)];
  };
  arena.execute([&] {
    tbb::enumerable_thread_specific<Worker> local(make_worker);
    std::uint64_t next = first;
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, std::uint64_t>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& control) -> std::uint64_t {
              if (next >= last) {
                control.stop();
                return 0;
              }
              const std::uint64_t index = next;
              next += stride;
              return index;
            }) &
            tbb::make_filter<std::uint64_t, std::uint64_t>(
                tbb::filter_mode::parallel,
                [&](std::uint64_t index) {
                  slot(index) = produce(local.local(), index);
                  return index;
                }) &
            tbb::make_filter<std::uint64_t, void>(tbb::filter_mode::serial_in_order,
                                                  [&](std::uint64_t index) {
                                                    Result result = std::move(slot(index));
                                                    consume(std::move(result));
                                                  }));
  });
}

}  // namespace blanko::detail
