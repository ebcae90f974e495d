// End-to-end tests of the `blanko` tool: runs the built binary through the shell with its
// output redirected to files, and checks exit codes, stdout, stderr and written files.

#include "kpis_header.hpp"

#include "detail/sha256.hpp"

#include <blanko/kpis.hpp>
#include <blanko/model.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace {

using blanko::testing::kKpisHeader;

namespace fs = std::filesystem;

const fs::path kSourceDir = BLANKO_SOURCE_DIR;
const fs::path kBengkulu = kSourceDir / "scenarios" / "bengkulu-2024.yaml";
const fs::path kIndonesia = kSourceDir / "scenarios" / "indonesia-2024.yaml";

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// An output file as two runs asked for differently must agree on it: the bytes, but for
// the command line that summary.json and meta.json record.
std::string comparable(const fs::path& file) {
  const std::string text = read_file(file);
  if (file.extension() != ".json") return text;
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text);
  nlohmann::ordered_json& meta = doc.contains("meta") ? doc["meta"] : doc;
  EXPECT_TRUE(meta.contains("command")) << file;
  meta.erase("command");
  return doc.dump(2);
}

std::size_t count_lines(const fs::path& file) {
  const std::string text = read_file(file);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// For /bin/sh: single quotes, with embedded single quotes closed and escaped.
std::string quote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string(R"('\'')") : std::string(1, c);
  return quoted + "'";
}

std::string quote(const fs::path& path) { return quote(path.string()); }

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("blanko_cli_test_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `blanko ARGS` (ARGS already shell-quoted where needed).
  Outcome blanko(const std::string& args) const {
    const fs::path out = dir_ / "stdout.txt";
    const fs::path err = dir_ / "stderr.txt";
    const std::string command = quote(std::string(BLANKO_CLI_PATH)) + " " + args + " >" +
                                quote(out) + " 2>" + quote(err);
    const int status = std::system(command.c_str());
    Outcome outcome;
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    outcome.out = read_file(out);
    outcome.err = read_file(err);
    return outcome;
  }

  // `run SCENARIO --out DIR ARGS`, expected to succeed; returns DIR.
  fs::path run_to(const std::string& name, const fs::path& scenario,
                  const std::string& args = "") const {
    const fs::path out = dir_ / name;
    const Outcome r = blanko("run " + quote(scenario) + " --quiet --out " + quote(out) + " " + args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return out;
  }

  // Nodes and days of a scenario, as `validate` reports them.
  std::pair<std::size_t, std::size_t> shape_of(const fs::path& scenario) const {
    const Outcome r = blanko("validate " + quote(scenario));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::smatch m;
    if (!std::regex_search(r.out, m, std::regex(R"(\((\d+) nodes, \d+ lanes, \d+ offices, (\d+) days[;)])"))) {
      ADD_FAILURE() << "unexpected validate output: " << r.out;
      return {0, 0};
    }
    return {std::stoul(m[1]), std::stoul(m[2])};
  }

  fs::path dir_;
};

TEST_F(CliTest, RunPrintsTheSummaryTableWithATotalRow) {
  const Outcome r = blanko("run " + quote(kBengkulu));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Bengkulu 2024"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nnetwork "), std::string::npos) << r.out;
  // Progress goes to stderr, never into the table.
  EXPECT_NE(r.err.find("loading"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("loading"), std::string::npos);
}

TEST_F(CliTest, QuietRunPrintsNothing) {
  const Outcome r = blanko("run --quiet " + quote(kBengkulu));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, RunOutWritesSummaryKpisAndTimeseries) {
  const fs::path out = run_to("out", kBengkulu);
  ASSERT_TRUE(fs::exists(out / "summary.json"));
  ASSERT_TRUE(fs::exists(out / "kpis.csv"));
  ASSERT_TRUE(fs::exists(out / "timeseries.csv"));
  EXPECT_NE(read_file(out / "summary.json").find(R"("scenario": "Bengkulu 2024")"), std::string::npos);

  const std::string kpis = read_file(out / "kpis.csv");
  EXPECT_EQ(kpis.substr(0, kpis.find('\n')), kKpisHeader);
  EXPECT_EQ(count_lines(out / "kpis.csv"), 1u + 12u + 1u);  // header, 12 nodes, the network
  EXPECT_NE(kpis.find("\nnetwork,network,network,,"), std::string::npos);

  const auto [nodes, days] = shape_of(kBengkulu);
  EXPECT_EQ(nodes, 12u);
  EXPECT_EQ(days, 366u);  // 2024 is a leap year
  EXPECT_EQ(count_lines(out / "timeseries.csv"), nodes * days + 1);
  for (const auto& entry : fs::directory_iterator(out)) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
}

TEST_F(CliTest, NoTimeseriesSkipsTheSeries) {
  const fs::path out = run_to("out", kBengkulu, "--no-timeseries");
  EXPECT_TRUE(fs::exists(out / "kpis.csv"));
  EXPECT_FALSE(fs::exists(out / "timeseries.csv"));
}

TEST_F(CliTest, SameSeedGivesIdenticalFilesAndAnotherSeedDoesNot) {
  const fs::path a = run_to("a", kBengkulu, "--seed 7");
  const fs::path b = run_to("b", kBengkulu, "--seed 7");
  const fs::path c = run_to("c", kBengkulu, "--seed 8");
  EXPECT_EQ(read_file(a / "kpis.csv"), read_file(b / "kpis.csv"));
  EXPECT_EQ(read_file(a / "timeseries.csv"), read_file(b / "timeseries.csv"));
  EXPECT_NE(read_file(a / "kpis.csv"), read_file(c / "kpis.csv"));
  EXPECT_NE(read_file(a / "timeseries.csv"), read_file(c / "timeseries.csv"));
}

