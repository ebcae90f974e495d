#include "detail/random.hpp"

#include <boost/random/poisson_distribution.hpp>

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

}  // namespace blanko::detail
