// Federation benchmark (issue 7, docs/federation.md), four parts:
//  1. Latency and traffic at scale: synthetic raids of 10, 100 and 1,000
//     SRBM-600 launched within 5 s against 5 nations (one radar that sees the
//     raid and one upper-tier battery each), played by `bulwark federate`
//     over DDS on loopback at wall-clock pace. Per node: latency from the
//     world sending a dwell to the node publishing the fused picture that
//     includes it (p50, p99) as a ratio to bm_cycle_s, and bytes written per
//     second against the bytes of the measurements the nation's own sensors
//     produced (the cost of sharing tracks instead of measurements; counted
//     by replaying the scenario's world with a C2 side that only counts).
//     When nodes fall behind the wall clock, the same run in lockstep says
//     how fast this machine can play it at all.
//  2. Time from a node's death (`federate --kill`) to the last surviving
//     node's complete re-plan, as a ratio to bm_cycle_s.
//  3. Centralised vs federated effectiveness on the default scenario from an
//     in-process Monte Carlo (leakers and interceptors with 95 % CIs,
//     coordination figures, time ratio).
//  4. Realtime coordination: the default scenario over DDS at realtime x10
//     for a few seeds: double and split-track engagements, against the
//     in-process federated run of the same seed (= lockstep), and how many
//     engagements differ from it.
// Writes net_federation.json, net_federation_scale.csv and
// net_federation_scale.svg (gnuplot) to $BULWARK_BENCH_OUT (default
// out/bench). Environment: BULWARK_BENCH_RUNS (part 3 replications, default
// 10), BULWARK_BENCH_REALTIME_SEEDS (part 4 seeds, default 3; 0 skips),
// BULWARK_BENCH_FED_PACE (parts 1-2, default realtime), BULWARK_BENCH_FED_THREATS
// (part 1 raid sizes, default 10,100,1000), BULWARK_BENCH_FED_END_S (sim
// seconds of parts 1-2, default 150), BULWARK_BENCH_KEEP=1 keeps the run
// directories (else removed). Ratios to the cycle use its wall length,
// bm_cycle_s / N at realtimexN.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "io/report.hpp"
#include "io/scenario.hpp"
#include "sim/campaign.hpp"
#include "sim/engine.hpp"
#include "sim/prepared.hpp"

