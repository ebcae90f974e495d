#include <blanko/simulation.hpp>

#include <blanko/model.hpp>

#include "detail/compiled_model.hpp"
#include "detail/memory_check.hpp"
#include "detail/random.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <utility>

namespace blanko {

namespace {

// Print requests of one priority class at one office that became printable on `day`.
struct Cohort {
  std::int64_t waiting = 0;
  Day day = 0;
};

// The PRR queue of one priority class at one office, with its counters. Its cohorts, oldest
// first, are in slots [head, tail). Suket holders are always its oldest waiting requests,
// and whole cohorts: those in slots [head, suket_end).
// Its demand and the requests printed the day they arrived are kept apart (ClassCounts).
struct ClassQueue {
  std::int64_t backlog = 0;
  std::int64_t suket_outstanding = 0;
  std::int64_t printed = 0;    // from cohorts
  std::int64_t wait_days = 0;  // summed over printed cards
  std::int32_t head = 0;
  std::int32_t tail = 0;
  std::int32_t suket_end = 0;
};

// What most office-days change of a class, in a small array of its own so that a day's
// sweep over offices stays in cache: requests, and those printed on the day they arrived
// without forming a cohort (the office's wait histogram, where they belong at 0 days, would
// miss cache; finish adds them there).
struct ClassCounts {
  std::int64_t demand = 0;
  std::int64_t printed_at_once = 0;
};

// The engine's events. Daily sweeps carry no data: they read the replication state.
struct ShipmentArrival {
  NodeIndex customer;
  LaneIndex lane;
  std::int64_t blanks;
};
struct LateralArrival {
  NodeIndex recipient;
  std::int64_t blanks;
};
struct LotArrival {
  NodeIndex node;
  std::int64_t blanks;
};
struct OfficeDay {};
struct Reviews {};
struct Lateral {};
struct Dispatch {};
struct Record {};

using Queue = EventQueue<ShipmentArrival, LateralArrival, LotArrival, OfficeDay, Reviews, Lateral,
                         Dispatch, Record>;

constexpr std::uint8_t phase(DayPhase p) { return static_cast<std::uint8_t>(p); }

// p-quantile (nearest rank) of a histogram of whole days.
double histogram_quantile(const std::vector<std::int64_t>& counts, std::int64_t total, double p) {
  if (total == 0) return 0;
  const auto rank = static_cast<std::int64_t>(std::ceil(p * static_cast<double>(total)));
  std::int64_t seen = 0;
  for (std::size_t w = 0; w < counts.size(); ++w) {
    seen += counts[w];
    if (seen >= rank) return static_cast<double>(w);
  }
  return static_cast<double>(counts.size() - 1);
}

double mean_wait(std::int64_t wait_days, std::int64_t printed) {
  return printed == 0 ? 0.0 : static_cast<double>(wait_days) / static_cast<double>(printed);
}

double histogram_mean(const std::vector<std::int64_t>& counts, std::int64_t total) {
  if (total == 0) return 0;
  double sum = 0;
  for (std::size_t w = 0; w < counts.size(); ++w) sum += static_cast<double>(w) * static_cast<double>(counts[w]);
  return sum / static_cast<double>(total);
}

}  // namespace

namespace detail {

// What State (below) allocates: about 30 vectors per node, per office and class a ClassQueue,
// its counts and horizon + 1 cohort slots, and per office a row of waits for every day.
std::uint64_t replication_bytes(std::uint64_t nodes, std::uint64_t offices, std::uint64_t horizon) {
  constexpr std::uint64_t kPerNode = 30 * sizeof(std::int64_t) + sizeof(std::vector<OpenOrder>);
  const std::uint64_t queues = offices * kPriorityClassCount;
  return nodes * kPerNode + queues * (sizeof(ClassQueue) + sizeof(ClassCounts) + 8) +
         queues * (horizon + 1) * sizeof(Cohort) + offices * horizon * sizeof(std::int64_t) +
         offices * 20 * sizeof(std::int64_t);
}

}  // namespace detail

/// The mutable state of one replication, as structure of arrays.
struct Simulation::State {
  explicit State(const detail::CompiledModel& model) : m(model) {}

  const detail::CompiledModel& m;
  Queue queue;
  detail::RandomEngine demand_rng;
  detail::RandomEngine lead_time_rng;
  detail::RandomEngine patience_rng;
  detail::RandomEngine lateral_rng;
  detail::RandomEngine procurement_rng;
  detail::TenderOutcome tenders;

  // Per node.
  std::vector<std::int64_t> on_hand, in_transit, on_order, owed;
  std::vector<std::int64_t> received, shipped, shipments, peak_owed, trip_cost;
  std::vector<std::int64_t> lateral_in, lateral_out, lateral_in_transit;
  std::vector<std::int32_t> supplier_stockout_days;
  std::vector<Day> first_stockout;  // the first stockout day (office or supplier); horizon: none
  // Sums over days' ends (for the time averages) and the orders a node placed.
  std::vector<std::int64_t> on_hand_days, in_transit_days, orders_placed, blanks_ordered;
  std::vector<std::int64_t> procured_at;  // blanks of lots and tenders, per source node
  std::vector<Day> next_review;  // the next day the node reviews (saves a division a day)
  std::vector<std::vector<OpenOrder>> open_orders;  // per supplier, oldest first
  std::vector<std::int64_t> granted;                // scratch for allocation
  std::vector<OpenOrder> shippable;                 // scratch: orders that may ship today
  std::vector<std::size_t> shippable_index;         // their places in open_orders

  // Per lane with a trip limit: trips taken in `trip_month` (a month_of_day value).
  std::vector<std::int32_t> trips_taken, trip_month;

