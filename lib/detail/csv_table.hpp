#pragma once
// Small CSV tables named by a scenario (node tables, daily request counts): a header row,
// then records, separated by `,` or `;` (whichever splits the header into more fields);
// double-quoted fields may hold separators and doubled quotes. Every problem is a
// ScenarioError at the CSV file's line and column, and says which separator was used.

#include <blanko/date.hpp>
#include <blanko/error.hpp>

#include "detail/field_bounds.hpp"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace blanko::detail {

/// One field of a record, with where it stands.
struct CsvCell {
  std::string text;
  int line = 0;
  int column = 0;
};

/// The records of a CSV file, each reduced to the requested columns in the requested order.
struct CsvTable {
  std::string file;
  char separator = ',';  ///< `,` or `;`, as detected from the header
  std::vector<std::vector<CsvCell>> rows;

  [[nodiscard]] SourceLocation at(const CsvCell& cell, std::string_view column) const {
    return {.file = file, .line = cell.line, .column = cell.column, .key_path = std::string(column)};
  }
  /// ` (read with ';' as the separator)`: the end of every message about the file's records.
  [[nodiscard]] std::string separator_note() const;
  /// A ScenarioError at the cell naming `column`, with the separator note.
  [[noreturn]] void fail(const CsvCell& cell, std::string_view column,
                         const std::string& message) const;
  /// The cell as a number within `bound` (an integer for an integer row), or a ScenarioError
  /// at it naming `column`.
  [[nodiscard]] double number(const CsvCell& cell, std::string_view column,
                              const FieldBound& bound) const;
  /// The cell as an ISO date.
  [[nodiscard]] Date date(const CsvCell& cell, std::string_view column) const;
};

/// Reads `path`, whose header must name every one of `columns` (in any order; others are
/// ignored). A missing or unreadable file is reported at `referenced_at`, naming it as
/// `what` ("node table") with its absolute path; a bad header or record at its line.
CsvTable read_csv_table(const std::filesystem::path& path, std::span<const std::string_view> columns,
                        const SourceLocation& referenced_at, std::string_view what);

}  // namespace blanko::detail