namespace {

using namespace bulwark;
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

constexpr const char* kNations[] = {"IT", "MT", "GR", "FR", "DE"};
constexpr double kBmCycleS = 2.0;
constexpr double kKillAtS = 80.0;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::atoi(v) : fallback;
}
std::string env_str(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

// The battle-management cycle in wall seconds at a pace ("realtime",
// "realtimexN"; lockstep has no wall cycle: bm_cycle_s is used as is).
double wall_cycle_s(const std::string& pace) {
  const std::string rest = pace.rfind("realtimex", 0) == 0 ? pace.substr(9) : "";
  const double speed = rest.empty() ? 1.0 : std::atof(rest.c_str());
  return speed > 0.0 ? kBmCycleS / speed : kBmCycleS;
}

// Payload estimate of one Dwell sample, as net/protocol.cpp counts it
// (CDR numbers and counts, no RTPS headers): the reference "measurements".
std::uint64_t dwell_bytes(std::size_t detections) {
  return 8 * 3 + 12 * 8 + 4 + detections * (13 * 8);
}
// The world's other samples per cycle (protocol.cpp): the clock and one
// battery status per battery.
std::uint64_t world_cycle_bytes(std::size_t nations, std::size_t batteries) {
  return (8 * 3 + 4 + 8 * nations) + batteries * (8 + 12);
}

// A notional synthetic raid: `threats` SRBM-600 from one launch area within
// 5 s, five nations each with a radar that sees the raid and one battery.
std::string scale_yaml(int threats, double end_s) {
  std::ostringstream y;
  y << "name: fedbench " << threats << " threats, 5 nations (notional)\n"
    << "epoch: \"2026-11-26T00:00:00Z\"\nseed: 7\nnations: [IT, MT, GR, FR, DE]\n"
    << "bm_cycle_s: " << kBmCycleS << "\nend_time_s: " << end_s << "\n"
    << "raids:\n  - id_prefix: R-\n    class: SRBM-600\n    count: " << threats << "\n"
    << "    launch_area: {lat_deg: 33.6, lon_deg: 11.6}\n    launch_radius_km: 100\n"
    << "    aim_points:\n"
    << "      - {lat_deg: 35.899, lon_deg: 14.514}\n      - {lat_deg: 35.840, lon_deg: 14.545}\n"
    << "      - {lat_deg: 37.230, lon_deg: 15.220}\n      - {lat_deg: 37.160, lon_deg: 15.190}\n"
    << "      - {lat_deg: 37.507, lon_deg: 15.083}\n"
    << "    start_s: 0\n    span_s: 5\n"
    << "sensors:\n";
  struct Site {
    const char* nation;
    double lat, lon, alt, az, revisit;
  };
  // Revisits differ from the cycle, so dwells fall at every phase of it.
  const Site radars[] = {{"IT", 37.80, 12.45, 120, 190, 2.0},
                         {"MT", 35.86, 14.38, 250, 225, 1.5},
                         {"GR", 34.00, 17.00, 25, 270, 3.0},
                         {"FR", 37.00, 9.00, 25, 150, 2.5},
                         {"DE", 35.50, 12.50, 25, 200, 1.75}};
  for (const Site& s : radars)
    y << "  - {id: " << s.nation << "-R, nation: " << s.nation
      << ", type: radar, lat_deg: " << s.lat << ", lon_deg: " << s.lon << ", alt_m: " << s.alt
      << ", boresight_az_deg: " << s.az
      << ", az_half_width_deg: 80, max_range_km: 1500, ref_range_km: 1000, revisit_s: " << s.revisit
      << "}\n";
  y << "assets:\n"
    << "  - {id: VALLETTA, nation: MT, lat_deg: 35.899, lon_deg: 14.514, radius_m: 4000, value: "
       "100}\n"
    << "  - {id: MARSAXLOKK, nation: MT, lat_deg: 35.840, lon_deg: 14.545, radius_m: 2000, value: "
       "40}\n"
    << "  - {id: AUGUSTA, nation: IT, lat_deg: 37.230, lon_deg: 15.220, radius_m: 2500, value: "
       "40}\n"
    << "  - {id: PRIOLO, nation: IT, lat_deg: 37.160, lon_deg: 15.190, radius_m: 2500, value: 50}\n"
    << "  - {id: CATANIA, nation: IT, lat_deg: 37.507, lon_deg: 15.083, radius_m: 2000, value: "
       "30}\n"
    << "batteries:\n";
  const Site batteries[] = {{"IT", 37.40, 14.20, 0, 0, 0},
                            {"MT", 35.87, 14.45, 0, 0, 0},
                            {"GR", 36.80, 16.50, 0, 0, 0},
                            {"FR", 37.00, 13.20, 0, 0, 0},
                            {"DE", 36.20, 15.20, 0, 0, 0}};
  for (const Site& b : batteries)
    y << "  - {id: " << b.nation << "-U, nation: " << b.nation
      << ", interceptor: UPPER-TIER, lat_deg: " << b.lat << ", lon_deg: " << b.lon
      << ", launchers: 2, ready_rounds: 20, fire_channels: 4, reaction_time_s: 10}\n";
  y << "doctrine:\n  rules:\n"
    << "    - {policy: shoot-look-shoot, salvo_size: 1, max_shots_per_threat: 2}\n";
  return y.str();
}

// Runs the bulwark executable; stdout and stderr go to `log`.
struct CliRun {
  int status = -1;
  double wall_s = 0.0;
  double cpu_s = 0.0;  // user + system of every process it started
};
double children_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}
CliRun run_bulwark(const std::vector<std::string>& args, const fs::path& log) {
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = children_cpu_s();
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::fopen(log.c_str(), "w");
    if (f != nullptr) {
      dup2(fileno(f), 1);
      dup2(fileno(f), 2);
    }
    std::vector<char*> argv;
    std::string exe = BULWARK_EXE;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    // federate and the tests pick domains 20 + pid mod 200; a concurrent one
    // on the same domain is heard (and its samples dropped): use 220-230.
    if (!copy.empty() && copy[0] == "federate")
      copy.insert(copy.end(), {"--domain", std::to_string(220 + getpid() % 11)});
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(BULWARK_EXE, argv.data());
    _exit(127);
  }
  CliRun r;
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid)
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.cpu_s = children_cpu_s() - cpu0;
  return r;
}

