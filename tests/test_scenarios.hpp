#pragma once
// Scenarios built in code for the tests: small, explicit, and with `where.key_path` set so
// that error messages can be checked without a YAML file.

#include <blanko/blanko.hpp>

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace blanko::testing {

inline Date day_of(const char* iso) { return *parse_iso_date(iso); }

/// Runs `build` and expects a ScenarioError whose message contains `fragment` and whose
/// location has a key path.
template <class F>
void expect_scenario_error(F&& build, const std::string& fragment) {
  try {
    build();
    FAIL() << "expected a ScenarioError containing: " << fragment;
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_FALSE(e.where().key_path.empty()) << e.what();
  }
}

inline NodeSpec centre(std::string id, std::int64_t stock) {
  NodeSpec n;
  n.id = std::move(id);
  n.kind = NodeKind::centre;
  n.initial_stock = QuantitySpec::units_of(stock);
  n.where.key_path = "nodes." + n.id;
  n.allocation.where.key_path = n.where.key_path + ".allocation";
  return n;
}

// Gives every parameter a key path, as the loader would.
inline void locate(ReplenishmentSpec& r) {
  r.where.key_path = "replenishment";
  r.policy.where.key_path = "replenishment.policy";
  for (auto& [key, value] : r.policy.parameters) value.where.key_path = "replenishment." + key;
}

inline ReplenishmentSpec base_stock(std::int64_t target, int review_period = 1) {
  ReplenishmentSpec r;
  r.policy.name = "base_stock";
  r.policy.parameters["S"] = QuantitySpec::units_of(target);
  r.review_period_days = review_period;
  locate(r);
  return r;
}

inline ReplenishmentSpec s_S(std::int64_t s, std::int64_t S, int review_period = 1) {
  ReplenishmentSpec r;
  r.policy.name = "s_S";
  r.policy.parameters["s"] = QuantitySpec::units_of(s);
  r.policy.parameters["S"] = QuantitySpec::units_of(S);
  r.review_period_days = review_period;
  locate(r);
  return r;
}

/// Any replenishment policy by name, with absolute or relative parameters.
inline ReplenishmentSpec policy(std::string name, std::map<std::string, QuantitySpec> parameters,
                                int review_period = 1) {
  ReplenishmentSpec r;
  r.policy.name = std::move(name);
  r.policy.parameters = std::move(parameters);
  r.review_period_days = review_period;
  locate(r);
  return r;
}

/// A kab/kota office whose mean demand is `per_day` requests per calendar day, open every
/// day unless `closed` says otherwise.
inline NodeSpec office(std::string id, double per_day, std::int64_t stock,
                       ReplenishmentSpec replenishment, int capacity = 1000) {
  NodeSpec n;
  n.id = std::move(id);
  n.kind = NodeKind::kabkota;
  n.population = 10000;
  n.initial_stock = QuantitySpec::units_of(stock);
  n.office = OfficeSpec{.printers = 1, .cards_per_printer_per_day = capacity,
                        .closed_weekdays = {}, .initial_backlog = 0, .where = {}};
  n.demand = DemandSpec{.annual_rate = per_day * 365.0 / 10000.0, .wajib_ktp_share = 1.0,
                        .where = {}};
  n.replenishment = std::move(replenishment);
  n.where.key_path = "nodes." + n.id;
  n.office->where.key_path = n.where.key_path + ".office";
  n.demand->where.key_path = n.where.key_path + ".demand";
  n.allocation.where.key_path = n.where.key_path + ".allocation";
  return n;
}

inline NodeSpec province(std::string id, std::int64_t stock, ReplenishmentSpec replenishment) {
  NodeSpec n;
  n.id = std::move(id);
  n.kind = NodeKind::province;
  n.initial_stock = QuantitySpec::units_of(stock);
  n.replenishment = std::move(replenishment);
  n.where.key_path = "nodes." + n.id;
  return n;
}

inline LaneSpec lane(std::string from, std::string to, DistributionSpec lead_time) {
  LaneSpec l;
  l.from = std::move(from);
  l.to = std::move(to);
  l.lead_time = std::move(lead_time);
  l.where.key_path = "lanes." + l.to;
  l.lead_time.where.key_path = l.where.key_path + ".lead_time";
  return l;
}

inline Scenario scenario(int horizon_days = 365) {
  Scenario s;
  s.name = "test";
  s.start = day_of("2024-01-01");
  s.horizon_days = horizon_days;
  s.seed = 42;
  return s;
}

/// One centre with ample stock supplying one office over a deterministic lane.
inline Scenario single_office(double per_day, std::int64_t target, int lead_time,
                              int horizon_days = 365) {
  Scenario s = scenario(horizon_days);
  s.nodes.push_back(centre("pusat", 1'000'000'000));
  s.nodes.push_back(office("kab", per_day, target, base_stock(target)));
  s.lanes.push_back(lane("pusat", "kab", DistributionSpec::fixed(lead_time)));
  return s;
}

/// single_office() with a periodic review: order up to `target` every `review_period` days,
/// from day 0 (the (R, S) policy of the closed-form tests).
inline Scenario periodic_single_office(double per_day, std::int64_t target, int lead_time,
                                       int review_period, int horizon_days) {
  Scenario s = single_office(per_day, target, lead_time, horizon_days);
  s.nodes[1].replenishment =
      policy("periodic", {{"S", QuantitySpec::units_of(target)}}, review_period);
  return s;
}

/// A demand category of `annual_rate` requests per resident of `per` and year, located at
/// `demand.categories.<name>` as the loader would.
inline DemandCategorySpec annual_category(std::string name, double annual_rate,
                                          PriorityClass priority,
                                          DemandBase per = DemandBase::wajib_ktp) {
  DemandCategorySpec c{.name = std::move(name),
                       .annual_rate = annual_rate,
                       .per = per,
                       .priority = priority,
                       .where = {}};
  c.where.key_path = "demand.categories." + c.name;
  return c;
}

/// A demand category of `per_day` requests per calendar day at an office made by office()
/// (10,000 residents, all wajib KTP).
inline DemandCategorySpec category(std::string name, double per_day, PriorityClass priority,
                                   DemandBase per = DemandBase::wajib_ktp) {
  return annual_category(std::move(name), per_day * 365.0 / 10000.0, priority, per);
}

/// A random three-echelon network with every kind of lead time, lot rules, both policies,
/// closed weekdays, tight capacities, procurement lots, offices with a single demand rate
/// or with categories of every priority class, Poisson or negative binomial, and some
/// offices whose suket holders give up or that lend and borrow blanks laterally; then
/// supply features on top (add_random_supply): direct centre -> office lanes, lane closures,
/// trip limits and costs, and tenders. For invariants that must hold whatever the scenario.
inline Scenario random_network(std::uint32_t generator_seed);

/// Adds to `s` a random calendar: a weekday pattern, holidays, a closure with a rebound, a
/// disruption with a catch-up, an event of every kind on random regions, an IKD curve and
/// dedup delays at some offices; drawn from their own generator so the rest of the network
/// stays the same.
inline void add_random_calendar(Scenario& s, std::uint32_t generator_seed) {
  std::mt19937 g(generator_seed ^ 0xca1e0dau);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(g); };
  const auto day = [&](int d) { return s.start + std::chrono::days{d}; };
  std::vector<std::string> offices;
  for (const NodeSpec& node : s.nodes) {
    if (node.office) offices.push_back(node.id);
  }
  const auto some_office = [&] { return offices[static_cast<std::size_t>(uniform(0, static_cast<int>(offices.size()) - 1))]; };
  CalendarSpec& c = s.calendar;
  c.weekday_pattern.demand[4] = 0.5 + uniform(0, 10) / 10.0;
  c.weekday_pattern.capacity[4] = uniform(5, 10) / 10.0;
  for (int i = 0; i < 3; ++i) c.holidays.push_back({.date = day(uniform(0, s.horizon_days)), .name = "h", .where = {}});
  const int closed = uniform(0, s.horizon_days);
  c.closures.push_back({.name = "lebaran", .start = day(closed), .end = day(closed + uniform(0, 7)),
                        .rebound_days = uniform(0, 10), .scope = {}, .where = {}});
  const int disrupted = uniform(0, s.horizon_days);
  c.disruptions.push_back({.name = "covid", .start = day(disrupted),
                           .end = day(disrupted + uniform(0, 30)), .recording = uniform(0, 10) / 10.0,
                           .printing = uniform(0, 10) / 10.0, .catch_up_days = uniform(0, 30),
                           .scope = {.regions = {some_office()}, .share = 1.0, .where = {}},
                           .where = {}});
  for (int k = 0; k < 6; ++k) {
    CalendarEvent e;
    e.kind = static_cast<CalendarEventKind>(k);
    e.name = "event " + std::to_string(k);
    const int first = uniform(-20, s.horizon_days);
    e.start = day(first);
    e.end = day(first + uniform(0, 20));
    e.ramp_up_days = uniform(0, 10);
    e.decay_days = uniform(0, 10);
    if (e.kind == CalendarEventKind::school_drive) {
      e.requests = uniform(1, 3000);
      e.scope.regions = {some_office()};
    } else if (e.kind == CalendarEventKind::pemekaran) {
      e.share_of_wajib_ktp = uniform(1, 5) / 100.0;
      e.scope.regions = {some_office()};
    } else if (e.kind == CalendarEventKind::custom) {
      e.daily_requests = {{day(uniform(0, s.horizon_days)), uniform(1, 500)}};
    } else {
      e.multiplier = uniform(11, 30) / 10.0;
      e.scope.share = uniform(3, 10) / 10.0;
    }
    c.events.push_back(e);
  }
  IkdAdoption ikd;
  ikd.curve = IkdAdoption::Curve::piecewise;
  ikd.points = {{day(0), uniform(0, 10) / 100.0}, {day(s.horizon_days), uniform(10, 40) / 100.0}};
  c.ikd.push_back(ikd);
  for (NodeSpec& node : s.nodes) {
    if (node.demand && uniform(0, 2) == 0) {
      DistributionSpec delay;
      delay.kind = DistributionKind::uniform;
      delay.low = uniform(0, 3);
      delay.high = delay.low + uniform(0, 7);
      node.demand->dedup_delay = delay;
    }
  }
}

/// Adds to `s` (a random_network without them) some direct lanes from `pusat` to offices
/// with random priorities, closures, trip limits and costs on random lanes, and up to three
/// tenders with random outcomes; drawn from their own generator so the rest of the network
/// stays the same.
inline void add_random_supply(Scenario& s, std::uint32_t generator_seed) {
  std::mt19937 g(generator_seed ^ 0x5eed5u);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(g); };
  const auto day = [&](int d) { return s.start + std::chrono::days{d}; };
  const std::size_t province_lanes = s.lanes.size();
  for (const NodeSpec& node : s.nodes) {
    if (!node.office || uniform(0, 2) != 0) continue;
    LaneSpec direct = lane("pusat", node.id, DistributionSpec::fixed(uniform(5, 20)));
    direct.priority = uniform(-1, 1);
    direct.min_lot = uniform(1, 300);
    s.lanes.push_back(direct);
  }
  for (std::size_t l = 0; l < s.lanes.size(); ++l) {
    LaneSpec& lane_spec = s.lanes[l];
    if (uniform(0, 2) == 0) {
      const int windows = uniform(1, 2);
      for (int w = 0; w < windows; ++w) {
        const int first = uniform(-10, s.horizon_days);
        lane_spec.closures.push_back(
            {.start = day(first), .end = day(first + uniform(0, 15)), .where = {}});
      }
    }
    if (uniform(0, 2) == 0) lane_spec.max_trips_per_month = uniform(1, 4);
    if (l >= province_lanes || uniform(0, 1) == 0) lane_spec.trip_cost = uniform(0, 5) * 500'000;
  }
  const int tenders = uniform(0, 3);
  for (int t = 0; t < tenders; ++t) {
    ProcurementTender tender{.name = "t" + std::to_string(t),
                             .node = uniform(0, 1) == 0 ? "" : "pusat",
                             .budget_date = day(uniform(0, s.horizon_days - 1)),
                             .quantity = uniform(1, 60000),
                             .tender_lead_time = DistributionSpec::fixed(uniform(1, 40))};
    const double probabilities[] = {0, 0.3, 0.5, 1};
    tender.failure_probability = probabilities[uniform(0, 3)];
    tender.retender_delay_days = uniform(0, 20);
    tender.max_attempts = uniform(1, 3);
    tender.lots = uniform(1, 4);
    tender.lot_interval_days = uniform(0, 30);
    s.tenders.push_back(std::move(tender));
  }
}

inline Scenario random_network(std::uint32_t generator_seed) {
  std::mt19937 g(generator_seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(g); };
  // Shortage features draw from their own generator, so the rest of the network is the
  // same as before they existed.
  std::mt19937 shortage_g(generator_seed ^ 0x5a5a5a5aU);
  auto shortage = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(shortage_g);
  };
  Scenario s = scenario(uniform(30, 200));
  s.seed = generator_seed;
  s.nodes.push_back(centre("pusat", uniform(0, 20000)));
  auto random_distribution = [](auto&& draw) {
    DistributionSpec d;
    d.kind = static_cast<DistributionKind>(draw(0, 5));
    d.value = draw(1, 10);
    d.low = draw(1, 4);
    d.high = d.low + draw(1, 10);
    d.mode = (d.low + d.high) / 2;
    d.mean = draw(2, 12);
    d.sd = draw(1, 5);
    d.shape = draw(1, 4);
    d.scale = draw(1, 3);
    d.values = {1, 3, 7, 14};
    return d;
  };
  auto random_lead_time = [&]() { return random_distribution(uniform); };
  auto random_policy = [&](double daily) {
    const auto S = static_cast<std::int64_t>(daily * uniform(5, 40)) + 1;
    return uniform(0, 1) == 0 ? base_stock(S, uniform(1, 10))
                              : s_S(S / uniform(2, 4), S, uniform(1, 10));
  };
  const int provinces = uniform(1, 4);
  for (int p = 0; p < provinces; ++p) {
    const std::string pid = "p" + std::to_string(p);
    const int offices = uniform(1, 5);
    const double daily = 30.0 * offices;
    s.nodes.push_back(province(pid, uniform(0, 3000), random_policy(daily)));
    LaneSpec to_province = lane("pusat", pid, random_lead_time());
    to_province.min_lot = uniform(1, 500);
    to_province.lot_multiple = uniform(1, 100);
    s.lanes.push_back(to_province);
    for (int k = 0; k < offices; ++k) {
      const std::string kid = pid + "." + std::to_string(k);
      NodeSpec o = office(kid, uniform(5, 60), uniform(0, 1500), random_policy(30),
                          uniform(10, 120));
      if (uniform(0, 1) == 1) o.office->closed_weekdays = {Weekday::sat, Weekday::sun};
      o.office->initial_backlog = uniform(0, 50);
      if (const int kind = uniform(0, 2); kind > 0) {
        // The same daily mean split over categories in random classes.
        const double per_day = o.demand->annual_rate * 10000.0 / 365.0;
        const int categories = uniform(1, 4);
        for (int c = 0; c < categories; ++c) {
          o.demand->categories.push_back(
              category("c" + std::to_string(c), per_day / categories,
                       static_cast<PriorityClass>(uniform(0, kPriorityClassCount - 1)),
                       uniform(0, 1) == 0 ? DemandBase::wajib_ktp : DemandBase::population));
        }
        if (kind == 2) {
          o.demand->counts = CountDistribution::negative_binomial;
          o.demand->dispersion = uniform(1, 60);
        }
      }
      if (shortage(0, 2) == 0) {
        o.office->patience_days = shortage(1, 20);
        o.office->give_up_share = shortage(0, 10) / 10.0;
        o.office->ikd_share_of_leavers = shortage(0, 10) / 10.0;
      }
      if (shortage(0, 1) == 1) {
        o.lateral = LateralSpec{.enabled = shortage(0, 5) > 0,
                                .donor_min_cover_days = static_cast<double>(shortage(0, 60)),
                                .recipient_cover_days = shortage(0, 2) * 10.0,
                                .lead_time = random_distribution(shortage),
                                .max_per_transfer = shortage(1, 2000),
                                .where = {}};
      }
      s.nodes.push_back(o);
      LaneSpec to_office = lane(pid, kid, random_lead_time());
      to_office.max_lot = uniform(0, 1) == 0 ? 0 : uniform(500, 3000);
      s.lanes.push_back(to_office);
    }
  }
  const int lots = uniform(0, 4);
  for (int i = 0; i < lots; ++i) {
    s.procurement.push_back(ProcurementLot{
        .date = s.start + std::chrono::days{uniform(0, s.horizon_days - 1)},
        .node = "pusat",
        .quantity = uniform(1, 50000),
        .where = {}});
  }
  add_random_supply(s, generator_seed);
  add_random_calendar(s, generator_seed);
  return s;
}

}  // namespace blanko::testing
