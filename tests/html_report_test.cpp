// The planner's report: its data agree with the run's statistics, its sentences with
// summary.json, both catalogues have the same keys, and the page is the template filled in.
#include "test_scenarios.hpp"

#include <blanko/compare.hpp>
#include <blanko/html_report.hpp>
#include <blanko/monte_carlo.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>
#include <blanko/sweep.hpp>

#include "detail/report_assets.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <set>
#include <sstream>

namespace blanko {
namespace {

using Json = nlohmann::json;

const Model& bengkulu() {
  static const Model model(load_scenario(std::string(BLANKO_SOURCE_DIR) +
                                         "/scenarios/bengkulu-2024.yaml"));
  return model;
}

const MonteCarloResult& bengkulu_mc() {
  static const MonteCarloResult mc =
      run_monte_carlo(bengkulu(), {.seed = 11, .replications = 60, .threads = 2});
  return mc;
}

const Json& mc_data() {
  static const Json data = Json::parse(report_data(bengkulu(), bengkulu_mc(), "blanko run test"));
  return data;
}

Json summary_json(const MonteCarloResult& mc) {
  std::ostringstream out;
  write_monte_carlo_json(out, mc);
  return Json::parse(out.str());
}

std::string joined(const std::vector<std::string>& sentences) {
  std::string all;
  for (const std::string& s : sentences) all += s + "\n";
  return all;
}

TEST(HtmlReportTest, MonteCarloDataAgreeWithTheStatistics) {
  const Json& data = mc_data();
  const MonteCarloStatistics& stats = *bengkulu_mc().statistics;
  EXPECT_EQ(data["kind"], "monte_carlo");
  EXPECT_EQ(data["meta"]["command"], "blanko run test");
  EXPECT_EQ(data["meta"]["replications"], 60);
  EXPECT_EQ(data["scenario"]["nodes"].size(), stats.node_count());
  EXPECT_EQ(data["offices"].size(), static_cast<std::size_t>(bengkulu().office_count()));
  // The map holds exactly the scenario's kab/kota.
  std::set<std::string> kode;
  for (const Json& f : data["map"]["features"]) kode.insert(f["properties"]["kode"]);
  std::set<std::string> kabkota;
  for (const NodeLabel& l : bengkulu().node_labels()) {
    if (l.level == "kabkota") kabkota.insert(l.id);
  }
  EXPECT_EQ(kode, kabkota);
  // Bands: the network and the province, each with five quantiles a day.
  ASSERT_EQ(data["bands"]["groups"].size(), 2U);
  EXPECT_EQ(data["bands"]["groups"][1]["id"], "17");
  EXPECT_EQ(data["bands"]["groups"][0]["on_hand"]["p50"].size(), static_cast<std::size_t>(stats.days()));
  EXPECT_DOUBLE_EQ(data["bands"]["groups"][0]["on_hand"]["p50"][100].get<double>(),
                   std::round(stats.band(MonteCarloStatistics::Band::on_hand, 100, 0).p50));
  // The probability that any office runs out: the share of replications with one.
  const auto offices_kpi =
      static_cast<std::size_t>(&find_kpi("offices_with_stockout") - kpi_table().data());
  double with_stockout = 0;
  for (std::uint64_t r = 0; r < stats.replications(); ++r) {
    with_stockout += stats.network_value(r, offices_kpi) > 0 ? 1 : 0;
  }
  const Json& any = data["any_stockout"];
  EXPECT_NEAR(any["probability"].get<double>(), with_stockout / 60, 1e-4);
  EXPECT_LE(any["ci_low"].get<double>(), any["probability"].get<double>());
  EXPECT_GE(any["ci_high"].get<double>(), any["probability"].get<double>());
  // The centre and the province: when their store runs dry.
  ASSERT_EQ(data["run_out"].size(), 2U);
  for (const Json& s : data["run_out"]) {
    const auto node = static_cast<std::size_t>(bengkulu().network().find(s["id"].get<std::string>()));
    EXPECT_NEAR(s["probability"].get<double>(), stats.stockout_probability(node), 1e-4);
    if (!s["median_day"].is_null()) EXPECT_LT(s["median_day"].get<int>(), stats.days());
  }
}

TEST(HtmlReportTest, SentencesCarryTheNumbersOfSummaryJson) {
  const Json summary = summary_json(bengkulu_mc());
  const std::string data = report_data(bengkulu(), bengkulu_mc());
  const std::string en = joined(report_answer(data, ReportLanguage::en));
  const std::string id = joined(report_answer(data, ReportLanguage::id));
  const double suket = summary["network"]["suket_issued"]["mean"];
  // Suket: the mean of summary.json, in each language's digits.
  const auto grouped = [](long long n, char sep) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
      out += digits[i];
    }
    return out;
  };
  const long long suket_rounded = std::llround(suket);
  EXPECT_NE(en.find(grouped(suket_rounded, ',')), std::string::npos) << en;
  EXPECT_NE(id.find(grouped(suket_rounded, '.')), std::string::npos) << id;
  // The office most at risk comes first, with its probability from summary.json.
  const Json* riskiest = nullptr;
  for (const Json& node : summary["nodes"]) {
    if (node["level"] != "kabkota") continue;
    if (riskiest == nullptr ||
        node["stockout_probability"].get<double>() > (*riskiest)["stockout_probability"].get<double>()) {
      riskiest = &node;
    }
  }
  ASSERT_NE(riskiest, nullptr);
  const double p = (*riskiest)["stockout_probability"];
  if (p > 0) {
    EXPECT_NE(en.find(fmt::format("{} ({:.1f}%)", (*riskiest)["name"].get<std::string>(), 100 * p)),
              std::string::npos)
        << en;
    std::string id_share = fmt::format("{:.1f}%", 100 * p);
    std::replace(id_share.begin(), id_share.end(), '.', ',');
    EXPECT_NE(id.find(id_share), std::string::npos) << id;
  }
}

