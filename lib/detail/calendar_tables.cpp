#include "detail/calendar_tables.hpp"

#include "detail/compiled_model.hpp"
#include "detail/dedup_delay.hpp"
#include "detail/suggest.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace blanko::detail {
namespace {

void check(bool ok, const SourceLocation& where, const std::string& message) {
  if (!ok) throw ScenarioError(where, message);
}

void validate_scope(const RegionScope& scope, std::span<const std::string> node_ids) {
  for (const std::string& region : scope.regions) {
    const bool known = std::any_of(node_ids.begin(), node_ids.end(),
                                   [&](const std::string& id) { return is_within_region(id, region); });
    check(known, scope.where,
          "unknown region '" + region + "'" + suggestion_suffix(region, node_ids));
  }
}

void validate_window(Date start, Date end, const SourceLocation& where) {
  check(end >= start, where,
        "the window ends (" + to_iso_string(end) + ") before it starts (" + to_iso_string(start) + ")");
}

Day day_index(Date date, Date start) { return static_cast<Day>((date - start).count()); }

// The event's multiplier on `date` (1 outside its ramp, window and decay).
double event_factor(const CalendarEvent& e, Date date) {
  if (!e.daily_multipliers.empty()) {
    const auto offset = (date - e.start).count();
    return offset >= 0 && offset < static_cast<long>(e.daily_multipliers.size())
               ? e.daily_multipliers[static_cast<std::size_t>(offset)]
               : 1.0;
  }
  if (date >= e.start && date <= e.end) return e.multiplier;
  if (date < e.start) {
    const auto before = (e.start - date).count();
    if (before > e.ramp_up_days) return 1.0;
    return e.multiplier + (1.0 - e.multiplier) * static_cast<double>(before) /
                              static_cast<double>(e.ramp_up_days + 1);
  }
  const auto after = (date - e.end).count();
  if (after > e.decay_days) return 1.0;
  return e.multiplier + (1.0 - e.multiplier) * static_cast<double>(after) /
                            static_cast<double>(e.decay_days + 1);
}

const std::vector<PriorityClass>& classes_of(const CalendarEvent& e,
                                             std::vector<PriorityClass>& scratch) {
  if (!e.classes.empty()) return e.classes;
  scratch = default_classes(e.kind);
  return scratch;
}

// Adds the requests `moved` onto the days listed, evenly.
void spread(const ClassRates& moved, const std::vector<Day>& onto, std::vector<ClassRates>& rates) {
  if (onto.empty()) return;
  for (Day d : onto) {
    for (int c = 0; c < kPriorityClassCount; ++c) {
      rates[static_cast<std::size_t>(d)][static_cast<std::size_t>(c)] +=
          moved[static_cast<std::size_t>(c)] / static_cast<double>(onto.size());
    }
  }
}

}  // namespace

void validate_calendar(const CalendarSpec& calendar, std::span<const std::string> node_ids) {
  // The numbers' ranges are checked with the rest of the scenario's (field_bounds.hpp).
  for (const ClosureWindow& c : calendar.closures) {
    validate_window(c.start, c.end, c.where);
    validate_scope(c.scope, node_ids);
  }
  for (const CalendarEvent& e : calendar.events) {
    validate_window(e.start, e.end, e.where);
    const bool adds = e.requests > 0 || e.share_of_wajib_ktp > 0 || !e.daily_requests.empty();
    const bool multiplies = e.multiplier != 1.0 || !e.daily_multipliers.empty();
    check(adds || multiplies, e.where,
          "event '" + e.name +
              "' changes nothing: give a multiplier, requests, share_of_wajib_ktp or requests_csv");
    check(!(adds && multiplies), e.where,
          "event '" + e.name + "' both multiplies and adds requests; split it into two events");
    validate_scope(e.scope, node_ids);
  }
  for (const ServiceDisruption& x : calendar.disruptions) {
    validate_window(x.start, x.end, x.where);
    validate_scope(x.scope, node_ids);
  }
  for (const IkdAdoption& ikd : calendar.ikd) {
    check(ikd.curve != IkdAdoption::Curve::piecewise || !ikd.points.empty(), ikd.where,
          "a piecewise IKD curve needs at least one point");
    for (std::size_t i = 0; i < ikd.points.size(); ++i) {
      check(i == 0 || ikd.points[i].first > ikd.points[i - 1].first, ikd.where,
            "IKD points must be in date order");
    }
    validate_scope(ikd.scope, node_ids);
  }
}

