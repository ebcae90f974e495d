#include "detail/field_bounds.hpp"

#include <blanko/scenario.hpp>

#include "detail/distribution_fields.hpp"
#include "detail/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <system_error>
#include <type_traits>

namespace blanko::detail {
namespace {

// 36,525 and 100,000 with separators; 1e12 rather than 1,000,000,000,000.
std::string limit_text(double value) {
  if (std::abs(value) < 1e7 && value == std::floor(value)) {
    std::string digits = fmt::format("{}", static_cast<std::int64_t>(std::abs(value)));
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) {
      digits.insert(static_cast<std::size_t>(i), ",");
    }
    return (value < 0 ? "-" : "") + digits;
  }
  // 1e12 and 9.22337e18: "e+" and exponent zeros say nothing to a planner.
  std::string text = fmt::format("{:.6g}", value);
  if (const auto e = text.find('e'); e != std::string::npos) {
    std::size_t digits = e + 1;
    if (text[digits] == '+') text.erase(digits, 1);
    else if (text[digits] == '-') ++digits;
    while (digits + 1 < text.size() && text[digits] == '0') text.erase(digits, 1);
  }
  return text;
}

// The whole of `text` as a T (a leading `+` allowed); a real must be finite.
template <class T>
std::optional<T> parse_whole(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(value)) return std::nullopt;
  }
  return value;
}

// Walks a scenario built in code, checking each number against its row (the same rows the
// loader reads with, so both paths refuse the same values).
class BoundsWalk {
 public:
  void check(const FieldBound& bound, double value, const SourceLocation& where,
             std::string_view key) const {
    if (bound.contains(value)) return;
    SourceLocation at = where;
    // `lot.min` is two keys below the lane.
    for (std::size_t start = 0; start <= key.size();) {
      const std::size_t dot = std::min(key.find('.', start), key.size());
      at.key_path = child_path(at.key_path, key.substr(start, dot - start));
      start = dot + 1;
    }
    throw ScenarioError(at, bound.violation(key_name(at.key_path), value));
  }

  // The fields of its kind only: the others are not read.
  void distribution(const DistributionSpec& d) const {
    const DistributionFields fields = fields_of(d.kind);
    for (const auto& [key, member, row] : fields.numbers) check(*row, d.*member, d.where, key);
    for (const DistributionList& list : fields.lists) {
      for (double v : d.*list.member) check(*list.bound, v, d.where, list.key);
    }
  }

  // A quantity located at itself (the loader's), or at `key` of `owner` (built in code).
  void quantity(const FieldBound& units, const QuantitySpec& q, const SourceLocation& owner,
                std::string_view key) const {
    const FieldBound& bound = q.basis == QuantityBasis::units            ? units
                              : q.basis == QuantityBasis::days_of_demand ? bound::days_of_demand
                                                                         : bound::cover_of_lead_time;
    if (bound.contains(q.value)) return;
    if (q.where.key_path.empty()) check(bound, q.value, owner, key);
    throw ScenarioError(q.where, bound.violation(key, q.value));
  }

  void policy(const PolicySpec& policy) const {
    for (const auto& [key, q] : policy.parameters) quantity(bound::policy_number, q, policy.where, key);
  }

  void office(const OfficeSpec& o) const {
    check(bound::printers, o.printers, o.where, "printers");
    if (o.wajib_ktp_per_printer != 0) {
      check(bound::per_wajib_ktp, static_cast<double>(o.wajib_ktp_per_printer), o.where, "per_wajib_ktp");
    }
    check(bound::cards_per_printer_per_day, o.cards_per_printer_per_day, o.where, "cards_per_printer_per_day");
    check(bound::initial_backlog, static_cast<double>(o.initial_backlog), o.where, "initial_backlog");
    if (o.patience_days) check(bound::patience_days, *o.patience_days, o.where, "patience_days");
    check(bound::give_up_share, o.give_up_share, o.where, "give_up_share");
    check(bound::ikd_share_of_leavers, o.ikd_share_of_leavers, o.where, "ikd_share_of_leavers");
  }

