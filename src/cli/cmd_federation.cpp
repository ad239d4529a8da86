// The federation's processes (issue 7, docs/federation.md):
//   bulwark world SCENARIO [--domain D] [--pace P] --out DIR
//   bulwark node SCENARIO --nation PL [--domain D] [--pace P]
//   bulwark federate [SCENARIO] [--pace P] [--kill PL@T] --out DIR
// `federate` starts the world and one node per nation on this machine,
// waits for the world to finish, and stops them all (also on error or
// Ctrl-C: every child also dies with it, PR_SET_PDEATHSIG).
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.hpp"
#include "cli/scenario_args.hpp"
#include "common/error.hpp"
#include "io/report.hpp"
#include "net/protocol.hpp"

namespace bulwark::cli {
namespace {

struct NetArgs {
  ScenarioArgs scenario;
  int domain = 0;
  bool domain_given = false;
  std::string pace = "lockstep";
  std::string interface = "127.0.0.1";
  std::string security;
  std::uint64_t replication = 0;
};

void add_net_args(CLI::App* cmd, NetArgs& a) {
  add_scenario_args(cmd, a.scenario);
  cmd->add_option("--domain", a.domain, "DDS domain id (0-230)")
      ->check(CLI::Range(0, 230))
      ->each([&a](const std::string&) { a.domain_given = true; });
  cmd->add_option("--pace", a.pace, "lockstep | realtime | realtimexN (N times faster)")
      ->capture_default_str();
  cmd->add_option("--interface", a.interface,
                  "network interface (address or name) DDS uses; 127.0.0.1 keeps it on this host")
      ->capture_default_str();
  cmd->add_option("--security", a.security,
                  "DDS Security directory made by scripts/federation-ca (empty: no security)");
  cmd->add_option("--replication", a.replication, "replication index (random streams)")
      ->capture_default_str();
}

net::Pace parse_pace(const std::string& text) {
  const auto p = net::pace_from_string(text);
  if (!p)
    throw InputError({"<command line>", 0, "--pace"},
                     "'" + text + "' is not lockstep, realtime or realtimexN (0 < N <= 1000)");
  return *p;
}

net::NetConfig net_config(const NetArgs& a, const std::string& identity) {
  net::NetConfig c;
  c.domain = a.domain;
  c.interface = a.interface;
  c.loopback_only = a.interface == "127.0.0.1" || a.interface == "lo";
  c.security_dir = a.security;
  c.identity = identity;
  return c;
}

nlohmann::json stats_json(const net::LinkStats& s, const std::vector<std::string>& nations) {
  const double sim_seconds = s.last_t_s - s.first_t_s;
  nlohmann::json j;
  j["cycles"] = s.cycles;
  j["samples_written"] = s.samples_written;
  j["bytes_written"] = s.bytes_written;
  j["bytes_per_sim_second"] = sim_seconds > 0.0 ? s.bytes_written / sim_seconds : 0.0;
  j["dropped"] = {{"nan", s.drops.nan},
                  {"out_of_range", s.drops.out_of_range},
                  {"unknown_battery", s.drops.unknown_battery},
                  {"foreign_battery", s.drops.foreign_battery},
                  {"wrong_partition", s.drops.wrong_partition},
                  {"malformed", s.drops.malformed},
                  {"total", s.drops.total()}};
  nlohmann::json lost = nlohmann::json::object();
  for (std::size_t n = 0; n < s.lost_nation_at_s.size() && n < nations.size(); ++n)
    if (s.lost_nation_at_s[n] >= 0.0) lost[nations[n]] = s.lost_nation_at_s[n];
  j["nations_lost_at_s"] = lost;
  nlohmann::json replanned = nlohmann::json::object();
  for (std::size_t n = 0; n < s.replanned_wall_s.size() && n < nations.size(); ++n)
    if (s.replanned_wall_s[n] >= 0.0) replanned[nations[n]] = s.replanned_wall_s[n];
  j["replanned_wall_s"] = replanned;
  double wait = 0.0;
  for (double w : s.phase_wait_s) wait += w;
  j["wait_s"] = wait;
  j["merged_engagements"] = s.merged_engagements;
  if (!s.latency_s.empty()) {
    std::vector<double> l = s.latency_s;
    std::sort(l.begin(), l.end());
    auto q = [&](double p) {
      return l[static_cast<std::size_t>(p * static_cast<double>(l.size() - 1))];
    };
    j["latency_s"] = {{"dwells", l.size()}, {"p50", q(0.5)}, {"p99", q(0.99)}, {"max", l.back()}};
  }
  return j;
}

// ---------------------------------------------------------------- world ---

struct WorldArgs {
  NetArgs net;
  std::string out = "out/federate";
  double nodes_timeout_s = 60.0;
};

void world(const WorldArgs& a) {
  const net::Pace pace = parse_pace(a.net.pace);
  const sim::PreparedScenario p = load_prepared(a.net.scenario, 2);
  net::Participant participant(net_config(a.net, "world"));
  net::RemoteCommand remote(participant, p, pace);
  if (!remote.wait_for_nodes(a.nodes_timeout_s))
    throw DomainError("world: not every nation's node joined within " +
                      std::to_string(a.nodes_timeout_s) + " s");
  sim::RunOptions ro;
  ro.detailed = true;
  ro.architecture = sim::Architecture::federated;
  ro.command_side = &remote;
  const auto t0 = std::chrono::steady_clock::now();
  const sim::RunResult r = sim::run_replication(p, a.net.replication, ro);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  remote.finish(r.end_s);
  write_run_outputs(p, r, false, a.out);
  nlohmann::json j;
  j["pace"] = a.net.pace;
  j["wall_s"] = wall;
  j["sim_s"] = r.end_s;
  j["world"] = stats_json(remote.stats(), p.scenario.nations);
  io::write_text_file(a.out + "/federation-world.json", j.dump(2) + "\n");
  std::printf("Federation: %llu cycles in %.1f s wall (%s); world wrote %llu samples\n",
              static_cast<unsigned long long>(remote.stats().cycles), wall, a.net.pace.c_str(),
              static_cast<unsigned long long>(remote.stats().samples_written));
}

// ----------------------------------------------------------------- node ---

struct NodeArgs {
  NetArgs net;
  std::string nation;
  double die_at_s = -1.0;
  std::string stats;
  bool verbose = false;
};

void node(const NodeArgs& a) {
  const net::Pace pace = parse_pace(a.net.pace);
  const sim::PreparedScenario p = load_prepared(a.net.scenario, 2);
  const int n = p.nation_index(a.nation);
  if (n < 0)
    throw InputError({"<command line>", 0, "--nation"},
                     "'" + a.nation + "' is not a nation of the scenario");
  net::Participant participant(net_config(a.net, a.nation));
  net::NodeOptions o;
  o.nation = static_cast<std::uint32_t>(n);
  o.replication = a.net.replication;
  o.pace = pace;
  o.die_at_s = a.die_at_s;
  if (!a.stats.empty()) o.death_note = a.stats + ".died";
  o.verbose = a.verbose;
  const net::LinkStats s = net::run_node(participant, p, o);
  if (!a.stats.empty())
    io::write_text_file(a.stats, stats_json(s, p.scenario.nations).dump(2) + "\n");
}

// ------------------------------------------------------------- federate ---

volatile sig_atomic_t g_stop = 0;
void on_signal(int) {
  g_stop = 1;
}

pid_t spawn(const std::vector<std::string>& args) {
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw DomainError("federate: fork failed");
  if (pid == 0) {
    // Dies with federate, whatever ends it (SIGKILL included).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    std::vector<char*> argv;
    for (const auto& s : args) argv.push_back(const_cast<char*>(s.c_str()));
    argv.push_back(nullptr);
    execv("/proc/self/exe", argv.data());
    _exit(127);
  }
  return pid;
}

struct FederateArgs {
  NetArgs net;
  std::string out = "out/federate";
  std::vector<std::string> kill;  // NATION@T
};

void federate(const FederateArgs& a) {
  parse_pace(a.net.pace);
  const sim::PreparedScenario p = load_prepared(a.net.scenario, 2);  // validates before spawning
  const int domain = a.net.domain_given ? a.net.domain : static_cast<int>(getpid() % 200) + 20;
  std::vector<std::string> common = {
      "--domain",    std::to_string(domain), "--pace",        a.net.pace,
      "--interface", a.net.interface,        "--replication", std::to_string(a.net.replication)};
  if (!a.net.scenario.scenario.empty()) common.insert(common.begin(), a.net.scenario.scenario);
  if (a.net.scenario.seed_given) {
    common.push_back("--seed");
    common.push_back(std::to_string(a.net.scenario.seed));
  }
  if (!a.net.security.empty()) {
    common.push_back("--security");
    common.push_back(a.net.security);
  }
  std::map<std::string, std::string> die_at;
  for (const std::string& k : a.kill) {
    const auto at = k.find('@');
    if (at == std::string::npos || p.nation_index(k.substr(0, at)) < 0)
      throw InputError({"<command line>", 0, "--kill"},
                       "'" + k + "' is not NATION@SECONDS with a nation of the scenario");
    die_at[k.substr(0, at)] = k.substr(at + 1);
  }
  std::filesystem::create_directories(a.out);

  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  std::vector<std::pair<std::string, pid_t>> children;
  auto stop_all = [&] {
    for (auto& [name, pid] : children)
      if (pid > 0) kill(pid, SIGTERM);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    for (auto& [name, pid] : children) {
      while (pid > 0 && waitpid(pid, nullptr, WNOHANG) == 0 &&
             std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (pid > 0 && waitpid(pid, nullptr, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
      }
      pid = -1;
    }
  };
  try {
    for (const std::string& nation : p.scenario.nations) {
      std::vector<std::string> args = {"bulwark", "node"};
      args.insert(args.end(), common.begin(), common.end());
      args.insert(args.end(), {"--nation", nation, "--stats", a.out + "/node-" + nation + ".json"});
      if (die_at.count(nation) > 0) args.insert(args.end(), {"--die-at", die_at[nation]});
      children.emplace_back(nation, spawn(args));
    }
    std::vector<std::string> args = {"bulwark", "world"};
    args.insert(args.end(), common.begin(), common.end());
    args.insert(args.end(), {"--out", a.out});
    children.emplace_back("world", spawn(args));
    const pid_t world_pid = children.back().second;
    int world_status = 0;
    for (;;) {
      if (g_stop != 0) throw DomainError("federate: interrupted; every process stopped");
      const pid_t done = waitpid(world_pid, &world_status, WNOHANG);
      if (done == world_pid) {
        children.back().second = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    // The nodes end at the world's final clock; give them a moment.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (auto& [name, pid] : children)
      while (pid > 0 && std::chrono::steady_clock::now() < until) {
        if (waitpid(pid, nullptr, WNOHANG) == pid)
          pid = -1;
        else
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    stop_all();
    if (!WIFEXITED(world_status) || WEXITSTATUS(world_status) != 0)
      throw DomainError("federate: the world process failed (see its message above)");
  } catch (...) {
    stop_all();
    throw;
  }
  // One federation.json: the world's figures and every node's.
  nlohmann::json j = nlohmann::json::parse(std::ifstream(a.out + "/federation-world.json"));
  j["domain"] = domain;
  for (const std::string& nation : p.scenario.nations) {
    std::ifstream in(a.out + "/node-" + nation + ".json");
    j["nodes"][nation] = in ? nlohmann::json::parse(in) : nlohmann::json("no figures (node lost)");
  }
  // Time from a node's death to every other node's complete re-plan.
  for (const std::string& dead : p.scenario.nations) {
    std::ifstream died(a.out + "/node-" + dead + ".json.died");
    double died_s = 0.0;
    if (!(died >> died_s)) continue;
    double worst = 0.0;
    for (const auto& [nation, node] : j["nodes"].items())
      if (node.is_object() && node["replanned_wall_s"].contains(dead))
        worst = std::max(worst, node["replanned_wall_s"][dead].get<double>() - died_s);
    j["replan_after_death_s"][dead] = worst;
  }
  io::write_text_file(a.out + "/federation.json", j.dump(2) + "\n");
  std::printf("Wrote %s/federation.json\n", a.out.c_str());
}

}  // namespace

void add_federation(CLI::App& app) {
  {
    auto* cmd = app.add_subcommand("world", "Run the world process of a federation (DDS)");
    auto a = std::make_shared<WorldArgs>();
    add_net_args(cmd, a->net);
    cmd->add_option("--out", a->out, "directory for report.json, events.csv, scenario.czml")
        ->capture_default_str();
    cmd->add_option("--nodes-timeout", a->nodes_timeout_s, "seconds to wait for every node")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->callback([a] { world(*a); });
  }
  {
    auto* cmd = app.add_subcommand("node", "Run one nation's command-and-control node (DDS)");
    auto a = std::make_shared<NodeArgs>();
    add_net_args(cmd, a->net);
    cmd->add_option("--nation", a->nation, "nation code of the scenario, e.g. DE")->required();
    cmd->add_option("--die-at", a->die_at_s,
                    "fault injection: SIGKILL itself at this sim time (s)");
    cmd->add_option("--stats", a->stats, "write the node's traffic figures (JSON) here");
    cmd->add_flag("--verbose", a->verbose, "report lost and returning nations on stderr");
    cmd->callback([a] { node(*a); });
  }
  {
    auto* cmd = app.add_subcommand(
        "federate", "Run the world and one node per nation on this machine over DDS");
    auto a = std::make_shared<FederateArgs>();
    add_net_args(cmd, a->net);
    cmd->add_option("--out", a->out, "directory for the run report and federation.json")
        ->capture_default_str();
    cmd->add_option("--kill", a->kill,
                    "fault: kill a nation's node (SIGKILL) at sim time, NATION@T");
    cmd->callback([a] { federate(*a); });
  }
}

}  // namespace bulwark::cli
