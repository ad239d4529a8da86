#include "cli/scenario_args.hpp"

#include <cstdio>

#include "common/error.hpp"
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

std::vector<sim::ReleaseAuthority> parse_release(const std::vector<std::string>& specs,
                                                 const sim::PreparedScenario& p,
                                                 const std::string& option) {
  std::vector<sim::ReleaseAuthority> out(p.scenario.nations.size());
  for (const std::string& spec : specs) {
    const auto eq = spec.find('=');
    const int n = eq == std::string::npos ? -1 : p.nation_index(spec.substr(0, eq));
    const std::string mode = eq == std::string::npos ? "" : spec.substr(eq + 1);
    sim::ReleaseAuthority r;
    bool ok = n >= 0;
    if (mode == "auto") {
    } else if (mode == "approve") {
      r.approve = true;
      r.approve_after_s = -1.0;
    } else if (mode.rfind("approve:", 0) == 0) {
      r.approve = true;
      try {
        std::size_t used = 0;
        r.approve_after_s = std::stod(mode.substr(8), &used);
        ok = ok && used == mode.size() - 8 && r.approve_after_s >= 0.0 && r.approve_after_s < 1e6;
      } catch (const std::exception&) {
        ok = false;
      }
    } else {
      ok = false;
    }
    if (!ok)
      throw InputError({"<command line>", 0, option},
                       "'" + spec +
                           "' is not NATION=auto|approve|approve:SECONDS with a nation of "
                           "the scenario");
    out[static_cast<std::size_t>(n)] = r;
  }
  return out;
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
