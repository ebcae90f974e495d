#pragma once
// Checks on a YAML text before it becomes a tree, for what yaml-cpp accepts but a scenario
// must not: bytes that are not UTF-8, a quoted value with no closing quote (yaml-cpp reads it
// to the end of the text), a key given twice in one map (yaml-cpp keeps the first, silently), an
// alias inside the node it names (a cycle that any walk of the tree follows forever), aliases that
// expand to a huge tree ("billion laughs": a few lines that a walk visits 10^9 times), and further
// documents after the first (which YAML::Load ignores).

#include <cstddef>
#include <string>
#include <string_view>

namespace blanko::detail {

/// The most nodes a YAML text may stand for once its aliases are expanded (the national
/// scenario has about 3,000).
inline constexpr std::size_t kMaxYamlNodes = 1'000'000;

/// Throws a ScenarioError at the offending line and column of `source_name`; a syntax error
/// is left for the parser that builds the tree to report.
void check_yaml_text(std::string_view text, const std::string& source_name);

}  // namespace blanko::detail
