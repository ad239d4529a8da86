// `bulwark wta INSTANCE.json [--solver exact|greedy|vlsn] [--time-limit S]
// [--out FILE]`: solves a static weapon-target assignment instance
// (engage::solve_wta) and prints the solution JSON (docs/formats.md, "WTA
// instance and solution JSON"); --out also writes it to FILE.
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "engage/wta.hpp"
#include "io/wta_json.hpp"

namespace bulwark::cli {
namespace {

struct WtaArgs {
  std::string instance;
  std::string solver = "vlsn";
  double time_limit_s = 10.0;
  std::string out;
};

void run_wta(const WtaArgs& a) {
  if (!std::isfinite(a.time_limit_s) || a.time_limit_s <= 0.0)
    throw InputError({"command line", 0, "--time-limit"}, "must be a positive number of seconds");
  const io::WtaInstance instance = io::read_wta_instance(a.instance);
  engage::WtaOptions options;
  // The option's check admits only the three names.
  options.solver = engage::solver_from_string(a.solver).value_or(engage::WtaSolver::vlsn);
  options.time_limit_s = a.time_limit_s;
  const engage::WtaResult result = engage::solve_wta(instance.problem, options);
  const std::string text = io::wta_solution_json(result, instance).dump(2);
  if (!a.out.empty()) {
    std::ofstream out(a.out);
    out << text << '\n';
    if (!out) throw InputError({a.out, 0, "--out"}, "cannot write file");
  }
  std::cout << text << std::endl;
}

}  // namespace

void add_wta(CLI::App& app) {
  auto args = std::make_shared<WtaArgs>();
  auto* cmd = app.add_subcommand("wta", "Solve a static weapon-target assignment instance (JSON)");
  cmd->add_option("instance", args->instance, "Instance JSON (docs/formats.md)")->required();
  cmd->add_option("--solver", args->solver, "exact | greedy | vlsn (default vlsn)")
      ->check(CLI::IsMember({"exact", "greedy", "vlsn"}));
  cmd->add_option("--time-limit", args->time_limit_s,
                  "Wall-clock limit in seconds for exact and vlsn (default 10)");
  cmd->add_option("--out", args->out, "Also write the solution JSON to this file");
  cmd->callback([args] { run_wta(*args); });
}

}  // namespace bulwark::cli
