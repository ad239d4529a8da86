// What the scenario-playing commands (run, mc, world, node, federate) share:
// the scenario argument with its seed override, and run's output files.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

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

// Release authority per nation from "NATION=auto", "NATION=approve"
// (decisions on the node's stdin) or "NATION=approve:SECONDS" (a scripted
// operator approving each engagement that long after it is proposed).
// Throws InputError naming `option`.
std::vector<sim::ReleaseAuthority> parse_release(const std::vector<std::string>& specs,
                                                 const sim::PreparedScenario& p,
                                                 const std::string& option);

// Writes report.json, events.csv and scenario.czml into dir, prints the
// summary.
void write_run_outputs(const sim::PreparedScenario& p, const sim::RunResult& r,
                       bool perfect_information, const std::string& dir);

}  // namespace bulwark::cli
