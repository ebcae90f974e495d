// The writers of report.hpp on a tiny network built in code: a centre supplying one
// kab/kota office over a deterministic lane.

#include <blanko/error.hpp>
#include <blanko/model.hpp>
#include <blanko/report.hpp>
#include <blanko/results.hpp>
#include <blanko/scenario.hpp>
#include <blanko/simulation.hpp>

#include "csv_text.hpp"
#include "kpis_header.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace blanko {
namespace {

using blanko::testing::kKpisHeader;
using blanko::testing::lines_of;
using blanko::testing::split_csv;

namespace fs = std::filesystem;

constexpr int kHorizon = 30;
const std::string kCentreName = "Direktorat Jenderal Kependudukan dan Pencatatan Sipil";
const std::string kOfficeName = R"(Kota Bengkulu, "Kota")";

Scenario tiny_scenario() {
  Scenario s;
  s.name = "tiny";
  s.start = *parse_iso_date("2024-01-01");
  s.horizon_days = kHorizon;
  s.seed = 7;

  NodeSpec centre;
  centre.id = "pusat";
  centre.name = kCentreName;
  centre.kind = NodeKind::centre;
  centre.initial_stock = QuantitySpec::units_of(5000);
  s.nodes.push_back(centre);

  NodeSpec office;
  office.id = "17.71";
  office.name = kOfficeName;
  office.kind = NodeKind::kabkota;
  office.population = 200000;
  office.initial_stock = QuantitySpec::units_of(300);
  office.office = OfficeSpec{};
  office.demand = DemandSpec{};
  office.replenishment = ReplenishmentSpec{};
  office.replenishment->policy.name = "base_stock";
  office.replenishment->policy.parameters["S"] = QuantitySpec::units_of(1000);
  s.nodes.push_back(office);

  LaneSpec lane;
  lane.from = "pusat";
  lane.to = "17.71";
  lane.lead_time = DistributionSpec::fixed(3);
  lane.mode = LaneMode::delivery;
  s.lanes.push_back(lane);
  return s;
}

class ReportTest : public ::testing::Test {
 protected:
  // One simulation serves every test: the writers only read it.
  static void SetUpTestSuite() {
    model_ = std::make_unique<Model>(tiny_scenario());
    result_ = std::make_unique<RunResult>(simulate(*model_, {.seed = 7}));
  }
  static void TearDownTestSuite() {
    result_.reset();
    model_.reset();
  }

  template <class Writer>
  static std::string written(Writer write, const RunResult& result) {
    std::ostringstream out;
    write(out, *model_, result);
    return out.str();
  }
  static std::string table_of(const RunResult& result, const TableOptions& options = {}) {
    std::ostringstream out;
    write_summary_table(out, *model_, result, options);
    return out.str();
  }
  // The JSON writers take the command line that asked for them, too.
  static std::string json_of(const RunResult& result, std::string_view command = {}) {
    std::ostringstream out;
    write_summary_json(out, *model_, result, command);
    return out.str();
  }