  void demand(const DemandSpec& d) const {
    check(bound::annual_rate, d.annual_rate, d.where, "annual_rate");
    check(bound::wajib_ktp_share, d.wajib_ktp_share, d.where, "wajib_ktp_share");
    for (const DemandCategorySpec& c : d.categories) check(bound::annual_rate, c.annual_rate, c.where, "annual_rate");
    if (d.counts == CountDistribution::negative_binomial) check(bound::dispersion, d.dispersion, d.where, "dispersion");
    if (d.dedup_delay) distribution(*d.dedup_delay);
  }

  void node(const NodeSpec& n) const {
    check(bound::population, static_cast<double>(n.population), n.where, "population");
    quantity(bound::initial_stock, n.initial_stock, n.where, "initial_stock");
    if (n.office) office(*n.office);
    if (n.demand) demand(*n.demand);
    if (n.replenishment) {
      const ReplenishmentSpec& r = *n.replenishment;
      check(bound::review_period_days, r.review_period_days, r.where, "review_period_days");
      check(bound::review_offset_days, r.review_offset_days, r.where, "review_offset_days");
      policy(r.policy);
    }
    if (n.lateral) {
      const LateralSpec& l = *n.lateral;
      check(bound::donor_min_cover_days, l.donor_min_cover_days, l.where, "donor_min_cover_days");
      check(bound::recipient_cover_days, l.recipient_cover_days, l.where, "recipient_cover_days");
      check(bound::max_per_transfer, static_cast<double>(l.max_per_transfer), l.where, "max_per_transfer");
      distribution(l.lead_time);
    }
    policy(n.allocation);
    const CostSpec& c = n.costs;
    const std::pair<std::string_view, double> costs[]{
        {"holding_per_blank_day", c.holding_per_blank_day},
        {"waiting_per_suket_day", c.waiting_per_suket_day},
        {"per_lost_request", c.per_lost_request},
        {"unit_price", c.unit_price}};
    // Built in code, CostSpec::where may be empty: the node's costs then.
    SourceLocation at = c.where;
    if (at.key_path.empty()) at = {.file = n.where.file, .line = n.where.line, .column = n.where.column,
                                   .key_path = child_path(n.where.key_path, "costs")};
    for (const auto& [key, value] : costs) check(bound::unit_cost, value, at, key);
  }

  void lane(const LaneSpec& l) const {
    distribution(l.lead_time);
    check(bound::lot_min, static_cast<double>(l.min_lot), l.where, "lot.min");
    check(bound::lot_max, static_cast<double>(l.max_lot), l.where, "lot.max");
    check(bound::lot_multiple, static_cast<double>(l.lot_multiple), l.where, "lot.multiple");
    check(bound::lane_priority, l.priority, l.where, "priority");
    check(bound::trip_cost, static_cast<double>(l.trip_cost), l.where, "trip_cost");
    check(bound::max_trips_per_month, l.max_trips_per_month, l.where, "max_trips_per_month");
  }

  void tender(const ProcurementTender& t) const {
    check(bound::lot_quantity, static_cast<double>(t.quantity), t.where, "quantity");
    distribution(t.tender_lead_time);
    check(bound::failure_probability, t.failure_probability, t.where, "failure_probability");
    check(bound::retender_delay_days, t.retender_delay_days, t.where, "retender_delay_days");
    check(bound::max_attempts, t.max_attempts, t.where, "max_attempts");
    check(bound::tender_lots, t.lots, t.where, "lots");
    check(bound::lot_interval_days, t.lot_interval_days, t.where, "lot_interval_days");
  }

  void scope(const RegionScope& s) const { check(bound::scope_share, s.share, s.where, "share"); }

