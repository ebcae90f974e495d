#pragma once
/// \file error.hpp
/// The exceptions blanko throws. Every failure a user can cause (a bad scenario) is a
/// ScenarioError that says where; every state the model should never reach is a ModelError.

#include <stdexcept>
#include <string>

namespace blanko {

/// Base of every exception blanko throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where a value came from: a file, a 1-based line and column, and the YAML key path
/// (`nodes[3].office.printers`). Scenarios built in C++ or Python leave file and line
/// empty and only fill the key path.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string key_path;

  /// True when the location points into a file.
  [[nodiscard]] bool in_file() const { return !file.empty() && line > 0; }
  /// `file:line:col (key.path)`, or just the key path when there is no file.
  [[nodiscard]] std::string describe() const;
};

/// Bad input in a scenario: unknown key, wrong type, impossible value, unknown name.
/// `what()` reads `file:line:col (key.path): message`.
class ScenarioError : public Error {
 public:
  ScenarioError(SourceLocation where, const std::string& message);
  [[nodiscard]] const SourceLocation& where() const { return where_; }
  /// The message without the location prefix.
  [[nodiscard]] const std::string& message() const { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

/// An impossible state inside the simulation (a broken invariant): a bug, not bad input.
class ModelError : public Error {
 public:
  using Error::Error;
};

}  // namespace blanko
