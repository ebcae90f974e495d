#include <blanko/model.hpp>

#include "detail/compiled_model.hpp"
#include "detail/field_bounds.hpp"
#include "detail/memory_check.hpp"
#include "detail/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace blanko {

namespace detail {
std::int64_t LotRule::apply(std::int64_t wanted) const {
  if (wanted <= 0) return 0;
  std::int64_t q = std::max(wanted, min);
  q = (q + multiple - 1) / multiple * multiple;
  if (max > 0) q = std::min(q, max / multiple * multiple);
  return q;
}
}  // namespace detail

namespace {

using detail::CompiledModel;

void check(bool ok, const SourceLocation& where, const std::string& message) {
  if (!ok) throw ScenarioError(where, message);
}

std::int64_t resolve_quantity(const QuantitySpec& q, const QuantityScale& scale, const char* what) {
  const double blanks = scale.blanks(q);
  check(detail::bound::blanks.contains(blanks), q.where,
        detail::bound::blanks.violation(std::string(what) + " (resolved)", blanks));
  return std::llround(blanks);
}

// An office's demand categories, with the shorthand (`annual_rate` alone) spelled out.
std::vector<DemandCategorySpec> categories_of(const DemandSpec& demand) {
  if (!demand.categories.empty()) return demand.categories;
  return {DemandCategorySpec{.name = "all",
                             .annual_rate = demand.annual_rate,
                             .per = DemandBase::wajib_ktp,
                             .priority = PriorityClass::first_card,
                             .where = demand.where}};
}

// Requests per calendar day of one category at one office, before the weekly pattern.
double category_daily_demand(const NodeSpec& node, const DemandCategorySpec& category) {
  const double residents =
      category.per == DemandBase::population
          ? static_cast<double>(node.population)
          : static_cast<double>(node.population) * node.demand->wajib_ktp_share;
  return residents * category.annual_rate / 365.0;
}

// Requests per calendar day of one office, per priority class.
std::array<double, kPriorityClassCount> class_daily_demand(const NodeSpec& node) {
  std::array<double, kPriorityClassCount> daily{};
  for (const DemandCategorySpec& category : categories_of(*node.demand)) {
    daily[static_cast<std::size_t>(category.priority)] += category_daily_demand(node, category);
  }
  return daily;
}

// Requests per calendar day of one office, all classes.
double office_daily_demand(const NodeSpec& node) {
  const auto daily = class_daily_demand(node);
  return std::accumulate(daily.begin(), daily.end(), 0.0);
}

// Printers of an office, scaled to its size when the scenario asks for it (within the
// bounds of `printers`).
int printers(const NodeSpec& node) {
  const OfficeSpec& office = *node.office;
  if (office.wajib_ktp_per_printer <= 0) return office.printers;
  const double wajib_ktp = static_cast<double>(node.population) * node.demand->wajib_ktp_share;
  const double scaled = std::ceil(wajib_ktp / static_cast<double>(office.wajib_ktp_per_printer));
  check(detail::bound::printers.contains(scaled), office.where,
        detail::bound::printers.violation("printers (scaled: wajib KTP / per_wajib_ktp)", scaled));
  return std::max(office.printers, static_cast<int>(scaled));
}

// The most cards an office may print on one day, which print_capacity stores as int32.
constexpr double kMaxPrintsPerDay = std::numeric_limits<std::int32_t>::max();

// Which ISO weekdays (Monday first) the office works.
std::array<bool, 7> open_weekdays(const OfficeSpec& office) {
  std::array<bool, 7> open{};
  open.fill(true);
  for (Weekday w : office.closed_weekdays) open[static_cast<std::size_t>(w)] = false;
  return open;
}

void validate_demand(const DemandSpec& demand) {
  const auto categories = categories_of(demand);
  for (auto c = categories.begin(); c != categories.end(); ++c) {
    check(!c->name.empty(), c->where, "a demand category needs a name");
    check(std::none_of(categories.begin(), c,
                       [&](const DemandCategorySpec& other) { return other.name == c->name; }),
          c->where, "demand category '" + c->name + "' is given twice");
  }
}

void validate_office(const NodeSpec& node) {
  const OfficeSpec& office = *node.office;
  const auto open = open_weekdays(office);
  check(std::find(open.begin(), open.end(), true) != open.end(), office.where,
        "an office must open at least one day a week");
  check(node.demand.has_value(), node.where,
        "office '" + node.id + "' needs a demand section (annual_rate or categories)");
  validate_demand(*node.demand);
}

void compile_costs(CompiledModel& m) {
  for (const NodeSpec& node : m.scenario.nodes) {
    const CostSpec& c = node.costs;
    m.holding_cost_per_blank_day.push_back(c.holding_per_blank_day);
    m.waiting_cost_per_suket_day.push_back(c.waiting_per_suket_day);
    m.cost_per_lost_request.push_back(c.per_lost_request);
    m.unit_price.push_back(c.unit_price);
  }
}

void compile_offices(CompiledModel& m) {
  const auto& nodes = m.scenario.nodes;
  m.office_of_node.assign(nodes.size(), kNone);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodeSpec& node = nodes[i];
    if (!node.office) {
      check(!node.demand.has_value(), node.where,
            "node '" + node.id + "' has demand but no office to record and print");
      continue;
    }
    validate_office(node);
    m.office_of_node[i] = static_cast<std::int32_t>(m.office_node.size());
    m.office_node.push_back(static_cast<NodeIndex>(i));
    m.initial_backlog.push_back(node.office->initial_backlog);
    m.count_distribution.push_back(node.demand->counts);
    m.dispersion.push_back(node.demand->dispersion);
    const OfficeSpec& office = *node.office;
    if (office.patience_days && office.give_up_share > 0) {
      m.patience.push_back({.office = m.office_of_node[i],
                            .days = *office.patience_days,
                            .give_up_share = office.give_up_share,
                            .ikd_share_of_leavers = office.ikd_share_of_leavers});
    }
  }
  m.office_count = static_cast<std::int32_t>(m.office_node.size());

