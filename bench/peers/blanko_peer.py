#!/usr/bin/python3
"""A SimPy 3 reference model of blanko's simplified e-KTP blank network (the peer).

It reads a blanko scenario (bench/peers/peer-network.yaml) and simulates it the way a
typical SimPy model would: one process per office (its office day), per reviewing node
(its (s, S) review), per supplier (its dispatch) and per shipment (`env.timeout` for the
lead time). It reproduces blanko's daily step order (include/blanko/simulation.hpp) with
fixed offsets within a simulated day, so that processes that wake at the same day run in
blanko's order:

    d + 0          arrivals: shipments due today are added to their customer's stock;
    d + 1/4        office day: every office draws its Poisson requests, appends them to its
                   FIFO backlog and prints min(capacity, on hand, backlog), oldest first;
    d + 1/2 + ...  reviews, deepest first (a province sees today's orders of its kab/kota):
                   position = on hand + in transit + on order - backlog - owed; (s, S):
                   when position <= s, order S - position;
    d + 3/4 + ...  dispatch, sources first: each supplier fills its open orders oldest
                   first, each completely before the next (FCFS); when short, the last one
                   it reaches gets what is left (a partial shipment) and the rest waits;
                   each shipment draws a uniform whole-day lead time and arrives on day
                   d + lead time, before that day's office day.

What it reads (the subset of docs/scenario-format.md the peer network uses; anything else is
refused): `scenario` (start, end or horizon_days, seed), `defaults` per kind, inline
`nodes` (id, kind, parent, population, initial_stock, office: printers,
cards_per_printer_per_day, closed_weekdays; demand: wajib_ktp_share, annual_rate, counts:
poisson; replenishment: s_S, base_stock or periodic with review_period_days and
review_offset_days), and `lanes` (explicit or `from: parent` / `to: {kind: ...}` rules,
deterministic or uniform lead times). Quantities may be integers or {days_of_demand: N}
(N x the mean daily demand of the offices below the node, rounded half away from zero as
blanko does). Requests per working day = population x wajib_ktp_share x annual_rate / 365
x 7 / open weekdays, as in lib/model.cpp.

The KPI is blanko's: the network fill rate = requests printed on the day they became
printable / requests, pooled over every office (include/blanko/results.hpp).

Remaining differences from blanko (none changes the model, only the random numbers and the
bookkeeping; see bench/peers/README.md):
- random numbers: Python's Mersenne Twister (`random.Random`, one stream for demand and one
  for lead times per replication, seeded from seed and replication index) and Poisson
  counts by inversion, against blanko's Boost engines and samplers: the two models agree in
  distribution, not draw by draw;
- stock, backlog and pipeline are plain attributes updated by the processes rather than
  `simpy.Container`s: a Container's get would block instead of printing a partial batch,
  and blanko's partial FCFS shipments need the level read and decremented in one step;
- only what the peer network needs is modelled: one demand category (first cards), no
  calendar, procurement, patience, lateral transfers, lot rules, lane closures or trip
  limits, and the FCFS allocation without `retain`;
- the suket, stockout-day, wait and per-class KPIs and blanko's conservation check are
  not computed.

Usage: blanko_peer.py SCENARIO [--replications R] [--seed S]
Prints one JSON object: {"replications", "seed", "fill_rate": [per replication],
"seconds": wall time of the replications (model set-up and YAML reading excluded)}.
"""

import argparse
import datetime
import json
import math
import random
import sys
import time

import simpy
import yaml

ARRIVALS, OFFICE_DAY, REVIEWS, DISPATCH = 0.0, 0.25, 0.5, 0.75
DEPTH_STEP = 1.0 / 64  # within a phase: reviews deepest first, dispatch sources first
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class ScenarioSubsetError(Exception):
    pass


def refuse_unknown(where, section, allowed):
    unknown = set(section) - set(allowed)
    if unknown:
        raise ScenarioSubsetError(
            f"{where}: key(s) {sorted(unknown)} are outside the subset the peer model reads")


def merged(default, own):
    """blanko merges office, demand and replenishment key by key across levels."""
    if own is None:
        return default
    if default is None:
        return own
    return {**default, **own}


