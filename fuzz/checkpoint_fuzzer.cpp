// libFuzzer target: a Monte Carlo checkpoint, as `blanko run --checkpoint FILE --resume`
// reads it. The input is written to a file and a small model's run resumes from it; a
// checkpoint blanko cannot use must be refused with an InputError (exit 2 in the CLI) before
// anything is allocated from its lengths, and one it accepts must finish the run.
//
// Seed corpus: a checkpoint this model really wrote (tiny_model.hpp's write_seeds_if_asked).

#include "tiny_model.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>

namespace {

constexpr std::uint64_t kReplications = 3;

std::unique_ptr<blanko::Model> model;
std::filesystem::path checkpoint_file;

blanko::MonteCarloOptions options(std::uint64_t replications, bool resume) {
  blanko::MonteCarloOptions o;
  o.replications = replications;
  o.threads = 1;
  o.checkpoint = checkpoint_file;
  o.checkpoint_seconds = 1e9;  // only the save at the end
  o.resume = resume;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  blanko::set_memory_limit(std::uint64_t{512} << 20);
  model = std::make_unique<blanko::Model>(blanko::fuzz::tiny_model());
  checkpoint_file = std::filesystem::temp_directory_path() /
                    ("blanko-checkpoint-fuzz-" + std::to_string(::getpid()) + ".bin");
  blanko::fuzz::write_seeds_if_asked([](const std::filesystem::path& dir) {
    (void)blanko::run_monte_carlo(*model, options(kReplications - 1, false));
    std::filesystem::copy_file(checkpoint_file, dir / "two-replications.bin",
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::remove(checkpoint_file);
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(checkpoint_file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const blanko::MonteCarloResult result = blanko::run_monte_carlo(*model, options(kReplications, true));
    if (!result.statistics || result.statistics->replications() != kReplications) {
      std::fprintf(stderr, "checkpoint_fuzzer: an accepted checkpoint did not finish the run\n");
      std::abort();
    }
  } catch (const blanko::InputError&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "checkpoint_fuzzer: an exception other than InputError: %s\n", e.what());
    std::abort();
  }
  return 0;
}
