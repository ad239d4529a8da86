// `bulwark run [SCENARIO] [--out DIR] [--seed N] [--perfect-information]`:
// plays one replication of a scenario (the built-in default when none is
// given) and prints a readable summary; writes report.json, events.csv and
// scenario.czml into --out (docs/formats.md).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "io/report.hpp"
#include "io/scenario.hpp"
#include "sim/engine.hpp"
#include "sim/prepared.hpp"
#include "sim/reporting.hpp"

namespace bulwark::cli {
namespace {

struct RunArgs {
  std::string scenario;
  std::string out = "out";
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::uint64_t replication = 0;
  bool perfect_information = false;
};

void run(const RunArgs& a) {
  io::Scenario s = a.scenario.empty() ? io::default_scenario() : io::load_scenario(a.scenario);
  if (a.seed_given) s.seed = a.seed;
  sim::PrepareOptions po;
  po.threads = 2;
  const sim::PreparedScenario p = sim::prepare(std::move(s), po);
  sim::RunOptions ro;
  ro.c2.perfect_information = a.perfect_information;
  ro.detailed = true;
  const sim::RunResult r = sim::run_replication(p, a.replication, ro);
  const io::RunReport report = sim::make_run_report(p, r, a.perfect_information);
  const std::string dir = a.out.empty() ? std::string(".") : a.out;
  io::write_text_file(dir + "/report.json", io::run_report_json(report));
  io::write_text_file(dir + "/events.csv", io::events_csv(sim::make_event_rows(r)));
  io::write_text_file(dir + "/scenario.czml", sim::make_czml(p, r));
  std::fputs(io::run_report_text(report).c_str(), stdout);
  std::printf("\nWrote %s/report.json, %s/events.csv, %s/scenario.czml\n", dir.c_str(), dir.c_str(),
              dir.c_str());
}

}  // namespace

void add_run(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Play one replication of a scenario (default built in)");
  auto args = std::make_shared<RunArgs>();
  cmd->add_option("SCENARIO", args->scenario, "scenario YAML file (default: built-in scenario)");
  cmd->add_option("--out", args->out, "directory for report.json, events.csv, scenario.czml")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "override the scenario seed")
      ->each([args](const std::string&) { args->seed_given = true; });
  cmd->add_option("--replication", args->replication,
                  "replication index (the streams of Monte Carlo replication N)")
      ->capture_default_str();
  cmd->add_flag("--perfect-information", args->perfect_information,
                "command and control sees truth instead of tracks (reference case)");
  cmd->callback([args] { run(*args); });
}

}  // namespace bulwark::cli