def llround(x):
    return int(math.floor(x + 0.5))


# --- the scenario ---------------------------------------------------------------------------

class Lane:
    def __init__(self, spec, where):
        refuse_unknown(where, spec, {"from", "to", "lead_time", "mode"})
        lt = spec["lead_time"]
        if isinstance(lt, (int, float)):
            self.low = self.high = max(1, llround(lt))
        elif lt.get("dist") == "deterministic":
            refuse_unknown(where, lt, {"dist", "value"})
            self.low = self.high = max(1, llround(lt["value"]))
        elif lt.get("dist") == "uniform":
            refuse_unknown(where, lt, {"dist", "low", "high"})
            if lt["low"] <= 0:
                raise ScenarioSubsetError(f"{where}: uniform lead time needs low > 0")
            self.low, self.high = math.ceil(lt["low"]), math.floor(lt["high"])
        else:
            raise ScenarioSubsetError(f"{where}: only deterministic and uniform lead times")


class Node:
    def __init__(self, index, spec):
        self.index = index
        self.id = str(spec["id"])
        self.kind = spec.get("kind", "kabkota")
        self.parent = str(spec["parent"]) if spec.get("parent") is not None else None
        self.population = int(spec.get("population", 0))
        self.spec = spec
        self.supplier = None       # Node
        self.lane = None           # Lane from the supplier
        self.customers = []
        self.depth = 0
        self.office = None         # (daily rate per working day, capacity, open weekdays)
        self.daily_demand = 0.0    # calendar-day demand of the offices at and below the node