std::string tail_of(const fs::path& log) {
  std::ifstream in(log);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::string out;
  for (std::size_t i = lines.size() > 5 ? lines.size() - 5 : 0; i < lines.size(); ++i)
    out += "      | " + lines[i] + "\n";
  return out;
}

json read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return json();
  return json::parse(in, nullptr, false);
}

// C2 that only counts what the world sends it: the measurement bytes per
// nation of a scenario (the same sensor streams as the federated run).
class CountingSide final : public sim::CommandSide {
 public:
  explicit CountingSide(const sim::PreparedScenario& p) : bytes(p.scenario.nations.size(), 0) {
    for (const auto& s : p.scenario.sensors) sensor_nation_.push_back(p.nation_index(s.nation));
  }
  void on_dwell(const sim::SensorDwellMsg& d) override {
    const int n = sensor_nation_[d.sensor];
    if (n >= 0) bytes[static_cast<std::size_t>(n)] += dwell_bytes(d.detections.size());
  }
  void on_truth(const sim::TruthPictureMsg&) override {}
  void cycle(double, const std::vector<sim::BatteryStatusMsg>&,
             std::vector<sim::FireOrderMsg>&) override {}
  void live_tracks(std::vector<tracking::TrackReport>& out) const override { out.clear(); }
  std::vector<std::uint64_t> bytes;

 private:
  std::vector<int> sensor_nation_;
};

// ---------------------------------------------------------------- part 1
struct ScaleRow {
  int threats = 0;
  double p50_ratio_max = 0.0, p99_ratio_max = 0.0, bytes_ratio_mean = 0.0;
};

