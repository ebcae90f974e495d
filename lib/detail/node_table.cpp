#include "detail/node_table.hpp"

#include "detail/csv_table.hpp"

#include <array>
#include <string_view>

namespace blanko::detail {

NodeTable read_node_table(const std::filesystem::path& path, const SourceLocation& referenced_at) {
  static constexpr std::array<std::string_view, 4> kColumns{"kode", "nama", "level", "total"};
  const CsvTable csv = read_csv_table(path, kColumns, referenced_at, "node table");
  NodeTable table{.file = csv.file, .rows = {}};
  table.rows.reserve(csv.rows.size());
  for (const auto& row : csv.rows) {
    table.rows.push_back(TableRow{.kode = row[0].text,
                                  .nama = row[1].text,
                                  .level = row[2].text,
                                  .total = static_cast<std::int64_t>(
                                      csv.number(row[3], "total", bound::population)),
                                  .line = row[0].line});
  }
  return table;
}

}  // namespace blanko::detail
