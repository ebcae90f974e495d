#include <blanko/calendar.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace blanko {

bool is_within_region(std::string_view id, std::string_view region) {
  return id == region ||
         (id.size() > region.size() && id.starts_with(region) && id[region.size()] == '.');
}

bool RegionScope::covers(std::string_view office_id, std::string_view salt) const {
  const bool listed =
      regions.empty() || std::any_of(regions.begin(), regions.end(), [&](const std::string& r) {
        return is_within_region(office_id, r);
      });
  if (!listed) return false;
  if (share >= 1.0) return true;
  // FNV-1a of "salt/office": a fixed pseudo-random draw per (event, office), independent
  // of the replication, so the same regions hold a Pilkada in every run.
  std::uint64_t hash = 14695981039346656037ULL;
  auto mix = [&](std::string_view text) {
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  };
  mix(salt);
  mix("/");
  mix(office_id);
  const double u = static_cast<double>(hash >> 11U) * 0x1.0p-53;
  return u < share;
}

std::vector<PriorityClass> default_classes(CalendarEventKind kind) {
  switch (kind) {
    case CalendarEventKind::election:
    case CalendarEventKind::pilkada:
    case CalendarEventKind::school_drive:
      return {PriorityClass::first_card};
    case CalendarEventKind::cpns:
      return {PriorityClass::replacement, PriorityClass::data_change};
    case CalendarEventKind::pemekaran:
      return {PriorityClass::data_change};
    case CalendarEventKind::custom:
      break;
  }
  return {PriorityClass::first_card, PriorityClass::data_change, PriorityClass::replacement};
}

double IkdAdoption::share_on(Date date) const {
  switch (curve) {
    case Curve::none:
      return 0;
    case Curve::logistic: {
      const double years = static_cast<double>((date - midpoint).count()) / 365.25;
      return final_share / (1 + std::exp(-steepness_per_year * years));
    }
    case Curve::piecewise:
      break;
  }
  if (points.empty()) return 0;
  if (date <= points.front().first) return points.front().second;
  if (date >= points.back().first) return points.back().second;
  const auto after = std::upper_bound(points.begin(), points.end(), date,
                                      [](Date d, const auto& p) { return d < p.first; });
  const auto before = after - 1;
  const double span = static_cast<double>((after->first - before->first).count());
  const double t = static_cast<double>((date - before->first).count()) / span;
  return before->second + t * (after->second - before->second);
}

std::vector<CalendarWindow> calendar_windows(const CalendarSpec& calendar) {
  std::vector<CalendarWindow> windows;
  const auto add = [&](const std::string& name, std::string_view kind, Date start, Date end,
                       const RegionScope& scope) {
    windows.push_back({.name = name, .kind = std::string(kind), .start = start, .end = end,
                       .regions = scope.regions, .share = scope.share});
  };
  for (const CalendarEvent& e : calendar.events) add(e.name, to_string(e.kind), e.start, e.end, e.scope);
  for (const ClosureWindow& c : calendar.closures) add(c.name, "closure", c.start, c.end, c.scope);
  for (const ServiceDisruption& d : calendar.disruptions) {
    add(d.name, "disruption", d.start, d.end, d.scope);
  }
  return windows;
}

}  // namespace blanko
