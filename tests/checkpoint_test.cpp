// Checkpoints are input like a scenario: truncated, corrupt or foreign bytes must fail with
// an InputError that names the file, never crash, and never allocate more than the model
// needs (every length is checked before it is allocated: lib/detail/binary_io.hpp).
#include "test_scenarios.hpp"

#include <blanko/monte_carlo.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>
#include <random>
#include <sstream>
#include <string>

#include <unistd.h>

// The largest single allocation while `g_watching`: a corrupt length that got through would
// show here long before it exhausted the machine.
namespace {
std::atomic<bool> g_watching{false};
std::atomic<std::size_t> g_largest{0};
}  // namespace

namespace {
void* watched_malloc(std::size_t size) noexcept {
  if (g_watching.load(std::memory_order_relaxed)) {
    std::size_t seen = g_largest.load(std::memory_order_relaxed);
    while (size > seen && !g_largest.compare_exchange_weak(seen, size)) {
    }
  }
  return std::malloc(size == 0 ? 1 : size);
}
}  // namespace

// Every plain form, so that none is paired with another allocator's (AddressSanitizer
// brings its own); the aligned forms stay as they are, in pairs.
void* operator new(std::size_t size) {
  if (void* p = watched_malloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = watched_malloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return watched_malloc(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return watched_malloc(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace blanko {
namespace {

namespace fs = std::filesystem;

// Far above what the small models below allocate, far below a corrupt length's 2^32 items.
constexpr std::size_t kSmallAllocation = std::size_t{1} << 20;

constexpr std::size_t kHeaderBytes = 8 + 4 + 2 + 8 + 8 + 8;  // magic, version, order, identity

const Model& small_model() {
  static const Model model(testing::single_office(3.0, 200, 2, 30));
  return model;
}

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() /
         ("blanko_checkpoint_test_" + std::to_string(::getpid()) + "_" + name);
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_bytes(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// The checkpoint of `replications` replications of `model`.
std::string checkpoint_of(const Model& model, std::uint64_t replications, const fs::path& file) {
  (void)run_monte_carlo(model, {.replications = replications, .threads = 1, .checkpoint = file});
  return read_bytes(file);
}

template <class T>
void put(std::string& bytes, std::size_t at, T value) {
  ASSERT_LE(at + sizeof(T), bytes.size());
  std::memcpy(bytes.data() + at, &value, sizeof(T));
}

template <class T>
T get(const std::string& bytes, std::size_t at) {
  T value{};
  std::memcpy(&value, bytes.data() + at, sizeof(T));
  return value;
}

// Where the statistics' length fields lie (MonteCarloStatistics::save's layout).
struct Layout {
  std::size_t replications = kHeaderBytes;
  std::size_t counters = 0;      // the per-node stockout counters' length
  std::size_t histogram = 0;     // the stockout-day histogram's length
  std::size_t values = 0;        // the network values' length
  std::size_t moments = 0;       // the count of the per-node KPI statistics
  std::size_t first_sketch = 0;  // the bins' length of the first of them
};

Layout layout_of(const Model& model, std::uint64_t replications) {
  Layout l;
  l.counters = l.replications + 8 + 4;
  l.histogram = l.counters + 8 + 8 * (model.scenario().nodes.size() + 1);
  l.values = l.histogram + 8 + 8 * (static_cast<std::size_t>(model.horizon_days()) + 1);
  l.moments = l.values + 8 + 8 * replications * kpi_table().size();
  l.first_sketch = l.moments + 8 + 5 * 8 + 49;
  return l;
}

// Resumes from `file` and expects an InputError naming it with `reason` in its message,
// without any large allocation on the way.
void expect_refused(const Model& model, const fs::path& file, const std::string& reason,
                    const std::string& context = {}) {
  g_largest = 0;
  g_watching = true;
  try {
    (void)run_monte_carlo(model,
                          {.replications = 5, .threads = 1, .checkpoint = file, .resume = true});
    g_watching = false;
    ADD_FAILURE() << context << ": expected a refusal (" << reason << ")";
  } catch (const InputError& e) {
    g_watching = false;
    EXPECT_EQ(e.file(), file.string()) << context;
    EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << context << ": " << e.what();
  } catch (const std::exception& e) {
    g_watching = false;
    ADD_FAILURE() << context << ": not an InputError: " << e.what();
  }
  EXPECT_LT(g_largest.load(), kSmallAllocation) << context;
}

TEST(CheckpointTest, AValidCheckpointResumesAndItsLayoutIsAsTheTestsAssume) {
  const fs::path file = temp_file("valid.ckpt");
  const std::string bytes = checkpoint_of(small_model(), 3, file);
  const Layout l = layout_of(small_model(), 3);
  EXPECT_EQ(bytes.substr(0, 8), "BLANKOMC");
  EXPECT_EQ(get<std::uint64_t>(bytes, l.replications), 3U);
  EXPECT_EQ(get<std::uint64_t>(bytes, l.counters), small_model().scenario().nodes.size() + 1);
  EXPECT_EQ(get<std::uint64_t>(bytes, l.histogram), 31U);
  EXPECT_EQ(get<std::uint64_t>(bytes, l.values), 3 * kpi_table().size());
  EXPECT_EQ(get<std::uint64_t>(bytes, l.moments),
            (small_model().scenario().nodes.size() + 1) * kpi_names().size());
  const auto bins = get<std::uint64_t>(bytes, l.first_sketch);
  EXPECT_TRUE(bins == 0 || bins == 256) << bins;
  const MonteCarloResult resumed = run_monte_carlo(
      small_model(), {.replications = 5, .threads = 1, .checkpoint = file, .resume = true});
  EXPECT_EQ(resumed.resumed, 3U);
  EXPECT_FALSE(fs::exists(file.string() + ".tmp"));
  fs::remove(file);
}

// Every prefix of a checkpoint is refused, whichever field it cuts.
TEST(CheckpointTest, ACheckpointTruncatedAtAnyByteIsRefused) {
  const fs::path file = temp_file("truncated.ckpt");
  const std::string bytes = checkpoint_of(small_model(), 1, file);
  ASSERT_GT(bytes.size(), 1000U);
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    write_bytes(file, bytes.substr(0, size));
    expect_refused(small_model(), file, "cannot resume from this checkpoint",
                   "cut at " + std::to_string(size));
    if (::testing::Test::HasFailure()) break;  // one message, not thousands
  }
  fs::remove(file);
}

// The same for a checkpoint whose sketches hold bins, at a stride.
TEST(CheckpointTest, ACheckpointWithBinsTruncatedAnywhereIsRefused) {
  const fs::path file = temp_file("truncated_bins.ckpt");
  const std::string bytes = checkpoint_of(small_model(), 4, file);
  const Layout l = layout_of(small_model(), 4);
  for (std::size_t size = l.moments; size < bytes.size(); size += 97) {
    write_bytes(file, bytes.substr(0, size));
    expect_refused(small_model(), file, "truncated", "cut at " + std::to_string(size));
    if (::testing::Test::HasFailure()) break;
  }
  fs::remove(file);
}

TEST(CheckpointTest, HugeLengthsAreRefusedBeforeAnythingIsAllocated) {
  const fs::path file = temp_file("lengths.ckpt");
  const std::string valid = checkpoint_of(small_model(), 3, file);
  const Layout l = layout_of(small_model(), 3);
  for (const std::uint64_t length : {std::uint64_t{0xFFFF'FFFF}, std::uint64_t{1} << 40}) {
    for (const std::size_t at : {l.counters, l.histogram, l.values, l.moments, l.first_sketch}) {
      std::string bytes = valid;
      put(bytes, at, length);
      write_bytes(file, bytes);
      expect_refused(small_model(), file, "corrupt",
                     "length " + std::to_string(length) + " at " + std::to_string(at));
    }
    // A replication count that the bytes left cannot hold.
    std::string bytes = valid;
    put(bytes, l.replications, length);
    write_bytes(file, bytes);
    expect_refused(small_model(), file, "replications", "replications " + std::to_string(length));
  }
  fs::remove(file);
}

TEST(CheckpointTest, AFlippedMagicVersionOrByteOrderIsRefused) {
  const fs::path file = temp_file("header.ckpt");
  const std::string valid = checkpoint_of(small_model(), 2, file);
  const auto flipped = [&](std::size_t at) {
    std::string bytes = valid;
    bytes[at] = static_cast<char>(bytes[at] ^ 0x40);
    return bytes;
  };
  write_bytes(file, flipped(0));
  expect_refused(small_model(), file, "not a blanko Monte Carlo checkpoint", "magic");
  write_bytes(file, flipped(8));
  expect_refused(small_model(), file, "another version of blanko", "version");
  write_bytes(file, flipped(12));
  expect_refused(small_model(), file, "another version of blanko", "byte order");
  write_bytes(file, "");
  expect_refused(small_model(), file, "truncated", "empty");
  write_bytes(file, "not a checkpoint at all, but long enough to hold a header and more");
  expect_refused(small_model(), file, "not a blanko Monte Carlo checkpoint", "text");
  fs::remove(file);
}

// Whatever a flipped bit lands in (a length, a count, a statistic, the checksum itself), the
// checkpoint is refused: a statistic damaged on disk never resumes into a wrong result.
TEST(CheckpointTest, AnyFlippedBitIsRefused) {
  const fs::path file = temp_file("flipped.ckpt");
  const std::string valid = checkpoint_of(small_model(), 2, file);
  // Every byte of the header, then about 400 spread over the statistics and the trailer
  // (each case replays replication 0), and the trailer's last byte.
  const std::size_t stride = std::max<std::size_t>(1, valid.size() / 400);
  for (std::size_t at = 0; at < valid.size();
       at = at < kHeaderBytes || at + stride >= valid.size() - 1 ? at + 1 : at + stride) {
    std::string bytes = valid;
    bytes[at] = static_cast<char>(bytes[at] ^ (1 << (at % 8)));
    write_bytes(file, bytes);
    expect_refused(small_model(), file, "cannot resume from this checkpoint",
                   "bit " + std::to_string(at % 8) + " of byte " + std::to_string(at));
    if (::testing::Test::HasFailure()) break;
  }
  // A statistic changed in place (the structure intact) is named as a checksum mismatch.
  const Layout l = layout_of(small_model(), 2);
  std::string bytes = valid;
  put(bytes, l.values + 8, 12345.0);  // the first network value of replication 0
  write_bytes(file, bytes);
  expect_refused(small_model(), file, "checksum does not match", "a network value");
  fs::remove(file);
}

TEST(CheckpointTest, ACheckpointOfAnotherModelIsRefused) {
  const fs::path file = temp_file("foreign.ckpt");
  const Model longer(testing::single_office(3.0, 200, 2, 31));
  (void)checkpoint_of(longer, 2, file);
  expect_refused(small_model(), file, "another scenario", "31 days");

  // Past the replay of replication 0 (a model changed elsewhere), the statistics check the
  // model's dimensions themselves: days, then nodes.
  const std::string other_days = checkpoint_of(longer, 2, file).substr(kHeaderBytes);
  MonteCarloStatistics stats(small_model(), band_groups(small_model(), {}));
  std::istringstream days_in(other_days);
  try {
    stats.load(days_in);
    ADD_FAILURE() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("another model: 31 days"), std::string::npos) << e.what();
  }
  Scenario wider = testing::single_office(3.0, 200, 2, 30);
  wider.nodes.push_back(testing::office("17.72", 2.0, 100, testing::base_stock(100)));
  wider.lanes.push_back(testing::lane("pusat", "17.72", DistributionSpec::fixed(2)));
  const Model wide(wider);
  std::istringstream nodes_in(checkpoint_of(wide, 2, file).substr(kHeaderBytes));
  try {
    stats.load(nodes_in);
    ADD_FAILURE() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("4 node counters where this one has 3"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(stats.replications(), 0U);  // a refused load leaves the statistics as they were
  fs::remove(file);
}

// Random damage to the statistics: each load either succeeds or fails with blanko::Error,
// never crashes (the asan preset runs this too), never allocates much.
TEST(CheckpointTest, RandomlyDamagedStatisticsLoadOrFailCleanly) {
  const fs::path file = temp_file("damaged.ckpt");
  const std::string valid = checkpoint_of(small_model(), 4, file).substr(kHeaderBytes);
  fs::remove(file);
  std::mt19937_64 rng(20261201);
  std::uniform_int_distribution<std::size_t> position(0, valid.size() - 1);
  std::uniform_int_distribution<int> bit(0, 7);
  int refused = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string bytes = valid;
    for (int flips = 1 + trial % 3; flips > 0; --flips) {
      bytes[position(rng)] ^= static_cast<char>(1 << bit(rng));
    }
    MonteCarloStatistics stats(small_model(), band_groups(small_model(), {}));
    std::istringstream in(bytes);
    g_largest = 0;
    g_watching = true;
    try {
      stats.load(in);
    } catch (const Error&) {
      ++refused;
    }
    g_watching = false;
    ASSERT_LT(g_largest.load(), kSmallAllocation) << "trial " << trial;
  }
  EXPECT_GT(refused, 100);  // most flips land in numbers that load; the lengths and counts do not
}

}  // namespace
}  // namespace blanko