json scale_part(const fs::path& tmp, const std::string& pace, double end_s,
                const std::vector<int>& sizes, std::vector<ScaleRow>& rows) {
  json out = json::array();
  const double cycle = wall_cycle_s(pace);
  std::printf(
      "1. Latency and traffic, 5 nodes over DDS on loopback, --pace %s, %.0f s of sim "
      "time, bm_cycle_s %.0f s (%.2f s wall: the ratios' unit)\n",
      pace.c_str(), end_s, kBmCycleS, cycle);
  for (const int threats : sizes) {
    const fs::path dir = tmp / ("scale_" + std::to_string(threats));
    fs::create_directories(dir);
    const fs::path yaml = dir / "scenario.yaml";
    io::write_text_file(yaml.string(), scale_yaml(threats, end_s));
    // Reference: the measurements each nation's sensors produce (world only).
    sim::PrepareOptions po;
    po.threads = 2;
    const sim::PreparedScenario p = sim::prepare(io::load_scenario(yaml.string()), po);
    CountingSide counter(p);
    sim::RunOptions ro;
    ro.command_side = &counter;
    sim::run_replication(p, 0, ro);

    const CliRun run =
        run_bulwark({"federate", yaml.string(), "--pace", pace, "--out", (dir / "run").string()},
                    dir / "federate.log");
    const json fed = read_json(dir / "run" / "federation.json");
    const json rep = read_json(dir / "run" / "report.json");
    std::printf("\n   %d threats: federate exit %d, %.0f s wall in all\n", threats, run.status,
                run.wall_s);
    json row{{"threats", threats}, {"exit", run.status}, {"federate_wall_s", run.wall_s}};
    if (run.status != 0 || !fed.is_object()) {
      std::printf("   FAILED; log tail:\n%s", tail_of(dir / "federate.log").c_str());
      out.push_back(row);
      continue;
    }
    const json& world = fed["world"];
    const double sim_s = fed["sim_s"].get<double>(), wall_s = fed["wall_s"].get<double>();
    const double speed = pace == "lockstep" ? 0.0 : sim_s / wall_s;
    const auto world_cycles = world["cycles"].get<std::uint64_t>();
    // The world's Dwell bytes in this run: its total less clocks (one per
    // cycle and the final one) and battery statuses.
    const std::uint64_t world_other =
        world_cycles * world_cycle_bytes(5, p.scenario.batteries.size()) + world_cycle_bytes(5, 0);
    const double world_dwell_bytes =
        static_cast<double>(world["bytes_written"].get<std::uint64_t>() - world_other);
    std::uint64_t ref_total = 0;
    for (auto b : counter.bytes) ref_total += b;
    std::printf(
        "   sim %.0f s in %.1f s wall = x%.2f; world wrote %.2f MB (%.0f kB/sim s); "
        "its Dwell bytes / no-engagement reference = %.3f\n",
        sim_s, wall_s, speed, world["bytes_written"].get<double>() / 1e6,
        world["bytes_per_sim_second"].get<double>() / 1e3,
        world_dwell_bytes / static_cast<double>(ref_total));
    std::printf("   CPU of all 6 processes: %.0f s = %.2f CPU-s per sim s\n", run.cpu_s,
                run.cpu_s / sim_s);
    std::printf("   leakers %d, killed %d, interceptors %d, double/split engagements %d/%d\n",
                rep["totals"]["leakers"].get<int>(), rep["totals"]["killed"].get<int>(),
                rep["totals"]["interceptors_fired"].get<int>(),
                rep["totals"]["double_engagements"].get<int>(),
                rep["totals"]["split_track_engagements"].get<int>());
    std::printf("   %-4s %9s %7s %10s %10s %10s %10s %10s %8s %6s\n", "node", "cycles", "dwells",
                "p50/cycle", "p99/cycle", "max/cycle", "kB/sim s", "meas kB/s", "ratio", "drops");
    ScaleRow sr;
    sr.threats = threats;
    json nodes = json::object();
    int counted = 0;
    for (std::size_t n = 0; n < 5; ++n) {
      const std::string code = kNations[n];
      const json& node = fed["nodes"][code];
      if (!node.is_object() || !node.contains("latency_s")) {
        std::printf("   %-4s no figures\n", code.c_str());
        nodes[code] = "no figures";
        continue;
      }
      const json& l = node["latency_s"];
      const double p50 = l["p50"].get<double>() / cycle, p99 = l["p99"].get<double>() / cycle;
      const double mx = l["max"].get<double>() / cycle;
      const double node_bps = node["bytes_per_sim_second"].get<double>();
      const double meas_bps = static_cast<double>(counter.bytes[n]) / sim_s;
      // Rates, since a node that falls behind covers fewer cycles.
      const double ratio = node_bps / meas_bps;
      const std::string cycles =
          std::to_string(node["cycles"].get<std::uint64_t>()) + "/" + std::to_string(world_cycles);
      std::printf("   %-4s %9s %7llu %10.3f %10.3f %10.3f %10.1f %10.1f %8.3f %6llu\n",
                  code.c_str(), cycles.c_str(),
                  static_cast<unsigned long long>(l["dwells"].get<std::uint64_t>()), p50, p99, mx,
                  node_bps / 1e3, meas_bps / 1e3, ratio,
                  static_cast<unsigned long long>(node["dropped"]["total"].get<std::uint64_t>()));
      nodes[code] = {{"cycles", node["cycles"]},
                     {"world_cycles", world_cycles},
                     {"dwells", l["dwells"]},
                     {"latency_p50_s", l["p50"]},
                     {"latency_p99_s", l["p99"]},
                     {"latency_max_s", l["max"]},
                     {"latency_p50_over_cycle", p50},
                     {"latency_p99_over_cycle", p99},
                     {"bytes_written", node["bytes_written"]},
                     {"bytes_per_sim_second", node_bps},
                     {"measurement_bytes", counter.bytes[n]},
                     {"measurement_bytes_per_sim_second", meas_bps},
                     {"tracks_over_measurements_bytes", ratio},
                     {"wait_s", node["wait_s"]},
                     {"dropped", node["dropped"]["total"]}};
      sr.p50_ratio_max = std::max(sr.p50_ratio_max, p50);
      sr.p99_ratio_max = std::max(sr.p99_ratio_max, p99);
      sr.bytes_ratio_mean += ratio;
      ++counted;
    }
    if (counted > 0) sr.bytes_ratio_mean /= counted;
    rows.push_back(sr);
    std::uint64_t fewest = world_cycles;
    for (const auto& [code, node] : fed["nodes"].items())
      if (node.is_object()) fewest = std::min(fewest, node["cycles"].get<std::uint64_t>());
    if (fewest < world_cycles && pace != "lockstep") {
      // Behind the wall clock: how fast can this machine play it at all?
      const CliRun ls = run_bulwark(
          {"federate", yaml.string(), "--pace", "lockstep", "--out", (dir / "lockstep").string()},
          dir / "lockstep.log");
      const json lf = read_json(dir / "lockstep" / "federation.json");
      if (ls.status == 0 && lf.is_object()) {
        const double ls_speed = lf["sim_s"].get<double>() / lf["wall_s"].get<double>();
        double p50 = 0.0, p99 = 0.0;
        for (const auto& [code, node] : lf["nodes"].items())
          if (node.is_object() && node.contains("latency_s")) {
            p50 = std::max(p50, node["latency_s"]["p50"].get<double>());
            p99 = std::max(p99, node["latency_s"]["p99"].get<double>());
          }
        std::printf(
            "   nodes fell behind the wall clock (fewest cycles %llu of %llu). The same run in "
            "lockstep: x%.2f (sim/wall), %.2f CPU-s per sim s, latency p50 %.2f s, p99 %.2f s "
            "(worst node)\n",
            static_cast<unsigned long long>(fewest), static_cast<unsigned long long>(world_cycles),
            ls_speed, ls.cpu_s / lf["sim_s"].get<double>(), p50, p99);
        row["lockstep"] = {{"speed", ls_speed},
                           {"cpu_s_per_sim_s", ls.cpu_s / lf["sim_s"].get<double>()},
                           {"latency_p50_s_worst_node", p50},
                           {"latency_p99_s_worst_node", p99}};
      }
    }
    row["sim_s"] = sim_s;
    row["wall_s"] = wall_s;
    row["achieved_speed"] = speed;
    row["cpu_s"] = run.cpu_s;
    row["world_bytes_written"] = world["bytes_written"];
    row["world_bytes_per_sim_second"] = world["bytes_per_sim_second"];
    row["world_dwell_bytes"] = world_dwell_bytes;
    row["reference_measurement_bytes"] = ref_total;
    row["totals"] = rep["totals"];
    row["nodes"] = nodes;
    out.push_back(row);
  }
  return out;
}

