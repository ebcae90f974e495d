// Reading plan files (docs/plan.md) with the scenario loader's YamlReader, so that every
// error names the file, line, column and key path as a scenario's do.
#include <blanko/kpis.hpp>
#include <blanko/plan.hpp>

#include "detail/input_file.hpp"
#include "detail/overrides.hpp"
#include "detail/plan_bounds.hpp"
#include "detail/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace blanko {
namespace {

using detail::Field;
using detail::YamlReader;

// A number of a range or list as a `--set` value reads it back: integers without a
// fraction, others as the shortest text that round-trips.
std::string value_text(double value) {
  if (value == std::floor(value) && std::abs(value) < 1e15) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  return fmt::format("{}", value);
}

class PlanReader {
 public:
  PlanReader(const YamlReader& yaml, std::filesystem::path base_dir)
      : yaml_(yaml), base_dir_(std::move(base_dir)) {}

  Plan read(const Field& top, const std::string& source) const {
    yaml_.expect_map(top);
    static constexpr std::array<std::string_view, 9> kKeys{
        "name", "scenario", "set", "decision", "target", "replications", "verify_replications",
        "confidence", "seed"};
    yaml_.check_keys(top, kKeys);
    Plan plan;
    plan.source_file = source;
    plan.where = yaml_.locate(top);
    plan.name = yaml_.get<std::string>(top, "name")
                    .value_or(std::filesystem::path(source).stem().string());
    const Field scenario_field = yaml_.require(top, "scenario");
    const std::filesystem::path scenario(yaml_.as_string(scenario_field));
    plan.scenario_file = scenario.is_absolute() ? scenario : base_dir_ / scenario;
    plan.scenario_where = yaml_.locate(scenario_field);
    if (auto set = yaml_.find(top, "set")) {
      for (detail::WrittenOverride& o : detail::read_override_map(yaml_, *set)) {
        plan.overrides.push_back(std::move(o.text));
        plan.override_origins.push_back(std::move(o.where));
      }
    }
    plan.decision = decision(yaml_.require(top, "decision"));
    plan.target = target(yaml_.require(top, "target"));
    if (auto n = yaml_.get<std::uint64_t>(top, "replications", detail::plan_bound::replications)) {
      plan.replications = *n;
    }
    if (auto n = yaml_.get<std::uint64_t>(top, "verify_replications",
                                          detail::plan_bound::replications)) {
      plan.verify_replications = *n;
    }
    if (auto c = yaml_.get<double>(top, "confidence", detail::plan_bound::confidence)) {
      plan.confidence = *c;
    }
    if (auto seed = yaml_.get<std::uint64_t>(top, "seed")) plan.seed = *seed;
    return plan;
  }