  m.demand_rate.setZero(m.horizon, static_cast<Eigen::Index>(m.office_count) * kPriorityClassCount);
  m.print_capacity.setZero(m.horizon, m.office_count);
  for (std::int32_t o = 0; o < m.office_count; ++o) {
    const NodeSpec& node = nodes[static_cast<std::size_t>(m.office_node[static_cast<std::size_t>(o)])];
    const auto open = open_weekdays(*node.office);
    const auto open_days = std::count(open.begin(), open.end(), true);
    // Requests only arrive on working days; spreading the week's demand over them keeps
    // the annual total independent of the weekly pattern.
    auto working_day_rate = class_daily_demand(node);
    for (double& rate : working_day_rate) rate = rate * 7.0 / static_cast<double>(open_days);
    const double peak_factor = *std::max_element(m.scenario.calendar.weekday_pattern.capacity.begin(),
                                                 m.scenario.calendar.weekday_pattern.capacity.end());
    const double daily = static_cast<double>(printers(node)) * node.office->cards_per_printer_per_day;
    check(daily * std::max(peak_factor, 1.0) <= kMaxPrintsPerDay, node.office->where,
          fmt::format("office '{}' could print {} cards a day (printers x cards_per_printer_per_day "
                      "x the largest weekday capacity factor), more than the {} blanko counts",
                      node.id, daily * std::max(peak_factor, 1.0), kMaxPrintsPerDay));
    const auto capacity = static_cast<std::int32_t>(daily);
    for (std::int32_t d = 0; d < m.horizon; ++d) {
      if (!open[static_cast<std::size_t>(iso_weekday_index(m.scenario.start + std::chrono::days{d}))]) {
        continue;
      }
      for (int c = 0; c < kPriorityClassCount; ++c) {
        m.demand_rate(d, detail::demand_column(o, static_cast<PriorityClass>(c))) =
            working_day_rate[static_cast<std::size_t>(c)];
      }
      m.print_capacity(d, o) = capacity;
    }
  }
}

// Negative binomial tables: a distinct mean of each, when there are few; else rungs of a
// ladder whose neighbours are close enough that draw_between takes about one try.
constexpr std::size_t kMaxTableSize = detail::NegativeBinomialTable::kMaxSize;  // of one table
constexpr std::size_t kMaxTotalSize = std::size_t{1} << 22;  // of all tables: 64 MB at most
constexpr std::size_t kMaxExactMeans = std::size_t{1} << 14;
constexpr double kMaxStepCost = 0.02;  // at most 2% of draw_between's tries rejected