// ---------------------------------------------------------------- part 2
json kill_part(const fs::path& tmp, const std::string& pace, double end_s) {
  const int threats = 100;
  const std::string victim = "MT";
  const double cycle = wall_cycle_s(pace);
  const fs::path dir = tmp / "kill";
  fs::create_directories(dir);
  const fs::path yaml = dir / "scenario.yaml";
  io::write_text_file(yaml.string(), scale_yaml(threats, std::min(end_s, kKillAtS + 40.0)));
  char at[64];
  std::snprintf(at, sizeof at, "%s@%.0f", victim.c_str(), kKillAtS);
  const CliRun run = run_bulwark(
      {"federate", yaml.string(), "--pace", pace, "--kill", at, "--out", (dir / "run").string()},
      dir / "federate.log");
  const json fed = read_json(dir / "run" / "federation.json");
  const json rep = read_json(dir / "run" / "report.json");
  std::printf("\n2. Node death: %d threats, --kill %s, --pace %s: exit %d\n", threats, at,
              pace.c_str(), run.status);
  json j{{"threats", threats}, {"kill", at}, {"pace", pace}, {"exit", run.status}};
  if (run.status != 0 || !fed.is_object() || !fed.contains("replan_after_death_s")) {
    std::printf("   FAILED; log tail:\n%s", tail_of(dir / "federate.log").c_str());
    return j;
  }
  const double replan = fed["replan_after_death_s"][victim].get<double>();
  json noticed = json::object();
  for (const auto& [code, node] : fed["nodes"].items())
    if (node.is_object() && node["nations_lost_at_s"].contains(victim))
      noticed[code] = node["nations_lost_at_s"][victim];
  if (noticed.empty())
    std::printf("   no surviving node noticed the death before the run ended\n");
  else
    std::printf(
        "   death -> last surviving node's complete re-plan: %.3f s = %.2f x the wall cycle\n",
        replan, replan / cycle);
  for (const auto& [code, t] : noticed.items())
    std::printf("   %s marked %s lost at cycle t = %.0f s (killed at %.0f s)\n", code.c_str(),
                victim.c_str(), t.get<double>(), kKillAtS);
  if (fed["world"]["nations_lost_at_s"].contains(victim))
    noticed["world"] = fed["world"]["nations_lost_at_s"][victim];
  // The dead node's orders after its death (must be none), and the others'.
  int dead_after = 0, others_after = 0, dead_before = 0;
  for (const auto& t : rep["threats"])
    for (const auto& e : t["engagements"]) {
      const bool after = e["order_s"].get<double>() >= kKillAtS;
      if (e["nation"] == victim) ++(after ? dead_after : dead_before);
      if (e["nation"] != victim && after) ++others_after;
    }
  std::printf("   %s ordered %d engagements before its death and %d after; the others %d after\n",
              victim.c_str(), dead_before, dead_after, others_after);
  j["replan_after_death_s"] = noticed.empty() ? json() : json(replan);
  j["replan_over_cycle"] = noticed.empty() ? json() : json(replan / cycle);
  j["lost_noticed_at_sim_s"] = noticed;
  j["victim_orders_before"] = dead_before;
  j["victim_orders_after"] = dead_after;
  j["others_orders_after"] = others_after;
  j["totals"] = rep["totals"];
  return j;
}

