#pragma once
// The range of every number a scenario can carry, in one table. The YAML loader checks each
// value against its row as it reads it (so the error points at the value's file:line:col
// and key path), the Model checks a scenario built in code against the same rows
// (check_scenario_bounds), and docs/scenario-format.md shows the table (docs_test checks
// that the two agree).
//
// The limits are chosen so that no sum blanko forms can overflow an int64: one quantity of
// blanks is at most kMaxBlanks (1e12) and everything a run can put into the network (the
// initial stocks, lots, tenders, backlogs, added requests and the expected demand of the
// whole horizon) at most kMaxTotalBlanks (1e14), checked by the Model. A sum over the days
// of a run (stock-days, suket-days) is then below kMaxTotalBlanks x kMaxHorizonDays =
// 3.7e18 < 9.2e18 = INT64_MAX, and a printing capacity (printers x cards x weekday factor)
// below 1e5 x 1e6 x 100 = 1e13.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace blanko {
struct Scenario;
}

namespace blanko::detail {

inline constexpr double kMaxHorizonDays = 36525;  // 100 years
inline constexpr double kMaxDays = kMaxHorizonDays;  // any delay, lead time or cover in days
inline constexpr double kMaxBlanks = 1e12;           // one quantity of blanks or requests
inline constexpr double kMaxTotalBlanks = 1e14;      // all of a run's blanks and requests
inline constexpr double kMaxPopulation = 1e10;       // residents of one node
inline constexpr double kMaxRupiah = 1e12;           // one unit cost
inline constexpr double kMaxFactor = 1000;           // a demand or capacity multiplier
inline constexpr double kMaxAnnualRate = 100;        // requests per resident and year

/// How a field's value is written and what it counts.
enum class BoundKind : std::uint8_t { integer, real };

/// The range of one field: [low, high], or (low, high] when `low_open`.
struct FieldBound {
  std::string_view keys;     ///< the YAML key (or keys) the row bounds, for the docs
  std::string_view section;  ///< where the key is written, for the docs
  BoundKind kind;
  double low;
  double high;
  std::string_view unit;  ///< "days", "blanks", "Rp", "share", ...
  bool low_open = false;

