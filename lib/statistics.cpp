#include <blanko/error.hpp>
#include <blanko/statistics.hpp>

#include "detail/binary_io.hpp"
#include "detail/log_buckets.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

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

double RunningStats::half_width(double confidence) const {
  if (count_ < 2) return std::numeric_limits<double>::quiet_NaN();
  const double se = standard_error();
  if (se == 0) return 0;
  return t_critical(confidence, static_cast<double>(count_ - 1)) * se;
}

void RunningStats::save(std::ostream& out) const {
  detail::write_binary(out, count_, mean_, m2_, min_, max_);
}

void RunningStats::load(std::istream& in) { detail::read_binary(in, count_, mean_, m2_, min_, max_); }

// --- QuantileSketch --------------------------------------------------------------------

namespace {
// Magnitudes below this count as zero: KPIs are counts, days and shares, never this small,
// and it bounds the keys a sketch can reach.
constexpr double kSmallestMagnitude = 1e-9;
}  // namespace

QuantileSketch::QuantileSketch(double relative_accuracy, std::size_t max_buckets)
    : buckets_(nullptr), max_buckets_(max_buckets) {
  if (!(relative_accuracy > 1e-5 && relative_accuracy < 0.5) || max_buckets < 2) {
    throw Error("QuantileSketch: relative accuracy must lie in (1e-5, 0.5) and max_buckets >= 2");
  }
  buckets_ = &detail::log_buckets(detail::LogBuckets::per_octave_for(relative_accuracy));
}

void QuantileSketch::Store::add(std::int32_t k, std::size_t max_buckets) {
  const auto limit = static_cast<std::int64_t>(max_buckets);
  if (counts.empty()) {
    offset = k;
    counts.assign(1, 0);
  } else if (k < offset) {
    const std::int64_t high = offset + static_cast<std::int64_t>(counts.size()) - 1;
    // Too far below: counted in the lowest bucket the limit allows.
    k = static_cast<std::int32_t>(std::max<std::int64_t>(k, high - limit + 1));
    if (k < offset) {
      counts.insert(counts.begin(), static_cast<std::size_t>(offset - k), 0);
      offset = k;
    }
  } else if (k >= offset + static_cast<std::int64_t>(counts.size())) {
    const std::int64_t new_offset = std::max<std::int64_t>(offset, k - limit + 1);
    if (new_offset > offset) {
      // Merge the buckets nearest zero into the new lowest one.
      const auto drop = static_cast<std::size_t>(
          std::min<std::int64_t>(new_offset - offset, static_cast<std::int64_t>(counts.size())));
      const std::uint32_t merged = std::accumulate(counts.begin(), counts.begin() + drop, 0U);
      counts.erase(counts.begin(), counts.begin() + drop);
      if (counts.empty()) counts.assign(1, 0);
      counts.front() += merged;
      offset = static_cast<std::int32_t>(new_offset);
    }
    counts.resize(static_cast<std::size_t>(k - offset + 1), 0);
  }
  ++counts[static_cast<std::size_t>(k - offset)];
  ++total;
}

void QuantileSketch::add(double x) {
  if (std::isnan(x)) throw Error("QuantileSketch: NaN value");
  ++count_;
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
  if (whole_ && x != std::round(x)) whole_ = false;
  const double magnitude = std::abs(x);
  if (magnitude < kSmallestMagnitude) {
    ++zeros_;
  } else if (x > 0) {
    positive_.add(buckets_->key(magnitude), max_buckets_);
  } else {
    negative_.add(buckets_->key(magnitude), max_buckets_);
  }
}

void QuantileSketch::prefetch(double x) const {
  const double magnitude = std::abs(x);
  if (!(magnitude >= kSmallestMagnitude)) return;
  const Store& store = x > 0 ? positive_ : negative_;
  const std::int64_t at = std::int64_t{buckets_->key(magnitude)} - store.offset;
  if (at >= 0 && at < static_cast<std::int64_t>(store.counts.size())) {
    __builtin_prefetch(&store.counts[static_cast<std::size_t>(at)], 1);
  }
}

double QuantileSketch::quantile(double q) const {
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  q = std::clamp(q, 0.0, 1.0);
  const double rank = q * static_cast<double>(count_ - 1);
  double estimate = 0;
  double seen = 0;
  bool found = false;
  // Ascending order: negative values by decreasing magnitude, zeros, positive values.
  for (std::size_t i = negative_.counts.size(); i-- > 0 && !found;) {
    seen += negative_.counts[i];
    if (seen > rank) {
      estimate = -buckets_->value(negative_.offset + static_cast<std::int32_t>(i));
      found = true;
    }
  }
  if (!found) {
    seen += static_cast<double>(zeros_);
    found = seen > rank;
  }
  for (std::size_t i = 0; i < positive_.counts.size() && !found; ++i) {
    seen += positive_.counts[i];
    if (seen > rank) {
      estimate = buckets_->value(positive_.offset + static_cast<std::int32_t>(i));
      found = true;
    }
  }
  if (!found) estimate = max_;
  if (whole_) estimate = std::round(estimate);
  return std::clamp(estimate, min_, max_);
}

void QuantileSketch::save(std::ostream& out) const {
  const std::int32_t per_octave = buckets_->per_octave();
  detail::write_binary(out, per_octave, max_buckets_, zeros_, count_, whole_, min_, max_);
  for (const Store* store : {&positive_, &negative_}) {
    detail::write_binary(out, store->offset, store->total);
    detail::write_vector(out, store->counts);
  }
}

void QuantileSketch::load(std::istream& in) {
  std::int32_t per_octave = 0;
  detail::read_binary(in, per_octave, max_buckets_, zeros_, count_, whole_, min_, max_);
  if (per_octave < 1 || per_octave > 60000) throw Error("checkpoint is corrupt (sketch)");
  buckets_ = &detail::log_buckets(per_octave);
  for (Store* store : {&positive_, &negative_}) {
    detail::read_binary(in, store->offset, store->total);
    detail::read_vector(in, store->counts);
  }
}

}  // namespace blanko