// The means that get a table, sorted, for the columns of `offices` (one dispersion k): their
// distinct means when there are at most kMaxExactMeans, else a ladder over their range.
// Once the calendar applies every day has its own means, and collecting them would cost
// more than the ladder saves.
std::vector<double> rung_means(const CompiledModel& m, const std::vector<std::int32_t>& offices,
                               double k) {
  std::vector<double> means;
  std::vector<double> last(offices.size() * kPriorityClassCount, 0.0);
  double low = std::numeric_limits<double>::infinity(), high = 0;
  for (std::int32_t d = 0; d < m.horizon; ++d) {
    for (std::size_t i = 0; i < offices.size(); ++i) {
      for (int c = 0; c < kPriorityClassCount; ++c) {
        const double mean =
            m.demand_rate(d, detail::demand_column(offices[i], static_cast<PriorityClass>(c)));
        double& previous = last[i * kPriorityClassCount + static_cast<std::size_t>(c)];
        if (mean <= 0 || mean == previous) continue;
        previous = mean;
        low = std::min(low, mean);
        high = std::max(high, mean);
        if (means.size() <= kMaxExactMeans) means.push_back(mean);
      }
    }
  }
  if (means.size() > kMaxExactMeans) {
    return detail::negative_binomial_ladder(k, low, high, kMaxStepCost);
  }
  std::sort(means.begin(), means.end());
  means.erase(std::unique(means.begin(), means.end()), means.end());
  return means;
}

// Appends the tables of `means` to m.count_tables: per mean its index, or -1 when it has no
// table (too wide, P(0) underflows, or over the total budget).
std::vector<std::int32_t> build_tables(CompiledModel& m, const std::vector<double>& means, double k,
                                       std::size_t& total) {
  std::vector<std::int32_t> index(means.size(), -1);
  for (std::size_t j = 0; j < means.size() && total < kMaxTotalSize; ++j) {
    if (auto table = detail::NegativeBinomialTable::make(means[j], k, kMaxTableSize)) {
      total += table->size();
      index[j] = static_cast<std::int32_t>(m.count_tables.size());
      m.count_tables.push_back(std::move(*table));
    }
  }
  return index;
}

// Fills count_table and count_weight for the columns of `offices`, whose means lie within
// [means.front(), means.back()] and whose tables are `table_of` (by build_tables).
void assign_tables(CompiledModel& m, const std::vector<std::int32_t>& offices,
                   const std::vector<double>& means, const std::vector<std::int32_t>& table_of) {
  for (const std::int32_t o : offices) {
    for (int c = 0; c < kPriorityClassCount; ++c) {
      const Eigen::Index column = detail::demand_column(o, static_cast<PriorityClass>(c));
      double last_mean = 0;
      std::int32_t table = -1;
      double weight = 0;
      std::size_t rung = 0;  // means[rung] <= mean: days' means move a rung or two at a time
      for (std::int32_t d = 0; d < m.horizon; ++d) {
        const double mean = m.demand_rate(d, column);
        if (mean <= 0) continue;
        if (mean != last_mean) {
          last_mean = mean;
          while (rung > 0 && means[rung] > mean) --rung;
          while (rung + 1 < means.size() && means[rung + 1] <= mean) ++rung;
          table = table_of[rung];
          weight = 0;
          if (means[rung] != mean) {
            const bool bracketed =
                rung + 1 < means.size() && table >= 0 && table_of[rung + 1] >= 0;
            if (bracketed) {
              const auto low = static_cast<std::size_t>(table);
              weight = detail::between_weight(m.count_tables[low], m.count_tables[low + 1], mean);
            } else {
              table = -1;
            }
          }
        }
        m.count_table(d, column) = table;
        m.count_weight(d, column) = weight;
      }
    }
  }
}

void compile_count_tables(CompiledModel& m) {
  m.count_table.setConstant(m.horizon, m.demand_rate.cols(), -1);
  m.count_weight.setZero(m.horizon, m.demand_rate.cols());
  std::map<double, std::vector<std::int32_t>> offices_of_k;
  for (std::int32_t o = 0; o < m.office_count; ++o) {
    const auto oi = static_cast<std::size_t>(o);
    if (m.count_distribution[oi] == CountDistribution::negative_binomial) {
      offices_of_k[m.dispersion[oi]].push_back(o);
    }
  }
  std::size_t total = 0;
  for (const auto& [k, offices] : offices_of_k) {
    std::vector<double> means = rung_means(m, offices, k);
    if (means.empty()) continue;
    const std::size_t first = m.count_tables.size();
    const std::size_t total_before = total;
    std::vector<std::int32_t> table_of = build_tables(m, means, k, total);
    if (total >= kMaxTotalSize && means.size() > 2) {
      // Too many distinct means for one table each: a ladder over their range instead.
      m.count_tables.erase(m.count_tables.begin() + static_cast<std::ptrdiff_t>(first),
                           m.count_tables.end());
      total = total_before;
      means = detail::negative_binomial_ladder(k, means.front(), means.back(), kMaxStepCost);
      table_of = build_tables(m, means, k, total);
    }
    assign_tables(m, offices, means, table_of);
  }
  m.counts_without_table.assign(static_cast<std::size_t>(m.horizon), false);
  for (std::int32_t d = 0; d < m.horizon; ++d) {
    for (Eigen::Index column = 0; column < m.demand_rate.cols(); ++column) {
      if (m.demand_rate(d, column) > 0 && m.count_table(d, column) < 0) {
        m.counts_without_table[static_cast<std::size_t>(d)] = true;
        break;
      }
    }
  }
}

