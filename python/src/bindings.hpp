#pragma once
// Shared declarations of the blanko._core extension module: one bind_<area>() per source
// file, and the helpers several areas use (numpy columns, ISO dates, interruptible runs).
#include <blanko/compare.hpp>
#include <blanko/date.hpp>
#include <blanko/model.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace blanko::python {

namespace py = pybind11;

void bind_errors(py::module_& m);
void bind_scenario(py::module_& m);
void bind_simulation(py::module_& m);
void bind_monte_carlo(py::module_& m);
void bind_compare_sweep(py::module_& m);
void bind_policies(py::module_& m);
void bind_report(py::module_& m);
void bind_plan(py::module_& m);

/// A new empty column `name` of `table` (the list object itself: what is appended to it
/// shows in the table).
inline py::list new_column(py::dict& table, const char* name) {
  py::list column;
  table[name] = column;
  return column;
}

/// `node`, `name`, `level`, `province` columns (lists) of `labels`, in their order.
py::dict label_columns(std::span<const NodeLabel> labels);

/// Policy sets named in Python: (name, `key=value` overrides) pairs.
using NamedOverrides = std::vector<std::pair<std::string, std::vector<std::string>>>;
[[nodiscard]] std::vector<PolicySet> policy_sets_of(const NamedOverrides& sets);

/// A numpy array that owns a copy of `values`.
template <class T>
py::array_t<T> to_numpy(const std::vector<T>& values) {
  py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

/// A read-only numpy view of memory owned by `owner` (a bound object that keeps it alive):
/// no copy, and the array keeps `owner` alive however long it lives.
template <class T>
py::array_t<T> view_of(const T* data, std::vector<py::ssize_t> shape, py::handle owner) {
  py::array_t<T> out(std::move(shape), data, owner);
  py::detail::array_proxy(out.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return out;
}

/// `2024-02-14`, which the Python layer turns into dates.
inline std::string iso(Date date) { return to_iso_string(date); }

}  // namespace blanko::python