  // Per (office, priority class), indexed by class_index(office, class). The PRR queue of
  // a class is a FIFO of cohorts (requests that became printable on the same day), so waits
  // are exact in days. Each queue has horizon + 1 slots (one cohort a day at most, plus the
  // initial backlog) and starts again at slot 0 whenever it empties; slots are stored
  // queue-major, so a queue's head and tail stay in a cache line or two each even when its
  // backlog never clears and the head drifts through the year.
  std::vector<ClassQueue> class_queues;
  std::vector<ClassCounts> class_counts;
  std::vector<std::int64_t> requests_today;  // scratch: the day's draws
  detail::BetweenBatch count_batch;          // scratch: how they are drawn from tables
  std::vector<Cohort> cohorts;               // class_index * (horizon + 1) + slot

  // Per office (totals over classes).
  std::vector<std::int64_t> waits;  // office * horizon + wait days: cards printed (office-major:
                                    // an office's waits move slowly, so its entry stays cached)
  // The longest wait in each office's row of waits; beyond it the row is 0, so a run clears
  // and reads only the rows' starts (most requests are printed the day they arrive).
  std::vector<std::int32_t> longest_wait;
  std::vector<std::int64_t> backlog, suket_issued, lost, redirected;
  std::vector<std::int64_t> demand, printed, demand_today, printed_today, peak_backlog;
  std::vector<std::int32_t> office_stockout_days, printer_bound_days;
  // Suket holders (the sum of the office's class queues' suket_outstanding, kept as they
  // change), and the sums over days' ends of them and of the requests waiting.
  std::vector<std::int64_t> suket_holders, suket_days, waiting_days;

  std::int64_t procured = 0;
  std::int64_t printed_total = 0;
  std::int64_t peak_network_backlog = 0;
  std::optional<TimeSeries> series;
  std::span<const NodeGroup> groups;
  GroupSeries group_series;
  // The groups' nodes, and the offices among them, one group after another: group g's are
  // those before group_node_end[g] (group_office_end[g]) and from the previous group's end.
  std::vector<std::int32_t> group_nodes, group_offices;
  std::vector<std::size_t> group_node_end, group_office_end;

  void reset(const RunOptions& options, std::uint64_t seed);
  // The daily sweeps of day `d`; the lateral one only when some office lends and borrows.
  void schedule_sweeps(Day d) {
    queue.schedule(d, phase(DayPhase::office_day), OfficeDay{});
    queue.schedule(d, phase(DayPhase::reviews), Reviews{});
    if (!m.lateral_offices.empty()) queue.schedule(d, phase(DayPhase::lateral), Lateral{});
    queue.schedule(d, phase(DayPhase::dispatch), Dispatch{});
    queue.schedule(d, phase(DayPhase::record), Record{});
  }
  // Fills requests_today with the day's new requests of every office and class.
  void draw_requests(Day d);
  void office_day(Day d);
  // Queues today's `requests` of one class at an office and prints up to `to_print` of the
  // class's oldest requests; returns how many it printed.
  std::int64_t serve_class(Day d, std::size_t office, std::size_t index, std::int64_t requests,
                           std::int64_t to_print);
  void give_up(Day d);
  void reviews(Day d);
  void lateral(Day d);
  // The lane an order of `wanted` blanks from `v` goes to (the sourcing rule), and the
  // quantity after that lane's lot rules.
  [[nodiscard]] std::pair<LaneIndex, std::int64_t> choose_lane(NodeIndex v,
                                                               std::int64_t wanted) const;
  void dispatch(Day d);
  // Writes the customer facts of OpenOrder (position, forecast, ...) as of day d.
  void fill_customer_facts(Day d, std::span<OpenOrder> orders) const;
  // Fills `granted` from the supplier's allocation policy over `orders`, checked.
  void allocate(NodeIndex supplier, std::span<const OpenOrder> orders);
  // Sends `blanks` of `order` today (nothing for 0).
  void ship(Day d, NodeIndex supplier, OpenOrder& order, std::int64_t blanks);
  // Allocates among and ships the orders whose lane is open today and has a trip left.
  void ship_restricted(Day d, NodeIndex supplier);
  // Takes one of this month's trips of `lane`, if it has one left (always, without a limit).
  bool take_trip(std::size_t lane, Day d);
  void record(Day d);
  void record_groups(Day d);
  RunResult finish(std::uint64_t seed, std::uint64_t replication, std::uint64_t events);

  // One day's count of one class at an office without a table, on the demand stream.
  std::int64_t draw_count(std::size_t office, double mean) {
    if (m.count_distribution[office] == CountDistribution::poisson) {
      return detail::draw_poisson(demand_rng, mean);
    }
    return detail::draw_negative_binomial(demand_rng, mean, m.dispersion[office]);
  }

  [[nodiscard]] std::int64_t office_suket_outstanding(std::size_t office) const {
    std::int64_t holders = 0;
    for (std::size_t c = 0; c < kClasses; ++c) {
      holders += class_queues[class_index(office, c)].suket_outstanding;
    }
    return holders;
  }