// ---------------------------------------------------------------- part 3
json campaign_part(int runs) {
  sim::PrepareOptions po;
  po.threads = 2;
  const sim::PreparedScenario p = sim::prepare(io::default_scenario(), po);
  std::printf(
      "\n3. Centralised vs federated, default scenario, %d replications, 2 threads "
      "(in process)\n",
      runs);
  std::printf("   %-12s %-22s %-22s %7s %7s %10s %9s\n", "architecture", "leakers [95% CI]",
              "interceptors [95% CI]", "double", "split", "unengaged", "wall s");
  json j{{"runs", runs}, {"threads", 2}};
  double seconds[2] = {0.0, 0.0};
  double leakers[2] = {0.0, 0.0};
  int k = 0;
  for (const sim::Architecture a : {sim::Architecture::centralised, sim::Architecture::federated}) {
    sim::CampaignOptions o;
    o.runs = runs;
    o.threads = 2;
    o.run.architecture = a;
    const sim::CampaignResult r = sim::run_campaign(p, o);
    std::printf("   %-12s %5.2f [%5.2f, %5.2f]    %5.1f [%5.1f, %5.1f]    %7d %7d %10d %9.1f\n",
                sim::to_string(a), r.leakers.mean, r.leakers.lo, r.leakers.hi,
                r.interceptors_fired.mean, r.interceptors_fired.lo, r.interceptors_fired.hi,
                r.double_engagements, r.split_track_engagements, r.unengaged_with_window,
                r.seconds);
    seconds[k] = r.seconds;
    leakers[k++] = r.leakers.mean;
    j[sim::to_string(a)] = {
        {"leakers", {r.leakers.mean, r.leakers.lo, r.leakers.hi}},
        {"interceptors_fired",
         {r.interceptors_fired.mean, r.interceptors_fired.lo, r.interceptors_fired.hi}},
        {"p_zero_leakers", {r.p_zero_leakers.mean, r.p_zero_leakers.lo, r.p_zero_leakers.hi}},
        {"double_engagements", r.double_engagements},
        {"split_track_engagements", r.split_track_engagements},
        {"unengaged_with_window", r.unengaged_with_window},
        {"wall_s", r.seconds}};
  }
  std::printf("   federated - centralised leakers: %+.2f; time ratio federated/centralised: %.1f\n",
              leakers[1] - leakers[0], seconds[1] / seconds[0]);
  j["leakers_difference"] = leakers[1] - leakers[0];
  j["time_ratio_federated_over_centralised"] = seconds[1] / seconds[0];
  return j;
}

// ---------------------------------------------------------------- part 4
// Overlapping engagements of one threat (double or split-track), for the
// explanation of any double engagement.
json overlaps(const json& report) {
  json out = json::array();
  for (const auto& t : report["threats"]) {
    const auto& e = t["engagements"];
    for (std::size_t a = 0; a < e.size(); ++a)
      for (std::size_t b = a + 1; b < e.size(); ++b) {
        if (e[a]["launch_s"].get<double>() > e[b]["intercept_s"].get<double>() ||
            e[b]["launch_s"].get<double>() > e[a]["intercept_s"].get<double>())
          continue;
        out.push_back({{"threat", t["id"]}, {"first", e[a]}, {"second", e[b]}});
      }
  }
  return out;
}

// Engagements that are in one report and not in the other (battery, shots,
// order time, per threat): 0 when realtime played exactly as lockstep.
int engagement_differences(const json& a, const json& b) {
  auto keys = [](const json& r) {
    std::vector<std::string> k;
    for (const auto& t : r["threats"])
      for (const auto& e : t["engagements"]) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%s|%s|%d|%.3f", t["id"].get<std::string>().c_str(),
                      e["battery"].get<std::string>().c_str(), e["shots"].get<int>(),
                      e["order_s"].get<double>());
        k.push_back(buf);
      }
    std::sort(k.begin(), k.end());
    return k;
  };
  const auto ka = keys(a), kb = keys(b);
  std::vector<std::string> diff;
  std::set_symmetric_difference(ka.begin(), ka.end(), kb.begin(), kb.end(),
                                std::back_inserter(diff));
  return static_cast<int>(diff.size());
}

