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
constexpr std::array<std::string_view, kPriorityClassCount> kPriorityClasses{
    "first_card", "data_change", "replacement"};
constexpr std::array<std::string_view, 2> kDemandBases{"wajib_ktp", "population"};
constexpr std::array<std::string_view, 2> kCountDistributions{"poisson", "negative_binomial"};
constexpr std::array<std::string_view, 6> kCalendarEventKinds{
    "election", "pilkada", "cpns", "school_drive", "pemekaran", "custom"};

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
std::string_view to_string(PriorityClass priority) {
  return kPriorityClasses[static_cast<std::size_t>(priority)];
}
std::string_view to_string(DemandBase base) { return kDemandBases[static_cast<std::size_t>(base)]; }
std::string_view to_string(CountDistribution counts) {
  return kCountDistributions[static_cast<std::size_t>(counts)];
}
std::string_view to_string(CalendarEventKind kind) {
  return kCalendarEventKinds[static_cast<std::size_t>(kind)];
}

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
std::optional<PriorityClass> parse_priority_class(std::string_view text) {
  return parse<PriorityClass>(kPriorityClasses, text);
}
std::optional<DemandBase> parse_demand_base(std::string_view text) {
  return parse<DemandBase>(kDemandBases, text);
}
std::optional<CountDistribution> parse_count_distribution(std::string_view text) {
  return parse<CountDistribution>(kCountDistributions, text);
}
std::optional<CalendarEventKind> parse_calendar_event_kind(std::string_view text) {
  return parse<CalendarEventKind>(kCalendarEventKinds, text);
}

std::span<const std::string_view> node_kind_names() { return kNodeKinds; }
std::span<const std::string_view> lane_mode_names() { return kLaneModes; }
std::span<const std::string_view> distribution_kind_names() { return kDistributionKinds; }
std::span<const std::string_view> weekday_names() { return kWeekdays; }
std::span<const std::string_view> priority_class_names() { return kPriorityClasses; }
std::span<const std::string_view> demand_base_names() { return kDemandBases; }
std::span<const std::string_view> count_distribution_names() { return kCountDistributions; }
std::span<const std::string_view> calendar_event_kind_names() { return kCalendarEventKinds; }

}  // namespace blanko
