#include "detail/calendar_reader.hpp"

#include "detail/csv_table.hpp"

#include <algorithm>
#include <array>

namespace blanko::detail {
namespace {

namespace bound = detail::bound;

constexpr std::array<std::string_view, 6> kCalendarKeys{"weekday_pattern", "holidays", "closures",
                                                        "disruptions", "events", "ikd"};
constexpr std::array<std::string_view, 7> kDisruptionKeys{"name",     "start",         "end", "recording",
                                                          "printing", "catch_up_days", "scope"};
constexpr std::array<std::string_view, 2> kPatternKeys{"demand", "capacity"};
constexpr std::array<std::string_view, 2> kHolidayKeys{"date", "name"};
constexpr std::array<std::string_view, 5> kClosureKeys{"name", "start", "end", "rebound_days",
                                                       "scope"};
constexpr std::array<std::string_view, 15> kEventKeys{
    "kind",       "name",     "date",     "start",   "end",
    "ramp_up_days", "decay_days", "multiplier", "requests", "share_of_wajib_ktp",
    "daily_multipliers", "requests_csv", "classes", "scope", "region"};
constexpr std::array<std::string_view, 2> kDailyRequestColumns{"date", "requests"};
constexpr std::array<std::string_view, 2> kScopeKeys{"regions", "share"};
constexpr std::array<std::string_view, 7> kIkdKeys{"curve",  "final_share", "midpoint",
                                                   "steepness_per_year", "points", "classes",
                                                   "scope"};
constexpr std::array<std::string_view, 3> kCurves{"none", "logistic", "piecewise"};

RegionScope read_scope(const YamlReader& yaml, const Field& owner) {
  RegionScope scope;
  scope.where = yaml.locate(owner);
  if (auto field = yaml.find(owner, "scope")) {
    yaml.check_keys(*field, kScopeKeys);
    scope.where = yaml.locate(*field);
    scope.regions = yaml.get<std::vector<std::string>>(*field, "regions").value_or(scope.regions);
    scope.share = yaml.get<double>(*field, "share", bound::scope_share).value_or(scope.share);
  }
  return scope;
}

// `start` and `end`, or one `date` for both.
void read_window(const YamlReader& yaml, const Field& item, Date& start, Date& end) {
  if (auto date = yaml.get<Date>(item, "date")) {
    if (yaml.find(item, "start") || yaml.find(item, "end")) {
      yaml.fail(item, "give either date or start and end, not both");
    }
    start = end = *date;
    return;
  }
  start = yaml.as<Date>(yaml.require(item, "start"));
  end = yaml.as<Date>(yaml.require(item, "end"));
}

// The fields closures and disruptions share: name, start, end, scope.
template <class Window>
void read_window_item(const YamlReader& yaml, const Field& item, const char* default_name,
                      Window& window) {
  window.where = yaml.locate(item);
  window.name = yaml.get<std::string>(item, "name").value_or(default_name);
  window.start = yaml.as<Date>(yaml.require(item, "start"));
  window.end = yaml.as<Date>(yaml.require(item, "end"));
  window.scope = read_scope(yaml, item);
}

std::array<double, 7> read_weekday_factors(const YamlReader& yaml, const Field& map) {
  yaml.expect_map(map);
  std::array<double, 7> factors{1, 1, 1, 1, 1, 1, 1};
  for (const auto& [key, value] : yaml.entries(map)) {
    factors[static_cast<std::size_t>(yaml.as<Weekday>(key))] =
        yaml.as_bounded(value, bound::weekday_factor);
  }
  return factors;
}

// `requests_csv: file.csv` with columns date,requests: requests added on each date.
std::vector<std::pair<Date, double>> read_daily_requests(const YamlReader& yaml, const Field& field,
                                                         const std::filesystem::path& base_dir) {
  const CsvTable csv = read_csv_table(base_dir / yaml.as<std::string>(field), kDailyRequestColumns,
                                      yaml.locate(field), "daily requests file");
  std::vector<std::pair<Date, double>> daily;
  for (const auto& row : csv.rows) {
    const double requests = csv.number(row[1], "requests", bound::daily_requests);
    daily.emplace_back(csv.date(row[0], "date"), requests);
  }
  return daily;
}

CalendarEvent read_event(const YamlReader& yaml, const Field& item,
                         const std::filesystem::path& base_dir) {
  yaml.check_keys(item, kEventKeys);
  CalendarEvent e;
  e.where = yaml.locate(item);
  e.kind = yaml.as<CalendarEventKind>(yaml.require(item, "kind"));
  e.name = yaml.get<std::string>(item, "name").value_or(std::string(to_string(e.kind)));
  read_window(yaml, item, e.start, e.end);
  e.ramp_up_days = yaml.get<int>(item, "ramp_up_days", bound::window_days).value_or(0);
  e.decay_days = yaml.get<int>(item, "decay_days", bound::window_days).value_or(0);
  e.multiplier = yaml.get<double>(item, "multiplier", bound::multiplier).value_or(1.0);
  e.requests = yaml.get<std::int64_t>(item, "requests", bound::event_requests).value_or(0);
  e.share_of_wajib_ktp =
      yaml.get<double>(item, "share_of_wajib_ktp", bound::share_of_wajib_ktp).value_or(0.0);
  if (auto multipliers = yaml.find(item, "daily_multipliers")) {
    e.daily_multipliers = yaml.as_bounded_list(*multipliers, bound::daily_multiplier);
  }
  if (auto file = yaml.find(item, "requests_csv")) e.daily_requests = read_daily_requests(yaml, *file, base_dir);
  e.classes = yaml.get<std::vector<PriorityClass>>(item, "classes").value_or(e.classes);
  e.scope = read_scope(yaml, item);
  if (auto region = yaml.get<std::string>(item, "region")) {
    // `region: "17.71"` is the short form of `scope: {regions: ["17.71"]}` for one office.
    if (yaml.find(item, "scope")) yaml.fail(item, "give either region or scope, not both");
    e.scope.regions = {*region};
  }
  return e;
}

IkdAdoption read_ikd(const YamlReader& yaml, const Field& item) {
  yaml.check_keys(item, kIkdKeys);
  IkdAdoption ikd;
  ikd.where = yaml.locate(item);
  const Field curve = yaml.require(item, "curve");
  const std::string word = yaml.as<std::string>(curve);
  const auto it = std::find(kCurves.begin(), kCurves.end(), word);
  if (it == kCurves.end()) {
    yaml.fail(curve, "unknown IKD curve '" + word + "'; expected logistic, piecewise or none");
  }
  ikd.curve = static_cast<IkdAdoption::Curve>(it - kCurves.begin());
  if (ikd.curve == IkdAdoption::Curve::logistic) {
    ikd.final_share = yaml.as_bounded(yaml.require(item, "final_share"), bound::ikd_share);
    ikd.midpoint = yaml.as<Date>(yaml.require(item, "midpoint"));
    ikd.steepness_per_year =
        yaml.get<double>(item, "steepness_per_year", bound::steepness_per_year).value_or(1.0);
  } else if (ikd.curve == IkdAdoption::Curve::piecewise) {
    for (const Field& point : yaml.items(yaml.require(item, "points"))) {
      const auto pair = yaml.items(point);
      if (pair.size() != 2) yaml.fail(point, "an IKD point is [date, share]");
      ikd.points.emplace_back(yaml.as<Date>(pair[0]), yaml.as_bounded(pair[1], bound::ikd_share));
    }
  }
  ikd.classes = yaml.get<std::vector<PriorityClass>>(item, "classes").value_or(ikd.classes);
  ikd.scope = read_scope(yaml, item);
  return ikd;
}

}  // namespace

CalendarSpec read_calendar(const YamlReader& yaml, const Field& calendar,
                           const std::filesystem::path& base_dir) {
  yaml.check_keys(calendar, kCalendarKeys);
  CalendarSpec spec;
  spec.where = yaml.locate(calendar);
  if (auto pattern = yaml.find(calendar, "weekday_pattern")) {
    yaml.check_keys(*pattern, kPatternKeys);
    spec.weekday_pattern.where = yaml.locate(*pattern);
    if (auto demand = yaml.find(*pattern, "demand")) {
      spec.weekday_pattern.demand = read_weekday_factors(yaml, *demand);
    }
    if (auto capacity = yaml.find(*pattern, "capacity")) {
      spec.weekday_pattern.capacity = read_weekday_factors(yaml, *capacity);
    }
  }
  if (auto holidays = yaml.find(calendar, "holidays")) {
    for (const Field& item : yaml.items(*holidays)) {
      Holiday h;
      h.where = yaml.locate(item);
      if (item.node.IsMap()) {
        yaml.check_keys(item, kHolidayKeys);
        h.date = yaml.as<Date>(yaml.require(item, "date"));
        h.name = yaml.get<std::string>(item, "name").value_or("");
      } else {
        h.date = yaml.as<Date>(item);
      }
      spec.holidays.push_back(std::move(h));
    }
  }
  if (auto closures = yaml.find(calendar, "closures")) {
    for (const Field& item : yaml.items(*closures)) {
      yaml.check_keys(item, kClosureKeys);
      ClosureWindow c;
      read_window_item(yaml, item, "closure", c);
      c.rebound_days = yaml.get<int>(item, "rebound_days", bound::window_days).value_or(0);
      spec.closures.push_back(std::move(c));
    }
  }
  if (auto disruptions = yaml.find(calendar, "disruptions")) {
    for (const Field& item : yaml.items(*disruptions)) {
      yaml.check_keys(item, kDisruptionKeys);
      ServiceDisruption x;
      read_window_item(yaml, item, "disruption", x);
      x.recording = yaml.get<double>(item, "recording", bound::service_share).value_or(1.0);
      x.printing = yaml.get<double>(item, "printing", bound::service_share).value_or(1.0);
      x.catch_up_days = yaml.get<int>(item, "catch_up_days", bound::window_days).value_or(0);
      spec.disruptions.push_back(std::move(x));
    }
  }
  if (auto events = yaml.find(calendar, "events")) {
    for (const Field& item : yaml.items(*events)) spec.events.push_back(read_event(yaml, item, base_dir));
  }
  if (auto ikd = yaml.find(calendar, "ikd")) {
    for (const Field& item : yaml.items(*ikd)) spec.ikd.push_back(read_ikd(yaml, item));
  }
  return spec;
}

}  // namespace blanko::detail
