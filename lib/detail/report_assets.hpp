#pragma once
// The files of the report page, embedded into the library when it is built (CMake writes
// report_assets.cpp with one `.incbin` per file: see lib/CMakeLists.txt), so that a report
// is one self-contained HTML file and blanko needs no data files at run time.

#include <string_view>

namespace blanko::detail {

enum class ReportAsset {
  page_template,    ///< report/template.html
  style,            ///< report/report.css
  script,           ///< report/report.js
  strings_id,       ///< report/i18n/id.json
  strings_en,       ///< report/i18n/en.json
  echarts,          ///< report/node_modules/echarts/dist/echarts.min.js
  echarts_license,  ///< report/node_modules/echarts/LICENSE
  boundaries,       ///< scenarios/data/indonesia_kabkota_boundaries_simplified.geojson
};

/// The bytes of `asset`, as the file was when blanko was built.
[[nodiscard]] std::string_view report_asset(ReportAsset asset);

}  // namespace blanko::detail
