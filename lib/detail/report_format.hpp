#pragma once
// Formatting helpers shared by the report writers (report.cpp, monte_carlo_report.cpp),
// compare.cpp and sweep.cpp: CSV fields and KPI values, fixed-width text tables and
// legends; the files themselves are written by detail/atomic_file.hpp. The KPI columns
// come from the KPI table (blanko/kpis.hpp).

#include <blanko/error.hpp>
#include <blanko/kpis.hpp>
#include <blanko/model.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace blanko::detail {

// --- buffers -------------------------------------------------------------------------

inline void append(fmt::memory_buffer& buf, std::string_view text) {
  buf.append(text.data(), text.data() + text.size());
}

inline void append_int(fmt::memory_buffer& buf, std::int64_t value) {
  const fmt::format_int digits(value);
  buf.append(digits.data(), digits.data() + digits.size());
}

inline void flush(std::ostream& out, fmt::memory_buffer& buf) {
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  buf.clear();
}

// RFC 4180: a field holding a comma, quote or line break is quoted, quotes doubled.
inline void append_csv_field(fmt::memory_buffer& buf, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    append(buf, field);
    return;
  }
  buf.push_back('"');
  for (char c : field) {
    if (c == '"') buf.push_back('"');
    buf.push_back(c);
  }
  buf.push_back('"');
}

inline void append_csv_value(fmt::memory_buffer& buf, std::int64_t value) {
  append_int(buf, value);
}
// Shortest representation that reads back to the same double.
inline void append_csv_value(fmt::memory_buffer& buf, double value) {
  fmt::format_to(std::back_inserter(buf), "{}", value);
}

// node,name,level,province: the label columns every per-node CSV row starts with, each
// followed by a comma.
inline void append_label_fields(fmt::memory_buffer& buf, const NodeLabel& label) {
  for (const std::string* field : {&label.id, &label.name, &label.level, &label.province}) {
    append_csv_field(buf, *field);
    buf.push_back(',');
  }
}

// A KPI's value as its type reads: counts as whole numbers, the rest as doubles.
inline void append_kpi_value(fmt::memory_buffer& buf, const KpiDefinition& kpi, double value) {
  if (kpi.type == KpiValueType::count && !std::isnan(value)) {
    append_int(buf, static_cast<std::int64_t>(value));
  } else {
    append_csv_value(buf, value);
  }
}

// A comma and the number, or just the comma for NaN (an undefined value is an empty field).
inline void append_csv_number(fmt::memory_buffer& buf, double value) {
  buf.push_back(',');
  if (!std::isnan(value)) append_csv_value(buf, value);
}

// The KPI columns of a per-replication table: a comma and the name of every KPI of
// kpi_table(), in order.
inline void append_kpi_header(fmt::memory_buffer& buf) {
  for (const KpiDefinition& kpi : kpi_table()) {
    buf.push_back(',');
    append(buf, kpi.name);
  }
}

// One replication's KPIs (`values` in kpi_table() order), each after a comma, as
// append_kpi_value writes them.
inline void append_kpi_values(fmt::memory_buffer& buf, std::span<const double> values) {
  const std::span<const KpiDefinition> table = kpi_table();
  for (std::size_t k = 0; k < table.size(); ++k) {
    buf.push_back(',');
    append_kpi_value(buf, table[k], values[k]);
  }
}

// --- the summary table ---------------------------------------------------------------

// Display width of UTF-8 text: one column per code point (names are Latin script).
inline std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// At most `width` columns, cut at a code point boundary and marked with "...".
inline std::string truncate(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  const std::size_t keep = width - 3;
  std::size_t points = 0;
  std::size_t end = 0;
  for (; end < text.size(); ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80 && points++ == keep) break;
  }
  return std::string(text.substr(0, end)) + "...";
}

// "1234567" -> "1,234,567": digits grouped by three, counted from the end.
inline std::string group_digits(std::string_view digits) {
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

// 1234567 -> "1,234,567".
inline std::string group_thousands(std::int64_t value) {
  const fmt::format_int digits(value);
  const std::string_view text(digits.data(), digits.size());
  const std::size_t sign = value < 0 ? 1 : 0;
  return std::string(text.substr(0, sign)) + group_digits(text.substr(sign));
}

// `value` with `decimals` decimals and thousands separators ("1,234.57"); "n/a" for NaN.
// A value that rounds to zero has no sign ("0.0", never "-0.0"); `signed_value` marks the
// others above zero with "+".
inline std::string format_fixed(double value, int decimals, bool signed_value = false) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? (signed_value ? "+inf" : "inf") : "-inf";
  const std::string magnitude = fmt::format("{:.{}f}", std::abs(value), decimals);
  const std::size_t point = std::min(magnitude.find('.'), magnitude.size());
  const std::string text =
      group_digits(std::string_view(magnitude).substr(0, point)) + magnitude.substr(point);
  if (magnitude.find_first_not_of("0.") == std::string::npos) return text;
  if (value < 0) return "-" + text;
  return signed_value ? "+" + text : text;
}

inline std::string one_decimal(double value) { return fmt::format("{:.1f}", value); }

