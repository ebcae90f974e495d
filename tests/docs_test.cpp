// The docs say what the code does: the KPI table of docs/outputs.md is the KPI table of
// blanko/kpis.hpp, and the bounds tables of docs/scenario-format.md and docs/plan.md are
// field_bounds.hpp's and plan_bounds.hpp's, row for row.
#include <blanko/kpis.hpp>

#include "detail/field_bounds.hpp"
#include "detail/plan_bounds.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
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

// The text between `<!-- <name>:begin (checked by tests/docs_test.cpp) -->` and
// `<!-- <name>:end -->` of a doc.
std::string marked_table(const std::string& doc_path, const std::string& name) {
  const std::string doc = read(std::string(BLANKO_SOURCE_DIR) + "/" + doc_path);
  const std::string begin = "<!-- " + name + ":begin (checked by tests/docs_test.cpp) -->\n";
  const std::string end = "<!-- " + name + ":end -->";
  const std::size_t from = doc.find(begin);
  const std::size_t to = doc.find(end);
  if (from == std::string::npos || to == std::string::npos) {
    ADD_FAILURE() << doc_path << " has no " << name << " markers";
    return {};
  }
  return doc.substr(from + begin.size(), to - from - begin.size());
}

TEST(DocsTest, OutputsMdHoldsTheKpiTable) {
  EXPECT_EQ(marked_table("docs/outputs.md", "kpi-table"), expected_table())
      << "docs/outputs.md's KPI table differs from blanko/kpis.hpp; the table should read:\n"
      << expected_table();
}

// A bounds table as the docs show it: the rows of field_bounds.hpp (a scenario's numbers,
// docs/scenario-format.md#bounds) or of plan_bounds.hpp (a plan's, docs/plan.md).
template <std::size_t N>
std::string expected_bounds_table(const std::array<const detail::FieldBound*, N>& rows) {
  std::string table =
      "| key | where | kind | range | unit |\n"
      "|---|---|---|---|---|\n";
  for (const detail::FieldBound* b : rows) {
    table += fmt::format("| {} | {} | {} | {} | {} |\n", b->keys, b->section,
                         b->kind == detail::BoundKind::integer ? "integer" : "number",
                         b->range_text(), b->unit);
  }
  return table;
}

TEST(DocsTest, ScenarioFormatMdHoldsTheBoundsTable) {
  const std::string expected = expected_bounds_table(detail::kFieldBounds);
  EXPECT_EQ(marked_table("docs/scenario-format.md", "bounds-table"), expected)
      << "docs/scenario-format.md's bounds table differs from lib/detail/field_bounds.hpp; the "
         "table should read:\n"
      << expected;
}

TEST(DocsTest, PlanMdHoldsThePlanBoundsTable) {
  const std::string expected = expected_bounds_table(detail::kPlanBounds);
  EXPECT_EQ(marked_table("docs/plan.md", "plan-bounds-table"), expected)
      << "docs/plan.md's bounds table differs from lib/detail/plan_bounds.hpp; the table should "
         "read:\n"
      << expected;
}

}  // namespace
}  // namespace blanko
