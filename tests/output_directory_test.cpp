// Output directories: every file through a temporary name, a manifest written last that
// lists exactly the files of the run with their sizes and checksums, and failures that
// leave no temporary behind and name the path.
#include <blanko/blanko.hpp>

#include "detail/sha256.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

namespace blanko {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = BLANKO_SOURCE_DIR;
const fs::path kBengkulu = kSourceDir / "scenarios" / "bengkulu-2024.yaml";

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() /
                       ("blanko_output_directory_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.insert(entry.path().filename().string());
  return names;
}

// Checks that `dir`'s manifest lists exactly its other files, each with its size and
// SHA-256, and returns the names in the manifest's order.
std::vector<std::string> check_manifest(const fs::path& dir) {
  const auto manifest = nlohmann::json::parse(read_file(dir / "manifest.json"));
  EXPECT_EQ(manifest["blanko_version"], kVersion);
  std::vector<std::string> listed;
  for (const auto& file : manifest["files"]) {
    const std::string name = file["name"];
    listed.push_back(name);
    const std::string bytes = read_file(dir / name);
    EXPECT_EQ(file["bytes"], bytes.size()) << name;
    EXPECT_EQ(file["sha256"], detail::sha256_hex(bytes)) << name;
  }
  std::set<std::string> on_disk = files_in(dir);
  on_disk.erase("manifest.json");
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), on_disk);
  EXPECT_EQ(listed.size(), on_disk.size()) << "a file listed twice";
  return listed;
}

const Model& bengkulu() {
  static const Model model(load_scenario(kBengkulu));
  return model;
}

TEST(OutputDirectoryTest, EveryWriterEndsWithAManifestOfExactlyItsFiles) {
  const fs::path dir = temp_dir("writers");
  const RunResult run = simulate(bengkulu(), {.seed = 1});
  write_outputs(dir / "run", bengkulu(), run);
  EXPECT_EQ(check_manifest(dir / "run"),
            (std::vector<std::string>{"summary.json", "meta.json", "kpis.csv", "timeseries.csv"}));

  const MonteCarloResult mc = run_monte_carlo(bengkulu(), {.replications = 3, .threads = 1});
  write_monte_carlo_outputs(dir / "mc", mc);
  EXPECT_EQ(check_manifest(dir / "mc"),
            (std::vector<std::string>{"summary.json", "meta.json", "kpis.csv", "replications.csv",
                                      "bands.csv"}));

  const std::vector<PolicySet> sets{
      load_policy_set(kSourceDir / "scenarios" / "policy-sets" / "s-S.yaml"),
      load_policy_set(kSourceDir / "scenarios" / "policy-sets" / "event-aware.yaml")};
  write_comparison_outputs(dir / "compare", compare(kBengkulu, sets, {}, {.replications = 2}));
  EXPECT_EQ(check_manifest(dir / "compare"),
            (std::vector<std::string>{"compare.csv", "compare.json", "compare_replications.csv"}));

  const std::vector<SweepAxis> axes{parse_sweep_axis("defaults.kabkota.office.printers=1,2")};
  write_sweep_outputs(dir / "sweep", sweep(kBengkulu, axes, {}, {.replications = 2, .threads = 1}));
  EXPECT_EQ(check_manifest(dir / "sweep"),
            (std::vector<std::string>{"sweep.csv", "sweep.json", "sweep_replications.csv"}));
  fs::remove_all(dir);
}

TEST(OutputDirectoryTest, FilesOfOtherWritersAreListedAndAFileWrittenAgainKeepsItsPlace) {
  const fs::path dir = temp_dir("own");
  OutputDirectory out(dir);
  out.write("a.txt", [](std::ostream& o) { o << "first\n"; });
  std::ofstream(dir / "b.csv") << "x,y\n1,2\n";
  out.add("b.csv");
  out.write("a.txt", [](std::ostream& o) { o << "second, longer\n"; });
  EXPECT_FALSE(fs::exists(dir / "manifest.json"));  // not complete before finish()
  out.finish();
  EXPECT_EQ(check_manifest(dir), (std::vector<std::string>{"a.txt", "b.csv"}));
  EXPECT_EQ(read_file(dir / "a.txt"), "second, longer\n");
  EXPECT_THROW(out.write("c.txt", [](std::ostream&) {}), Error);  // after the manifest
  EXPECT_THROW(OutputDirectory(dir).write("../escape.txt", [](std::ostream&) {}), Error);
  fs::remove_all(dir);
}