// A number for a text table: "n/a" for NaN, whole numbers and anything of 1,000 or more
// with thousands separators, otherwise three decimals; `signed_value` marks gains with "+".
inline std::string format_number(double value, bool signed_value = false) {
  if (std::isnan(value)) return "n/a";
  std::string text;
  if (std::abs(value) >= 1000 || (value == std::round(value) && std::abs(value) < 1e15)) {
    text = group_thousands(std::llround(value));
  } else {
    text = fmt::format("{:.3f}", value);
  }
  if (signed_value && value > 0) text = "+" + text;
  return text;
}

// --- KPI values in text tables --------------------------------------------------------

// How a KPI's values read in a text table, decided by its unit so that a column (or a
// KPI's rows) reads the same on every line: shares in percent with one decimal, counts of
// things and Rp as whole numbers with thousands separators, days (and any other unit)
// with two decimals. CSV and JSON keep the values as they are (shares as shares).
struct KpiDisplay {
  double scale = 1;  // 100 for shares
  int decimals = 2;
  bool percent = false;
};

inline KpiDisplay kpi_display(const KpiDefinition& kpi) {
  if (kpi.unit == "share") return {.scale = 100, .decimals = 1, .percent = true};
  static constexpr std::array<std::string_view, 6> kWhole{
      "requests", "cards", "blanks", "shipments", "orders", "Rp"};
  if (std::find(kWhole.begin(), kWhole.end(), kpi.unit) != kWhole.end()) return {.decimals = 0};
  return {};
}

// A KPI's column header or row label: "fill_rate %" for a share shown in percent.
inline std::string kpi_label(const KpiDefinition& kpi) {
  return kpi_display(kpi).percent ? std::string(kpi.name) + " %" : std::string(kpi.name);
}

// A value of `kpi` (a mean, a difference, a standard error...) in the KPI's display format;
// "n/a" for NaN.
inline std::string format_kpi(const KpiDefinition& kpi, double value, bool signed_value = false) {
  const KpiDisplay display = kpi_display(kpi);
  return format_fixed(display.scale * value, display.decimals, signed_value);
}

// The headline KPIs of the KPI table (those the printed tables show), in table order.
inline std::vector<const KpiDefinition*> headline_kpis() {
  std::vector<const KpiDefinition*> headline;
  for (const KpiDefinition& kpi : kpi_table()) {
    if (kpi.headline) headline.push_back(&kpi);
  }
  return headline;
}

// A legend under a table: a blank line, then one line per entry, its label (padded to the
// widest) and what it means.
inline void append_legend(fmt::memory_buffer& buf,
                          const std::vector<std::pair<std::string, std::string>>& entries) {
  std::size_t width = 0;
  for (const auto& [label, meaning] : entries) width = std::max(width, display_width(label));
  append(buf, "\n");
  for (const auto& [label, meaning] : entries) {
    fmt::format_to(std::back_inserter(buf), "{}{}  {}\n", label,
                   std::string(width - display_width(label), ' '), meaning);
  }
}

// A KPI's legend entry: its label, its description and its unit ("share, in %" for a
// share shown in percent).
inline std::pair<std::string, std::string> kpi_legend_entry(const KpiDefinition& kpi) {
  return {kpi_label(kpi), fmt::format("{} ({}{})", kpi.description, kpi.unit,
                                      kpi_display(kpi).percent ? ", in %" : "")};
}

// A fixed-width text table: columns sized to their widest cell, two spaces apart, text
// left-aligned and numbers right-aligned, with rules of dashes between sections.
class TextTable {
 public:
  struct Column {
    std::string_view header;
    bool left_aligned = false;
  };

  explicit TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {
    widths_.reserve(columns_.size());
    for (const Column& c : columns_) widths_.push_back(display_width(c.header));
    add_rule();
  }

  void add_row(std::vector<std::string> cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      widths_[i] = std::max(widths_[i], display_width(cells[i]));
    }
    rows_.emplace_back(std::move(cells));
  }
  void add_rule() { rows_.emplace_back(std::nullopt); }

  void print(fmt::memory_buffer& buf) const {
    std::vector<std::string> headers;
    for (const Column& c : columns_) headers.emplace_back(c.header);
    print_cells(buf, headers);
    for (const auto& row : rows_) {
      if (row) {
        print_cells(buf, *row);
      } else {
        print_rule(buf);
      }
    }
  }

 private:
  void print_cells(fmt::memory_buffer& buf, const std::vector<std::string>& cells) const {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::size_t pad = widths_[i] - display_width(cells[i]);
      if (i > 0) append(buf, "  ");
      if (!columns_[i].left_aligned) buf.append(std::string(pad, ' '));
      append(buf, cells[i]);
      // No trailing blanks at the end of a line.
      if (columns_[i].left_aligned && i + 1 < cells.size()) buf.append(std::string(pad, ' '));
    }
    // Empty cells at the end of a row leave blanks: drop them.
    while (buf.size() > 0 && buf.data()[buf.size() - 1] == ' ') buf.resize(buf.size() - 1);
    buf.push_back('\n');
  }
  void print_rule(fmt::memory_buffer& buf) const {
    for (std::size_t i = 0; i < widths_.size(); ++i) {
      if (i > 0) append(buf, "  ");
      buf.append(std::string(widths_[i], '-'));
    }
    buf.push_back('\n');
  }

  std::vector<Column> columns_;
  std::vector<std::size_t> widths_;
  std::vector<std::optional<std::vector<std::string>>> rows_;  // nullopt: a rule
};

}  // namespace blanko::detail
