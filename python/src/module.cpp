// blanko._core: the compiled half of the blanko Python package (python/blanko/ is the
// other). Each area binds itself in its own bind_<area>.cpp.
#include "bindings.hpp"

#include <blanko/version.hpp>

PYBIND11_MODULE(_core, m) {
  namespace python = blanko::python;
  m.doc() = "blanko's compiled core; use the `blanko` package, not this module.";
  m.attr("__version__") = blanko::kVersion;
  python::bind_errors(m);
  python::bind_scenario(m);
  python::bind_simulation(m);
  python::bind_monte_carlo(m);
  python::bind_compare_sweep(m);
  python::bind_policies(m);
  python::bind_report(m);
  python::bind_plan(m);
}
