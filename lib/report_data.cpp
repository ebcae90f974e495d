// The report's data: a run's results as the language-neutral JSON the page is drawn from
// (the contract is in report/README.md). The page draws; this file only chooses and
// rounds the numbers, so that `blanko report DIR` can draw them again in any language.
#include <blanko/calendar.hpp>
#include <blanko/compare.hpp>
#include <blanko/html_report.hpp>
#include <blanko/kpis.hpp>
#include <blanko/model.hpp>
#include <blanko/monte_carlo.hpp>
#include <blanko/provenance.hpp>
#include <blanko/sweep.hpp>

#include "detail/json_format.hpp"
#include "detail/json_text.hpp"
#include "detail/report_assets.hpp"
#include "detail/summary_columns.hpp"

#include <boost/math/distributions/normal.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <tuple>

namespace blanko {
namespace {

using Json = nlohmann::ordered_json;

// Numbers in the page: enough digits for people and charts, no more (the page of a national
// run carries some 150,000 of them).
double rounded(double x, int digits = 4) {
  if (!std::isfinite(x)) return x;
  const double scale = std::pow(10.0, digits);
  return std::round(x * scale) / scale;
}
Json number(double x, int digits = 4) { return detail::json_number(rounded(x, digits)); }

std::string utc_now() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto day = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::hh_mm_ss time(now - day);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02dZ", to_iso_string(day).c_str(),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buffer;
}

// The policies of the scenario: one row per level, replenishment rule, review period and
// allocation rule, with the number of nodes that share them.
Json policy_rows(const Scenario& scenario) {
  std::map<std::tuple<std::string, std::string, int, std::string>, int> counts;
  for (const NodeSpec& node : scenario.nodes) {
    const std::string replenishment = node.replenishment ? node.replenishment->policy.name : "";
    const int period = node.replenishment ? node.replenishment->review_period_days : 0;
    ++counts[{std::string(to_string(node.kind)), replenishment, period, node.allocation.name}];
  }
  Json rows = Json::array();
  for (const auto& [key, nodes] : counts) {
    const auto& [level, replenishment, period, allocation] = key;
    rows.push_back({{"level", level},
                    {"replenishment", replenishment.empty() ? Json(nullptr) : Json(replenishment)},
                    {"review_period_days", period == 0 ? Json(nullptr) : Json(period)},
                    {"allocation", allocation},
                    {"nodes", nodes}});
  }
  return rows;
}

Json scenario_json(const Model& model) {
  const Scenario& scenario = model.scenario();
  const std::vector<NodeLabel> labels = model.node_labels();
  Json nodes = Json::array();
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto v = static_cast<NodeIndex>(i);
    const NodeIndex parent = model.network().supplier(v);
    nodes.push_back({{"id", labels[i].id},
                     {"name", labels[i].name},
                     {"level", labels[i].level},
                     {"province", labels[i].province},
                     {"parent", parent == kNone ? "" : labels[static_cast<std::size_t>(parent)].id},
                     {"population", scenario.nodes[i].population},
                     {"initial_stock", model.initial_stock(v)},
                     {"office", scenario.nodes[i].office.has_value()}});
  }
  Json events = Json::array();
  for (const CalendarWindow& w : calendar_windows(scenario.calendar)) {
    events.push_back({{"name", w.name}, {"kind", w.kind}, {"start", to_iso_string(w.start)},
                      {"end", to_iso_string(w.end)}, {"regions", w.regions}});
  }
  // A lot or tender without a node goes to the network's only source.
  const auto source_id = [&](const std::string& node) {
    if (!node.empty()) return node;
    for (NodeIndex v = 0; v < model.network().node_count(); ++v) {
      if (model.network().supplier(v) == kNone) return model.network().id(v);
    }
    return std::string();
  };
  Json lots = Json::array();
  for (const ProcurementLot& lot : scenario.procurement) {
    lots.push_back({{"date", to_iso_string(lot.date)}, {"node", source_id(lot.node)},
                    {"quantity", lot.quantity}});
  }
  Json tenders = Json::array();
  for (const ProcurementTender& t : scenario.tenders) {
    tenders.push_back({{"name", t.name}, {"node", source_id(t.node)},
                       {"budget_date", to_iso_string(t.budget_date)}, {"quantity", t.quantity},
                       {"lots", t.lots}, {"lot_interval_days", t.lot_interval_days},
                       {"failure_probability", t.failure_probability}});
  }
  return {{"name", scenario.name},
          {"start", to_iso_string(model.start())},
          {"end", to_iso_string(model.last_day())},
          {"horizon_days", model.horizon_days()},
          {"nodes", std::move(nodes)},
          {"events", std::move(events)},
          {"lots", std::move(lots)},
          {"tenders", std::move(tenders)},
          {"policies", policy_rows(scenario)}};
}

