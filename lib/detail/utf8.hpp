#pragma once
// UTF-8 validation of the texts blanko reads (scenario and policy-set files, `--set`
// values, CSV tables), before they are parsed: a byte that is not UTF-8 would otherwise
// travel into names and keys and make a JSON output unwritable much later.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace blanko::detail {

/// The first ill-formed sequence of a text: where it starts, how many bytes belong to it
/// (up to and including the first byte that makes it ill-formed; for a character cut short,
/// the bytes it has), and why.
struct Utf8Problem {
  std::size_t offset = 0;
  std::size_t length = 1;
  std::string_view reason;  ///< empty for a byte UTF-8 never uses (0xF8 to 0xFF)
};

/// The first ill-formed sequence of `text` by Unicode's table of well-formed UTF-8 (no
/// overlong encodings, no surrogates, nothing above U+10FFFF, no sequence cut short), or
/// nothing when `text` is UTF-8.
/// \code
///   find_invalid_utf8("ok \xFF")->offset == 3
/// \endcode
std::optional<Utf8Problem> find_invalid_utf8(std::string_view text);

/// Throws a ScenarioError at the first ill-formed sequence of `text`, a file named
/// `source_name`: "the text is not valid UTF-8 (byte 0xFF)", at its 1-based line and
/// column counted in bytes as yaml-cpp and the CSV reader count them (lines end at '\n',
/// a UTF-8 byte order mark at the start is not counted).
void check_utf8(std::string_view text, const std::string& source_name);

}  // namespace blanko::detail
