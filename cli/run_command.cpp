#include "commands.hpp"
#include "interrupt.hpp"
#include "progress.hpp"

#include <charconv>

#include <blanko/error.hpp>
#include <blanko/kpis.hpp>
#include <blanko/monte_carlo.hpp>
#include <blanko/report.hpp>
#include <blanko/scenario.hpp>
#include <blanko/simulation.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace blanko::cli {
namespace {

constexpr std::string_view kReplicationNodesFile = "replications_nodes.csv";

struct RunArgs {
  ScenarioArgs scenario;
  MonteCarloArgs monte_carlo;
  TableArgs table;
  ReportArgs report;
  std::string out_dir;
  bool no_timeseries = false;
  bool no_bands = false;
  std::string bands = "provinces";  // --bands provinces|nodes
  std::string checkpoint;
  double checkpoint_seconds = 30;
  bool resume = false;
  bool mpi = false;
  bool quiet = false;
  std::vector<std::string> per_node;  // KPIs of replications_nodes.csv
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Status goes to stderr so that stdout carries only the table (pipe-friendly).
void status(const RunArgs& args, const std::string& text) {
  if (!args.quiet) fmt::print(stderr, "blanko: {}\n", text);
}

int run_one(const RunArgs& args, const Model& model) {
  RunOptions options;
  options.seed = args.monte_carlo.options().seed;
  // Only --out and --report read the daily series; the table does not need them.
  options.record_timeseries = (!args.out_dir.empty() && !args.no_timeseries) || args.report.requested();
  status(args, fmt::format("running {}: {} nodes, {} days, seed {}", model.scenario().name,
                           model.network().node_count(), model.horizon_days(),
                           options.seed.value_or(model.scenario().seed)));
  std::optional<OutputDirectory> out = open_outputs(args.out_dir, args.report);
  catch_interrupts();
  const auto started = std::chrono::steady_clock::now();
  const RunResult result = simulate(model, options);
  status(args, fmt::format("simulated {} events in {:.3f} s", result.events,
                           seconds_since(started)));

  if (!args.quiet) {
    write_summary_table(std::cout, model, result, args.table.options());
    std::cout.flush();
  }
  stop_if_interrupted();
  if (out) write_outputs(*out, model, result, command_line());
  if (result.timeseries && (args.report.requested() || out)) {
    const std::string page = write_report_outputs(args.report, out ? &*out : nullptr,
                                                  report_data(model, result, command_line()));
    if (!page.empty()) status(args, fmt::format("wrote {}", page));
  }
  if (out) {
    out->finish();  // last: the manifest says the directory is complete
    status(args, fmt::format("wrote {}", args.out_dir));
  }
  return 0;
}

// Every MPI rank runs this; only rank 0 holds the statistics, prints and writes.
int run_many(const RunArgs& args, const Model& model, const std::optional<MpiSession>& mpi) {
  const bool root = !mpi || mpi->rank() == 0;
  ProgressBar progress(root && !args.quiet);
  MonteCarloOptions options = args.monte_carlo.options();
  options.bands = !args.no_bands;
  // Bands of every office too when asked, and for the report of a small scenario, whose
  // planners look at their own office.
  constexpr std::int32_t kSmallScenarioOffices = 20;
  if (options.bands && (args.bands == "nodes" ||
                        (args.report.requested() && model.office_count() <= kSmallScenarioOffices))) {
    for (NodeIndex v = 0; v < model.network().node_count(); ++v) {
      if (model.scenario().nodes[static_cast<std::size_t>(v)].office) {
        options.band_nodes.push_back(model.network().id(v));
      }
    }
  }
  options.checkpoint = args.checkpoint;
  options.checkpoint_seconds = args.checkpoint_seconds;
  options.resume = args.resume;
  options.mpi = args.mpi;
  options.progress = [&](const MonteCarloProgress& p) {
    stop_if_interrupted();
    progress.update(p.done, p.total, p.resumed, p.elapsed_seconds);
  };
  std::optional<OutputDirectory> out;
  if (root) out = open_outputs(args.out_dir, args.report);
  std::optional<ReplicationNodesWriter> per_node;
  if (root && !args.per_node.empty()) {
    // With checkpoints a failed or stopped run keeps its partial file for --resume.
    per_node.emplace(out->path() / kReplicationNodesFile, model, args.per_node,
                     !args.checkpoint.empty());
    options.on_replication = [&](const ReplicationKpis& r) { per_node->add(r); };
  }
  if (root) {
    status(args, fmt::format("running {}: {} replications of {} nodes x {} days, seed {}, {}{}",
                             model.scenario().name, options.replications,
                             model.network().node_count(), model.horizon_days(),
                             options.seed.value_or(model.scenario().seed),
                             options.threads == 0 ? std::string("all cores")
                             : options.threads == 1 ? std::string("1 thread")
                                                    : fmt::format("{} threads", options.threads),
                             mpi ? fmt::format(" x {} MPI ranks", mpi->size()) : std::string()));
  }
  catch_interrupts();
  MonteCarloResult result = run_monte_carlo(model, options);
  result.provenance.command = command_line();
  progress.finish();
  if (!root) return 0;
  stop_if_interrupted();
  const std::uint64_t simulated = result.replications - result.resumed;
  status(args, fmt::format("simulated {} replications in {:.2f} s ({:.1f} per second){}",
                           simulated, result.seconds,
                           result.seconds > 0 ? static_cast<double>(simulated) / result.seconds : 0.0,
                           result.resumed > 0
                               ? fmt::format(", {} resumed from {}", result.resumed, args.checkpoint)
                               : std::string()));
  if (!args.quiet) {
    write_monte_carlo_table(std::cout, result, args.table.options());
    std::cout.flush();
  }
  if (per_node) {
    per_node->finish(result.replications);
    out->add(std::string(kReplicationNodesFile));
  }
  if (out) write_monte_carlo_outputs(*out, result);
  if (options.bands && (args.report.requested() || out)) {
    const std::string page = write_report_outputs(args.report, out ? &*out : nullptr,
                                                  report_data(model, result, command_line()));
    if (!page.empty()) status(args, fmt::format("wrote {}", page));
  }
  if (out) {
    out->finish();  // last: the manifest says the directory is complete
    status(args, fmt::format("wrote {}", args.out_dir));
  }
  return 0;
}

// --per-node names per-node KPIs and needs a directory to write them into.
void check_per_node(const RunArgs& args) {
  if (args.per_node.empty()) return;
  if (args.out_dir.empty()) {
    throw ScenarioError({.file = "--per-node", .line = 0, .column = 0, .key_path = {}},
                        "--per-node writes replications_nodes.csv: give --out DIR");
  }
  for (const std::string& name : args.per_node) {
    try {
      (void)kpi_index(name);
    } catch (const Error& e) {
      throw ScenarioError({.file = "--per-node", .line = 0, .column = 0, .key_path = name},
                          std::string(e.what()) + " (a per-node KPI of kpis.csv)");
    }
  }
}

int run(RunArgs args) {
  // MPI starts first, so that only rank 0 reports progress from the start.
  std::optional<MpiSession> mpi;
  if (args.mpi) mpi.emplace();
  if (mpi && mpi->rank() != 0) args.quiet = true;
  status(args, fmt::format("loading {}", args.scenario.file));
  const Model model = load_model(args.scenario);
  check_table_options(model, args.table.options());  // before a long run, not after it
  check_per_node(args);
  return args.monte_carlo.requested() ? run_many(args, model, mpi) : run_one(args, model);
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* sub = app.add_subcommand(
      "run", "Run a scenario: one replication, or a Monte Carlo study with --replications");
  add_scenario_args(*sub, args->scenario);
  add_monte_carlo_args(*sub, args->monte_carlo);
  add_table_args(*sub, args->table);
  add_report_args(*sub, args->report);
  sub->add_option("--out", args->out_dir,
                  "Write summary.json and kpis.csv, plus timeseries.csv (one replication) or "
                  "bands.csv (--replications), into this directory");
  sub->add_flag("--no-timeseries", args->no_timeseries, "One replication: skip timeseries.csv");
  CLI::Option* replications = args->monte_carlo.replications_option;
  sub->add_flag("--no-bands", args->no_bands,
                "Keep no daily bands (and write no bands.csv)")
      ->needs(replications)
      ->excludes(args->report.report_option);
  sub->add_option("--bands", args->bands,
                  "Daily bands of the network and each province (provinces), or of every "
                  "office too (nodes; the report of a scenario of up to 20 offices has them)")
      ->check(CLI::IsMember({"provinces", "nodes"}))
      ->capture_default_str()
      ->needs(replications);
  CLI::Option* checkpoint =
      sub->add_option("--checkpoint", args->checkpoint,
                      "Save the statistics so far to FILE (atomically), every "
                      "--checkpoint-seconds and at the end")
          ->needs(replications);
  sub->add_option("--checkpoint-seconds", args->checkpoint_seconds,
                  "Seconds between checkpoints (default 30)")
      ->check(CLI::Validator(
          [](const std::string& text) {
            // CLI::Range lets nan through (every comparison with it is false).
            double seconds = -1;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
            const bool ok = ec == std::errc{} && end == text.data() + text.size() && seconds >= 0 &&
                            seconds <= 1e7;
            return ok ? std::string() : "expected seconds from 0 to 10000000, got '" + text + "'";
          },
          "SECONDS", "seconds"))
      ->needs(checkpoint);
  sub->add_flag("--resume", args->resume,
                "Continue from the --checkpoint FILE if it exists; the outputs equal an "
                "uninterrupted run's")
      ->needs(checkpoint);
  sub->add_flag("--mpi", args->mpi,
                "Split the replications across MPI ranks (run under mpirun; needs a blanko "
                "built with BLANKO_WITH_MPI)")
      ->needs(replications);
  sub->add_option("--per-node", args->per_node,
                  "With --replications and --out: also write replications_nodes.csv, each "
                  "replication's value of these per-node KPIs at every node (e.g. "
                  "stockout_days,fill_rate)")
      ->delimiter(',')
      ->needs(replications);
  sub->add_flag("-q,--quiet", args->quiet, "Print neither the summary table nor progress");
  return {sub, [args] { return run(*args); }};
}

}  // namespace blanko::cli
