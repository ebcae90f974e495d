#include "detail/csv_table.hpp"

#include "detail/input_file.hpp"
#include "detail/utf8.hpp"

#include <sstream>

namespace blanko::detail {
namespace {

// One CSV record; `column` of each field is its 1-based starting character.
std::vector<CsvCell> split_csv_line(std::string_view line, int line_number, char separator) {
  std::vector<CsvCell> fields;
  CsvCell current{.text = {}, .line = line_number, .column = 1};
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        current.text += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        current.text += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == separator) {
      fields.push_back(std::move(current));
      current = {.text = {}, .line = line_number, .column = static_cast<int>(i) + 2};
    } else {
      current.text += c;
    }
  }
  fields.push_back(std::move(current));
  return fields;
}

// Spreadsheets in an Indonesian locale save `;`-separated CSV: the separator is whichever
// of `,` and `;` splits the header into more fields (`,` on a tie).
char detect_separator(std::string_view header) {
  return split_csv_line(header, 0, ';').size() > split_csv_line(header, 0, ',').size() ? ';' : ',';
}

// What to say of a number in a locale's style ("0,73", "1.234,5"): from_chars rejects it
// rather than reading 0 or 1.234, and the planner should learn why.
std::string number_hint(const std::string& text) {
  const bool digits_and_marks = text.find_first_not_of("+-0123456789.,") == std::string::npos;
  if (!digits_and_marks || text.find(',') == std::string::npos) return "";
  return "; write numbers with a decimal point and no thousands separators";
}

}  // namespace

std::string CsvTable::separator_note() const {
  return std::string(" (read with '") + separator + "' as the separator)";
}

void CsvTable::fail(const CsvCell& cell, std::string_view column,
                    const std::string& message) const {
  throw ScenarioError(at(cell, column), message + separator_note());
}

double CsvTable::number(const CsvCell& cell, std::string_view column,
                        const FieldBound& bound) const {
  const BoundedNumber number = parse_bounded(cell.text, bound);
  if (number.problem == NumberProblem::not_a_number) {
    fail(
        cell, column,
        std::string(expected_number(bound)) + ", got '" + cell.text + "'" + number_hint(cell.text));
  }
  if (number.problem == NumberProblem::out_of_range) {
    fail(cell, column, bound.violation(column, number.value));
  }
  return number.value;
}

Date CsvTable::date(const CsvCell& cell, std::string_view column) const {
  if (auto value = parse_iso_date(cell.text)) return *value;
  fail(cell, column, "'" + cell.text + "' is not a date (expected YYYY-MM-DD)");
}

CsvTable read_csv_table(const std::filesystem::path& path, std::span<const std::string_view> columns,
                        const SourceLocation& referenced_at, std::string_view what) {
  CsvTable table{.file = path.string(), .separator = ',', .rows = {}};
  const std::string text = read_input_file(path, what, referenced_at);
  check_utf8(text, table.file);
  std::istringstream in(text);
  const auto whole_line = [&](int line) {
    return SourceLocation{.file = table.file, .line = line, .column = 1, .key_path = {}};
  };

  std::string line;
  int line_number = 0;
  std::size_t width = 0;
  std::vector<std::size_t> index;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // UTF-8 BOM
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (width == 0) table.separator = detect_separator(line);
    std::vector<CsvCell> fields = split_csv_line(line, line_number, table.separator);
    if (width == 0) {
      width = fields.size();
      for (std::string_view column : columns) {
        std::size_t k = 0;
        while (k < fields.size() && fields[k].text != column) ++k;
        if (k == fields.size()) {
          std::string names;
          for (const CsvCell& f : fields) names += (names.empty() ? "" : ", ") + f.text;
          throw ScenarioError(whole_line(line_number), "missing column '" + std::string(column) +
                                                           "' (the header has: " + names + ")" +
                                                           table.separator_note());
        }
        index.push_back(k);
      }
      continue;
    }
    if (fields.size() != width) {
      throw ScenarioError(whole_line(line_number),
                          "expected " + std::to_string(width) + " fields, got " +
                              std::to_string(fields.size()) + table.separator_note());
    }
    std::vector<CsvCell> row;
    row.reserve(index.size());
    for (std::size_t k : index) row.push_back(std::move(fields[k]));
    table.rows.push_back(std::move(row));
  }
  if (width == 0) throw ScenarioError(whole_line(1), "missing header row");
  return table;
}

}  // namespace blanko::detail