  [[nodiscard]] std::size_t wait_at(std::size_t office, std::int32_t wait) const {
    return office * static_cast<std::size_t>(m.horizon) + static_cast<std::size_t>(wait);
  }
  [[nodiscard]] static std::size_t class_index(std::size_t office, std::size_t priority) {
    return office * kClasses + priority;
  }
  [[nodiscard]] Cohort& cohort(std::size_t index, std::int32_t slot) {
    return cohorts[index * (static_cast<std::size_t>(m.horizon) + 1) +
                   static_cast<std::size_t>(slot)];
  }
  // Adds requests that became printable on `day` (today, or later than every cohort queued).
  // They join the newest cohort only if it is of the same day and holds no suket, so that
  // suket holders stay whole cohorts (on day 0 the initial backlog is a cohort of its own).
  void push_cohort(std::size_t index, Day day, std::int64_t requests) {
    if (requests == 0) return;
    ClassQueue& q = class_queues[index];
    if (q.suket_end < q.tail && cohort(index, q.tail - 1).day == day) {
      cohort(index, q.tail - 1).waiting += requests;
    } else {
      cohort(index, q.tail++) = {requests, day};
    }
    q.backlog += requests;
  }
  // Drops emptied cohorts at the head, and starts again at slot 0 when the queue is empty.
  void trim(ClassQueue& q, std::size_t index) {
    while (q.head < q.tail && cohort(index, q.head).waiting == 0) ++q.head;
    q.suket_end = std::max(q.suket_end, q.head);
    if (q.head == q.tail) q.head = q.tail = q.suket_end = 0;
  }
  static constexpr auto kClasses = static_cast<std::size_t>(kPriorityClassCount);
};

void Simulation::State::reset(const RunOptions& options, std::uint64_t seed) {
  const auto n = static_cast<std::size_t>(m.node_count);
  const auto offices = static_cast<std::size_t>(m.office_count);
  on_hand = m.initial_stock;
  for (auto* v : {&in_transit, &on_order, &owed, &received, &shipped, &shipments, &peak_owed,
                  &trip_cost, &lateral_in, &lateral_out, &lateral_in_transit, &on_hand_days,
                  &in_transit_days, &orders_placed, &blanks_ordered, &procured_at}) {
    v->assign(n, 0);
  }
  trips_taken.assign(m.max_trips_per_month.size(), 0);
  trip_month.assign(m.max_trips_per_month.size(), -1);
  supplier_stockout_days.assign(n, 0);
  first_stockout.assign(n, m.horizon);
  next_review = m.review_offset;  // not negative: the first review
  open_orders.resize(n);
  for (auto& orders : open_orders) orders.clear();

  class_queues.assign(offices * kClasses, ClassQueue{});
  class_counts.assign(class_queues.size(), ClassCounts{});
  requests_today.assign(class_queues.size(), 0);
  // One slot a day, plus one for the initial backlog. Slots are written before they are
  // read, so they need no clearing between replications.
  cohorts.resize(class_queues.size() * (static_cast<std::size_t>(m.horizon) + 1));
  if (waits.size() != offices * static_cast<std::size_t>(m.horizon)) {
    waits.assign(offices * static_cast<std::size_t>(m.horizon), 0);
    longest_wait.assign(offices, 0);
  }
  for (std::size_t o = 0; o < offices && m.horizon > 0; ++o) {
    std::fill_n(waits.begin() + static_cast<std::ptrdiff_t>(wait_at(o, 0)), longest_wait[o] + 1, 0);
    longest_wait[o] = 0;
  }
  for (auto* v : {&backlog, &suket_issued, &lost, &redirected, &demand, &printed, &demand_today,
                  &printed_today, &peak_backlog, &suket_holders, &suket_days, &waiting_days}) {
    v->assign(offices, 0);
  }
  office_stockout_days.assign(offices, 0);
  printer_bound_days.assign(offices, 0);
  for (std::size_t o = 0; o < offices; ++o) {
    // Requests already waiting at the start were recorded but never printed: first cards
    // under the Aug-2023 rule. They hold a suket and count from day 0.
    const std::size_t first_card =
        class_index(o, static_cast<std::size_t>(PriorityClass::first_card));
    push_cohort(first_card, 0, m.initial_backlog[o]);
    ClassQueue& q = class_queues[first_card];
    q.suket_outstanding = backlog[o] = suket_holders[o] = m.initial_backlog[o];
    q.suket_end = q.tail;
  }
  procured = printed_total = peak_network_backlog = 0;

  demand_rng.seed(detail::stream_seed(seed, options.replication, detail::StreamPurpose::demand));
  lead_time_rng.seed(
      detail::stream_seed(seed, options.replication, detail::StreamPurpose::lead_time));
  patience_rng.seed(
      detail::stream_seed(seed, options.replication, detail::StreamPurpose::patience));
  lateral_rng.seed(detail::stream_seed(seed, options.replication, detail::StreamPurpose::lateral));

  series.reset();
  if (options.record_timeseries) series.emplace(m.scenario.start, m.horizon, m.node_count);
  groups = options.node_groups;
  group_nodes.clear();
  group_offices.clear();
  group_node_end.clear();
  group_office_end.clear();
  for (const NodeGroup& group : groups) {
    for (const std::int32_t v : group.nodes) {
      if (v < 0 || v >= m.node_count) {
        throw Error("node group '" + group.name + "' names node index " + std::to_string(v) +
                    ", not in the network");
      }
      group_nodes.push_back(v);
      const std::int32_t office = m.office_of_node[static_cast<std::size_t>(v)];
      if (office != kNone) group_offices.push_back(office);
    }
    group_node_end.push_back(group_nodes.size());
    group_office_end.push_back(group_offices.size());
  }
  group_series = {.days = m.horizon, .groups = static_cast<std::int32_t>(groups.size()),
                  .on_hand = {}, .backlog = {}};
  group_series.on_hand.assign(groups.size() * static_cast<std::size_t>(m.horizon), 0);
  group_series.backlog.assign(group_series.on_hand.size(), 0);

  queue.clear();
  for (const auto& lot : m.lots) {
    queue.schedule(lot.day, phase(DayPhase::procurement), LotArrival{lot.node, lot.quantity});
  }
  // Tender outcomes never depend on the run, so they are drawn up front, on their own
  // stream (demand and lead times stay common random numbers with or without tenders).
  tenders.lots.clear();
  tenders.failures = 0;
  if (!m.tenders.empty()) {
    procurement_rng.seed(
        detail::stream_seed(seed, options.replication, detail::StreamPurpose::procurement));
    detail::draw_tenders(m.tenders, m.horizon, procurement_rng, tenders);
    for (const auto& lot : tenders.lots) {
      queue.schedule(lot.day, phase(DayPhase::procurement), LotArrival{lot.node, lot.quantity});
    }
  }
  schedule_sweeps(0);
}

void Simulation::State::draw_requests(Day d) {
  // Counts from tables first, all of the day's together so that their table reads overlap,
  // then the others (Poisson, or no table fits) one at a time; both in office and class
  // order.
  const auto columns = requests_today.size();
  count_batch.draw(demand_rng, m.count_tables, {m.count_table.row(d).data(), columns},
                   {m.count_weight.row(d).data(), columns}, requests_today);
  if (!m.counts_without_table[static_cast<std::size_t>(d)]) {
    // Only zero rates are left (-1): a loop without branches.
    for (std::int64_t& requests : requests_today) requests = std::max<std::int64_t>(requests, 0);
    return;
  }
  const double* rate = m.demand_rate.row(d).data();
  for (std::size_t index = 0; index < columns; ++index) {
    if (requests_today[index] >= 0) continue;
    requests_today[index] = rate[index] > 0 ? draw_count(index / kClasses, rate[index]) : 0;
  }
}

void Simulation::State::office_day(Day d) {
  // Today's requests of every office and class, drawn whatever the stock: demand never
  // depends on policy decisions (common random numbers).
  draw_requests(d);

  const std::int32_t* capacity = m.print_capacity.row(d).data();
  for (std::int32_t o = 0; o < m.office_count; ++o) {
    const auto oi = static_cast<std::size_t>(o);
    const auto node = static_cast<std::size_t>(m.office_node[oi]);
    std::int64_t arrivals = 0;
    for (std::size_t c = 0; c < kClasses; ++c) arrivals += requests_today[class_index(oi, c)];
    backlog[oi] += arrivals;
    demand[oi] += arrivals;
    demand_today[oi] = arrivals;

    // Classes in priority order, oldest first within a class: when blanks or printers are
    // short, lower classes wait.
    const std::int64_t batch = std::min({static_cast<std::int64_t>(capacity[o]), on_hand[node], backlog[oi]});
    if (backlog[oi] == arrivals && batch == arrivals) {
      // Most office-days: nothing was waiting and all of today's requests are printed.
      for (std::size_t c = 0; c < kClasses; ++c) {
        ClassCounts& counts = class_counts[class_index(oi, c)];
        counts.demand += requests_today[class_index(oi, c)];
        counts.printed_at_once += requests_today[class_index(oi, c)];
      }
    } else {
      std::int64_t to_print = batch;
      for (std::size_t c = 0; c < kClasses; ++c) {
        const std::size_t index = class_index(oi, c);
        to_print -= serve_class(d, oi, index, requests_today[index], to_print);
      }
    }
    printed_today[oi] = batch;
    printed[oi] += batch;
    printed_total += batch;
    on_hand[node] -= batch;
    backlog[oi] -= batch;
    if (backlog[oi] > 0 && on_hand[node] == 0) {
      ++office_stockout_days[oi];
      first_stockout[node] = std::min(first_stockout[node], d);
      for (std::size_t c = 0; c < kClasses; ++c) {
        ClassQueue& q = class_queues[class_index(oi, c)];
        suket_issued[oi] += q.backlog - q.suket_outstanding;
        suket_holders[oi] += q.backlog - q.suket_outstanding;
        q.suket_outstanding = q.backlog;
        q.suket_end = q.tail;
      }
    } else if (backlog[oi] > 0) {
      ++printer_bound_days[oi];  // blanks on hand, but printing could not keep up
    }
  }
  if (!m.patience.empty()) give_up(d);
}

std::int64_t Simulation::State::serve_class(Day d, std::size_t office, std::size_t index,
                                            std::int64_t requests, std::int64_t to_print) {
  ClassQueue& q = class_queues[index];
  class_counts[index].demand += requests;
  const std::int64_t class_batch = std::min(to_print, q.backlog + requests);
  if (q.backlog == 0 && class_batch == requests) {
    // Nothing was waiting and today's requests are all printed today, with a wait of 0
    // days: the cohort they would form is never stored.
    class_counts[index].printed_at_once += requests;
    return requests;
  }
  push_cohort(index, d, requests);
  if (class_batch == 0) return 0;
  q.backlog -= class_batch;
  q.printed += class_batch;
  const std::int64_t suket_printed = std::min(q.suket_outstanding, class_batch);
  q.suket_outstanding -= suket_printed;
  suket_holders[office] -= suket_printed;
  for (std::int64_t left = class_batch; left > 0;) {
    Cohort& oldest = cohort(index, q.head);
    const std::int64_t take = std::min(oldest.waiting, left);
    const std::int32_t wait = d - oldest.day;
    oldest.waiting -= take;
    left -= take;
    waits[wait_at(office, wait)] += take;
    longest_wait[office] = std::max(longest_wait[office], wait);
    q.wait_days += take * wait;
    if (oldest.waiting == 0) ++q.head;
  }
  trim(q, index);
  return class_batch;
}

void Simulation::State::give_up(Day d) {
  for (const detail::PatienceRule& rule : m.patience) {
    const Day recorded = d - rule.days;
    if (recorded < 0) continue;
    const auto oi = static_cast<std::size_t>(rule.office);
    for (std::size_t c = 0; c < kClasses; ++c) {
      const std::size_t index = class_index(oi, c);
      ClassQueue& q = class_queues[index];
      if (q.head == q.suket_end) continue;
      // Cohorts are in day order; only suket holders give up. On day 0 the initial backlog
      // and the day's requests are two cohorts of the same day.
      std::int32_t lo = q.head, hi = q.suket_end;
      while (lo < hi) {
        const std::int32_t mid = lo + (hi - lo) / 2;
        if (cohort(index, mid).day < recorded) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      for (std::int32_t slot = lo; slot < q.suket_end && cohort(index, slot).day == recorded;
           ++slot) {
        Cohort& expiring = cohort(index, slot);
        const std::int64_t leavers =
            detail::draw_binomial(patience_rng, expiring.waiting, rule.give_up_share);
        if (leavers == 0) continue;
        const std::int64_t to_ikd =
            detail::draw_binomial(patience_rng, leavers, rule.ikd_share_of_leavers);
        expiring.waiting -= leavers;
        q.backlog -= leavers;
        q.suket_outstanding -= leavers;
        suket_holders[oi] -= leavers;
        backlog[oi] -= leavers;
        redirected[oi] += to_ikd;
        lost[oi] += leavers - to_ikd;
      }
      trim(q, index);
    }
  }
}

std::pair<LaneIndex, std::int64_t> Simulation::State::choose_lane(NodeIndex v,
                                                                  std::int64_t wanted) const {
  const auto lanes = m.network.supplier_lanes(v);
  const auto order_on = [&](LaneIndex lane) {
    return std::pair{lane, m.lot_rule[static_cast<std::size_t>(lane)].apply(wanted)};
  };
  if (lanes.size() > 1) {
    // "Province first, then direct": the first supplier that can fill the order from the
    // blanks it has not yet promised to others.
    for (LaneIndex lane : lanes) {
      const auto order = order_on(lane);
      const auto supplier = static_cast<std::size_t>(m.network.lane_from(lane));
      if (on_hand[supplier] - owed[supplier] >= order.second) return order;
    }
  }
  return order_on(lanes.front());
}

void Simulation::State::reviews(Day d) {
  for (NodeIndex v : m.review_order) {
    const auto vi = static_cast<std::size_t>(v);
    if (d != next_review[vi]) continue;
    next_review[vi] += m.review_period[vi];
    const std::int32_t office = m.office_of_node[vi];
    ReviewContext context{
        .day = d,
        .on_hand = on_hand[vi],
        .in_transit = in_transit[vi],
        .on_order = on_order[vi],
        .backlog = office == kNone ? 0 : backlog[static_cast<std::size_t>(office)],
        .owed = owed[vi],
        .mean_daily_demand = m.subtree_daily_demand[vi],
        .lead_time_days = m.lead_time_mean[vi],
        .review_period_days = m.review_period[vi],
        .outlook = &m.outlook[vi]};
    const std::int64_t wanted = m.replenishment[vi]->order_quantity(context);
    if (wanted <= 0) continue;
    const auto [lane, quantity] = choose_lane(v, wanted);
    const auto supplier = static_cast<std::size_t>(m.network.lane_from(lane));
    open_orders[supplier].push_back(
        OpenOrder{.customer = v, .placed = d, .outstanding = quantity, .lane = lane});
    on_order[vi] += quantity;
    owed[supplier] += quantity;
    ++orders_placed[vi];
    blanks_ordered[vi] += quantity;
  }
}

void Simulation::State::lateral(Day d) {
  for (const detail::LateralOffice& recipient : m.lateral_offices) {
    const auto v = static_cast<std::size_t>(recipient.node);
    const auto oi = static_cast<std::size_t>(recipient.office);
    if (on_hand[v] > 0 || backlog[oi] == 0) continue;
    // What is already on its way from siblings counts: no second loan for the same requests.
    const std::int64_t need = backlog[oi] + recipient.cover - lateral_in_transit[v];
    if (need <= 0) continue;
    NodeIndex donor = kNone;
    std::int64_t surplus = 0;
    for (NodeIndex sibling : recipient.siblings) {
      const auto si = static_cast<std::size_t>(sibling);
      const std::int64_t spare = on_hand[si] - m.lateral_reserve[si];
      if (spare > surplus) {
        surplus = spare;
        donor = sibling;
      }
    }
    if (donor == kNone) continue;
    const std::int64_t blanks = std::min({need, surplus, recipient.max_per_transfer});
    const auto di = static_cast<std::size_t>(donor);
    on_hand[di] -= blanks;
    lateral_out[di] += blanks;
    in_transit[v] += blanks;
    lateral_in_transit[v] += blanks;
    queue.schedule(d + recipient.lead_time.sample(lateral_rng), phase(DayPhase::arrivals),
                   LateralArrival{recipient.node, blanks});
  }
}

void Simulation::State::fill_customer_facts(Day d, std::span<OpenOrder> orders) const {
#if defined(__GNUC__)
  // Each forecast reads two random places of its customer's cumulative demand, which is
  // seldom in cache: ask for all of them before the first is read.
  for (const OpenOrder& order : orders) {
    const auto c = static_cast<std::size_t>(order.customer);
    const std::span<const double> cumulative = m.outlook[c].cumulative;
    const auto from = static_cast<std::size_t>(d) + 1;
    if (from >= cumulative.size()) continue;
    __builtin_prefetch(&cumulative[from]);
    __builtin_prefetch(&cumulative[std::min(from + static_cast<std::size_t>(m.forecast_days[c]),
                                            cumulative.size() - 1)]);
  }
#endif
  for (OpenOrder& order : orders) {
    const auto c = static_cast<std::size_t>(order.customer);
    const std::int32_t office = m.office_of_node[c];
    order.customer_population = m.subtree_population[c];
    order.customer_mean_daily_demand = m.subtree_daily_demand[c];
    order.customer_forecast = m.outlook[c].expected(d + 1, m.forecast_days[c]);
    order.customer_position = on_hand[c] + in_transit[c] + on_order[c] - owed[c] -
                              (office == kNone ? 0 : backlog[static_cast<std::size_t>(office)]);
    order.days_to_next_election = kNoElectionAhead;
    for (const auto& [first, last] : m.election_windows[c]) {
      if (last < d) continue;
      order.days_to_next_election = std::min(order.days_to_next_election, std::max(0, first - d));
      if (first >= d) break;  // by first day: no later window starts sooner
    }
  }
}

void Simulation::State::allocate(NodeIndex supplier, std::span<const OpenOrder> orders) {
  const auto si = static_cast<std::size_t>(supplier);
  granted.assign(orders.size(), 0);
  m.allocation[si]->allocate(on_hand[si], orders, granted);
  std::int64_t total = 0;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    if (granted[i] < 0 || granted[i] > orders[i].outstanding) {
      throw ModelError("allocation policy of '" + m.network.id(supplier) +
                       "' granted an impossible quantity");
    }
    total += granted[i];
  }
  if (total > on_hand[si]) {
    throw ModelError("allocation policy of '" + m.network.id(supplier) +
                     "' granted more than it has");
  }
}

void Simulation::State::ship(Day d, NodeIndex supplier, OpenOrder& order, std::int64_t blanks) {
  if (blanks == 0) return;
  const auto si = static_cast<std::size_t>(supplier);
  const auto lane = static_cast<std::size_t>(order.lane);
  const auto customer = static_cast<std::size_t>(order.customer);
  Day arrival = d + m.lead_time[lane].sample(lead_time_rng);
  // Due on a day the lane is closed: it comes on the first day after the closure.
  if (!m.open_from[lane].empty() && arrival < m.horizon) {
    arrival = m.open_from[lane][static_cast<std::size_t>(arrival)];
  }
  queue.schedule(arrival, phase(DayPhase::arrivals),
                 ShipmentArrival{order.customer, order.lane, blanks});
  order.outstanding -= blanks;
  on_hand[si] -= blanks;
  owed[si] -= blanks;
  shipped[si] += blanks;
  ++shipments[si];
  on_order[customer] -= blanks;
  in_transit[customer] += blanks;
}

bool Simulation::State::take_trip(std::size_t lane, Day d) {
  const std::int32_t limit = m.max_trips_per_month[lane];
  if (limit == 0) return true;
  const std::int32_t month = m.month_of_day[static_cast<std::size_t>(d)];
  if (trip_month[lane] != month) {
    trip_month[lane] = month;
    trips_taken[lane] = 0;
  }
  if (trips_taken[lane] >= limit) return false;
  ++trips_taken[lane];
  return true;
}

void Simulation::State::ship_restricted(Day d, NodeIndex supplier) {
  auto& orders = open_orders[static_cast<std::size_t>(supplier)];
  shippable.clear();
  shippable_index.clear();
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const auto lane = static_cast<std::size_t>(orders[i].lane);
    const bool open =
        m.open_from[lane].empty() || m.open_from[lane][static_cast<std::size_t>(d)] == d;
    if (!open || !take_trip(lane, d)) continue;  // the order waits at the supplier
    shippable.push_back(orders[i]);
    shippable_index.push_back(i);
  }
  if (shippable.empty()) return;
  fill_customer_facts(d, shippable);
  allocate(supplier, shippable);
  for (std::size_t j = 0; j < shippable.size(); ++j) {
    const auto lane = static_cast<std::size_t>(shippable[j].lane);
    // A trip taken for an order that gets nothing is given back.
    if (granted[j] == 0 && m.max_trips_per_month[lane] > 0) --trips_taken[lane];
    ship(d, supplier, orders[shippable_index[j]], granted[j]);
  }
}

