#pragma once
// Long runs (Monte Carlo, compare, sweep) from Python: the run goes on a worker thread with
// the GIL released, while the calling (main) thread wakes ten times a second to look for
// Ctrl-C and to report progress. Python handles signals only on the main thread, so this is
// how a KeyboardInterrupt reaches a run whose replications are all on oneTBB's threads.
#include "bindings.hpp"

#include <blanko/monte_carlo.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace blanko::python {

/// Thrown from a run's progress callback once the caller asked it to stop.
struct RunInterrupted : std::exception {
  [[nodiscard]] const char* what() const noexcept override { return "run interrupted"; }
};

/// What a running job shares with the thread watching it.
class RunMonitor {
 public:
  /// Called by the run after each replication; throws RunInterrupted when asked to stop.
  void report(std::uint64_t done, std::uint64_t total) {
    done_.store(done, std::memory_order_relaxed);
    total_.store(total, std::memory_order_relaxed);
    if (stop_.load(std::memory_order_relaxed)) throw RunInterrupted();
  }
  void stop() { stop_.store(true); }
  [[nodiscard]] std::uint64_t done() const { return done_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t total() const { return total_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> done_{0}, total_{0};
  std::atomic<bool> stop_{false};
};

/// Monte Carlo options whose progress goes to `monitor` (which stops the run when asked).
inline MonteCarloOptions monitored_options(RunMonitor& monitor, std::uint64_t replications,
                                           unsigned threads, std::optional<std::uint64_t> seed,
                                           double confidence, bool bands,
                                           std::vector<std::string> band_nodes = {}) {
  MonteCarloOptions options;
  options.seed = seed;
  options.replications = replications;
  options.threads = threads;
  options.confidence = confidence;
  options.bands = bands;
  options.band_nodes = std::move(band_nodes);
  options.progress = [&monitor](const MonteCarloProgress& p) { monitor.report(p.done, p.total); };
  return options;
}

/// Runs `work(monitor)` on a worker thread and waits for it with the GIL released. Every
/// 100 ms and at the end the caller's thread checks for signals (a KeyboardInterrupt stops
/// the run and is raised once the worker has ended) and calls `progress(done, total)` when
/// it is not None. Exceptions of the run are raised on the calling thread.
template <class Work>
auto run_interruptible(Work&& work, const py::object& progress)
    -> decltype(work(std::declval<RunMonitor&>())) {
  using Result = decltype(work(std::declval<RunMonitor&>()));
  RunMonitor monitor;
  std::optional<Result> result;
  std::exception_ptr error;
  std::mutex mutex;
  std::condition_variable finished_cv;
  bool finished = false;

  std::thread worker([&] {
    try {
      result.emplace(work(monitor));
    } catch (...) {
      error = std::current_exception();
    }
    const std::lock_guard lock(mutex);
    finished = true;
    finished_cv.notify_all();
  });
  const auto join = [&] {
    const py::gil_scoped_release release;
    worker.join();
  };

  std::uint64_t shown = ~std::uint64_t{0};
  for (bool ended = false; !ended;) {
    {
      const py::gil_scoped_release release;
      std::unique_lock lock(mutex);
      ended = finished_cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return finished; });
    }
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (!progress.is_none() && monitor.done() != shown && monitor.total() > 0) {
        shown = monitor.done();
        progress(shown, monitor.total());
      }
    } catch (...) {
      // Ctrl-C, or a progress callback that raised: stop the run and wait for it to end
      // (at most one replication per thread) before raising here.
      monitor.stop();
      join();
      throw;
    }
  }
  join();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

}  // namespace blanko::python
