#include "detail/node_table.hpp"

#include <array>
#include <charconv>
#include <fstream>
#include <optional>
#include <string_view>

namespace blanko::detail {
namespace {

struct CsvField {
  std::string text;
  int column = 0;  // 1-based character position where the field starts
};

// One CSV record; double-quoted fields may hold commas and doubled quotes ("").
std::vector<CsvField> split_csv_line(std::string_view line) {
  std::vector<CsvField> fields;
  CsvField current{.text = {}, .column = 1};
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
    } else if (c == ',') {
      fields.push_back(std::move(current));
      current = {.text = {}, .column = static_cast<int>(i) + 2};
    } else {
      current.text += c;
    }
  }
  fields.push_back(std::move(current));
  return fields;
}

constexpr std::array<std::string_view, 4> kRequiredColumns{"kode", "nama", "level", "total"};

}  // namespace

NodeTable read_node_table(const std::filesystem::path& path, const SourceLocation& referenced_at) {
  NodeTable table{.file = path.string(), .rows = {}};
  std::error_code ec;
  std::ifstream in;
  if (!std::filesystem::is_directory(path, ec)) in.open(path, std::ios::binary);
  if (!in.is_open())
    throw ScenarioError(referenced_at, "cannot read node table '" + table.file + "'");

  const auto at = [&](int line, int column, std::string key) {
    return SourceLocation{
        .file = table.file, .line = line, .column = column, .key_path = std::move(key)};
  };

  std::string line;
  int line_number = 0;
  std::vector<std::string> header;
  std::array<std::size_t, kRequiredColumns.size()> index{};
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // UTF-8 BOM
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::vector<CsvField> fields = split_csv_line(line);

    if (header.empty()) {
      for (CsvField& f : fields) header.push_back(std::move(f.text));
      for (std::size_t c = 0; c < kRequiredColumns.size(); ++c) {
        std::size_t k = 0;
        while (k < header.size() && header[k] != kRequiredColumns[c]) ++k;
        if (k == header.size()) {
          std::string names;
          for (const std::string& h : header) names += (names.empty() ? "" : ", ") + h;
          throw ScenarioError(at(line_number, 1, ""), "missing column '" +
                                                          std::string(kRequiredColumns[c]) +
                                                          "' (the header has: " + names + ")");
        }
        index[c] = k;
      }
      continue;
    }

    if (fields.size() != header.size()) {
      throw ScenarioError(at(line_number, 1, ""), "expected " + std::to_string(header.size()) +
                                                      " fields, got " +
                                                      std::to_string(fields.size()));
    }
    const CsvField& total = fields[index[3]];
    TableRow row{.kode = fields[index[0]].text,
                 .nama = fields[index[1]].text,
                 .level = fields[index[2]].text,
                 .total = 0,
                 .line = line_number};
    const char* end = total.text.data() + total.text.size();
    const auto [ptr, err] = std::from_chars(total.text.data(), end, row.total);
    if (total.text.empty() || err != std::errc{} || ptr != end) {
      throw ScenarioError(at(line_number, total.column, "total"),
                          "expected an integer, got '" + total.text + "'");
    }
    table.rows.push_back(std::move(row));
  }
  if (header.empty()) throw ScenarioError(at(1, 1, ""), "missing header row");
  return table;
}

}  // namespace blanko::detail
