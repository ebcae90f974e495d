#include "detail/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace blanko::detail {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus swaps of neighbours, the commonest typo
  // ('pusta' for 'pusat').
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    before.swap(previous);
    previous.swap(row);
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
    }
  }
  return row[b.size()];
}

namespace {

template <class Strings>
std::string closest(std::string_view word, const Strings& candidates) {
  const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
  std::size_t best = allowed + 1;
  std::string match;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best) {
      best = d;
      match = std::string(candidate);
    }
  }
  return match;
}

template <class Strings>
std::string suffix(std::string_view word, const Strings& candidates) {
  std::string match = closest(word, candidates);
  if (!match.empty()) return "; did you mean '" + match + "'?";
  std::string list;
  for (const auto& candidate : candidates) {
    if (!list.empty()) list += ", ";
    list += candidate;
  }
  return list.empty() ? std::string{} : "; expected one of: " + list;
}

}  // namespace

std::string closest_match(std::string_view word, std::span<const std::string> candidates) {
  return closest(word, candidates);
}
std::string closest_match(std::string_view word, std::span<const std::string_view> candidates) {
  return closest(word, candidates);
}
std::string suggestion_suffix(std::string_view word, std::span<const std::string> candidates) {
  return suffix(word, candidates);
}
std::string suggestion_suffix(std::string_view word,
                              std::span<const std::string_view> candidates) {
  return suffix(word, candidates);
}

}  // namespace blanko::detail
