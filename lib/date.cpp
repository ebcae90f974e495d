#include <blanko/date.hpp>

#include <charconv>
#include <cstdio>

namespace blanko {

std::optional<Date> parse_iso_date(std::string_view text) {
  // Exactly YYYY-MM-DD: planners' spreadsheets produce other shapes (14/02/2024) that
  // must be rejected rather than guessed at.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t pos, std::size_t len, int& out) {
    const char* first = text.data() + pos;
    auto [ptr, ec] = std::from_chars(first, first + len, out);
    return ec == std::errc{} && ptr == first + len;
  };
  int y = 0, m = 0, d = 0;
  if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date{ymd};
}

std::string to_iso_string(Date date) {
  const std::chrono::year_month_day ymd{date};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

int iso_weekday_index(Date date) {
  return static_cast<int>(std::chrono::weekday{date}.iso_encoding()) - 1;
}

}  // namespace blanko