// Calls add(supplier, customer) for every lane of the tree, customers before their
// suppliers, so that sums over the offices below a node build up in one pass.
template <class Add>
void sum_up_the_tree(const CompiledModel& m, Add add) {
  const auto order = m.network.topological_order();
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    // A node with several suppliers counts towards its primary one only, so that the
    // demand below the source is every office's demand once.
    const NodeIndex supplier = m.network.supplier(*it);
    if (supplier != kNone) add(static_cast<std::size_t>(supplier), static_cast<std::size_t>(*it));
  }
}

void compile_demand_below(CompiledModel& m) {
  m.subtree_daily_demand.assign(static_cast<std::size_t>(m.node_count), 0.0);
  for (std::int32_t o = 0; o < m.office_count; ++o) {
    const auto v = static_cast<std::size_t>(m.office_node[static_cast<std::size_t>(o)]);
    m.subtree_daily_demand[v] = office_daily_demand(m.scenario.nodes[v]);
  }
  sum_up_the_tree(m, [&](std::size_t supplier, std::size_t customer) {
    m.subtree_daily_demand[supplier] += m.subtree_daily_demand[customer];
  });
}

// What allocation policies know of a customer beyond its demand: the residents below it
// and the election and Pilkada windows of the offices below it.
void compile_customer_facts(CompiledModel& m) {
  const auto n = static_cast<std::size_t>(m.node_count);
  m.subtree_population.assign(n, 0);
  m.election_windows.assign(n, {});
  for (std::int32_t o = 0; o < m.office_count; ++o) {
    const auto v = static_cast<std::size_t>(m.office_node[static_cast<std::size_t>(o)]);
    const NodeSpec& node = m.scenario.nodes[v];
    m.subtree_population[v] = node.population;
    for (const CalendarEvent& e : m.scenario.calendar.events) {
      if (e.kind != CalendarEventKind::election && e.kind != CalendarEventKind::pilkada) continue;
      if (!e.scope.covers(node.id, e.name)) continue;
      const auto first = static_cast<Day>((e.start - m.scenario.start).count());
      const auto last = static_cast<Day>((e.end - m.scenario.start).count());
      if (last >= 0) m.election_windows[v].emplace_back(first, last);
    }
  }
  sum_up_the_tree(m, [&](std::size_t supplier, std::size_t customer) {
    m.subtree_population[supplier] += m.subtree_population[customer];
    auto& windows = m.election_windows[supplier];
    windows.insert(windows.end(), m.election_windows[customer].begin(),
                   m.election_windows[customer].end());
  });
  for (auto& windows : m.election_windows) {
    std::sort(windows.begin(), windows.end());
    windows.erase(std::unique(windows.begin(), windows.end()), windows.end());
  }
}

// Cumulative expected requests per day below every node with a supplier, from the rate
// table (so after the calendar), for policies that look ahead.
void compile_outlooks(CompiledModel& m) {
  const auto n = static_cast<std::size_t>(m.node_count);
  const auto horizon = static_cast<std::size_t>(m.horizon);
  std::vector<double> daily(n * horizon, 0.0);  // node-major
  for (std::size_t d = 0; d < horizon; ++d) {
    const double* rate = m.demand_rate.row(static_cast<Eigen::Index>(d)).data();
    for (std::int32_t o = 0; o < m.office_count; ++o) {
      const auto v = static_cast<std::size_t>(m.office_node[static_cast<std::size_t>(o)]);
      // An office's classes are adjacent columns, the first one first.
      const auto column =
          static_cast<std::size_t>(detail::demand_column(o, PriorityClass::first_card));
      daily[v * horizon + d] =
          std::accumulate(rate + column, rate + column + kPriorityClassCount, 0.0);
    }
  }
  sum_up_the_tree(m, [&](std::size_t supplier, std::size_t customer) {
    for (std::size_t d = 0; d < horizon; ++d)
      daily[supplier * horizon + d] += daily[customer * horizon + d];
  });

  std::vector<std::size_t> reviewed;
  for (std::size_t v = 0; v < n; ++v) {
    if (m.network.supplier(static_cast<NodeIndex>(v)) != kNone) reviewed.push_back(v);
  }
  // The flat table is filled completely before any view points into it.
  m.cumulative_demand.assign(reviewed.size() * (horizon + 1), 0.0);
  for (std::size_t k = 0; k < reviewed.size(); ++k) {
    double* cumulative = m.cumulative_demand.data() + k * (horizon + 1);
    const double* node_daily = daily.data() + reviewed[k] * horizon;
    std::partial_sum(node_daily, node_daily + horizon, cumulative + 1);
  }
  // After the horizon, the last week's mean: it keeps the weekly pattern's level.
  const std::size_t last_week = std::min<std::size_t>(7, horizon);
  m.outlook.assign(n, DemandOutlook{});
  for (std::size_t k = 0; k < reviewed.size(); ++k) {
    const std::span<const double> cumulative(m.cumulative_demand.data() + k * (horizon + 1),
                                             horizon + 1);
    m.outlook[reviewed[k]] = {.cumulative = cumulative,
                              .tail_rate = (cumulative[horizon] - cumulative[horizon - last_week]) /
                                           static_cast<double>(last_week)};
  }
}