// Every key of one catalogue is in the other (the page would show a key, not a word).
void collect_keys(const Json& j, const std::string& prefix, std::set<std::string>& keys) {
  if (!j.is_object()) return;
  for (const auto& [k, v] : j.items()) {
    keys.insert(prefix + k);
    collect_keys(v, prefix + k + ".", keys);
  }
}

TEST(HtmlReportTest, BothCataloguesHaveTheSameKeys) {
  std::set<std::string> id, en;
  collect_keys(Json::parse(detail::report_asset(detail::ReportAsset::strings_id)), "", id);
  collect_keys(Json::parse(detail::report_asset(detail::ReportAsset::strings_en)), "", en);
  EXPECT_EQ(id, en);
  EXPECT_TRUE(id.count("answer.mc.any_stockout"));
  EXPECT_TRUE(id.count("month.12"));
}

TEST(HtmlReportTest, ThePageIsTheTemplateFilledIn) {
  std::ostringstream out;
  write_html_report(out, report_data(bengkulu(), bengkulu_mc()), ReportLanguage::en);
  const std::string page = out.str();
  EXPECT_EQ(page.find("BLANKO:"), std::string::npos) << "a placeholder was left";
  const std::string open = "<script type=\"application/json\" id=\"blanko-data\">";
  const auto begin = page.find(open);
  ASSERT_NE(begin, std::string::npos);
  const auto end = page.find("</script>", begin);
  const Json data = Json::parse(page.substr(begin + open.size(), end - begin - open.size()));
  EXPECT_EQ(data["lang"], "en");
  EXPECT_FALSE(data["answer"].empty());
  EXPECT_TRUE(data["strings"].contains("answer.mc.any_stockout"));
  EXPECT_NE(page.find("Bengkulu 2024"), std::string::npos);
  // The chart library is in the page, not fetched.
  EXPECT_NE(page.find(std::string(detail::report_asset(detail::ReportAsset::echarts)).substr(0, 200)),
            std::string::npos);
}

TEST(HtmlReportTest, OneReplicationHasLinesAndCountedSentences) {
  const RunResult run = simulate(bengkulu(), {.seed = 11});
  const Json data = Json::parse(report_data(bengkulu(), run));
  EXPECT_EQ(data["kind"], "run");
  EXPECT_EQ(data["bands"]["groups"][0]["on_hand"]["value"].size(),
            static_cast<std::size_t>(bengkulu().horizon_days()));
  // The network's stock on a day is the sum over nodes of the series.
  std::int64_t stock = 0;
  for (std::int32_t v = 0; v < run.timeseries->nodes(); ++v) stock += run.timeseries->at(Series::on_hand, 50, v);
  EXPECT_EQ(data["bands"]["groups"][0]["on_hand"]["value"][50].get<std::int64_t>(), stock);
  const std::string en = joined(report_answer(data.dump(), ReportLanguage::en));
  EXPECT_NE(en.find(fmt::format("{} suket", run.total.suket_issued)), std::string::npos) << en;
  EXPECT_THROW((void)report_data(bengkulu(), simulate(bengkulu(), {.record_timeseries = false})), Error);
}

