#include "detail/overrides.hpp"

#include "detail/suggest.hpp"
#include "detail/yaml_guard.hpp"

#include <charconv>
#include <limits>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

namespace blanko::detail {
namespace {

std::string join(const std::vector<std::string>& segments, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) out += (i == from ? "" : ".") + segments[i];
  return out;
}

// A list index: digits only. One too large for size_t is SIZE_MAX, out of range of every
// list, rather than wrapping round to a small index.
std::optional<std::size_t> parse_index(std::string_view segment) {
  if (segment.empty() || !std::all_of(segment.begin(), segment.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return std::nullopt;
  }
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), value);
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<std::size_t>::max();
  return value;
}

// Records `node` and everything below it as made by override `text`.
void record(const YAML::Node& node, const std::string& text, std::vector<OverriddenNode>& out) {
  out.push_back({node, text});
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      record(it->first, text, out);
      record(it->second, text, out);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) record(node[i], text, out);
  }
}

class Override {
 public:
  Override(std::string text, std::vector<OverriddenNode>& created)
      : text_(std::move(text)), created_(created) {}

  void apply(YAML::Node& root) {
    const std::size_t eq = text_.find('=');
    if (eq == std::string::npos || eq == 0) fail("malformed override (expected key.path=value)");
    std::string_view path = std::string_view(text_).substr(0, eq);
    for (std::size_t start = 0;;) {
      const std::size_t dot = path.find('.', start);
      segments_.emplace_back(path.substr(start, dot - start));
      if (segments_.back().empty())
        fail("malformed override (empty key in '" + std::string(path) + "')");
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    YAML::Node value = parse_value(text_.substr(eq + 1));

    YAML::Node current;
    current.reset(root);  // Node::operator= would copy into the tree; rebind instead
    for (std::size_t i = 0; i < segments_.size();) {
      if (current.IsMap()) {
        const std::size_t used = map_key_length(current, i);
        const std::string key = join(segments_, i, i + used);
        i += used;
        if (i == segments_.size()) {
          current[key] = value;
          record_key(current, key);
          record(value, text_, created_);
          return;
        }
        const std::optional<YAML::Node> found = lookup(current, key);
        YAML::Node child;
        if (found && !found->IsNull()) {
          child.reset(*found);
        } else {
          child.reset(YAML::Node(YAML::NodeType::Map));
          current[key] = child;
          record_key(current, key);
          record(child, text_, created_);
        }
        current.reset(child);
      } else if (current.IsSequence()) {
        const auto [index, used] = sequence_position(current, i);
        i += used;
        if (i == segments_.size()) {
          current[index] = value;
          record(value, text_, created_);
          return;
        }
        const YAML::Node& list = current;
        YAML::Node child = list[index];
        current.reset(child);
      } else {
        fail("'" + join(segments_, 0, i) + "' is not a map or a list");
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw ScenarioError({.file = "--set", .line = 0, .column = 0, .key_path = text_}, message);
  }

  YAML::Node parse_value(const std::string& text) const {
    if (text.empty()) return YAML::Node(std::string{});
    try {
      // The checks of a scenario's text: no duplicate keys, cycles or alias bombs.
      check_yaml_text(text, "--set");
      return YAML::Load(text);
    } catch (const ScenarioError& e) {
      fail("'" + text + "' is not a value a scenario can take: " + e.message());
    } catch (const YAML::Exception& e) {
      fail("'" + text + "' is not a YAML value: " + e.msg);
    }
  }

  static std::optional<YAML::Node> lookup(const YAML::Node& map, const std::string& key) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
    }
    return std::nullopt;
  }

  // How many segments from `i` name an existing key (`17.04` spans two); 1 when none does.
  std::size_t map_key_length(const YAML::Node& map, std::size_t i) const {
    for (std::size_t n = segments_.size() - i; n > 1; --n) {
      if (lookup(map, join(segments_, i, i + n))) return n;
    }
    return 1;
  }

  void record_key(const YAML::Node& map, const std::string& key) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) created_.push_back({it->first, text_});
    }
  }

  // The element a segment (or dotted run of segments) names, and how many segments it used.
  std::pair<std::size_t, std::size_t> sequence_position(const YAML::Node& list,
                                                        std::size_t i) const {
    const std::string where = join(segments_, 0, i);
    if (const auto index = parse_index(segments_[i])) {
      if (*index >= list.size()) {
        fail("index " + segments_[i] + " is out of range for '" + where + "' (size " +
             std::to_string(list.size()) + ")");
      }
      return {*index, 1};
    }
    std::vector<std::string> ids;
    for (std::size_t n = segments_.size() - i; n >= 1; --n) {
      const std::string id = join(segments_, i, i + n);
      for (std::size_t k = 0; k < list.size(); ++k) {
        const YAML::Node element = list[k];
        if (!element.IsMap()) continue;
        const std::optional<YAML::Node> element_id = lookup(element, "id");
        if (!element_id || !element_id->IsScalar()) continue;
        if (element_id->Scalar() == id) return {k, n};
        if (n == 1) ids.push_back(element_id->Scalar());
      }
    }
    fail("no element of '" + where + "' has id '" + segments_[i] + "'" +
         suggestion_suffix(segments_[i], std::span<const std::string>(ids)));
  }

  std::string text_;
  std::vector<std::string> segments_;
  std::vector<OverriddenNode>& created_;
};

}  // namespace

std::vector<OverriddenNode> apply_overrides(YAML::Node& root,
                                            const std::vector<std::string>& overrides) {
  std::vector<OverriddenNode> created;
  for (const std::string& text : overrides) Override(text, created).apply(root);
  return created;
}

std::string override_value(const YAML::Node& value) {
  if (value.IsScalar()) return value.Scalar();
  YAML::Emitter emitter;
  emitter.SetMapFormat(YAML::Flow);
  emitter.SetSeqFormat(YAML::Flow);
  emitter << value;
  return emitter.c_str();
}

std::vector<WrittenOverride> read_override_map(const YamlReader& yaml, const Field& map) {
  yaml.expect_map(map);
  std::vector<WrittenOverride> overrides;
  for (const auto& [key, value] : yaml.entries(map)) {
    const std::string path = yaml.as_string(key);
    if (path.empty() || path.find('=') != std::string::npos) {
      yaml.fail(key, "expected a key path such as defaults.kabkota.replenishment.policy");
    }
    if (!value.node.IsDefined() || value.node.IsNull()) yaml.fail(value, "expected a value");
    overrides.push_back({.text = path + "=" + override_value(value.node), .where = yaml.locate(value)});
  }
  return overrides;
}

void rethrow_at_origin(const ScenarioError& e, const std::vector<std::string>& overrides,
                       const std::vector<SourceLocation>& origins, const std::string& note) {
  if (e.where().file == "--set") {
    for (std::size_t i = 0; i < overrides.size() && i < origins.size(); ++i) {
      if (overrides[i] == e.where().key_path) throw ScenarioError(origins[i], e.message() + note);
    }
  }
  throw e;
}

}  // namespace blanko::detail