Json kpi_definitions() {
  Json kpis = Json::array();
  for (const KpiDefinition& kpi : kpi_table()) {
    kpis.push_back({{"name", kpi.name}, {"unit", kpi.unit}, {"better", to_string(kpi.better)},
                    {"headline", kpi.headline}, {"description", kpi.description}});
  }
  return kpis;
}

// The map: the kab/kota of the scenario out of the embedded boundaries (a province
// scenario's page carries its province only, and the page zooms to it).
Json map_json(const Model& model) {
  const Json all = Json::parse(detail::report_asset(detail::ReportAsset::boundaries));
  std::vector<std::string> ids;
  for (const NodeLabel& label : model.node_labels()) {
    if (label.level == "kabkota") ids.push_back(label.id);
  }
  std::sort(ids.begin(), ids.end());
  Json features = Json::array();
  for (const Json& feature : all.at("features")) {
    const std::string kode = feature.at("properties").at("kode").get<std::string>();
    if (!std::binary_search(ids.begin(), ids.end(), kode)) continue;
    const Json& properties = feature.at("properties");
    Json geometry = feature.at("geometry");
    bool approximate = false;
    if (geometry.at("coordinates").empty()) {
      // The simplification lost this outline (Kabupaten Sorong): a small square at the
      // centroid keeps the kab/kota on the map, marked as approximate.
      const double lat = properties.at("lat").get<double>(), lng = properties.at("lng").get<double>();
      const double h = 0.08;
      geometry = {{"type", "Polygon"},
                  {"coordinates", Json::array({Json::array({Json::array({lng - h, lat - h}),
                                                            Json::array({lng + h, lat - h}),
                                                            Json::array({lng + h, lat + h}),
                                                            Json::array({lng - h, lat + h}),
                                                            Json::array({lng - h, lat - h})})})}};
      approximate = true;
    }
    features.push_back({{"type", "Feature"},
                        {"properties", {{"kode", kode}, {"nama", properties.at("nama")},
                                        {"approximate", approximate}}},
                        {"geometry", std::move(geometry)}});
  }
  return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

Json echarts_credit() {
  return {{"name", "Apache ECharts"}, {"license", "Apache-2.0"},
          {"text", detail::report_asset(detail::ReportAsset::echarts_license)}};
}

Json credits() {
  return Json::array(
      {echarts_credit(),
       {{"name", "kab/kota boundaries: cahyadsn/wilayah_boundaries, simplified"},
        {"license", "MIT"},
        {"text", "Copyright (c) 2024 Cahya DSN. Converted from db/kab/wilayah_boundaries_kab_*.sql "
                 "of the public repository cahyadsn/wilayah_boundaries (MIT License): lat/lng "
                 "pairs swapped to GeoJSON order and simplified (Visvalingam, 8%, keep-shapes)."}}});
}

// The part of the data every kind shares.
Json common(const Model& model, std::string_view kind, const Provenance& provenance,
            const detail::RunShape& shape) {
  Json data;
  data["kind"] = kind;
  data["meta"] = detail::meta_json(provenance, shape);
  data["meta"].erase("kpis");  // the page has them in "kpis"
  data["meta"]["created"] = utc_now();
  data["scenario"] = scenario_json(model);
  data["kpis"] = kpi_definitions();
  return data;
}

std::size_t kpi_at(std::string_view name) {
  return static_cast<std::size_t>(&find_kpi(name) - kpi_table().data());
}

// Share of successes out of n with its Wilson score interval (exact at 0 and 1 too, where
// a t interval collapses).
Json proportion(double successes, double n, double confidence) {
  const double p = n > 0 ? successes / n : 0;
  if (n < 1) return {{"probability", number(p)}, {"ci_low", nullptr}, {"ci_high", nullptr}};
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + confidence / 2);
  const double denominator = 1 + z * z / n;
  const double centre = (p + z * z / (2 * n)) / denominator;
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator;
  return {{"probability", number(p)},
          {"ci_low", number(std::max(0.0, centre - half))},
          {"ci_high", number(std::min(1.0, centre + half))}};
}

