#pragma once
// The one way blanko turns JSON into text: a string that is not UTF-8 (a path given on the
// command line, say) is written with U+FFFD in place of its bad bytes instead of making
// nlohmann's dump() throw after a whole run. The inputs themselves are checked as UTF-8 when
// they are read (detail/utf8.hpp).

#include <nlohmann/json.hpp>

#include <string>

namespace blanko::detail {

/// `json.dump(indent)`, replacing invalid UTF-8 rather than throwing; -1: on one line.
template <class Json>
std::string json_text(const Json& json, int indent = -1) {
  return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace blanko::detail