void Simulation::State::dispatch(Day d) {
  for (NodeIndex s : m.dispatch_order) {
    const auto si = static_cast<std::size_t>(s);
    auto& orders = open_orders[si];
    if (!orders.empty() && on_hand[si] > 0) {
      if (m.restricted_supplier[si]) {
        ship_restricted(d, s);
      } else {
        fill_customer_facts(d, orders);
        allocate(s, orders);
        for (std::size_t i = 0; i < orders.size(); ++i) ship(d, s, orders[i], granted[i]);
      }
      std::erase_if(orders, [](const OpenOrder& o) { return o.outstanding == 0; });
    }
    if (!orders.empty() && on_hand[si] == 0) {
      ++supplier_stockout_days[si];
      first_stockout[si] = std::min(first_stockout[si], d);
    }
    peak_owed[si] = std::max(peak_owed[si], owed[si]);
  }
}

void Simulation::State::record(Day d) {
  // Blanks are created only by procurement and destroyed only by printing.
  std::int64_t held = 0;
  for (std::size_t v = 0; v < on_hand.size(); ++v) {
    held += on_hand[v] + in_transit[v];
    on_hand_days[v] += on_hand[v];
    in_transit_days[v] += in_transit[v];
  }
  std::int64_t waiting = 0;
  for (std::size_t o = 0; o < backlog.size(); ++o) {
    waiting += backlog[o];
    waiting_days[o] += backlog[o];
    // At the day's end, after the day's suket holders gave up, as the network's peak.
    peak_backlog[o] = std::max(peak_backlog[o], backlog[o]);
    suket_days[o] += suket_holders[o];
  }
  if (held + printed_total != m.total_initial_stock + procured) {
    throw ModelError("conservation broken on day " + std::to_string(d) + ": on hand + in transit + printed = " +
                     std::to_string(held + printed_total) + ", initial + procured = " +
                     std::to_string(m.total_initial_stock + procured));
  }
  peak_network_backlog = std::max(peak_network_backlog, waiting);
  record_groups(d);
  if (!series) return;
  TimeSeries& s = *series;
  for (NodeIndex v = 0; v < m.node_count; ++v) {
    const auto vi = static_cast<std::size_t>(v);
    const std::int32_t office = m.office_of_node[vi];
    const auto oi = static_cast<std::size_t>(office);
    s.at(Series::on_hand, d, v) = on_hand[vi];
    s.at(Series::in_transit, d, v) = in_transit[vi];
    s.at(Series::backlog, d, v) = owed[vi] + (office == kNone ? 0 : backlog[oi]);
    s.at(Series::suket_outstanding, d, v) = office == kNone ? 0 : office_suket_outstanding(oi);
    s.at(Series::demand, d, v) = office == kNone ? 0 : demand_today[oi];
    s.at(Series::printed, d, v) = office == kNone ? 0 : printed_today[oi];
    if (office != kNone) demand_today[oi] = printed_today[oi] = 0;
  }
}

