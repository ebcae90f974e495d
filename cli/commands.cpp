#include "commands.hpp"

#include <blanko/error.hpp>
#include <blanko/memory.hpp>
#include <blanko/scenario_loader.hpp>

#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace blanko::cli {
namespace {

// Far beyond any study (a million national replications take a day on a large machine),
// and below what a replication counter or a thread pool can hold.
constexpr std::uint64_t kMaxReplications = 1'000'000'000;
constexpr unsigned kMaxThreads = 4096;

}  // namespace

CLI::Validator whole_number_validator() {
  return CLI::Validator(
      [](const std::string& text) {
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
          return "expected a whole number from 0 to 18446744073709551615, got '" + text + "'";
        }
        return std::string();
      },
      "UINT", "whole number");
}

namespace {

}  // namespace

CLI::Option* add_repeatable_option(CLI::App& app, const std::string& name,
                                   std::vector<std::string>& values, const std::string& help,
                                   const std::string& type_name) {
  return app.add_option(name, values, help)
      ->type_name(type_name)
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_scenario_args(CLI::App& app, ScenarioArgs& args) {
  app.add_option("scenario", args.file, "Scenario file (YAML)")->required();
  add_repeatable_option(app, "--set", args.overrides,
                        "Override a scenario value before it is read: key.path=value "
                        "(repeatable), e.g. --set defaults.kabkota.office.printers=3",
                        "KEY=VALUE");
  app.add_option_function<std::string>(
         "--max-memory",
         [](const std::string& size) { set_memory_limit(parse_bytes(size)); },
         "The most memory the run may take, e.g. 4G or 512M (default: three quarters of the "
         "machine's); a larger run is refused before it starts")
      ->type_name("SIZE")
      ->check(CLI::Validator(
          [](const std::string& size) {
            return parse_bytes(size) == 0
                       ? "expected a size such as 4G, 512M or 2GiB, got '" + size + "'"
                       : std::string();
          },
          "SIZE", "size"));
}

CLI::Option* add_threads_option(CLI::App& app, unsigned& threads) {
  return app.add_option("--threads,-j", threads, "Worker threads (default: every core)")
      ->check(CLI::Range(1U, kMaxThreads));
}

void add_monte_carlo_args(CLI::App& app, MonteCarloArgs& args) {
  args.replications_option =
      app.add_option("--replications,-n", args.replications,
                     "Replications to run (indices 0 .. N-1), in parallel, folded into "
                     "means, confidence intervals and quantiles")
          ->check(CLI::Range(std::uint64_t{1}, kMaxReplications));
  add_threads_option(app, args.threads);
  // Checked as text first: CLI11 would read -1 into an unsigned seed as 2^64 - 1, and 2^64
  // as 2^64 - 1 too.
  args.seed_option = app.add_option("--seed", args.seed, "Random seed (default: the scenario's)")
                         ->check(whole_number_validator());
}

void add_table_args(CLI::App& app, TableArgs& args) {
  app.add_option("--level", args.level,
                 "Rows of the printed tables: kabkota (offices), province (centre and provinces) "
                 "or all")
      ->check(CLI::IsMember({"all", "kabkota", "province"}));
  app.add_option("--within", args.within,
                 "Only this province (its id, e.g. 17) and the kab/kota it supplies");
  args.top_option = app.add_option("--top", args.top,
                                   "Only the N offices with the most stockout days, then the "
                                   "lowest fill rate (a study: the N most likely to run out)")
                        ->check(whole_number_validator())
                        ->check(CLI::PositiveNumber);
  app.add_flag("--by-province", args.by_province,
               "One row per province: the subtotal of its offices");
  app.add_flag("--no-legend", args.no_legend, "No legend under the tables");
}

TableOptions TableArgs::options() const {
  TableOptions options;
  options.level = parse_table_level(level).value_or(TableLevel::all);  // checked by CLI11
  options.within = within;
  if (top_option->count() > 0) options.top = top;
  options.by_province = by_province;
  options.legend = !no_legend;
  return options;
}

MonteCarloOptions MonteCarloArgs::options(std::uint64_t default_replications) const {
  MonteCarloOptions options;
  options.replications = requested() ? replications : default_replications;
  options.threads = threads;
  if (seed_option->count() > 0) options.seed = seed;
  return options;
}

namespace {

std::string& stored_command_line() {
  static std::string line;
  return line;
}

// POSIX shell quoting: plain words as they are, anything else in single quotes.
std::string shell_quoted(std::string_view word) {
  const bool plain = !word.empty() && word.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789_./=:,+-@%") == std::string_view::npos;
  if (plain) return std::string(word);
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

const std::string& command_line() { return stored_command_line(); }

void set_command_line(int argc, const char* const* argv) {
  std::string line = "blanko";  // the program's name, not the path it was started by
  for (int i = 1; i < argc; ++i) line += " " + shell_quoted(argv[i]);
  stored_command_line() = std::move(line);
}

void add_report_args(CLI::App& app, ReportArgs& args) {
  args.report_option = app.add_option(
      "--report", args.file,
      "Write the planner's report: one HTML page with the answer, a map, fan charts and "
      "tables, that opens offline");
  app.add_option("--lang", args.lang, "Language of the report: id (Bahasa Indonesia) or en")
      ->check(CLI::IsMember({"id", "en"}))
      ->capture_default_str();
}

ReportLanguage ReportArgs::language() const {
  return parse_report_language(lang).value_or(ReportLanguage::id);
}

namespace {

// True when `file` is directly inside `dir`, however either is spelled.
bool is_in_directory(const std::filesystem::path& file, const std::filesystem::path& dir) {
  std::error_code ec;
  const auto parent =
      std::filesystem::weakly_canonical(std::filesystem::absolute(file, ec).parent_path(), ec);
  const auto canonical_dir =
      std::filesystem::weakly_canonical(std::filesystem::absolute(dir, ec), ec);
  return !ec && parent == canonical_dir;
}

}  // namespace

std::optional<OutputDirectory> open_outputs(const std::string& out_dir, const ReportArgs& report) {
  std::optional<OutputDirectory> out;
  if (!out_dir.empty()) out.emplace(out_dir);
  if (report.requested() && !(out && is_in_directory(report.file, out->path()))) {
    check_writable(report.file);
  }
  return out;
}

std::string write_report_outputs(const ReportArgs& args, OutputDirectory* out,
                                 const std::string& data) {
  if (out != nullptr) {
    out->write("report.json", [&](std::ostream& file) { file << data << '\n'; });
  }
  if (!args.requested()) return {};
  const std::filesystem::path page(args.file);
  if (out != nullptr && is_in_directory(page, out->path())) {
    out->write(page.filename().string(),
               [&](std::ostream& file) { write_html_report(file, data, args.language()); });
  } else {
    write_html_report(page, data, args.language());
  }
  return args.file;
}

Model load_model(const ScenarioArgs& args) {
  return Model(load_scenario(args.file, args.overrides));
}

}  // namespace blanko::cli
