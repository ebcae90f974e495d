// The calendar of the world, compiled into one office's daily tables: weekday pattern,
// events (multiplying and adding), IKD adoption, holidays and closure windows.

#include <blanko/calendar.hpp>

#include "detail/calendar_tables.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace {
using namespace blanko;
using blanko::detail::ClassRates;

constexpr std::size_t kFirst = 0, kChange = 1, kReplacement = 2;
const Date kStart = *parse_iso_date("2024-01-01");  // a Monday

Date on(int day) { return kStart + std::chrono::days{day}; }

struct Tables {
  std::vector<ClassRates> rates;
  std::vector<std::int32_t> capacity;
};

// `days` days at 10 first cards, 4 data changes and 6 replacements a day; open every day
// unless weekends are closed.
Tables base(int days, bool weekends_closed = false) {
  Tables t;
  for (int d = 0; d < days; ++d) {
    const bool closed = weekends_closed && iso_weekday_index(on(d)) >= 5;
    t.rates.push_back(closed ? ClassRates{} : ClassRates{10, 4, 6});
    t.capacity.push_back(closed ? 0 : 100);
  }
  return t;
}

double class_total(const Tables& t, std::size_t c) {
  double sum = 0;
  for (const auto& r : t.rates) sum += r[c];
  return sum;
}

void apply(const CalendarSpec& calendar, Tables& t, std::string_view id = "17.71",
           double wajib_ktp = 280158) {
  detail::apply_office_calendar(calendar, kStart, {.id = id, .wajib_ktp = wajib_ktp}, t.rates, t.capacity);
}

TEST(CalendarTest, RegionScopeCoversRegionsInsideAndAStableShare) {
  RegionScope all;
  EXPECT_TRUE(all.covers("17.04", "x"));
  RegionScope bengkulu{.regions = {"17"}, .share = 1.0, .where = {}};
  EXPECT_TRUE(bengkulu.covers("17", "x"));
  EXPECT_TRUE(bengkulu.covers("17.04", "x"));
  EXPECT_FALSE(bengkulu.covers("71.04", "x"));
  EXPECT_FALSE(bengkulu.covers("170.1", "x"));
  RegionScope half{.regions = {}, .share = 0.5, .where = {}};
  int covered = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = std::to_string(10 + i / 30) + "." + std::to_string(i % 30);
    covered += half.covers(id, "Pilkada 2024") ? 1 : 0;
    EXPECT_EQ(half.covers(id, "Pilkada 2024"), half.covers(id, "Pilkada 2024"));
  }
  EXPECT_NEAR(covered, 500, 60);  // binomial(1000, 0.5): sd 16
}

TEST(CalendarTest, IkdCurves) {
  IkdAdoption logistic;
  logistic.curve = IkdAdoption::Curve::logistic;
  logistic.final_share = 0.3;
  logistic.midpoint = *parse_iso_date("2025-01-01");
  logistic.steepness_per_year = 2;
  EXPECT_DOUBLE_EQ(logistic.share_on(logistic.midpoint), 0.15);
  EXPECT_LT(logistic.share_on(*parse_iso_date("2023-01-01")), 0.03);
  EXPECT_GT(logistic.share_on(*parse_iso_date("2028-01-01")), 0.29);
  IkdAdoption piecewise;
  piecewise.curve = IkdAdoption::Curve::piecewise;
  piecewise.points = {{*parse_iso_date("2024-01-01"), 0.03}, {*parse_iso_date("2024-01-11"), 0.13}};
  EXPECT_DOUBLE_EQ(piecewise.share_on(*parse_iso_date("2023-06-01")), 0.03);
  EXPECT_NEAR(piecewise.share_on(*parse_iso_date("2024-01-06")), 0.08, 1e-12);
  EXPECT_DOUBLE_EQ(piecewise.share_on(*parse_iso_date("2025-01-01")), 0.13);
  EXPECT_EQ(IkdAdoption{}.share_on(kStart), 0.0);
}

