#include "detail/yaml_reader.hpp"

#include "detail/suggest.hpp"
#include "detail/yaml_guard.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>

namespace blanko::detail {
namespace {

// The relative forms of a quantity, one key each (QuantityBasis after `units`).
constexpr std::array<std::string_view, 2> kQuantityKeys{"days_of_demand", "cover_of_lead_time"};
constexpr std::array<QuantityBasis, 2> kQuantityBases{QuantityBasis::days_of_demand,
                                                      QuantityBasis::lead_time_cover};
const std::array<FieldBound, 2> kQuantityBounds{bound::days_of_demand, bound::cover_of_lead_time};
constexpr const char* kQuantityForms = "an integer, {days_of_demand: N} or {cover_of_lead_time: k}";

}  // namespace

std::string child_path(std::string_view parent, std::string_view key) {
  const bool plain = !key.empty() && std::none_of(key.begin(), key.end(), [](char c) {
    return c == '.' || c == '[' || c == ']' || c == '"' || c == ' ';
  });
  std::string path(parent);
  if (plain) {
    if (!path.empty()) path += '.';
    path += key;
  } else {
    path += "[\"";
    path += key;
    path += "\"]";
  }
  return path;
}

std::string key_name(std::string_view path) {
  if (path.ends_with("\"]")) {
    const std::size_t open = path.rfind("[\"");
    if (open != std::string_view::npos) return std::string(path.substr(open + 2, path.size() - open - 4));
  }
  const std::size_t dot = path.rfind('.');
  return std::string(dot == std::string_view::npos ? path : path.substr(dot + 1));
}

std::string item_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

YamlReader::YamlReader(std::string source_name, std::vector<OverriddenNode> overridden)
    : source_(std::move(source_name)), overridden_(std::move(overridden)) {}

SourceLocation YamlReader::locate(const Field& field) const {
  // A node made by --set has no place in the file: name the override instead.
  for (const OverriddenNode& o : overridden_) {
    if (o.node.is(field.node)) return {.file = "--set", .line = 0, .column = 0, .key_path = o.text};
  }
  const YAML::Mark mark = field.node.Mark();
  if (mark.is_null()) return {.file = source_, .line = 0, .column = 0, .key_path = field.path};
  return {
      .file = source_, .line = mark.line + 1, .column = mark.column + 1, .key_path = field.path};
}

void YamlReader::fail(const Field& field, const std::string& message) const {
  SourceLocation where = locate(field);
  // A value inside what an override wrote (`--set a.b={c: x}`) is located at the override:
  // name the key below it too, which the override's text alone does not.
  if (where.file == "--set" && !field.path.empty() &&
      where.key_path.substr(0, where.key_path.find('=')) != field.path) {
    throw ScenarioError(std::move(where), message + " (at " + field.path + ")");
  }
  throw ScenarioError(std::move(where), message);
}

std::string YamlReader::describe(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  return "nothing";
}

void YamlReader::expect_map(const Field& field) const {
  if (!field.node.IsMap()) fail(field, "expected a map, got " + describe(field.node));
}

void YamlReader::expect_list(const Field& field) const {
  if (!field.node.IsSequence()) fail(field, "expected a list, got " + describe(field.node));
}

void YamlReader::check_keys(const Field& map, std::span<const std::string_view> allowed) const {
  for (const auto& [key, value] : entries(map)) {
    const std::string name = key.node.IsScalar() ? key.node.Scalar() : std::string{};
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      fail(key, "unknown key '" + name + "'" + suggestion_suffix(name, allowed));
    }
  }
}

std::optional<Field> YamlReader::find(const Field& map, std::string_view key) const {
  expect_map(map);
  for (auto it = map.node.begin(); it != map.node.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      return Field(it->second, child_path(map.path, key));
    }
  }
  return std::nullopt;
}

Field YamlReader::require(const Field& map, std::string_view key) const {
  if (auto value = find(map, key)) return *value;
  fail(map, "missing required key '" + std::string(key) + "'");
}

std::vector<std::pair<Field, Field>> YamlReader::entries(const Field& map) const {
  expect_map(map);
  std::vector<std::pair<Field, Field>> out;
  for (auto it = map.node.begin(); it != map.node.end(); ++it) {
    const std::string path =
        child_path(map.path, it->first.IsScalar() ? it->first.Scalar() : std::string{"?"});
    out.emplace_back(Field(it->first, path), Field(it->second, path));
  }
  return out;
}

std::vector<Field> YamlReader::items(const Field& list) const {
  expect_list(list);
  std::vector<Field> out;
  for (std::size_t i = 0; i < list.node.size(); ++i) {
    out.emplace_back(list.node[i], item_path(list.path, i));
  }
  return out;
}

std::string YamlReader::as_string(const Field& field) const {
  if (!field.node.IsScalar()) fail(field, "expected a string, got " + describe(field.node));
  return field.node.Scalar();
}

