// The calendar through whole scenarios: each feature written in YAML, run, and its effect
// on demand or printing measured against what was configured; plus the calendar's errors
// with file, line and key.

#include <blanko/model.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

namespace blanko {
namespace {

// Two kab/kota offices open every day with 40 first cards, 20 data changes and 30
// replacements a day each, fed from a centre with ample stock and printing.
std::string scenario_with(const std::string& calendar) {
  return R"(scenario:
  start: 2024-01-01
  end: 2024-12-31
  seed: 11
defaults:
  kabkota:
    office: {printers: 4, cards_per_printer_per_day: 200, closed_weekdays: []}
    demand:
      wajib_ktp_share: 1.0
      categories:
        turning_17: {annual_rate: 0.146, priority: first_card}
        moves: {annual_rate: 0.073, priority: data_change}
        lost: {annual_rate: 0.1095, priority: replacement}
    replenishment: {policy: base_stock, S: 2000, review_period_days: 1}
nodes:
  - {id: pusat, kind: centre, initial_stock: 100000000}
  - {id: "17", kind: province}
  - {id: "17.01", parent: "17", population: 100000, initial_stock: 2000}
  - {id: "17.02", parent: "17", population: 100000, initial_stock: 2000}
lanes:
  - {from: pusat, to: "17.01", lead_time: 2}
  - {from: pusat, to: "17.02", lead_time: 2}
)" + calendar;
}

// The same with every office's requests print-ready `delay` days after recording.
std::string with_dedup_delay(std::string yaml, const std::string& delay) {
  yaml.insert(yaml.find("categories:"), "dedup_delay: " + delay + "\n      ");
  return yaml;
}

const std::filesystem::path kDataDir = std::filesystem::path(BLANKO_TEST_DATA_DIR) / "calendar";

RunResult run(const std::string& yaml) {
  return simulate(Model(parse_scenario(yaml, "calendar.yaml", kDataDir)), {.seed = 5});
}

Date on(const char* iso) { return *parse_iso_date(iso); }
int day(const char* iso) { return static_cast<int>((on(iso) - on("2024-01-01")).count()); }

// Requests that became printable at node `v` over days [first, last].
double demand_between(const RunResult& r, int v, int first, int last) {
  double sum = 0;
  for (int d = first; d <= last; ++d) sum += static_cast<double>(r.timeseries->at(Series::demand, d, v));
  return sum;
}

constexpr int kOffice1 = 2, kOffice2 = 3;
constexpr double kPerDay = 90;  // 40 + 20 + 30

TEST(CalendarScenarioTest, ElectionDoublesFirstCardsInItsWindow) {
  const RunResult r = run(scenario_with(R"(calendar:
  events:
    - {kind: election, name: Pemilu 2024, start: 2024-02-01, end: 2024-02-13, multiplier: 3.0}
)"));
  // In the window first cards triple: 40 x 3 + 50 a day.
  const double inside = demand_between(r, kOffice1, day("2024-02-01"), day("2024-02-13"));
  const double expected = 13 * (40 * 3 + 50);
  EXPECT_NEAR(inside, expected, 4 * std::sqrt(expected));
  const double outside = demand_between(r, kOffice1, day("2024-03-01"), day("2024-03-31"));
  EXPECT_NEAR(outside, 31 * kPerDay, 4 * std::sqrt(31 * kPerDay));
}

TEST(CalendarScenarioTest, PilkadaOnlyWhereItIsHeld) {
  const RunResult r = run(scenario_with(R"(calendar:
  events:
    - {kind: pilkada, start: 2024-10-28, end: 2024-11-26, multiplier: 2.0, scope: {regions: ["17.02"]}}
)"));
  const int first = day("2024-10-28"), last = day("2024-11-26");
  const double held = demand_between(r, kOffice2, first, last);
  const double not_held = demand_between(r, kOffice1, first, last);
  EXPECT_NEAR(held, 30 * (80 + 50), 4 * std::sqrt(30 * 130.0));
  EXPECT_NEAR(not_held, 30 * kPerDay, 4 * std::sqrt(30 * kPerDay));
}

TEST(CalendarScenarioTest, IkdRemovesItsShareOfReplacementsAndDataChanges) {
  const RunResult r = run(scenario_with(R"(calendar:
  ikd:
    - {curve: piecewise, points: [[2024-01-01, 0.3]]}
)"));
  const NodeKpis& k = r.nodes[kOffice1];
  const auto replacement = static_cast<std::size_t>(PriorityClass::replacement);
  const auto change = static_cast<std::size_t>(PriorityClass::data_change);
  const auto first = static_cast<std::size_t>(PriorityClass::first_card);
  EXPECT_NEAR(static_cast<double>(k.demand_by_class[replacement]), 366 * 30 * 0.7,
              4 * std::sqrt(366 * 30 * 0.7));
  EXPECT_NEAR(static_cast<double>(k.demand_by_class[change]), 366 * 20 * 0.7,
              4 * std::sqrt(366 * 20 * 0.7));
  EXPECT_NEAR(static_cast<double>(k.demand_by_class[first]), 366 * 40, 4 * std::sqrt(366 * 40.0));
}

TEST(CalendarScenarioTest, LebaranClosesOfficesAndTheRequestsComeBack) {
  const RunResult r = run(scenario_with(R"(calendar:
  closures:
    - {name: Lebaran, start: 2024-04-08, end: 2024-04-15, rebound_days: 8}
  holidays: [2024-02-08]
)"));
  for (const char* closed : {"2024-04-08", "2024-04-12", "2024-04-15", "2024-02-08"}) {
    EXPECT_EQ(r.timeseries->at(Series::demand, day(closed), kOffice1), 0) << closed;
    EXPECT_EQ(r.timeseries->at(Series::printed, day(closed), kOffice1), 0) << closed;
  }
  // The 8 closed days' requests come back over the next 8 days: twice the usual rate.
  const double rebound = demand_between(r, kOffice1, day("2024-04-16"), day("2024-04-23"));
  EXPECT_NEAR(rebound, 16 * kPerDay, 4 * std::sqrt(16 * kPerDay));
  EXPECT_NEAR(static_cast<double>(r.timeseries->at(Series::demand, day("2024-02-09"), kOffice1)),
              2 * kPerDay, 4 * std::sqrt(2 * kPerDay));
}

TEST(CalendarScenarioTest, CovidShutdownAndCatchUp) {
  const RunResult r = run(scenario_with(R"(calendar:
  disruptions:
    - {name: COVID-19, start: 2024-04-01, end: 2024-04-30, recording: 0.2, printing: 0.5, catch_up_days: 30}
)"));
  const double april = demand_between(r, kOffice1, day("2024-04-01"), day("2024-04-30"));
  const double may = demand_between(r, kOffice1, day("2024-05-01"), day("2024-05-30"));
  EXPECT_NEAR(april, 30 * kPerDay * 0.2, 4 * std::sqrt(30 * kPerDay * 0.2));
  EXPECT_NEAR(may, 30 * kPerDay * 1.8, 4 * std::sqrt(30 * kPerDay * 1.8));
  for (int d = day("2024-04-01"); d <= day("2024-04-30"); ++d) {
    EXPECT_LE(r.timeseries->at(Series::printed, d, kOffice1), 400);  // half of 4 x 200
  }
}

TEST(CalendarScenarioTest, SchoolDriveAndPemekaranAddTheirRequests) {
  const RunResult r = run(scenario_with(R"(calendar:
  events:
    - {kind: school_drive, start: 2024-03-04, end: 2024-03-08, requests: 2000, region: "17.01"}
    - {kind: pemekaran, start: 2024-06-03, end: 2024-06-14, share_of_wajib_ktp: 0.06, region: "17.02"}
)"));
  const double drive = demand_between(r, kOffice1, day("2024-03-04"), day("2024-03-08"));
  EXPECT_NEAR(drive, 5 * kPerDay + 2000, 4 * std::sqrt(5 * kPerDay + 2000));
  const double split = demand_between(r, kOffice2, day("2024-06-03"), day("2024-06-14"));
  EXPECT_NEAR(split, 12 * kPerDay + 6000, 4 * std::sqrt(12 * kPerDay + 6000));
  EXPECT_NEAR(demand_between(r, kOffice2, day("2024-03-04"), day("2024-03-08")), 5 * kPerDay,
              4 * std::sqrt(5 * kPerDay));
}

TEST(CalendarScenarioTest, DedupDelayMovesPrintReadinessLater) {
  const std::string drive = scenario_with(R"(calendar:
  events:
    - {kind: school_drive, date: 2024-03-04, requests: 5000}
)");
  const RunResult r = run(drive);
  const RunResult delayed = run(with_dedup_delay(drive, "3"));
  EXPECT_GT(r.timeseries->at(Series::demand, day("2024-03-04"), kOffice1), 4500);
  EXPECT_LT(delayed.timeseries->at(Series::demand, day("2024-03-04"), kOffice1), 200);
  EXPECT_GT(delayed.timeseries->at(Series::demand, day("2024-03-07"), kOffice1), 4500);
  // A steady start: requests recorded before the first day arrive from day 0.
  EXPECT_GT(delayed.timeseries->at(Series::demand, 0, kOffice1), 40);
}

TEST(CalendarScenarioTest, CustomCountsFromACsvFile) {
  const RunResult r = run(scenario_with(R"(calendar:
  events:
    - {kind: custom, name: outreach, start: 2024-03-01, end: 2024-03-31, requests_csv: drive_counts.csv, region: "17.01"}
)"));
  for (const auto& [date, extra] : {std::pair{"2024-03-02", 500.0}, std::pair{"2024-03-05", 700.0}}) {
    EXPECT_NEAR(static_cast<double>(r.timeseries->at(Series::demand, day(date), kOffice1)),
                kPerDay + extra, 4 * std::sqrt(kPerDay + extra)) << date;
  }
  EXPECT_NEAR(static_cast<double>(r.timeseries->at(Series::demand, day("2024-03-02"), kOffice2)),
              kPerDay, 4 * std::sqrt(kPerDay));
}

TEST(CalendarScenarioTest, CsvCountErrorsNameTheCsvLine) {
  try {
    (void)run(scenario_with(R"(calendar:
  events:
    - {kind: custom, start: 2024-03-01, end: 2024-03-31, requests_csv: negative_counts.csv}
)"));
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_NE(e.where().file.find("negative_counts.csv"), std::string::npos) << e.what();
    EXPECT_EQ(e.where().line, 3) << e.what();
    EXPECT_NE(std::string(e.what()).find("requests must be a number between 0 and 1e12 (requests a day)"), std::string::npos) << e.what();
  }
  try {
    (void)run(scenario_with(R"(calendar:
  events:
    - {kind: custom, start: 2024-03-01, end: 2024-03-31, requests_csv: missing.csv}
)"));
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, "calendar.yaml") << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot read daily requests file"), std::string::npos) << e.what();
  }
}

// Errors: the calendar section is checked like the rest of the file.
void expect_error(const std::string& yaml, int line, const std::string& fragment) {
  try {
    Model model(parse_scenario(yaml, "calendar.yaml"));
    FAIL() << "expected: " << fragment;
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, "calendar.yaml") << e.what();
    EXPECT_EQ(e.where().line, line) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(CalendarScenarioTest, Errors) {
  const int first = 23;  // the line of `calendar:`
  expect_error(scenario_with("calendar:\n  holidys: [2024-02-08]\n"), first + 1,
               "unknown key 'holidys'; did you mean 'holidays'?");
  expect_error(scenario_with("calendar:\n  events:\n    - {kind: elektion, date: 2024-02-14, multiplier: 2}\n"),
               first + 2, "unknown event kind 'elektion'; did you mean 'election'?");
  expect_error(scenario_with("calendar:\n  events:\n    - {kind: cpns, start: 2024-09-10, end: 2024-08-20, multiplier: 2}\n"),
               first + 2, "before it starts");
  expect_error(scenario_with("calendar:\n  events:\n    - {kind: pilkada, date: 2024-11-27, multiplier: 2, region: \"17.03\"}\n"),
               first + 2, "unknown region '17.03'");
  expect_error(scenario_with("calendar:\n  holidays: [2024-02-30]\n"), first + 1, "is not a date");
  expect_error(scenario_with("calendar:\n  ikd:\n    - {curve: logistic, final_share: 1.4, midpoint: 2025-01-01}\n"),
               first + 2, "final_share must be a number between 0 and 1 (share), got 1.4");
  expect_error(scenario_with("calendar:\n  disruptions:\n    - {start: 2024-04-01, end: 2024-04-30, recording: 1.2}\n"),
               first + 2, "recording must be a number between 0 and 1 (share), got 1.2");
  expect_error(scenario_with("calendar:\n  events:\n    - {kind: custom, date: 2024-04-01, start: 2024-04-01, end: 2024-04-02, multiplier: 2}\n"),
               first + 2, "either date or start and end");
  expect_error(with_dedup_delay(scenario_with(""), "-2"), 10, "dedup_delay must be a number between 0 and 36,525 (days), got -2");
}

}  // namespace
}  // namespace blanko
