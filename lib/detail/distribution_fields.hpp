#pragma once
// The fields of each kind of distribution of days (DistributionSpec), in one list: the
// loader reads a distribution's keys by it and check_scenario_bounds walks a distribution
// built in code by it, so both know the same fields and bounds.

#include <blanko/enums.hpp>
#include <blanko/scenario.hpp>

#include "detail/field_bounds.hpp"

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace blanko::detail {

/// A number of a distribution, with its row of field_bounds.hpp.
struct DistributionNumber {
  std::string_view key;
  double DistributionSpec::*member;
  const FieldBound* bound;
};

/// A list of numbers of a distribution (`values`, `weights` of `empirical`).
struct DistributionList {
  std::string_view key;
  std::vector<double> DistributionSpec::*member;
  const FieldBound* bound;
  bool required;
};

/// What one kind reads: every key it allows (`dist` included), its numbers and its lists.
struct DistributionFields {
  std::span<const std::string_view> keys;
  std::span<const DistributionNumber> numbers;
  std::span<const DistributionList> lists;
};

namespace distribution_fields {
using D = DistributionSpec;
// clang-format off
inline constexpr std::array<std::string_view, 2> kDeterministicKeys{"dist", "value"};
inline constexpr std::array<DistributionNumber, 1> kDeterministic{{{"value", &D::value, &bound::distribution_days}}};
inline constexpr std::array<std::string_view, 3> kUniformKeys{"dist", "low", "high"};
inline constexpr std::array<DistributionNumber, 2> kUniform{{{"low", &D::low, &bound::distribution_days},
                                                             {"high", &D::high, &bound::distribution_days}}};
inline constexpr std::array<std::string_view, 4> kTriangularKeys{"dist", "low", "mode", "high"};
inline constexpr std::array<DistributionNumber, 3> kTriangular{{{"low", &D::low, &bound::distribution_days},
                                                                {"mode", &D::mode, &bound::distribution_days},
                                                                {"high", &D::high, &bound::distribution_days}}};
inline constexpr std::array<std::string_view, 3> kLognormalKeys{"dist", "mean", "sd"};
inline constexpr std::array<DistributionNumber, 2> kLognormal{{{"mean", &D::mean, &bound::distribution_days},
                                                               {"sd", &D::sd, &bound::distribution_days}}};
inline constexpr std::array<std::string_view, 3> kGammaKeys{"dist", "shape", "scale"};
inline constexpr std::array<DistributionNumber, 2> kGamma{{{"shape", &D::shape, &bound::distribution_shape},
                                                           {"scale", &D::scale, &bound::distribution_days}}};
inline constexpr std::array<std::string_view, 3> kEmpiricalKeys{"dist", "values", "weights"};
inline constexpr std::array<DistributionList, 2> kEmpirical{{{"values", &D::values, &bound::distribution_days, true},
                                                             {"weights", &D::weights, &bound::distribution_weight, false}}};
// clang-format on
}  // namespace distribution_fields

/// The fields of `kind`.
inline DistributionFields fields_of(DistributionKind kind) {
  namespace f = distribution_fields;
  switch (kind) {
    using enum DistributionKind;
    case deterministic:
      return {f::kDeterministicKeys, f::kDeterministic, {}};
    case uniform:
      return {f::kUniformKeys, f::kUniform, {}};
    case triangular:
      return {f::kTriangularKeys, f::kTriangular, {}};
    case lognormal:
      return {f::kLognormalKeys, f::kLognormal, {}};
    case gamma:
      return {f::kGammaKeys, f::kGamma, {}};
    case empirical:
      return {f::kEmpiricalKeys, {}, f::kEmpirical};
  }
  return {};
}

}  // namespace blanko::detail
