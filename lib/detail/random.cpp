#include "detail/random.hpp"

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace blanko::detail {
namespace {
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}
}  // namespace

std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t replication, StreamPurpose purpose) {
  return splitmix64(splitmix64(splitmix64(seed) ^ replication) ^
                    static_cast<std::uint64_t>(purpose));
}

std::int64_t draw_poisson(RandomEngine& engine, double mean) {
  if (mean <= 0) return 0;
  boost::random::uniform_01<double> uniform;
  if (mean < 10) {
    // Inversion: walk the cdf from 0; about `mean` steps.
    const double u = uniform(engine);
    double pmf = std::exp(-mean);
    double cdf = pmf;
    std::int64_t k = 0;
    while (u > cdf && pmf > 0) {
      ++k;
      pmf *= mean / static_cast<double>(k);
      cdf += pmf;
    }
    return k;
  }
  // Hoermann's PTRS (transformed rejection with squeeze, 1993): exact, two uniforms per
  // try and about 1.15 tries per draw, with no set-up worth caching. Every office-day has
  // its own mean once the calendar applies, so a sampler with a costly set-up per mean
  // (Boost's PTRD) was the hot spot of a national run.
  const double root = std::sqrt(mean);
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * root;
  const double a = -0.059 + 0.02483 * b;
  const double inverse_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const double u = uniform(engine) - 0.5;
    const double v = uniform(engine);
    const double us = 0.5 - std::abs(u);
    const auto k = static_cast<std::int64_t>(std::floor((2 * a / us + b) * u + mean + 0.43));
    if (us >= 0.07 && v <= v_r) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const double kd = static_cast<double>(k);
    if (std::log(v) + std::log(inverse_alpha) - std::log(a / (us * us) + b) <=
        -mean + kd * log_mean - std::lgamma(kd + 1)) {
      return k;
    }
  }
}

std::int64_t draw_binomial(RandomEngine& engine, std::int64_t trials, double p) {
  if (trials <= 0 || p <= 0) return 0;
  if (p >= 1) return trials;
  boost::random::binomial_distribution<std::int64_t, double> binomial(trials, p);
  return binomial(engine);
}

