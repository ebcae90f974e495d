// The report page: report data (report_data.cpp) drawn into the embedded template, with the
// answer written in the chosen language. Every word of the page is in report/i18n/<lang>.json;
// the sentences of the answer are that catalogue's `answer` templates filled here, so that
// a test can check their numbers against the run's results.
#include <blanko/date.hpp>
#include <blanko/error.hpp>
#include <blanko/html_report.hpp>

#include "detail/atomic_file.hpp"
#include "detail/json_text.hpp"
#include "detail/report_assets.hpp"
#include "detail/report_format.hpp"
#include "detail/summary_columns.hpp"

#include <fmt/args.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <ostream>

namespace blanko {
namespace {

using Json = nlohmann::json;

Json parse_data(std::string_view data) {
  Json json = Json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object() || !json.contains("kind") ||
      !json.contains("scenario")) {
    throw Error("not report data (expected the JSON object of report.json)");
  }
  return json;
}

Json catalogue(ReportLanguage language) {
  return Json::parse(detail::report_asset(language == ReportLanguage::id
                                              ? detail::ReportAsset::strings_id
                                              : detail::ReportAsset::strings_en));
}

// Numbers, shares and dates as the language writes them: 1.234.567 and 12,5% in Indonesian,
// 1,234,567 and 12.5% in English.
class Writer {
 public:
  Writer(ReportLanguage language, const Json& strings, Date start)
      : id_(language == ReportLanguage::id), strings_(strings), start_(start) {}

  [[nodiscard]] std::string number(double x, int decimals = 0) const {
    std::string digits = fmt::format("{:.{}f}", std::abs(x), decimals);
    const auto point = digits.find('.');
    std::string whole = digits.substr(0, point);
    const std::string fraction = point == std::string::npos ? "" : digits.substr(point + 1);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
      if (i > 0 && (whole.size() - i) % 3 == 0) grouped += id_ ? '.' : ',';
      grouped += whole[i];
    }
    if (!fraction.empty()) grouped += (id_ ? ',' : '.') + fraction;
    const bool negative = x < 0 && std::round(std::abs(x) * std::pow(10, decimals)) != 0;
    return (negative ? "-" : "") + grouped;
  }
  [[nodiscard]] std::string share(double p) const { return number(100 * p, 1) + "%"; }
  /// A confidence: "> 99.9%" rather than a rounded 100.0%, which no test can give.
  [[nodiscard]] std::string confidence(double p) const {
    return p >= 0.9995 ? "> " + number(99.9, 1) + "%" : share(p);
  }
  [[nodiscard]] std::string day(std::int64_t d) const {
    const std::chrono::year_month_day date{start_ + std::chrono::days{d}};
    const auto month = static_cast<std::size_t>(static_cast<unsigned>(date.month()) - 1);
    return fmt::format("{} {} {}", static_cast<unsigned>(date.day()),
                       strings_.at(fmt::format("month.{}", month + 1)).get<std::string>(),
                       static_cast<int>(date.year()));
  }
  /// The catalogue's template `key` of the answer filled with `args`.
  [[nodiscard]] std::string text(std::string_view key, const fmt::dynamic_format_arg_store<fmt::format_context>& args) const {
    const std::string pattern = strings_.at("answer." + std::string(key)).get<std::string>();
    return fmt::vformat(pattern, args);
  }
  [[nodiscard]] std::string list(const std::vector<std::string>& items) const {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) {
        out += i + 1 == items.size() ? strings_.at("answer.and").get<std::string>() : ", ";
      }
      out += items[i];
    }
    return out;
  }

 private:
  bool id_;
  const Json& strings_;
  Date start_;
};

using Args = fmt::dynamic_format_arg_store<fmt::format_context>;
Args args(std::initializer_list<std::pair<const char*, std::string>> named) {
  Args store;
  for (const auto& [name, value] : named) store.push_back(fmt::arg(name, value));
  return store;
}

// A KPI's value as people read it: shares in percent, days with one decimal, the rest whole.
std::string kpi_value(const Writer& w, std::string_view unit, double x) {
  if (unit == "share") return w.share(x);
  if (unit == "Rp") return "Rp " + w.number(x);
  if (unit == "days") return w.number(x, 1);
  return w.number(x, std::abs(x) < 10 && x != std::round(x) ? 2 : 0);
}

// The units of the KPIs, from the data's KPI table.
std::map<std::string, std::string> kpi_units(const Json& data) {
  std::map<std::string, std::string> units;
  for (const Json& k : data.at("kpis")) units[k.at("name")] = k.at("unit");
  return units;
}