void Simulation::State::record_groups(Day d) {
  std::size_t node = 0, office = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::int64_t held = 0;
    for (; node < group_node_end[g]; ++node) {
      held += on_hand[static_cast<std::size_t>(group_nodes[node])];
    }
    std::int64_t waiting = 0;
    for (; office < group_office_end[g]; ++office) {
      waiting += backlog[static_cast<std::size_t>(group_offices[office])];
    }
    const std::size_t at = group_series.index(d, static_cast<std::int32_t>(g));
    group_series.on_hand[at] = held;
    group_series.backlog[at] = waiting;
  }
}

RunResult Simulation::State::finish(std::uint64_t seed, std::uint64_t replication,
                                    std::uint64_t events) {
  RunResult result;
  result.seed = seed;
  result.replication = replication;
  result.events = events;
  result.tender_failures = tenders.failures;
  const auto horizon = static_cast<std::size_t>(m.horizon);
  std::vector<std::int64_t> network_waits(horizon, 0);
  std::array<std::int64_t, kClasses> network_class_wait_days{};
  const double days = std::max(m.horizon, 1);
  double network_daily_demand = 0;
  NodeKpis& total = result.total;
  total.node = network_label().id;
  total.first_stockout_day = m.horizon;
  for (NodeIndex v = 0; v < m.node_count; ++v) {
    const auto vi = static_cast<std::size_t>(v);
    NodeKpis k;
    k.node = m.network.id(v);
    k.received = received[vi];
    k.blanks_shipped = shipped[vi];
    k.shipments = shipments[vi];
    k.trip_cost = trip_cost[vi];
    k.lateral_in = lateral_in[vi];
    k.lateral_out = lateral_out[vi];
    k.final_on_hand = on_hand[vi];
    k.stockout_days = supplier_stockout_days[vi];
    k.first_stockout_day = first_stockout[vi];
    total.first_stockout_day = std::min(total.first_stockout_day, k.first_stockout_day);
    k.peak_backlog = peak_owed[vi];
    k.final_backlog = owed[vi];
    k.mean_on_hand = static_cast<double>(on_hand_days[vi]) / days;
    k.mean_in_transit = static_cast<double>(in_transit_days[vi]) / days;
    k.orders_placed = orders_placed[vi];
    k.blanks_ordered = blanks_ordered[vi];
    const double daily_demand = m.subtree_daily_demand[vi];
    k.days_of_cover = daily_demand > 0 ? static_cast<double>(k.final_on_hand) / daily_demand : 0;
    if (m.network.supplier(v) == kNone) network_daily_demand += daily_demand;
    k.holding_cost = m.holding_cost_per_blank_day[vi] * static_cast<double>(on_hand_days[vi]);
    k.purchase_cost = m.unit_price[vi] * static_cast<double>(procured_at[vi]);
    const std::int32_t office = m.office_of_node[vi];
    if (office != kNone) {
      const auto oi = static_cast<std::size_t>(office);
      const auto row = waits.begin() + static_cast<std::ptrdiff_t>(wait_at(oi, 0));
      std::vector<std::int64_t> hist(row, row + longest_wait[oi] + 1);  // the rest is 0
      for (std::size_t c = 0; c < kClasses; ++c) {
        hist[0] += class_counts[class_index(oi, c)].printed_at_once;
      }
      for (std::size_t w = 0; w < hist.size(); ++w) network_waits[w] += hist[w];
      k.demand = demand[oi];
      k.printed = printed[oi];
      k.fill_rate = demand[oi] == 0 ? 1.0 : static_cast<double>(hist[0]) / static_cast<double>(demand[oi]);
      k.stockout_days += office_stockout_days[oi];
      k.printer_bound_days = printer_bound_days[oi];
      k.peak_backlog = std::max(k.peak_backlog, peak_backlog[oi]);
      k.suket_issued = suket_issued[oi];
      k.lost_demand = lost[oi];
      k.redirected_to_ikd = redirected[oi];
      k.mean_wait_days = histogram_mean(hist, printed[oi]);
      k.p95_wait_days = histogram_quantile(hist, printed[oi], 0.95);
      k.final_backlog += backlog[oi];
      total.final_backlog += backlog[oi];  // requests only: blanks owed are not requests
      k.mean_requests_waiting = static_cast<double>(waiting_days[oi]) / days;
      k.mean_suket_outstanding = static_cast<double>(suket_days[oi]) / days;
      k.waiting_cost = m.waiting_cost_per_suket_day[vi] * static_cast<double>(suket_days[oi]);
      k.lost_cost = m.cost_per_lost_request[vi] * static_cast<double>(lost[oi]);
      if (k.stockout_days > 0) ++result.offices_with_stockout;
      for (std::size_t c = 0; c < kClasses; ++c) {
        const ClassQueue& q = class_queues[class_index(oi, c)];
        const ClassCounts& counts = class_counts[class_index(oi, c)];
        k.demand_by_class[c] = counts.demand;
        k.printed_by_class[c] = q.printed + counts.printed_at_once;
        k.mean_wait_days_by_class[c] = mean_wait(q.wait_days, k.printed_by_class[c]);
        network_class_wait_days[c] += q.wait_days;
      }
    }
    total.demand += k.demand;
    total.printed += k.printed;
    for (std::size_t c = 0; c < kClasses; ++c) {
      total.demand_by_class[c] += k.demand_by_class[c];
      total.printed_by_class[c] += k.printed_by_class[c];
    }
    total.stockout_days += k.stockout_days;
    total.printer_bound_days += k.printer_bound_days;
    total.suket_issued += k.suket_issued;
    total.lost_demand += k.lost_demand;
    total.redirected_to_ikd += k.redirected_to_ikd;
    total.lateral_in += k.lateral_in;
    total.lateral_out += k.lateral_out;
    total.blanks_shipped += k.blanks_shipped;
    total.shipments += k.shipments;
    total.trip_cost += k.trip_cost;
    total.final_on_hand += k.final_on_hand;
    k.total_cost = k.holding_cost + k.waiting_cost + k.lost_cost + k.purchase_cost +
                   static_cast<double>(k.trip_cost);
    total.mean_on_hand += k.mean_on_hand;
    total.mean_in_transit += k.mean_in_transit;
    total.mean_requests_waiting += k.mean_requests_waiting;
    total.mean_suket_outstanding += k.mean_suket_outstanding;
    total.orders_placed += k.orders_placed;
    total.blanks_ordered += k.blanks_ordered;
    total.holding_cost += k.holding_cost;
    total.waiting_cost += k.waiting_cost;
    total.lost_cost += k.lost_cost;
    total.purchase_cost += k.purchase_cost;
    total.total_cost += k.total_cost;
    result.nodes.push_back(std::move(k));
  }
  total.received = procured;
  total.days_of_cover = network_daily_demand > 0
                            ? static_cast<double>(total.final_on_hand) / network_daily_demand
                            : 0;
  total.peak_backlog = peak_network_backlog;
  total.fill_rate = total.demand == 0 ? 1.0
                                      : static_cast<double>(network_waits[0]) /
                                            static_cast<double>(total.demand);
  total.mean_wait_days = histogram_mean(network_waits, total.printed);
  for (std::size_t c = 0; c < kClasses; ++c) {
    total.mean_wait_days_by_class[c] =
        mean_wait(network_class_wait_days[c], total.printed_by_class[c]);
  }
  total.p95_wait_days = histogram_quantile(network_waits, total.printed, 0.95);
  result.timeseries = std::move(series);
  series.reset();
  result.group_series = std::move(group_series);
  return result;
}

