#pragma once
// Reads the `calendar:` section of a scenario (format: docs/scenario-format.md).

#include <blanko/calendar.hpp>

#include "detail/yaml_reader.hpp"

#include <filesystem>

namespace blanko::detail {

/// Reads `calendar` (a map): weekday_pattern, holidays, closures, events, ikd. Checks keys,
/// types and enum words; value ranges are checked by validate_calendar when the Model is built.
/// CSV files it names (`requests_csv`) resolve against `base_dir`.
[[nodiscard]] CalendarSpec read_calendar(const YamlReader& yaml, const Field& calendar,
                                         const std::filesystem::path& base_dir);

}  // namespace blanko::detail
