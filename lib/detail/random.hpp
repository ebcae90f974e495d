#pragma once
// Random streams: one Boost.Random engine per replication and purpose, so that draws for
// one purpose (demand) never shift when another (lead times, tender outcomes) draws more or
// fewer numbers.

#include <boost/random/mersenne_twister.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace blanko::detail {

using RandomEngine = boost::random::mt19937_64;

/// What a stream is used for; part of its seed.
/// `patience`: who of the suket holders gives up and who of them takes the IKD;
/// `lateral`: lead times of lateral transfers, apart from lane shipments so that enabling
/// transfers does not shift the lane lead-time draws;
/// `procurement`: tender lead times and outcomes.
enum class StreamPurpose : std::uint64_t {
  demand = 1,
  lead_time = 2,
  patience = 3,
  lateral = 4,
  procurement = 5
};

/// A well-mixed 64-bit seed for (scenario seed, replication, purpose): SplitMix64 applied
/// in a chain, so neighbouring replications get unrelated streams.
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t replication, StreamPurpose purpose);

/// Poisson count with the given mean (0 for a mean of 0).
std::int64_t draw_poisson(RandomEngine& engine, double mean);

/// Binomial count of successes in `trials` trials of probability `p` (0 without trials or
/// for p <= 0, every trial for p >= 1).
std::int64_t draw_binomial(RandomEngine& engine, std::int64_t trials, double p);

/// Negative binomial count with the given mean and size k > 0 (variance mean + mean^2 / k),
/// drawn as a Gamma-Poisson mixture: a Gamma(shape k, scale mean / k) rate, then a Poisson
/// count at that rate (0 for a mean of 0). About 150 ns a draw: for a mean that repeats
/// over many days, NegativeBinomialTable draws the same distribution ten times faster.
std::int64_t draw_negative_binomial(RandomEngine& engine, double mean, double k);

/// The negative binomial distribution of one (mean, k) as an inverse-CDF table with a guide
/// table (Chen and Asau), so that a draw takes one engine output and, most of the time, a
/// single table read. Draws are monotone in the uniform, which keeps common random numbers
/// well correlated across scenarios with different rates. The table ends where the
/// remaining tail is below 1e-16, under the resolution of the uniform.
class NegativeBinomialTable {
 public:
  /// The table for (mean > 0, k > 0), or nullopt when the distribution does not fit one
  /// (P(0) underflows, or it would need more than `max_size` entries).
  static std::optional<NegativeBinomialTable> make(double mean, double k, std::size_t max_size);

  [[nodiscard]] std::int64_t draw(RandomEngine& engine) const { return count(engine() >> 11U); }
  /// The count for 53 random bits (a uniform in [0, 1) is bits x 2^-53): draw() split in
  /// two, so that many draws can fetch their table entries before any is needed.
  [[nodiscard]] std::int64_t count(std::uint64_t bits) const;
  /// Asks the processor to fetch the table entry count(bits) will read.
  void prefetch(std::uint64_t bits) const {
#if defined(__GNUC__)
    __builtin_prefetch(&guide_[bits >> guide_shift_]);
#else
    (void)bits;
#endif
  }
  /// Entries in the table (counts 0 .. size() - 1).
  [[nodiscard]] std::size_t size() const { return cdf_.size(); }

 private:
  NegativeBinomialTable() = default;
  std::vector<double> cdf_;  // cdf_[n] = P(X <= n)
  // Slot j covers the uniforms [j, j + 1) / guide size (a power of two, so the top bits of
  // a 53-bit uniform pick it exactly): 2 n + 1 when the smallest n with cdf_[n] > j / size
  // may not be the answer for the whole slot (search cdf_ from n), else 2 n.
  std::vector<std::uint32_t> guide_;
  int guide_shift_ = 0;  // 53 - log2(guide size)
};

}  // namespace blanko::detail