json realtime_part(const fs::path& tmp, int seeds) {
  std::printf(
      "\n4. Realtime coordination: default scenario over DDS, --pace realtimex10, %d "
      "seeds (reference: in-process federated run of the seed = lockstep)\n",
      seeds);
  std::printf("   %-6s %5s %9s %7s %7s %10s %8s %6s | %7s %7s %8s %11s\n", "seed", "exit", "wall s",
              "double", "split", "unengaged", "leakers", "fired", "double", "split", "leakers",
              "eng. diff");
  json out = json::array();
  for (int i = 0; i < seeds; ++i) {
    const int seed = 2026 + i;
    const fs::path dir = tmp / ("realtime_" + std::to_string(seed));
    fs::create_directories(dir);
    const CliRun rt = run_bulwark({"federate", "--pace", "realtimex10", "--seed",
                                   std::to_string(seed), "--out", (dir / "run").string()},
                                  dir / "federate.log");
    const CliRun ls = run_bulwark({"run", "--architecture", "federated", "--seed",
                                   std::to_string(seed), "--out", (dir / "inprocess").string()},
                                  dir / "run.log");
    const json rep = read_json(dir / "run" / "report.json");
    const json ref = read_json(dir / "inprocess" / "report.json");
    const json fed = read_json(dir / "run" / "federation.json");
    json row{{"seed", seed}, {"exit", rt.status}, {"wall_s", rt.wall_s}};
    if (rt.status != 0 || !rep.is_object()) {
      std::printf("   %-6d %5d FAILED; log tail:\n%s", seed, rt.status,
                  tail_of(dir / "federate.log").c_str());
      out.push_back(row);
      continue;
    }
    const json& t = rep["totals"];
    const bool have_ref = ls.status == 0 && ref.is_object();
    const int diff = have_ref ? engagement_differences(rep, ref) : -1;
    std::printf("   %-6d %5d %9.0f %7d %7d %10d %8d %6d | %7d %7d %8d %11d\n", seed, rt.status,
                rt.wall_s, t["double_engagements"].get<int>(),
                t["split_track_engagements"].get<int>(), t["unengaged_with_window"].get<int>(),
                t["leakers"].get<int>(), t["interceptors_fired"].get<int>(),
                have_ref ? ref["totals"]["double_engagements"].get<int>() : -1,
                have_ref ? ref["totals"]["split_track_engagements"].get<int>() : -1,
                have_ref ? ref["totals"]["leakers"].get<int>() : -1, diff);
    if (t.contains("unengaged_reasons") && t["unengaged_reasons"].is_object()) {
      std::string why;
      for (const auto& [name, n] : t["unengaged_reasons"].items())
        if (n.get<int>() > 0) why += (why.empty() ? "" : ", ") + name + " " + n.dump();
      std::printf("     unengaged leakers with a window, by reason (nodes' records): %s\n",
                  why.empty() ? "none" : why.c_str());
    }
    row["totals"] = t;
    row["engagements_differing_from_in_process"] = diff;
    if (have_ref) row["in_process_totals"] = ref["totals"];
    if (fed.is_object()) {
      row["sim_s"] = fed["sim_s"];
      row["federation_wall_s"] = fed["wall_s"];
      json drops = json::object(), lost = json::object();
      for (const auto& [code, node] : fed["nodes"].items())
        if (node.is_object()) {
          drops[code] = node["dropped"]["total"];
          if (!node["nations_lost_at_s"].empty()) lost[code] = node["nations_lost_at_s"];
        }
      row["node_drops"] = drops;
      row["nations_lost"] = lost;
    }
    row["overlapping_engagements"] = overlaps(rep);
    if (t["double_engagements"].get<int>() > 0) {
      std::printf("     overlapping engagements of one threat (double or split-track):\n");
      for (const auto& o : row["overlapping_engagements"])
        std::printf(
            "       %s: %s (%s) order %.0f s, %.0f-%.0f s  vs  %s (%s) order %.0f s, "
            "%.0f-%.0f s\n",
            o["threat"].get<std::string>().c_str(),
            o["first"]["battery"].get<std::string>().c_str(),
            o["first"]["nation"].get<std::string>().c_str(), o["first"]["order_s"].get<double>(),
            o["first"]["launch_s"].get<double>(), o["first"]["intercept_s"].get<double>(),
            o["second"]["battery"].get<std::string>().c_str(),
            o["second"]["nation"].get<std::string>().c_str(), o["second"]["order_s"].get<double>(),
            o["second"]["launch_s"].get<double>(), o["second"]["intercept_s"].get<double>());
    }
    out.push_back(row);
  }
  return out;
}

