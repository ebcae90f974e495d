#pragma once
// Turning a CalendarSpec into one office's daily tables: the Model calls this once per
// office after it has filled the base rates, so the simulation never sees the calendar.

#include <blanko/calendar.hpp>
#include <blanko/engine.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace blanko::detail {

/// Mean requests per class on each day of the horizon.
using ClassRates = std::array<double, kPriorityClassCount>;

/// One office, as the calendar sees it.
struct OfficeContext {
  std::string_view id;
  double wajib_ktp = 0;
};

/// Checks every value of `calendar` (ScenarioError at the offending item) and that every
/// region a scope names is a node id or contains one (`node_ids`), with "did you mean".
void validate_calendar(const CalendarSpec& calendar, std::span<const std::string> node_ids);

/// Applies `calendar` to one office's tables over the horizon starting on `start`:
/// `rates[d]` are the base means per class (0 on closed weekdays) and `capacity[d]` the
/// cards it can print; both are rewritten. In order: weekday pattern, multiplying events,
/// adding events, IKD, then service disruptions, closure windows and holidays, which move
/// the requests they hold back to the open days after them.
void apply_office_calendar(const CalendarSpec& calendar, Date start, const OfficeContext& office,
                    std::vector<ClassRates>& rates, std::vector<std::int32_t>& capacity);

}  // namespace blanko::detail
