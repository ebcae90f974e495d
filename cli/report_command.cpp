#include "commands.hpp"

#include <blanko/scenario_loader.hpp>

#include <blanko/error.hpp>
#include <blanko/output_directory.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace blanko::cli {
namespace {

struct ReportCommandArgs {
  std::string dir;
  std::string output;
  std::string lang = "id";
};

}  // namespace

// `blanko report DIR -o FILE`: the page again from the report.json a run wrote into its
// --out DIR, so that a report can be made where the results were not computed, and in the
// other language.
Command add_report_command(CLI::App& app) {
  auto args = std::make_shared<ReportCommandArgs>();
  CLI::App* sub = app.add_subcommand(
      "report", "Build the HTML report from a run's output directory (its report.json)");
  sub->add_option("dir", args->dir, "Output directory of `blanko run ... --out DIR`")->required();
  sub->add_option("-o,--output", args->output, "The HTML file to write")->required();
  sub->add_option("--lang", args->lang, "Language of the report: id (Bahasa Indonesia) or en")
      ->check(CLI::IsMember({"id", "en"}))
      ->capture_default_str();
  return {sub, [args] {
            const std::filesystem::path data_file = std::filesystem::path(args->dir) / "report.json";
            // Bad input (exit 2): a directory without report data, or a file that is not.
            if (!std::filesystem::exists(data_file)) {
              throw InputError(
                  data_file.string(),
                  fmt::format("no such file (write it with `blanko run ... --out {}`)", args->dir));
            }
            const std::string data = read_input_text(data_file, "report data");
            const ReportLanguage language =
                parse_report_language(args->lang).value_or(ReportLanguage::id);
            try {
              // The page made in memory first: data it cannot read is the input's fault
              // (exit 2), found before the manifest is checked and anything is written.
              std::ostringstream page;
              write_html_report(page, data, language);
            } catch (const Error& e) {
              throw InputError(data_file.string(), e.what());
            }
            // The data must be the run's: what its manifest lists (a directory without one
            // comes from a run that did not finish, or from a blanko before manifests). After
            // the data is known to be readable, so that an error is the first line printed.
            if (std::filesystem::exists(std::filesystem::path(args->dir) / kManifestFile)) {
              const std::vector<std::string> files = verify_outputs(args->dir);
              if (std::find(files.begin(), files.end(), "report.json") == files.end()) {
                throw InputError(data_file.string(), "not listed in the directory's manifest");
              }
            } else {
              fmt::print(stderr, "blanko: warning: {} has no {}: its run may not have completed\n",
                         args->dir, kManifestFile);
            }
            write_html_report(std::filesystem::path(args->output), data, language);
            fmt::print(stderr, "blanko: wrote {}\n", args->output);
            return 0;
          }};
}

}  // namespace blanko::cli