TEST(CalendarTest, ElectionRampsUpHoldsAndStops) {
  CalendarSpec calendar;
  CalendarEvent pemilu;
  pemilu.kind = CalendarEventKind::election;
  pemilu.name = "Pemilu";
  pemilu.start = on(10);
  pemilu.end = on(19);
  pemilu.ramp_up_days = 4;
  pemilu.multiplier = 2.0;
  calendar.events.push_back(pemilu);
  Tables t = base(30);
  apply(calendar, t);
  EXPECT_DOUBLE_EQ(t.rates[5][kFirst], 10);          // before the ramp
  EXPECT_DOUBLE_EQ(t.rates[6][kFirst], 12);          // 4 days before: 1 + (2-1) x 1/5
  EXPECT_DOUBLE_EQ(t.rates[9][kFirst], 18);          // 1 day before: 1 + (2-1) x 4/5
  EXPECT_DOUBLE_EQ(t.rates[10][kFirst], 20);
  EXPECT_DOUBLE_EQ(t.rates[19][kFirst], 20);
  EXPECT_DOUBLE_EQ(t.rates[20][kFirst], 10);         // no decay
  EXPECT_DOUBLE_EQ(t.rates[15][kReplacement], 6);    // elections bring first cards only
  EXPECT_EQ(t.capacity[15], 100);
}

TEST(CalendarTest, CpnsDecaysAndTouchesReplacementsAndDataChanges) {
  CalendarSpec calendar;
  CalendarEvent cpns;
  cpns.kind = CalendarEventKind::cpns;
  cpns.name = "CPNS";
  cpns.start = on(3);
  cpns.end = on(5);
  cpns.decay_days = 1;
  cpns.multiplier = 3.0;
  calendar.events.push_back(cpns);
  Tables t = base(10);
  apply(calendar, t);
  EXPECT_DOUBLE_EQ(t.rates[4][kReplacement], 18);
  EXPECT_DOUBLE_EQ(t.rates[4][kChange], 12);
  EXPECT_DOUBLE_EQ(t.rates[4][kFirst], 10);
  EXPECT_DOUBLE_EQ(t.rates[6][kReplacement], 12);  // half-way down: 3 + (1-3)/2
  EXPECT_DOUBLE_EQ(t.rates[7][kReplacement], 6);
}

