#include <blanko/results.hpp>

#include <array>

namespace blanko {
namespace {

// In enum order, which is also the order of the timeseries.csv columns.
constexpr std::array<std::string_view, kSeriesCount> kSeriesNames{
    "on_hand", "in_transit", "backlog", "suket_outstanding", "demand", "printed"};

}  // namespace

std::string_view to_string(Series series) {
  return kSeriesNames[static_cast<std::size_t>(series)];
}

}  // namespace blanko