// A quantile of first_stockout_day as a day of the run, or null when it is the horizon
// (the store did not run dry in the period).
Json day_or_null(double day, std::int32_t horizon) {
  const double d = std::round(day);
  return d >= horizon ? Json(nullptr) : Json(static_cast<std::int64_t>(d));
}

// The q-quantile over replications of the day a store first runs dry is a day of the run
// exactly when more than a share q of them ran dry; the sketch's estimate near the horizon
// could say otherwise, so the share decides.
Json quantile_day(double day, double q, double ran_dry, std::int32_t horizon) {
  return ran_dry > q ? day_or_null(std::min(day, horizon - 1.0), horizon) : Json(nullptr);
}

// A KPI's summary over replications, rounded for the page.
Json summary_of(const KpiSummary& s) {
  return {{"mean", number(s.mean)}, {"ci_low", number(s.ci_low)}, {"ci_high", number(s.ci_high)},
          {"p5", number(s.p5)},     {"p50", number(s.p50)},       {"p95", number(s.p95)}};
}

Json nullable(double x) { return std::isfinite(x) ? number(x) : Json(nullptr); }

}  // namespace

std::string_view to_string(ReportLanguage language) {
  return language == ReportLanguage::id ? "id" : "en";
}

std::optional<ReportLanguage> parse_report_language(std::string_view text) {
  if (text == "id") return ReportLanguage::id;
  if (text == "en") return ReportLanguage::en;
  return std::nullopt;
}

std::string report_data(const Model& model, const MonteCarloResult& result,
                        std::string_view command) {
  if (!result.statistics) throw Error("report data need the Monte Carlo statistics (rank 0)");
  const MonteCarloStatistics& stats = *result.statistics;
  if (stats.groups().empty()) throw Error("a Monte Carlo report needs bands (run without --no-bands)");
  Provenance provenance = result.provenance;
  provenance.command = std::string(command);
  Json data = common(model, "monte_carlo", provenance,
                     {.seed = result.seed, .replications = result.replications,
                      .start = result.start, .horizon_days = stats.days()});
  const double confidence = result.confidence;

  Json network = Json::object();
  for (const KpiDefinition& kpi : kpi_table()) {
    network[std::string(kpi.name)] = summary_of(stats.network_kpi(kpi.name, confidence));
  }
  data["network"] = std::move(network);

  const std::size_t offices_kpi = kpi_at("offices_with_stockout");
  double with_stockout = 0;
  for (std::uint64_t r = 0; r < stats.replications(); ++r) {
    if (stats.network_value(r, offices_kpi) > 0) ++with_stockout;
  }
  data["any_stockout"] =
      proportion(with_stockout, static_cast<double>(stats.replications()), confidence);

  const auto k = [](std::string_view name) { return kpi_index(name); };
  Json offices = Json::array();
  Json run_out = Json::array();
  for (std::size_t v = 0; v < stats.node_count(); ++v) {
    const NodeLabel& label = stats.node_labels()[v];
    if (stats.is_office(v)) {
      const KpiSummary stockout = stats.kpi(v, k("stockout_days"), confidence);
      const double printer_bound = stats.kpi(v, k("printer_bound_days"), confidence).mean;
      offices.push_back(
          {{"id", label.id},
           {"stockout_probability", number(stats.stockout_probability(v))},
           {"stockout_days_mean", number(stockout.mean, 2)},
           {"stockout_days_p95", number(stockout.p95, 1)},
           {"suket_mean", number(stats.kpi(v, k("suket_issued"), confidence).mean, 1)},
           {"fill_rate_mean", number(stats.kpi(v, k("fill_rate"), confidence).mean)},
           {"p95_wait_days_mean", number(stats.kpi(v, k("p95_wait_days"), confidence).mean, 2)},
           {"printer_bound_days_mean", number(printer_bound, 2)},
           {"bottleneck", detail::bottleneck(stockout.mean, printer_bound)}});
    }
    if (label.level == "centre" || label.level == "province") {
      const KpiSummary first = stats.kpi(v, k("first_stockout_day"), confidence);
      const double ran_dry = stats.stockout_probability(v);
      run_out.push_back({{"id", label.id},
                         {"probability", number(ran_dry)},
                         {"median_day", quantile_day(first.p50, 0.5, ran_dry, stats.days())},
                         {"p5_day", quantile_day(first.p5, 0.05, ran_dry, stats.days())},
                         {"p95_day", quantile_day(first.p95, 0.95, ran_dry, stats.days())}});
    }
  }
  data["offices"] = std::move(offices);
  data["run_out"] = std::move(run_out);

  using Band = MonteCarloStatistics::Band;
  Json groups = Json::array();
  for (std::size_t g = 0; g < stats.groups().size(); ++g) {
    const std::string& id = stats.groups()[g].name;
    const auto node = model.network().find(id);
    const std::string name =
        node == kNone ? id : stats.node_labels()[static_cast<std::size_t>(node)].name;
    const std::string level =
        node == kNone ? "network" : stats.node_labels()[static_cast<std::size_t>(node)].level;
    Json group{{"id", id}, {"name", name}, {"level", level}};
    for (const auto& [band, series] : {std::pair{Band::on_hand, "on_hand"}, std::pair{Band::backlog, "backlog"}}) {
      Json p5 = Json::array(), p25 = Json::array(), p50 = Json::array(), p75 = Json::array(),
           p95 = Json::array();
      for (std::int32_t day = 0; day < stats.days(); ++day) {
        const BandSummary s = stats.band(band, day, g);
        p5.push_back(number(s.p5, 0));
        p25.push_back(number(s.p25, 0));
        p50.push_back(number(s.p50, 0));
        p75.push_back(number(s.p75, 0));
        p95.push_back(number(s.p95, 0));
      }
      group[series] = {{"p5", std::move(p5)}, {"p25", std::move(p25)}, {"p50", std::move(p50)},
                       {"p75", std::move(p75)}, {"p95", std::move(p95)}};
    }
    groups.push_back(std::move(group));
  }
  data["bands"] = {{"start", to_iso_string(result.start)}, {"days", stats.days()},
                   {"groups", std::move(groups)}};
  data["map"] = map_json(model);
  data["credits"] = credits();
  return detail::json_text(data);
}

