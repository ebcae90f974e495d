#pragma once
// Node tables: CSV files of regions (`kode,nama,level,pria,wanita,total`) that a scenario
// names with `nodes: [{table: ...}]` instead of writing every kab/kota by hand.

#include <blanko/error.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace blanko::detail {

/// One region of a node table.
struct TableRow {
  std::string kode;  ///< Kemendagri code: `17` (province), `17.04` (kab/kota)
  std::string nama;
  std::string level;  ///< `national`, `province` or `kabkota`
  std::int64_t total = 0;
  int line = 0;  ///< 1-based line in the CSV file
};

/// A parsed node table and the path it was read from (as used in error locations).
struct NodeTable {
  std::string file;
  std::vector<TableRow> rows;
};

/// Reads the CSV at `path`. The header row must name at least kode, nama, level and total
/// (in any order; other columns are ignored). A missing or unreadable file is reported at
/// `referenced_at` (where the scenario names it); a bad header or row at its CSV line.
NodeTable read_node_table(const std::filesystem::path& path, const SourceLocation& referenced_at);

}  // namespace blanko::detail
