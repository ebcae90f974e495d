#pragma once
// The buckets of QuantileSketch: each binary octave [2^e, 2^(e+1)) is cut into K buckets of
// equal ratio 2^(1/K), bucket j of octave e being [2^e * 2^(j/K), 2^e * 2^((j+1)/K)). A
// value's bucket comes from its exponent bits and a table on its top mantissa bits, with
// no logarithm: exact, and five times faster than ceil(log(x) / log(gamma)), which was half
// of the cost of folding a replication into the statistics.

#include <array>
#include <cstdint>
#include <vector>

namespace blanko::detail {

class LogBuckets {
 public:
  // Fewest buckets per octave whose ratio stays within `relative_accuracy` of a value
  // (ratio r with (r - 1) / (r + 1) <= relative_accuracy).
  static int per_octave_for(double relative_accuracy);

  explicit LogBuckets(int per_octave);

  [[nodiscard]] int per_octave() const { return per_octave_; }
  // The bucket of a positive, normal `magnitude`: exponent * K + j.
  [[nodiscard]] std::int32_t key(double magnitude) const;
  // The value standing for bucket `key`: equally far, relatively, from both its ends.
  [[nodiscard]] double value(std::int32_t key) const;

 private:
  static constexpr int kCoarseBits = 10;
  int per_octave_;
  std::vector<double> bounds_;  // 2^(j/K), j = 0 .. K (bounds_[K] = 2)
  std::array<std::uint16_t, std::size_t{1} << kCoarseBits> coarse_{};  // first candidate j
};

// The shared buckets for `per_octave` (built once, never freed, safe from any thread).
const LogBuckets& log_buckets(int per_octave);

}  // namespace blanko::detail
