#include <blanko/engine.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

struct Arrive {
  int id;
};
struct Tick {
  int id;
};
using Queue = blanko::EventQueue<Arrive, Tick>;

std::vector<std::string> run_all(Queue& queue, blanko::Day end) {
  std::vector<std::string> seen;
  blanko::run_until(queue, end, [&](blanko::Day day, const auto& event) {
    using E = std::decay_t<decltype(event)>;
    const char* type = std::is_same_v<E, Arrive> ? "A" : "T";
    seen.push_back(std::to_string(day) + type + std::to_string(event.id));
  });
  return seen;
}

TEST(EngineTest, OrdersByDayThenPhaseThenInsertion) {
  Queue q;
  q.schedule(2, 0, Arrive{1});
  q.schedule(1, 5, Tick{2});
  q.schedule(1, 0, Arrive{3});
  q.schedule(1, 5, Arrive{4});  // same day and phase as Tick{2}: after it
  q.schedule(0, 9, Tick{5});
  EXPECT_EQ(run_all(q, 10),
            (std::vector<std::string>{"0T5", "1A3", "1T2", "1A4", "2A1"}));
  EXPECT_TRUE(q.empty());
}

TEST(EngineTest, TieBreakIsStableForManyEqualKeys) {
  Queue q;
  for (int i = 0; i < 1000; ++i) q.schedule(7, 1, Arrive{i});
  int expected = 0;
  blanko::run_until(q, 8, [&](blanko::Day, const auto& event) { EXPECT_EQ(event.id, expected++); });
  EXPECT_EQ(expected, 1000);
}

TEST(EngineTest, StopsBeforeEndDayAndKeepsLaterEvents) {
  Queue q;
  q.schedule(3, 0, Arrive{1});
  q.schedule(5, 0, Arrive{2});
  EXPECT_EQ(blanko::run_until(q, 5, [](blanko::Day, const auto&) {}), 1u);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q.top().day, 5);
}

TEST(EngineTest, HandlersScheduleFollowUpsThatRunInOrder) {
  Queue q;
  q.schedule(0, 0, Tick{0});
  std::vector<int> days;
  const auto count = blanko::run_until(q, 100, [&](blanko::Day day, const auto& event) {
    using E = std::decay_t<decltype(event)>;
    if constexpr (std::is_same_v<E, Tick>) {
      days.push_back(day);
      q.schedule(day + 7, 0, Tick{event.id + 1});
      q.schedule(day, 1, Arrive{event.id});  // later phase, same day: runs before next tick
    }
  });
  EXPECT_EQ(days.size(), 15u);  // days 0, 7, ..., 98
  EXPECT_EQ(days.back(), 98);
  EXPECT_EQ(count, 30u);
}

TEST(EngineTest, ClearRestartsSequence) {
  Queue q;
  q.schedule(1, 0, Arrive{1});
  q.clear();
  EXPECT_TRUE(q.empty());
  q.schedule(4, 0, Arrive{2});
  q.schedule(4, 0, Arrive{3});
  EXPECT_EQ(q.top().sequence, 0u);
  EXPECT_EQ(run_all(q, 5), (std::vector<std::string>{"4A2", "4A3"}));
}

TEST(EngineTest, RandomScheduleComesOutSorted) {
  Queue q;
  std::uint64_t x = 12345;
  for (int i = 0; i < 5000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    q.schedule(static_cast<blanko::Day>((x >> 33) % 400), static_cast<std::uint8_t>((x >> 20) % 6),
               Arrive{i});
  }
  blanko::Day last_day = -1;
  std::uint8_t last_phase = 0;
  std::uint64_t last_seq = 0;
  while (!q.empty()) {
    auto e = q.pop();
    const bool ordered = e.day > last_day || (e.day == last_day && (e.phase > last_phase ||
                          (e.phase == last_phase && e.sequence > last_seq)));
    ASSERT_TRUE(ordered || last_day == -1);
    last_day = e.day;
    last_phase = e.phase;
    last_seq = e.sequence;
  }
}

}  // namespace
