#pragma once
/// \file blanko.hpp
/// Everything of blanko's public API in one include.

#include <blanko/compare.hpp>
#include <blanko/date.hpp>
#include <blanko/engine.hpp>
#include <blanko/enums.hpp>
#include <blanko/error.hpp>
#include <blanko/html_report.hpp>
#include <blanko/kpis.hpp>
#include <blanko/memory.hpp>
#include <blanko/model.hpp>
#include <blanko/monte_carlo.hpp>
#include <blanko/network.hpp>
#include <blanko/output_directory.hpp>
#include <blanko/plan.hpp>
#include <blanko/policy.hpp>
#include <blanko/provenance.hpp>
#include <blanko/report.hpp>
#include <blanko/results.hpp>
#include <blanko/scenario.hpp>
#include <blanko/scenario_loader.hpp>
#include <blanko/simulation.hpp>
#include <blanko/statistics.hpp>
#include <blanko/sweep.hpp>
#include <blanko/version.hpp>
