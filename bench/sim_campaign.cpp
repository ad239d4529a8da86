// Campaign throughput of the default scenario (issue 5): replications per
// second on 1 and 2 threads (scaling ratio), the time share of each stage of
// the chain, and the ratio against the goal of 1,000 replications in 60 s on
// 2 cores. Both modes: with the tracker (the real chain) and with perfect
// information. Results are identical for any thread count, which the bench
// also checks. Writes sim_campaign.json to $BULWARK_BENCH_OUT (default
// out/bench). Environment: BULWARK_BENCH_RUNS (replications per
// measurement, default 200: fewer end on the longest replications and read
// several per cent slow; about 40 s in all).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "io/report.hpp"
#include "io/scenario.hpp"
#include "sim/campaign.hpp"
#include "sim/prepared.hpp"

namespace {

using namespace bulwark;

struct Measured {
  double seconds = 0.0;
  double reps_per_s = 0.0;
  sim::CampaignResult result;
};

Measured measure(const sim::PreparedScenario& p, int runs, int threads, bool perfect) {
  sim::CampaignOptions o;
  o.runs = runs;
  o.threads = threads;
  o.run.c2.perfect_information = perfect;
  Measured m;
  m.result = sim::run_campaign(p, o);
  m.seconds = m.result.seconds;
  m.reps_per_s = runs / m.seconds;
  return m;
}

}  // namespace

int main() {
  const char* env_runs = std::getenv("BULWARK_BENCH_RUNS");
  const int runs = env_runs != nullptr ? std::max(2, std::atoi(env_runs)) : 200;
  const char* env_out = std::getenv("BULWARK_BENCH_OUT");
  const std::string out_dir = env_out != nullptr ? env_out : "out/bench";

  const auto t0 = std::chrono::steady_clock::now();
  sim::PrepareOptions po;
  po.threads = 2;
  const sim::PreparedScenario p = sim::prepare(io::default_scenario(), po);
  const double prepare_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("sim_campaign: default scenario, %zu threats, %zu sensors, %zu batteries\n",
              p.scenario.threats.size(), p.scenario.sensors.size(), p.scenario.batteries.size());
  std::printf("  prepare (truth flyouts, envelopes, windows; once per campaign): %.2f s\n",
              prepare_s);

  constexpr double kGoalRepsPerS = 1000.0 / 60.0;  // 1,000 replications in 60 s on 2 cores
  nlohmann::ordered_json json;
  json["scenario"] = p.scenario.name;
  json["runs_per_measurement"] = runs;
  json["prepare_s"] = prepare_s;
  json["goal_replications_per_s_2_threads"] = kGoalRepsPerS;
  for (const bool perfect : {false, true}) {
    const char* mode = perfect ? "perfect_information" : "tracker";
    const Measured one = measure(p, runs, 1, perfect);
    const Measured two = measure(p, runs, 2, perfect);
    const bool identical =
        one.result.leakers.mean == two.result.leakers.mean &&
        one.result.interceptors_fired.mean == two.result.interceptors_fired.mean &&
        one.result.value_destroyed.mean == two.result.value_destroyed.mean;
    std::printf("\n[%s] %d replications\n", mode, runs);
    std::printf("  1 thread : %8.2f replications/s\n", one.reps_per_s);
    std::printf("  2 threads: %8.2f replications/s   scaling 2T/1T = %.2f (ideal 2.00)\n",
                two.reps_per_s, two.reps_per_s / one.reps_per_s);
    std::printf("  goal ratio (2T rate / (1000 per 60 s)) = %.3f  (>= 1 meets the goal)\n",
                two.reps_per_s / kGoalRepsPerS);
    std::printf("  projected 1,000 replications on 2 threads: %.1f s (+ %.1f s prepare)\n",
                1000.0 / two.reps_per_s, prepare_s);
    std::printf("  results identical on 1 and 2 threads: %s\n", identical ? "yes" : "NO");
    double total = 0.0;
    for (double s : one.result.times.seconds) total += s;
    std::printf("  stage share of timed work (1 thread):\n");
    nlohmann::ordered_json shares;
    for (int k = 0; k < sim::kStageCount; ++k) {
      const double share =
          total > 0.0 ? one.result.times.seconds[static_cast<std::size_t>(k)] / total : 0.0;
      std::printf("    %-18s %6.1f %%\n", sim::kStageNames[static_cast<std::size_t>(k)],
                  100.0 * share);
      shares[sim::kStageNames[static_cast<std::size_t>(k)]] = share;
    }
    std::printf("  timed stages / wall (1 thread) = %.2f\n", total / one.seconds);
    std::printf("  mean leakers %.2f, interceptors fired %.1f\n", one.result.leakers.mean,
                one.result.interceptors_fired.mean);
    json[mode] = {{"replications_per_s_1_thread", one.reps_per_s},
                  {"replications_per_s_2_threads", two.reps_per_s},
                  {"scaling_2_over_1", two.reps_per_s / one.reps_per_s},
                  {"goal_ratio_2_threads", two.reps_per_s / kGoalRepsPerS},
                  {"identical_across_threads", identical},
                  {"stage_share", shares},
                  {"timed_over_wall_1_thread", total / one.seconds}};
  }
  io::write_text_file(out_dir + "/sim_campaign.json", json.dump(2) + "\n");
  std::printf("\nwrote %s/sim_campaign.json\n", out_dir.c_str());
  return 0;
}
