#pragma once
// Reads the `calendar:` section of a scenario (format: docs/scenario-format.md).

#include <blanko/calendar.hpp>

#include "detail/yaml_reader.hpp"

namespace blanko::detail {

/// Reads `calendar` (a map): weekday_pattern, holidays, closures, events, ikd. Checks keys,
/// types and enum words; value ranges are checked by validate_calendar when the Model is built.
[[nodiscard]] CalendarSpec read_calendar(const YamlReader& yaml, const Field& calendar);

}  // namespace blanko::detail
