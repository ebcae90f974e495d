#include <blanko/error.hpp>
#include <blanko/statistics.hpp>

#include "detail/binary_io.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>

namespace blanko {

// --- RunningStats ----------------------------------------------------------------------

void RunningStats::add(double x) {
  // Welford: stable where the textbook sum of squares cancels catastrophically.
  ++count_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (x - mean_);
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
}

double RunningStats::mean() const {
  return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : mean_;
}

double RunningStats::variance() const {
  return count_ < 2 ? std::numeric_limits<double>::quiet_NaN()
                    : m2_ / static_cast<double>(count_ - 1);
}

double RunningStats::standard_deviation() const { return std::sqrt(variance()); }

double RunningStats::standard_error() const {
  return standard_deviation() / std::sqrt(static_cast<double>(count_));
}

double t_critical(double confidence, double degrees_of_freedom) {
  if (!(confidence > 0 && confidence < 1)) {
    throw Error("confidence must lie strictly between 0 and 1");
  }
  const boost::math::students_t t(degrees_of_freedom);
  return boost::math::quantile(t, 0.5 + confidence / 2);
}

namespace {

void check_trials(std::uint64_t events, std::uint64_t trials, double confidence) {
  if (!(confidence > 0 && confidence < 1)) throw Error("confidence must lie strictly between 0 and 1");
  if (trials == 0 || events > trials) {
    throw Error(fmt::format("a proportion needs 0 <= events <= trials and trials > 0 (got {} of {})",
                            events, trials));
  }
}

}  // namespace

// The bounds are quantiles of beta distributions (Clopper and Pearson, 1934): the upper
// bound solves P(Binomial(n, p) <= x) = 1 - c, i.e. p = I^-1_{c}(x + 1, n - x).
double clopper_pearson_upper(std::uint64_t events, std::uint64_t trials, double confidence) {
  check_trials(events, trials, confidence);
  if (events == trials) return 1;
  return boost::math::ibeta_inv(static_cast<double>(events) + 1,
                                static_cast<double>(trials - events), confidence);
}

double clopper_pearson_lower(std::uint64_t events, std::uint64_t trials, double confidence) {
  check_trials(events, trials, confidence);
  if (events == 0) return 0;
  return boost::math::ibeta_inv(static_cast<double>(events),
                                static_cast<double>(trials - events) + 1, 1 - confidence);
}

std::vector<double> sample_quantiles(std::vector<double> values, std::span<const double> qs) {
  std::vector<double> out;
  out.reserve(qs.size());
  std::sort(values.begin(), values.end());
  for (const double q : qs) {
    if (!(q >= 0 && q <= 1)) throw Error("a quantile must lie in [0, 1]");
    if (values.empty()) {
      out.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    const double rank = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(rank);
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double fraction = rank - static_cast<double>(below);
    // Written as a + f (b - a) like numpy, so equal neighbours give exactly their value.
    out.push_back(values[below] + fraction * (values[above] - values[below]));
  }
  return out;
}

double RunningStats::half_width(double confidence) const {
  if (count_ < 2) return std::numeric_limits<double>::quiet_NaN();
  const double se = standard_error();
  if (se == 0) return 0;
  return t_critical(confidence, static_cast<double>(count_ - 1)) * se;
}

void RunningStats::save(std::ostream& out) const {
  detail::write_binary(out, count_, mean_, m2_, min_, max_);
}

void RunningStats::load(std::istream& in) {
  detail::BinaryReader reader(in);
  load(reader);
}

void RunningStats::load(detail::BinaryReader& in) {
  RunningStats s;
  in.read(s.count_, s.mean_, s.m2_, s.min_, s.max_);
  if (s.count_ > 0 && !(s.min_ <= s.max_)) throw Error("corrupt: running statistics");
  *this = s;
}

// --- QuantileSketch --------------------------------------------------------------------

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

}  // namespace

QuantileSketch::QuantileSketch(std::size_t bins) : bins_(bins) {
  if (bins < 8 || bins > (std::size_t{1} << 20)) {
    throw Error("QuantileSketch: bins must lie between 8 and 2^20");
  }
}

std::int64_t QuantileSketch::grid_index(double x) const {
  // width_ is a power of two, so x / width_ is exact and so is multiplying by its inverse:
  // a value's bin never depends on rounding. The floor is by hand because std::floor is a
  // library call on baseline x86-64, and this runs for every value folded.
  const double scaled = x * (1.0 / width_);
  const auto truncated = static_cast<std::int64_t>(scaled);
  return static_cast<double>(truncated) > scaled ? truncated - 1 : truncated;
}

void QuantileSketch::start_bins(double x) {
  // Until now every value was min_. A first width of about a quarter of the window for the
  // gap between the two, never below 1 for whole numbers (their bins then hold one value).
  const double gap = std::abs(x - min_);
  width_ = std::exp2(std::floor(std::log2(gap / static_cast<double>(bins_ / 4))));
  if (whole_ && x == std::round(x)) width_ = std::max(width_, 1.0);
  const std::int64_t low = grid_index(std::min(x, min_));
  const std::int64_t high = grid_index(std::max(x, min_));
  first_ = low - (static_cast<std::int64_t>(bins_) - (high - low + 1)) / 2;
  counts_.assign(bins_, 0);
  counts_[static_cast<std::size_t>(grid_index(min_) - first_)] = static_cast<std::uint32_t>(count_);
}

void QuantileSketch::refit(double low, double high) {
  // The window centred on [low, high], at the current width if it fits, else after the
  // fewest doublings that make it fit; old bins fall whole into new ones, as every width
  // is a power of two.
  const double old_width = width_;
  const std::int64_t old_first = first_;
  std::int64_t low_index = grid_index(low);
  std::int64_t high_index = grid_index(high);
  while (high_index - low_index + 1 > static_cast<std::int64_t>(bins_)) {
    width_ *= 2;
    low_index = grid_index(low);
    high_index = grid_index(high);
  }
  first_ = low_index - (static_cast<std::int64_t>(bins_) - (high_index - low_index + 1)) / 2;
  const auto ratio = static_cast<std::int64_t>(width_ / old_width);
  std::vector<std::uint32_t> counts(bins_, 0);
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] == 0) continue;
    const std::int64_t index = floor_div(old_first + static_cast<std::int64_t>(i), ratio);
    counts[static_cast<std::size_t>(index - first_)] += counts_[i];
  }
  counts_ = std::move(counts);
}

