#include "log_buckets.hpp"

#include <blanko/error.hpp>

#include <bit>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>

namespace blanko::detail {
namespace {
constexpr std::uint64_t kMantissaMask = 0x000FFFFFFFFFFFFFULL;
constexpr std::uint64_t kExponentOfOne = 0x3FF0000000000000ULL;
constexpr int kMantissaBits = 52;
constexpr int kExponentBias = 1023;
}  // namespace

int LogBuckets::per_octave_for(double relative_accuracy) {
  const double ratio = (1 + relative_accuracy) / (1 - relative_accuracy);
  return static_cast<int>(std::ceil(std::log(2.0) / std::log(ratio)));
}

LogBuckets::LogBuckets(int per_octave) : per_octave_(per_octave) {
  if (per_octave < 1 || per_octave > 60000) throw Error("LogBuckets: per_octave out of range");
  for (int j = 0; j < per_octave; ++j) bounds_.push_back(std::exp2(static_cast<double>(j) / per_octave));
  bounds_.push_back(2.0);
  // The mantissa cell c starts at 1 + c / 2^bits; its first candidate bucket is the last
  // whose lower bound is at or below that start.
  std::size_t j = 0;
  for (std::size_t c = 0; c < coarse_.size(); ++c) {
    const double start = 1.0 + static_cast<double>(c) / static_cast<double>(coarse_.size());
    while (bounds_[j + 1] <= start) ++j;
    coarse_[c] = static_cast<std::uint16_t>(j);
  }
}

std::int32_t LogBuckets::key(double magnitude) const {
  const auto bits = std::bit_cast<std::uint64_t>(magnitude);
  const int exponent = static_cast<int>(bits >> kMantissaBits) - kExponentBias;
  const double mantissa = std::bit_cast<double>((bits & kMantissaMask) | kExponentOfOne);
  std::size_t j = coarse_[(bits & kMantissaMask) >> (kMantissaBits - kCoarseBits)];
  while (mantissa >= bounds_[j + 1]) ++j;  // bounds_[K] = 2 stops it
  return exponent * per_octave_ + static_cast<std::int32_t>(j);
}

double LogBuckets::value(std::int32_t key) const {
  // Floor division: keys of values below 1 are negative.
  const std::int32_t exponent =
      key >= 0 ? key / per_octave_ : -((-key + per_octave_ - 1) / per_octave_);
  const auto j = static_cast<std::size_t>(key - exponent * per_octave_);
  const double low = std::ldexp(bounds_[j], exponent);
  const double high = std::ldexp(bounds_[j + 1], exponent);
  return 2 * low * high / (low + high);
}

const LogBuckets& log_buckets(int per_octave) {
  static std::mutex mutex;
  static std::map<int, std::unique_ptr<const LogBuckets>> all;
  const std::lock_guard lock(mutex);
  auto& buckets = all[per_octave];
  if (!buckets) buckets = std::make_unique<const LogBuckets>(per_octave);
  return *buckets;
}

}  // namespace blanko::detail