TEST(CalendarTest, SchoolDriveAddsItsRequestsOnOpenDaysOfItsOfficeOnly) {
  CalendarSpec calendar;
  CalendarEvent drive;
  drive.kind = CalendarEventKind::school_drive;
  drive.name = "SMA drive";
  drive.start = on(3);  // Thursday .. Monday: Thu, Fri, Mon open
  drive.end = on(7);
  drive.requests = 7347;
  drive.scope.regions = {"17.71"};
  calendar.events.push_back(drive);
  Tables city = base(14, true);
  apply(calendar, city, "17.71");
  EXPECT_NEAR(class_total(city, kFirst) - 10 * 10, 7347, 1e-9);
  EXPECT_NEAR(city.rates[3][kFirst], 10 + 7347.0 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(city.rates[5][kFirst], 0);  // Saturday stays closed
  Tables other = base(14, true);
  apply(calendar, other, "17.02");
  EXPECT_DOUBLE_EQ(class_total(other, kFirst), 100);
}

TEST(CalendarTest, PemekaranReissuesAShareOfWajibKtp) {
  CalendarSpec calendar;
  CalendarEvent split;
  split.kind = CalendarEventKind::pemekaran;
  split.name = "new kabupaten";
  split.start = on(0);
  split.end = on(9);
  split.share_of_wajib_ktp = 0.5;
  calendar.events.push_back(split);
  Tables t = base(20);
  apply(calendar, t, "17.09", 90005);
  EXPECT_NEAR(class_total(t, kChange) - 4 * 20, 45002.5, 1e-6);
  EXPECT_NEAR(t.rates[0][kChange], 4 + 4500.25, 1e-9);
}

TEST(CalendarTest, IkdRemovesItsShareOfReplacementsAndDataChanges) {
  CalendarSpec calendar;
  IkdAdoption ikd;
  ikd.curve = IkdAdoption::Curve::piecewise;
  ikd.points = {{kStart, 0.3}};
  calendar.ikd.push_back(ikd);
  Tables t = base(5);
  apply(calendar, t);
  EXPECT_DOUBLE_EQ(t.rates[2][kReplacement], 6 * 0.7);
  EXPECT_DOUBLE_EQ(t.rates[2][kChange], 4 * 0.7);
  EXPECT_DOUBLE_EQ(t.rates[2][kFirst], 10);
}

TEST(CalendarTest, HolidaysAndLebaranMoveRequestsWithoutLosingThem) {
  CalendarSpec calendar;
  calendar.holidays.push_back({.date = on(2), .name = "Isra Mikraj", .where = {}});
  calendar.closures.push_back({.name = "Lebaran", .start = on(8), .end = on(10),
                               .rebound_days = 4, .scope = {}, .where = {}});
  Tables t = base(30, true);
  const double before = class_total(t, kFirst) + class_total(t, kChange) + class_total(t, kReplacement);
  apply(calendar, t);
  const double after = class_total(t, kFirst) + class_total(t, kChange) + class_total(t, kReplacement);
  EXPECT_NEAR(after, before, 1e-9);
  EXPECT_EQ(t.capacity[2], 0);
  EXPECT_DOUBLE_EQ(t.rates[2][kFirst], 0);
  EXPECT_DOUBLE_EQ(t.rates[3][kFirst], 20);  // Thursday takes Wednesday's requests
  for (int d = 8; d <= 10; ++d) EXPECT_EQ(t.capacity[static_cast<std::size_t>(d)], 0);
  // Lebaran closes Tue 9 .. Thu 11 Jan here (days 8-10), which held 3 open days of
  // 10 first cards; they come back over Fri 12, Mon 15, Tue 16, Wed 17.
  EXPECT_DOUBLE_EQ(t.rates[11][kFirst], 10 + 30.0 / 4);
  EXPECT_DOUBLE_EQ(t.rates[14][kFirst], 10 + 30.0 / 4);
  EXPECT_DOUBLE_EQ(t.rates[18][kFirst], 10);
}

TEST(CalendarTest, CovidShutdownDefersRecordingsToACatchUpWave) {
  CalendarSpec calendar;
  calendar.disruptions.push_back({.name = "COVID", .start = on(10), .end = on(19),
                                  .recording = 0.2, .printing = 0.5, .catch_up_days = 5,
                                  .scope = {}, .where = {}});
  Tables t = base(40);
  apply(calendar, t);
  EXPECT_DOUBLE_EQ(t.rates[12][kFirst], 2);
  EXPECT_EQ(t.capacity[12], 50);
  EXPECT_EQ(t.capacity[20], 100);
  // 10 days x 8 deferred first cards come back over the 5 days after the window.
  EXPECT_DOUBLE_EQ(t.rates[20][kFirst], 10 + 80.0 / 5);
  EXPECT_DOUBLE_EQ(t.rates[24][kFirst], 10 + 80.0 / 5);
  EXPECT_DOUBLE_EQ(t.rates[25][kFirst], 10);
  EXPECT_NEAR(class_total(t, kReplacement), 6 * 40, 1e-9);
  // Without a catch-up the deferred requests are lost.
  calendar.disruptions[0].catch_up_days = 0;
  Tables lost = base(40);
  apply(calendar, lost);
  EXPECT_NEAR(class_total(lost, kFirst), 10 * 40 - 80, 1e-9);
}

TEST(CalendarTest, WeekdayPatternMovesDemandWithinTheWeekAndCutsCapacity) {
  CalendarSpec calendar;
  calendar.weekday_pattern.demand = {1, 1, 1, 1, 0.5, 1, 1};
  calendar.weekday_pattern.capacity = {1, 1, 1, 1, 0.6, 1, 1};
  Tables t = base(14, true);
  const double before = class_total(t, kFirst);
  apply(calendar, t);
  EXPECT_NEAR(class_total(t, kFirst), before, 1e-9);
  EXPECT_NEAR(t.rates[4][kFirst] * 2, t.rates[0][kFirst], 1e-12);
  EXPECT_EQ(t.capacity[4], 60);
  EXPECT_EQ(t.capacity[0], 100);
}

TEST(CalendarTest, ValidationNamesTheProblem) {
  const std::vector<std::string> ids{"pusat", "17", "17.71", "17.02"};
  auto expect_error = [&](const CalendarSpec& calendar, const std::string& fragment) {
    try {
      detail::validate_calendar(calendar, ids);
      FAIL() << "expected: " << fragment;
    } catch (const ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
      EXPECT_EQ(e.where().key_path, "calendar.events[0]") << e.what();
    }
  };
  CalendarSpec calendar;
  CalendarEvent e;
  e.name = "drive";
  e.start = on(5);
  e.end = on(9);
  e.requests = 100;
  e.where.key_path = "calendar.events[0]";
  e.scope.where.key_path = "calendar.events[0]";
  calendar.events.push_back(e);
  EXPECT_NO_THROW(detail::validate_calendar(calendar, ids));
  calendar.events[0].scope.regions = {"17.17"};
  expect_error(calendar, "unknown region '17.17'; did you mean '17.71'?");
  calendar.events[0].scope.regions = {};
  calendar.events[0].end = on(1);
  expect_error(calendar, "before it starts");
  calendar.events[0].end = on(9);
  calendar.events[0].multiplier = 2;
  expect_error(calendar, "split it into two events");
  calendar.events[0].requests = 0;
  calendar.events[0].multiplier = 1;
  expect_error(calendar, "changes nothing");
}

}  // namespace
