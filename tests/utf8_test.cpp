// UTF-8 validation of every text blanko reads (detail/utf8.hpp): well-formed text by
// Unicode's table, each kind of ill-formed sequence found at its first byte, and the error
// located as yaml-cpp and the CSV reader count lines and columns.

#include "detail/utf8.hpp"

#include <blanko/error.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace blanko::detail {
namespace {

using namespace std::string_literals;

// The ScenarioError check_utf8 throws for `text` (a test failure when none is thrown).
ScenarioError error_of(std::string_view text) {
  try {
    check_utf8(text, "plan.yaml");
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a ScenarioError for " << text;
  return ScenarioError({}, "no error");
}

TEST(Utf8Test, WellFormedTextOfEveryLengthPasses) {
  EXPECT_EQ(find_invalid_utf8(""), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("Kabupaten Bengkulu Selatan\n"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("\0"s), std::nullopt);
  // The first and last code point of each length, and the edges of the surrogates.
  for (const std::string text : {"\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF",
                                 "\xEE\x80\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80",
                                 "\xF4\x8F\xBF\xBF", "Pulau B\xC3\xA9tung \xE2\x82\xAC"}) {
    EXPECT_EQ(find_invalid_utf8(text), std::nullopt) << text;
  }
}

struct BadCase {
  std::string text;
  std::size_t offset;
  std::size_t length;
  std::string_view reason;
};

TEST(Utf8Test, EveryKindOfIllFormedSequenceIsFoundAtItsFirstByte) {
  const BadCase cases[]{
      {"ab\xFF", 2, 1, ""},
      {"\xF8\x88\x80\x80\x80", 0, 1, ""},
      {"x\x80y", 1, 1, "a continuation byte with no lead byte"},
      {"\xC0\xAF", 0, 2, "an overlong encoding"},
      {"\xC1", 0, 1, "an overlong encoding"},
      {"\xE0\x80\xAF", 0, 2, "an overlong encoding"},
      {"\xF0\x8F\xBF\xBF", 0, 2, "an overlong encoding"},
      {"\xED\xA0\x80", 0, 2, "a surrogate (U+D800 to U+DFFF)"},
      {"\xED\xBF\xBF", 0, 2, "a surrogate (U+D800 to U+DFFF)"},
      {"\xF4\x90\x80\x80", 0, 2, "above U+10FFFF"},
      {"\xF5\x80\x80\x80", 0, 1, "above U+10FFFF"},
      {"ok \xE2\x82", 3, 2, "a character cut short"},
      {"\xF0\x9F\x98", 0, 3, "a character cut short"},
      {"\xC3", 0, 1, "a character cut short"},
      {"\xE2\x82x", 0, 2, "a character cut short"},
      {"\xC3\xA9\xC3(", 2, 1, "a character cut short"},
  };
  for (const BadCase& c : cases) {
    const std::optional<Utf8Problem> problem = find_invalid_utf8(c.text);
    ASSERT_TRUE(problem.has_value()) << c.text;
    EXPECT_EQ(problem->offset, c.offset) << c.text;
    EXPECT_EQ(problem->length, c.length) << c.text;
    EXPECT_EQ(problem->reason, c.reason) << c.text;
  }
}

TEST(Utf8Test, ErrorIsAtTheLineAndByteColumnOfTheBadByte) {
  const ScenarioError e = error_of("scenario:\n  name: B\xC3\xA9ngkulu \xFF\n");
  EXPECT_EQ(e.where().file, "plan.yaml");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 19);  // bytes, as yaml-cpp counts: the é is two
  EXPECT_EQ(e.where().key_path, "");
  EXPECT_EQ(e.message(), "the text is not valid UTF-8 (byte 0xFF)");
  EXPECT_EQ(error_of("\xFFx").where().column, 1);
  EXPECT_EQ(error_of("a\r\n\xC0\xAF").message(),
            "the text is not valid UTF-8 (bytes 0xC0 0xAF: an overlong encoding)");
  EXPECT_EQ(error_of("a\r\n\xC0\xAF").where().line, 2);
  EXPECT_EQ(error_of("name: x\xE2\x82").message(),
            "the text is not valid UTF-8 (bytes 0xE2 0x82: a character cut short)");
}

TEST(Utf8Test, AByteOrderMarkIsTextAndNotCountedInTheFirstLine) {
  EXPECT_NO_THROW(check_utf8("\xEF\xBB\xBFscenario: {}\n", "plan.yaml"));
  EXPECT_EQ(error_of("\xEF\xBB\xBFname: \xFF\n").where().column, 7);
  EXPECT_EQ(error_of("\xEF\xBB\xBFname: x\nb: \xFF\n").where().column, 4);
}

}  // namespace
}  // namespace blanko::detail
