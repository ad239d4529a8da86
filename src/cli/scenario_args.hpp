// What the scenario-playing commands (run, mc, world, node, federate) share:
// the scenario argument with its seed override, and run's output files.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "sim/engine.hpp"
#include "sim/prepared.hpp"

namespace bulwark::cli {

struct ScenarioArgs {
  std::string scenario;  // empty: the built-in default
  std::uint64_t seed = 0;
  bool seed_given = false;
};

// Registers SCENARIO and --seed on `cmd`.
void add_scenario_args(CLI::App* cmd, ScenarioArgs& args);

// Loads (or takes the built-in), applies --seed, prepares on `threads`.
sim::PreparedScenario load_prepared(const ScenarioArgs& args, int threads);

// Writes report.json, events.csv and scenario.czml into dir, prints the
// summary.
void write_run_outputs(const sim::PreparedScenario& p, const sim::RunResult& r,
                       bool perfect_information, const std::string& dir);

}  // namespace bulwark::cli