std::string report_data(const Model& model, const RunResult& result, std::string_view command) {
  if (!result.timeseries) throw Error("a report of one replication needs its timeseries");
  const TimeSeries& ts = *result.timeseries;
  Json data = common(model, "run", provenance_of(model.scenario(), std::string(command)),
                     {.seed = result.seed, .replications = 1, .start = model.start(),
                      .horizon_days = model.horizon_days()});
  Json network = Json::object();
  for (const KpiDefinition& kpi : kpi_table()) {
    network[std::string(kpi.name)] = {{"mean", number(kpi.value(result, kNetworkRow))},
                                      {"ci_low", nullptr}, {"ci_high", nullptr}, {"p5", nullptr},
                                      {"p50", nullptr}, {"p95", nullptr}};
  }
  data["network"] = std::move(network);
  data["any_stockout"] = {{"probability", result.offices_with_stockout > 0 ? 1 : 0},
                          {"ci_low", nullptr}, {"ci_high", nullptr}};
  const std::vector<NodeLabel> labels = model.node_labels();
  Json offices = Json::array();
  Json run_out = Json::array();
  for (std::size_t v = 0; v < result.nodes.size(); ++v) {
    const NodeKpis& kpis = result.nodes[v];
    const double ran_out = kpis.stockout_days > 0 ? 1 : 0;
    if (model.scenario().nodes[v].office) {
      offices.push_back({{"id", labels[v].id},
                         {"stockout_probability", ran_out},
                         {"stockout_days_mean", kpis.stockout_days},
                         {"stockout_days_p95", kpis.stockout_days},
                         {"suket_mean", kpis.suket_issued},
                         {"fill_rate_mean", number(kpis.fill_rate)},
                         {"p95_wait_days_mean", number(kpis.p95_wait_days, 2)},
                         {"printer_bound_days_mean", kpis.printer_bound_days},
                         {"bottleneck", detail::bottleneck(kpis.stockout_days, kpis.printer_bound_days)}});
    }
    if (labels[v].level == "centre" || labels[v].level == "province") {
      const Json day = day_or_null(kpis.first_stockout_day, model.horizon_days());
      run_out.push_back({{"id", labels[v].id}, {"probability", ran_out}, {"median_day", day},
                         {"p5_day", day}, {"p95_day", day}});
    }
  }
  data["offices"] = std::move(offices);
  data["run_out"] = std::move(run_out);

  // The daily totals of the same groups as a Monte Carlo's bands, from the series.
  Json groups = Json::array();
  for (const NodeGroup& group : network_and_province_groups(model)) {
    const auto node = model.network().find(group.name);
    Json on_hand = Json::array(), backlog = Json::array();
    for (std::int32_t day = 0; day < ts.days(); ++day) {
      std::int64_t stock = 0, waiting = 0;
      for (const NodeIndex v : group.nodes) {
        stock += ts.at(Series::on_hand, day, v);
        if (model.scenario().nodes[static_cast<std::size_t>(v)].office) {
          waiting += ts.at(Series::backlog, day, v);
        }
      }
      on_hand.push_back(stock);
      backlog.push_back(waiting);
    }
    groups.push_back({{"id", group.name},
                      {"name", node == kNone ? group.name : labels[static_cast<std::size_t>(node)].name},
                      {"level", node == kNone ? "network" : labels[static_cast<std::size_t>(node)].level},
                      {"on_hand", {{"value", std::move(on_hand)}}},
                      {"backlog", {{"value", std::move(backlog)}}}});
  }
  data["bands"] = {{"start", to_iso_string(model.start())}, {"days", ts.days()},
                   {"groups", std::move(groups)}};
  data["map"] = map_json(model);
  data["credits"] = credits();
  return detail::json_text(data);
}

