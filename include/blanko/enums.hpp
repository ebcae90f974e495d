#pragma once
/// \file enums.hpp
/// Every enum that appears in a scenario file, with its YAML spelling in one place:
/// `to_string(x)` gives the spelling, `parse_<enum>(text)` reads it back (std::nullopt for
/// an unknown word), and `<enum>_names()` lists the accepted words for error messages.

#include <optional>
#include <span>
#include <string_view>

namespace blanko {

/// The echelon of a node. Any depth is allowed; the kind only selects defaults.
enum class NodeKind { centre, province, kabkota };

/// How blanks travel along a lane: collected by the customer's staff, or sent.
enum class LaneMode { pickup, delivery };

/// Families of lead-time distributions (in days).
enum class DistributionKind { deterministic, uniform, triangular, lognormal, gamma, empirical };

/// Days of the week, ISO order.
enum class Weekday { mon, tue, wed, thu, fri, sat, sun };

/// Who gets a blank first when blanks or printers are short, highest priority first
/// (Dukcapil's rule of August 2023): first cards (residents coming of age, first-time
/// voters, recorded but never printed), then data changes (moves, marriage or divorce,
/// pemekaran), then replacements of lost or damaged cards.
enum class PriorityClass { first_card, data_change, replacement };
/// The number of PriorityClass values; classes index arrays as `static_cast<int>(c)`.
inline constexpr int kPriorityClassCount = 3;

/// What a demand category's annual rate is counted per: wajib-KTP residents (population x
/// wajib_ktp_share) or the whole population.
enum class DemandBase { wajib_ktp, population };

/// How daily request counts are distributed around their mean.
enum class CountDistribution { poisson, negative_binomial };

/// Kinds of calendar events (calendar.hpp): national and regional elections, civil-servant
/// registration, school recording drives (jemput bola), region splits, anything else.
enum class CalendarEventKind { election, pilkada, cpns, school_drive, pemekaran, custom };

[[nodiscard]] std::string_view to_string(NodeKind kind);
[[nodiscard]] std::string_view to_string(LaneMode mode);
[[nodiscard]] std::string_view to_string(DistributionKind kind);
[[nodiscard]] std::string_view to_string(Weekday day);
[[nodiscard]] std::string_view to_string(PriorityClass priority);
[[nodiscard]] std::string_view to_string(DemandBase base);
[[nodiscard]] std::string_view to_string(CountDistribution counts);
[[nodiscard]] std::string_view to_string(CalendarEventKind kind);

[[nodiscard]] std::optional<NodeKind> parse_node_kind(std::string_view text);
[[nodiscard]] std::optional<LaneMode> parse_lane_mode(std::string_view text);
[[nodiscard]] std::optional<DistributionKind> parse_distribution_kind(std::string_view text);
[[nodiscard]] std::optional<Weekday> parse_weekday(std::string_view text);
[[nodiscard]] std::optional<PriorityClass> parse_priority_class(std::string_view text);
[[nodiscard]] std::optional<DemandBase> parse_demand_base(std::string_view text);
[[nodiscard]] std::optional<CountDistribution> parse_count_distribution(std::string_view text);
[[nodiscard]] std::optional<CalendarEventKind> parse_calendar_event_kind(std::string_view text);

[[nodiscard]] std::span<const std::string_view> node_kind_names();
[[nodiscard]] std::span<const std::string_view> lane_mode_names();
[[nodiscard]] std::span<const std::string_view> distribution_kind_names();
[[nodiscard]] std::span<const std::string_view> weekday_names();
[[nodiscard]] std::span<const std::string_view> priority_class_names();
[[nodiscard]] std::span<const std::string_view> demand_base_names();
[[nodiscard]] std::span<const std::string_view> count_distribution_names();
[[nodiscard]] std::span<const std::string_view> calendar_event_kind_names();

}  // namespace blanko
