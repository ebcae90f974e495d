#pragma once
/// \file error.hpp
/// The exceptions blanko throws. Every failure a user can cause is a ScenarioError (a bad
/// scenario, saying where), an InputError (another file blanko was given: a checkpoint, a
/// run's report.json) or an OutputError (an output that cannot be written); every state the
/// model should never reach is a ModelError.

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

/// A file blanko was given, other than a scenario, that it cannot use: missing, unreadable,
/// truncated, corrupt or written for another run (a checkpoint, the report.json of a run's
/// output directory, the partial file of an interrupted run). Bad input, like a
/// ScenarioError. `what()` reads `file: message`.
class InputError : public Error {
 public:
  InputError(std::string file, const std::string& message);
  [[nodiscard]] const std::string& file() const { return file_; }
  /// The message without the file.
  [[nodiscard]] const std::string& message() const { return message_; }

 private:
  std::string file_;
  std::string message_;
};

/// An output that cannot be written: a directory that cannot be created (a parent is a
/// regular file), a read-only directory, a full disk. The user's to fix, not a bug in
/// blanko. `what()` reads `path: message`, `path` the file or directory concerned.
class OutputError : public Error {
 public:
  OutputError(std::string path, const std::string& message);
  [[nodiscard]] const std::string& path() const { return path_; }
  /// The message without the path.
  [[nodiscard]] const std::string& message() const { return message_; }

 private:
  std::string path_;
  std::string message_;
};

/// An impossible state inside the simulation (a broken invariant): a bug, not bad input.
class ModelError : public Error {
 public:
  using Error::Error;
};

}  // namespace blanko
