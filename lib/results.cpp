#include <blanko/results.hpp>

#include "detail/memory_check.hpp"

#include <array>

namespace blanko {
namespace {

// In enum order, which is also the order of the timeseries.csv columns.
constexpr std::array<std::string_view, kSeriesCount> kSeriesNames{
    "on_hand", "in_transit", "backlog", "suket_outstanding", "demand", "printed"};

}  // namespace

namespace detail {
std::uint64_t timeseries_bytes(std::uint64_t nodes, std::uint64_t horizon) {
  return kSeriesCount * horizon * nodes * sizeof(std::int64_t);  // TimeSeries::values_
}
}  // namespace detail

std::string_view to_string(Series series) {
  return kSeriesNames[static_cast<std::size_t>(series)];
}

}  // namespace blanko
