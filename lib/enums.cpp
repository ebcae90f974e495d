#include <blanko/enums.hpp>

#include <array>

namespace blanko {
namespace {

constexpr std::array<std::string_view, 3> kNodeKinds{"centre", "province", "kabkota"};
constexpr std::array<std::string_view, 2> kLaneModes{"pickup", "delivery"};
constexpr std::array<std::string_view, 6> kDistributionKinds{
    "deterministic", "uniform", "triangular", "lognormal", "gamma", "empirical"};
constexpr std::array<std::string_view, 7> kWeekdays{"mon", "tue", "wed", "thu",
                                                    "fri", "sat", "sun"};

template <class Enum, std::size_t N>
std::optional<Enum> parse(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(NodeKind kind) { return kNodeKinds[static_cast<std::size_t>(kind)]; }
std::string_view to_string(LaneMode mode) { return kLaneModes[static_cast<std::size_t>(mode)]; }
std::string_view to_string(DistributionKind kind) {
  return kDistributionKinds[static_cast<std::size_t>(kind)];
}
std::string_view to_string(Weekday day) { return kWeekdays[static_cast<std::size_t>(day)]; }

std::optional<NodeKind> parse_node_kind(std::string_view text) {
  return parse<NodeKind>(kNodeKinds, text);
}
std::optional<LaneMode> parse_lane_mode(std::string_view text) {
  return parse<LaneMode>(kLaneModes, text);
}
std::optional<DistributionKind> parse_distribution_kind(std::string_view text) {
  return parse<DistributionKind>(kDistributionKinds, text);
}
std::optional<Weekday> parse_weekday(std::string_view text) {
  return parse<Weekday>(kWeekdays, text);
}

std::span<const std::string_view> node_kind_names() { return kNodeKinds; }
std::span<const std::string_view> lane_mode_names() { return kLaneModes; }
std::span<const std::string_view> distribution_kind_names() { return kDistributionKinds; }
std::span<const std::string_view> weekday_names() { return kWeekdays; }

}  // namespace blanko
