#pragma once
/// \file fwd.hpp
/// Forward declarations of blanko's public types.

namespace blanko {
struct Scenario;
struct NodeSpec;
struct LaneSpec;
class Network;
class Model;
class Simulation;
class PolicyRegistry;
class ReplenishmentPolicy;
class AllocationPolicy;
struct RunOptions;
struct RunResult;
struct NodeKpis;
class TimeSeries;
class Error;
class ScenarioError;
class ModelError;
class InputError;
class OutputError;
class OutputDirectory;
namespace detail {
struct CompiledModel;
}
}  // namespace blanko
