#include "detail/yaml_guard.hpp"

#include <blanko/error.hpp>

#include "detail/utf8.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace blanko::detail {
namespace {

// Follows the parser's events with a stack of open collections: for each, the nodes it
// stands for so far (aliases counted at their expanded size) and, for a map, its keys.
class Guard : public YAML::EventHandler {
 public:
  // `text` as yaml-cpp's marks count it: without a byte order mark.
  Guard(const std::string& source, std::string_view text) : source_(source), text_(text) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor, nullptr); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    check_closing_quote(mark);
    leaf(mark, anchor, &value);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto size = sizes_.find(anchor);
    if (size == sizes_.end()) {
      fail(mark, "this alias refers to a node that contains it (a cycle)");
    }
    key_or_value(mark, nullptr);
    add(mark, size->second);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, true);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    bool map = false;
    YAML::anchor_t anchor = 0;
    std::size_t nodes = 1;  // itself and everything in it, aliases expanded
    bool at_key = true;     // a map's next node is a key
    std::set<std::string> keys;
  };

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) const {
    throw ScenarioError({.file = source_, .line = mark.line + 1, .column = mark.column + 1, .key_path = {}},
                        message);
  }

  // yaml-cpp reads a quoted scalar that never closes up to the end of the text (when a line
  // break follows the opening quote): find its closing quote by YAML's rules (`\`
  // escapes the next character in double quotes, `''` is a quote in single quotes).
  void check_closing_quote(const YAML::Mark& mark) const {
    auto open = static_cast<std::size_t>(mark.pos);
    YAML::Mark at = mark;
    const auto step = [&] {
      at.column = text_[open] == '\n' ? 0 : at.column + 1;
      if (text_[open] == '\n') ++at.line;
      ++open;
    };
    // A tag or an anchor (`!!str "x"`, `&a "x"`) comes before the quote.
    while (open < text_.size() && (text_[open] == '!' || text_[open] == '&')) {
      while (open < text_.size() && !is_blank(text_[open])) step();
      while (open < text_.size() && is_blank(text_[open])) step();
    }
    if (open >= text_.size() || (text_[open] != '"' && text_[open] != '\'')) return;
    const char quote = text_[open];
    for (std::size_t i = open + 1; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == quote) {
        if (quote == '"' || i + 1 == text_.size() || text_[i + 1] != '\'') return;
        ++i;
      }
    }
    fail(at, "invalid YAML: this quoted value has no closing quote");
  }

  static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

  // Keys and values alternate in a map: a scalar key must not repeat one before it.
  void key_or_value(const YAML::Mark& mark, const std::string* scalar) {
    if (stack_.empty() || !stack_.back().map) return;
    Open& map = stack_.back();
    if (map.at_key && scalar != nullptr && !map.keys.insert(*scalar).second) {
      fail(mark, fmt::format("duplicate key '{}' (a key may appear once in a map)", *scalar));
    }
    map.at_key = !map.at_key;
  }

  // `nodes` more nodes (an alias: the size of what it names) in the innermost collection.
  void add(const YAML::Mark& mark, std::size_t nodes) {
    total_ += nodes;
    if (total_ > kMaxYamlNodes) {
      fail(mark, fmt::format("the YAML stands for more than {} nodes once its aliases are "
                             "expanded; write the values out, or use fewer aliases",
                             kMaxYamlNodes));
    }
    if (!stack_.empty()) stack_.back().nodes += nodes;
  }

  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, const std::string* scalar) {
    key_or_value(mark, scalar);
    if (anchor != 0) sizes_[anchor] = 1;
    add(mark, 1);
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool map) {
    key_or_value(mark, nullptr);
    add(mark, 1);  // the collection itself, counted in its parent
    stack_.push_back({.map = map, .anchor = anchor, .nodes = 1, .at_key = true, .keys = {}});
  }

  // A closed collection's size is known: its anchor's, and part of its parent's.
  void close() {
    const Open done = std::move(stack_.back());
    stack_.pop_back();
    if (done.anchor != 0) sizes_[done.anchor] = done.nodes;
    if (!stack_.empty()) stack_.back().nodes += done.nodes - 1;  // itself counted at open
  }

  const std::string& source_;
  std::string_view text_;
  std::vector<Open> stack_;
  std::unordered_map<YAML::anchor_t, std::size_t> sizes_;  // closed anchors: expanded size
  std::size_t total_ = 0;
};

}  // namespace

void check_yaml_text(std::string_view text, const std::string& source_name) {
  check_utf8(text, source_name);
  // At the very end of the text yaml-cpp throws "illegal EOF in scalar" for a quote that
  // never closes, without saying where it opened; followed by a line break, the quoted scalar
  // is read (to the end), and the Guard finds its opening quote.
  std::string padded(text);
  if (!padded.ends_with('\n')) padded += '\n';
  std::istringstream in{padded};
  YAML::Parser parser(in);
  const std::string_view marked = padded;  // as yaml-cpp's marks count: without a BOM
  Guard guard(source_name, marked.starts_with("\xEF\xBB\xBF") ? marked.substr(3) : marked);
  try {
    if (!parser.HandleNextDocument(guard)) return;
    YAML::Mark second;
    struct FirstEvent : YAML::EventHandler {
      YAML::Mark& at;
      bool seen = false;
      explicit FirstEvent(YAML::Mark& m) : at(m) {}
      void note(const YAML::Mark& m) { if (!seen) { at = m; seen = true; } }
      void OnDocumentStart(const YAML::Mark& m) override { note(m); }
      void OnDocumentEnd() override {}
      void OnNull(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
      void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
      void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { note(m); }
      void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { note(m); }
      void OnSequenceEnd() override {}
      void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { note(m); }
      void OnMapEnd() override {}
    } first(second);
    if (parser.HandleNextDocument(first)) {
      throw ScenarioError(
          {.file = source_name, .line = second.line + 1, .column = second.column + 1, .key_path = {}},
          "a second YAML document ('---'): a file holds one scenario");
    }
  } catch (const YAML::Exception&) {
    // A syntax error: YAML::Load reports it, with the same mark, when it builds the tree.
  }
}

}  // namespace blanko::detail