std::uint64_t YamlReader::as_unsigned(const Field& field) const {
  std::uint64_t value = 0;
  bool ok = field.node.IsScalar();
  if (ok) {
    std::string_view text = field.node.Scalar();
    if (text.starts_with('+')) text.remove_prefix(1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    ok = !text.empty() && ec == std::errc{} && end == text.data() + text.size();
  }
  if (!ok) fail(field, "expected an unsigned integer, got " + describe(field.node));
  return value;
}

double YamlReader::as_bounded(const Field& field, const FieldBound& bound) const {
  const BoundedNumber number =
      field.node.IsScalar() ? parse_bounded(field.node.Scalar(), bound)
                            : BoundedNumber{.value = 0, .problem = NumberProblem::not_a_number};
  if (number.problem == NumberProblem::not_a_number) {
    fail(field, std::string(expected_number(bound)) + ", got " + describe(field.node));
  }
  if (number.problem == NumberProblem::out_of_range) {
    fail(field, bound.violation(key_name(field.path), number.value));
  }
  return number.value;
}

std::vector<double> YamlReader::as_bounded_list(const Field& list, const FieldBound& bound) const {
  std::vector<double> out;
  for (const Field& item : items(list)) out.push_back(as_bounded(item, bound));
  return out;
}

bool YamlReader::as_bool(const Field& field) const {
  if (field.node.IsScalar()) {
    const std::string& text = field.node.Scalar();
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
  }
  fail(field, "expected true or false, got " + describe(field.node));
}

Date YamlReader::as_date(const Field& field) const {
  if (!field.node.IsScalar()) {
    fail(field, "expected a date (YYYY-MM-DD), got " + describe(field.node));
  }
  const auto date = parse_iso_date(field.node.Scalar());
  if (!date) fail(field, describe(field.node) + " is not a date (expected YYYY-MM-DD)");
  return *date;
}

QuantitySpec YamlReader::as_quantity(const Field& field, const FieldBound& units,
                                     bool whole_units) const {
  if (field.node.IsMap()) {
    check_keys(field, kQuantityKeys);
    if (field.node.size() != 1) {
      fail(field,
           std::string("expected ") + kQuantityForms + " (one key), got " + describe(field.node));
    }
    for (std::size_t i = 0; i < kQuantityKeys.size(); ++i) {
      if (auto value = find(field, kQuantityKeys[i])) {
        return {as_bounded(*value, kQuantityBounds[i]), kQuantityBases[i], locate(field)};
      }
    }
  }
  if (!field.node.IsScalar()) {
    fail(field, std::string("expected ") + kQuantityForms + ", got " + describe(field.node));
  }
  FieldBound plain = units;
  plain.kind = whole_units ? BoundKind::integer : BoundKind::real;
  return {as_bounded(field, plain), QuantityBasis::units, locate(field)};
}

namespace {

template <class Enum>
Enum read_enum(const YamlReader& reader, const Field& field, std::string_view what,
               std::optional<Enum> (*parse)(std::string_view),
               std::span<const std::string_view> names) {
  const std::string word = reader.as_string(field);
  if (auto value = parse(word)) return *value;
  reader.fail(field,
              "unknown " + std::string(what) + " '" + word + "'" + suggestion_suffix(word, names));
}

}  // namespace

NodeKind YamlReader::as_node_kind(const Field& field) const {
  return read_enum(*this, field, "node kind", parse_node_kind, node_kind_names());
}
LaneMode YamlReader::as_lane_mode(const Field& field) const {
  return read_enum(*this, field, "lane mode", parse_lane_mode, lane_mode_names());
}
DistributionKind YamlReader::as_distribution_kind(const Field& field) const {
  return read_enum(*this, field, "distribution", parse_distribution_kind,
                   distribution_kind_names());
}
Weekday YamlReader::as_weekday(const Field& field) const {
  return read_enum(*this, field, "weekday", parse_weekday, weekday_names());
}
PriorityClass YamlReader::as_priority_class(const Field& field) const {
  return read_enum(*this, field, "priority class", parse_priority_class, priority_class_names());
}
DemandBase YamlReader::as_demand_base(const Field& field) const {
  return read_enum(*this, field, "demand base", parse_demand_base, demand_base_names());
}
CalendarEventKind YamlReader::as_calendar_event_kind(const Field& field) const {
  return read_enum(*this, field, "event kind", parse_calendar_event_kind,
                   calendar_event_kind_names());
}
CountDistribution YamlReader::as_count_distribution(const Field& field) const {
  return read_enum(*this, field, "count distribution", parse_count_distribution,
                   count_distribution_names());
}

YAML::Node load_yaml(std::string_view text, const std::string& source_name) {
  check_yaml_text(text, source_name);
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw ScenarioError(
        {.file = source_name, .line = e.mark.line + 1, .column = e.mark.column + 1, .key_path = {}},
        "invalid YAML: " + e.msg);
  }
}

}  // namespace blanko::detail
