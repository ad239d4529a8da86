#include "cli/scenario_args.hpp"

#include <cstdio>

#include "io/report.hpp"
#include "io/scenario.hpp"
#include "sim/reporting.hpp"

namespace bulwark::cli {

void add_scenario_args(CLI::App* cmd, ScenarioArgs& args) {
  cmd->add_option("SCENARIO", args.scenario, "scenario YAML file (default: built-in scenario)");
  cmd->add_option("--seed", args.seed, "override the scenario seed")
      ->each([&args](const std::string&) { args.seed_given = true; });
}

sim::PreparedScenario load_prepared(const ScenarioArgs& args, int threads) {
  io::Scenario s =
      args.scenario.empty() ? io::default_scenario() : io::load_scenario(args.scenario);
  if (args.seed_given) s.seed = args.seed;
  sim::PrepareOptions po;
  po.threads = threads;
  return sim::prepare(std::move(s), po);
}

void write_run_outputs(const sim::PreparedScenario& p, const sim::RunResult& r,
                       bool perfect_information, const std::string& out) {
  const io::RunReport report = sim::make_run_report(p, r, perfect_information);
  const std::string dir = out.empty() ? std::string(".") : out;
  io::write_text_file(dir + "/report.json", io::run_report_json(report));
  io::write_text_file(dir + "/events.csv", io::events_csv(sim::make_event_rows(r)));
  io::write_text_file(dir + "/scenario.czml", sim::make_czml(p, r));
  std::fputs(io::run_report_text(report).c_str(), stdout);
  std::printf("\nWrote %s/report.json, %s/events.csv, %s/scenario.czml\n", dir.c_str(), dir.c_str(),
              dir.c_str());
}

}  // namespace bulwark::cli