// Lateral transfers: which offices take part, what each donor keeps, and for each
// recipient the siblings (offices with the same supplier) that may lend to it.
void compile_lateral(CompiledModel& m) {
  const auto& nodes = m.scenario.nodes;
  m.lateral_reserve.assign(nodes.size(), 0);
  std::vector<NodeIndex> members;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodeSpec& node = nodes[i];
    if (!node.lateral) continue;
    const LateralSpec& lateral = *node.lateral;
    check(node.office.has_value(), lateral.where,
          "lateral transfers are between offices; node '" + node.id + "' has no office");
    detail::LeadTimeSampler lead_time(lateral.lead_time);
    if (!lateral.enabled) continue;
    const double daily = m.subtree_daily_demand[i];
    m.lateral_reserve[i] =
        static_cast<std::int64_t>(std::ceil(lateral.donor_min_cover_days * daily));
    members.push_back(static_cast<NodeIndex>(i));
    m.lateral_offices.push_back(
        {.node = static_cast<NodeIndex>(i),
         .office = m.office_of_node[i],
         .max_per_transfer = lateral.max_per_transfer,
         .cover = static_cast<std::int64_t>(std::ceil(lateral.recipient_cover_days * daily)),
         .lead_time = std::move(lead_time),
         .siblings = {}});
  }
  for (detail::LateralOffice& recipient : m.lateral_offices) {
    const NodeIndex supplier = m.network.supplier(recipient.node);
    if (supplier == kNone) continue;
    for (NodeIndex other : members) {
      if (other != recipient.node && m.network.supplier(other) == supplier) {
        recipient.siblings.push_back(other);
      }
    }
  }
}

// The days of the horizon a lane is closed, as "first open day from d" (empty: never closed).
std::vector<Day> open_from(const LaneSpec& lane, Date start, std::int32_t horizon) {
  if (lane.closures.empty()) return {};
  std::vector<char> closed(static_cast<std::size_t>(horizon), 0);
  bool any = false;
  for (const LaneClosure& closure : lane.closures) {
    check(closure.end >= closure.start, closure.where,
          "lane closure ends on " + to_iso_string(closure.end) + ", before it starts on " +
              to_iso_string(closure.start));
    const auto first = std::max<std::int64_t>(0, (closure.start - start).count());
    const auto last = std::min<std::int64_t>(horizon - 1, (closure.end - start).count());
    for (auto d = first; d <= last; ++d) closed[static_cast<std::size_t>(d)] = 1;
    any = any || first <= last;
  }
  if (!any) return {};
  std::vector<Day> open(static_cast<std::size_t>(horizon));
  Day next = horizon;
  for (Day d = horizon - 1; d >= 0; --d) {
    if (!closed[static_cast<std::size_t>(d)]) next = d;
    open[static_cast<std::size_t>(d)] = next;
  }
  return open;
}

