#pragma once
// Random streams: one Boost.Random engine per replication and purpose, so that draws for
// one purpose (demand) never shift when another (lead times, tender outcomes) draws more or
// fewer numbers.

#include <boost/random/mersenne_twister.hpp>

#include <cstdint>
#include <optional>
#include <span>
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
/// table (Chen and Asau), so that a draw takes one engine output and, almost always, a
/// single read of a 32-bit guide slot: the slot names the count where it starts and, when an
/// entry's edge falls inside it, where that edge lies to 16 bits, so that the next bits of
/// the uniform decide between the two counts without reading the cdf. Draws are monotone in
/// the uniform, which keeps common random numbers well correlated across scenarios with
/// different rates. The table ends where the remaining tail is below 1e-16, under the
/// resolution of the uniform.
class NegativeBinomialTable {
 public:
  /// The table for (mean > 0, k > 0), or nullopt when the distribution does not fit one
  /// (P(0) underflows, or it would need more than `max_size` or kMaxSize entries).
  static std::optional<NegativeBinomialTable> make(double mean, double k, std::size_t max_size);
  /// The most entries a table has: a guide slot holds a count in 15 bits.
  static constexpr std::size_t kMaxSize = std::size_t{1} << 15;

  [[nodiscard]] std::int64_t draw(RandomEngine& engine) const { return count(engine() >> 11U); }
  /// The count for 53 random bits (a uniform in [0, 1) is bits x 2^-53): draw() split in
  /// two, so that many draws can fetch their table entries before any is needed.
  [[nodiscard]] std::int64_t count(std::uint64_t bits) const {
    const std::uint32_t slot = guide_[bits >> guide_shift_];
    const std::uint32_t n = (slot >> kEdgeBits) & kCountMask;
    const std::uint32_t edge = slot & kEdgeMask;
    const auto within = static_cast<std::uint32_t>(bits >> (guide_shift_ - kEdgeBits)) & kEdgeMask;
    // Past the edge (if any) is the next count; on the edge's own 16-bit step, or in a slot
    // with several edges, the cdf decides.
    if ((slot & kSearch) != 0 || within == edge) [[unlikely]] return search(bits, n);
    return static_cast<std::int64_t>(n + (within > edge ? 1U : 0U));
  }
  /// Asks the processor to fetch the guide slot count(bits) will read.
  void prefetch(std::uint64_t bits) const {
    const std::uint32_t* slot = &guide_[bits >> guide_shift_];
#if defined(__GNUC__) && defined(__x86_64__)
    // Not __builtin_prefetch: g++ 12 counts it as free of side effects, marks a function
    // that does nothing else (BetweenBatch's prefetch lambda) const, and drops the calls.
    asm volatile("prefetcht0 %0" : : "m"(*slot));
#elif defined(__GNUC__)
    __builtin_prefetch(slot);
#else
    (void)slot;
#endif
  }
  /// The smallest count >= `from` whose cdf exceeds the uniform of `bits`: count() by
  /// searching the cdf alone (count() calls it for the few uniforms its guide cannot place;
  /// from 0, the reference that tests hold count() to).
  [[nodiscard]] std::int64_t search(std::uint64_t bits, std::size_t from = 0) const;
  /// Entries in the table (counts 0 .. size() - 1).
  [[nodiscard]] std::size_t size() const { return cdf_.size(); }
  [[nodiscard]] double mean() const { return mean_; }
  /// k, log p and log q of P(n) = C(n + k - 1, n) p^k q^n.
  [[nodiscard]] double k() const { return k_; }
  [[nodiscard]] double log_p() const { return log_p_; }
  [[nodiscard]] double log_q() const { return log_q_; }

