// The planner's HTML report from Python: Result.report() and MonteCarlo.report() write the
// same page as the CLI's --report (html_report.hpp); verify_outputs() checks a directory the
// CLI wrote against its manifest (output_directory.hpp).
#include "bindings.hpp"

#include <blanko/compare.hpp>
#include <blanko/html_report.hpp>
#include <blanko/monte_carlo.hpp>
#include <blanko/output_directory.hpp>
#include <blanko/sweep.hpp>

namespace blanko::python {
namespace {

ReportLanguage language_of(const std::string& lang) {
  const auto language = parse_report_language(lang);
  if (!language) throw py::value_error("lang must be 'id' or 'en', not '" + lang + "'");
  return *language;
}

}  // namespace

void bind_report(py::module_& m) {
  m.def(
      "run_report_data",
      [](const Model& model, const RunResult& result, const std::string& command) {
        return report_data(model, result, command);
      },
      py::arg("model"), py::arg("result"), py::arg("command") = "");
  m.def(
      "monte_carlo_report_data",
      [](const Model& model, const MonteCarloResult& result, const std::string& command) {
        return report_data(model, result, command);
      },
      py::arg("model"), py::arg("result"), py::arg("command") = "");
  m.def(
      "compare_report_data",
      [](const Model& reference, const Comparison& comparison, const NamedOverrides& sets,
         const std::string& command) {
        return report_data(reference, comparison, command, policy_sets_of(sets));
      },
      py::arg("reference"), py::arg("comparison"), py::arg("sets"), py::arg("command") = "");
  m.def(
      "sweep_report_data",
      [](const Model& base, const Sweep& sweep, const std::string& command) {
        return report_data(base, sweep, command);
      },
      py::arg("base"), py::arg("sweep"), py::arg("command") = "");
  m.def(
      "write_html_report",
      [](const std::filesystem::path& file, const std::string& data, const std::string& lang) {
        write_html_report(file, data, language_of(lang));
      },
      py::arg("file"), py::arg("data"), py::arg("lang") = "id");
  m.def(
      "report_answer",
      [](const std::string& data, const std::string& lang) {
        return report_answer(data, language_of(lang));
      },
      py::arg("data"), py::arg("lang") = "id");
  m.def(
      "verify_outputs", [](const std::filesystem::path& dir) { return verify_outputs(dir); },
      py::arg("dir"),
      "The files a `blanko ... --out DIR` directory's manifest.json lists, each checked against\n"
      "its size and SHA-256 on disk; InputError when the manifest is missing or a file differs.");
}

}  // namespace blanko::python