 private:
  PlanDecision decision(const Field& map) const {
    yaml_.expect_map(map);
    static constexpr std::array<std::string_view, 10> kKeys{
        "top_up", "set",     "split",  "choose",   "values",
        "prefer", "proposed", "blanks", "minimize", "indifference"};
    yaml_.check_keys(map, kKeys);
    PlanDecision d;
    d.where = yaml_.locate(map);
    const auto top_up = yaml_.find(map, "top_up");
    const auto set = yaml_.find(map, "set");
    const auto split = yaml_.find(map, "split");
    const auto choose = yaml_.find(map, "choose");
    if (int{top_up.has_value()} + int{set.has_value()} + int{split.has_value()} +
            int{choose.has_value()} != 1) {
      yaml_.fail(map, "a decision is one of `top_up: {node, date}`, `set: <key path>`, "
                      "`split: {budget, step, date, among or within}` and `choose: {key: [values]}`");
    }
    if (choose) return choose_decision(map, *choose, d);
    for (const char* key : {"minimize", "indifference"}) {
      if (auto f = yaml_.find(map, key)) yaml_.fail(*f, fmt::format("`{}` goes with `choose`", key));
    }
    if (split) return split_decision(map, *split, d);
    if (top_up) {
      yaml_.expect_map(*top_up);
      static constexpr std::array<std::string_view, 2> kTopUpKeys{"node", "date"};
      yaml_.check_keys(*top_up, kTopUpKeys);
      d.kind = PlanDecision::Kind::top_up;
      d.node = yaml_.as_string(yaml_.require(*top_up, "node"));
      d.date = yaml_.as_date(yaml_.require(*top_up, "date"));
      d.values_are_blanks = true;
    } else {
      d.kind = PlanDecision::Kind::setting;
      d.key = yaml_.as_string(*set);
      if (d.key.empty() || d.key.find('=') != std::string::npos) {
        yaml_.fail(*set, "expected a key path such as procurement.lots.1.quantity");
      }
      d.values_are_blanks = yaml_.get<bool>(map, "blanks").value_or(false);
    }
    if (top_up && yaml_.find(map, "blanks")) {
      yaml_.fail(*yaml_.find(map, "blanks"), "a top-up always counts blanks");
    }
    const detail::FieldBound& bound =
        top_up ? detail::plan_bound::top_up : detail::plan_bound::setting;
    d.values = values(yaml_.require(map, "values"), bound, top_up.has_value(), map);
    if (auto proposed = yaml_.find(map, "proposed")) {
      d.proposed = top_up ? value_text(yaml_.as_bounded(*proposed, bound))
                          : detail::override_value(proposed->node);
    }
    return d;
  }

  // A split and a choice make their values: these keys go with top_up and set.
  void no_values(const Field& map, const char* what) const {
    for (const char* key : {"values", "prefer", "proposed", "blanks"}) {
      if (auto f = yaml_.find(map, key)) {
        yaml_.fail(*f, fmt::format("{} makes its own values: `{}` goes with top_up or set", what, key));
      }
    }
  }

  PlanDecision choose_decision(const Field& map, const Field& choose, PlanDecision d) const {
    no_values(map, "a choice");
    d.kind = PlanDecision::Kind::choose;
    yaml_.expect_map(choose);
    std::size_t alternatives = 1;
    for (const auto& [key, values] : yaml_.entries(choose)) {
      const std::string path = yaml_.as_string(key);
      if (path.empty() || path.find('=') != std::string::npos) {
        yaml_.fail(key, "expected a key path such as defaults.kabkota.replenishment.safety_days");
      }
      std::vector<std::string> texts;
      for (const Field& item : yaml_.items(values)) texts.push_back(detail::override_value(item.node));
      if (texts.empty()) yaml_.fail(values, "expected at least one value");
      alternatives *= texts.size();
      if (alternatives > detail::kMaxPlanAlternatives) {
        yaml_.fail(values, fmt::format("more than {} alternatives: choose among fewer values",
                                       detail::kMaxPlanAlternatives));
      }
      d.choices.emplace_back(path, std::move(texts));
    }
    if (alternatives < 2) yaml_.fail(choose, "a choice needs at least two alternatives");
    const Field minimize = yaml_.require(map, "minimize");
    d.minimize = yaml_.as_string(minimize);
    try {
      (void)find_kpi(d.minimize);
    } catch (const Error& e) {
      yaml_.fail(minimize, e.what());
    }
    d.indifference = yaml_.as_bounded(yaml_.require(map, "indifference"), detail::plan_bound::indifference);
    return d;
  }

