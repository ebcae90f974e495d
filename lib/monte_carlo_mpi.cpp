// Monte Carlo across MPI ranks. Ranks simulate replications round robin and send their
// flat records to rank 0, which folds them in replication order: the outputs equal a
// single process's bit for bit. Without BLANKO_WITH_MPI every entry point says so.
#include <blanko/error.hpp>
#include <blanko/monte_carlo.hpp>

#include "detail/replication_pipeline.hpp"

#if BLANKO_WITH_MPI
#include <mpi.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#endif

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace blanko {

#if BLANKO_WITH_MPI

namespace {

// Records are sent as doubles with the replication index first.
constexpr int kRecordTag = 17;

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw Error(fmt::format("MPI error {} in {}", code, what));
}

// Rank 0's own replications, simulated on a helper thread while the main thread receives
// and folds: a bounded queue, so a fast local pipeline cannot run away with memory.
class LocalRecords {
 public:
  void push(detail::ReplicationRecord&& record) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return queue_.size() < kCapacity || stopped_; });
    if (stopped_) throw Error("Monte Carlo run stopped");
    queue_.push_back(std::move(record));
    ready_.notify_all();
  }
  detail::ReplicationRecord pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !queue_.empty() || failure_; });
    if (queue_.empty()) std::rethrow_exception(failure_);
    detail::ReplicationRecord record = std::move(queue_.front());
    queue_.pop_front();
    room_.notify_all();
    return record;
  }
  void fail(std::exception_ptr failure) {
    std::lock_guard lock(mutex_);
    failure_ = failure;
    ready_.notify_all();
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    room_.notify_all();
  }

 private:
  static constexpr std::size_t kCapacity = 8;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<detail::ReplicationRecord> queue_;
  std::exception_ptr failure_;
  bool stopped_ = false;
};

void send_record(const detail::ReplicationRecord& record) {
  std::vector<double> message;
  message.reserve(record.values.size() + 1);
  message.push_back(static_cast<double>(record.replication));
  message.insert(message.end(), record.values.begin(), record.values.end());
  check(MPI_Send(message.data(), static_cast<int>(message.size()), MPI_DOUBLE, 0, kRecordTag,
                 MPI_COMM_WORLD),
        "MPI_Send");
}

detail::ReplicationRecord receive_record(int from) {
  MPI_Status status;
  check(MPI_Probe(from, kRecordTag, MPI_COMM_WORLD, &status), "MPI_Probe");
  int count = 0;
  check(MPI_Get_count(&status, MPI_DOUBLE, &count), "MPI_Get_count");
  std::vector<double> message(static_cast<std::size_t>(count));
  check(MPI_Recv(message.data(), count, MPI_DOUBLE, from, kRecordTag, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "MPI_Recv");
  if (message.empty()) throw Error(fmt::format("empty record from rank {}", from));
  detail::ReplicationRecord record;
  record.replication = static_cast<std::uint64_t>(message[0]);
  record.values.assign(message.begin() + 1, message.end());
  return record;
}

}  // namespace

namespace detail {

MpiPlace mpi_place() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) throw Error("MPI is not initialised: create a blanko::MpiSession first");
  MpiPlace place;
  MPI_Comm_rank(MPI_COMM_WORLD, &place.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &place.size);
  return place;
}

void mpi_broadcast(std::uint64_t& value) {
  check(MPI_Bcast(&value, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
}

std::vector<double> mpi_gather_rows(const std::vector<double>& local, std::size_t width,
                                    std::uint64_t count) {
  const MpiPlace place = mpi_place();
  const auto ranks = static_cast<std::uint64_t>(place.size);
  std::vector<int> sizes(static_cast<std::size_t>(place.size));
  std::vector<int> offsets(static_cast<std::size_t>(place.size));
  int total = 0;
  for (std::uint64_t r = 0; r < ranks; ++r) {
    // Rank r holds the replications r, r + ranks, ... below count.
    const std::uint64_t rows = count > r ? (count - r + ranks - 1) / ranks : 0;
    sizes[r] = static_cast<int>(rows * width);
    offsets[r] = total;
    total += sizes[r];
  }
  if (static_cast<int>(local.size()) != sizes[static_cast<std::size_t>(place.rank)]) {
    throw Error(fmt::format("rank {} holds {} values where {} were expected", place.rank,
                            local.size(), sizes[static_cast<std::size_t>(place.rank)]));
  }
  std::vector<double> by_rank(static_cast<std::size_t>(total));
  check(MPI_Allgatherv(local.data(), static_cast<int>(local.size()), MPI_DOUBLE, by_rank.data(),
                       sizes.data(), offsets.data(), MPI_DOUBLE, MPI_COMM_WORLD),
        "MPI_Allgatherv");
  std::vector<double> ordered(by_rank.size());
  for (std::uint64_t j = 0; j < count; ++j) {
    const std::size_t from = static_cast<std::size_t>(offsets[j % ranks]) + (j / ranks) * width;
    std::copy_n(by_rank.begin() + static_cast<std::ptrdiff_t>(from), width,
                ordered.begin() + static_cast<std::ptrdiff_t>(j * width));
  }
  return ordered;
}

void simulate_distributed(const Model& model, ReplicationPlan plan,
                          const std::function<void(ReplicationRecord&&)>& consume) {
  const MpiPlace place = mpi_place();
  const auto ranks = static_cast<std::uint64_t>(place.size);
  const std::uint64_t first = plan.first;
  plan.first = first + static_cast<std::uint64_t>(place.rank);
  plan.stride = ranks;
  try {
    if (place.rank != 0) {
      simulate_in_order(model, plan, [](ReplicationRecord&& record) { send_record(record); });
      return;
    }
    LocalRecords local;
    std::thread worker([&] {
      try {
        simulate_in_order(model, plan,
                          [&](ReplicationRecord&& record) { local.push(std::move(record)); });
      } catch (...) {
        local.fail(std::current_exception());
      }
    });
    try {
      for (std::uint64_t i = first; i < plan.last; ++i) {
        const auto owner = static_cast<int>((i - first) % ranks);
        consume(owner == 0 ? local.pop() : receive_record(owner));
      }
    } catch (...) {
      local.stop();
      worker.join();
      throw;
    }
    worker.join();
  } catch (const std::exception& e) {
    // The other ranks would wait for ever on a rank that gave up: take them all down.
    fmt::print(stderr, "blanko: error: rank {}: {}\n", place.rank, e.what());
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
}

}  // namespace detail

MpiSession::MpiSession() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) throw Error("MPI is already initialised: one MpiSession per program");
  int provided = 0;
  // Calls come from one thread at a time: rank 0's main thread, or the in-order stage of
  // the other ranks' pipelines, which may be any worker thread.
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    throw Error("this MPI does not support MPI_THREAD_SERIALIZED");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

bool MpiSession::available() { return true; }

#else  // without MPI

namespace {
[[noreturn]] void no_mpi() {
  throw Error("this blanko was built without MPI (configure with -DBLANKO_WITH_MPI=ON)");
}
}  // namespace

namespace detail {
MpiPlace mpi_place() { no_mpi(); }
void mpi_broadcast(std::uint64_t&) {}
std::vector<double> mpi_gather_rows(const std::vector<double>&, std::size_t, std::uint64_t) {
  no_mpi();
}
void simulate_distributed(const Model&, ReplicationPlan,
                          const std::function<void(ReplicationRecord&&)>&) {
  no_mpi();
}
}  // namespace detail

MpiSession::MpiSession() { no_mpi(); }
MpiSession::~MpiSession() = default;
bool MpiSession::available() { return false; }

#endif

}  // namespace blanko
