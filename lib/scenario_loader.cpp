#include <blanko/scenario_loader.hpp>

#include "detail/calendar_reader.hpp"
#include "detail/distribution_fields.hpp"
#include "detail/node_table.hpp"
#include "detail/overrides.hpp"
#include "detail/sha256.hpp"
#include "detail/suggest.hpp"
#include "detail/yaml_reader.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

namespace blanko {
namespace {

namespace bound = detail::bound;
using detail::Field;
using detail::FieldBound;
using detail::YamlReader;

constexpr std::array<std::string_view, 7> kTopKeys{"scenario", "defaults",    "costs",   "nodes",
                                                   "lanes",    "procurement", "calendar"};
constexpr std::array<std::string_view, 5> kScenarioKeys{"name", "start", "end", "horizon_days",
                                                        "seed"};
// Which node fields each level may set: a node, defaults per kind, a table entry, and a
// table entry's per-row overrides.
constexpr std::array<std::string_view, 12> kInlineNodeKeys{
    "id",     "name",   "kind",          "parent",     "population", "initial_stock",
    "office", "demand", "replenishment", "allocation", "lateral",    "costs"};
constexpr std::array<std::string_view, 7> kDefaultsKeys{
    "parent", "initial_stock", "office", "demand", "replenishment", "allocation", "lateral"};
constexpr std::array<std::string_view, 12> kTableEntryKeys{
    "table",  "within", "levels",        "overrides",  "parent",  "initial_stock",
    "office", "demand", "replenishment", "allocation", "lateral", "costs"};
constexpr std::array<std::string_view, 10> kTableOverrideKeys{
    "name",   "population",    "parent",     "initial_stock", "office",
    "demand", "replenishment", "allocation", "lateral",       "costs"};
// Costs are not a `defaults` field: they have their own top-level section per node kind.
constexpr std::array<std::string_view, 4> kCostKeys{
    "holding_per_blank_day", "waiting_per_suket_day", "per_lost_request", "unit_price"};
constexpr std::array<std::string_view, 7> kOfficeKeys{"printers",
                                                      "cards_per_printer_per_day",
                                                      "closed_weekdays",
                                                      "initial_backlog",
                                                      "patience_days",
                                                      "give_up_share",
                                                      "ikd_share_of_leavers"};
constexpr std::array<std::string_view, 5> kLateralKeys{
    "enabled", "donor_min_cover_days", "recipient_cover_days", "lead_time", "max_per_transfer"};
constexpr std::array<std::string_view, 2> kScaledPrintersKeys{"per_wajib_ktp", "min"};
constexpr std::array<std::string_view, 5> kDemandKeys{"annual_rate", "wajib_ktp_share",
                                                      "categories", "counts", "dedup_delay"};
constexpr std::array<std::string_view, 3> kCategoryKeys{"annual_rate", "per", "priority"};
constexpr std::array<std::string_view, 1> kPoissonCountsKeys{"dist"};
constexpr std::array<std::string_view, 2> kNegativeBinomialCountsKeys{"dist", "dispersion"};
constexpr std::array<std::string_view, 9> kLaneKeys{
    "from",     "to",       "mode",      "lead_time",          "lot",
    "priority", "closures", "trip_cost", "max_trips_per_month"};
constexpr std::array<std::string_view, 2> kClosureKeys{"start", "end"};
constexpr std::array<std::string_view, 3> kLotKeys{"min", "max", "multiple"};
constexpr std::array<std::string_view, 2> kSelectorKeys{"kind", "within"};
constexpr std::array<std::string_view, 3> kProcurementKeys{"node", "lots", "tenders"};
constexpr std::array<std::string_view, 3> kProcurementLotKeys{"date", "quantity", "node"};
constexpr std::array<std::string_view, 10> kTenderKeys{"name",
                                                       "node",
                                                       "budget_date",
                                                       "quantity",
                                                       "tender_lead_time_days",
                                                       "failure_probability",
                                                       "retender_delay_days",
                                                       "max_attempts",
                                                       "lots",
                                                       "lot_interval_days"};
constexpr std::array<std::string_view, 2> kTableLevels{"province", "kabkota"};
// Keys of an allocation or replenishment map that are not policy parameters.
constexpr std::array<std::string_view, 1> kAllocationKeys{"policy"};
constexpr std::array<std::string_view, 3> kReplenishmentKeys{"policy", "review_period_days",
                                                             "review_offset_days"};

bool contains(std::span<const std::string_view> words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

SourceLocation with_key(SourceLocation where, std::string_view key) {
  where.key_path = detail::child_path(where.key_path, key);
  return where;
}

/// A node as read, with the `parent` that only lane rules (`from: parent`) use: the supply
/// network itself is defined by lanes, so NodeSpec has no parent.
struct ReadNode {
  NodeSpec spec;
  std::string parent;
};

/// A lane entry as written: an explicit lane, or a rule over every node of a kind.
struct LaneEntry {
  LaneSpec lane;                 // `to` is empty for a rule
  bool from_parent = false;      // `from: parent`
  std::optional<NodeKind> kind;  // set: `to` is a selector
  std::string within;
  Field map;
  Field to;
};

class Loader {
 public:
  Loader(const YamlReader& yaml, std::filesystem::path base_dir)
      : yaml_(yaml), base_dir_(std::move(base_dir)) {}

  Scenario read(const Field& root) {
    yaml_.check_keys(root, kTopKeys);
    Scenario scenario;
    read_header(yaml_.require(root, "scenario"), scenario);
    if (auto defaults = yaml_.find(root, "defaults")) read_defaults(*defaults);
    if (auto costs = yaml_.find(root, "costs")) read_kind_costs(*costs);
    std::vector<ReadNode> nodes;
    for (const Field& item : yaml_.items(yaml_.require(root, "nodes"))) {
      yaml_.expect_map(item);
      if (yaml_.find(item, "table")) {
        read_table(item, nodes);
      } else {
        nodes.push_back(read_inline_node(item));
      }
    }
    if (auto lanes = yaml_.find(root, "lanes")) scenario.lanes = read_lanes(*lanes, nodes);
    for (ReadNode& node : nodes) scenario.nodes.push_back(std::move(node.spec));
    if (auto procurement = yaml_.find(root, "procurement")) {
      read_procurement(*procurement, scenario);
    }
    if (auto calendar = yaml_.find(root, "calendar")) {
      scenario.calendar = detail::read_calendar(yaml_, *calendar, base_dir_);
    }
    return scenario;
  }

 private:
  void read_header(const Field& map, Scenario& scenario) const {
    yaml_.check_keys(map, kScenarioKeys);
    scenario.where = yaml_.locate(map);
    scenario.name = yaml_.get<std::string>(map, "name").value_or("");
    scenario.start = yaml_.as_date(yaml_.require(map, "start"));
    const auto end = yaml_.find(map, "end");
    const auto horizon = yaml_.find(map, "horizon_days");
    if (end && horizon) yaml_.fail(*horizon, "give either 'end' or 'horizon_days', not both");
    if (end) {
      // The horizon the dates give has the bounds of horizon_days (and may not be negative).
      const auto days = static_cast<double>((yaml_.as_date(*end) - scenario.start).count()) + 1;
      if (!bound::horizon_days.contains(days)) {
        yaml_.fail(*end, bound::horizon_days.violation("the horizon (end - start + 1)", days));
      }
      scenario.horizon_days = static_cast<int>(days);
    } else if (horizon) {
      scenario.horizon_days = static_cast<int>(yaml_.as_bounded(*horizon, bound::horizon_days));
    } else {
      yaml_.fail(map, "missing required key 'end' (or 'horizon_days')");
    }
    if (auto seed = yaml_.get<std::uint64_t>(map, "seed")) scenario.seed = *seed;
  }

  void read_defaults(const Field& map) {
    yaml_.check_keys(map, node_kind_names());
    for (const auto& [key, value] : yaml_.entries(map)) {
      yaml_.expect_map(value);
      if (auto costs = yaml_.find(value, "costs")) {
        yaml_.fail(*costs, "costs per node kind go in the top-level 'costs' section (costs." +
                               key.node.Scalar() + "), not in defaults");
      }
      yaml_.check_keys(value, kDefaultsKeys);
      check_level(value);
      defaults_.emplace(*parse_node_kind(key.node.Scalar()), value);
    }
  }

  // `costs: {kabkota: {holding_per_blank_day: 0.05, ...}, ...}`: checked whole here, even
  // for a kind no node has.
  void read_kind_costs(const Field& map) {
    yaml_.check_keys(map, node_kind_names());
    for (const auto& [key, value] : yaml_.entries(map)) {
      yaml_.expect_map(value);
      yaml_.check_keys(value, kCostKeys);
      (void)resolve_costs({value}, SourceLocation{});
      kind_costs_.emplace(*parse_node_kind(key.node.Scalar()), value);
    }
  }

  ReadNode read_inline_node(const Field& map) const {
    yaml_.check_keys(map, kInlineNodeKeys);
    ReadNode read;
    NodeSpec& node = read.spec;
    node.id = yaml_.as_string(yaml_.require(map, "id"));
    node.name = node.id;
    if (auto kind = yaml_.get<NodeKind>(map, "kind")) node.kind = *kind;
    node.where = yaml_.locate(map);
    resolve_node(with_defaults({map}, node.kind), read, false);
    return read;
  }

  void read_table(const Field& entry, std::vector<ReadNode>& nodes) const {
    yaml_.check_keys(entry, kTableEntryKeys);
    const Field table_field = yaml_.require(entry, "table");
    const std::filesystem::path path =
        (base_dir_ / yaml_.as_string(table_field)).lexically_normal();
    const detail::NodeTable table = detail::read_node_table(path, yaml_.locate(table_field));

    const std::string within = yaml_.get<std::string>(entry, "within").value_or("");
    std::vector<std::string> levels{"kabkota"};
    if (auto list = yaml_.find(entry, "levels")) {
      levels.clear();
      for (const Field& item : yaml_.items(*list)) {
        std::string level = yaml_.as_string(item);
        if (!contains(kTableLevels, level)) {
          yaml_.fail(item, "unknown table level '" + level + "'" +
                               detail::suggestion_suffix(level, kTableLevels));
        }
        levels.push_back(std::move(level));
      }
    }
    check_level(entry);

    std::vector<const detail::TableRow*> rows;
    std::vector<std::string> ids;
    for (const detail::TableRow& row : table.rows) {
      if (std::find(levels.begin(), levels.end(), row.level) == levels.end()) continue;
      if (!within.empty() && !is_within_region(row.kode, within)) continue;
      rows.push_back(&row);
      ids.push_back(row.kode);
    }

    std::map<std::string, Field> overrides;
    if (auto map = yaml_.find(entry, "overrides")) {
      for (const auto& [key, value] : yaml_.entries(*map)) {
        const std::string id = yaml_.as_string(key);
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
          yaml_.fail(key, "no row '" + id + "' among the rows this entry takes from '" +
                              table.file + "'" + detail::suggestion_suffix(id, ids));
        }
        yaml_.expect_map(value);
        yaml_.check_keys(value, kTableOverrideKeys);
        overrides.emplace(id, value);
      }
    }

    for (const detail::TableRow* row : rows) {
      ReadNode read;
      NodeSpec& node = read.spec;
      node.id = row->kode;
      node.name = row->nama;
      node.population = row->total;
      node.kind = row->level == "province" ? NodeKind::province : NodeKind::kabkota;
      node.where = {.file = table.file,
                    .line = row->line,
                    .column = 1,
                    .key_path = entry.path + ".table[\"" + row->kode + "\"]"};
      std::vector<Field> layers;
      const auto override_it = overrides.find(row->kode);
      if (override_it != overrides.end()) layers.push_back(override_it->second);
      layers.push_back(entry);
      resolve_node(with_defaults(std::move(layers), node.kind), read, false);
      // A kab/kota's province comes from its code, unless its override names another parent.
      const std::size_t dot = row->kode.find('.');
      const bool parent_overridden =
          override_it != overrides.end() && yaml_.find(override_it->second, "parent");
      if (node.kind == NodeKind::kabkota && dot != std::string::npos && !parent_overridden) {
        read.parent = row->kode.substr(0, dot);
      }
      nodes.push_back(std::move(read));
    }
  }

  std::vector<Field> with_defaults(std::vector<Field> layers, NodeKind kind) const {
    if (auto it = defaults_.find(kind); it != defaults_.end()) layers.push_back(it->second);
    return layers;
  }

  // Checks every field of a defaults map or table entry once, even when no node uses it
  // or a more specific level hides it.
  void check_level(const Field& level) const {
    ReadNode probe;
    resolve_node({level}, probe, true);
  }

  // Fills `node` from `layers` (most specific first): each field comes from the first level
  // that sets it; office, demand, replenishment, lateral and costs merge key by key. `partial`
  // (a single level, checked on its own) skips what only holds for a whole node: a
  // replenishment policy must be named, and the kind's `costs` section comes last.
  void resolve_node(const std::vector<Field>& layers, ReadNode& read, bool partial) const {
    NodeSpec& node = read.spec;
    node.initial_stock.where = with_key(node.where, "initial_stock");
    node.allocation.where = with_key(node.where, "allocation");
    assign(layers, "name", node.name);
    assign(layers, "parent", read.parent);
    assign(layers, "population", bound::population, node.population);
    if (auto stock = first_with(layers, "initial_stock")) {
      node.initial_stock = yaml_.as_quantity(*stock, bound::initial_stock);
    }

    if (const auto maps = sub_maps(layers, "office", kOfficeKeys); !maps.empty()) {
      OfficeSpec office;
      office.where = yaml_.locate(maps.front());
      if (auto printers = first_with(maps, "printers")) read_printers(*printers, office);
      assign(maps, "cards_per_printer_per_day", bound::cards_per_printer_per_day,
             office.cards_per_printer_per_day);
      assign(maps, "closed_weekdays", office.closed_weekdays);
      assign(maps, "initial_backlog", bound::initial_backlog, office.initial_backlog);
      if (auto days = first_with(maps, "patience_days")) {
        office.patience_days = static_cast<int>(yaml_.as_bounded(*days, bound::patience_days));
      }
      assign(maps, "give_up_share", bound::give_up_share, office.give_up_share);
      assign(maps, "ikd_share_of_leavers", bound::ikd_share_of_leavers, office.ikd_share_of_leavers);
      node.office = std::move(office);
    }
    if (const auto maps = sub_maps(layers, "lateral", kLateralKeys); !maps.empty()) {
      LateralSpec lateral;
      lateral.where = yaml_.locate(maps.front());
      lateral.lead_time.where = with_key(lateral.where, "lead_time");
      assign(maps, "enabled", lateral.enabled);
      assign(maps, "donor_min_cover_days", bound::donor_min_cover_days, lateral.donor_min_cover_days);
      assign(maps, "recipient_cover_days", bound::recipient_cover_days, lateral.recipient_cover_days);
      if (auto lead_time = first_with(maps, "lead_time")) {
        lateral.lead_time = read_distribution(*lead_time);
      }
      assign(maps, "max_per_transfer", bound::max_per_transfer, lateral.max_per_transfer);
      node.lateral = std::move(lateral);
    }
    if (const auto maps = sub_maps(layers, "demand", kDemandKeys); !maps.empty()) {
      node.demand = resolve_demand(maps);
    }
    if (const auto maps = sub_maps(layers, "replenishment", {}); !maps.empty()) {
      node.replenishment = resolve_replenishment(maps, partial);
    }
    if (auto allocation = first_with(layers, "allocation")) {
      node.allocation = read_policy(*allocation);
    }
    std::vector<Field> cost_maps = sub_maps(layers, "costs", kCostKeys);
    if (auto kind = kind_costs_.find(node.kind); !partial && kind != kind_costs_.end()) {
      cost_maps.push_back(kind->second);
    }
    node.costs = resolve_costs(cost_maps, with_key(node.where, "costs"));
  }

  // Each cost from the first of `maps` (most specific first) that sets it, else 0; located at
  // the first map, or at `unset` when there is none.
  CostSpec resolve_costs(const std::vector<Field>& maps, SourceLocation unset) const {
    CostSpec costs;
    costs.where = maps.empty() ? std::move(unset) : yaml_.locate(maps.front());
    assign(maps, "holding_per_blank_day", bound::unit_cost, costs.holding_per_blank_day);
    assign(maps, "waiting_per_suket_day", bound::unit_cost, costs.waiting_per_suket_day);
    assign(maps, "per_lost_request", bound::unit_cost, costs.per_lost_request);
    assign(maps, "unit_price", bound::unit_cost, costs.unit_price);
    return costs;
  }

  // `printers: 2`, or `{per_wajib_ktp: 100000, min: 1}` to scale with the office's size.
  // Taken whole from one level: a fixed count below a scaled default switches scaling off.
  void read_printers(const Field& field, OfficeSpec& office) const {
    if (field.node.IsMap()) {
      yaml_.check_keys(field, kScaledPrintersKeys);
      office.wajib_ktp_per_printer = static_cast<std::int64_t>(
          yaml_.as_bounded(yaml_.require(field, "per_wajib_ktp"), bound::per_wajib_ktp));
      office.printers = yaml_.get<int>(field, "min", bound::printers_min).value_or(1);
    } else if (field.node.IsScalar()) {
      office.printers = static_cast<int>(yaml_.as_bounded(field, bound::printers));
      office.wajib_ktp_per_printer = 0;
    } else {
      yaml_.fail(field, "expected an integer or {per_wajib_ktp: N, min: M}, got " +
                            YamlReader::describe(field.node));
    }
  }

  // `wajib_ktp_share` merges key by key and `counts` is taken whole from one level. The
  // shorthand `annual_rate` and `categories` exclude each other within a level; across
  // levels the most specific one that writes either decides, and `categories` merge by name
  // down to the first less specific level that uses the shorthand.
  DemandSpec resolve_demand(const std::vector<Field>& maps) const {
    DemandSpec demand;
    demand.where = yaml_.locate(maps.front());
    assign(maps, "wajib_ktp_share", bound::wajib_ktp_share, demand.wajib_ktp_share);
    std::vector<Field> category_maps;
    for (const Field& map : maps) {
      const auto rate = yaml_.find(map, "annual_rate");
      const auto categories = yaml_.find(map, "categories");
      if (rate && categories) {
        yaml_.fail(*rate,
                   "annual_rate is the shorthand for a single category; with categories, give "
                   "each its annual_rate");
      }
      if (categories) {
        category_maps.push_back(*categories);
      } else if (rate) {
        if (category_maps.empty()) demand.annual_rate = yaml_.as_bounded(*rate, bound::annual_rate);
        break;
      }
    }
    demand.categories = read_categories(category_maps);
    if (auto counts = first_with(maps, "counts")) read_counts(*counts, demand);
    if (auto delay = first_with(maps, "dedup_delay")) demand.dedup_delay = read_distribution(*delay);
    return demand;
  }

  // `categories` maps, most specific first: a category keeps the place its name has at the
  // least specific level, and a more specific level replaces the whole entry of that name.
  std::vector<DemandCategorySpec> read_categories(const std::vector<Field>& maps) const {
    std::vector<DemandCategorySpec> categories;
    for (auto map = maps.rbegin(); map != maps.rend(); ++map) {
      const auto entries = yaml_.entries(*map);
      if (entries.empty()) yaml_.fail(*map, "categories must name at least one category");
      for (const auto& [key, value] : entries) {
        DemandCategorySpec category = read_category(key, value);
        const auto same =
            std::find_if(categories.begin(), categories.end(),
                         [&](const DemandCategorySpec& c) { return c.name == category.name; });
        if (same == categories.end()) {
          categories.push_back(std::move(category));
        } else {
          *same = std::move(category);
        }
      }
    }
    return categories;
  }

  DemandCategorySpec read_category(const Field& key, const Field& value) const {
    yaml_.expect_map(value);
    yaml_.check_keys(value, kCategoryKeys);
    DemandCategorySpec category;
    category.name = yaml_.as_string(key);
    category.where = yaml_.locate(value);
    category.annual_rate = yaml_.as_bounded(yaml_.require(value, "annual_rate"), bound::annual_rate);
    if (auto per = yaml_.get<DemandBase>(value, "per")) category.per = *per;
    category.priority = yaml_.as_priority_class(yaml_.require(value, "priority"));
    return category;
  }

  // `counts: poisson`, or a map `{dist: negative_binomial, dispersion: K}`.
  void read_counts(const Field& field, DemandSpec& demand) const {
    if (field.node.IsScalar()) {
      demand.counts = yaml_.as_count_distribution(field);
      if (demand.counts == CountDistribution::negative_binomial) {
        yaml_.fail(field,
                   "negative_binomial needs a dispersion: write {dist: negative_binomial, "
                   "dispersion: K}");
      }
      return;
    }
    if (!field.node.IsMap()) {
      yaml_.fail(field, "expected poisson or {dist: negative_binomial, dispersion: K}, got " +
                            YamlReader::describe(field.node));
    }
    demand.counts = yaml_.as_count_distribution(yaml_.require(field, "dist"));
    if (demand.counts == CountDistribution::negative_binomial) {
      yaml_.check_keys(field, kNegativeBinomialCountsKeys);
      demand.dispersion = yaml_.as_bounded(yaml_.require(field, "dispersion"), bound::dispersion);
    } else {
      yaml_.check_keys(field, kPoissonCountsKeys);
    }
  }

  ReplenishmentSpec resolve_replenishment(const std::vector<Field>& maps, bool partial) const {
    // A level's policy is its own `policy` or the one it inherits from less specific
    // levels; parameters only carry over between levels of the same policy.
    std::vector<std::string> policy_of(maps.size());
    std::string inherited;
    for (std::size_t i = maps.size(); i-- > 0;) {
      if (auto name = yaml_.get<std::string>(maps[i], "policy")) inherited = *name;
      policy_of[i] = inherited;
    }
    ReplenishmentSpec replenishment;
    replenishment.where = yaml_.locate(maps.front());
    replenishment.policy.where = replenishment.where;
    if (auto policy = first_with(maps, "policy")) {
      replenishment.policy.name = policy_of.front();
      replenishment.policy.where = yaml_.locate(*policy);
    } else if (!partial) {
      (void)yaml_.require(maps.front(), "policy");
    }
    assign(maps, "review_period_days", bound::review_period_days, replenishment.review_period_days);
    assign(maps, "review_offset_days", bound::review_offset_days, replenishment.review_offset_days);
    for (std::size_t i = 0; i < maps.size(); ++i) {
      if (policy_of[i] == policy_of.front())
        read_parameters(maps[i], kReplenishmentKeys, replenishment.policy);
    }
    return replenishment;
  }

  // A policy by name (`fcfs`) or as a map with `policy` and its parameters.
  PolicySpec read_policy(const Field& field) const {
    PolicySpec policy;
    if (!field.node.IsMap()) {
      policy.name = yaml_.as_string(field);
      policy.where = yaml_.locate(field);
      return policy;
    }
    const Field name = yaml_.require(field, "policy");
    policy.name = yaml_.as_string(name);
    policy.where = yaml_.locate(name);
    read_parameters(field, kAllocationKeys, policy);
    return policy;
  }

  // Every key but the fixed ones is a parameter; a more specific level's value wins.
  void read_parameters(const Field& map, std::span<const std::string_view> fixed,
                       PolicySpec& policy) const {
    for (const auto& [key, value] : yaml_.entries(map)) {
      const std::string name = yaml_.as_string(key);
      if (contains(fixed, name) || policy.parameters.contains(name)) continue;
      policy.parameters.emplace(name, yaml_.as_quantity(value, bound::policy_number, false));
    }
  }

  std::optional<Field> first_with(const std::vector<Field>& layers, std::string_view key) const {
    for (const Field& layer : layers) {
      if (auto value = yaml_.find(layer, key)) return value;
    }
    return std::nullopt;
  }

  template <class T>
  void assign(const std::vector<Field>& layers, std::string_view key, T& out) const {
    if (auto value = first_with(layers, key)) out = yaml_.as<T>(*value);
  }

  // A number of the first level that sets `key`, within `bound`.
  template <class T>
  void assign(const std::vector<Field>& layers, std::string_view key, const FieldBound& bound,
              T& out) const {
    if (auto value = first_with(layers, key)) out = static_cast<T>(yaml_.as_bounded(*value, bound));
  }

  // The maps at `key` of every level that sets it, most specific first, keys checked.
  std::vector<Field> sub_maps(const std::vector<Field>& layers, std::string_view key,
                              std::span<const std::string_view> allowed) const {
    std::vector<Field> maps;
    for (const Field& layer : layers) {
      if (auto value = yaml_.find(layer, key)) {
        yaml_.expect_map(*value);
        if (!allowed.empty()) yaml_.check_keys(*value, allowed);
        maps.push_back(*value);
      }
    }
    return maps;
  }

  DistributionSpec read_distribution(const Field& field) const {
    DistributionSpec dist;
    dist.where = yaml_.locate(field);
    if (field.node.IsScalar()) {
      dist.value = yaml_.as_bounded(field, bound::distribution_days);
      return dist;
    }
    yaml_.expect_map(field);
    dist.kind = yaml_.as_distribution_kind(yaml_.require(field, "dist"));
    const detail::DistributionFields fields = detail::fields_of(dist.kind);
    yaml_.check_keys(field, fields.keys);
    for (const auto& [key, member, row] : fields.numbers) {
      dist.*member = yaml_.as_bounded(yaml_.require(field, key), *row);
    }
    for (const auto& [key, member, row, required] : fields.lists) {
      const std::optional<Field> list =
          required ? yaml_.require(field, key) : yaml_.find(field, key);
      if (list) dist.*member = yaml_.as_bounded_list(*list, *row);
    }
    return dist;
  }

  LaneEntry read_lane_entry(const Field& map) const {
    yaml_.expect_map(map);
    yaml_.check_keys(map, kLaneKeys);
    LaneEntry entry{.lane = {},
                    .from_parent = false,
                    .kind = std::nullopt,
                    .within = {},
                    .map = map,
                    .to = yaml_.require(map, "to")};
    LaneSpec& lane = entry.lane;
    lane.where = yaml_.locate(map);
    lane.from = yaml_.as_string(yaml_.require(map, "from"));
    entry.from_parent = lane.from == "parent";
    if (entry.to.node.IsMap()) {
      yaml_.check_keys(entry.to, kSelectorKeys);
      entry.kind = yaml_.as_node_kind(yaml_.require(entry.to, "kind"));
      entry.within = yaml_.get<std::string>(entry.to, "within").value_or("");
    } else if (entry.to.node.IsScalar()) {
      lane.to = entry.to.node.Scalar();
    } else {
      yaml_.fail(entry.to, "expected a node id or a selector like {kind: kabkota}, got " +
                               YamlReader::describe(entry.to.node));
    }
    if (auto mode = yaml_.get<LaneMode>(map, "mode")) lane.mode = *mode;
    lane.lead_time = read_distribution(yaml_.require(map, "lead_time"));
    if (auto lot = yaml_.find(map, "lot")) {
      yaml_.check_keys(*lot, kLotKeys);
      lane.min_lot = yaml_.get<std::int64_t>(*lot, "min", bound::lot_min).value_or(lane.min_lot);
      lane.max_lot = yaml_.get<std::int64_t>(*lot, "max", bound::lot_max).value_or(lane.max_lot);
      lane.lot_multiple =
          yaml_.get<std::int64_t>(*lot, "multiple", bound::lot_multiple).value_or(lane.lot_multiple);
    }
    lane.priority = yaml_.get<int>(map, "priority", bound::lane_priority).value_or(lane.priority);
    lane.trip_cost =
        yaml_.get<std::int64_t>(map, "trip_cost", bound::trip_cost).value_or(lane.trip_cost);
    lane.max_trips_per_month =
        yaml_.get<int>(map, "max_trips_per_month", bound::max_trips_per_month)
            .value_or(lane.max_trips_per_month);
    if (auto closures = yaml_.find(map, "closures")) {
      for (const Field& item : yaml_.items(*closures)) {
        yaml_.expect_map(item);
        yaml_.check_keys(item, kClosureKeys);
        lane.closures.push_back({.start = yaml_.as_date(yaml_.require(item, "start")),
                                 .end = yaml_.as_date(yaml_.require(item, "end")),
                                 .where = yaml_.locate(item)});
      }
    }
    return entry;
  }

  std::vector<LaneSpec> read_lanes(const Field& list, const std::vector<ReadNode>& nodes) const {
    std::vector<LaneEntry> entries;
    for (const Field& item : yaml_.items(list)) entries.push_back(read_lane_entry(item));
    std::vector<std::string> ids;
    for (const ReadNode& node : nodes) ids.push_back(node.spec.id);

    // `from: parent` resolves per destination.
    const auto supplier = [&](const LaneEntry& entry, const std::string& to) {
      if (!entry.from_parent) return entry.lane.from;
      const auto node = std::find_if(nodes.begin(), nodes.end(),
                                     [&](const ReadNode& n) { return n.spec.id == to; });
      if (node == nodes.end()) {
        yaml_.fail(entry.to, "'from: parent' needs node '" + to + "', which is not defined" +
                                 detail::suggestion_suffix(to, ids));
      }
      if (node->parent.empty()) {
        yaml_.fail(entry.map, "'from: parent', but node '" + to + "' has no parent");
      }
      return node->parent;
    };

    // A lane written for a node replaces the rule's lane from the same supplier; a lane
    // from another supplier is a further supplier of that node.
    std::set<std::pair<std::string, std::string>> explicit_lanes;  // (from, to)
    std::set<std::string> explicit_to;
    for (const LaneEntry& entry : entries) {
      if (entry.kind) continue;
      explicit_lanes.emplace(supplier(entry, entry.lane.to), entry.lane.to);
      explicit_to.insert(entry.lane.to);
    }

    std::vector<LaneSpec> lanes;
    for (const LaneEntry& entry : entries) {
      if (!entry.kind) {
        lanes.push_back(entry.lane);
        lanes.back().from = supplier(entry, entry.lane.to);
        continue;
      }
      bool matched = false;
      for (const ReadNode& node : nodes) {
        const std::string& id = node.spec.id;
        if (node.spec.kind != *entry.kind) continue;
        if (!entry.within.empty() && !is_within_region(id, entry.within)) continue;
        matched = true;
        // A node without a parent that has lanes of its own needs nothing from the rule.
        if (entry.from_parent && node.parent.empty() && explicit_to.contains(id)) continue;
        std::string from = supplier(entry, id);
        if (explicit_lanes.contains({from, id})) continue;  // the lane written for it wins
        lanes.push_back(entry.lane);
        lanes.back().to = id;
        lanes.back().from = std::move(from);
      }
      if (!matched) {
        std::string what = "no " + std::string(to_string(*entry.kind)) + " node";
        if (!entry.within.empty()) what += " within '" + entry.within + "'";
        yaml_.fail(entry.to, what + " matches this selector");
      }
    }
    return lanes;
  }

  void read_procurement(const Field& map, Scenario& scenario) const {
    yaml_.check_keys(map, kProcurementKeys);
    const std::string default_node = yaml_.get<std::string>(map, "node").value_or("");
    if (auto list = yaml_.find(map, "lots")) {
      for (const Field& item : yaml_.items(*list)) {
        yaml_.expect_map(item);
        yaml_.check_keys(item, kProcurementLotKeys);
        ProcurementLot lot;
        lot.date = yaml_.as_date(yaml_.require(item, "date"));
        lot.quantity = static_cast<std::int64_t>(
            yaml_.as_bounded(yaml_.require(item, "quantity"), bound::lot_quantity));
        lot.node = yaml_.get<std::string>(item, "node").value_or(default_node);
        lot.where = yaml_.locate(item);
        scenario.procurement.push_back(std::move(lot));
      }
    }
    if (auto list = yaml_.find(map, "tenders")) {
      for (const Field& item : yaml_.items(*list)) {
        scenario.tenders.push_back(read_tender(item, default_node));
      }
    }
  }

  ProcurementTender read_tender(const Field& map, const std::string& default_node) const {
    yaml_.expect_map(map);
    yaml_.check_keys(map, kTenderKeys);
    ProcurementTender tender;
    tender.where = yaml_.locate(map);
    tender.name = yaml_.get<std::string>(map, "name").value_or("");
    tender.node = yaml_.get<std::string>(map, "node").value_or(default_node);
    tender.budget_date = yaml_.as_date(yaml_.require(map, "budget_date"));
    tender.quantity = static_cast<std::int64_t>(
        yaml_.as_bounded(yaml_.require(map, "quantity"), bound::lot_quantity));
    tender.tender_lead_time = read_distribution(yaml_.require(map, "tender_lead_time_days"));
    assign({map}, "failure_probability", bound::failure_probability, tender.failure_probability);
    assign({map}, "retender_delay_days", bound::retender_delay_days, tender.retender_delay_days);
    assign({map}, "max_attempts", bound::max_attempts, tender.max_attempts);
    assign({map}, "lots", bound::tender_lots, tender.lots);
    assign({map}, "lot_interval_days", bound::lot_interval_days, tender.lot_interval_days);
    return tender;
  }

  const YamlReader& yaml_;
  std::filesystem::path base_dir_;
  std::map<NodeKind, Field> defaults_;
  std::map<NodeKind, Field> kind_costs_;  // the top-level `costs` section
};

}  // namespace

ScenarioSource ScenarioSource::read(const std::filesystem::path& file) {
  return {.text = detail::read_input_file(file, "scenario"),
          .name = file.string(),
          .base_dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".")};
}

