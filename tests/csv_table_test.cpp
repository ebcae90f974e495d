// CSV tables (node tables, daily request counts): the separator, `,` or `;`, detected from
// the header; errors that say which one was used; numbers in a locale's style rejected; a
// missing file named by the path that was tried.

#include "detail/csv_table.hpp"

#include <blanko/scenario_loader.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace blanko {
namespace {

namespace fs = std::filesystem;

class CsvTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("blanko_csv_table_test_" + std::string(info->name()) + "_" +
                                        std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path file = dir_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  detail::CsvTable read(const fs::path& file, std::span<const std::string_view> columns) const {
    return detail::read_csv_table(file, columns,
                                  {.file = "plan.yaml", .line = 1, .column = 1, .key_path = "x"},
                                  "test table");
  }

  // The ScenarioError `f` throws (a test failure when none is thrown).
  template <class F>
  static ScenarioError error_of(F&& f) {
    try {
      f();
    } catch (const ScenarioError& e) {
      return e;
    }
    ADD_FAILURE() << "expected a ScenarioError";
    return ScenarioError({}, "no error");
  }

  Scenario parse(const std::string& yaml) const { return parse_scenario(yaml, "plan.yaml", dir_); }

  // `e` is located at a cell of the file `name` in the temporary directory.
  void expect_at_cell(const ScenarioError& e, const std::string& name, int line, int column,
                      std::string_view column_name) const {
    EXPECT_EQ(e.where().file, (dir_ / name).string()) << e.what();
    EXPECT_EQ(e.where().line, line) << e.what();
    EXPECT_EQ(e.where().column, column) << e.what();
    EXPECT_EQ(e.where().key_path, column_name) << e.what();
  }

  fs::path dir_;
};

constexpr std::array<std::string_view, 2> kDailyColumns{"date", "requests"};

// The same regions written twice: by a spreadsheet in an English locale (`,`) and in an
// Indonesian one (`;`, CRLF line ends). A name holding the other separator is quoted or not
// as each spreadsheet would write it.
constexpr std::string_view kCommaRegions =
    "kode,nama,level,pria,wanita,total\n"
    "0,INDONESIA,national,100,100,200\n"
    "17,Bengkulu,province,50,50,100\n"
    "17.01,Kabupaten Satu,kabkota,10,10,20\n"
    "17.02,Kabupaten Dua; Selatan,kabkota,15,15,30\n"
    "17.71,\"Kota Tiga, Kota\",kabkota,20,20,40\n"
    "18.01,Kabupaten Empat,kabkota,5,5,10\n";
constexpr std::string_view kSemicolonRegions =
    "kode;nama;level;pria;wanita;total\r\n"
    "0;INDONESIA;national;100;100;200\r\n"
    "17;Bengkulu;province;50;50;100\r\n"
    "17.01;Kabupaten Satu;kabkota;10;10;20\r\n"
    "17.02;\"Kabupaten Dua; Selatan\";kabkota;15;15;30\r\n"
    "17.71;Kota Tiga, Kota;kabkota;20;20;40\r\n"
    "18.01;Kabupaten Empat;kabkota;5;5;10\r\n";

std::string regions_scenario(const std::string& table) {
  return "scenario: {start: 2024-01-01, horizon_days: 3}\n"
         "nodes:\n"
         "  - {id: pusat, kind: centre}\n"
         "  - table: " +
         table +
         "\n"
         "    within: \"17\"\n"
         "    levels: [province, kabkota]\n"
         "    overrides:\n"
         "      \"17.02\": {initial_stock: 600}\n"
         "lanes:\n"
         "  - {from: pusat, to: \"17\", lead_time: 7}\n"
         "  - {from: parent, to: {kind: kabkota}, lead_time: 2}\n";
}

TEST_F(CsvTableTest, SemicolonTableGivesTheSameScenarioAsTheCommaOne) {
  write("comma.csv", std::string(kCommaRegions));
  write("semicolon.csv", std::string(kSemicolonRegions));
  const Scenario comma = parse(regions_scenario("comma.csv"));
  const Scenario semicolon = parse(regions_scenario("semicolon.csv"));

  ASSERT_EQ(semicolon.nodes.size(), 5u);
  ASSERT_EQ(semicolon.nodes.size(), comma.nodes.size());
  for (std::size_t i = 0; i < comma.nodes.size(); ++i) {
    const NodeSpec& a = comma.nodes[i];
    const NodeSpec& b = semicolon.nodes[i];
    EXPECT_EQ(b.id, a.id);
    EXPECT_EQ(b.name, a.name);
    EXPECT_EQ(b.kind, a.kind);
    EXPECT_EQ(b.population, a.population);
    EXPECT_EQ(b.initial_stock.value, a.initial_stock.value);
    EXPECT_EQ(b.where.line, a.where.line);
    EXPECT_EQ(b.where.key_path, a.where.key_path);
  }
  ASSERT_EQ(semicolon.lanes.size(), comma.lanes.size());
  for (std::size_t l = 0; l < comma.lanes.size(); ++l) {
    EXPECT_EQ(semicolon.lanes[l].from, comma.lanes[l].from);
    EXPECT_EQ(semicolon.lanes[l].to, comma.lanes[l].to);
  }
  // The values themselves, so that two equally wrong readings cannot pass.
  EXPECT_EQ(semicolon.nodes[1].id, "17");
  EXPECT_EQ(semicolon.nodes[3].name, "Kabupaten Dua; Selatan");
  EXPECT_EQ(semicolon.nodes[3].initial_stock.value, 600);
  EXPECT_EQ(semicolon.nodes[4].name, "Kota Tiga, Kota");
  EXPECT_EQ(semicolon.nodes[4].population, 40);
  EXPECT_EQ(semicolon.nodes[4].where.file, (dir_ / "semicolon.csv").string());
  EXPECT_EQ(semicolon.nodes[4].where.line, 6);
}

TEST_F(CsvTableTest, SeparatorIsTheOneThatSplitsTheHeaderIntoMoreFieldsOutsideQuotes) {
  const auto table_of = [&](const std::string& text, std::span<const std::string_view> columns) {
    return read(write("t.csv", text), columns);
  };
  constexpr std::array<std::string_view, 2> kQuoted{"a;b", "c"};
  const detail::CsvTable comma = table_of("\"a;b\",c\n\"1;2\",3\n", kQuoted);
  EXPECT_EQ(comma.separator, ',');
  ASSERT_EQ(comma.rows.size(), 1u);
  EXPECT_EQ(comma.rows[0][0].text, "1;2");
  EXPECT_EQ(comma.rows[0][1].text, "3");
  EXPECT_EQ(comma.rows[0][1].column, 7);

  constexpr std::array<std::string_view, 2> kQuotedComma{"a,b", "c"};
  const detail::CsvTable semicolon = table_of("\"a,b\";c\n\"1,2\";3\n", kQuotedComma);
  EXPECT_EQ(semicolon.separator, ';');
  EXPECT_EQ(semicolon.rows[0][0].text, "1,2");
  EXPECT_EQ(semicolon.rows[0][1].text, "3");

  // One column, or as many fields either way: `,`.
  constexpr std::array<std::string_view, 1> kOne{"requests"};
  EXPECT_EQ(table_of("requests\n5\n", kOne).separator, ',');
  constexpr std::array<std::string_view, 2> kTie{"a", "b;c"};
  const detail::CsvTable tie = table_of("a,b;c\n1,2;3\n", kTie);
  EXPECT_EQ(tie.separator, ',');
  EXPECT_EQ(tie.rows[0][1].text, "2;3");
}

TEST_F(CsvTableTest, DecimalCommaInASemicolonFileIsAnError) {
  const fs::path file = write("counts.csv", "date;requests\n2024-03-01;12\n2024-03-02;0,73\n");
  const detail::CsvTable table = read(file, kDailyColumns);
  EXPECT_EQ(table.separator, ';');
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.number(table.rows[0][1], "requests", detail::bound::daily_requests), 12.0);
  const ScenarioError e = error_of([&] { (void)table.number(table.rows[1][1], "requests", detail::bound::daily_requests); });
  expect_at_cell(e, "counts.csv", 3, 12, "requests");
  EXPECT_EQ(e.message(),
            "expected a number, got '0,73'; write numbers with a decimal point and no thousands "
            "separators (read with ';' as the separator)");
}