class Scenario:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        refuse_unknown("top level", doc, {"scenario", "defaults", "nodes", "lanes"})
        sc = doc["scenario"]
        refuse_unknown("scenario", sc, {"name", "start", "end", "horizon_days", "seed"})
        self.start = sc["start"]
        if isinstance(self.start, str):
            self.start = datetime.date.fromisoformat(self.start)
        if "horizon_days" in sc:
            self.horizon = int(sc["horizon_days"])
        else:
            end = sc["end"]
            if isinstance(end, str):
                end = datetime.date.fromisoformat(end)
            self.horizon = (end - self.start).days + 1
        self.seed = int(sc.get("seed", 1))

        defaults = doc.get("defaults") or {}
        fields = {"parent", "initial_stock", "office", "demand", "replenishment", "allocation"}
        for kind, d in defaults.items():
            refuse_unknown(f"defaults.{kind}", d, fields)

        self.nodes = []
        by_id = {}
        for i, raw in enumerate(doc["nodes"]):
            if "table" in raw:
                raise ScenarioSubsetError(f"nodes[{i}]: node tables are not read by the peer")
            refuse_unknown(f"nodes[{i}]", raw, fields | {"id", "name", "kind", "population"})
            kind = raw.get("kind", "kabkota")
            d = defaults.get(kind, {})
            spec = dict(raw)
            for key in ("parent", "initial_stock", "allocation"):
                if key not in spec and key in d:
                    spec[key] = d[key]
            for key in ("office", "demand", "replenishment"):
                spec[key] = merged(d.get(key), raw.get(key))
            node = Node(len(self.nodes), spec)
            self.nodes.append(node)
            by_id[node.id] = node

        for i, lane in enumerate(doc.get("lanes") or []):
            where = f"lanes[{i}]"
            if isinstance(lane["to"], dict):
                refuse_unknown(f"{where}.to", lane["to"], {"kind"})
                targets = [n for n in self.nodes if n.kind == lane["to"]["kind"]]
            else:
                targets = [by_id[str(lane["to"])]]
            for t in targets:
                supplier = by_id[t.parent] if lane["from"] == "parent" else by_id[str(lane["from"])]
                if t.supplier is not None:
                    raise ScenarioSubsetError(f"{where}: the peer model takes one supplier a node")
                t.supplier, t.lane = supplier, Lane(lane, where)
                supplier.customers.append(t)

        for n in self.nodes:
            n.depth = self._depth(n)
            self._read_office(n)
        for n in self.nodes:  # every office's demand counts at it and at its suppliers
            v = n
            while v is not None:
                v.daily_demand += n.office_daily if n.office else 0.0
                v = v.supplier
        for n in self.nodes:
            self._read_stock_and_policy(n)
        self.max_depth = max(n.depth for n in self.nodes)

    def _depth(self, n):
        return 0 if n.supplier is None else self._depth(n.supplier) + 1

    def _read_office(self, n):
        office, demand = n.spec.get("office"), n.spec.get("demand")
        if office is None:
            return
        refuse_unknown(f"{n.id}.office", office,
                       {"printers", "cards_per_printer_per_day", "closed_weekdays"})
        refuse_unknown(f"{n.id}.demand", demand, {"wajib_ktp_share", "annual_rate", "counts"})
        if demand.get("counts", "poisson") != "poisson":
            raise ScenarioSubsetError(f"{n.id}: only Poisson counts")
        printers = office.get("printers", 1)
        if not isinstance(printers, int):
            raise ScenarioSubsetError(f"{n.id}: printers must be a number")
        closed = {WEEKDAYS.index(w) for w in office.get("closed_weekdays", ["sat", "sun"])}
        open_days = [w not in closed for w in range(7)]
        n.office_daily = (n.population * float(demand.get("wajib_ktp_share", 0.73))
                          * float(demand.get("annual_rate", 0.13)) / 365.0)
        rate = n.office_daily * 7.0 / sum(open_days)
        n.office = (rate, printers * int(office.get("cards_per_printer_per_day", 75)), open_days)

    def _quantity(self, n, q):
        if isinstance(q, dict):
            refuse_unknown(f"{n.id} quantity", q, {"days_of_demand"})
            return llround(float(q["days_of_demand"]) * n.daily_demand)
        return llround(float(q))

    def _read_stock_and_policy(self, n):
        n.initial_stock = self._quantity(n, n.spec.get("initial_stock", 0))
        alloc = n.spec.get("allocation", "fcfs")
        if alloc != "fcfs":
            raise ScenarioSubsetError(f"{n.id}: only the fcfs allocation (without retain)")
        r = n.spec.get("replenishment")
        n.policy = None
        if n.supplier is None or r is None:
            return
        policy = r["policy"]
        params = {"policy", "review_period_days", "review_offset_days"}
        if policy == "s_S":
            refuse_unknown(f"{n.id}.replenishment", r, params | {"s", "S"})
            n.s, n.S = self._quantity(n, r["s"]), self._quantity(n, r["S"])
        elif policy in ("base_stock", "periodic"):
            refuse_unknown(f"{n.id}.replenishment", r, params | {"S"})
            n.S = self._quantity(n, r["S"])
            n.s = n.S  # order up to S whenever the position is below it
        else:
            raise ScenarioSubsetError(f"{n.id}: policy {policy} is not in the peer model")
        n.policy = policy
        n.review_period = int(r.get("review_period_days", 7))
        n.review_offset = int(r.get("review_offset_days", 0))


# --- the SimPy model ------------------------------------------------------------------------

def poisson(rng, lam):
    """A Poisson count by inversion (Python's `random` has no Poisson sampler)."""
    if lam <= 0:
        return 0
    if lam > 500:  # exp(-lam) would underflow: a sum of Poisson counts is Poisson
        half = lam / 2
        return poisson(rng, half) + poisson(rng, lam - half)
    u = rng.random()
    k, p = 0, math.exp(-lam)
    cdf = p
    while u > cdf and p > 0:
        k += 1
        p *= lam / k
        cdf += p
    return k


class State:
    """The mutable state of one node in one replication."""

    def __init__(self, node):
        self.node = node
        self.on_hand = node.initial_stock
        self.in_transit = 0
        self.on_order = 0
        self.owed = 0
        self.orders = []          # open orders at this supplier, oldest first: [customer, qty]
        self.backlog = []         # office: FIFO of [day printable, requests waiting]
        self.backlog_total = 0
        self.demand = 0
        self.same_day = 0         # requests printed on the day they became printable


