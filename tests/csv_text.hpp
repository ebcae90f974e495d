#pragma once
// Reading the CSV and text outputs back in tests: lines, RFC 4180 fields, and the KPI
// fields of a per-replication row checked against the run they stand for.

#include <blanko/kpis.hpp>
#include <blanko/results.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace blanko::testing {

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// RFC 4180 fields of one line (no embedded line breaks in these tests).
inline std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// fields[first ...] are every KPI of kpi_table() for the network of `run`: counts as
// integers, real numbers that read back to the same double, "nan" where undefined.
inline void expect_network_kpis(const std::vector<std::string>& fields, std::size_t first,
                                const RunResult& run) {
  const std::span<const KpiDefinition> table = kpi_table();
  ASSERT_EQ(fields.size(), first + table.size());
  for (std::size_t k = 0; k < table.size(); ++k) {
    const double expected = table[k].value(run, kNetworkRow);
    const std::string& field = fields[first + k];
    if (table[k].type == KpiValueType::count) {
      EXPECT_EQ(field, std::to_string(static_cast<long long>(expected))) << table[k].name;
    } else if (std::isnan(expected)) {
      EXPECT_EQ(field, "nan") << table[k].name;
    } else {
      EXPECT_EQ(std::strtod(field.c_str(), nullptr), expected) << table[k].name << " " << field;
    }
  }
}

}  // namespace blanko::testing
