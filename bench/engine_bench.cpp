// Raw speed of the event calendar: schedule and dispatch of small plain events with a
// realistic spread of days and phases (shipments a few days ahead of daily sweeps).
#include <blanko/engine.hpp>

#include <benchmark/benchmark.h>

namespace {

struct Shipment {
  std::int32_t customer;
  std::int64_t blanks;
};
struct Sweep {};

void BM_EngineEventsPerSecond(benchmark::State& state) {
  const auto in_flight = static_cast<int>(state.range(0));
  blanko::EventQueue<Shipment, Sweep> queue;
  std::uint64_t x = 42;
  std::int64_t checksum = 0;
  for (auto _ : state) {
    queue.clear();
    // Keep `in_flight` events pending: each handled event schedules one more, 1-21 days on.
    for (int i = 0; i < in_flight; ++i) queue.schedule(i % 7, 0, Shipment{i, 1});
    std::int64_t budget = 1'000'000;
    blanko::run_until(queue, 1 << 30, [&](blanko::Day day, const auto& event) {
      using E = std::decay_t<decltype(event)>;
      if constexpr (std::is_same_v<E, Shipment>) checksum += event.blanks;
      if (--budget <= 0) return;
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      const auto ahead = static_cast<blanko::Day>(1 + (x >> 59));
      if ((x >> 40) % 8 == 0) {
        queue.schedule(day + ahead, 2, Sweep{});
      } else {
        queue.schedule(day + ahead, 0, Shipment{static_cast<std::int32_t>(x % 514), 1});
      }
    });
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(state.iterations() * 1'000'000);
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EngineEventsPerSecond)->Arg(64)->Arg(1024)->Arg(16384)->Unit(benchmark::kMillisecond);

}  // namespace
