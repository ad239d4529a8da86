// `bulwark mc [SCENARIO] --runs N [--threads T] [--out FILE] [--seed N]
// [--perfect-information]`: plays N replications in parallel with a progress
// bar on stderr, prints the summary with 95 % confidence intervals on stdout
// and writes the Monte Carlo JSON (docs/formats.md) to --out. The JSON is
// identical for any T.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "cli/commands.hpp"
#include "cli/scenario_args.hpp"
#include "io/report.hpp"
#include "io/scenario.hpp"
#include "sim/campaign.hpp"
#include "sim/prepared.hpp"
#include "sim/reporting.hpp"

namespace bulwark::cli {
namespace {

struct McArgs {
  ScenarioArgs scenario;
  int runs = 100;
  int threads = 0;
  std::string out;
  bool perfect_information = false;
  std::string architecture = "centralised";
  bool quiet = false;
};

void progress_bar(int done, int total) {
  constexpr int kWidth = 40;
  const int filled = total > 0 ? done * kWidth / total : kWidth;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r[%s] %d/%d", bar.c_str(), done, total);
  if (done == total) std::fputc('\n', stderr);
  std::fflush(stderr);
}

void mc(const McArgs& a) {
  const int threads = a.threads > 0
                          ? a.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const sim::PreparedScenario p = load_prepared(a.scenario, threads);
  sim::CampaignOptions co;
  co.runs = a.runs;
  co.threads = threads;
  co.run.c2.perfect_information = a.perfect_information;
  co.run.architecture = *sim::architecture_from_string(a.architecture);
  if (!a.quiet) co.progress = progress_bar;
  const sim::CampaignResult r = sim::run_campaign(p, co);
  std::fputs(r.report().c_str(), stdout);
  if (!a.out.empty()) {
    io::write_text_file(a.out, io::mc_report_json(sim::make_mc_report(p, r)));
    std::printf("Wrote %s\n", a.out.c_str());
  }
}

}  // namespace

void add_mc(CLI::App& app) {
  auto* cmd = app.add_subcommand("mc", "Monte Carlo campaign of a scenario (default built in)");
  auto args = std::make_shared<McArgs>();
  add_scenario_args(cmd, args->scenario);
  cmd->add_option("--runs", args->runs, "number of replications")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--out", args->out, "Monte Carlo JSON file");
  cmd->add_flag("--perfect-information", args->perfect_information,
                "command and control sees truth instead of tracks (reference case)");
  cmd->add_option("--architecture", args->architecture,
                  "centralised (one tracker for every sensor) | federated (a tracker per "
                  "nation, track fusion, claims)")
      ->check(CLI::IsMember({"centralised", "federated"}))
      ->capture_default_str();
  cmd->add_flag("--quiet", args->quiet, "no progress bar");
  cmd->callback([args] { mc(*args); });
}

}  // namespace bulwark::cli