Scenario ScenarioSource::load(const std::vector<std::string>& overrides) const {
  return parse_scenario(text, name, base_dir, overrides);
}

namespace {

std::string emitted(const YAML::Node& root) {
  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

}  // namespace

std::string ScenarioSource::text_with(const std::vector<std::string>& overrides) const {
  YAML::Node root = detail::load_yaml(text, name);
  detail::apply_overrides(root, overrides);
  return emitted(root);
}

std::string ScenarioSource::standalone_text(const std::vector<std::string>& overrides) const {
  YAML::Node root = detail::load_yaml(text, name);
  detail::apply_overrides(root, overrides);
  // The keys whose values are paths the loader resolves against base_dir.
  const auto make_absolute = [&](YAML::Node path) {
    if (!path || !path.IsScalar()) return;  // the loader reports it
    const std::filesystem::path file(path.Scalar());
    if (file.is_relative()) path = std::filesystem::absolute(base_dir / file).lexically_normal().string();
  };
  if (root["nodes"] && root["nodes"].IsSequence()) {
    for (YAML::Node node : root["nodes"]) {
      if (node.IsMap()) make_absolute(node["table"]);
    }
  }
  if (root["calendar"] && root["calendar"]["events"] && root["calendar"]["events"].IsSequence()) {
    for (YAML::Node event : root["calendar"]["events"]) {
      if (event.IsMap()) make_absolute(event["requests_csv"]);
    }
  }
  return emitted(root);
}

std::string read_input_text(const std::filesystem::path& file, std::string_view what) {
  return detail::read_input_file(file, what);
}

Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides) {
  return ScenarioSource::read(file).load(overrides);
}

Scenario parse_scenario(std::string_view yaml_text, std::string_view source_name,
                        const std::filesystem::path& base_dir,
                        const std::vector<std::string>& overrides) {
  const std::string source(source_name);
  YAML::Node root = detail::load_yaml(yaml_text, source);
  const YamlReader yaml(source, detail::apply_overrides(root, overrides));
  Scenario scenario = Loader(yaml, base_dir).read(Field(root, ""));
  scenario.source_file = source;
  scenario.source_sha256 = detail::sha256_hex(yaml_text);
  scenario.overrides = overrides;
  return scenario;
}

}  // namespace blanko
