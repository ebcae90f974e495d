#pragma once
/// \file statistics.hpp
/// Streaming statistics for Monte Carlo runs: they see each replication's value once and
/// keep a fixed, small state whatever the number of replications, so 10,000 national
/// replications cost no more memory than 100.
///
/// - RunningStats: count, mean, variance (Welford's update), minimum and maximum, and the
///   Student-t confidence interval of the mean.
/// - QuantileSketch: quantiles with a guaranteed relative error (a DDSketch: values are
///   counted in logarithmic buckets, each octave cut into buckets of equal ratio, so a
///   quantile is within `relative_accuracy` of the value it stands for; whole-number streams
///   get whole-number quantiles).
///
/// Both are deterministic: the same values in the same order give bit-identical state.
/// The Monte Carlo runner feeds them in replication order, whatever the thread count.

#include <cstdint>
#include <iosfwd>
#include <limits>
#include <vector>

namespace blanko {
namespace detail {
class LogBuckets;
}

/// Mean, variance and extremes of a stream of values.
class RunningStats {
 public:
  void add(double x);

  [[nodiscard]] std::uint64_t count() const { return count_; }
  /// NaN when empty.
  [[nodiscard]] double mean() const;
  /// Sample variance (n - 1 in the denominator); NaN with fewer than two values.
  [[nodiscard]] double variance() const;
  [[nodiscard]] double standard_deviation() const;
  /// standard_deviation() / sqrt(count()); NaN with fewer than two values.
  [[nodiscard]] double standard_error() const;
  [[nodiscard]] double min() const { return min_; }
  [[nodiscard]] double max() const { return max_; }

  /// Half-width of the two-sided `confidence` interval of the mean (t distribution with
  /// count() - 1 degrees of freedom); 0 when every value was the same, NaN with fewer than
  /// two values.
  [[nodiscard]] double half_width(double confidence = 0.95) const;

  /// Binary state, for checkpoints.
  void save(std::ostream& out) const;
  void load(std::istream& in);

 private:
  std::uint64_t count_ = 0;
  double mean_ = 0;
  double m2_ = 0;  // sum of squared deviations from the running mean
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

/// The two-sided Student-t critical value for `confidence` with `degrees_of_freedom`.
[[nodiscard]] double t_critical(double confidence, double degrees_of_freedom);

/// Quantiles of a stream of values with bounded relative error and bounded memory.
class QuantileSketch {
 public:
  /// Each quantile is within `relative_accuracy` (0.5%) of a value of the stream at the
  /// requested rank; at most `max_buckets` buckets per sign are kept (beyond that, the
  /// buckets nearest zero are merged, which only coarsens the smallest magnitudes).
  explicit QuantileSketch(double relative_accuracy = 0.005, std::size_t max_buckets = 2048);

  void add(double x);

  /// Starts loading the bucket `x` would be counted in, for a caller about to add it:
  /// folding many sketches in turn is bound by memory reads, which this lets overlap.
  void prefetch(double x) const;

  [[nodiscard]] std::uint64_t count() const { return count_; }
  /// The q-quantile (0 <= q <= 1) at rank q * (count - 1), clamped to the exact minimum
  /// and maximum, rounded to a whole number when every value was whole; NaN when empty.
  [[nodiscard]] double quantile(double q) const;
  /// Buckets held: the sketch's memory, which grows with the spread of the values (at
  /// most 2 x max_buckets), never with their number.
  [[nodiscard]] std::size_t stored_buckets() const {
    return positive_.counts.size() + negative_.counts.size();
  }

  void save(std::ostream& out) const;
  void load(std::istream& in);

 private:
  // Counts of buckets `offset` .. `offset + counts.size() - 1` of one sign.
  struct Store {
    std::int32_t offset = 0;
    std::vector<std::uint32_t> counts;
    std::uint64_t total = 0;
    void add(std::int32_t key, std::size_t max_buckets);
  };
  const detail::LogBuckets* buckets_;  // shared, one per accuracy
  std::size_t max_buckets_;
  Store positive_, negative_;
  std::uint64_t zeros_ = 0;
  std::uint64_t count_ = 0;
  bool whole_ = true;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace blanko
