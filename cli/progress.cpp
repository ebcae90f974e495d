#include "progress.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <string>

#include <unistd.h>

namespace blanko::cli {
namespace {

std::string duration(double seconds) {
  if (!std::isfinite(seconds)) return "?";
  const auto total = static_cast<long long>(std::llround(seconds));
  if (total >= 3600) return fmt::format("{}h{:02}m", total / 3600, total % 3600 / 60);
  return fmt::format("{}m{:02}s", total / 60, total % 60);
}

}  // namespace

ProgressBar::ProgressBar(bool enabled) : enabled_(enabled && isatty(fileno(stderr)) != 0) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::uint64_t done, std::uint64_t total, std::uint64_t resumed,
                         double seconds) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && done < total && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  constexpr int kWidth = 30;
  const double share = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(share * kWidth);
  const double rate = seconds > 0 ? static_cast<double>(done - resumed) / seconds : 0.0;
  const double left = rate > 0 ? static_cast<double>(total - done) / rate : NAN;
  fmt::print(stderr, "\r[{:#<{}}{:.<{}}] {}/{} replications  {:.1f}/s  ETA {}  ", "", filled, "",
             kWidth - filled, done, total, rate, duration(left));
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (drawn_) fmt::print(stderr, "\n");
  drawn_ = false;
}

}  // namespace blanko::cli