  [[nodiscard]] bool contains(double value) const {
    return (low_open ? value > low : value >= low) && value <= high;  // NaN: false
  }
  /// `<name> must be between 1 and 100,000 (printers), got 3e+07`, `name` being the key
  /// as written (a row may cover several keys).
  [[nodiscard]] std::string violation(std::string_view name, double value) const;
  /// `[1, 36,525]` or `(0, 1]`, as the docs table writes it.
  [[nodiscard]] std::string range_text() const;
};

namespace bound {
using enum BoundKind;
// clang-format off
// scenario
inline constexpr FieldBound horizon_days{"horizon_days", "scenario", integer, 1, kMaxHorizonDays, "days"};
// nodes (also in defaults, table entries and their overrides)
inline constexpr FieldBound population{"population", "nodes; the node table's total", integer, 0, kMaxPopulation, "residents"};
inline constexpr FieldBound initial_stock{"initial_stock", "nodes", integer, 0, kMaxBlanks, "blanks"};
inline constexpr FieldBound printers{"printers", "office", integer, 1, 1e5, "printers"};
inline constexpr FieldBound per_wajib_ktp{"per_wajib_ktp", "office.printers", integer, 1, kMaxPopulation, "residents"};
inline constexpr FieldBound printers_min{"min", "office.printers", integer, 1, 1e5, "printers"};
inline constexpr FieldBound cards_per_printer_per_day{"cards_per_printer_per_day", "office", integer, 1, 1e6, "cards"};
inline constexpr FieldBound initial_backlog{"initial_backlog", "office", integer, 0, kMaxBlanks, "requests"};
inline constexpr FieldBound patience_days{"patience_days", "office", integer, 1, kMaxDays, "days"};
inline constexpr FieldBound give_up_share{"give_up_share", "office", real, 0, 1, "share"};
inline constexpr FieldBound ikd_share_of_leavers{"ikd_share_of_leavers", "office", real, 0, 1, "share"};
inline constexpr FieldBound donor_min_cover_days{"donor_min_cover_days", "lateral", real, 0, kMaxDays, "days"};
inline constexpr FieldBound recipient_cover_days{"recipient_cover_days", "lateral", real, 0, kMaxDays, "days"};
inline constexpr FieldBound max_per_transfer{"max_per_transfer", "lateral", integer, 1, kMaxBlanks, "blanks"};
inline constexpr FieldBound annual_rate{"annual_rate", "demand; demand.categories", real, 0, kMaxAnnualRate, "requests per resident and year"};
inline constexpr FieldBound wajib_ktp_share{"wajib_ktp_share", "demand", real, 0, 1, "share", true};
inline constexpr FieldBound dispersion{"dispersion", "demand.counts", real, 0, kMaxBlanks, "negative binomial size", true};
inline constexpr FieldBound review_period_days{"review_period_days", "replenishment", integer, 1, kMaxDays, "days"};
inline constexpr FieldBound review_offset_days{"review_offset_days", "replenishment", integer, 0, kMaxDays - 1, "days"};
inline constexpr FieldBound policy_number{"any other key (a parameter)", "replenishment; allocation", real, -kMaxBlanks, kMaxBlanks, "as the policy reads it"};
inline constexpr FieldBound policy_days{"cover_days, safety_days, lead_time_days, window_days", "replenishment; allocation", real, 0, kMaxDays, "days"};
inline constexpr FieldBound unit_cost{"holding_per_blank_day, waiting_per_suket_day, per_lost_request, unit_price", "costs", real, 0, kMaxRupiah, "Rp"};
// quantities: `{days_of_demand: N}`, `{cover_of_lead_time: k}`
inline constexpr FieldBound days_of_demand{"days_of_demand", "a quantity", real, 0, kMaxDays, "days"};
inline constexpr FieldBound cover_of_lead_time{"cover_of_lead_time", "a quantity", real, 0, kMaxFactor, "lead times"};
inline constexpr FieldBound blanks{"a number of blanks", "a quantity; a policy's quantity once resolved", real, 0, kMaxBlanks, "blanks"};
// distributions of days: lead times, the dedup delay, a tender's lead time
inline constexpr FieldBound distribution_days{"value, low, mode, high, mean, sd, scale, values", "a distribution of days", real, 0, kMaxDays, "days"};
inline constexpr FieldBound distribution_shape{"shape", "a distribution of days", real, 0, 1e6, "gamma shape", true};
inline constexpr FieldBound distribution_weight{"weights", "a distribution of days", real, 0, kMaxBlanks, "weight"};
// lanes
inline constexpr FieldBound lot_min{"min", "lanes.lot", integer, 1, kMaxBlanks, "blanks"};
inline constexpr FieldBound lot_max{"max", "lanes.lot", integer, 0, kMaxBlanks, "blanks"};
inline constexpr FieldBound lot_multiple{"multiple", "lanes.lot", integer, 1, kMaxBlanks, "blanks"};
inline constexpr FieldBound lane_priority{"priority", "lanes", integer, -1e6, 1e6, "rank"};
inline constexpr FieldBound trip_cost{"trip_cost", "lanes", integer, 0, kMaxRupiah, "Rp"};
inline constexpr FieldBound max_trips_per_month{"max_trips_per_month", "lanes", integer, 0, 1000, "trips"};
// procurement
inline constexpr FieldBound lot_quantity{"quantity", "procurement.lots; procurement.tenders", integer, 1, kMaxBlanks, "blanks"};
inline constexpr FieldBound failure_probability{"failure_probability", "procurement.tenders", real, 0, 1, "probability"};
inline constexpr FieldBound retender_delay_days{"retender_delay_days", "procurement.tenders", integer, 0, kMaxDays, "days"};
inline constexpr FieldBound max_attempts{"max_attempts", "procurement.tenders", integer, 1, 1000, "attempts"};
inline constexpr FieldBound tender_lots{"lots", "procurement.tenders", integer, 1, kMaxDays, "deliveries"};
inline constexpr FieldBound lot_interval_days{"lot_interval_days", "procurement.tenders", integer, 0, kMaxDays, "days"};
// calendar
inline constexpr FieldBound scope_share{"share", "calendar: scope", real, 0, 1, "share", true};
inline constexpr FieldBound weekday_factor{"mon ... sun", "calendar.weekday_pattern", real, 0, 100, "factor"};
inline constexpr FieldBound window_days{"ramp_up_days, decay_days, rebound_days, catch_up_days", "calendar", integer, 0, kMaxDays, "days"};
inline constexpr FieldBound multiplier{"multiplier", "calendar.events", real, 0, kMaxFactor, "factor"};
inline constexpr FieldBound daily_multiplier{"daily_multipliers", "calendar.events", real, 0, kMaxFactor, "factor"};
inline constexpr FieldBound event_requests{"requests", "calendar.events", integer, 0, kMaxBlanks, "requests"};
inline constexpr FieldBound daily_requests{"requests (a column)", "calendar.events: requests_csv", real, 0, kMaxBlanks, "requests a day"};
inline constexpr FieldBound share_of_wajib_ktp{"share_of_wajib_ktp", "calendar.events", real, 0, 1, "share"};
inline constexpr FieldBound service_share{"recording, printing", "calendar.disruptions", real, 0, 1, "share"};
inline constexpr FieldBound ikd_share{"final_share; a point's share", "calendar.ikd", real, 0, 1, "share"};
inline constexpr FieldBound steepness_per_year{"steepness_per_year", "calendar.ikd", real, 0, kMaxFactor, "per year", true};
// clang-format on
}  // namespace bound

/// Every row, in the order of docs/scenario-format.md's table.
inline constexpr std::array<const FieldBound*, 51> kFieldBounds{
    &bound::horizon_days,
    &bound::population,
    &bound::initial_stock,
    &bound::printers,
    &bound::per_wajib_ktp,
    &bound::printers_min,
    &bound::cards_per_printer_per_day,
    &bound::initial_backlog,
    &bound::patience_days,
    &bound::give_up_share,
    &bound::ikd_share_of_leavers,
    &bound::donor_min_cover_days,
    &bound::recipient_cover_days,
    &bound::max_per_transfer,
    &bound::annual_rate,
    &bound::wajib_ktp_share,
    &bound::dispersion,
    &bound::review_period_days,
    &bound::review_offset_days,
    &bound::policy_number,
    &bound::policy_days,
    &bound::unit_cost,
    &bound::days_of_demand,
    &bound::cover_of_lead_time,
    &bound::blanks,
    &bound::distribution_days,
    &bound::distribution_shape,
    &bound::distribution_weight,
    &bound::lot_min,
    &bound::lot_max,
    &bound::lot_multiple,
    &bound::lane_priority,
    &bound::trip_cost,
    &bound::max_trips_per_month,
    &bound::lot_quantity,
    &bound::failure_probability,
    &bound::retender_delay_days,
    &bound::max_attempts,
    &bound::tender_lots,
    &bound::lot_interval_days,
    &bound::scope_share,
    &bound::weekday_factor,
    &bound::window_days,
    &bound::multiplier,
    &bound::daily_multiplier,
    &bound::event_requests,
    &bound::daily_requests,
    &bound::share_of_wajib_ktp,
    &bound::service_share,
    &bound::ikd_share,
    &bound::steepness_per_year,
};

/// Why a text is not a value of a row (none: it is).
enum class NumberProblem : std::uint8_t { none, not_a_number, out_of_range };

/// A text read as a value of a row, by the YAML loader and the CSV tables alike.
struct BoundedNumber {
  double value = 0;  ///< the number read (for out_of_range too, for the message)
  NumberProblem problem = NumberProblem::none;
};

/// `text` as a number of `bound`'s kind (a leading `+` allowed; an integer row takes
/// integers only, a real row finite numbers), checked against its range. An integer too
/// large for int64 (2^63) is out of range rather than not a number.
/// \code
///   parse_bounded("0", bound::printers).problem == NumberProblem::out_of_range
/// \endcode
[[nodiscard]] BoundedNumber parse_bounded(std::string_view text, const FieldBound& bound);

/// "expected an integer" or "expected a number": the start of the not_a_number message.
[[nodiscard]] std::string_view expected_number(const FieldBound& bound);

/// Checks every number of `scenario` against its row, for scenarios built in code (the
/// loader has checked a scenario read from YAML already, at each value): the first value
/// out of range is a ScenarioError at its item's location, with the key appended.
void check_scenario_bounds(const Scenario& scenario);

}  // namespace blanko::detail