std::vector<std::string> compare_answer(const Json& data, const Writer& w, const Json& strings) {
  const auto units = kpi_units(data);
  const Json& configurations = data.at("configurations");
  const std::string reference = configurations.at(0);
  std::vector<std::string> sentences{w.text(
      "compare.intro", args({{"n", w.number(static_cast<double>(configurations.size()))},
                             {"r", w.number(data.at("meta").at("replications").get<double>())},
                             {"reference", reference}}))};
  std::vector<std::string> undecided;
  std::set<std::string> headline;
  for (const Json& k : data.at("kpis")) {
    if (k.at("headline").get<bool>()) headline.insert(k.at("name"));
  }
  for (const Json& k : data.at("comparison")) {
    const std::string name = k.at("kpi");
    if (!headline.count(name) || k.at("better") == "none") continue;
    const std::string label = strings.at("kpi." + name).get<std::string>();
    if (k.at("winner").is_null()) {
      undecided.push_back(label);
      continue;
    }
    const std::string winner = k.at("winner");
    const Json* row = nullptr;
    for (const Json& c : k.at("configurations")) {
      if (c.at("name") == winner) row = &c;
    }
    const std::string unit = units.at(name);
    if (winner == reference) {
      sentences.push_back(w.text("compare.reference_wins",
                                 args({{"winner", winner}, {"kpi", label},
                                       {"value", kpi_value(w, unit, row->at("mean").get<double>())},
                                       {"confidence", w.confidence(k.at("winner_confidence").get<double>())}})));
      continue;
    }
    sentences.push_back(w.text(
        "compare.winner",
        args({{"winner", winner}, {"kpi", label}, {"reference", reference},
              {"value", kpi_value(w, unit, row->at("mean").get<double>())},
              {"diff", kpi_value(w, unit, row->at("diff").get<double>())},
              {"low", row->at("ci_low").is_null() ? "" : kpi_value(w, unit, row->at("ci_low").get<double>())},
              {"high", row->at("ci_high").is_null() ? "" : kpi_value(w, unit, row->at("ci_high").get<double>())},
              {"confidence", w.confidence(k.at("winner_confidence").get<double>())}})));
  }
  if (!undecided.empty()) {
    sentences.push_back(w.text("compare.no_difference", args({{"list", w.list(undecided)}})));
  }
  return sentences;
}

std::vector<std::string> sweep_answer(const Json& data, const Writer& w, const Json& strings) {
  const auto units = kpi_units(data);
  const Json& axes = data.at("axes");
  const Json& cells = data.at("cells");
  std::vector<std::string> labels;
  for (const Json& a : axes) labels.push_back(a.at("label"));
  std::vector<std::string> sentences{w.text(
      "sweep.intro", args({{"cells", w.number(static_cast<double>(cells.size()))},
                           {"axes", w.list(labels)},
                           {"r", w.number(data.at("meta").at("replications").get<double>())}}))};
  const auto cell_text = [&](const Json& cell) {
    std::vector<std::string> parts;
    for (std::size_t a = 0; a < labels.size(); ++a) {
      parts.push_back(labels[a] + " = " + cell.at("values").at(a).get<std::string>());
    }
    return w.list(parts);
  };
  for (const Json& k : data.at("kpis")) {
    const std::string name = k.at("name");
    if (!k.at("headline").get<bool>() || k.at("better") == "none" || cells.empty()) continue;
    const bool higher = k.at("better") == "higher";
    const Json* best = &cells.at(0);
    const Json* worst = &cells.at(0);
    for (const Json& cell : cells) {
      const double m = cell.at("kpis").at(name).at("mean");
      const double b = best->at("kpis").at(name).at("mean"), x = worst->at("kpis").at(name).at("mean");
      if (higher ? m > b : m < b) best = &cell;
      if (higher ? m < x : m > x) worst = &cell;
    }
    // A KPI the grid does not move says nothing about it.
    if (best->at("kpis").at(name).at("mean") == worst->at("kpis").at(name).at("mean")) continue;
    const std::string unit = units.at(name);
    sentences.push_back(w.text(
        "sweep.best",
        args({{"kpi", strings.at("kpi." + name).get<std::string>()},
              {"value", kpi_value(w, unit, best->at("kpis").at(name).at("mean").get<double>())},
              {"cell", cell_text(*best)},
              {"worst", kpi_value(w, unit, worst->at("kpis").at(name).at("mean").get<double>())},
              {"worst_cell", cell_text(*worst)}})));
  }
  return sentences;
}

// The first day of the data's scenario; data edited into another date is not report data.
Date start_of(const Json& scenario) {
  const auto start = parse_iso_date(scenario.at("start").get<std::string>());
  if (!start) throw Error("not report data: scenario.start is not a date (YYYY-MM-DD)");
  return *start;
}

