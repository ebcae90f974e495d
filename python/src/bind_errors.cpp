// blanko's exceptions as Python exceptions: blanko.Error, and below it ScenarioError (also a
// ValueError: bad input) with the place it names, InputError (also a ValueError: another
// file that cannot be used) with its file, OutputError (also an OSError: an output that
// cannot be written) with its path, and ModelError (also a RuntimeError: a broken
// invariant). str(e) is the CLI's message, word for word.
#include "bindings.hpp"

#include <blanko/error.hpp>

namespace blanko::python {
namespace {

PyObject* error_type = nullptr;
PyObject* scenario_error_type = nullptr;
PyObject* model_error_type = nullptr;
PyObject* input_error_type = nullptr;
PyObject* output_error_type = nullptr;

PyObject* new_exception(py::module_& m, const char* name, py::tuple bases, const char* doc) {
  const std::string qualified = std::string("blanko.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));
  return type;
}

py::object or_none(const std::string& s) {
  if (s.empty()) return py::none();
  return py::str(s);
}
py::object or_none(int i) {
  if (i <= 0) return py::none();
  return py::int_(i);
}

void raise_scenario_error(const ScenarioError& e) {
  const SourceLocation& where = e.where();
  py::object exc = py::handle(scenario_error_type)(e.what());
  exc.attr("file") = or_none(where.file);
  exc.attr("line") = or_none(where.line);
  exc.attr("column") = or_none(where.column);
  exc.attr("key") = or_none(where.key_path);
  exc.attr("message") = e.message();
  PyErr_SetObject(scenario_error_type, exc.ptr());
}

// An exception of `type` with the message and one attribute naming a file or directory.
void raise_with_path(PyObject* type, const char* what, const char* attribute,
                     const std::string& path, const std::string& message) {
  py::object exc = py::handle(type)(what);
  exc.attr(attribute) = or_none(path);
  exc.attr("message") = message;
  PyErr_SetObject(type, exc.ptr());
}

}  // namespace

void bind_errors(py::module_& m) {
  error_type = new_exception(m, "Error", py::make_tuple(py::handle(PyExc_Exception)),
                             "Base of every exception blanko raises on purpose.");
  scenario_error_type = new_exception(
      m, "ScenarioError", py::make_tuple(py::handle(error_type), py::handle(PyExc_ValueError)),
      "Bad input in a scenario. `file`, `line`, `column` (None when the value did not come "
      "from a file) and `key` (the YAML key path) say where; `message` is the text without "
      "the place.");
  model_error_type = new_exception(
      m, "ModelError", py::make_tuple(py::handle(error_type), py::handle(PyExc_RuntimeError)),
      "An impossible state inside the simulation (a broken invariant, or a policy that "
      "granted more than it had): a bug, not bad input.");
  input_error_type = new_exception(
      m, "InputError", py::make_tuple(py::handle(error_type), py::handle(PyExc_ValueError)),
      "A file other than a scenario that blanko cannot use: missing, truncated, corrupt or "
      "written for another run (a checkpoint, a run's report.json). `file` names it; "
      "`message` is the text without it.");
  output_error_type = new_exception(
      m, "OutputError", py::make_tuple(py::handle(error_type), py::handle(PyExc_OSError)),
      "An output that cannot be written: a directory that cannot be created (a parent is a "
      "regular file), a read-only directory, a full disk. `path` names the file or directory; "
      "`message` is the text without it.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ScenarioError& e) {
      raise_scenario_error(e);
    } catch (const InputError& e) {
      raise_with_path(input_error_type, e.what(), "file", e.file(), e.message());
    } catch (const OutputError& e) {
      raise_with_path(output_error_type, e.what(), "path", e.path(), e.message());
    } catch (const ModelError& e) {
      PyErr_SetString(model_error_type, e.what());
    } catch (const Error& e) {
      PyErr_SetString(error_type, e.what());
    }
  });
}

}  // namespace blanko::python
