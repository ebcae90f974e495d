// The docs say what the code does: the KPI table of docs/outputs.md is the KPI table of
// blanko/kpis.hpp, row for row.
#include <blanko/kpis.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace blanko {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The markdown table docs/outputs.md must hold between its kpi-table markers.
std::string expected_table() {
  std::string table =
      "| KPI | unit | network value | better | headline | meaning |\n"
      "|---|---|---|---|---|---|\n";
  for (const KpiDefinition& kpi : kpi_table()) {
    table += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", kpi.name, kpi.unit,
                         to_string(kpi.aggregation), to_string(kpi.better),
                         kpi.headline ? "yes" : "", kpi.description);
  }
  return table;
}

TEST(DocsTest, OutputsMdHoldsTheKpiTable) {
  const std::string doc = read(std::string(BLANKO_SOURCE_DIR) + "/docs/outputs.md");
  const std::string begin = "<!-- kpi-table:begin (checked by tests/docs_test.cpp) -->\n";
  const std::string end = "<!-- kpi-table:end -->";
  const std::size_t from = doc.find(begin);
  const std::size_t to = doc.find(end);
  ASSERT_NE(from, std::string::npos) << "docs/outputs.md has no kpi-table markers";
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(doc.substr(from + begin.size(), to - from - begin.size()), expected_table())
      << "docs/outputs.md's KPI table differs from blanko/kpis.hpp; the table should read:\n"
      << expected_table();
}

}  // namespace
}  // namespace blanko