  PlanDecision split_decision(const Field& map, const Field& split, PlanDecision d) const {
    no_values(map, "a split");
    yaml_.expect_map(split);
    static constexpr std::array<std::string_view, 5> kSplitKeys{"budget", "step", "date", "among",
                                                                "within"};
    yaml_.check_keys(split, kSplitKeys);
    d.kind = PlanDecision::Kind::split;
    d.values_are_blanks = true;
    d.date = yaml_.as_date(yaml_.require(split, "date"));
    const Field budget = yaml_.require(split, "budget");
    d.budget = static_cast<std::int64_t>(yaml_.as_bounded(budget, detail::plan_bound::split));
    const Field step = yaml_.require(split, "step");
    d.step = static_cast<std::int64_t>(yaml_.as_bounded(step, detail::plan_bound::split));
    if (d.step > d.budget) yaml_.fail(step, "the step must not exceed the budget");
    if (static_cast<std::uint64_t>(d.budget / d.step) > detail::kMaxPlanValues) {
      yaml_.fail(step, fmt::format("more than {} steps: take a larger step", detail::kMaxPlanValues));
    }
    const auto among = yaml_.find(split, "among");
    const auto within = yaml_.find(split, "within");
    if (among.has_value() == within.has_value()) {
      yaml_.fail(split, "a split is among a list of nodes (`among`) or the offices of a "
                        "province (`within`)");
    }
    if (among) {
      d.nodes = yaml_.as<std::vector<std::string>>(*among);
      if (d.nodes.size() < 2) yaml_.fail(*among, "a split needs at least two nodes");
    } else {
      d.within = yaml_.as_string(*within);
    }
    return d;
  }

  // The candidate values, cheapest first: a list as written, or a range of numbers or dates.
  std::vector<std::string> values(const Field& field, const detail::FieldBound& bound,
                                  bool top_up, const Field& decision) const {
    std::vector<std::string> out;
    const auto prefer = yaml_.find(decision, "prefer");
    if (field.node.IsSequence()) {
      if (prefer) yaml_.fail(*prefer, "a list of values is already in order, cheapest first");
      for (const Field& item : yaml_.items(field)) {
        out.push_back(top_up ? value_text(yaml_.as_bounded(item, bound))
                             : detail::override_value(item.node));
      }
      if (out.empty()) yaml_.fail(field, "expected at least one value");
      if (out.size() > detail::kMaxPlanValues) too_many(field);
      return out;
    }
    yaml_.expect_map(field);
    static constexpr std::array<std::string_view, 4> kKeys{"from", "to", "step", "step_days"};
    yaml_.check_keys(field, kKeys);
    const Field from = yaml_.require(field, "from");
    const Field to = yaml_.require(field, "to");
    const bool dates = from.node.IsScalar() && parse_iso_date(from.node.Scalar()).has_value();
    std::string order = dates ? "largest" : "smallest";  // later lots and fewer blanks are cheaper
    if (prefer) {
      order = yaml_.as_string(*prefer);
      if (order != "smallest" && order != "largest") {
        yaml_.fail(*prefer, "expected smallest or largest, got '" + order + "'");
      }
    }
    if (dates) {
      if (top_up) yaml_.fail(from, "a top-up's values are blanks, not dates");
      if (yaml_.find(field, "step")) yaml_.fail(*yaml_.find(field, "step"), "dates step by step_days");
      const Date first = yaml_.as_date(from);
      const Date last = yaml_.as_date(to);
      if (last < first) yaml_.fail(to, "`to` must not be before `from`");
      const auto step = static_cast<int>(
          yaml_.as_bounded(yaml_.require(field, "step_days"), detail::plan_bound::step_days));
      const auto count = (last - first).count() / step + 1;
      if (static_cast<std::size_t>(count) > detail::kMaxPlanValues) too_many(field);
      for (Date day = first; day <= last; day += std::chrono::days(step)) {
        out.push_back(to_iso_string(day));
      }
    } else {
      if (yaml_.find(field, "step_days")) {
        yaml_.fail(*yaml_.find(field, "step_days"), "numbers step by step");
      }
      const double first = yaml_.as_bounded(from, bound);
      const double last = yaml_.as_bounded(to, bound);
      if (last < first) yaml_.fail(to, "`to` must not be less than `from`");
      const Field step_field = yaml_.require(field, "step");
      const double step = yaml_.as_bounded(step_field, bound);
      if (!(step > 0)) yaml_.fail(step_field, "the step must be positive");
      if ((last - first) / step + 1 > static_cast<double>(detail::kMaxPlanValues)) too_many(field);
      const auto count = static_cast<std::size_t>(std::floor((last - first) / step + 1e-9)) + 1;
      for (std::size_t i = 0; i < count; ++i) {
        out.push_back(value_text(first + static_cast<double>(i) * step));
      }
    }
    if (order == "largest") std::reverse(out.begin(), out.end());
    return out;
  }

