#pragma once
/// \file statistics.hpp
/// Streaming statistics for Monte Carlo runs: they see each replication's value once and
/// keep a fixed, small state whatever the number of replications, so 10,000 national
/// replications cost no more memory than 100.
///
/// - RunningStats: count, mean, variance (Welford's update), minimum and maximum, and the
///   Student-t confidence interval of the mean.
/// - QuantileSketch: quantiles from a fixed number of histogram bins that widen as the
///   observed range grows, within 2 x range / bins of the exact quantile.
///
/// Both are deterministic: the same values in the same order give bit-identical state.
/// The Monte Carlo runner feeds them in replication order, whatever the thread count.

#include <cstdint>
#include <iosfwd>
#include <limits>
#include <span>
#include <vector>

namespace blanko {
namespace detail {
class BinaryReader;
}
class MonteCarloStatistics;

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

  /// Binary state, for checkpoints. load() throws blanko::Error for truncated or
  /// inconsistent bytes and then leaves the state as it was.
  void save(std::ostream& out) const;
  void load(std::istream& in);

 private:
  friend class MonteCarloStatistics;  // loads many through one reader
  void load(detail::BinaryReader& in);

  std::uint64_t count_ = 0;
  double mean_ = 0;
  double m2_ = 0;  // sum of squared deviations from the running mean
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

/// The two-sided Student-t critical value for `confidence` with `degrees_of_freedom`.
[[nodiscard]] double t_critical(double confidence, double degrees_of_freedom);

/// One-sided exact (Clopper-Pearson) bounds of a probability seen `events` times in `trials`
/// independent trials: the true probability is below the upper bound (above the lower) with
/// probability at least `confidence`, whatever it is. The upper bound of 0 events in 60 trials
/// at 95% is 4.87% (the "rule of three": about 3/60). Conservative where an interval from the
/// normal approximation is not: near 0 and 1, with few trials.
/// \code
///   double worst = blanko::clopper_pearson_upper(2, 500, 0.95);  // 1.26%
/// \endcode
[[nodiscard]] double clopper_pearson_upper(std::uint64_t events, std::uint64_t trials, double confidence);
[[nodiscard]] double clopper_pearson_lower(std::uint64_t events, std::uint64_t trials, double confidence);

/// The q-quantiles (0 <= q <= 1) of `values`, exactly: at rank q * (n - 1) of the sorted
/// values, interpolated linearly between neighbours (numpy's and pandas' default, so a
/// notebook computes the same numbers from replications.csv). NaN for no values.
[[nodiscard]] std::vector<double> sample_quantiles(std::vector<double> values,
                                                  std::span<const double> qs);

/// Quantiles of a stream of values in bounded memory: a histogram of `bins` equal bins
/// that moves its window over the values seen and doubles its bin width (merging
/// neighbours) when they no longer fit. The bins always span at most twice the observed range, so a quantile is
/// within 2 x (max - min) / bins of the exact one, and exact for whole numbers while the
/// observed range is below `bins` (stockout days, most counts per office). Error relative
/// to the spread, not to the magnitude, is what quantiles of a Monte Carlo KPI need: a
/// national demand of 26.8 million with a standard deviation of 12,000 is resolved to
/// hundreds, where a relative-accuracy sketch would put every replication in one bucket.
class QuantileSketch {
 public:
  explicit QuantileSketch(std::size_t bins = 256);

  void add(double x);

  /// Starts loading the bin `x` would be counted in, for a caller about to add it:
  /// folding many sketches in turn is bound by memory reads, which this lets overlap.
  void prefetch(double x) const;

  [[nodiscard]] std::uint64_t count() const { return count_; }
  /// The q-quantile (0 <= q <= 1) at rank q * (count - 1), interpolated within its bin,
  /// clamped to the exact minimum and maximum, rounded to a whole number when every value
  /// was whole; NaN when empty.
  [[nodiscard]] double quantile(double q) const;
  /// Bins held: 0 while every value was the same, then `bins`, whatever the count.
  [[nodiscard]] std::size_t stored_bins() const { return counts_.size(); }

  /// Binary state, for checkpoints. load() takes the saved number of bins; it throws
  /// blanko::Error for truncated or inconsistent bytes and then leaves the state as it was.
  void save(std::ostream& out) const;
  void load(std::istream& in);

 private:
  friend class MonteCarloStatistics;  // loads many through one reader, with its own bins
  void load(detail::BinaryReader& in, bool same_bins);

  // Bin i holds values in [(first_ + i) * width_, (first_ + i + 1) * width_).
  [[nodiscard]] std::int64_t grid_index(double x) const;
  void start_bins(double x);
  void refit(double low, double high);

  std::size_t bins_;
  std::vector<std::uint32_t> counts_;  // empty while every value equals min_
  double width_ = 0;                   // a power of two
  std::int64_t first_ = 0;             // grid index of counts_[0]
  std::uint64_t count_ = 0;
  bool whole_ = true;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace blanko
