// bulwark: the command-line entry point. Parses the subcommand, runs it, and
// reports any error as one line on stderr with a non-zero exit code.
#include <cstdio>
#include <exception>

#include "cli/commands.hpp"
#include "common/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Bulwark: open engine for ballistic missile defence (notional models)", "bulwark"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "bulwark 0.1.0");
  bulwark::cli::add_trajectory(app);
  bulwark::cli::add_validate(app);
  bulwark::cli::add_sense(app);
  bulwark::cli::add_track(app);
  bulwark::cli::add_track_eval(app);
  bulwark::cli::add_assess(app);
  bulwark::cli::add_wta(app);
  bulwark::cli::add_run(app);
  bulwark::cli::add_mc(app);
  bulwark::cli::add_federation(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const bulwark::InputError& e) {
    std::fprintf(stderr, "bulwark: input error: %s\n", e.what());
    return 2;
  } catch (const bulwark::DomainError& e) {
    std::fprintf(stderr, "bulwark: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bulwark: error: %s\n", e.what());
    return 2;
  }
  return 0;
}
