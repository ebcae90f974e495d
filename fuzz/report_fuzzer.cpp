// libFuzzer target: the report data (report.json) that `blanko report DIR` turns into the
// HTML page. Data blanko cannot read must be refused with blanko::Error (exit 2 in the CLI,
// which makes the page in memory before it writes anything), by report_answer() and by
// write_html_report() alike: any other exception is a finding. Seeds: the report data of a run and of a Monte
// Carlo study of tiny_model.hpp's network.

#include "tiny_model.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <ostream>
#include <streambuf>
#include <string_view>

namespace {

// The page is over a megabyte (the chart library is embedded): count it, do not keep it.
class NullBuffer : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  blanko::fuzz::write_seeds_if_asked([](const std::filesystem::path& dir) {
    const blanko::Model model = blanko::fuzz::tiny_model();
    std::ofstream(dir / "run.json") << blanko::report_data(model, blanko::simulate(model));
    blanko::MonteCarloOptions options;
    options.replications = 20;
    options.threads = 1;
    std::ofstream(dir / "monte_carlo.json")
        << blanko::report_data(model, blanko::run_monte_carlo(model, options));
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto language : {blanko::ReportLanguage::id, blanko::ReportLanguage::en}) {
    try {
      (void)blanko::report_answer(text, language);
    } catch (const blanko::Error&) {
      return 0;  // refused, as the CLI refuses it
    } catch (const std::exception& e) {
      std::fprintf(stderr, "report_fuzzer: report_answer threw a non-blanko exception: %s\n", e.what());
      std::abort();
    }
    try {
      NullBuffer null;
      std::ostream out(&null);
      blanko::write_html_report(out, text, language);
    } catch (const blanko::Error&) {
      // Refused as `blanko report` refuses it (it makes the page in memory first).
    } catch (const std::exception& e) {
      std::fprintf(stderr, "report_fuzzer: write_html_report threw a non-blanko exception: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