void plot(const fs::path& csv, const fs::path& svg, const std::string& pace) {
  FILE* gp = popen("gnuplot > /dev/null 2>&1", "w");
  if (gp == nullptr) return;
  std::fprintf(gp,
               "set terminal svg size 900,560 font 'sans,12' noenhanced\nset output '%s'\n"
               "set datafile separator ','\nset key top left\nset logscale x\nset grid\n"
               "set title 'Federation over DDS, 5 nodes, --pace %s'\n"
               "set xlabel 'simultaneous threats'\nset ylabel 'latency / bm_cycle_s'\n"
               "set y2label 'node bytes / own measurement bytes'\nset logscale y2\n"
               "set y2tics\nset ytics nomirror\n"
               "plot '%s' using 1:2 with linespoints lw 2 title 'latency p50 (worst node)', "
               "'' using 1:3 with linespoints lw 2 title 'latency p99 (worst node)', "
               "'' using 1:4 axes x1y2 with linespoints lw 2 dt 2 title 'bytes ratio (mean "
               "node)'\n",
               svg.string().c_str(), pace.c_str(), csv.string().c_str());
  pclose(gp);
}

}  // namespace

int main() {
  const int runs = std::max(2, env_int("BULWARK_BENCH_RUNS", 10));
  const int seeds = std::max(0, env_int("BULWARK_BENCH_REALTIME_SEEDS", 3));
  const std::string pace = env_str("BULWARK_BENCH_FED_PACE", "realtime");
  const double end_s = std::max(60, env_int("BULWARK_BENCH_FED_END_S", 150));
  const bool keep = env_int("BULWARK_BENCH_KEEP", 0) != 0;
  std::vector<int> sizes;
  {
    std::stringstream list(env_str("BULWARK_BENCH_FED_THREATS", "10,100,1000"));
    for (std::string item; std::getline(list, item, ',');)
      if (std::atoi(item.c_str()) > 0) sizes.push_back(std::atoi(item.c_str()));
  }
  const fs::path out_dir = env_str("BULWARK_BENCH_OUT", "out/bench");
  fs::create_directories(out_dir);
  const fs::path tmp = fs::temp_directory_path() / ("bulwark_fedbench_" + std::to_string(getpid()));
  fs::create_directories(tmp);
  std::printf("net_federation: bulwark at %s; runs in %s\n\n", BULWARK_EXE, tmp.c_str());

  json j;
  j["bulwark"] = BULWARK_EXE;
  j["bm_cycle_s"] = kBmCycleS;
  j["wall_cycle_s"] = wall_cycle_s(pace);
  std::vector<ScaleRow> rows;
  j["scale"] = {
      {"pace", pace}, {"end_time_s", end_s}, {"runs", scale_part(tmp, pace, end_s, sizes, rows)}};
  j["node_death"] = kill_part(tmp, pace, end_s);
  j["centralised_vs_federated"] = campaign_part(runs);
  if (seeds > 0) j["realtime_x10"] = realtime_part(tmp, seeds);

  {
    std::ofstream csv(out_dir / "net_federation_scale.csv");
    csv << "threats,latency_p50_over_cycle,latency_p99_over_cycle,bytes_over_measurements\n";
    for (const ScaleRow& r : rows)
      csv << r.threats << "," << r.p50_ratio_max << "," << r.p99_ratio_max << ","
          << r.bytes_ratio_mean << "\n";
  }
  if (!rows.empty())
    plot(out_dir / "net_federation_scale.csv", out_dir / "net_federation_scale.svg", pace);
  io::write_text_file((out_dir / "net_federation.json").string(), j.dump(2) + "\n");
  if (!keep) fs::remove_all(tmp);
  std::printf("\nwrote %s/net_federation.json, net_federation_scale.csv/svg%s\n", out_dir.c_str(),
              keep ? (" (runs kept in " + tmp.string() + ")").c_str() : "");
  return 0;
}
