// `blanko plan PLAN.yaml`: the cheapest value of a decision that meets a target
// (docs/plan.md).
#include "commands.hpp"
#include "interrupt.hpp"

#include <blanko/monte_carlo.hpp>
#include <blanko/plan.hpp>

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace blanko::cli {
namespace {

struct PlanArgs {
  std::string file;
  std::vector<std::string> overrides;  // of the plan file
  unsigned threads = 0;
  std::string out_dir;
  bool quiet = false;
  bool mpi = false;
};

int run(PlanArgs args) {
  // Every rank runs the same search on all the values; rank 0 alone prints and writes.
  std::optional<MpiSession> mpi;
  if (args.mpi) mpi.emplace();
  const bool root = !mpi || mpi->rank() == 0;
  if (!root) args.quiet = true;
  const Plan plan = load_plan(args.file, args.overrides);
  std::optional<OutputDirectory> out;
  if (root && !args.out_dir.empty()) out.emplace(args.out_dir);  // fails now, not after the search
  PlanOptions options{.threads = args.threads, .progress = {}, .mpi = args.mpi};
  std::size_t shown = 0;  // the evaluation whose line was printed
  options.progress = [&](const PlanProgress& p) {
    stop_if_interrupted();
    // Once the first replication ran, so that a bad scenario or node is the first line.
    if (!args.quiet && shown == 0) {
      fmt::print(stderr, "blanko: plan '{}': {}, {} replications a candidate, {} to verify\n",
                 plan.name, plan.decision.label(), plan.replications, plan.verify_replications);
    }
    if (!args.quiet && p.evaluations != shown) {
      shown = p.evaluations;
      fmt::print(stderr, "blanko: plan: {} ({} of at most {} replications)\n", p.stage,
                 p.replications_done - 1, p.replications_expected);
    }
  };
  catch_interrupts();
  PlanResult result = run_plan(plan, options);
  result.provenance.command = command_line();
  stop_if_interrupted();
  if (!args.quiet) {
    write_plan_table(std::cout, result);
    std::cout.flush();
  }
  if (out) {
    write_plan_outputs(*out, result);
    out->finish();
    if (!args.quiet) fmt::print(stderr, "blanko: wrote {}\n", args.out_dir);
  }
  return 0;
}

}  // namespace

Command add_plan_command(CLI::App& app) {
  auto args = std::make_shared<PlanArgs>();
  CLI::App* sub = app.add_subcommand(
      "plan", "Find the cheapest value of a decision (a top-up, a lot, a parameter) that meets "
              "a stockout or KPI target, and verify it on fresh replications");
  sub->add_option("PLAN", args->file, "Plan file (YAML; docs/plan.md)")->required();
  add_repeatable_option(*sub, "--set", args->overrides,
                        "Override a value of the plan file: key.path=value (repeatable), e.g. "
                        "--set replications=200",
                        "KEY=VALUE");
  add_threads_option(*sub, args->threads);
  sub->add_option("--out", args->out_dir,
                  "Write plan.csv, plan.json and recommended.yaml (the scenario with the "
                  "recommendation applied) into this directory");
  sub->add_flag("-q,--quiet", args->quiet, "Print neither the table nor progress");
  sub->add_flag("--mpi", args->mpi,
                "Split each candidate's replications across MPI ranks (mpirun -np K blanko plan "
                "... --mpi): the same answer as one process");
  return {sub, [args] { return run(*args); }};
}

}  // namespace blanko::cli