void compile_lanes(CompiledModel& m) {
  m.restricted_supplier.assign(static_cast<std::size_t>(m.node_count), false);
  for (std::size_t l = 0; l < m.scenario.lanes.size(); ++l) {
    const LaneSpec& lane = m.scenario.lanes[l];
    m.lead_time.emplace_back(lane.lead_time);
    check(lane.max_lot == 0 || lane.max_lot >= std::max(lane.min_lot, lane.lot_multiple),
          lane.where, "lot max must be 0 (no limit) or at least min and multiple");
    m.lot_rule.push_back({lane.min_lot, lane.max_lot, lane.lot_multiple});
    m.trip_cost.push_back(lane.trip_cost);
    m.max_trips_per_month.push_back(lane.max_trips_per_month);
    m.open_from.push_back(open_from(lane, m.scenario.start, m.horizon));
    if (lane.max_trips_per_month > 0 || !m.open_from.back().empty()) {
      m.restricted_supplier[static_cast<std::size_t>(
          m.network.lane_from(static_cast<LaneIndex>(l)))] = true;
    }
  }
  using std::chrono::year_month_day;
  const year_month_day first{m.scenario.start};
  m.month_of_day.resize(static_cast<std::size_t>(m.horizon));
  for (std::int32_t d = 0; d < m.horizon; ++d) {
    const year_month_day date{m.scenario.start + std::chrono::days{d}};
    m.month_of_day[static_cast<std::size_t>(d)] =
        (static_cast<int>(date.year()) - static_cast<int>(first.year())) * 12 +
        static_cast<int>(static_cast<unsigned>(date.month())) -
        static_cast<int>(static_cast<unsigned>(first.month()));
  }
}

void compile_policies(CompiledModel& m, const PolicyRegistry& registry) {
  const auto n = static_cast<std::size_t>(m.node_count);
  m.initial_stock.resize(n);
  m.replenishment.resize(n);
  m.allocation.resize(n);
  m.review_period.assign(n, 0);
  m.review_offset.assign(n, 0);
  m.lead_time_mean.assign(n, 0.0);
  m.forecast_days.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const NodeSpec& node = m.scenario.nodes[i];
    const auto v = static_cast<NodeIndex>(i);
    QuantityScale scale{.mean_daily_demand = m.subtree_daily_demand[i]};
    if (m.network.supplier(v) == kNone) {
      check(!node.replenishment.has_value(), node.replenishment ? node.replenishment->where : node.where,
            "node '" + node.id + "' has a replenishment policy but no supplier lane");
    } else {
      check(node.replenishment.has_value(), node.where,
            "node '" + node.id + "' has a supplier but no replenishment policy");
      const ReplenishmentSpec& r = *node.replenishment;
      // An offset at or beyond the horizon would mean the node never reviews, silently.
      check(r.review_offset_days < m.horizon, r.where,
            fmt::format("review_offset_days is {}, but the horizon has {} days: node '{}' would "
                        "never review",
                        r.review_offset_days, m.horizon, node.id));
      const auto lane = static_cast<std::size_t>(m.network.supplier_lane(v));
      m.lead_time_mean[i] = m.lead_time[lane].mean();
      scale.lead_time_days = m.lead_time_mean[i];
      scale.review_period_days = r.review_period_days;
      m.replenishment[i] = registry.make_replenishment(r.policy, scale);
      m.review_period[i] = r.review_period_days;
      m.review_offset[i] = r.review_offset_days;
    }
    m.forecast_days[i] = static_cast<int>(std::lround(m.lead_time_mean[i] + m.review_period[i]));
    m.initial_stock[i] = resolve_quantity(node.initial_stock, scale, "initial_stock");
    m.total_initial_stock += m.initial_stock[i];
    // Each stock is at most kMaxBlanks, so the sum stops far below int64's limit.
    check(static_cast<double>(m.total_initial_stock) <= detail::kMaxTotalBlanks, node.initial_stock.where,
          fmt::format("the initial stocks add up to more than the {:g} blanks blanko can count",
                      detail::kMaxTotalBlanks));
    if (!m.network.customers(v).empty()) m.allocation[i] = registry.make_allocation(node.allocation, scale);
  }
  for (NodeIndex v : m.network.topological_order()) {
    if (!m.network.customers(v).empty()) m.dispatch_order.push_back(v);
    if (m.network.supplier(v) != kNone) m.review_order.push_back(v);
  }
  // Deepest first so a supplier reviews after today's orders from its customers; within a
  // depth, by node index.
  std::stable_sort(m.review_order.begin(), m.review_order.end(), [&](NodeIndex a, NodeIndex b) {
    return m.network.depth(a) > m.network.depth(b);
  });
}

// Where procurement goes and when: a node (the only source node when `id` is empty) and a
// day of the horizon. `what` names the item in messages ("procurement lot", "tender").
// Tenders buy for a source node; a lot may also be a top-up handed to any node (blanks from
// outside the network's stock, such as the ministry's reserve picked up for one office).
class ProcurementTarget {
 public:
  explicit ProcurementTarget(const CompiledModel& m) : m_(m) {
    for (NodeIndex v = 0; v < m.node_count; ++v) {
      if (m.network.supplier(v) == kNone) sources_.push_back(m.network.id(v));
      ids_.push_back(m.network.id(v));
    }
  }

