#include <blanko/memory.hpp>

#include "detail/memory_check.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <charconv>
#include <cmath>

namespace blanko {
namespace {

std::atomic<std::uint64_t>& limit_setting() {
  static std::atomic<std::uint64_t> bytes{0};
  return bytes;
}

std::uint64_t physical_memory() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return std::uint64_t{8} << 30;  // unknown: 8 GiB
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

}  // namespace

std::uint64_t memory_limit() {
  const std::uint64_t set = limit_setting().load();
  return set != 0 ? set : physical_memory() / 4 * 3;
}

void set_memory_limit(std::uint64_t bytes) { limit_setting().store(bytes); }

std::string format_bytes(std::uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b >= 0x1p30) return fmt::format("{:.1f} GiB", b / 0x1p30);
  if (b >= 0x1p20) return fmt::format("{:.0f} MiB", b / 0x1p20);
  return fmt::format("{:.0f} KiB", std::ceil(b / 0x1p10));
}

std::uint64_t parse_bytes(const std::string& text) {
  double value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const auto [rest, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc{} || rest == begin || !(value > 0) || !std::isfinite(value)) return 0;
  std::string unit(rest, end);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (unit.ends_with("IB")) unit.resize(unit.size() - 2);
  else if (unit.ends_with("B")) unit.resize(unit.size() - 1);
  double scale = 1;
  if (unit == "K") scale = 0x1p10;
  else if (unit == "M") scale = 0x1p20;
  else if (unit == "G") scale = 0x1p30;
  else if (unit == "T") scale = 0x1p40;
  else if (!unit.empty()) return 0;
  const double bytes = value * scale;
  if (bytes >= 0x1p63) return 0;
  return static_cast<std::uint64_t>(bytes);
}

namespace detail {

void check_memory(const MemoryEstimate& estimate, std::uint64_t threads, std::uint64_t per_thread,
                  std::uint64_t shared, const SourceLocation& where) {
  // In doubles: a corrupt estimate must not wrap round to a small number.
  const double each = static_cast<double>(estimate.replication) + static_cast<double>(per_thread);
  const double total = static_cast<double>(estimate.model) + static_cast<double>(threads) * each +
                       static_cast<double>(shared);
  const std::uint64_t limit = memory_limit();
  if (total <= static_cast<double>(limit)) return;
  const auto bytes = [](double b) { return format_bytes(b >= 0x1p63 ? UINT64_MAX : static_cast<std::uint64_t>(b)); };
  throw ScenarioError(
      where,
      fmt::format("this run needs about {} (model tables {}, {} per replication x {} thread{}{}), "
                  "more than the memory limit of {}; shorten the horizon, run fewer threads or "
                  "replications, or raise the limit (--max-memory)",
                  bytes(total), bytes(static_cast<double>(estimate.model)), bytes(each), threads,
                  threads == 1 ? "" : "s",
                  shared > 0 ? ", results " + bytes(static_cast<double>(shared)) : std::string(),
                  format_bytes(limit)));
}

}  // namespace detail
}  // namespace blanko
