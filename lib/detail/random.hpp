#pragma once
// Random streams: one Boost.Random engine per replication and purpose, so that draws for
// one purpose (demand) never shift when another (lead times) draws more or fewer numbers.

#include <boost/random/mersenne_twister.hpp>

#include <cstdint>

namespace blanko::detail {

/// What a stream is used for; part of its seed.
enum class StreamPurpose : std::uint64_t { demand = 1, lead_time = 2 };

using RandomEngine = boost::random::mt19937_64;

/// A well-mixed 64-bit seed for (scenario seed, replication, purpose): SplitMix64 applied
/// in a chain, so neighbouring replications get unrelated streams.
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t replication, StreamPurpose purpose);

/// Poisson count with the given mean (0 for a mean of 0).
std::int64_t draw_poisson(RandomEngine& engine, double mean);

}  // namespace blanko::detail
