#include "detail/utf8.hpp"

#include <blanko/error.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace blanko::detail {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

std::optional<Utf8Problem> find_invalid_utf8(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // The length of the sequence `lead` starts, and the range its second byte must be in
    // (narrower than 0x80..0xBF where the wider range would allow an overlong encoding, a
    // surrogate or a code point above U+10FFFF).
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    std::string_view second_reason;
    if (continuation(lead)) {
      return Utf8Problem{
          .offset = i, .length = 1, .reason = "a continuation byte with no lead byte"};
    } else if (lead == 0xC0 || lead == 0xC1) {
      const std::size_t n = i + 1 < text.size() && continuation(byte(i + 1)) ? 2 : 1;
      return Utf8Problem{.offset = i, .length = n, .reason = "an overlong encoding"};
    } else if (lead < 0xE0) {
      length = 2;
    } else if (lead < 0xF0) {
      length = 3;
      if (lead == 0xE0) low = 0xA0, second_reason = "an overlong encoding";
      if (lead == 0xED) high = 0x9F, second_reason = "a surrogate (U+D800 to U+DFFF)";
    } else if (lead < 0xF5) {
      length = 4;
      if (lead == 0xF0) low = 0x90, second_reason = "an overlong encoding";
      if (lead == 0xF4) high = 0x8F, second_reason = "above U+10FFFF";
    } else if (lead < 0xF8) {
      return Utf8Problem{.offset = i, .length = 1, .reason = "above U+10FFFF"};
    } else {
      return Utf8Problem{.offset = i, .length = 1, .reason = {}};
    }
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k == text.size()) {
        return Utf8Problem{.offset = i, .length = k, .reason = "a character cut short"};
      }
      const unsigned char next = byte(i + k);
      if (k == 1 && continuation(next) && (next < low || next > high)) {
        return Utf8Problem{.offset = i, .length = 2, .reason = second_reason};
      }
      if (!continuation(next)) {
        return Utf8Problem{.offset = i, .length = k, .reason = "a character cut short"};
      }
    }
    i += length;
  }
  return std::nullopt;
}

void check_utf8(std::string_view text, const std::string& source_name) {
  const std::optional<Utf8Problem> problem = find_invalid_utf8(text);
  if (!problem) return;
  const std::string_view before = text.substr(0, problem->offset);
  const std::size_t line_start = before.rfind('\n') + 1;  // npos + 1 == 0: the first line
  std::size_t column = problem->offset - line_start + 1;
  if (line_start == 0 && text.starts_with(kByteOrderMark)) column -= kByteOrderMark.size();
  std::string bytes = problem->length == 1 ? "byte" : "bytes";
  for (std::size_t k = 0; k < problem->length; ++k) {
    bytes += fmt::format(" 0x{:02X}", static_cast<unsigned char>(text[problem->offset + k]));
  }
  const auto line = static_cast<int>(std::count(before.begin(), before.end(), '\n') + 1);
  throw ScenarioError(
      {.file = source_name, .line = line, .column = static_cast<int>(column), .key_path = {}},
      fmt::format("the text is not valid UTF-8 ({}{}{})", bytes,
                  problem->reason.empty() ? "" : ": ", problem->reason));
}

}  // namespace blanko::detail