TEST_F(CliTest, MonteCarloRunWritesSummaryKpisAndBands) {
  const Outcome r = blanko("run " + quote(kBengkulu) + " --replications 20 --out " + quote(dir_ / "mc"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("20 replications"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("offices_with_stockout"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" of 11 offices and provinces ran out in at least one replication"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "no progress line when stderr is a file";
  const fs::path out = dir_ / "mc";
  const std::string kpis = read_file(out / "kpis.csv");
  EXPECT_EQ(kpis.substr(0, kpis.find('\n')),
            "node,name,level,province,kpi,mean,sd,ci_low,ci_high,p5,p50,p95");
  const std::size_t kpi_columns = std::count(kKpisHeader.begin(), kKpisHeader.end(), ',') - 3;
  // header, the per-node KPIs of 12 nodes and the network, 2 network-only KPIs.
  EXPECT_EQ(count_lines(out / "kpis.csv"), 1 + 13 * kpi_columns + 2);
  EXPECT_NE(kpis.find("\nnetwork,network,network,,offices_with_stockout,"), std::string::npos);
  EXPECT_NE(kpis.find("\n17.71,Kota Bengkulu,kabkota,17,fill_rate,"), std::string::npos);
  // header, then per day: network and the province, on hand and backlog.
  EXPECT_EQ(count_lines(out / "bands.csv"), 1u + 366u * 2u * 2u);
  EXPECT_NE(read_file(out / "summary.json").find(R"("replications": 20)"), std::string::npos);
  for (const auto& entry : fs::directory_iterator(out)) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
}

// On a terminal (script(1) from bsdutils, Essential in Debian, provides one) the run shows
// a progress line with the count, the rate and the time left.
TEST_F(CliTest, MonteCarloShowsProgressOnATerminal) {
  if (std::system("script -qec true /dev/null >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no pseudo-terminal here (script(1) failed)";
  }
  const std::string inner = quote(std::string(BLANKO_CLI_PATH)) + " run " + quote(kBengkulu) +
                            " -n 50 -j 1 2>&1 >/dev/null";
  const fs::path log = dir_ / "tty.txt";
  const std::string command = "script -qec " + quote(inner) + " /dev/null >" + quote(log);
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::string text = read_file(log);
  EXPECT_NE(text.find("50/50 replications"), std::string::npos) << text;
  EXPECT_NE(text.find("ETA"), std::string::npos) << text;
}

TEST_F(CliTest, MonteCarloFilesAreIdenticalForAnyThreadCount) {
  const fs::path one = run_to("one", kBengkulu, "-n 30 --threads 1");
  const fs::path three = run_to("three", kBengkulu, "-n 30 --threads 3");
  for (const char* file : {"summary.json", "meta.json", "kpis.csv", "bands.csv", "replications.csv"}) {
    EXPECT_EQ(comparable(one / file), comparable(three / file)) << file;
  }
}

// A run killed (SIGKILL) part way resumes from its checkpoint and writes exactly what an
// uninterrupted run writes.
TEST_F(CliTest, KilledMonteCarloRunResumesToTheSameOutputs) {
  const fs::path checkpoint = dir_ / "run.ckpt";
  const std::string args = "run " + quote(kBengkulu) + " -q -n 1500 --threads 2 --per-node stockout_days";
  const std::string run = quote(std::string(BLANKO_CLI_PATH)) + " " + args + " --checkpoint " +
                          quote(checkpoint) + " --checkpoint-seconds 0 --resume --out " +
                          quote(dir_ / "resumed");
  const std::string kill_part_way =
      run + " & pid=$!; while [ ! -f " + quote(checkpoint) +
      " ]; do sleep 0.01; done; sleep 0.3; kill -9 $pid; wait $pid; exit 0";
  ASSERT_EQ(std::system(kill_part_way.c_str()), 0);
  ASSERT_TRUE(fs::exists(checkpoint));
  EXPECT_FALSE(fs::exists(dir_ / "resumed" / "kpis.csv")) << "killed too late to test resume";

  const Outcome resumed = blanko(args.substr(0, args.find(" -q")) +
                                 " -n 1500 --threads 2 --per-node stockout_days --checkpoint " +
                                 quote(checkpoint) + " --resume --out " + quote(dir_ / "resumed"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resumed from"), std::string::npos) << resumed.err;
  EXPECT_FALSE(fs::exists(dir_ / "resumed" / "replications_nodes.csv.partial"));
  const fs::path uninterrupted = run_to("uninterrupted", kBengkulu, "-n 1500 --per-node stockout_days");
  for (const char* file : {"summary.json", "meta.json", "kpis.csv", "bands.csv", "replications.csv",
                           "replications_nodes.csv"}) {
    EXPECT_EQ(comparable(dir_ / "resumed" / file), comparable(uninterrupted / file)) << file;
  }
}

// replications_nodes.csv: every replication, node and chosen KPI, as a run of that
// replication alone gives it; a bad KPI name or no --out is bad input.
TEST_F(CliTest, PerNodeWritesEveryReplicationOfEveryNode) {
  const fs::path out = run_to("pn", kBengkulu, "-n 6 --seed 3 --threads 3 --per-node stockout_days,fill_rate");
  std::ifstream csv(out / "replications_nodes.csv");
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "replication,node,name,level,province,kpi,value");
  const blanko::Model model(blanko::load_scenario(kBengkulu));
  blanko::Simulation simulation(model);
  for (std::uint64_t r = 0; r < 6; ++r) {
    const blanko::RunResult run = simulation.run({.seed = 3, .replication = r});
    const std::vector<blanko::NodeLabel> labels = model.node_labels();
    for (std::size_t v = 0; v < run.nodes.size(); ++v) {
      ASSERT_TRUE(std::getline(csv, line));
      EXPECT_EQ(line, fmt::format("{},{},{},{},{},stockout_days,{}", r, labels[v].id, labels[v].name,
                                  labels[v].level, labels[v].province, run.nodes[v].stockout_days));
      ASSERT_TRUE(std::getline(csv, line));
      EXPECT_TRUE(line.ends_with(fmt::format(",fill_rate,{}", run.nodes[v].fill_rate))) << line;
    }
  }
  EXPECT_FALSE(std::getline(csv, line)) << line;
  const Outcome typo = blanko("run -q " + quote(kBengkulu) + " -n 2 --per-node fill_rat --out " + quote(dir_ / "x"));
  EXPECT_EQ(typo.exit_code, 2) << typo.err;
  EXPECT_NE(typo.err.find("did you mean 'fill_rate'"), std::string::npos) << typo.err;
  const Outcome no_out = blanko("run -q " + quote(kBengkulu) + " -n 2 --per-node fill_rate");
  EXPECT_EQ(no_out.exit_code, 2) << no_out.err;
  EXPECT_NE(no_out.err.find("--out"), std::string::npos) << no_out.err;
}

TEST_F(CliTest, ReportIsWrittenAndBuiltAgainFromTheOutputDirectory) {
  const fs::path out = run_to("report", kBengkulu, "-n 5 --report " + quote(dir_ / "r.html"));
  ASSERT_TRUE(fs::exists(out / "report.json"));
  const std::string page = read_file(dir_ / "r.html");
  EXPECT_NE(page.find("<html"), std::string::npos);
  EXPECT_NE(page.find("Bengkulu 2024 – laporan blanko"), std::string::npos);  // id by default
  const Outcome again = blanko("report " + quote(out) + " -o " + quote(dir_ / "en.html") + " --lang en");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(read_file(dir_ / "en.html").find("\"lang\":\"en\""), std::string::npos);
  // The same data give the same page, but for the language.
  const Outcome id = blanko("report " + quote(out) + " -o " + quote(dir_ / "id.html"));
  ASSERT_EQ(id.exit_code, 0) << id.err;
  EXPECT_EQ(read_file(dir_ / "id.html"), page);
}

// Found by fuzz/report_fuzzer: data whose answer reads but whose page does not (a scenario
// without a name) were exit 1 from `blanko report`; they are bad input, found before writing.
TEST_F(CliTest, ReportDataThatMakeNoPageAreBadInput) {
  const fs::path out = run_to("nameless", kBengkulu, "-n 3");
  nlohmann::json data = nlohmann::json::parse(read_file(out / "report.json"));
  data["scenario"].erase("name");
  std::ofstream(out / "report.json", std::ios::trunc) << data.dump();
  const Outcome r = blanko("report " + quote(out) + " -o " + quote(dir_ / "x.html"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find((out / "report.json").string() + ": not report data"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "x.html"));
}

// `blanko report DIR` reads the run's data only as its manifest lists them.
TEST_F(CliTest, ReportRefusesDataChangedSinceTheRun) {
  const fs::path out = run_to("changed", kBengkulu, "-n 3");
  std::ofstream(out / "report.json", std::ios::app) << " ";
  const Outcome r = blanko("report " + quote(out) + " -o " + quote(dir_ / "x.html"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find((out / "report.json").string() + ": differs from "), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "x.html"));
  fs::remove(out / "manifest.json");  // as from a blanko before manifests: a warning only
  const Outcome old = blanko("report " + quote(out) + " -o " + quote(dir_ / "x.html"));
  EXPECT_EQ(old.exit_code, 0) << old.err;
  EXPECT_NE(old.err.find("has no manifest.json: its run may not have completed"), std::string::npos)
      << old.err;
}

TEST_F(CliTest, BandsOfEveryOfficeWhenAsked) {
  const fs::path out = run_to("bands_nodes", kBengkulu, "-n 3 --bands nodes");
  const std::string bands = read_file(out / "bands.csv");
  EXPECT_NE(bands.find(",17.71,on_hand,"), std::string::npos);   // an office
  EXPECT_NE(bands.find(",17,on_hand,"), std::string::npos);      // its province, as before
  const fs::path plain = run_to("bands_provinces", kBengkulu, "-n 3");
  EXPECT_EQ(read_file(plain / "bands.csv").find(",17.71,"), std::string::npos);
  const Outcome bad = blanko("run -q " + quote(kBengkulu) + " -n 3 --bands offices");
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

TEST_F(CliTest, ReportErrorsExitWithTwo) {
  const Outcome missing = blanko("report " + quote(dir_ / "nowhere") + " -o " + quote(dir_ / "x.html"));
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("report.json: no such file"), std::string::npos) << missing.err;
  fs::create_directories(dir_ / "bad");
  std::ofstream(dir_ / "bad" / "report.json") << "{\"not\": \"report data\"}";
  const Outcome bad = blanko("report " + quote(dir_ / "bad") + " -o " + quote(dir_ / "x.html"));
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("not report data"), std::string::npos) << bad.err;
  const Outcome lang = blanko("run -q " + quote(kBengkulu) + " --report " + quote(dir_ / "x.html") + " --lang fr");
  EXPECT_EQ(lang.exit_code, 2) << lang.err;
  const Outcome no_bands = blanko("run -q " + quote(kBengkulu) + " -n 2 --no-bands --report " + quote(dir_ / "x.html"));
  EXPECT_EQ(no_bands.exit_code, 2) << no_bands.err;
}

// What a user typed, as the outputs record it.
TEST_F(CliTest, OutputsRecordTheCommandLineAndTheScenarioHash) {
  const fs::path out = run_to("meta", kBengkulu, "--set 'scenario.seed=5'");
  const auto meta = nlohmann::json::parse(read_file(out / "meta.json"));
  const std::string command = meta["command"];
  EXPECT_TRUE(command.starts_with("blanko run ")) << command;
  EXPECT_NE(command.find(" --quiet --out "), std::string::npos) << command;
  EXPECT_TRUE(command.ends_with(" --set scenario.seed=5")) << command;
  EXPECT_EQ(meta["overrides"], nlohmann::json::array({"scenario.seed=5"}));
  EXPECT_EQ(meta["seed"], 5);
  const fs::path sha_file = dir_ / "sha.txt";
  ASSERT_EQ(std::system(("sha256sum " + quote(kBengkulu) + " >" + quote(sha_file)).c_str()), 0);
  const std::string sha = read_file(sha_file);
  EXPECT_EQ(meta["scenario_sha256"], sha.substr(0, 64));
  EXPECT_EQ(nlohmann::json::parse(read_file(out / "summary.json"))["meta"], meta);
}

TEST_F(CliTest, CompareAndSweepJsonRecordWhatProducedThem) {
  const Outcome c = blanko("compare -q " + quote(kBengkulu) + " --policy-set " +
                           quote(kSourceDir / "scenarios" / "policy-sets" / "s-S.yaml") +
                           " --policy-set " + quote(kSourceDir / "scenarios" / "policy-sets" / "event-aware.yaml") +
                           " -n 2 --set scenario.seed=3 --out " + quote(dir_ / "cmp"));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  const Outcome s = blanko("sweep -q " + quote(kBengkulu) +
                           " --vary defaults.kabkota.office.printers=1,2 -n 2 --out " + quote(dir_ / "sw"));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const auto sha = blanko::load_scenario(kBengkulu).source_sha256;
  for (const auto& [file, command, overrides] :
       {std::tuple{dir_ / "cmp" / "compare.json", "blanko compare ", nlohmann::json::array({"scenario.seed=3"})},
        std::tuple{dir_ / "sw" / "sweep.json", "blanko sweep ", nlohmann::json::array()}}) {
    const auto meta = nlohmann::json::parse(read_file(file))["meta"];
    EXPECT_TRUE(meta["command"].get<std::string>().starts_with(command)) << meta["command"];
    EXPECT_EQ(meta["scenario_sha256"], sha) << file;
    EXPECT_EQ(meta["overrides"], overrides) << file;
    EXPECT_EQ(meta["replications"], 2) << file;
    EXPECT_EQ(meta["kpis"].size(), blanko::kpi_table().size()) << file;
  }
}

TEST_F(CliTest, CheckpointOfAnotherSeedIsBadInputNamingTheFile) {
  const fs::path checkpoint = dir_ / "run.ckpt";
  run_to("first", kBengkulu, "-n 3 --checkpoint " + quote(checkpoint));
  const Outcome r = blanko("run -q " + quote(kBengkulu) + " -n 5 --seed 1 --checkpoint " +
                           quote(checkpoint) + " --resume");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(checkpoint.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("seed"), std::string::npos) << r.err;
}

TEST_F(CliTest, MonteCarloOptionsWithoutWhatTheyNeedAreBadInput) {
  for (const std::string args : {"--resume", "--checkpoint x.ckpt", "--no-bands", "--mpi",
                                 "-n 0", "-n 5 --threads 0", "-n 5 --resume"}) {
    const Outcome r = blanko("run -q " + quote(kBengkulu) + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
  }
}

TEST_F(CliTest, SweepWritesOneRowPerCell) {
  const Outcome r = blanko(
      "sweep " + quote(kBengkulu) +
      " --set 'defaults.kabkota.replenishment={policy: event_aware, safety_days: 14, review_period_days: 7}'"
      " --vary defaults.kabkota.replenishment.safety_days=0,7,14"
      " --vary defaults.kabkota.replenishment.review_period_days=7,14 -n 5 --out " +
      quote(dir_ / "sweep"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("6 cells x 5 replications"), std::string::npos) << r.out;
  EXPECT_EQ(count_lines(dir_ / "sweep" / "sweep.csv"), 1u + 6u);
  EXPECT_TRUE(fs::exists(dir_ / "sweep" / "sweep.json"));
  // Every replication of every cell, after a header.
  const std::string rows = read_file(dir_ / "sweep" / "sweep_replications.csv");
  EXPECT_EQ(count_lines(dir_ / "sweep" / "sweep_replications.csv"), 1u + 6u * 5u);
  EXPECT_EQ(rows.rfind("cell,defaults.kabkota.replenishment.safety_days,"
                       "defaults.kabkota.replenishment.review_period_days,replication,demand,",
                       0),
            0u)
      << rows.substr(0, 200);
  EXPECT_NE(rows.find("\n5,14,14,4,"), std::string::npos);  // the last cell's last replication
  // The table: short axis headers, a legend with the whole keys.
  EXPECT_NE(r.out.find("\nsafety_days  review_period_days  fill_rate %"), std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find("\nreview_period_days     defaults.kabkota.replenishment.review_period_days\n"),
      std::string::npos)
      << r.out;
  for (const auto& entry : fs::directory_iterator(dir_ / "sweep")) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
}

TEST_F(CliTest, SweepWithABadVaryIsBadInput) {
  for (const std::string vary : {"nonsense", "defaults.kabkota.replenishment.nope=1,2", "seed="}) {
    const Outcome r = blanko("sweep -q " + quote(kBengkulu) + " -n 2 --vary " + quote(vary));
    EXPECT_EQ(r.exit_code, 2) << vary << ": " << r.err;
    EXPECT_NE(r.err.find("--vary"), std::string::npos) << r.err;
  }
  EXPECT_EQ(blanko("sweep -q " + quote(kBengkulu) + " -n 2").exit_code, 2);  // no --vary
}

TEST_F(CliTest, SetOverridesTheScenario) {
  const fs::path base = run_to("base", kBengkulu, "--seed 7");
  const fs::path fewer = run_to("fewer", kBengkulu, "--seed 7 --set defaults.kabkota.office.printers=1");
  EXPECT_NE(read_file(base / "kpis.csv"), read_file(fewer / "kpis.csv"));
}

TEST_F(CliTest, ValidateReportsTheShape) {
  const Outcome r = blanko("validate " + quote(kBengkulu));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(kBengkulu.string() + ": ok (12 nodes, 11 lanes, 10 offices, 366 days; memory: model "),
            std::string::npos)
      << r.out;
}

TEST_F(CliTest, VersionAndHelpExitZero) {
  const Outcome version = blanko("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("blanko "), std::string::npos) << version.out;
  const Outcome help = blanko("run --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--seed"), std::string::npos) << help.out;
}

TEST_F(CliTest, MissingFileIsBadInput) {
  const Outcome r = blanko("run " + quote(dir_ / "no-such-scenario.yaml"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("no-such-scenario.yaml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("blanko: error: "), std::string::npos) << r.err;
}

TEST_F(CliTest, BadCommandLinesAreBadInput) {
  EXPECT_EQ(blanko("run --frobnicate " + quote(kBengkulu)).exit_code, 2);
  EXPECT_EQ(blanko("run").exit_code, 2);                         // missing SCENARIO
  EXPECT_EQ(blanko("run --seed " + quote(kBengkulu)).exit_code, 2);  // --seed needs a number
  EXPECT_EQ(blanko("").exit_code, 2);                            // no command
  EXPECT_EQ(blanko("frobnicate").exit_code, 2);
}

TEST_F(CliTest, BadKeyIsBadInputWithFileAndLine) {
  const fs::path bad = dir_ / "bad.yaml";
  std::ofstream(bad) << "scenario:\n"
                        "  name: bad\n"
                        "  start: 2024-01-01\n"
                        "  end: 2024-01-31\n"
                        "  sed: 1\n";
  const Outcome r = blanko("validate " + quote(bad));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("bad.yaml:5:"), std::string::npos) << r.err;
  EXPECT_EQ(blanko("run " + quote(bad)).exit_code, 2);
}

TEST_F(CliTest, BadOverrideIsBadInput) {
  const Outcome r = blanko("run " + quote(kBengkulu) + " --set defaults.kabkota.office.printers=-3");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("printers"), std::string::npos) << r.err;
}

TEST_F(CliTest, BadCostIsBadInputNamingTheKey) {
  const std::string set = " --set costs.kabkota.holding_per_blank_day=";
  EXPECT_EQ(blanko("validate " + quote(kBengkulu) + set + "0.1").exit_code, 0);
  const Outcome r = blanko("validate " + quote(kBengkulu) + set + "-1");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("costs.kabkota.holding_per_blank_day"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("holding_per_blank_day must be a number between 0 and 1e12 (Rp), got -1"),
            std::string::npos)
      << r.err;
}

TEST_F(CliTest, RunsTheNationalScenario) {
  const Outcome r = blanko("run " + quote(kIndonesia) + " --out " + quote(dir_ / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\nnetwork "), std::string::npos);
  const auto [nodes, days] = shape_of(kIndonesia);
  EXPECT_GT(nodes, 500u);
  EXPECT_EQ(count_lines(dir_ / "out" / "kpis.csv"), nodes + 2);
  EXPECT_EQ(count_lines(dir_ / "out" / "timeseries.csv"), nodes * days + 1);
}

TEST_F(CliTest, CompareTwoPolicySets) {
  std::ofstream(dir_ / "a.yaml") << "name: s-S\n"
                                    "set:\n"
                                    "  defaults.kabkota.replenishment: {policy: s_S, s: {days_of_demand: 30}, S: {days_of_demand: 75}, review_period_days: 7}\n";
  // The whole replenishment map: s_S's `s` and `S` do not carry over to event_aware.
  std::ofstream(dir_ / "b.yaml") << "name: event-aware\n"
                                    "set:\n"
                                    "  defaults.kabkota.replenishment: {policy: event_aware, safety_days: 14, review_period_days: 7}\n";
  const fs::path out = dir_ / "out";
  const Outcome r = blanko("compare " + quote(kBengkulu) + " --policy-set " + quote(dir_ / "a.yaml") +
                           " --policy-set " + quote(dir_ / "b.yaml") + " --replications 3 --seed 7 --out " +
                           quote(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("diff vs s-S"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fill_rate"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("event-aware"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("95% CI"), std::string::npos) << r.out;

  const std::string csv = read_file(out / "compare.csv");
  EXPECT_EQ(
      csv.substr(0, csv.find('\n')),
      "kpi,configuration,mean,sd,diff_vs_first,diff_se,ci_low,ci_high,winner,winner_confidence,"
      "relative_difference,verdict");
  // Every KPI of kpis.csv (after node,name,kind) and offices_with_stockout, once per
  // configuration.
  const std::size_t kpis = static_cast<std::size_t>(std::count(kKpisHeader.begin(), kKpisHeader.end(), ',')) - 2 + 1;
  EXPECT_EQ(count_lines(out / "compare.csv"), 1 + 2 * kpis);
  EXPECT_NE(csv.find("\nfill_rate,s-S,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nfill_rate,event-aware,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\ndemand,event-aware,"), std::string::npos) << csv;
  EXPECT_TRUE(fs::exists(out / "compare.json"));
  // Every replication of every configuration, replication-major, after a header.
  const std::string rows = read_file(out / "compare_replications.csv");
  EXPECT_EQ(count_lines(out / "compare_replications.csv"), 1u + 3u * 2u);
  EXPECT_EQ(rows.rfind("configuration,replication,demand,printed,fill_rate,", 0), 0u) << rows;
  EXPECT_NE(rows.find("\ns-S,0,"), std::string::npos) << rows;
  EXPECT_TRUE(rows.find("\ns-S,0,") < rows.find("\nevent-aware,0,") &&
              rows.find("\nevent-aware,0,") < rows.find("\ns-S,1,"))
      << rows;
  for (const auto& entry : fs::directory_iterator(out)) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
}

TEST_F(CliTest, CompareTheShippedPolicySetsWithOneReplication) {
  const fs::path sets = kSourceDir / "scenarios" / "policy-sets";
  const Outcome r = blanko("compare " + quote(kBengkulu) + " --policy-set " + quote(sets / "s-S.yaml") +
                           " --policy-set " + quote(sets / "event-aware.yaml") + " -n 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("n/a"), std::string::npos) << r.out;  // no interval from one replication
}

TEST_F(CliTest, CompareMissingPolicySetIsBadInput) {
  const fs::path sets = kSourceDir / "scenarios" / "policy-sets";
  const Outcome r = blanko("compare " + quote(kBengkulu) + " --policy-set " + quote(sets / "s-S.yaml") +
                           " --policy-set " + quote(dir_ / "missing.yaml"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("blanko: error: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("missing.yaml"), std::string::npos) << r.err;
  // One policy set is nothing to compare.
  EXPECT_EQ(blanko("compare " + quote(kBengkulu) + " --policy-set " + quote(sets / "s-S.yaml")).exit_code, 2);
  EXPECT_EQ(blanko("compare " + quote(kBengkulu) + " --policy-set " + quote(sets / "s-S.yaml") +
                   " --policy-set " + quote(sets / "s-S.yaml") + " --replications 0")
                .exit_code,
            2);
}

// The verdict of compare.csv's row `kpi,configuration,` (its last field).
std::string verdict_of(const std::string& csv, const std::string& kpi,
                       const std::string& configuration) {
  const std::size_t at = csv.find("\n" + kpi + "," + configuration + ",");
  if (at == std::string::npos) return "(no row)";
  const std::size_t end = csv.find('\n', at + 1);
  const std::size_t comma = csv.rfind(',', end);
  return csv.substr(comma + 1, end - comma - 1);
}

TEST_F(CliTest, CompareMinDifferenceDecidesWhatMatters) {
  const fs::path sets = kSourceDir / "scenarios" / "policy-sets";
  const std::string base = "compare -q " + quote(kBengkulu) + " --policy-set " +
                           quote(sets / "s-S.yaml") + " --policy-set " +
                           quote(sets / "event-aware.yaml") + " -n 3 --seed 2024";
  ASSERT_EQ(blanko(base + " --out " + quote(dir_ / "default")).exit_code, 0);
  ASSERT_EQ(blanko(base + " --min-difference 0 --out " + quote(dir_ / "zero")).exit_code, 0);
  ASSERT_EQ(blanko(base + " --min-difference 0.9 --out " + quote(dir_ / "large")).exit_code, 0);
  const std::string by_default = read_file(dir_ / "default" / "compare.csv");
  const std::string zero = read_file(dir_ / "zero" / "compare.csv");
  const std::string large = read_file(dir_ / "large" / "compare.csv");
  // s-S holds stock significantly cheaper, but by less than 1%.
  EXPECT_EQ(verdict_of(by_default, "holding_cost", "s-S"), "no practical difference");
  EXPECT_EQ(verdict_of(zero, "holding_cost", "s-S"), "winner");
  // event_aware's 84% fewer stockout days matter at 1% and at 0, not at 90%.
  EXPECT_EQ(verdict_of(by_default, "stockout_days", "event-aware"), "winner");
  EXPECT_EQ(verdict_of(zero, "stockout_days", "event-aware"), "winner");
  EXPECT_EQ(verdict_of(large, "stockout_days", "event-aware"), "no practical difference");
  EXPECT_NE(read_file(dir_ / "large" / "compare.json").find(R"("min_difference": 0.9)"),
            std::string::npos);
  // The table says which threshold was used.
  const Outcome r = blanko("compare " + base.substr(std::string("compare -q ").size()) +
                           " --min-difference 0.05");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("better by more than 5% of the other's mean"), std::string::npos) << r.out;
}

TEST_F(CliTest, CompareBadMinDifferenceIsBadInput) {
  const fs::path sets = kSourceDir / "scenarios" / "policy-sets";
  for (const std::string bad : {"-0.1", "11", "nan", "inf", "5%", "abc", ""}) {
    const Outcome r =
        blanko("compare -q " + quote(kBengkulu) + " --policy-set " + quote(sets / "s-S.yaml") +
               " --policy-set " + quote(sets / "event-aware.yaml") + " -n 2 --min-difference " +
               quote(bad));
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_NE(
        r.err.find("blanko: error: --min-difference: expected a relative difference in [0, 10] "
                   "such as 0.05 for 5%, got '" +
                   bad + "'"),
        std::string::npos)
        << r.err;
  }
}

TEST_F(CliTest, CompareBadKeyInAPolicySetIsBadInputWithFileAndLine) {
  const fs::path sets = kSourceDir / "scenarios" / "policy-sets";
  std::ofstream(dir_ / "bad.yaml") << "name: bad\n"
                                      "sett:\n"
                                      "  defaults.kabkota.replenishment.safety_days: 14\n";
  const Outcome r = blanko("compare " + quote(kBengkulu) + " --policy-set " + quote(sets / "s-S.yaml") +
                           " --policy-set " + quote(dir_ / "bad.yaml"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("bad.yaml:2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'set'"), std::string::npos) << r.err;
}

// A path is bytes, and may not be UTF-8: written into meta.json and summary.json (with
// U+FFFD for the bad byte), never an internal error after the run (issue 12). Text that blanko
// reads must be UTF-8: a bad byte in a --set value is bad input.
TEST_F(CliTest, BytesThatAreNotUtf8AreNeverAnInternalError) {
  const std::string replaced = "\xEF\xBF\xBD";  // U+FFFD
  const fs::path out = dir_ / "out\xFF";
  const Outcome r = blanko("run -q " + quote(kBengkulu) + " --out " + quote(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto meta = nlohmann::json::parse(read_file(out / "meta.json"));
  EXPECT_NE(meta["command"].get<std::string>().find("out" + replaced), std::string::npos)
      << meta["command"];
  EXPECT_EQ(nlohmann::json::parse(read_file(out / "summary.json"))["meta"], meta);

  // A scenario file so named, run with Monte Carlo, a report page and a comparison.
  const fs::path scenario = dir_ / "bengkulu\xFF.yaml";
  fs::copy_file(kBengkulu, scenario);
  fs::create_directory_symlink(kSourceDir / "scenarios" / "data", dir_ / "data");
  const fs::path mc = dir_ / "mc";
  const Outcome m = blanko("run -q -n 2 " + quote(scenario) + " --out " + quote(mc) + " --report " +
                           quote(dir_ / "page\xFF.html"));
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const auto mc_meta = nlohmann::json::parse(read_file(mc / "meta.json"));
  EXPECT_EQ(mc_meta["scenario_file"], (dir_ / ("bengkulu" + replaced + ".yaml")).string());
  const fs::path sets = kSourceDir / "scenarios" / "policy-sets";
  const Outcome c =
      blanko("compare -q -n 2 " + quote(scenario) + " --policy-set " + quote(sets / "s-S.yaml") +
             " --policy-set " + quote(sets / "event-aware.yaml") + " --out " + quote(dir_ / "cmp"));
  EXPECT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(read_file(dir_ / "cmp" / "compare.json").find("bengkulu" + replaced),
            std::string::npos);

  const Outcome bad =
      blanko("validate " + quote(kBengkulu) + " --set " + quote(std::string("scenario.name=B\xFF")));
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("the text is not valid UTF-8 (byte 0xFF)"), std::string::npos) << bad.err;
}

// The manifest, written last, lists every file of the directory (the CLI's own report.json,
// the report page when it is put there, replications_nodes.csv) with its size and SHA-256.
TEST_F(CliTest, EveryOutputDirectoryEndsWithAManifestOfItsFiles) {
  const auto check = [&](const fs::path& out) {
    const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    std::set<std::string> listed;
    for (const auto& file : manifest["files"]) {
      const std::string name = file["name"];
      listed.insert(name);
      const std::string bytes = read_file(out / name);
      EXPECT_EQ(file["bytes"], bytes.size()) << out / name;
      EXPECT_EQ(file["sha256"], blanko::detail::sha256_hex(bytes)) << out / name;
    }
    std::set<std::string> on_disk;
    for (const auto& entry : fs::directory_iterator(out)) on_disk.insert(entry.path().filename());
    on_disk.erase("manifest.json");
    EXPECT_EQ(listed, on_disk) << out;
    return listed;
  };
  const fs::path run = run_to("run", kBengkulu);
  EXPECT_EQ(check(run), (std::set<std::string>{"summary.json", "meta.json", "kpis.csv",
                                               "timeseries.csv", "report.json"}));
  const fs::path mc =
      run_to("mc", kBengkulu,
             "-n 4 --per-node stockout_days --report " + quote(dir_ / "mc" / "page.html"));
  EXPECT_EQ(check(mc), (std::set<std::string>{"summary.json", "meta.json", "kpis.csv",
                                              "replications.csv", "bands.csv", "report.json",
                                              "replications_nodes.csv", "page.html"}));
  const fs::path sets = kSourceDir / "scenarios" / "policy-sets";
  const Outcome c = blanko("compare -q " + quote(kBengkulu) + " --policy-set " +
                           quote(sets / "s-S.yaml") + " --policy-set " +
                           quote(sets / "event-aware.yaml") + " -n 2 --out " + quote(dir_ / "cmp"));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(check(dir_ / "cmp"),
            (std::set<std::string>{"compare.csv", "compare.json", "compare_replications.csv",
                                   "report.json"}));
  const Outcome s =
      blanko("sweep -q " + quote(kBengkulu) +
             " --vary defaults.kabkota.office.printers=1,2 -n 2 --out " + quote(dir_ / "sw"));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(check(dir_ / "sw"), (std::set<std::string>{"sweep.csv", "sweep.json",
                                                       "sweep_replications.csv", "report.json"}));
}

// An output that cannot be written is the user's to fix (exit 2), says which path, and is
// found before the run rather than after it.
TEST_F(CliTest, OutputsThatCannotBeWrittenAreBadInputFoundBeforeTheRun) {
  std::ofstream(dir_ / "plain") << "a file, not a directory";
  const auto refused = [&](const std::string& args, const std::string& message) {
    const Outcome r = blanko("run " + quote(kBengkulu) + " -n 3 " + args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
    EXPECT_NE(r.err.find("blanko: error: " + message), std::string::npos) << args << ": " << r.err;
    EXPECT_EQ(r.err.find("simulated"), std::string::npos)
        << "refused only after the run: " << r.err;
  };
  const std::string plain = (dir_ / "plain").string();
  refused("--out " + quote(dir_ / "plain" / "out"),
          plain + "/out: cannot create this directory: " + plain + " is a file, not a directory");
  refused("--out " + quote(dir_ / "plain"), plain + ": cannot create this directory: it is a file");
  refused(
      "--report " + quote(dir_ / "missing" / "r.html"),
      (dir_ / "missing").string() + ": cannot write r.html into this directory: no such directory");
  refused("--checkpoint " + quote(dir_ / "plain" / "c.ckpt"),
          plain + ": cannot write c.ckpt into this directory: it is a file, not a directory");

  // A read-only directory; root writes anywhere, so the run is made as nobody then.
  fs::create_directories(dir_ / "ro");
  fs::permissions(dir_ / "ro", fs::perms::owner_read | fs::perms::owner_exec |
                                   fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(dir_, fs::perms::others_exec | fs::perms::others_read, fs::perm_options::add);
  const std::string command =
      (::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "") +
      quote(std::string(BLANKO_CLI_PATH)) + " run " + quote(kBengkulu) + " -n 3 --out " +
      quote(dir_ / "ro") + " 2>" + quote(dir_ / "ro.txt");
  const int status = std::system(command.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << read_file(dir_ / "ro.txt");
  EXPECT_NE(
      read_file(dir_ / "ro.txt")
          .find((dir_ / "ro").string() + ": cannot write into this directory: Permission denied"),
      std::string::npos)
      << read_file(dir_ / "ro.txt");
  fs::permissions(dir_ / "ro", fs::perms::owner_all);
}

// A write that fails part way (here: a directory where kpis.csv goes) leaves no temporary,
// and no manifest: the directory does not read as complete.
TEST_F(CliTest, AFailedWriteLeavesNoTemporaryAndNoManifest) {
  fs::create_directories(dir_ / "out" / "kpis.csv" / "in the way");
  const Outcome r = blanko("run -q " + quote(kBengkulu) + " --out " + quote(dir_ / "out"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find((dir_ / "out" / "kpis.csv").string() + ": cannot rename"), std::string::npos)
      << r.err;
  for (const auto& entry : fs::recursive_directory_iterator(dir_ / "out")) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
  EXPECT_FALSE(fs::exists(dir_ / "out" / "manifest.json"));
}

TEST_F(CliTest, ACorruptCheckpointIsBadInputNamingTheFile) {
  const fs::path checkpoint = dir_ / "run.ckpt";
  run_to("first", kBengkulu, "-n 3 --checkpoint " + quote(checkpoint));
  fs::resize_file(checkpoint, fs::file_size(checkpoint) - 100);
  const Outcome r = blanko("run -q " + quote(kBengkulu) + " -n 5 --checkpoint " +
                           quote(checkpoint) + " --resume");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("blanko: error: " + checkpoint.string() +
                       ": cannot resume from this checkpoint: truncated"),
            std::string::npos)
      << r.err;
  run_to("second", kBengkulu, "-n 3 --checkpoint " + quote(checkpoint));
  const Outcome fewer = blanko("run -q " + quote(kBengkulu) + " -n 2 --checkpoint " +
                               quote(checkpoint) + " --resume");
  EXPECT_EQ(fewer.exit_code, 2) << fewer.err;
  EXPECT_NE(fewer.err.find("more than the 2 asked for"), std::string::npos) << fewer.err;
}

// Ctrl-C stops a run at its next replication, and the way out removes what nothing could
// use: the partial replications_nodes.csv of a run without checkpoints, any temporary.
TEST_F(CliTest, AnInterruptedRunStopsCleanly) {
  const fs::path out = dir_ / "out";
  const std::string run = quote(std::string(BLANKO_CLI_PATH)) + " run -q " + quote(kBengkulu) +
                          " -n 100000 -j 1 --per-node stockout_days --out " + quote(out);
  const std::string partial = quote(out / "replications_nodes.csv.partial");
  const std::string interrupt = run + " 2>" + quote(dir_ / "err.txt") + " & pid=$!; while [ ! -s " +
                                partial + " ]; do sleep 0.01; done; kill -INT $pid; wait $pid";
  const int status = std::system(interrupt.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << read_file(dir_ / "err.txt");
  EXPECT_NE(read_file(dir_ / "err.txt").find("blanko: error: interrupted"), std::string::npos)
      << read_file(dir_ / "err.txt");
  EXPECT_TRUE(fs::is_empty(out)) << "left behind: " << fs::directory_iterator(out)->path();
}

// Every scenario of the library validates and runs from the command line.
TEST_F(CliTest, RunsEveryBundledScenario) {
  int scenarios = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(BLANKO_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++scenarios;
    const auto [nodes, days] = shape_of(entry.path());
    EXPECT_GT(nodes, 10u) << entry.path();
    EXPECT_GE(days, 365u) << entry.path();
    const fs::path out = run_to(entry.path().stem().string(), entry.path());
    EXPECT_EQ(count_lines(out / "kpis.csv"), nodes + 2) << entry.path();
  }
  EXPECT_EQ(scenarios, 5);
}

}  // namespace

namespace blanko {
namespace {

// The shipped plan of Kota Bengkulu: the answer, the files, a recommended scenario that
// runs as it is from anywhere, the plan file's errors with exit 2, and --set on the plan.
TEST_F(CliTest, PlanAnswersTheShippedQuestionAndWritesItsFiles) {
  const fs::path plan = kSourceDir / "scenarios" / "plans" / "kota-bengkulu-pilkada-2024.yaml";
  const fs::path out = dir_ / "plan";
  const Outcome r = blanko("plan " + quote(plan) + " --threads 2 --out " + quote(out) +
                           " --set replications=200 --set verify_replications=400");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Recommended: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Proposed 10000: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Baseline (no top-up): 100.0%"), std::string::npos) << r.out;
  for (const char* file : {"plan.csv", "plan.json", "recommended.yaml", "manifest.json"}) {
    EXPECT_TRUE(fs::exists(out / file)) << file;
  }
  const nlohmann::json json = nlohmann::json::parse(read_file(out / "plan.json"));
  EXPECT_TRUE(json["met"].get<bool>());
  EXPECT_EQ(json["verify_replications"][0], 200);
  EXPECT_EQ(json["verify_replications"][1], 599);
  // The recommended scenario, copied elsewhere, runs: its CSV paths are absolute.
  fs::copy_file(out / "recommended.yaml", dir_ / "elsewhere.yaml");
  const Outcome run = blanko("run " + quote(dir_ / "elsewhere.yaml") + " --quiet");
  EXPECT_EQ(run.exit_code, 0) << run.err;

  std::ofstream(dir_ / "bad.yaml") << "scenario: x.yaml\ndecision: {top_up: {node: a, date: 2024-01-01}, values: [1]}\n"
                                      "target: {stockout: {}, probability_at_most: 0.05}\nreplications: -3\n";
  const Outcome bad = blanko("plan " + quote(dir_ / "bad.yaml"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.yaml:4:15 (replications): replications must be an integer between 1 and"),
            std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace blanko