void QuantileSketch::add(double x) {
  if (!std::isfinite(x)) throw Error("QuantileSketch: a value that is not finite");
  if (count_ == 0) {
    min_ = max_ = x;
    whole_ = x == std::round(x);
    count_ = 1;
    return;
  }
  if (counts_.empty()) {
    if (x == min_) {
      ++count_;
      return;
    }
    start_bins(x);
  }
  if (whole_ && x != std::round(x)) whole_ = false;
  std::int64_t at = grid_index(x) - first_;
  if (at < 0 || at >= static_cast<std::int64_t>(bins_)) {
    refit(std::min(x, min_), std::max(x, max_));
    at = grid_index(x) - first_;
  }
  ++counts_[static_cast<std::size_t>(at)];
  ++count_;
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
}

void QuantileSketch::prefetch(double x) const {
  if (counts_.empty()) return;
  const std::int64_t at = grid_index(x) - first_;
  if (at >= 0 && at < static_cast<std::int64_t>(bins_)) {
    __builtin_prefetch(&counts_[static_cast<std::size_t>(at)], 1);
  }
}

double QuantileSketch::quantile(double q) const {
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  if (counts_.empty()) return min_;
  const double rank = std::clamp(q, 0.0, 1.0) * static_cast<double>(count_ - 1);
  // The ends are known exactly.
  if (rank <= 0) return min_;
  if (rank >= static_cast<double>(count_ - 1)) return max_;
  double estimate = max_;
  double seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    const double in_bin = counts_[i];
    if (seen + in_bin > rank) {
      const double low = static_cast<double>(first_ + static_cast<std::int64_t>(i)) * width_;
      // A bin of whole numbers of width 1 holds one value; wider bins spread their
      // values evenly (the midpoint rule) for the interpolation.
      estimate = whole_ && width_ <= 1 ? low : low + width_ * (rank - seen + 0.5) / in_bin;
      break;
    }
    seen += in_bin;
  }
  if (whole_) estimate = std::round(estimate);
  return std::clamp(estimate, min_, max_);
}

void QuantileSketch::save(std::ostream& out) const {
  detail::write_binary(out, bins_, width_, first_, count_, whole_, min_, max_);
  detail::write_vector(out, counts_);
}

void QuantileSketch::load(std::istream& in) {
  detail::BinaryReader reader(in);
  load(reader, false);
}

void QuantileSketch::load(detail::BinaryReader& in, bool same_bins) {
  // Read into a sketch of its own and checked before it replaces this one: add() and
  // quantile() index the bins by these numbers.
  QuantileSketch s(bins_);
  std::uint8_t whole = 1;
  in.read(s.bins_, s.width_, s.first_, s.count_, whole, s.min_, s.max_);
  const auto corrupt = [](std::string_view what) {
    return Error(fmt::format("corrupt: a quantile sketch with {}", what));
  };
  if (s.bins_ < 8 || s.bins_ > (std::size_t{1} << 20) || (same_bins && s.bins_ != bins_)) {
    throw corrupt(fmt::format("{} bins (expected {})", s.bins_, bins_));
  }
  in.read_vector(s.counts_, s.bins_, "sketch bins");
  if (whole > 1) throw corrupt("a bad flag");
  s.whole_ = whole == 1;
  if (s.count_ == 0) {
    if (!s.counts_.empty()) throw corrupt("bins but no values");
  } else if (!std::isfinite(s.min_) || !std::isfinite(s.max_) || s.min_ > s.max_) {
    throw corrupt("a bad range");
  }
  if (s.counts_.empty()) {
    if (s.count_ > 0 && s.min_ != s.max_) throw corrupt("a range but no bins");
  } else {
    if (s.counts_.size() != s.bins_) throw corrupt("a wrong number of bins");
    int exponent = 0;
    if (!std::isfinite(s.width_) || !(s.width_ > 0) || std::frexp(s.width_, &exponent) != 0.5) {
      throw corrupt("a bin width that is not a power of two");
    }
    // Every value seen lies in the window, and grid indices stay far from overflowing.
    constexpr double kGridLimit = 0x1p60;
    const double low = std::floor(s.min_ / s.width_);
    const double high = std::floor(s.max_ / s.width_);
    if (!(std::abs(low) < kGridLimit && std::abs(high) < kGridLimit &&
          std::abs(static_cast<double>(s.first_)) < kGridLimit &&
          static_cast<double>(s.first_) <= low &&
          high < static_cast<double>(s.first_) + static_cast<double>(s.bins_))) {
      throw corrupt("values outside its bins");
    }
    const std::uint64_t counted =
        std::accumulate(s.counts_.begin(), s.counts_.end(), std::uint64_t{0});
    if (counted != s.count_) throw corrupt("bins that do not add up to its count");
  }
  *this = std::move(s);
}

}  // namespace blanko