TEST_F(CsvTableTest, DecimalCommaInADailyRequestsFileFailsTheScenario) {
  write("counts.csv", "date;requests\n2024-01-02;0,73\n");
  const ScenarioError e = error_of([&] {
    (void)parse(
        "scenario: {start: 2024-01-01, horizon_days: 3}\n"
        "nodes: [{id: a, office: {printers: 1}, demand: {annual_rate: 0.1}}]\n"
        "calendar:\n"
        "  events:\n"
        "    - {kind: custom, start: 2024-01-01, end: 2024-01-03, requests_csv: counts.csv}\n");
  });
  expect_at_cell(e, "counts.csv", 2, 12, "requests");
  EXPECT_NE(e.message().find("got '0,73'"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("(read with ';' as the separator)"), std::string::npos) << e.what();
}

TEST_F(CsvTableTest, LocaleNumberInANodeTableIsAnError) {
  write("regions.csv", "kode;nama;level;total\n17;Bengkulu;province;2.070,5\n");
  const ScenarioError e = error_of([&] {
    (void)parse(
        "scenario: {start: 2024-01-01, horizon_days: 3}\n"
        "nodes:\n"
        "  - {table: regions.csv, levels: [province]}\n");
  });
  expect_at_cell(e, "regions.csv", 2, 22, "total");
  EXPECT_EQ(e.message(),
            "expected an integer, got '2.070,5'; write numbers with a decimal point and no "
            "thousands separators (read with ';' as the separator)");
}

// A cell is read as the loader reads a YAML value (detail::parse_bounded): a leading `+`,
// NaN and infinity not numbers, an integer beyond int64 out of range.
TEST_F(CsvTableTest, NumbersAreReadAsTheYamlLoaderReadsThem) {
  const detail::CsvTable table = read(write("n.csv",
                                            "date,requests\n2024-03-01,+5\n2024-03-02,nan\n"
                                            "2024-03-03,9223372036854775808\n2024-03-04,inf\n"),
                                      kDailyColumns);
  const auto cell = [&](std::size_t row) { return table.rows[row][1]; };
  const auto message = [&](std::size_t row, const detail::FieldBound& bound) {
    return error_of([&] { (void)table.number(cell(row), "requests", bound); }).message();
  };
  EXPECT_EQ(table.number(cell(0), "requests", detail::bound::population), 5);
  EXPECT_EQ(message(1, detail::bound::population),
            "expected an integer, got 'nan' (read with ',' as the separator)");
  EXPECT_EQ(message(2, detail::bound::population),
            "requests must be an integer between 0 and 1e10 (residents), got 9.22337e18 (read "
            "with ',' as the separator)");
  EXPECT_EQ(message(3, detail::bound::daily_requests),
            "expected a number, got 'inf' (read with ',' as the separator)");
}

TEST_F(CsvTableTest, RowErrorsNameTheSeparator) {
  // In a `,` file an unquoted decimal comma splits the field in two.
  const ScenarioError comma = error_of(
      [&] { (void)read(write("a.csv", "date,requests\n2024-03-02,0,73\n"), kDailyColumns); });
  EXPECT_EQ(comma.where().line, 2);
  EXPECT_EQ(comma.message(), "expected 2 fields, got 3 (read with ',' as the separator)");
  // A `;` header, then a row saved with commas.
  const ScenarioError mixed = error_of([&] {
    (void)read(write("b.csv", "date;requests\n2024-03-01;4\n2024-03-02,5\n"), kDailyColumns);
  });
  EXPECT_EQ(mixed.where().line, 3);
  EXPECT_EQ(mixed.message(), "expected 2 fields, got 1 (read with ';' as the separator)");
  // A bad date and a bad value found by the reader of the table.
  const detail::CsvTable table =
      read(write("c.csv", "date;requests\n2024-02-30;-1\n"), kDailyColumns);
  EXPECT_EQ(error_of([&] { (void)table.date(table.rows[0][0], "date"); }).message(),
            "'2024-02-30' is not a date (expected YYYY-MM-DD) (read with ';' as the separator)");
  const ScenarioError negative =
      error_of([&] { table.fail(table.rows[0][1], "requests", "requests must not be negative"); });
  expect_at_cell(negative, "c.csv", 2, 12, "requests");
  EXPECT_EQ(negative.message(), "requests must not be negative (read with ';' as the separator)");
}

TEST_F(CsvTableTest, MissingColumnNamesTheSeparator) {
  // Tab-separated: neither separator splits the header, so it is read with `,`.
  const ScenarioError e = error_of(
      [&] { (void)read(write("t.csv", "date\trequests\n2024-03-01\t4\n"), kDailyColumns); });
  EXPECT_EQ(e.where().line, 1);
  EXPECT_EQ(e.message(),
            "missing column 'date' (the header has: date\trequests) (read with ',' as the "
            "separator)");
}

TEST_F(CsvTableTest, MissingTableNamesTheResolvedPath) {
  // The scenario's directory as given (relative, with a detour): the message has the
  // absolute path, relative to that directory.
  const std::string yaml =
      "scenario: {start: 2024-01-01, horizon_days: 3}\n"
      "nodes:\n"
      "  - table: data/missing.csv\n";
  const ScenarioError e =
      error_of([&] { (void)parse_scenario(yaml, "plan.yaml", fs::path("scen") / ".." / "plans"); });
  EXPECT_EQ(e.where().file, "plan.yaml");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().key_path, "nodes[0].table");
  const fs::path tried = fs::current_path() / "plans" / "data" / "missing.csv";
  EXPECT_TRUE(tried.is_absolute());
  EXPECT_EQ(e.message(), "cannot read node table '" + tried.string() + "'");

  const ScenarioError daily = error_of([&] {
    (void)parse_scenario(
        "scenario: {start: 2024-01-01, horizon_days: 3}\n"
        "nodes: [{id: a, office: {printers: 1}, demand: {annual_rate: 0.1}}]\n"
        "calendar:\n"
        "  events:\n"
        "    - {kind: custom, start: 2024-01-01, end: 2024-01-03, requests_csv: ../none.csv}\n",
        "plan.yaml", "plans");
  });
  EXPECT_EQ(daily.message(),
            "cannot read daily requests file '" + (fs::current_path() / "none.csv").string() + "'");
}

}  // namespace
}  // namespace blanko