  void calendar(const CalendarSpec& c) const {
    for (double f : c.weekday_pattern.demand) check(bound::weekday_factor, f, c.weekday_pattern.where, "demand");
    for (double f : c.weekday_pattern.capacity) check(bound::weekday_factor, f, c.weekday_pattern.where, "capacity");
    for (const ClosureWindow& w : c.closures) {
      check(bound::window_days, w.rebound_days, w.where, "rebound_days");
      scope(w.scope);
    }
    for (const ServiceDisruption& x : c.disruptions) {
      check(bound::service_share, x.recording, x.where, "recording");
      check(bound::service_share, x.printing, x.where, "printing");
      check(bound::window_days, x.catch_up_days, x.where, "catch_up_days");
      scope(x.scope);
    }
    for (const CalendarEvent& e : c.events) {
      check(bound::window_days, e.ramp_up_days, e.where, "ramp_up_days");
      check(bound::window_days, e.decay_days, e.where, "decay_days");
      check(bound::multiplier, e.multiplier, e.where, "multiplier");
      check(bound::event_requests, static_cast<double>(e.requests), e.where, "requests");
      check(bound::share_of_wajib_ktp, e.share_of_wajib_ktp, e.where, "share_of_wajib_ktp");
      for (double m : e.daily_multipliers) check(bound::daily_multiplier, m, e.where, "daily_multipliers");
      for (const auto& [date, requests] : e.daily_requests) check(bound::daily_requests, requests, e.where, "requests_csv");
      scope(e.scope);
    }
    for (const IkdAdoption& ikd : c.ikd) {
      check(bound::ikd_share, ikd.final_share, ikd.where, "final_share");
      check(bound::steepness_per_year, ikd.steepness_per_year, ikd.where, "steepness_per_year");
      for (const auto& [date, share] : ikd.points) check(bound::ikd_share, share, ikd.where, "points");
      scope(ikd.scope);
    }
  }
};

}  // namespace

BoundedNumber parse_bounded(std::string_view text, const FieldBound& bound) {
  const auto real = parse_whole<double>(text);
  const auto integer = parse_whole<std::int64_t>(text);
  const bool whole = integer || (real && *real == std::floor(*real) &&
                                 text.find_first_of(".eE") == std::string_view::npos);
  if (bound.kind == BoundKind::integer ? !whole : !real) {
    return {.value = 0, .problem = NumberProblem::not_a_number};
  }
  const double value = integer ? static_cast<double>(*integer) : *real;
  return {.value = value,
          .problem = bound.contains(value) ? NumberProblem::none : NumberProblem::out_of_range};
}

std::string_view expected_number(const FieldBound& bound) {
  return bound.kind == BoundKind::integer ? "expected an integer" : "expected a number";
}

std::string FieldBound::violation(std::string_view name, double value) const {
  if (low_open) {
    return fmt::format("{} must be above {} and at most {} ({}), got {}", name, limit_text(low),
                       limit_text(high), unit, limit_text(value));
  }
  return fmt::format("{} must be {} between {} and {} ({}), got {}", name,
                     kind == BoundKind::integer ? "an integer" : "a number", limit_text(low),
                     limit_text(high), unit, limit_text(value));
}

std::string FieldBound::range_text() const {
  return fmt::format("{}{}, {}]", low_open ? "(" : "[", limit_text(low), limit_text(high));
}

void check_scenario_bounds(const Scenario& scenario) {
  const BoundsWalk walk;
  walk.check(bound::horizon_days, scenario.horizon_days, scenario.where, "horizon_days");
  for (const NodeSpec& node : scenario.nodes) walk.node(node);
  for (const LaneSpec& lane : scenario.lanes) walk.lane(lane);
  for (const ProcurementLot& lot : scenario.procurement) {
    walk.check(bound::lot_quantity, static_cast<double>(lot.quantity), lot.where, "quantity");
  }
  for (const ProcurementTender& tender : scenario.tenders) walk.tender(tender);
  walk.calendar(scenario.calendar);
}

}  // namespace blanko::detail