class Replication:
    def __init__(self, scenario, seed, replication):
        self.sc = scenario
        self.env = simpy.Environment()
        self.demand_rng = random.Random(f"{seed}/{replication}/demand")
        self.lead_rng = random.Random(f"{seed}/{replication}/lead_time")
        self.state = [State(n) for n in scenario.nodes]
        env, top = self.env, scenario.max_depth
        for st in self.state:  # node order: processes of one phase and depth run in it
            n = st.node
            if n.office is not None:
                env.process(self.office(st))
        for st in self.state:
            n = st.node
            if n.policy is not None:
                env.process(self.review(st, REVIEWS + (top - n.depth) * DEPTH_STEP))
        for st in self.state:
            if st.node.customers:
                env.process(self.dispatch(st, DISPATCH + st.node.depth * DEPTH_STEP))

    def run(self):
        self.env.run(until=self.sc.horizon)
        demand = sum(st.demand for st in self.state)
        return sum(st.same_day for st in self.state) / demand if demand else 1.0

    def day(self):
        return int(self.env.now)

    def office(self, st):
        rate, capacity, open_days = st.node.office
        start_weekday = self.sc.start.weekday()
        yield self.env.timeout(OFFICE_DAY)
        while True:
            d = self.day()
            if open_days[(start_weekday + d) % 7]:
                requests = poisson(self.demand_rng, rate)
                if requests:
                    st.backlog.append([d, requests])
                    st.backlog_total += requests
                    st.demand += requests
                batch = min(capacity, st.on_hand, st.backlog_total)
                st.on_hand -= batch
                st.backlog_total -= batch
                while batch:
                    cohort = st.backlog[0]
                    take = min(batch, cohort[1])
                    if cohort[0] == d:
                        st.same_day += take
                    cohort[1] -= take
                    batch -= take
                    if cohort[1] == 0:
                        st.backlog.pop(0)
            yield self.env.timeout(1)

    def review(self, st, phase):
        n = st.node
        supplier = self.state[n.supplier.index]
        yield self.env.timeout(n.review_offset + phase)
        while True:
            position = st.on_hand + st.in_transit + st.on_order - st.backlog_total - st.owed
            if position <= n.s and n.S - position > 0:
                quantity = n.S - position
                supplier.orders.append([st, quantity])
                st.on_order += quantity
                supplier.owed += quantity
            yield self.env.timeout(n.review_period)

    def dispatch(self, st, phase):
        yield self.env.timeout(phase)
        while True:
            if st.orders and st.on_hand > 0:
                for order in st.orders:  # FCFS: oldest first, each filled completely
                    if st.on_hand == 0:
                        break
                    customer, outstanding = order
                    blanks = min(st.on_hand, outstanding)
                    order[1] -= blanks
                    st.on_hand -= blanks
                    st.owed -= blanks
                    customer.on_order -= blanks
                    customer.in_transit += blanks
                    lane = customer.node.lane
                    lead = self.lead_rng.randint(lane.low, lane.high)
                    self.env.process(self.shipment(customer, blanks, lead))
                st.orders = [o for o in st.orders if o[1] > 0]
            yield self.env.timeout(1)

    def shipment(self, customer, blanks, lead):
        # Dispatched at d + phase: arrives at d + lead, before that day's office day.
        yield self.env.timeout(lead - (self.env.now - self.day()))
        customer.on_hand += blanks
        customer.in_transit -= blanks


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--replications", type=int, default=1)
    parser.add_argument("--seed", type=int, default=None, help="default: the scenario's seed")
    args = parser.parse_args(argv)
    try:
        scenario = Scenario(args.scenario)
    except ScenarioSubsetError as e:
        print(f"blanko_peer.py: {args.scenario}: {e}", file=sys.stderr)
        return 2
    seed = scenario.seed if args.seed is None else args.seed
    t0 = time.perf_counter()
    fill = [Replication(scenario, seed, r).run() for r in range(args.replications)]
    seconds = time.perf_counter() - t0
    json.dump({"replications": args.replications, "seed": seed, "fill_rate": fill,
               "seconds": seconds}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