  [[nodiscard]] NodeIndex node(const std::string& id, const SourceLocation& where,
                               const std::string& what, bool source_only) const {
    if (id.empty()) {
      check(sources_.size() == 1, where,
            what + " names no node and the network has " + std::to_string(sources_.size()) +
                " source nodes; name one");
      return m_.network.find(sources_.front());
    }
    const NodeIndex node = m_.network.find(id);
    check(node != kNone, where,
          "unknown " + what + " node '" + id + "'" +
              detail::suggestion_suffix(id, source_only ? sources_ : ids_));
    check(!source_only || m_.network.supplier(node) == kNone, where,
          what + " goes to a source node; '" + id + "' has a supplier");
    return node;
  }

  [[nodiscard]] Day day(Date date, const SourceLocation& where, const std::string& what) const {
    const Date end = m_.scenario.start + std::chrono::days{m_.horizon - 1};
    check(date >= m_.scenario.start && date <= end, where,
          what + " date " + to_iso_string(date) + " is outside the horizon " +
              to_iso_string(m_.scenario.start) + " .. " + to_iso_string(end));
    return static_cast<Day>((date - m_.scenario.start).count());
  }

 private:
  const CompiledModel& m_;
  std::vector<std::string> sources_;
  std::vector<std::string> ids_;
};

void compile_procurement(CompiledModel& m) {
  const ProcurementTarget target(m);
  for (const ProcurementLot& lot : m.scenario.procurement) {
    const NodeIndex node = target.node(lot.node, lot.where, "procurement lot", false);
    m.lots.push_back({target.day(lot.date, lot.where, "procurement lot"), node, lot.quantity});
  }
  std::stable_sort(m.lots.begin(), m.lots.end(),
                   [](const auto& a, const auto& b) { return a.day < b.day; });
}

void compile_tenders(CompiledModel& m) {
  const ProcurementTarget target(m);
  for (const ProcurementTender& t : m.scenario.tenders) {
    const NodeIndex node = target.node(t.node, t.where, "tender", true);
    const Day opens = target.day(t.budget_date, t.where, "tender budget");
    m.tenders.push_back({.opens = opens,
                         .node = node,
                         .quantity = t.quantity,
                         .lead_time = detail::LeadTimeSampler(t.tender_lead_time),
                         .failure_probability = t.failure_probability,
                         .retender_delay = t.retender_delay_days,
                         .max_attempts = t.max_attempts,
                         .lots = t.lots,
                         .lot_interval = t.lot_interval_days});
  }
}

}  // namespace

namespace detail {

// The compiled model's tables (compiled_model.hpp) that grow with the horizon: demand rates,
// print capacity and (negative binomial offices) count tables per day and office, cumulative
// demand and lane closures per day and node; the negative binomial tables are at most
// kMaxTotalSize entries. Per node and lane a few hundred bytes of vectors. Measured on the
// national scenario over 100 years: a peak of 1.44 GiB for the model against 1.3 GiB
// estimated, and 0.8 GiB more for a replication against 1.0 GiB estimated.
MemoryEstimate estimate_memory(const Scenario& scenario) {
  const auto horizon = static_cast<std::uint64_t>(std::max(scenario.horizon_days, 0));
  const std::uint64_t nodes = scenario.nodes.size();
  std::uint64_t offices = 0;
  std::uint64_t negative_binomial = 0;  // offices, with their count_table and count_weight
  for (const NodeSpec& node : scenario.nodes) {
    if (!node.office) continue;
    ++offices;
    if (node.demand && node.demand->counts == CountDistribution::negative_binomial) ++negative_binomial;
  }
  std::uint64_t closed_lanes = 0;
  for (const LaneSpec& lane : scenario.lanes) closed_lanes += lane.closures.empty() ? 0 : 1;
  const std::uint64_t per_day = offices * (kPriorityClassCount * sizeof(double) + sizeof(std::int32_t)) +
                                negative_binomial * kPriorityClassCount * (sizeof(std::int32_t) + sizeof(double)) +
                                nodes * sizeof(double) + closed_lanes * sizeof(Day) + 64;
  MemoryEstimate estimate;
  estimate.model = horizon * per_day + (nodes + scenario.lanes.size()) * 512 +
                   (negative_binomial > 0 ? kMaxTotalSize * 2 * sizeof(double) : 0);
  estimate.replication = replication_bytes(nodes, offices, horizon);
  estimate.timeseries = timeseries_bytes(nodes, horizon);
  return estimate;
}

}  // namespace detail

