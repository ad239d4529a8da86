#include <stdexcept>

#include "cli/commands.hpp"

namespace bulwark::cli {

// Not built yet: registered so the command set is fixed; see the open issues.
void add_track_eval(CLI::App& app) {
  auto* cmd = app.add_subcommand("track-eval", "(not available yet)");
  cmd->callback([] { throw std::runtime_error("'track-eval' is not available yet"); });
}

}  // namespace bulwark::cli