Simulation::Simulation(const Model& model)
    : state_(std::make_unique<State>(model.compiled())) {}
Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

RunResult Simulation::run(const RunOptions& options) {
  State& s = *state_;
  const std::uint64_t seed = options.seed.value_or(s.m.scenario.seed);
  // A timeseries is days x nodes x series: check it fits before reset() allocates it.
  if (options.record_timeseries) {
    detail::check_memory(s.m.memory, 1, s.m.memory.timeseries, 0, s.m.scenario.where);
  }
  s.reset(options, seed);
  const Day horizon = s.m.horizon;
  const std::uint64_t events = run_until(s.queue, horizon, [&](Day d, const auto& event) {
    using E = std::decay_t<decltype(event)>;
    if constexpr (std::is_same_v<E, ShipmentArrival>) {
      const auto c = static_cast<std::size_t>(event.customer);
      s.on_hand[c] += event.blanks;
      s.in_transit[c] -= event.blanks;
      s.received[c] += event.blanks;
      s.trip_cost[c] += s.m.trip_cost[static_cast<std::size_t>(event.lane)];
    } else if constexpr (std::is_same_v<E, LateralArrival>) {
      const auto r = static_cast<std::size_t>(event.recipient);
      s.on_hand[r] += event.blanks;
      s.in_transit[r] -= event.blanks;
      s.lateral_in_transit[r] -= event.blanks;
      s.lateral_in[r] += event.blanks;
    } else if constexpr (std::is_same_v<E, LotArrival>) {
      s.on_hand[static_cast<std::size_t>(event.node)] += event.blanks;
      s.received[static_cast<std::size_t>(event.node)] += event.blanks;
      s.procured_at[static_cast<std::size_t>(event.node)] += event.blanks;
      s.procured += event.blanks;
    } else if constexpr (std::is_same_v<E, OfficeDay>) {
      s.office_day(d);
    } else if constexpr (std::is_same_v<E, Reviews>) {
      s.reviews(d);
    } else if constexpr (std::is_same_v<E, Lateral>) {
      s.lateral(d);
    } else if constexpr (std::is_same_v<E, Dispatch>) {
      s.dispatch(d);
    } else {
      static_assert(std::is_same_v<E, Record>);
      s.record(d);
      if (d + 1 < horizon) {
        // The daily sweeps re-schedule themselves one day at a time, so the queue holds
        // only the next day's sweeps plus the shipments and lots in flight.
        s.schedule_sweeps(d + 1);
      }
    }
  });
  return s.finish(seed, options.replication, events);
}

RunResult simulate(const Model& model, const RunOptions& options) {
  Simulation simulation(model);
  return simulation.run(options);
}

}  // namespace blanko
