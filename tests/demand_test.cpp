// Demand categories, priority classes and the distribution of daily counts: the means of
// each class, the variance of Poisson and negative binomial counts, the order in which
// classes are printed when blanks or printers are short, suket per class, and common
// random numbers with categories.

#include "detail/compiled_model.hpp"
#include "detail/random.hpp"
#include "test_scenarios.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <vector>

namespace {
using namespace blanko;
using namespace blanko::testing;

constexpr auto kFirstCard = static_cast<std::size_t>(PriorityClass::first_card);
constexpr auto kDataChange = static_cast<std::size_t>(PriorityClass::data_change);
constexpr auto kReplacement = static_cast<std::size_t>(PriorityClass::replacement);

/// One office, open every day, with one category per class of `per_day[class]` requests a
/// day, `stock` blanks, printing `capacity` a day, and a supplier that never delivers
/// within the horizon (its lane takes longer).
Scenario three_class_office(std::array<double, kPriorityClassCount> per_day, std::int64_t stock,
                            int capacity, int horizon_days) {
  Scenario s = scenario(horizon_days);
  s.nodes.push_back(centre("pusat", 0));
  NodeSpec o = office("kab", 0, stock, base_stock(0), capacity);
  o.demand->categories = {category("turning_17", per_day[kFirstCard], PriorityClass::first_card),
                          category("moves", per_day[kDataChange], PriorityClass::data_change),
                          category("lost", per_day[kReplacement], PriorityClass::replacement)};
  s.nodes.push_back(o);
  s.lanes.push_back(lane("pusat", "kab", DistributionSpec::fixed(horizon_days + 1)));
  return s;
}

/// Mean and sample variance of the daily demand series of node `v`.
std::pair<double, double> daily_mean_and_variance(const TimeSeries& ts, std::int32_t v) {
  double sum = 0, squares = 0;
  for (std::int32_t d = 0; d < ts.days(); ++d) {
    const auto x = static_cast<double>(ts.at(Series::demand, d, v));
    sum += x;
    squares += x * x;
  }
  const double n = ts.days();
  const double mean = sum / n;
  return {mean, (squares - n * mean * mean) / (n - 1)};
}

// Over a long horizon each class's demand is its rate times the days, within 4 standard
// errors, for Poisson and negative binomial counts, with categories counted per wajib KTP
// and per resident and closed weekends.
TEST(DemandTest, EachClassGetsTheMeanOfItsCategories) {
  for (const CountDistribution counts :
       {CountDistribution::poisson, CountDistribution::negative_binomial}) {
    Scenario s = single_office(0, 1'000'000, 1, 2000);
    NodeSpec& o = s.nodes[1];
    o.population = 1'000'000;
    o.office->closed_weekdays = {Weekday::sat, Weekday::sun};
    o.demand->wajib_ktp_share = 0.73;
    o.demand->categories = {
        annual_category("turning_17", 0.016, PriorityClass::first_card, DemandBase::population),
        annual_category("moves", 0.03, PriorityClass::data_change),
        annual_category("lost", 0.075, PriorityClass::replacement)};
    o.demand->counts = counts;
    o.demand->dispersion = 50;
    const Model model(s);
    const auto& m = model.compiled();
    const RunResult r = simulate(model, {.seed = 3, .record_timeseries = false});
    const std::array<double, kPriorityClassCount> per_year{0.016 * 1e6, 0.03 * 730'000,
                                                           0.075 * 730'000};
    for (std::size_t c = 0; c < kPriorityClassCount; ++c) {
      double expected = 0, variance = 0;
      for (std::int32_t d = 0; d < m.horizon; ++d) {
        const double mean =
            m.demand_rate(d, detail::demand_column(0, static_cast<PriorityClass>(c)));
        expected += mean;
        variance += counts == CountDistribution::poisson ? mean : mean + mean * mean / 50;
      }
      // The table holds the yearly rate spread over the working days.
      EXPECT_NEAR(expected, per_year[c] * 2000 / 365, 0.01 * expected) << "class " << c;
      const auto demand = static_cast<double>(r.nodes[1].demand_by_class[c]);
      EXPECT_NEAR(demand, expected, 4 * std::sqrt(variance))
          << to_string(counts) << ", class " << to_string(static_cast<PriorityClass>(c));
    }
    EXPECT_EQ(r.nodes[1].demand,
              std::accumulate(r.nodes[1].demand_by_class.begin(), r.nodes[1].demand_by_class.end(),
                              std::int64_t{0}));
  }
}

// Daily counts: Poisson variance = mean; negative binomial variance = mean + mean^2 / k.
TEST(DemandTest, NegativeBinomialCountsAreOverdispersed) {
  Scenario s = single_office(40, 1'000'000, 1, 4000);
  s.nodes.push_back(office("nb", 40, 1'000'000, base_stock(1'000'000)));
  s.nodes.back().demand->counts = CountDistribution::negative_binomial;
  s.nodes.back().demand->dispersion = 20;
  s.lanes.push_back(lane("pusat", "nb", DistributionSpec::fixed(1)));
  const RunResult r = simulate(Model(s), {.seed = 11});
  const auto [poisson_mean, poisson_variance] = daily_mean_and_variance(*r.timeseries, 1);
  EXPECT_NEAR(poisson_mean, 40, 0.5);
  EXPECT_NEAR(poisson_variance / 40, 1.0, 0.1);
  const auto [nb_mean, nb_variance] = daily_mean_and_variance(*r.timeseries, 2);
  EXPECT_NEAR(nb_mean, 40, 0.8);
  EXPECT_NEAR(nb_variance / (40 + 40.0 * 40 / 20), 1.0, 0.1);
}

// Both ways of drawing a negative binomial count: the precomputed table used for repeating
// means, and the Gamma-Poisson mixture used when a table does not fit.
TEST(DemandTest, NegativeBinomialDrawsHaveTheirMoments) {
  const double mean = 60, k = 5;
  auto moments = [](auto&& draw) {
    detail::RandomEngine engine(17);
    double sum = 0, squares = 0;
    const int n = 100'000;
    for (int i = 0; i < n; ++i) {
      const auto x = static_cast<double>(draw(engine));
      EXPECT_GE(x, 0);
      sum += x;
      squares += x * x;
    }
    return std::pair{sum / n, squares / n - (sum / n) * (sum / n)};
  };
  const auto table = detail::NegativeBinomialTable::make(mean, k, 1 << 16);
  ASSERT_TRUE(table.has_value());
  const auto [table_mean, table_variance] =
      moments([&](detail::RandomEngine& e) { return table->draw(e); });
  EXPECT_NEAR(table_mean, mean, 0.25);
  EXPECT_NEAR(table_variance / (mean + mean * mean / k), 1.0, 0.03);
  const auto [mixture_mean, mixture_variance] =
      moments([&](detail::RandomEngine& e) { return detail::draw_negative_binomial(e, mean, k); });
  EXPECT_NEAR(mixture_mean, mean, 0.25);
  EXPECT_NEAR(mixture_variance / (mean + mean * mean / k), 1.0, 0.03);

  // Tables that would not fit: too many entries, or P(0) below the smallest double.
  EXPECT_FALSE(detail::NegativeBinomialTable::make(mean, k, 50).has_value());
  EXPECT_FALSE(detail::NegativeBinomialTable::make(2000, 1e5, 1 << 16).has_value());
  detail::RandomEngine engine(1);
  EXPECT_EQ(detail::draw_negative_binomial(engine, 0, k), 0);
}

// An office whose daily mean has no table draws from the Gamma-Poisson mixture.
TEST(DemandTest, MeansWithoutATableUseTheMixture) {
  Scenario s = single_office(2000, 1'000'000'000, 1, 400);
  s.nodes[1].demand->counts = CountDistribution::negative_binomial;
  s.nodes[1].demand->dispersion = 1e5;  // P(0) underflows: no table
  const Model model(s);
  EXPECT_TRUE(model.compiled().count_tables.empty());
  EXPECT_EQ(model.compiled().count_table(0, 0), -1);
  const RunResult r = simulate(model, {.seed = 5, .record_timeseries = false});
  const double expected = 2000.0 * 400;
  EXPECT_NEAR(static_cast<double>(r.nodes[1].demand), expected,
              4 * std::sqrt(400 * (2000 + 2000.0 * 2000 / 1e5)));
}

// On a single day nothing can arrive, so blanks go to the classes in priority order:
// printed[first] = min(S, D[first]), then data changes from what is left, then
// replacements. The same with printers as the limit.
TEST(DemandTest, ShortBlanksOrPrintersServeClassesInPriorityOrder) {
  for (const bool blanks_short : {true, false}) {
    for (const std::int64_t limit : {10, 40, 70, 100}) {
      const Scenario s = blanks_short
                             ? three_class_office({30, 30, 30}, limit, 1000, 1)
                             : three_class_office({30, 30, 30}, 1000, static_cast<int>(limit), 1);
      const Model model(s);
      Simulation sim(model);
      for (std::uint64_t rep = 0; rep < 25; ++rep) {
        const NodeKpis k = sim.run({.seed = 8, .replication = rep}).nodes[1];
        std::int64_t left = limit;
        for (std::size_t c = 0; c < kPriorityClassCount; ++c) {
          const std::int64_t expected = std::min(left, k.demand_by_class[c]);
          ASSERT_EQ(k.printed_by_class[c], expected)
              << (blanks_short ? "stock " : "capacity ") << limit << ", replication " << rep
              << ", class " << c;
          left -= expected;
        }
        const std::int64_t waiting = k.demand - k.printed;
        // With no blank left every waiting request holds a suket; with blanks left, none.
        EXPECT_EQ(k.suket_issued, blanks_short ? waiting : 0);
        EXPECT_EQ(k.final_backlog, waiting);
      }
    }
  }
}

// A year of slightly too few blanks: first cards are printed within days of their request,
// replacements queue behind every other class and wait longest.
TEST(DemandTest, FirstCardsWaitLessThanReplacementsWhenBlanksAreShort) {
  // 30 requests a day, 10 per class; 250 blanks every ten days (25 a day) reach the office.
  Scenario s = three_class_office({10, 10, 10}, 0, 1000, 365);
  s.nodes[1].replenishment = base_stock(1000);
  s.lanes[0].lead_time = DistributionSpec::fixed(1);
  s.lanes[0].lead_time.where.key_path = "lanes.kab.lead_time";
  for (int day = 0; day < 365; day += 10) {
    s.procurement.push_back(
        {.date = s.start + std::chrono::days{day}, .node = "pusat", .quantity = 250, .where = {}});
  }
  const NodeKpis k = simulate(Model(s), {.seed = 4}).nodes[1];
  auto share = [&](std::size_t c) {
    return static_cast<double>(k.printed_by_class[c]) / static_cast<double>(k.demand_by_class[c]);
  };
  // First cards and data changes wait only through the days without blanks before a lot
  // (priority works within a day: no blanks are held back for them); replacements also
  // queue behind both on the days a lot arrives.
  EXPECT_GT(share(kFirstCard), 0.98);
  EXPECT_GT(share(kFirstCard), share(kReplacement) + 0.02);
  EXPECT_GE(share(kDataChange), share(kReplacement));
  // A first card waits at most until the next lot, ten days on: half of that on average.
  EXPECT_LT(k.mean_wait_days_by_class[kFirstCard], 5);
  EXPECT_GT(k.mean_wait_days_by_class[kReplacement], 1.5 * k.mean_wait_days_by_class[kFirstCard]);
  EXPECT_GT(k.mean_wait_days_by_class[kReplacement], 1.5 * k.mean_wait_days_by_class[kDataChange]);
  // The replacements still waiting at the end hold a suket from a day without blanks.
  EXPECT_GT(k.suket_issued, 0);
}

// Requests already waiting on the first day are first cards: they are printed before any
// new data change or replacement.
TEST(DemandTest, InitialBacklogIsServedAsFirstCards) {
  Scenario s = three_class_office({0, 20, 20}, 50, 1000, 1);
  s.nodes[1].office->initial_backlog = 30;
  const NodeKpis k = simulate(Model(s), {.seed = 2}).nodes[1];
  EXPECT_EQ(k.demand_by_class[kFirstCard], 0);
  EXPECT_EQ(k.printed_by_class[kFirstCard], 30);
  EXPECT_EQ(k.printed_by_class[kDataChange],
            std::min<std::int64_t>(20, k.demand_by_class[kDataChange]));
  EXPECT_EQ(k.printed, 50);
}

// Per-class KPIs add up to the totals, network-wide too, on random networks.
TEST(DemandTest, ClassKpisAddUpOnRandomNetworks) {
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    const Model model(random_network(seed));
    const RunResult r = simulate(model, {.record_timeseries = false});
    auto sum = [](const auto& by_class) {
      return std::accumulate(by_class.begin(), by_class.end(), std::int64_t{0});
    };
    for (const NodeKpis& k : r.nodes) {
      ASSERT_EQ(sum(k.demand_by_class), k.demand) << "seed " << seed << ", node " << k.node;
      ASSERT_EQ(sum(k.printed_by_class), k.printed) << "seed " << seed << ", node " << k.node;
    }
    EXPECT_EQ(sum(r.total.demand_by_class), r.total.demand);
    EXPECT_EQ(sum(r.total.printed_by_class), r.total.printed);
    for (std::size_t c = 0; c < kPriorityClassCount; ++c) {
      // Waits pooled over the network lie between the offices' extremes.
      double low = 1e300, high = -1;
      for (const NodeKpis& k : r.nodes) {
        if (k.printed_by_class[c] == 0) continue;
        low = std::min(low, k.mean_wait_days_by_class[c]);
        high = std::max(high, k.mean_wait_days_by_class[c]);
      }
      if (high >= 0) {
        EXPECT_GE(r.total.mean_wait_days_by_class[c], low - 1e-9);
        EXPECT_LE(r.total.mean_wait_days_by_class[c], high + 1e-9);
      }
    }
  }
}

// Common random numbers: with categories and negative binomial counts, every class's
// demand is the same under different replenishment policies.
TEST(DemandTest, ClassDemandIsTheSameUnderDifferentPolicies) {
  int networks_with_categories = 0;
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    Scenario base = random_network(seed);
    networks_with_categories +=
        std::any_of(base.nodes.begin(), base.nodes.end(), [](const NodeSpec& n) {
          return n.demand && n.demand->counts == CountDistribution::negative_binomial;
        });
    Scenario other = base;
    for (auto& node : other.nodes) {
      if (node.replenishment) node.replenishment = s_S(10, 20000, 3);
    }
    const RunResult a = simulate(Model(base), {.seed = 5});
    const RunResult b = simulate(Model(other), {.seed = 5});
    for (std::size_t v = 0; v < a.nodes.size(); ++v) {
      ASSERT_EQ(a.nodes[v].demand_by_class, b.nodes[v].demand_by_class) << "seed " << seed;
    }
    for (std::int32_t d = 0; d < a.timeseries->days(); ++d) {
      for (std::int32_t v = 0; v < a.timeseries->nodes(); ++v) {
        ASSERT_EQ(a.timeseries->at(Series::demand, d, v), b.timeseries->at(Series::demand, d, v));
      }
    }
  }
  EXPECT_GT(networks_with_categories, 3);  // the test covers negative binomial offices
}

}  // namespace
