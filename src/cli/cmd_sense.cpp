#include <stdexcept>

#include "cli/commands.hpp"

namespace bulwark::cli {

// Not built yet: registered so the command set is fixed; see the open issues.
void add_sense(CLI::App& app) {
  auto* cmd = app.add_subcommand("sense", "(not available yet)");
  cmd->callback([] { throw std::runtime_error("'sense' is not available yet"); });
}

}  // namespace bulwark::cli