void apply_office_calendar(const CalendarSpec& calendar, Date start, const OfficeContext& office,
                    std::vector<ClassRates>& rates, std::vector<std::int32_t>& capacity) {
  const auto horizon = static_cast<Day>(rates.size());
  auto date_of = [&](Day d) { return start + std::chrono::days{d}; };
  std::vector<char> open(rates.size());
  for (Day d = 0; d < horizon; ++d) open[static_cast<std::size_t>(d)] = capacity[static_cast<std::size_t>(d)] > 0;

  // Weekday pattern. Demand factors are normalised over the office's open weekdays, so they
  // move requests between days of the week without changing the week's total.
  const WeekdayPattern& pattern = calendar.weekday_pattern;
  double open_factor_sum = 0;
  int open_weekdays = 0;
  for (Day d = 0; d < std::min<Day>(horizon, 7); ++d) {
    if (!open[static_cast<std::size_t>(d)]) continue;
    open_factor_sum += pattern.demand[static_cast<std::size_t>(iso_weekday_index(date_of(d)))];
    ++open_weekdays;
  }
  // Zero on every open weekday would silently mean no demand at all.
  check(open_weekdays == 0 || open_factor_sum > 0, pattern.where,
        "the weekday demand factors are 0 on every day office '" + std::string(office.id) +
            "' is open: it would get no requests; give its open weekdays a factor above 0");
  const double normaliser = open_factor_sum > 0 ? open_weekdays / open_factor_sum : 1.0;
  for (Day d = 0; d < horizon; ++d) {
    const auto i = static_cast<std::size_t>(d);
    const auto w = static_cast<std::size_t>(iso_weekday_index(date_of(d)));
    for (double& r : rates[i]) r *= pattern.demand[w] * normaliser;
    capacity[i] = static_cast<std::int32_t>(std::lround(capacity[i] * pattern.capacity[w]));
  }

  std::vector<PriorityClass> scratch;
  for (const CalendarEvent& e : calendar.events) {
    if (!e.scope.covers(office.id, e.name)) continue;
    const auto& classes = classes_of(e, scratch);
    if (!e.daily_requests.empty()) {
      // A series of counts: each date's requests on that day, or the next open one.
      for (const auto& [date, requests] : e.daily_requests) {
        Day d = day_index(date, start);
        while (d >= 0 && d < horizon && !open[static_cast<std::size_t>(d)]) ++d;
        if (d < 0 || d >= horizon) continue;
        rates[static_cast<std::size_t>(d)][static_cast<std::size_t>(classes.front())] += requests;
      }
      continue;
    }
    const bool adds = e.requests > 0 || e.share_of_wajib_ktp > 0;
    if (!adds) {
      for (Day d = 0; d < horizon; ++d) {
        const double f = event_factor(e, date_of(d));
        if (f == 1.0) continue;
        for (PriorityClass c : classes) rates[static_cast<std::size_t>(d)][static_cast<std::size_t>(c)] *= f;
      }
      continue;
    }
    // Requests of an adding event go to the window's open days; the part of the window
    // outside the horizon keeps its share of the requests.
    const double total = static_cast<double>(e.requests) + e.share_of_wajib_ktp * office.wajib_ktp;
    const double window_days = static_cast<double>((e.end - e.start).count() + 1);
    std::vector<Day> days;
    for (Day d = std::max<Day>(0, day_index(e.start, start));
         d <= std::min<Day>(horizon - 1, day_index(e.end, start)); ++d) {
      if (open[static_cast<std::size_t>(d)]) days.push_back(d);
    }
    if (days.empty()) continue;
    const Day first = std::max<Day>(0, day_index(e.start, start));
    const Day last = std::min<Day>(horizon - 1, day_index(e.end, start));
    const double inside = total * static_cast<double>(last - first + 1) / window_days;
    ClassRates added{};
    added[static_cast<std::size_t>(classes.front())] = inside;
    spread(added, days, rates);
  }

  for (const IkdAdoption& ikd : calendar.ikd) {
    if (!ikd.scope.covers(office.id, "ikd")) continue;
    for (Day d = 0; d < horizon; ++d) {
      const double kept = 1.0 - ikd.share_on(date_of(d));
      for (PriorityClass c : ikd.classes) rates[static_cast<std::size_t>(d)][static_cast<std::size_t>(c)] *= kept;
    }
  }

  // Disruptions, closures and holidays move requests to open days after them: holidays to
  // the next one, closures and disruptions spread over their rebound or catch-up days
  // (none: the requests are lost).
  auto close = [&](Day d) {
    const auto i = static_cast<std::size_t>(d);
    ClassRates moved = rates[i];
    rates[i].fill(0);
    capacity[i] = 0;
    open[i] = 0;
    return moved;
  };
  auto open_days_after = [&](Day d, int count) {
    std::vector<Day> days;
    for (Day k = d + 1; k < horizon && static_cast<int>(days.size()) < count; ++k) {
      if (open[static_cast<std::size_t>(k)]) days.push_back(k);
    }
    return days;
  };
  // A closure window is a disruption with no recording and no printing.
  std::vector<ServiceDisruption> disruptions = calendar.disruptions;
  for (const ClosureWindow& c : calendar.closures) {
    disruptions.push_back({.name = c.name, .start = c.start, .end = c.end, .recording = 0,
                           .printing = 0, .catch_up_days = c.rebound_days, .scope = c.scope,
                           .where = c.where});
  }
  for (const ServiceDisruption& x : disruptions) {
    if (!x.scope.covers(office.id, x.name)) continue;
    ClassRates deferred{};
    const Day first = std::max<Day>(0, day_index(x.start, start));
    const Day last = std::min<Day>(horizon - 1, day_index(x.end, start));
    for (Day d = first; d <= last; ++d) {
      const auto i = static_cast<std::size_t>(d);
      for (std::size_t k = 0; k < deferred.size(); ++k) {
        deferred[k] += rates[i][k] * (1.0 - x.recording);
        rates[i][k] *= x.recording;
      }
      capacity[i] = static_cast<std::int32_t>(std::lround(capacity[i] * x.printing));
      if (capacity[i] == 0) open[i] = 0;
    }
    if (x.catch_up_days > 0) spread(deferred, open_days_after(last, x.catch_up_days), rates);
  }
  std::vector<Day> holidays;
  for (const Holiday& h : calendar.holidays) {
    const Day d = day_index(h.date, start);
    if (d >= 0 && d < horizon) holidays.push_back(d);
  }
  std::sort(holidays.begin(), holidays.end());
  for (Day d : holidays) {
    const ClassRates moved = close(d);
    spread(moved, open_days_after(d, 1), rates);
  }
}

}  // namespace blanko::detail

