// The `bulwark` subcommands. Each add_* registers one subcommand on the app;
// its callback does the work and throws on error (InputError, DomainError,
// std::exception), which main() turns into one line on stderr and exit code 2.
#pragma once

#include <CLI/CLI.hpp>

namespace bulwark::cli {

void add_trajectory(CLI::App& app);  // cmd_trajectory.cpp
void add_validate(CLI::App& app);    // cmd_validate.cpp
void add_sense(CLI::App& app);       // cmd_sense.cpp
void add_track(CLI::App& app);       // cmd_track.cpp
void add_track_eval(CLI::App& app);  // cmd_track_eval.cpp
void add_assess(CLI::App& app);      // cmd_assess.cpp
void add_wta(CLI::App& app);         // cmd_wta.cpp
void add_run(CLI::App& app);         // cmd_run.cpp
void add_mc(CLI::App& app);          // cmd_mc.cpp
void add_federation(CLI::App& app);  // cmd_federation.cpp: world, node, federate

}  // namespace bulwark::cli
