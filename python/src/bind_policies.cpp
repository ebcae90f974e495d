// Policies written in Python. A Python class registered by name becomes a factory in
// PolicyRegistry::global(), so a scenario names it like a built-in policy. Each node gets
// an instance, made with a PolicyParameters view that is valid during the constructor only;
// the engine calls the instance through an adapter that takes the GIL for each call (so a
// Monte Carlo on many threads serialises on it) and passes copies of what the engine knows,
// so nothing a policy keeps can dangle.
#include "bindings.hpp"

#include <blanko/policy.hpp>

#include <memory>

namespace blanko::python {
namespace {

// What a Python constructor reads its parameters through; it refuses to be used once the
// constructor has returned (the PolicyParameters it points at is gone by then).
class ParametersView {
 public:
  explicit ParametersView(PolicyParameters& parameters) : parameters_(&parameters) {}
  void expire() { parameters_ = nullptr; }
  PolicyParameters& get() const {
    if (parameters_ == nullptr) {
      throw Error("policy parameters are readable only while the policy is constructed");
    }
    return *parameters_;
  }

 private:
  PolicyParameters* parameters_;
};

// A ReviewContext as Python sees it: a copy, whose forecast() reads the Model's demand
// outlook only during the review (the outlook belongs to the Model).
struct ContextView {
  ReviewContext context;
  bool live = true;
  [[nodiscard]] double forecast(Day from, int days) const {
    if (!live) throw Error("ReviewContext.forecast() is usable only during the review");
    return context.forecast(from, days);
  }
};

// Python's answer as a count of blanks: an int (or anything with __index__, such as a
// numpy integer), never a float or a bool.
std::int64_t blanks_from(const py::handle& value, const std::string& what) {
  if (PyBool_Check(value.ptr()) || PyFloat_Check(value.ptr()) || !PyIndex_Check(value.ptr())) {
    throw py::type_error(what + " must be an int, not " +
                         std::string(py::str(py::type::of(value).attr("__name__"))));
  }
  PyObject* index = PyNumber_Index(value.ptr());
  if (index == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::int_>(index).cast<std::int64_t>();
}

// Builds `cls(parameters)` under the GIL; the parameters view expires afterwards.
py::object construct(const py::handle& cls, PolicyParameters& parameters) {
  auto view = std::make_shared<ParametersView>(parameters);
  py::object instance = cls(view);
  view->expire();
  return instance;
}

class PythonReplenishment final : public ReplenishmentPolicy {
 public:
  PythonReplenishment(py::object instance, std::string name)
      : order_quantity_(instance.attr("order_quantity")), name_(std::move(name)) {}
  ~PythonReplenishment() override {
    const py::gil_scoped_acquire gil;
    order_quantity_ = py::object();
  }
  std::int64_t order_quantity(const ReviewContext& context) const override {
    const py::gil_scoped_acquire gil;
    py::object view = py::cast(ContextView{context});
    // The view expires however the call ends (a traceback may keep it).
    struct Expire {
      ContextView& view;
      ~Expire() { view.live = false; }
    } expire{view.cast<ContextView&>()};
    const py::object quantity = order_quantity_(view);
    const std::string what = "order_quantity() of policy '" + name_ + "'";
    const std::int64_t blanks = blanks_from(quantity, what);
    if (blanks < 0) {
      throw py::value_error(what + " must not be negative, got " + std::to_string(blanks));
    }
    return blanks;
  }

 private:
  py::object order_quantity_;
  std::string name_;
};

class PythonAllocation final : public AllocationPolicy {
 public:
  PythonAllocation(py::object instance, std::string name)
      : allocate_(instance.attr("allocate")), name_(std::move(name)) {}
  ~PythonAllocation() override {
    const py::gil_scoped_acquire gil;
    allocate_ = py::object();
  }
  void allocate(std::int64_t available, std::span<const OpenOrder> orders,
                std::span<std::int64_t> granted) const override {
    const py::gil_scoped_acquire gil;
    py::list order_list(orders.size());
    for (std::size_t i = 0; i < orders.size(); ++i) {
      order_list[i] = py::cast(orders[i]);
    }
    const py::object grants = allocate_(available, order_list);
    const std::string what = "allocate() of policy '" + name_ + "'";
    const py::sequence sequence = py::reinterpret_borrow<py::sequence>(grants);
    if (!PySequence_Check(grants.ptr()) || py::len(sequence) != orders.size()) {
      throw py::value_error(what + " must return one grant per order (" +
                            std::to_string(orders.size()) + ")");
    }
    for (std::size_t i = 0; i < orders.size(); ++i) {
      granted[i] = blanks_from(sequence[i], what + "'s grants");
    }
  }

 private:
  py::object allocate_;
  std::string name_;
};

// The registry keeps its factories for the life of the process, beyond the interpreter's:
// so each holds its class by a reference that is never released (one per registration),
// rather than a py::object whose destructor would run after Python is gone.
PyObject* keep_forever(const py::object& cls) { return cls.inc_ref().ptr(); }

}  // namespace

void bind_policies(py::module_& m) {
  py::class_<ParametersView, std::shared_ptr<ParametersView>>(
      m, "PolicyParameters",
      "A policy's parameters from the scenario, readable in its constructor. Quantities "
      "written as {days_of_demand: N} or {cover_of_lead_time: k} come resolved in blanks; a "
      "bad or missing value raises ScenarioError at the place it was written, and a "
      "parameter the constructor never read is reported as unknown.")
      .def("quantity", [](const ParametersView& p, const std::string& key) { return p.get().quantity(key); },
           py::arg("key"), "A required quantity of blanks (>= 0), rounded.")
      .def("quantity_or",
           [](const ParametersView& p, const std::string& key, std::int64_t fallback) {
             return p.get().quantity_or(key, fallback);
           },
           py::arg("key"), py::arg("fallback"), "An optional quantity of blanks.")
      .def("number", [](const ParametersView& p, const std::string& key) { return p.get().number(key); },
           py::arg("key"), "A required plain number.")
      .def("non_negative_number",
           [](const ParametersView& p, const std::string& key) { return p.get().non_negative_number(key); },
           py::arg("key"), "A required plain number >= 0.")
      .def("has", [](const ParametersView& p, const std::string& key) { return p.get().has(key); },
           py::arg("key"))
      .def("fail",
           [](const ParametersView& p, const std::string& key, const std::string& message) {
             p.get().fail(key, message);
           },
           py::arg("key"), py::arg("message"),
           "Raises ScenarioError at the parameter (or at the policy when it is absent).")
      .def_property_readonly("mean_daily_demand",
                             [](const ParametersView& p) { return p.get().mean_daily_demand(); })
      .def_property_readonly("lead_time_days",
                             [](const ParametersView& p) { return p.get().scale().lead_time_days; })
      .def_property_readonly("review_period_days",
                             [](const ParametersView& p) { return p.get().scale().review_period_days; })
      .def_property_readonly("policy", [](const ParametersView& p) { return p.get().spec().name; });

  py::class_<ContextView>(m, "ReviewContext", "What a node knows when it reviews its stock.")
      .def_property_readonly("day", [](const ContextView& c) { return c.context.day; })
      .def_property_readonly("on_hand", [](const ContextView& c) { return c.context.on_hand; })
      .def_property_readonly("in_transit", [](const ContextView& c) { return c.context.in_transit; })
      .def_property_readonly("on_order", [](const ContextView& c) { return c.context.on_order; })
      .def_property_readonly("backlog", [](const ContextView& c) { return c.context.backlog; })
      .def_property_readonly("owed", [](const ContextView& c) { return c.context.owed; })
      .def_property_readonly("mean_daily_demand",
                             [](const ContextView& c) { return c.context.mean_daily_demand; })
      .def_property_readonly("lead_time_days",
                             [](const ContextView& c) { return c.context.lead_time_days; })
      .def_property_readonly("review_period_days",
                             [](const ContextView& c) { return c.context.review_period_days; })
      .def("inventory_position",
           [](const ContextView& c) { return c.context.inventory_position(); },
           "on hand + in transit + on order - backlog - owed.")
      .def("forecast", &ContextView::forecast, py::arg("start"), py::arg("days"),
           "Expected requests on the `days` days from day `start` on, known spikes included.");

  py::class_<OpenOrder>(m, "OpenOrder", "An order a supplier has not yet filled.")
      .def_readonly("customer", &OpenOrder::customer)
      .def_readonly("placed", &OpenOrder::placed)
      .def_readonly("outstanding", &OpenOrder::outstanding)
      .def_readonly("lane", &OpenOrder::lane)
      .def_readonly("customer_population", &OpenOrder::customer_population)
      .def_readonly("customer_mean_daily_demand", &OpenOrder::customer_mean_daily_demand)
      .def_readonly("customer_forecast", &OpenOrder::customer_forecast)
      .def_readonly("customer_position", &OpenOrder::customer_position)
      .def_property_readonly("days_to_next_election", [](const OpenOrder& o) -> py::object {
        if (o.days_to_next_election == kNoElectionAhead) return py::none();
        return py::int_(o.days_to_next_election);
      });

  m.def(
      "register_replenishment",
      [](std::string name, std::string description, const py::object& cls) {
        PyObject* kept = keep_forever(cls);
        PolicyRegistry::global().add_replenishment(
            name, std::move(description), [kept, name](PolicyParameters& parameters) {
              const py::gil_scoped_acquire gil;
              return std::unique_ptr<ReplenishmentPolicy>(std::make_unique<PythonReplenishment>(
                  construct(py::handle(kept), parameters), name));
            });
      },
      py::arg("name"), py::arg("description"), py::arg("cls"));
  m.def(
      "register_allocation",
      [](std::string name, std::string description, const py::object& cls) {
        PyObject* kept = keep_forever(cls);
        PolicyRegistry::global().add_allocation(
            name, std::move(description), [kept, name](PolicyParameters& parameters) {
              const py::gil_scoped_acquire gil;
              return std::unique_ptr<AllocationPolicy>(std::make_unique<PythonAllocation>(
                  construct(py::handle(kept), parameters), name));
            });
      },
      py::arg("name"), py::arg("description"), py::arg("cls"));
  m.def("replenishment_names", [] { return PolicyRegistry::global().replenishment_names(); });
  m.def("allocation_names", [] { return PolicyRegistry::global().allocation_names(); });
}

}  // namespace blanko::python