  [[noreturn]] void too_many(const Field& field) const {
    yaml_.fail(field, fmt::format("more than {} values: take a larger step", detail::kMaxPlanValues));
  }

  PlanTarget target(const Field& map) const {
    yaml_.expect_map(map);
    static constexpr std::array<std::string_view, 6> kKeys{
        "stockout", "probability_at_most", "kpi", "node", "at_most", "at_least"};
    yaml_.check_keys(map, kKeys);
    PlanTarget t;
    t.where = yaml_.locate(map);
    const auto stockout = yaml_.find(map, "stockout");
    const auto kpi = yaml_.find(map, "kpi");
    if (stockout.has_value() == kpi.has_value()) {
      yaml_.fail(map, "a target is either `stockout: {...}` with `probability_at_most`, or "
                      "`kpi: <name>` with `at_most` or `at_least`");
    }
    if (stockout) {
      t.kind = PlanTarget::Kind::stockout_probability;
      if (stockout->node.IsMap()) {
        static constexpr std::array<std::string_view, 3> kWindowKeys{"nodes", "from", "to"};
        yaml_.check_keys(*stockout, kWindowKeys);
        if (auto nodes = yaml_.get<std::vector<std::string>>(*stockout, "nodes")) t.nodes = *nodes;
        t.from = yaml_.get<Date>(*stockout, "from");
        t.to = yaml_.get<Date>(*stockout, "to");
        if (t.from && t.to && *t.to < *t.from) {
          yaml_.fail(*yaml_.find(*stockout, "to"), "`to` must not be before `from`");
        }
      } else if (!stockout->node.IsNull()) {
        yaml_.fail(*stockout, "expected {nodes, from, to} (each optional), got " +
                                  YamlReader::describe(stockout->node));
      }
      for (const char* key : {"node", "at_most", "at_least"}) {
        if (auto f = yaml_.find(map, key)) yaml_.fail(*f, fmt::format("`{}` goes with `kpi`", key));
      }
      t.bound = yaml_.as_bounded(yaml_.require(map, "probability_at_most"),
                                 detail::plan_bound::probability);
      return t;
    }
    t.kind = PlanTarget::Kind::kpi_mean;
    t.kpi = yaml_.as_string(*kpi);
    try {
      (void)find_kpi(t.kpi);
    } catch (const Error& e) {
      yaml_.fail(*kpi, e.what());
    }
    if (auto f = yaml_.find(map, "probability_at_most")) yaml_.fail(*f, "`probability_at_most` goes with `stockout`");
    t.node = yaml_.get<std::string>(map, "node").value_or("");
    const auto at_most = yaml_.find(map, "at_most");
    const auto at_least = yaml_.find(map, "at_least");
    if (at_most.has_value() == at_least.has_value()) {
      yaml_.fail(map, "a KPI target needs one of `at_most` and `at_least`");
    }
    t.at_least = at_least.has_value();
    t.bound = yaml_.as_bounded(at_least ? *at_least : *at_most, detail::plan_bound::kpi_bound);
    return t;
  }

  const YamlReader& yaml_;
  std::filesystem::path base_dir_;
};

}  // namespace

Plan parse_plan(std::string_view yaml_text, std::string_view source_name,
                const std::filesystem::path& base_dir, const std::vector<std::string>& overrides) {
  const std::string source(source_name);
  YAML::Node root = detail::load_yaml(yaml_text, source);
  const YamlReader yaml(source, detail::apply_overrides(root, overrides));
  return PlanReader(yaml, base_dir).read(Field(root, ""), source);
}

Plan load_plan(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  // A plan beside the working directory names its scenario as written (`x.yaml`, not `./x.yaml`).
  return parse_plan(detail::read_input_file(file, "plan"), file.string(), file.parent_path(),
                    overrides);
}

}  // namespace blanko