std::vector<std::string> answer(const Json& data, ReportLanguage language) {
  const Json strings = catalogue(language);
  if (data.at("kind") == "compare" || data.at("kind") == "sweep") {
    const Writer w(language, strings, start_of(data.at("scenario")));
    return data.at("kind") == "compare" ? compare_answer(data, w, strings)
                                        : sweep_answer(data, w, strings);
  }
  const Json& scenario = data.at("scenario");
  const Writer w(language, strings, start_of(scenario));
  const bool mc = data.at("kind") == "monte_carlo";
  const std::string prefix = mc ? "mc." : "run.";
  const auto key = [&](const char* k) { return prefix + k; };
  const Json& network = data.at("network");
  const auto mean = [&](const char* kpi) { return network.at(kpi).at("mean").get<double>(); };
  std::map<std::string, std::string> names;
  for (const Json& node : scenario.at("nodes")) names[node.at("id")] = node.at("name");
  const std::string replications = w.number(data.at("meta").at("replications").get<double>());
  std::vector<std::string> sentences;

  // 1. Will any office run out?
  const Json& any = data.at("any_stockout");
  const double p = any.at("probability").get<double>();
  const auto offices = data.at("offices");
  if (mc) {
    sentences.push_back(p > 0 ? w.text(key("any_stockout"),
                                       args({{"p", w.share(p)},
                                             {"low", w.share(any.at("ci_low").get<double>())},
                                             {"high", w.share(any.at("ci_high").get<double>())},
                                             {"n", replications}}))
                              : w.text(key("no_stockout"), args({{"n", replications}})));
  } else {
    const auto ran_out = std::count_if(offices.begin(), offices.end(), [](const Json& o) {
      return o.at("stockout_probability").get<double>() > 0;
    });
    sentences.push_back(ran_out > 0 ? w.text(key("any_stockout"),
                                             args({{"k", w.number(static_cast<double>(ran_out))},
                                                   {"n", w.number(static_cast<double>(offices.size()))}}))
                                    : w.text(key("no_stockout"), {}));
  }

  // 2. Which offices are most at risk?
  std::vector<const Json*> at_risk;
  for (const Json& o : offices) {
    if (o.at("stockout_probability").get<double>() > 0) at_risk.push_back(&o);
  }
  std::stable_sort(at_risk.begin(), at_risk.end(), [](const Json* a, const Json* b) {
    const double pa = a->at("stockout_probability"), pb = b->at("stockout_probability");
    if (pa != pb) return pa > pb;
    return a->at("stockout_days_mean").get<double>() > b->at("stockout_days_mean").get<double>();
  });
  if (at_risk.size() > 3) at_risk.resize(3);
  if (!at_risk.empty()) {
    std::vector<std::string> items;
    for (const Json* o : at_risk) {
      const std::string& name = names.at(o->at("id"));
      items.push_back(mc ? fmt::format("{} ({})", name, w.share(o->at("stockout_probability")))
                         : w.text("run.office_days",
                                  args({{"name", name},
                                        {"days", w.number(o->at("stockout_days_mean").get<double>())}})));
    }
    sentences.push_back(w.text(key("offices_at_risk"), args({{"list", w.list(items)}})));
  }

  // 3. When do the centre's and the provinces' stores run dry?
  std::vector<const Json*> dry;
  for (const Json& s : data.at("run_out")) {
    if (!s.at("median_day").is_null()) dry.push_back(&s);
  }
  std::stable_sort(dry.begin(), dry.end(), [](const Json* a, const Json* b) {
    return a->at("median_day").get<int>() < b->at("median_day").get<int>();
  });
  if (dry.size() > 3) dry.resize(3);
  for (const Json* s : dry) {
    const std::string date = w.day(s->at("median_day").get<std::int64_t>());
    if (!mc) {
      sentences.push_back(w.text(key("run_out"), args({{"name", names.at(s->at("id"))}, {"date", date}})));
      continue;
    }
    const Json& p95 = s->at("p95_day");
    const bool same_day = !p95.is_null() && s->at("p5_day") == p95;
    sentences.push_back(w.text(
        p95.is_null() ? "mc.run_out_open" : same_day ? "mc.run_out_same" : "mc.run_out",
        args({{"name", names.at(s->at("id"))}, {"date", date},
              {"p5", w.day(s->at("p5_day").get<std::int64_t>())},
              {"p95", p95.is_null() ? std::string() : w.day(p95.get<std::int64_t>())},
              {"p", w.share(s->at("probability").get<double>())}})));
  }
  if (dry.empty()) sentences.push_back(w.text(key("stores_hold"), {}));

  // 4. How many suket?
  const Json& suket = network.at("suket_issued");
  sentences.push_back(mc ? w.text(key("suket"), args({{"mean", w.number(mean("suket_issued"))},
                                                      {"low", w.number(suket.at("ci_low").get<double>())},
                                                      {"high", w.number(suket.at("ci_high").get<double>())}}))
                         : w.text(key("suket"), args({{"mean", w.number(mean("suket_issued"))}})));

  // 5. Blanks or printers?
  double stockout_days = 0, printer_days = 0;
  for (const Json& o : offices) {
    stockout_days += o.at("stockout_days_mean").get<double>();
    printer_days += o.at("printer_bound_days_mean").get<double>();
  }
  const std::string_view bottleneck = detail::bottleneck(stockout_days, printer_days);
  sentences.push_back(w.text(std::string("bottleneck_") + std::string(bottleneck),
                             args({{"stockout", w.number(stockout_days, mc ? 1 : 0)},
                                   {"printer", w.number(printer_days, mc ? 1 : 0)}})));
  return sentences;
}