// A run into the directory of an earlier one: until it finishes, the directory does not
// read as complete, and a run that fails leaves no manifest to trust.
TEST(OutputDirectoryTest, OpeningADirectoryRemovesTheManifestOfAnEarlierRun) {
  const fs::path dir = temp_dir("earlier");
  write_outputs(dir, bengkulu(), simulate(bengkulu(), {.seed = 1}));
  ASSERT_TRUE(fs::exists(dir / "manifest.json"));
  {
    OutputDirectory out(dir);
    EXPECT_FALSE(fs::exists(dir / "manifest.json"));
    EXPECT_THROW(out.write("kpis.csv",
                           [](std::ostream& o) {
                             o << "half a file";
                             throw std::runtime_error("the writer failed");
                           }),
                 std::runtime_error);
  }
  EXPECT_FALSE(fs::exists(dir / "manifest.json"));
  EXPECT_FALSE(fs::exists(dir / "kpis.csv.tmp"));
  EXPECT_NE(read_file(dir / "kpis.csv"), "half a file");  // the old file, untouched
  fs::remove_all(dir);
}

// Failures of the file system: the rename (a directory in the way) and a write that stops
// part way (the file size limit, as a full disk would). Each is an OutputError naming the
// file, and leaves neither a temporary nor a manifest.
TEST(OutputDirectoryTest, AFailedWriteLeavesNoTemporaryAndNamesTheFile) {
  const fs::path dir = temp_dir("failures");
  fs::create_directories(dir / "kpis.csv" / "in the way");
  try {
    write_outputs(dir, bengkulu(), simulate(bengkulu(), {.seed = 1}));
    ADD_FAILURE() << "expected an OutputError";
  } catch (const OutputError& e) {
    EXPECT_EQ(e.path(), (dir / "kpis.csv").string()) << e.what();
  }
  EXPECT_EQ(files_in(dir), (std::set<std::string>{"kpis.csv", "meta.json", "summary.json"}));
  fs::remove_all(dir);

  // Writing past RLIMIT_FSIZE fails with EFBIG once SIGXFSZ is ignored.
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 64 * 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  try {
    write_outputs(dir, bengkulu(), simulate(bengkulu(), {.seed = 1}));  // timeseries.csv is 150 kB
    ADD_FAILURE() << "expected an OutputError";
  } catch (const OutputError& e) {
    EXPECT_EQ(e.path(), (dir / "timeseries.csv").string()) << e.what();
    EXPECT_NE(std::string(e.what()).find("File too large"), std::string::npos) << e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(files_in(dir), (std::set<std::string>{"kpis.csv", "meta.json", "summary.json"}));
  fs::remove_all(dir);
}

// A reader checks a directory against its manifest: complete, and unchanged since.
TEST(OutputDirectoryTest, VerifyOutputsChecksEveryListedFile) {
  const fs::path dir = temp_dir("verify");
  write_outputs(dir, bengkulu(), simulate(bengkulu(), {.seed = 1}));
  EXPECT_EQ(verify_outputs(dir),
            (std::vector<std::string>{"summary.json", "meta.json", "kpis.csv", "timeseries.csv"}));
  const auto refused = [&](const fs::path& file, const std::string& reason) {
    try {
      (void)verify_outputs(dir);
      ADD_FAILURE() << "expected an InputError: " << reason;
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), file.string()) << e.what();
      EXPECT_NE(e.message().find(reason), std::string::npos) << e.what();
    }
  };
  const std::uintmax_t bytes = fs::file_size(dir / "timeseries.csv");
  fs::resize_file(dir / "timeseries.csv", 100);
  refused(dir / "timeseries.csv",
          fmt::format("differs from {} (100 bytes, {} listed): changed or cut since the run",
                      (dir / "manifest.json").string(), bytes));
  fs::remove(dir / "timeseries.csv");
  refused(dir / "timeseries.csv", "missing");
  std::ofstream(dir / "manifest.json") << "{\"files\": 3";
  refused(dir / "manifest.json", "not a manifest");
  fs::remove(dir / "manifest.json");
  refused(dir / "manifest.json", "did not complete");
  fs::remove_all(dir);
}

TEST(OutputDirectoryTest, ADirectoryThatCannotBeCreatedNamesWhatIsInTheWay) {
  const fs::path dir = temp_dir("blocked");
  fs::create_directories(dir);
  std::ofstream(dir / "plain") << "a file, not a directory";
  for (const auto& [out, reason] : std::map<fs::path, std::string>{
           {dir / "plain" / "out", (dir / "plain").string() + " is a file, not a directory"},
           {dir / "plain", "it is a file, not a directory"}}) {
    try {
      const OutputDirectory attempt(out);
      ADD_FAILURE() << "expected an OutputError";
    } catch (const OutputError& e) {
      EXPECT_EQ(e.path(), out.string());
      EXPECT_EQ(e.message(), "cannot create this directory: " + reason);
    }
  }
  try {
    check_writable(dir / "missing" / "report.html");
    ADD_FAILURE() << "expected an OutputError";
  } catch (const OutputError& e) {
    EXPECT_EQ(std::string(e.what()),
              (dir / "missing").string() +
                  ": cannot write report.html into this directory: no such directory");
  }
  EXPECT_TRUE(files_in(dir) == std::set<std::string>{"plain"});
  fs::remove_all(dir);
}

}  // namespace
}  // namespace blanko
