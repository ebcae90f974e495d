#include <blanko/error.hpp>

#include <utility>

namespace blanko {

std::string SourceLocation::describe() const {
  std::string text = file;
  if (!file.empty() && line > 0) {
    text.append(":").append(std::to_string(line)).append(":").append(std::to_string(column));
  }
  if (!key_path.empty()) {
    if (text.empty()) {
      text = key_path;
    } else {
      text.append(" (").append(key_path).append(")");
    }
  }
  return text;
}

namespace {
std::string compose(const SourceLocation& where, const std::string& message) {
  std::string text = where.describe();
  return text.empty() ? message : text + ": " + message;
}
}  // namespace

ScenarioError::ScenarioError(SourceLocation where, const std::string& message)
    : Error(compose(where, message)), where_(std::move(where)), message_(message) {}

InputError::InputError(std::string file, const std::string& message)
    : Error(file.empty() ? message : file + ": " + message),
      file_(std::move(file)),
      message_(message) {}

OutputError::OutputError(std::string path, const std::string& message)
    : Error(path.empty() ? message : path + ": " + message),
      path_(std::move(path)),
      message_(message) {}

}  // namespace blanko