  static inline std::unique_ptr<Model> model_;
  static inline std::unique_ptr<RunResult> result_;
};

TEST_F(ReportTest, SeriesNamesFollowTheCsvColumns) {
  EXPECT_EQ(to_string(Series::on_hand), "on_hand");
  EXPECT_EQ(to_string(Series::in_transit), "in_transit");
  EXPECT_EQ(to_string(Series::backlog), "backlog");
  EXPECT_EQ(to_string(Series::suket_outstanding), "suket_outstanding");
  EXPECT_EQ(to_string(Series::demand), "demand");
  EXPECT_EQ(to_string(Series::printed), "printed");
}

TEST_F(ReportTest, KpisCsvHasHeaderAndOneRowPerNodePlusTotal) {
  const auto lines = lines_of(written(write_kpis_csv, *result_));
  ASSERT_EQ(lines.size(), 1 + 2 + 1u);
  EXPECT_EQ(lines[0], kKpisHeader);
  const std::size_t columns = split_csv(kKpisHeader).size();
  for (const auto& line : lines) EXPECT_EQ(split_csv(line).size(), columns) << line;
  EXPECT_EQ(split_csv(lines[1])[0], "pusat");
  EXPECT_EQ(split_csv(lines[1])[2], "centre");
  EXPECT_EQ(split_csv(lines[2])[2], "kabkota");
  EXPECT_EQ(split_csv(lines[3])[0], "network");
  EXPECT_EQ(split_csv(lines[3])[1], "network");
  EXPECT_EQ(split_csv(lines[3])[2], "network");
}

TEST_F(ReportTest, KpisCsvTotalRowEqualsTheResult) {
  const auto lines = lines_of(written(write_kpis_csv, *result_));
  const auto header = split_csv(lines[0]);
  const auto total = split_csv(lines.back());
  auto field = [&](const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return total[i];
    }
    ADD_FAILURE() << "no column " << name;
    return std::string();
  };
  const NodeKpis& t = result_->total;
  EXPECT_GT(t.demand, 0);
  EXPECT_EQ(std::stoll(field("demand")), t.demand);
  EXPECT_EQ(std::stoll(field("printed")), t.printed);
  EXPECT_EQ(std::stod(field("fill_rate")), t.fill_rate);  // shortest repr round-trips
  EXPECT_EQ(std::stoll(field("stockout_days")), t.stockout_days);
  EXPECT_EQ(std::stoll(field("peak_backlog")), t.peak_backlog);
  EXPECT_EQ(std::stoll(field("suket_issued")), t.suket_issued);
  EXPECT_EQ(std::stod(field("mean_wait_days")), t.mean_wait_days);
  EXPECT_EQ(std::stod(field("p95_wait_days")), t.p95_wait_days);
  EXPECT_EQ(std::stoll(field("received")), t.received);
  EXPECT_EQ(std::stoll(field("blanks_shipped")), t.blanks_shipped);
  EXPECT_EQ(std::stoll(field("shipments")), t.shipments);
  EXPECT_EQ(std::stoll(field("final_on_hand")), t.final_on_hand);
  EXPECT_EQ(std::stoll(field("final_backlog")), t.final_backlog);
}

