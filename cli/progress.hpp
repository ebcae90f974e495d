#pragma once
// A progress line on stderr for long runs: replications done, rate and time left. Drawn
// only when stderr is a terminal, at most five times a second, so logs and pipes stay clean.

#include <chrono>
#include <cstdint>

namespace blanko::cli {

class ProgressBar {
 public:
  /// Draws nothing when `enabled` is false or stderr is not a terminal.
  explicit ProgressBar(bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// `done` of `total` replications, of which `resumed` came from a checkpoint (they do
  /// not count in the rate); `seconds` since this run started.
  void update(std::uint64_t done, std::uint64_t total, std::uint64_t resumed, double seconds);
  /// Ends the line, if one was drawn.
  void finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace blanko::cli
