#pragma once
/// \file engine.hpp
/// The discrete-event core, usable on its own: a calendar of small plain events ordered by
/// (day, phase, insertion sequence), and a loop that hands each event to a typed handler.
///
/// Events are alternatives of a std::variant of trivially copyable structs: scheduling one
/// copies it into a binary heap (no allocation per event once the heap has grown, no
/// std::function), and dispatch is std::visit, so each handler overload sees its own type.
/// Within one day, events run in phase order; events of the same day and phase run in the
/// order they were scheduled, which makes every run reproducible. Models that must not
/// depend on insertion order (blanko's supply chain does not) make same-phase events
/// commute, or sweep their state in a fixed order inside one event.
///
/// Example:
/// \code
///   struct Arrive { int office; long blanks; };
///   struct Tick {};
///   blanko::EventQueue<Arrive, Tick> queue;
///   queue.schedule(3, 0, Arrive{1, 500});
///   queue.schedule(3, 1, Tick{});
///   blanko::run_until(queue, 365, [&](blanko::Day day, const auto& event) { ... });
/// \endcode

#include <cstdint>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace blanko {

/// Simulation time in whole days since the scenario start.
using Day = std::int32_t;

/// An event queue over the event types `Events...` (each trivially copyable).
template <class... Events>
class EventQueue {
  static_assert((std::is_trivially_copyable_v<Events> && ...),
                "events are plain values: no owning members");

 public:
  using Event = std::variant<Events...>;

  /// One scheduled event with its ordering key.
  struct Entry {
    Day day;
    std::uint8_t phase;
    std::uint64_t sequence;
    Event event;
  };

  /// Schedules `event` on `day` in `phase` (lower phases run first within a day).
  void schedule(Day day, std::uint8_t phase, const Event& event) {
    heap_.push_back(Entry{day, phase, next_sequence_++, event});
    sift_up(heap_.size() - 1);
  }

  [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size(); }
  /// The earliest entry; the queue must not be empty.
  [[nodiscard]] const Entry& top() const noexcept { return heap_.front(); }

  /// Removes and returns the earliest entry; the queue must not be empty.
  Entry pop() {
    Entry first = heap_.front();
    heap_.front() = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0);
    return first;
  }

  /// Drops every event and restarts the sequence, keeping the memory.
  void clear() noexcept {
    heap_.clear();
    next_sequence_ = 0;
  }
  void reserve(std::size_t n) { heap_.reserve(n); }

 private:
  static bool earlier(const Entry& a, const Entry& b) noexcept {
    if (a.day != b.day) return a.day < b.day;
    if (a.phase != b.phase) return a.phase < b.phase;
    return a.sequence < b.sequence;
  }
  // A hand-written heap rather than std::priority_queue: pop() moves the top out instead
  // of copying it and then popping, and clear() keeps the capacity between replications.
  void sift_up(std::size_t i) {
    Entry moving = heap_[i];
    while (i > 0) {
      std::size_t parent = (i - 1) / 2;
      if (!earlier(moving, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = moving;
  }
  void sift_down(std::size_t i) {
    Entry moving = heap_[i];
    const std::size_t n = heap_.size();
    while (true) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && earlier(heap_[child + 1], heap_[child])) ++child;
      if (!earlier(heap_[child], moving)) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = moving;
  }

  std::vector<Entry> heap_;
  std::uint64_t next_sequence_ = 0;
};

/// Pops and dispatches events while the next one falls before `end_day`; returns how many
/// ran. `handler(day, event)` is called with the concrete event type, and may schedule
/// further events on the same queue.
template <class Queue, class Handler>
std::uint64_t run_until(Queue& queue, Day end_day, Handler&& handler) {
  std::uint64_t count = 0;
  while (!queue.empty() && queue.top().day < end_day) {
    auto entry = queue.pop();
    std::visit([&](const auto& event) { handler(entry.day, event); }, entry.event);
    ++count;
  }
  return count;
}

}  // namespace blanko
