// The planner's HTML report from Python: Result.report() and MonteCarlo.report() write the
// same page as the CLI's --report (html_report.hpp).
#include "bindings.hpp"

#include <blanko/html_report.hpp>
#include <blanko/monte_carlo.hpp>

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
}

}  // namespace blanko::python
