#pragma once
// The delay from recording to print-ready record (central deduplication), applied to an
// office's daily rates at compile time.
//
// Why on rates and not per request: requests are Poisson, and a Poisson stream whose points
// are each delayed independently by k days with probability p_k is again Poisson, with rate
// sum_k rate(d - k) p_k. Convolving the rate table is therefore exact for Poisson counts and
// costs nothing per replication (for negative-binomial counts it keeps the mean exactly and
// the overdispersion approximately).

#include <blanko/scenario.hpp>

#include "detail/calendar_tables.hpp"

#include <vector>

namespace blanko::detail {

/// P(delay = k days) for k = 0, 1, ...: continuous kinds are rounded to the nearest day,
/// uniform takes every whole day from low to high. Zero days is allowed. ScenarioError at
/// spec.where for a negative or inconsistent parameter.
[[nodiscard]] std::vector<double> delay_pmf(const DistributionSpec& spec);

/// Replaces `rates` (recordings per day) by print-ready requests per day. Recordings before
/// the first day are taken to repeat the first week, so the run starts in a steady state;
/// those that become print-ready after the horizon fall outside it.
void apply_dedup_delay(const std::vector<double>& pmf, std::vector<ClassRates>& rates);

}  // namespace blanko::detail