 private:
  friend double between_weight(const NegativeBinomialTable& low, const NegativeBinomialTable& high,
                               double mean);
  // A guide slot: bit 31 kSearch, bits 16-30 the count n where the slot starts, bits 0-15
  // the edge: floor of 2^16 times where in the slot cdf_[n] lies (kEdgeMask: not in it).
  static constexpr unsigned kEdgeBits = 16;
  static constexpr std::uint32_t kEdgeMask = (1U << kEdgeBits) - 1;
  static constexpr std::uint32_t kCountMask = (1U << 15U) - 1;
  static constexpr std::uint32_t kSearch = 1U << 31U;
  NegativeBinomialTable() = default;
  // Fills guide_ from cdf_.
  void build_guide();
  // P(n) = C(n + k - 1, n) p^k q^n with q = mean / (k + mean) and p = 1 - q.
  double mean_ = 0, k_ = 0, log_p_ = 0, log_q_ = 0;
  std::vector<double> cdf_;  // cdf_[n] = P(X <= n)
  // Slot j covers the uniforms [j, j + 1) / guide size (a power of two, at least the
  // entries, so that the top bits of a 53-bit uniform pick it exactly).
  std::vector<std::uint32_t> guide_;
  int guide_shift_ = 0;  // 53 - log2(guide size)
};

/// A negative binomial count of any mean between the means of two tables of the same k, by
/// rejection from the mixture (1 - w) low + w high, exact: with q = mean / (k + mean), the
/// distribution of log q = (1 - w) log q_low + w log q_high is proportional to
/// low^(1 - w) high^w, which the mixture bounds (weighted AM-GM) up to a factor e^c that
/// between_cost gives. One engine output a try, most of the time (its top 53 bits for the
/// table, the other 11 for the choice of table and the acceptance, refined with another
/// output only when they cannot decide); almost every try is accepted without an exp or log
/// when the two means are neighbours of a negative_binomial_ladder.
/// `weight` is between_weight(low, high, mean); 0 draws from `low` alone.
std::int64_t draw_between(RandomEngine& engine, const NegativeBinomialTable& low,
                          const NegativeBinomialTable& high, double weight);

/// One try of draw_between whose engine output `word` has been drawn (more outputs are drawn
/// only to refine its coarse uniforms): the count, or -1 when the try is rejected.
std::int64_t try_between(RandomEngine& engine, const NegativeBinomialTable& low,
                         const NegativeBinomialTable& high, double weight, std::uint64_t word);

/// Many counts at once, each as draw_between draws it from two neighbouring tables, but with
/// the table reads overlapped: the first engine output of every count is drawn, in order,
/// before any count is read off, so that the table entries of later counts can be fetched
/// while earlier ones are read (a read is a random place in tables that together outgrow
/// the cache, and one after another each would wait on memory); then, in order, each
/// count's first try is finished, drawing the outputs that refine it, and the few rejected
/// counts are drawn again with draw_between.
class BetweenBatch {
 public:
  /// For every i: counts[i] drawn between tables[low[i]] and tables[low[i] + 1] with
  /// weight[i] (from tables[low[i]] alone for a weight of 0), or -1 where low[i] < 0.
  ///
  ///     BetweenBatch batch;  // reused: it keeps its scratch space
  ///     batch.draw(engine, tables, low, weight, counts);  // spans of one size
  void draw(RandomEngine& engine, std::span<const NegativeBinomialTable> tables,
            std::span<const std::int32_t> low, std::span<const double> weight,
            std::span<std::int64_t> counts);

 private:
  std::vector<std::uint64_t> words_;    // the first engine output of each count
  std::vector<std::int64_t> proposed_;  // its first try's count, -1 if not yet known
};

/// The weight w in [0, 1] of draw_between for `mean` in [low.mean(), high.mean()].
double between_weight(const NegativeBinomialTable& low, const NegativeBinomialTable& high,
                      double mean);

/// c (expected tries of draw_between e^c) for a mean halfway, in log q, between the means
/// `low` < `high` of size k: k (log p_mid - (log p_low + log p_high) / 2).
double between_cost(double k, double low, double high);

/// Means from `low` up to at least `high` (low first), each neighbour within `max_cost`
/// (between_cost) of the next: about sqrt(8 max_cost / k) apart in relative terms for
/// means above k, about sqrt(8 max_cost mean) apart below. A few dozen tables of one k then
/// serve every mean of [low, high] through draw_between.
std::vector<double> negative_binomial_ladder(double k, double low, double high, double max_cost);

}  // namespace blanko::detail