TEST_F(ReportTest, KpisCsvQuotesNamesWithCommasAndQuotes) {
  const std::string csv = written(write_kpis_csv, *result_);
  EXPECT_NE(csv.find(R"(17.71,"Kota Bengkulu, ""Kota""",kabkota,)"), std::string::npos) << csv;
  EXPECT_EQ(split_csv(lines_of(csv)[2])[1], kOfficeName);
}

TEST_F(ReportTest, TimeseriesCsvHasOneRowPerDayAndNode) {
  const auto lines = lines_of(written(write_timeseries_csv, *result_));
  ASSERT_EQ(lines.size(), 1u + 2u * kHorizon);
  EXPECT_EQ(lines[0], "date,node,on_hand,in_transit,backlog,suket_outstanding,demand,printed");
  EXPECT_EQ(lines[1].substr(0, 17), "2024-01-01,pusat,");
  EXPECT_EQ(lines[2].substr(0, 17), "2024-01-01,17.71,");
  EXPECT_EQ(lines.back().substr(0, 17), "2024-01-30,17.71,");

  // The values are the recorded ones: demand summed over the rows equals the total.
  std::int64_t demand = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) demand += std::stoll(split_csv(lines[i])[6]);
  EXPECT_EQ(demand, result_->total.demand);
}

TEST_F(ReportTest, TimeseriesCsvNeedsRecordedSeries) {
  RunResult bare = *result_;
  bare.timeseries.reset();
  std::ostringstream out;
  EXPECT_THROW(write_timeseries_csv(out, *model_, bare), Error);
}

TEST_F(ReportTest, SummaryJsonParsesBackWithTheTotals) {
  const auto doc = nlohmann::json::parse(json_of(*result_));
  EXPECT_EQ(doc["scenario"], "tiny");
  EXPECT_EQ(doc["start"], "2024-01-01");
  EXPECT_EQ(doc["end"], "2024-01-30");
  EXPECT_EQ(doc["horizon_days"], kHorizon);
  EXPECT_EQ(doc["seed"], 7u);
  EXPECT_EQ(doc["events"], result_->events);
  EXPECT_EQ(doc["tender_failures"], 0);
  EXPECT_EQ(doc["network"]["demand"], result_->total.demand);
  EXPECT_EQ(doc["network"]["printed"], result_->total.printed);
  EXPECT_EQ(doc["network"]["fill_rate"].get<double>(), result_->total.fill_rate);
  EXPECT_EQ(doc["network"]["final_on_hand"], result_->total.final_on_hand);
  ASSERT_EQ(doc["nodes"].size(), 2u);
  EXPECT_EQ(doc["nodes"][1]["node"], "17.71");
  EXPECT_EQ(doc["nodes"][1]["name"], kOfficeName);
  EXPECT_EQ(doc["nodes"][1]["level"], "kabkota");
  EXPECT_EQ(doc["nodes"][1]["province"], "");
  EXPECT_EQ(doc["nodes"][1]["demand"], result_->nodes[1].demand);
}

TEST_F(ReportTest, CsvAndJsonExportTheSameKpis) {
  const auto header = split_csv(lines_of(written(write_kpis_csv, *result_))[0]);
  // ordered_json keeps the keys in file order.
  const auto doc = nlohmann::ordered_json::parse(json_of(*result_));
  std::vector<std::string> json_keys;
  for (const auto& [key, value] : doc["nodes"][0].items()) json_keys.push_back(key);
  EXPECT_EQ(json_keys, header);
}

TEST_F(ReportTest, SummaryTableShowsScenarioNodesAndTotal) {
  RunResult big = *result_;
  big.nodes[1].demand = 1234567;
  const std::string table = table_of(big);
  EXPECT_NE(table.find("tiny"), std::string::npos);
  EXPECT_NE(table.find("2024-01-01 .. 2024-01-30"), std::string::npos);
  EXPECT_NE(table.find("1,234,567"), std::string::npos) << table;
  EXPECT_NE(table.find("\nnetwork  all offices"), std::string::npos) << table;
  // Names in full, however long.
  EXPECT_NE(table.find(kOfficeName), std::string::npos);
  EXPECT_NE(table.find(kCentreName), std::string::npos) << table;
}

TEST_F(ReportTest, SummaryTableCountsTenderFailuresWhenThereAreTenders) {
  EXPECT_EQ(table_of(*result_).find("Tenders"), std::string::npos);
  Scenario with_tenders = tiny_scenario();
  for (int i = 0; i < 2; ++i) {
    with_tenders.tenders.push_back({.name = "t",
                                    .node = "pusat",
                                    .budget_date = with_tenders.start,
                                    .quantity = 10,
                                    .tender_lead_time = DistributionSpec::fixed(5)});
    with_tenders.tenders.back().failure_probability = 1;
  }
  const Model model(with_tenders);
  const RunResult result = simulate(model, {.seed = 7});
  EXPECT_EQ(result.tender_failures, 2);
  std::ostringstream out;
  write_summary_table(out, model, result);
  EXPECT_NE(out.str().find("\nTenders   2 tenders, 2 failed attempts\n"), std::string::npos)
      << out.str();
  std::ostringstream json;
  write_summary_json(json, model, result);
  EXPECT_EQ(nlohmann::json::parse(json.str())["tender_failures"], 2);
}

TEST_F(ReportTest, WritersRejectAResultOfAnotherModel) {
  RunResult other = *result_;
  other.nodes.pop_back();
  std::ostringstream out;
  EXPECT_THROW(write_kpis_csv(out, *model_, other), Error);
  EXPECT_THROW(write_summary_json(out, *model_, other), Error);
}

// A fresh path under the system's temporary directory, unique to this process.
fs::path temp_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("blanko_report_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

TEST_F(ReportTest, WriteOutputsWritesEveryFileAndNoTemporaries) {
  const fs::path dir = temp_dir("outputs");
  write_outputs(dir / "out", *model_, *result_);
  EXPECT_EQ(files_in(dir / "out"), (std::set<std::string>{"kpis.csv", "manifest.json", "meta.json",
                                                          "summary.json", "timeseries.csv"}));
  std::ifstream kpis(dir / "out" / "kpis.csv");
  std::string header;
  std::getline(kpis, header);
  EXPECT_EQ(header, kKpisHeader);

  RunResult bare = *result_;
  bare.timeseries.reset();
  write_outputs(dir / "bare", *model_, bare);
  EXPECT_EQ(files_in(dir / "bare"),
            (std::set<std::string>{"kpis.csv", "manifest.json", "meta.json", "summary.json"}));
  fs::remove_all(dir);
}

TEST_F(ReportTest, WriteOutputsNamesThePathItCannotCreate) {
  const fs::path dir = temp_dir("blocker");
  { std::ofstream(dir) << "a file, not a directory"; }
  try {
    write_outputs(dir / "out", *model_, *result_);
    ADD_FAILURE() << "expected blanko::OutputError";
  } catch (const OutputError& e) {
    EXPECT_EQ(e.path(), (dir / "out").string());
    EXPECT_NE(std::string(e.what()).find(dir.string() + " is a file, not a directory"),
              std::string::npos)
        << e.what();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace blanko
