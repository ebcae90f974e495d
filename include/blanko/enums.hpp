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

[[nodiscard]] std::string_view to_string(NodeKind kind);
[[nodiscard]] std::string_view to_string(LaneMode mode);
[[nodiscard]] std::string_view to_string(DistributionKind kind);
[[nodiscard]] std::string_view to_string(Weekday day);

[[nodiscard]] std::optional<NodeKind> parse_node_kind(std::string_view text);
[[nodiscard]] std::optional<LaneMode> parse_lane_mode(std::string_view text);
[[nodiscard]] std::optional<DistributionKind> parse_distribution_kind(std::string_view text);
[[nodiscard]] std::optional<Weekday> parse_weekday(std::string_view text);

[[nodiscard]] std::span<const std::string_view> node_kind_names();
[[nodiscard]] std::span<const std::string_view> lane_mode_names();
[[nodiscard]] std::span<const std::string_view> distribution_kind_names();
[[nodiscard]] std::span<const std::string_view> weekday_names();

}  // namespace blanko