std::string report_data(const Model& reference, const Comparison& comparison,
                        std::string_view command, std::span<const PolicySet> sets) {
  Provenance provenance = comparison.provenance;
  if (!command.empty()) provenance.command = std::string(command);
  Json data = common(reference, "compare", provenance,
                     {.seed = comparison.seed, .replications = comparison.replications,
                      .start = comparison.start, .horizon_days = comparison.horizon_days});
  data["confidence"] = comparison.confidence;
  data["min_difference"] = comparison.min_difference;
  data["configurations"] = comparison.configurations;
  const auto name_of = [&](const std::optional<std::size_t>& c) {
    return c ? Json(comparison.configurations[*c]) : Json(nullptr);
  };
  Json kpis = Json::array();
  for (const KpiComparison& k : comparison.kpis) {
    Json configurations = Json::array();
    for (std::size_t c = 0; c < comparison.configurations.size(); ++c) {
      const PairedDifference& d = k.vs_first[c];
      configurations.push_back({{"name", comparison.configurations[c]}, {"mean", number(k.mean[c])},
                                {"sd", nullable(k.sd[c])},          {"diff", number(d.mean)},
                                {"diff_se", nullable(d.standard_error)},
                                {"ci_low", nullable(d.ci_low)},     {"ci_high", nullable(d.ci_high)}});
    }
    kpis.push_back({{"kpi", k.kpi},
                    {"better", to_string(k.better)},
                    {"best", name_of(k.best)},
                    {"winner", name_of(k.winner)},
                    {"verdict", to_string(k.verdict)},
                    {"winner_confidence", nullable(k.winner_confidence)},
                    {"relative_difference", nullable(k.relative_difference)},
                    {"configurations", std::move(configurations)}});
  }
  data["comparison"] = std::move(kpis);
  if (!sets.empty()) {
    Json policy_sets = Json::array();
    for (const PolicySet& set : sets) {
      policy_sets.push_back({{"name", set.name}, {"description", set.description},
                             {"file", set.source_file}, {"overrides", set.overrides}});
    }
    data["policy_sets"] = std::move(policy_sets);
  }
  data["credits"] = Json::array({echarts_credit()});
  return detail::json_text(data);
}

std::string report_data(const Model& base, const Sweep& sweep, std::string_view command) {
  Provenance provenance = sweep.provenance;
  if (!command.empty()) provenance.command = std::string(command);
  Json data = common(base, "sweep", provenance,
                     {.seed = sweep.seed, .replications = sweep.replications,
                      .start = sweep.start, .horizon_days = sweep.horizon_days});
  data["confidence"] = sweep.confidence;
  Json axes = Json::array();
  const std::vector<std::string> labels = sweep_axis_labels(sweep.axes);
  for (std::size_t a = 0; a < sweep.axes.size(); ++a) {
    axes.push_back({{"key", sweep.axes[a].key}, {"label", labels[a]}, {"values", sweep.axes[a].values}});
  }
  data["axes"] = std::move(axes);
  Json cells = Json::array();
  for (const SweepCell& cell : sweep.cells) {
    Json kpis = Json::object();
    for (std::size_t k = 0; k < kpi_table().size() && k < cell.kpis.size(); ++k) {
      kpis[std::string(kpi_table()[k].name)] = summary_of(cell.kpis[k]);
    }
    cells.push_back({{"values", cell.values}, {"kpis", std::move(kpis)}});
  }
  data["cells"] = std::move(cells);
  data["credits"] = Json::array({echarts_credit()});
  return detail::json_text(data);
}

}  // namespace blanko