TEST(HtmlReportTest, NotReportDataIsAnError) {
  std::ostringstream out;
  EXPECT_THROW(write_html_report(out, "{\"kind\": 1}", ReportLanguage::id), Error);
  EXPECT_THROW(write_html_report(out, "not json", ReportLanguage::id), Error);
  EXPECT_THROW(write_html_report(out, R"({"kind": "run", "scenario": {}})", ReportLanguage::id), Error);
  // Found by fuzz/report_fuzzer: a start that is no date threw std::bad_optional_access
  // (exit 1 from `blanko report`), for every kind of data.
  for (const char* kind : {"run", "monte_carlo", "compare", "sweep"}) {
    Json data = Json::parse(report_data(bengkulu(), simulate(bengkulu(), {.seed = 11})));
    data["kind"] = kind;
    data["scenario"]["start"] = "2024-0-101";
    EXPECT_THROW((void)report_answer(data.dump(), ReportLanguage::en), Error) << kind;
    EXPECT_THROW(write_html_report(out, data.dump(), ReportLanguage::en), Error) << kind;
  }
  // Also found by the fuzzer: a node renamed in the scenario but not where the data name it
  // threw std::out_of_range from a lookup of names.
  const MonteCarloResult mc = run_monte_carlo(bengkulu(), {.replications = 3, .threads = 1});
  Json renamed = Json::parse(report_data(bengkulu(), mc));
  for (Json& node : renamed["scenario"]["nodes"]) node["id"] = "x" + node["id"].get<std::string>();
  EXPECT_THROW((void)report_answer(renamed.dump(), ReportLanguage::id), Error);
  Json nameless = Json::parse(report_data(bengkulu(), mc));
  nameless["scenario"]["name"] = 7;
  EXPECT_THROW(write_html_report(out, nameless.dump(), ReportLanguage::id), Error);
  EXPECT_EQ(parse_report_language("fr"), std::nullopt);
  EXPECT_EQ(parse_report_language("en"), ReportLanguage::en);
}

}  // namespace
}  // namespace blanko

namespace blanko {
namespace {

TEST(HtmlReportTest, CompareDataAndSentencesFollowTheVerdicts) {
  const std::string file = std::string(BLANKO_SOURCE_DIR) + "/scenarios/bengkulu-2024.yaml";
  const std::string sets = std::string(BLANKO_SOURCE_DIR) + "/scenarios/policy-sets/";
  const std::vector<PolicySet> policy_sets{load_policy_set(sets + "s-S.yaml"),
                                           load_policy_set(sets + "event-aware.yaml")};
  const Comparison c = compare(file, policy_sets, {}, {.replications = 20});
  const Model reference(load_scenario(file, policy_sets[0].overrides));
  const Json data = Json::parse(report_data(reference, c, "blanko compare test", policy_sets));
  ASSERT_EQ(data["policy_sets"].size(), 2U);
  EXPECT_EQ(data["policy_sets"][1]["name"], "event-aware");
  EXPECT_EQ(data["policy_sets"][1]["description"], "kab/kota event_aware with 14 safety days, reviewed weekly");
  EXPECT_EQ(data["policy_sets"][1]["overrides"], Json(policy_sets[1].overrides));
  EXPECT_EQ(data["kind"], "compare");
  EXPECT_EQ(data["configurations"], Json::array({"s-S", "event-aware"}));
  ASSERT_EQ(data["comparison"].size(), kpi_table().size());
  const KpiComparison& stockout = c.kpi("stockout_days");
  const Json& row = data["comparison"][kpi_index("stockout_days")];
  EXPECT_EQ(row["verdict"], std::string(to_string(stockout.verdict)));
  EXPECT_NEAR(row["configurations"][1]["diff"].get<double>(), stockout.vs_first[1].mean, 1e-3);
  const std::string en = joined(report_answer(data.dump(), ReportLanguage::en));
  // Every headline KPI with a winner is named with it; those without are listed together.
  for (const KpiComparison& k : c.kpis) {
    const KpiDefinition& def = find_kpi(k.kpi);
    if (!def.headline || def.better == Better::none || !k.winner) continue;
    EXPECT_NE(en.find(c.configurations[*k.winner] + " is better on") == std::string::npos &&
                  en.find(c.configurations[*k.winner] + ", the reference") == std::string::npos,
              true)
        << k.kpi << "\n" << en;
  }
  EXPECT_EQ(en.find("BLANKO"), std::string::npos);
}

TEST(HtmlReportTest, SweepSentencesNameTheBestAndWorstCells) {
  const std::string file = std::string(BLANKO_SOURCE_DIR) + "/scenarios/bengkulu-2024.yaml";
  const std::vector<SweepAxis> axes{parse_sweep_axis("defaults.kabkota.office.printers=1,3")};
  const Sweep s = sweep(file, axes, {}, {.replications = 10});
  const Json data = Json::parse(report_data(Model(load_scenario(file)), s));
  EXPECT_EQ(data["kind"], "sweep");
  EXPECT_EQ(data["axes"][0]["label"], "printers");
  ASSERT_EQ(data["cells"].size(), 2U);
  // The page's numbers are the sweep's, rounded to four digits.
  const double fill_1 = data["cells"][0]["kpis"]["fill_rate"]["mean"];
  const double fill_3 = data["cells"][1]["kpis"]["fill_rate"]["mean"];
  EXPECT_NEAR(fill_1, s.cells[0].kpi("fill_rate").mean, 1e-4);
  EXPECT_NEAR(fill_3, s.cells[1].kpi("fill_rate").mean, 1e-4);
  ASSERT_GT(fill_3, fill_1);  // more printers print more on the day
  const std::string en = joined(report_answer(data.dump(), ReportLanguage::en));
  EXPECT_NE(en.find(fmt::format("Fill rate is best at printers = 3 ({:.1f}%) and worst at printers = 1 ({:.1f}%)",
                                100 * fill_3, 100 * fill_1)),
            std::string::npos)
      << en;
}

}  // namespace
}  // namespace blanko
