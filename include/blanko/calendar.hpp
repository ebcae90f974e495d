#pragma once
/// \file calendar.hpp
/// The calendar of the world: what makes demand and printing vary from day to day.
/// - a weekday pattern (reduced Friday output, say) on top of each office's closed weekdays;
/// - public holidays (offices closed; that day's requests come on the next working day);
/// - closure windows such as Lebaran (offices closed; the requests of the window come back
///   spread over `rebound_days` working days after it);
/// - events: `election`, `pilkada`, `cpns`, `school_drive`, `pemekaran` and `custom`, each on
///   a window, for a region scope, either multiplying the rate of some priority classes
///   (with a linear ramp-up before the window and a decay after it) or adding a number of
///   requests spread over the window's working days;
/// - IKD adoption: a curve over time of the share of some classes' requests that the digital
///   ID absorbs (they no longer need a blank);
/// - service disruptions (COVID 2020): recording and printing at a fraction of normal, with
///   the deferred requests coming back after the window.
/// A Model turns all of it into its per-(day, office, class) rate table once, so the
/// simulation itself never looks at the calendar.
///
/// \code
///   blanko::CalendarEvent pemilu;
///   pemilu.kind = blanko::CalendarEventKind::election;
///   pemilu.start = *blanko::parse_iso_date("2024-01-15");
///   pemilu.end = *blanko::parse_iso_date("2024-02-13");
///   pemilu.ramp_up_days = 90;
///   pemilu.multiplier = 2.0;
///   pemilu.classes = {blanko::PriorityClass::first_card};
///   scenario.calendar.events.push_back(pemilu);
/// \endcode

#include <blanko/date.hpp>
#include <blanko/enums.hpp>
#include <blanko/error.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace blanko {

/// True when region `id` is `region` itself or lies inside it by its Kemendagri code:
/// `17.04` is within `17`, `170.1` is not.
[[nodiscard]] bool is_within_region(std::string_view id, std::string_view region);

/// Which offices something applies to.
struct RegionScope {
  /// Region ids; empty means every office. An id covers itself and every region inside it
  /// (`17` covers `17.04`), so a province id selects its kab/kota.
  std::vector<std::string> regions;
  /// Of the covered offices, this share takes part (Pilkada in some regions only). Which
  /// ones is decided by a stable hash of (`salt`, office id): the same offices every run.
  double share = 1.0;
  SourceLocation where;

  /// True when the office `office_id` takes part; `salt` is the event's name.
  [[nodiscard]] bool covers(std::string_view office_id, std::string_view salt) const;
};

/// Multipliers per ISO weekday (Monday first) on demand and on printing capacity.
struct WeekdayPattern {
  std::array<double, 7> demand{1, 1, 1, 1, 1, 1, 1};
  std::array<double, 7> capacity{1, 1, 1, 1, 1, 1, 1};
  SourceLocation where;
};

/// Days when every office covered is closed: no requests, no printing.
struct Holiday {
  Date date{};
  std::string name;
  SourceLocation where;
};

/// A closure window (Lebaran): offices covered are closed from `start` to `end`; the
/// requests the window would have brought come back spread evenly over the first
/// `rebound_days` working days after it.
struct ClosureWindow {
  std::string name;
  Date start{};
  Date end{};
  int rebound_days = 0;
  RegionScope scope;
  SourceLocation where;
};

/// A service disruption (the COVID shutdown of 2020): from `start` to `end` the covered
/// offices record only `recording` of their usual requests and print with `printing` of
/// their capacity; the requests not recorded come back spread evenly over the first
/// `catch_up_days` open days after the window (0: they are lost).
struct ServiceDisruption {
  std::string name;
  Date start{};
  Date end{};
  double recording = 1.0;
  double printing = 1.0;
  int catch_up_days = 0;
  RegionScope scope;
  SourceLocation where;
};

/// A demand event on the window `start`..`end` (inclusive).
/// Multiplying events (`multiplier` != 1) scale the rate of `classes`: 1 at `ramp_up_days`
/// before `start`, rising linearly to `multiplier` at `start`, holding to `end`, falling
/// linearly back to 1 over `decay_days`. Adding events (`requests` > 0, or
/// `share_of_wajib_ktp` > 0 for pemekaran) add that many requests of the first class in
/// `classes`, per covered office, spread evenly over the window's working days.
/// `custom` events may give `daily_multipliers` (one factor per day from `start`) or
/// `daily_requests` (requests added per covered office on each listed date; from a CSV file
/// with columns `date,requests` in YAML).
struct CalendarEvent {
  CalendarEventKind kind = CalendarEventKind::custom;
  std::string name;
  Date start{};
  Date end{};
  int ramp_up_days = 0;
  int decay_days = 0;
  double multiplier = 1.0;
  std::int64_t requests = 0;
  double share_of_wajib_ktp = 0;
  std::vector<double> daily_multipliers;
  std::vector<std::pair<Date, double>> daily_requests;
  std::vector<PriorityClass> classes;  ///< empty: the kind's default (see default_classes)
  RegionScope scope;
  SourceLocation where;
};

/// The classes an event of `kind` affects when it names none: elections, Pilkada and school
/// drives bring first cards; CPNS brings replacements and data changes (applicants need a
/// valid card); pemekaran re-issues cards with new data; custom affects every class.
[[nodiscard]] std::vector<PriorityClass> default_classes(CalendarEventKind kind);

/// IKD adoption: the share of `classes`' requests that the digital ID absorbs on a date.
/// Logistic: `final_share` / (1 + exp(-steepness_per_year x years since `midpoint`)).
/// Piecewise: linear between `points` (date, share), flat outside them.
struct IkdAdoption {
  enum class Curve { none, logistic, piecewise };
  Curve curve = Curve::none;
  double final_share = 0;
  Date midpoint{};
  double steepness_per_year = 1;
  std::vector<std::pair<Date, double>> points;
  std::vector<PriorityClass> classes{PriorityClass::replacement, PriorityClass::data_change};
  RegionScope scope;
  SourceLocation where;

  /// The absorbed share on `date` (0 when the curve is none).
  [[nodiscard]] double share_on(Date date) const;
};

/// Everything date-dependent in a scenario.
struct CalendarSpec {
  WeekdayPattern weekday_pattern;
  std::vector<Holiday> holidays;
  std::vector<ClosureWindow> closures;
  std::vector<ServiceDisruption> disruptions;
  std::vector<CalendarEvent> events;
  std::vector<IkdAdoption> ikd;
  SourceLocation where;
};

/// A dated window of the calendar, for tables and charts (shading in plots and reports).
struct CalendarWindow {
  std::string name;
  std::string kind;  ///< an event's kind (`election`, `pilkada`, ...), `closure` or `disruption`
  Date start{};
  Date end{};        ///< inclusive
  std::vector<std::string> regions;  ///< empty: every office
  double share = 1.0;                ///< of the covered offices
};

/// The calendar's events, then its closures, then its disruptions, each in the order given.
[[nodiscard]] std::vector<CalendarWindow> calendar_windows(const CalendarSpec& calendar);

}  // namespace blanko
