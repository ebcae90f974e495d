#pragma once
// Typed reads from a yaml-cpp tree, each failing with a ScenarioError that says where.
// The scenario loader builds on these so that every message has the same shape:
// `expected an integer, got 'two'`, `unknown key 'printrs'; did you mean 'printers'?`.

#include <blanko/date.hpp>
#include <blanko/enums.hpp>
#include <blanko/error.hpp>
#include <blanko/scenario.hpp>

#include "detail/field_bounds.hpp"
#include "detail/input_file.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace blanko::detail {

/// A YAML value and the key path it was found at (`nodes[2].office.printers`).
struct Field {
  YAML::Node node;
  std::string path;

  Field(YAML::Node n, std::string p) : node(std::move(n)), path(std::move(p)) {}
  Field(const Field&) = default;
  // YAML::Node::operator= writes into the tree; a Field must only rebind its handle.
  Field& operator=(const Field& other) {
    node.reset(other.node);
    path = other.path;
    return *this;
  }
};

/// A YAML node created by a `--set` override, and the override's text.
struct OverriddenNode {
  YAML::Node node;
  std::string text;
};

/// Parses YAML text; a syntax error is a ScenarioError at its line in `source_name`.
YAML::Node load_yaml(std::string_view text, const std::string& source_name);

/// `parent.key`, or `parent["17.04"]` when the key would not read back as one dotted segment.
std::string child_path(std::string_view parent, std::string_view key);
/// `parent[index]`.
std::string item_path(std::string_view parent, std::size_t index);
/// The last key of a path, as a message names it: `printers` of `nodes[2].office.printers`.
std::string key_name(std::string_view path);

/// Located, typed access to one YAML document.
class YamlReader {
 public:
  YamlReader(std::string source_name, std::vector<OverriddenNode> overridden);

  /// The file, line and column of `field`, or the `--set` override that created it.
  [[nodiscard]] SourceLocation locate(const Field& field) const;
  [[noreturn]] void fail(const Field& field, const std::string& message) const;

  // Structure.
  void expect_map(const Field& field) const;
  void expect_list(const Field& field) const;
  /// Fails on the first key of `map` that is not in `allowed`, suggesting the closest one.
  void check_keys(const Field& map, std::span<const std::string_view> allowed) const;
  /// The value at `key` of `map` (which must be a map), if present.
  [[nodiscard]] std::optional<Field> find(const Field& map, std::string_view key) const;
  /// The value at `key`; `missing required key` (located at the map) when absent.
  [[nodiscard]] Field require(const Field& map, std::string_view key) const;
  /// Key and value of every entry of `map`, in file order.
  [[nodiscard]] std::vector<std::pair<Field, Field>> entries(const Field& map) const;
  /// The items of `list`, in order.
  [[nodiscard]] std::vector<Field> items(const Field& list) const;

  // Scalars.
  [[nodiscard]] std::string as_string(const Field& field) const;
  [[nodiscard]] std::uint64_t as_unsigned(const Field& field) const;
  /// A number within `bound` (an integer for an integer row); out of range, it fails at the
  /// value with `<key> must be between <low> and <high> (<unit>), got <value>`.
  [[nodiscard]] double as_bounded(const Field& field, const FieldBound& bound) const;
  /// `true` or `false` (YAML 1.2 core spellings only: not `yes`, `on` or `1`).
  [[nodiscard]] bool as_bool(const Field& field) const;
  [[nodiscard]] Date as_date(const Field& field) const;
  /// An integer (absolute), `{days_of_demand: <number>}` or `{cover_of_lead_time:
  /// <number>}`; with `whole_units` false a plain number may have a fraction (policy
  /// parameters).
  /// `units` bounds a plain number; the relative forms have their own rows
  /// (bound::days_of_demand, bound::cover_of_lead_time).
  [[nodiscard]] QuantitySpec as_quantity(const Field& field, const FieldBound& units,
                                         bool whole_units = true) const;
  [[nodiscard]] NodeKind as_node_kind(const Field& field) const;
  [[nodiscard]] LaneMode as_lane_mode(const Field& field) const;
  [[nodiscard]] DistributionKind as_distribution_kind(const Field& field) const;
  [[nodiscard]] Weekday as_weekday(const Field& field) const;
  [[nodiscard]] PriorityClass as_priority_class(const Field& field) const;
  [[nodiscard]] DemandBase as_demand_base(const Field& field) const;
  [[nodiscard]] CountDistribution as_count_distribution(const Field& field) const;
  [[nodiscard]] CalendarEventKind as_calendar_event_kind(const Field& field) const;

  /// Reads `field` as T: std::string, bool, std::uint64_t (a seed), Date, an enum of enums.hpp,
  /// or a std::vector of one of these. Every other number a scenario carries is read with its
  /// FieldBound (as_bounded, get with a bound): there is no unbounded numeric read.
  template <class T>
  [[nodiscard]] T as(const Field& field) const;

  /// Reads `key` of `map` as T when present.
  template <class T>
  [[nodiscard]] std::optional<T> get(const Field& map, std::string_view key) const {
    if (auto value = find(map, key)) return as<T>(*value);
    return std::nullopt;
  }

  /// Reads `key` of `map` within `bound` as T (int, std::int64_t or double) when present.
  template <class T>
  [[nodiscard]] std::optional<T> get(const Field& map, std::string_view key,
                                     const FieldBound& bound) const {
    if (auto value = find(map, key)) return static_cast<T>(as_bounded(*value, bound));
    return std::nullopt;
  }
  /// The items of `list`, each a number within `bound`.
  [[nodiscard]] std::vector<double> as_bounded_list(const Field& list, const FieldBound& bound) const;

  /// `'text'`, `a map`, `a list` or `nothing`: what a value is, for messages.
  [[nodiscard]] static std::string describe(const YAML::Node& node);

 private:
  std::string source_;
  std::vector<OverriddenNode> overridden_;
};

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

template <class T>
T YamlReader::as(const Field& field) const {
  if constexpr (IsVector<T>::value) {
    T out;
    for (const Field& item : items(field)) out.push_back(as<typename T::value_type>(item));
    return out;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return as_string(field);
  } else if constexpr (std::is_same_v<T, bool>) {
    return as_bool(field);
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    return as_unsigned(field);
  } else if constexpr (std::is_same_v<T, Date>) {
    return as_date(field);
  } else if constexpr (std::is_same_v<T, NodeKind>) {
    return as_node_kind(field);
  } else if constexpr (std::is_same_v<T, LaneMode>) {
    return as_lane_mode(field);
  } else if constexpr (std::is_same_v<T, DistributionKind>) {
    return as_distribution_kind(field);
  } else if constexpr (std::is_same_v<T, PriorityClass>) {
    return as_priority_class(field);
  } else if constexpr (std::is_same_v<T, DemandBase>) {
    return as_demand_base(field);
  } else if constexpr (std::is_same_v<T, CountDistribution>) {
    return as_count_distribution(field);
  } else if constexpr (std::is_same_v<T, CalendarEventKind>) {
    return as_calendar_event_kind(field);
  } else {
    static_assert(std::is_same_v<T, Weekday>, "YamlReader::as: unsupported type");
    return as_weekday(field);
  }
}

}  // namespace blanko::detail
