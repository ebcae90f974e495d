#pragma once
// "Did you mean" for unknown names: the closest candidate by edit distance.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace blanko::detail {

/// Edit distance (insertions, deletions, substitutions, swaps of neighbours).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, or "" when none is close enough to be a likely typo
/// (distance at most a third of the word's length, and at least 1 allowed).
std::string closest_match(std::string_view word, std::span<const std::string> candidates);
std::string closest_match(std::string_view word, std::span<const std::string_view> candidates);

/// `unknown policy 'fscs'` + `; did you mean 'fcfs'?` or `; expected one of: a, b, c`.
std::string suggestion_suffix(std::string_view word, std::span<const std::string> candidates);
std::string suggestion_suffix(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace blanko::detail
