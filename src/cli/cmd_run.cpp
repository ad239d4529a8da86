// `bulwark run [SCENARIO] [--out DIR] [--seed N] [--perfect-information]`:
// plays one replication of a scenario (the built-in default when none is
// given) and prints a readable summary; writes report.json, events.csv and
// scenario.czml into --out (docs/formats.md).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/scenario_args.hpp"
#include "common/error.hpp"
#include "io/report.hpp"
#include "io/scenario.hpp"
#include "sim/engine.hpp"
#include "sim/prepared.hpp"
#include "sim/reporting.hpp"

namespace bulwark::cli {
namespace {

struct RunArgs {
  ScenarioArgs scenario;
  std::string out = "out";
  std::uint64_t replication = 0;
  bool perfect_information = false;
  std::string architecture = "centralised";
  std::vector<std::string> release;
};

void run(const RunArgs& a) {
  const sim::PreparedScenario p = load_prepared(a.scenario, 2);
  sim::RunOptions ro;
  ro.c2.perfect_information = a.perfect_information;
  ro.architecture = *sim::architecture_from_string(a.architecture);
  ro.release = parse_release(a.release, p, "--release");
  for (const auto& r : ro.release)
    if (r.approve && (r.approve_after_s < 0.0 || ro.architecture != sim::Architecture::federated))
      throw InputError({"<command line>", 0, "--release"},
                       "in one process only a scripted operator (NATION=approve:SECONDS) with "
                       "--architecture federated");
  ro.detailed = true;
  const sim::RunResult r = sim::run_replication(p, a.replication, ro);
  write_run_outputs(p, r, a.perfect_information, a.out);
}

}  // namespace

void add_run(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Play one replication of a scenario (default built in)");
  auto args = std::make_shared<RunArgs>();
  add_scenario_args(cmd, args->scenario);
  cmd->add_option("--out", args->out, "directory for report.json, events.csv, scenario.czml")
      ->capture_default_str();
  cmd->add_option("--replication", args->replication,
                  "replication index (the streams of Monte Carlo replication N)")
      ->capture_default_str();
  cmd->add_flag("--perfect-information", args->perfect_information,
                "command and control sees truth instead of tracks (reference case)");
  cmd->add_option("--architecture", args->architecture,
                  "centralised (one tracker for every sensor) | federated (a tracker per "
                  "nation, track fusion, claims)")
      ->check(CLI::IsMember({"centralised", "federated"}))
      ->capture_default_str();
  cmd->add_option("--release", args->release,
                  "federated: a nation's release authority, NATION=approve:SECONDS (a scripted "
                  "operator approves each engagement SECONDS after it is proposed)");
  cmd->callback([args] { run(*args); });
}

}  // namespace bulwark::cli