namespace {

// Everything a run can put into the network, in blanks and requests, within
// kMaxTotalBlanks: then no count or sum over days blanko forms overflows (field_bounds.hpp).
void check_run_totals(const CompiledModel& m) {
  double stock = static_cast<double>(m.total_initial_stock);
  double delivered = 0;
  for (const auto& lot : m.lots) delivered += static_cast<double>(lot.quantity);
  for (const auto& tender : m.tenders) delivered += static_cast<double>(tender.quantity);
  double backlog = 0;
  for (std::int64_t b : m.initial_backlog) backlog += static_cast<double>(b);
  const double demand = m.demand_rate.sum();  // expected requests of the horizon, events included
  const double total = stock + delivered + backlog + demand;
  check(total <= detail::kMaxTotalBlanks, m.scenario.where,
        fmt::format("the scenario puts {:.3g} blanks and requests into the network (initial stock "
                    "{:.3g}, lots and tenders {:.3g}, backlogs {:.3g}, expected demand {:.3g}), "
                    "more than the 1e14 blanko can count without overflow",
                    total, stock, delivered, backlog, demand));
}

}  // namespace

Model::Model(Scenario scenario, const PolicyRegistry& registry) {
  // Every number within its bounds first: the sums and tables below rely on them. Then the
  // memory the tables and one replication take, before allocating any of it.
  detail::check_scenario_bounds(scenario);
  const MemoryEstimate memory = detail::estimate_memory(scenario);
  detail::check_memory(memory, 1, 0, 0, scenario.where);
  Network network(scenario);
  compiled_ = std::make_unique<CompiledModel>(std::move(scenario), std::move(network));
  CompiledModel& m = *compiled_;
  m.horizon = m.scenario.horizon_days;
  m.node_count = m.network.node_count();
  m.memory = memory;
  compile_offices(m);
  compile_costs(m);
  detail::apply_calendar(m);
  compile_count_tables(m);
  compile_demand_below(m);
  compile_customer_facts(m);
  compile_lateral(m);
  compile_outlooks(m);
  compile_lanes(m);
  compile_policies(m, registry);
  compile_procurement(m);
  compile_tenders(m);
  check_run_totals(m);
}

Model::Model(Scenario scenario) : Model(std::move(scenario), PolicyRegistry::global()) {}
Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

const Scenario& Model::scenario() const { return compiled_->scenario; }
const Network& Model::network() const { return compiled_->network; }
Date Model::start() const { return compiled_->scenario.start; }
Date Model::last_day() const {
  return compiled_->scenario.start + std::chrono::days{std::max(compiled_->horizon, 1) - 1};
}
std::int32_t Model::horizon_days() const { return compiled_->horizon; }
const MemoryEstimate& Model::memory_estimate() const { return compiled_->memory; }
std::int32_t Model::office_count() const { return compiled_->office_count; }
std::int64_t Model::initial_stock(NodeIndex node) const {
  return compiled_->initial_stock.at(static_cast<std::size_t>(node));
}
double Model::lead_time_mean(LaneIndex lane) const {
  return compiled_->lead_time.at(static_cast<std::size_t>(lane)).mean();
}
double Model::mean_daily_demand(NodeIndex node) const {
  return compiled_->subtree_daily_demand.at(static_cast<std::size_t>(node));
}

NodeLabel network_label() { return {.id = "network", .name = "network", .level = "network", .province = {}}; }

NodeIndex Model::province_of(NodeIndex node) const {
  const auto& nodes = compiled_->scenario.nodes;
  for (NodeIndex up = node; up != kNone; up = compiled_->network.supplier(up)) {
    if (nodes.at(static_cast<std::size_t>(up)).kind == NodeKind::province) return up;
  }
  return kNone;
}

std::vector<NodeLabel> Model::node_labels() const {
  const auto& nodes = compiled_->scenario.nodes;
  std::vector<NodeLabel> labels;
  labels.reserve(nodes.size());
  for (NodeIndex v = 0; v < compiled_->node_count; ++v) {
    const NodeSpec& spec = nodes[static_cast<std::size_t>(v)];
    const NodeIndex province = province_of(v);
    labels.push_back({.id = spec.id,
                      .name = spec.name.empty() ? spec.id : spec.name,
                      .level = std::string(to_string(spec.kind)),
                      .province = province == kNone ? std::string() : compiled_->network.id(province)});
  }
  return labels;
}

}  // namespace blanko
