#pragma once
// `--set key.path=value` overrides, applied to a scenario's YAML tree before it is read.

#include "detail/yaml_reader.hpp"

#include <string>
#include <vector>

namespace blanko::detail {

/// Applies `overrides` to `root` in order and returns every node they created (values,
/// their children, new keys and new intermediate maps), so that errors found later at those
/// nodes name the override instead of a line of the file.
///
/// Path segments are separated by '.'. In a map a segment is a key (a key that itself holds
/// dots, like `17.04`, is matched when it exists); a missing key is created, with empty maps
/// on the way. In a list a non-negative integer is an index, any other segment picks the
/// element whose `id` equals it. The value is parsed as YAML (`3`, `2024-06-30`, `[sat]`).
/// A malformed override, a step through a scalar, an index out of range or an unknown id is
/// a ScenarioError located at `--set` with the override's text as key path.
std::vector<OverriddenNode> apply_overrides(YAML::Node& root,
                                            const std::vector<std::string>& overrides);

/// The text of a YAML value as an override's right-hand side: scalars as written,
/// sequences and maps in flow style (`{days_of_demand: 14}`).
std::string override_value(const YAML::Node& value);

/// An override written in a file (a policy set's or a plan's `set:` map) and where.
struct WrittenOverride {
  std::string text;  ///< `key.path=value`
  SourceLocation where;  ///< of the value
};

/// Throws `e` relocated to where a file wrote the override it names (`e` is located at
/// `--set` with the override's text as key path, and `overrides[i]` was written at
/// `origins[i]`), with `note` after its message; throws `e` as it is otherwise.
[[noreturn]] void rethrow_at_origin(const ScenarioError& e, const std::vector<std::string>& overrides,
                                    const std::vector<SourceLocation>& origins, const std::string& note);

/// The entries of a `set:` map (`key.path: value`) as overrides, in file order; a
/// ScenarioError at a key that is no key path or a value that is empty.
std::vector<WrittenOverride> read_override_map(const YamlReader& yaml, const Field& map);

}  // namespace blanko::detail