namespace {
// Gamma(shape, 1) by Marsaglia and Tsang (2000): one normal and one uniform per try, and
// for shapes of 1 and above it accepts over 95% of tries. About twice as fast as Boost's
// gamma_distribution here, which matters when the calendar gives every day its own mean
// and the counts cannot come from tables. Shapes below 1 use the boost-up
// Gamma(a) = Gamma(a + 1) U^(1/a).
double draw_standard_gamma(RandomEngine& engine, double shape) {
  boost::random::uniform_01<double> uniform;
  if (shape < 1)
    return draw_standard_gamma(engine, shape + 1) * std::pow(uniform(engine), 1 / shape);
  boost::random::normal_distribution<double> normal;
  const double d = shape - 1.0 / 3.0;
  const double c = 1 / std::sqrt(9 * d);
  while (true) {
    double x = 0, v = 0;
    do {
      x = normal(engine);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = uniform(engine);
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
  }
}
}  // namespace

std::int64_t draw_negative_binomial(RandomEngine& engine, double mean, double k) {
  if (mean <= 0) return 0;
  return draw_poisson(engine, mean / k * draw_standard_gamma(engine, k));
}

std::optional<NegativeBinomialTable> NegativeBinomialTable::make(double mean, double k,
                                                                 std::size_t max_size) {
  // P(0) = (k / (k + mean))^k, then P(n + 1) = P(n) (n + k) / (n + 1) q with q = mean / (k + mean).
  const double q = mean / (k + mean);
  double pmf = std::exp(k * std::log(k / (k + mean)));
  if (!(pmf > 0) || !std::isfinite(pmf)) return std::nullopt;
  NegativeBinomialTable table;
  table.mean_ = mean;
  table.k_ = k;
  table.log_p_ = std::log(k) - std::log(k + mean);
  table.log_q_ = std::log(mean) - std::log(k + mean);
  double cdf = 0;
  for (double n = 0;; ++n) {
    cdf += pmf;
    table.cdf_.push_back(cdf);
    const double ratio = (n + k) / (n + 1) * q;
    // The terms' ratio moves monotonically towards q, so the tail after this term is
    // below pmf r / (1 - r) with r the larger of the two.
    const double r = std::max(ratio, q);
    if (n > mean && pmf * r / (1 - r) < 1e-16) break;
    if (table.cdf_.size() >= std::min(max_size, kMaxSize)) return std::nullopt;
    pmf *= ratio;
  }
  table.build_guide();
  return table;
}

namespace {
constexpr std::size_t kGuideSlotsPerEntry = 2;
}  // namespace

void NegativeBinomialTable::build_guide() {
  const std::size_t size = cdf_.size();
  // Twice as many guide slots as entries (rounded up to a power of two): few slots then
  // hold more than one edge, where count() searches the cdf (a second read that misses the
  // cache); as many slots as entries made Monte Carlo runs 7% slower, four times as many no
  // faster. A draw reads one random slot, and the guides of a national model together
  // outgrow the cache.
  int bits = 1;
  while ((std::size_t{1} << bits) < kGuideSlotsPerEntry * size) ++bits;
  const std::size_t slots = std::size_t{1} << bits;
  const auto scale = static_cast<double>(slots);
  guide_shift_ = 53 - bits;
  guide_.resize(slots);
  // Slot j starts in the entry n with cdf_[n - 1] <= j / slots < cdf_[n]; the last entry
  // takes the rest. Every product and difference here is exact (slots and 2^16 are powers
  // of two, and edge - j is below 1).
  std::size_t n = 0;
  for (std::size_t j = 0; j < slots; ++j) {
    const auto start = static_cast<double>(j);
    while (n + 1 < size && cdf_[n] * scale <= start) ++n;
    std::uint32_t slot = static_cast<std::uint32_t>(n) << kEdgeBits;
    const double edge = cdf_[n] * scale - start;  // where entry n ends, in slots from j
    if (n + 1 < size && edge < 1) {
      slot |= static_cast<std::uint32_t>(edge * double{1U << kEdgeBits});
      // A second edge in the slot: the cdf decides past the first.
      if (n + 2 < size && cdf_[n + 1] * scale < start + 1) slot |= kSearch;
    } else {
      slot |= kEdgeMask;
    }
    guide_[j] = slot;
  }
}

std::int64_t NegativeBinomialTable::search(std::uint64_t bits, std::size_t n) const {
  const double u = static_cast<double>(bits) * 0x1.0p-53;
  while (n + 1 < cdf_.size() && cdf_[n] <= u) ++n;
  return static_cast<std::int64_t>(n);
}

namespace {
// A uniform in [0, 1) from the top 53 bits of one engine output, as the tables read them.
double uniform53(RandomEngine& engine) { return static_cast<double>(engine() >> 11U) * 0x1.0p-53; }

// draw_between's acceptance probability e^(w x) / (1 - w + w e^x), without overflow: two
// exps, where its log would take a log as well.
double acceptance(double x, double w) {
  if (x > 0) return std::exp((w - 1) * x) / (w + (1 - w) * std::exp(-x));
  return std::exp(w * x) / ((1 - w) + w * std::exp(x));
}

// A try of draw_between takes one engine output: its top 53 bits are the uniform of the
// proposal's table, and of the 11 bits left, kSelectBits make a coarse uniform that picks
// the proposal and kAcceptBits one that accepts it. A coarse uniform c / 2^bits stands for
// the uniform (c + U) / 2^bits, whose U is drawn (another engine output) only on the few
// tries where c alone cannot decide; so each decision is as exact as with a 53-bit uniform,
// at about 1.05 engine outputs a try instead of 3.
constexpr unsigned kSelectBits = 5;
constexpr unsigned kAcceptBits = 6;

constexpr std::uint64_t kSelectMask = (1U << kSelectBits) - 1;
constexpr std::uint64_t kAcceptMask = (1U << kAcceptBits) - 1;
constexpr double kSelectScale = 1U << kSelectBits;
constexpr double kAcceptScale = 1U << kAcceptBits;

// Whether the uniform (c + U) / 2^bits is below p in [0, 1], drawing U only when c cannot
// tell, i.e. when c = floor(p 2^bits). Integer compares: the outcome is as unpredictable as p
// is close to 1/2, so the caller should get a select rather than a jump.
template <unsigned kBits>
bool coarse_below(RandomEngine& engine, std::uint64_t c, double p) {
  const double scaled = p * double{1U << kBits};  // exact
  const auto whole = static_cast<std::uint64_t>(static_cast<std::int64_t>(scaled));
  if (c == whole) [[unlikely]] {
    const double fraction = scaled - static_cast<double>(c);  // exact: c <= scaled < c + 1
    return fraction > 0 && uniform53(engine) < fraction;
  }
  return c < whole;
}

// The table a try's `word` proposes by its coarse uniform alone: 1 for the higher, 0 for
// the lower, -1 when the coarse uniform cannot tell (coarse_below would draw).
int coarse_choice(std::uint64_t word, double weight) {
  const auto whole = static_cast<std::uint64_t>(static_cast<std::int64_t>(weight * kSelectScale));
  const std::uint64_t c = word & kSelectMask;
  if (c == whole) [[unlikely]]
    return -1;
  return c < whole ? 1 : 0;
}

// The count a try's `word` proposes, from the table its choice (refined if need be) picks.
// Indexed rather than a ?:, so that the unpredictable choice never becomes a jump.
std::int64_t proposed_count(RandomEngine& engine, const NegativeBinomialTable& low,
                            const NegativeBinomialTable& high, double weight, std::uint64_t word) {
  const std::array<const NegativeBinomialTable*, 2> tables{&low, &high};
  const bool higher = coarse_below<kSelectBits>(engine, word & kSelectMask, weight);
  return tables[higher ? 1 : 0]->count(word >> 11U);
}

// The refinement of accepts(): the coarse uniform `accept` could not tell.
[[gnu::noinline]] bool accepts_after_all(RandomEngine& engine, double weight, double x,
                                         std::uint64_t accept) {
  return coarse_below<kAcceptBits>(engine, accept, acceptance(x, weight));
}

// Whether a try's proposed count n is accepted, by the coarse uniform of its `word`, refined
// (another engine output) only when that cannot tell. Small enough to inline, so that the
// arithmetic of neighbouring counts in a batch overlaps.
inline bool accepts(RandomEngine& engine, const NegativeBinomialTable& low,
                    const NegativeBinomialTable& high, double weight, std::int64_t n,
                    std::uint64_t word) {
  const std::uint64_t accept = (word >> kSelectBits) & kAcceptMask;
  // log(high(n) / low(n)) = alpha + n beta: the binomial coefficients cancel.
  const double alpha = low.k() * (high.log_p() - low.log_p());
  const double beta = high.log_q() - low.log_q();
  const double x = alpha + static_cast<double>(n) * beta;
  // The acceptance probability is at least e^(-x^2 / 8) >= 1 - x^2 / 8 (its log is
  // w x - log(1 - w + w e^x), whose second derivative in x lies in [-1/4, 0]): when the
  // whole coarse interval of the uniform lies below that, accept without an exp or log.
  if (static_cast<double>(accept + 1) <= (1 - x * x / 8) * kAcceptScale) [[likely]]
    return true;
  return accepts_after_all(engine, weight, x, accept);
}
}  // namespace

std::int64_t try_between(RandomEngine& engine, const NegativeBinomialTable& low,
                         const NegativeBinomialTable& high, double weight, std::uint64_t word) {
  const std::int64_t n = proposed_count(engine, low, high, weight, word);
  return accepts(engine, low, high, weight, n, word) ? n : -1;
}

std::int64_t draw_between(RandomEngine& engine, const NegativeBinomialTable& low,
                          const NegativeBinomialTable& high, double weight) {
  if (weight == 0) return low.draw(engine);
  while (true) {
    const std::int64_t n = try_between(engine, low, high, weight, engine());
    if (n >= 0) return n;
  }
}

void BetweenBatch::draw(RandomEngine& engine, std::span<const NegativeBinomialTable> tables,
                        std::span<const std::int32_t> low, std::span<const double> weight,
                        std::span<std::int64_t> counts) {
  const std::size_t size = low.size();
  words_.resize(size);
  proposed_.resize(size);
  const auto table = [&](std::size_t i, int choice) -> const NegativeBinomialTable& {
    return tables[static_cast<std::size_t>(low[i] + choice)];
  };
  for (std::size_t i = 0; i < size; ++i) {
    if (low[i] < 0) continue;
    words_[i] = engine();
  }
  // The proposed counts that need no engine output, in a loop of independent table reads,
  // each asked for kAhead counts before it is read (the lower table when the choice will be
  // refined): enough reads under way to hide memory's latency, few enough to stay in L1.
  constexpr std::size_t kAhead = 32;
  const auto prefetch = [&](std::size_t i) {
    if (i < size && low[i] >= 0) {
      table(i, std::max(0, coarse_choice(words_[i], weight[i]))).prefetch(words_[i] >> 11U);
    }
  };
  for (std::size_t i = 0; i < kAhead; ++i) prefetch(i);
  for (std::size_t i = 0; i < size; ++i) {
    prefetch(i + kAhead);
    if (low[i] < 0) continue;
    const int choice = weight[i] == 0 ? 0 : coarse_choice(words_[i], weight[i]);
    proposed_[i] = choice < 0 ? -1 : table(i, choice).count(words_[i] >> 11U);
  }
  // Then, in order, the rest of each try, and the rejected counts drawn again.
  for (std::size_t i = 0; i < size; ++i) {
    if (low[i] < 0) {
      counts[i] = -1;
      continue;
    }
    if (weight[i] == 0) {
      counts[i] = proposed_[i];
      continue;
    }
    const NegativeBinomialTable& lower = table(i, 0);
    const NegativeBinomialTable& higher = table(i, 1);
    const std::int64_t n = proposed_[i] >= 0
                               ? proposed_[i]
                               : proposed_count(engine, lower, higher, weight[i], words_[i]);
    counts[i] = accepts(engine, lower, higher, weight[i], n, words_[i])
                    ? n
                    : draw_between(engine, lower, higher, weight[i]);
  }
}

double between_weight(const NegativeBinomialTable& low, const NegativeBinomialTable& high,
                      double mean) {
  if (mean <= low.mean_) return 0;
  if (mean >= high.mean_) return 1;
  const double log_q = std::log(mean) - std::log(low.k_ + mean);
  return std::clamp((log_q - low.log_q_) / (high.log_q_ - low.log_q_), 0.0, 1.0);
}

double between_cost(double k, double low, double high) {
  const double log_q_low = std::log(low) - std::log(k + low);
  const double log_q_high = std::log(high) - std::log(k + high);
  const double log_p_mid = std::log1p(-std::exp((log_q_low + log_q_high) / 2));
  return k * (log_p_mid - (std::log(k / (k + low)) + std::log(k / (k + high))) / 2);
}

std::vector<double> negative_binomial_ladder(double k, double low, double high, double max_cost) {
  std::vector<double> means{low};
  while (means.back() < high) {
    const double mean = means.back();
    // between_cost is about step^2 k / (8 mean (k + mean)) for small steps; shorter where
    // that is not close enough.
    double step = std::sqrt(8 * max_cost * mean * (k + mean) / k);
    while (between_cost(k, mean, mean + step) > max_cost) step *= 0.8;
    means.push_back(mean + step);
  }
  return means;
}

}  // namespace blanko::detail