namespace blanko::detail {

void apply_calendar(CompiledModel& m) {
  std::vector<std::string> ids;
  ids.reserve(m.scenario.nodes.size());
  for (const NodeSpec& node : m.scenario.nodes) ids.push_back(node.id);
  validate_calendar(m.scenario.calendar, ids);

  const auto horizon = static_cast<std::size_t>(m.horizon);
  std::vector<ClassRates> rates(horizon);
  std::vector<std::int32_t> capacity(horizon);
  for (std::int32_t o = 0; o < m.office_count; ++o) {
    const NodeSpec& node = m.scenario.nodes[static_cast<std::size_t>(m.office_node[static_cast<std::size_t>(o)])];
    for (std::size_t d = 0; d < horizon; ++d) {
      const auto row = static_cast<Eigen::Index>(d);
      for (int c = 0; c < kPriorityClassCount; ++c) {
        rates[d][static_cast<std::size_t>(c)] = m.demand_rate(row, demand_column(o, static_cast<PriorityClass>(c)));
      }
      capacity[d] = m.print_capacity(row, o);
    }
    const double wajib_ktp = static_cast<double>(node.population) * node.demand->wajib_ktp_share;
    apply_office_calendar(m.scenario.calendar, m.scenario.start, {.id = node.id, .wajib_ktp = wajib_ktp},
                          rates, capacity);
    if (node.demand->dedup_delay) apply_dedup_delay(delay_pmf(*node.demand->dedup_delay), rates);
    for (std::size_t d = 0; d < horizon; ++d) {
      const auto row = static_cast<Eigen::Index>(d);
      for (int c = 0; c < kPriorityClassCount; ++c) {
        m.demand_rate(row, demand_column(o, static_cast<PriorityClass>(c))) = rates[d][static_cast<std::size_t>(c)];
      }
      m.print_capacity(row, o) = capacity[d];
    }
  }
}

}  // namespace blanko::detail
