#include "detail/random.hpp"

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include <algorithm>
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
  // Boost uses inversion below a mean of 10 and the PTRD transformed-rejection method
  // above, so the cost per draw stays flat for the large offices.
  boost::random::poisson_distribution<std::int64_t, double> poisson(mean);
  return poisson(engine);
}

std::int64_t draw_binomial(RandomEngine& engine, std::int64_t trials, double p) {
  if (trials <= 0 || p <= 0) return 0;
  if (p >= 1) return trials;
  boost::random::binomial_distribution<std::int64_t, double> binomial(trials, p);
  return binomial(engine);
}

std::int64_t draw_negative_binomial(RandomEngine& engine, double mean, double k) {
  if (mean <= 0) return 0;
  boost::random::gamma_distribution<double> gamma(k, mean / k);
  return draw_poisson(engine, gamma(engine));
}

std::optional<NegativeBinomialTable> NegativeBinomialTable::make(double mean, double k,
                                                                 std::size_t max_size) {
  // P(0) = (k / (k + mean))^k, then P(n + 1) = P(n) (n + k) / (n + 1) q with q = mean / (k + mean).
  const double q = mean / (k + mean);
  double pmf = std::exp(k * std::log(k / (k + mean)));
  if (!(pmf > 0) || !std::isfinite(pmf)) return std::nullopt;
  NegativeBinomialTable table;
  double cdf = 0;
  for (double n = 0;; ++n) {
    cdf += pmf;
    table.cdf_.push_back(cdf);
    const double ratio = (n + k) / (n + 1) * q;
    // The terms' ratio moves monotonically towards q, so the tail after this term is
    // below pmf r / (1 - r) with r the larger of the two.
    const double r = std::max(ratio, q);
    if (n > mean && pmf * r / (1 - r) < 1e-16) break;
    if (table.cdf_.size() >= max_size) return std::nullopt;
    pmf *= ratio;
  }
  const std::size_t size = table.cdf_.size();
  int bits = 1;
  while ((std::size_t{1} << bits) < size) ++bits;
  const std::size_t slots = std::size_t{1} << bits;
  table.guide_shift_ = 53 - bits;
  table.guide_.resize(slots);
  std::uint32_t n = 0;
  for (std::size_t j = 0; j < slots; ++j) {
    const double low = static_cast<double>(j) / static_cast<double>(slots);
    const double high = static_cast<double>(j + 1) / static_cast<double>(slots);
    while (n + 1 < size && table.cdf_[n] <= low) ++n;
    const bool whole_slot = table.cdf_[n] >= high || n + 1 == size;
    table.guide_[j] = 2 * n + (whole_slot ? 0U : 1U);
  }
  return table;
}

std::int64_t NegativeBinomialTable::count(std::uint64_t bits) const {
  const std::uint32_t entry = guide_[bits >> guide_shift_];
  std::size_t n = entry >> 1U;
  if ((entry & 1U) == 0) return static_cast<std::int64_t>(n);
  const double u = static_cast<double>(bits) * 0x1.0p-53;
  while (n + 1 < cdf_.size() && cdf_[n] <= u) ++n;
  return static_cast<std::int64_t>(n);
}

}  // namespace blanko::detail