// JSON placed inside <script>: every "<" as "\u003c" (the same string to JSON), so that
// nothing in the data ("</script", "<!--") can end or change the element.
std::string json_in_script(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

// A script placed inside <script>: only "</script" ends the element, and in a script it can
// only stand in a string, where "<\/script" means the same.
std::string script_in_script(std::string text) {
  for (std::size_t at = 0; (at = text.find("</", at)) != std::string::npos; at += 3) {
    std::string tag = text.substr(at + 2, 6);
    std::transform(tag.begin(), tag.end(), tag.begin(), [](unsigned char c) { return std::tolower(c); });
    if (tag == "script") text.replace(at, 2, "<\\/");
  }
  return text;
}

std::string escape_html(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// The template with each placeholder replaced by its value, in one pass over the template
// only (so text inside a value is never taken for a placeholder); each must be there once.
std::string fill(std::string_view page,
                 const std::vector<std::pair<std::string_view, std::string>>& values) {
  std::string out;
  for (const auto& [placeholder, value] : values) {
    if (page.find(placeholder) == std::string_view::npos) {
      throw Error(fmt::format("the report template has no {} (report/template.html)", placeholder));
    }
  }
  while (!page.empty()) {
    std::size_t next = std::string_view::npos;
    const std::pair<std::string_view, std::string>* which = nullptr;
    for (const auto& entry : values) {
      const std::size_t at = page.find(entry.first);
      if (at < next) {
        next = at;
        which = &entry;
      }
    }
    if (which == nullptr) {
      out += page;
      break;
    }
    out += page.substr(0, next);
    out += which->second;
    page.remove_prefix(next + which->first.size());
  }
  return out;
}

// What `read` makes of the data, or blanko::Error when the data lack what it reads (report
// data of another version, or edited by hand): a missing key, a value of another type, an
// id that the scenario's nodes or the KPIs' units do not have.
template <class Read>
auto reading_data(Read&& read) {
  try {
    return read();
  } catch (const Json::exception& e) {
    throw Error(std::string("not report data: ") + e.what());
  } catch (const std::out_of_range& e) {
    throw Error(std::string("not report data: a name it refers to is missing (") + e.what() + ")");
  }
}

std::vector<std::string> checked_answer(const Json& data, ReportLanguage language) {
  return reading_data([&] { return answer(data, language); });
}

}  // namespace

std::vector<std::string> report_answer(std::string_view data, ReportLanguage language) {
  return checked_answer(parse_data(data), language);
}

void write_html_report(std::ostream& out, std::string_view data, ReportLanguage language) {
  Json json = parse_data(data);
  json["lang"] = std::string(to_string(language));
  json["strings"] = catalogue(language);
  json["answer"] = checked_answer(json, language);
  const std::string title = reading_data([&] {
    return fmt::format(fmt::runtime(json["strings"].at("page.title").get<std::string>()),
                       fmt::arg("name", json.at("scenario").at("name").get<std::string>()));
  });
  const std::string page = fill(
      detail::report_asset(detail::ReportAsset::page_template),
      {{"<!-- BLANKO:TITLE -->", escape_html(title)},
       {"/* BLANKO:CSS */", std::string(detail::report_asset(detail::ReportAsset::style))},
       {"/* BLANKO:ECHARTS */",
        script_in_script(std::string(detail::report_asset(detail::ReportAsset::echarts)))},
       {"/* BLANKO:JS */",
        script_in_script(std::string(detail::report_asset(detail::ReportAsset::script)))},
       {"<!-- BLANKO:DATA -->", json_in_script(detail::json_text(json))}});
  out << page;
}

void write_html_report(const std::filesystem::path& file, std::string_view data,
                       ReportLanguage language) {
  detail::write_atomically(file, [&](std::ostream& out) { write_html_report(out, data, language); });
}

}  // namespace blanko
