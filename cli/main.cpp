// The `blanko` command-line tool. Exit codes: 0 ok, 2 the user's to fix (a bad scenario,
// command line, checkpoint or report.json, an output that cannot be written, not enough
// memory), 1 internal error, 128 + the signal when stopped by SIGINT or SIGTERM
// (interrupt.hpp). Errors go to stderr as `blanko: error: <message>`.

#include "commands.hpp"
#include "interrupt.hpp"  // Interrupted

#include <blanko/error.hpp>
#include <blanko/version.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>
#include <new>
#include <string_view>
#include <vector>

namespace {

constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;

void print_error(std::string_view message) {
  fmt::print(stderr, "blanko: error: {}\n", message);
}

int run_main(int argc, char** argv) {
  blanko::cli::set_command_line(argc, argv);
  CLI::App app{"Simulate blank e-KTP card supply chains", "blanko"};
  app.set_version_flag("--version", fmt::format("blanko {}", blanko::kVersion));
  app.require_subcommand(1);

  const std::vector<blanko::cli::Command> commands{blanko::cli::add_run_command(app),
                                                   blanko::cli::add_compare_command(app),
                                                   blanko::cli::add_sweep_command(app),
                                                   blanko::cli::add_plan_command(app),
                                                   blanko::cli::add_validate_command(app),
                                                   blanko::cli::add_report_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here as "errors" with exit code 0.
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    print_error(e.what());
    fmt::print(stderr, "Run with --help for more information.\n");
    return kExitBadInput;
  }

  for (const auto& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  return kExitInternal;  // unreachable: require_subcommand(1)
}

}  // namespace

int main(int argc, char** argv) {
  // No exception escapes: every failure becomes a message and an exit code.
  try {
    return run_main(argc, argv);
  } catch (const blanko::ScenarioError& e) {
    print_error(e.what());
    return kExitBadInput;
  } catch (const blanko::cli::Interrupted& e) {
    print_error(
        "interrupted: nothing written to the outputs (a run with --checkpoint resumes "
        "with --resume)");
    return 128 + e.signal();
  } catch (const blanko::InputError& e) {
    print_error(e.what());
    return kExitBadInput;
  } catch (const blanko::OutputError& e) {
    print_error(e.what());
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    print_error(
        "the run needs more memory than is available: run fewer nodes or days, fewer "
        "bands (--no-bands, no --bands nodes), or on a machine with more memory");
    return kExitBadInput;
  } catch (const std::exception& e) {
    print_error(e.what());
    return kExitInternal;
  } catch (...) {
    print_error("unknown exception");
    return kExitInternal;
  }
}
