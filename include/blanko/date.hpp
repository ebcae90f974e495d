#pragma once
/// \file date.hpp
/// Calendar dates. The simulation clock counts whole days; a Date is a day on the civil
/// calendar (std::chrono::sys_days), parsed from and printed as ISO `YYYY-MM-DD`.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace blanko {

using Date = std::chrono::sys_days;

/// Parses a strict ISO date (`2024-02-14`); std::nullopt when the text is not one or the
/// day does not exist (`2023-02-29`).
[[nodiscard]] std::optional<Date> parse_iso_date(std::string_view text);

/// `2024-02-14`.
[[nodiscard]] std::string to_iso_string(Date date);

/// Day of the week, 0 = Monday ... 6 = Sunday (ISO order, as Indonesian offices plan).
[[nodiscard]] int iso_weekday_index(Date date);

}  // namespace blanko
