// The federation's processes (issue 7, docs/federation.md):
//   bulwark world SCENARIO [--domain D] [--pace P] --out DIR
//   bulwark node SCENARIO --nation PL [--domain D] [--pace P]
//   bulwark federate [SCENARIO] [--pace P] [--kill PL@T] [--partition A|B@T1-T2] --out DIR
// `federate` starts the world and one node per nation on this machine,
// waits for the world to finish, and stops them all (also on error or
// Ctrl-C: every child also dies with it, PR_SET_PDEATHSIG). With
// --partition each node runs in a network namespace of its own
// (net/netns.hpp), torn down on the same paths.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "cli/scenario_args.hpp"
#include "common/error.hpp"
#include "io/report.hpp"
#include "net/netns.hpp"
#include "net/protocol.hpp"
#include "sim/coordination.hpp"
#include "sim/reporting.hpp"

namespace bulwark::cli {
namespace {

struct NetArgs {
  ScenarioArgs scenario;
  int domain = 0;
  bool domain_given = false;
  std::string pace = "lockstep";
  std::string interface = "127.0.0.1";
  std::vector<std::string> peers;
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
  cmd->add_option("--peers", a.peers,
                  "unicast discovery peers, comma-separated addresses (multicast off)")
      ->delimiter(',');
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
  c.peers = a.peers;
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
  nlohmann::json back = nlohmann::json::object();
  for (std::size_t n = 0; n < s.back_nation_at_s.size() && n < nations.size(); ++n)
    if (s.back_nation_at_s[n] >= 0.0) back[nations[n]] = s.back_nation_at_s[n];
  j["nations_back_at_s"] = back;
  j["merged_engagements"] = s.merged_engagements;
  j["pictures_adopted"] = s.pictures_adopted;
  j["resent"] = s.resent;
  nlohmann::json replanned = nlohmann::json::object();
  for (std::size_t n = 0; n < s.replanned_wall_s.size() && n < nations.size(); ++n)
    if (s.replanned_wall_s[n] >= 0.0) replanned[nations[n]] = s.replanned_wall_s[n];
  j["replanned_wall_s"] = replanned;
  double wait = 0.0;
  for (double w : s.phase_wait_s) wait += w;
  j["wait_s"] = wait;
  j["merged_engagements"] = s.merged_engagements;
  nlohmann::json skipped = nlohmann::json::array();
  for (const sim::SkippedTrack& k : s.skipped)
    skipped.push_back({{"track", k.track_id},
                       {"t_s", k.t_s},
                       {"ecef_m", {k.position_ecef.x(), k.position_ecef.y(), k.position_ecef.z()}},
                       {"reason", engage::to_string(k.reason)}});
  j["skipped_tracks"] = skipped;
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
  std::string partition_plan;  // from federate --partition (net::PartitionPlan)
  double stop_at_s = -1.0;     // fault: SIGSTOP itself at this sim time
};

// Applies federate's partition plan at the first cycles at or after T1 and
// T2, and remembers when (sim and wall time).
struct PartitionFault {
  net::PartitionPlan plan;
  double cut_at_s = -1.0, healed_at_s = -1.0;
  double cut_wall_s = 0.0, healed_wall_s = 0.0;  // net::monotonic_s()
  double apply_s = 0.0;                          // wall time spent in ip, both steps

  void on_cycle(double t_s) {
    const bool cut = cut_at_s < 0.0 && t_s >= plan.from_s;
    const bool heal = cut_at_s >= 0.0 && healed_at_s < 0.0 && t_s >= plan.to_s;
    if (!cut && !heal) return;
    const double t0 = net::monotonic_s();
    net::apply_partition(plan, cut);
    apply_s += net::monotonic_s() - t0;
    (cut ? cut_at_s : healed_at_s) = t_s;
    (cut ? cut_wall_s : healed_wall_s) = t0;
  }
  nlohmann::json json() const {
    nlohmann::json j;
    j["cut_at_s"] = cut_at_s;
    j["healed_at_s"] = healed_at_s;
    j["routes"] = plan.routes();
    j["apply_wall_s"] = apply_s;
    j["cut_wall_s"] = healed_at_s >= 0.0 ? healed_wall_s - cut_wall_s : 0.0;
    return j;
  }
};

void world(const WorldArgs& a) {
  const net::Pace pace = parse_pace(a.net.pace);
  const sim::PreparedScenario p = load_prepared(a.net.scenario, 2);
  net::Participant participant(net_config(a.net, "world"));
  net::RemoteCommand remote(participant, p, pace);
  std::unique_ptr<PartitionFault> fault;
  if (!a.partition_plan.empty()) {
    fault = std::make_unique<PartitionFault>();
    fault->plan = net::PartitionPlan::parse(a.partition_plan);
  }
  // Fault injection: the world stops (as if starved) until someone sends
  // SIGCONT; its DDS threads stop with it, so every lease lapses.
  bool stopped = false;
  remote.set_cycle_hook([&, f = fault.get()](double t_s) {
    if (f != nullptr) f->on_cycle(t_s);
    if (a.stop_at_s >= 0.0 && t_s >= a.stop_at_s && !std::exchange(stopped, true)) {
      std::fflush(nullptr);
      std::raise(SIGSTOP);
    }
  });
  if (!remote.wait_for_nodes(a.nodes_timeout_s))
    throw DomainError("world: not every nation's node joined within " +
                      std::to_string(a.nodes_timeout_s) + " s");
  // Namespaces: the world sees every node, but nodes still discovering one
  // another (unicast over the bridge) would count a peer not yet seen as
  // lost in the first cycle; a discovery period and a half (SPDP 1 s) settles it.
  if (fault) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
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
  if (fault) {
    j["partition"] = fault->json();
    // With track numbers (the run report has none), so federate can tell a
    // double engagement after the heal from a split track.
    nlohmann::json e = nlohmann::json::array();
    for (std::size_t i = 0; i < r.threats.size(); ++i)
      for (int k : r.threats[i].engagements) {
        const sim::EngagementRecord& g = r.engagements[static_cast<std::size_t>(k)];
        const auto& b = p.scenario.batteries[static_cast<std::size_t>(g.battery)];
        e.push_back({{"threat", p.scenario.threats[i].id},
                     {"track", g.track_id},
                     {"battery", b.id},
                     {"nation", b.nation},
                     {"order_s", g.order_s},
                     {"launch_s", g.launch_s},
                     {"intercept_s", g.intercept_s}});
      }
    j["partition"]["engagements"] = e;
  }
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
  std::string release = "auto";
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
  o.release = parse_release({a.nation + "=" + a.release}, p, "--release")[o.nation];
  if (!a.stats.empty()) o.death_note = a.stats + ".died";
  o.verbose = a.verbose;
  const net::LinkStats s = net::run_node(participant, p, o);
  if (!a.stats.empty())
    io::write_text_file(a.stats, stats_json(s, p.scenario.nations).dump(2) + "\n");
}

// ------------------------------------------------------------- federate ---

// Why the leakers that were never engaged though a battery had a window were
// not (sim/coordination.hpp), from the world's report and every node's
// record of skipped tracks: federation.json's "coordination", and the
// reasons the world could not give in report.json (totals).
nlohmann::json coordination_json(const sim::PreparedScenario& p, const std::string& report_path,
                                 const nlohmann::json& nodes) {
  nlohmann::ordered_json report;
  {
    std::ifstream in(report_path);
    report = nlohmann::ordered_json::parse(in, nullptr, false);
  }
  if (report.is_discarded() || !report.contains("threats")) return nullptr;
  std::vector<sim::ThreatOutcome> outcomes;
  for (const auto& t : report["threats"]) {
    const std::string outcome = t.value("outcome", "");
    outcomes.push_back({outcome != "not launched", outcome == "leaked",
                        !t.value("engagements", nlohmann::json::array()).empty(),
                        t.value("end_s", 0.0)});
  }
  if (outcomes.size() != p.threats.size()) return nullptr;
  std::vector<sim::SkippedTrack> skips;
  for (const auto& [nation, node] : nodes.items()) {
    if (!node.is_object() || !node.contains("skipped_tracks")) continue;
    for (const auto& k : node["skipped_tracks"]) {
      sim::SkippedTrack rec;
      rec.track_id = k.at("track").get<std::uint32_t>();
      rec.t_s = k.at("t_s").get<double>();
      const auto& r = k.at("ecef_m");
      rec.position_ecef = {r.at(0).get<double>(), r.at(1).get<double>(), r.at(2).get<double>()};
      const std::string reason = k.at("reason").get<std::string>();
      for (std::size_t i = 0; i < sim::kUntracked; ++i)
        if (reason == sim::unengaged_reason_name(i)) rec.reason = static_cast<engage::NoShot>(i);
      skips.push_back(rec);
    }
  }
  const sim::UnengagedAccount account = sim::account_unengaged(p, outcomes, skips);
  nlohmann::ordered_json reasons = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < account.reasons.size(); ++i)
    reasons[sim::unengaged_reason_name(i)] = account.reasons[i];
  report["totals"]["unengaged_reasons"] = reasons;
  io::write_text_file(report_path, report.dump(2) + "\n");
  std::printf(
      "Coordination over the nodes: %d leakers never engaged though a battery had a window%s\n",
      account.count, io::reason_counts_text(sim::reason_counts(account.reasons, true)).c_str());
  return {{"unengaged_with_window", account.count},
          {"unengaged_reasons", nlohmann::json::parse(reasons.dump())}};
}

volatile sig_atomic_t g_stop = 0;
void on_signal(int) {
  g_stop = 1;
}

// Runs `program` (a path, or a name looked up in PATH) with args[0] as argv[0].
pid_t spawn(const std::string& program, const std::vector<std::string>& args) {
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw DomainError("federate: fork failed");
  if (pid == 0) {
    // Dies with federate, whatever ends it (SIGKILL included); kept across
    // exec, also through `ip netns exec`.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    std::vector<char*> argv;
    for (const auto& s : args) argv.push_back(const_cast<char*>(s.c_str()));
    argv.push_back(nullptr);
    execvp(program.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

struct FederateArgs {
  NetArgs net;
  std::string out = "out/federate";
  std::vector<std::string> kill;     // NATION@T
  double stop_world_at_s = -1.0;     // fault: the world stops itself (SIGSTOP) at this sim time
  std::vector<std::string> release;  // NATION=auto|approve:SECONDS
  std::string partition;             // A,B|C,D@T1-T2
};

// federation.json's "partition": the cut as planned and applied, the
// topology's names, and when each node noticed the loss of each nation of
// another group (sim time and cycles after the cut).
nlohmann::json partition_json(const net::PartitionSpec& spec, const net::NetnsTopology& topo,
                              const nlohmann::json& world_partition, const nlohmann::json& nodes,
                              double bm_cycle_s) {
  nlohmann::json j;
  j["groups"] = spec.groups;
  j["from_s"] = spec.from_s;
  j["to_s"] = spec.to_s;
  j.update(world_partition);
  j["bridge"] = topo.bridge();
  j["world_address"] = topo.world_address();
  for (const auto& n : topo.nodes())
    j["nodes"][n.nation] = {{"netns", n.netns}, {"veth", n.veth}, {"address", n.address}};
  const double cut_at = world_partition.value("cut_at_s", -1.0);
  double worst = -1.0;
  bool all_noticed = cut_at >= 0.0;
  for (std::size_t g = 0; g < spec.groups.size(); ++g)
    for (const std::string& nation : spec.groups[g]) {
      const nlohmann::json node = nodes.contains(nation) ? nodes[nation] : nlohmann::json();
      nlohmann::json noticed = nlohmann::json::object();
      for (std::size_t h = 0; h < spec.groups.size(); ++h)
        for (const std::string& other : spec.groups[h]) {
          if (h == g) continue;
          const bool seen = node.is_object() && node["nations_lost_at_s"].contains(other);
          const double at = seen ? node["nations_lost_at_s"][other].get<double>() : -1.0;
          noticed[other] = at;
          all_noticed = all_noticed && at >= cut_at;
          if (seen && cut_at >= 0.0) worst = std::max(worst, at - cut_at);
        }
      j["noticed_loss_at_s"][nation] = noticed;
    }
  j["all_noticed"] = all_noticed;
  j["notice_delay_max_s"] = worst;
  j["notice_delay_max_cycles"] = worst >= 0.0 ? worst / bm_cycle_s : -1.0;

  // Each side's own fire during the cut, and what overlaps after the heal
  // has settled (two cycles): on one track (a double engagement), on two
  // tracks of one threat (a split track), and the subset that repeats, from
  // the other side, an engagement ordered during the cut.
  auto group_of = [&](const std::string& nation) {
    for (std::size_t g = 0; g < spec.groups.size(); ++g)
      for (const auto& n : spec.groups[g])
        if (n == nation) return static_cast<int>(g);
    return -1;
  };
  const double healed_at = world_partition.value("healed_at_s", -1.0);
  const double settled = healed_at + 2.0 * bm_cycle_s;
  std::vector<int> fired(spec.groups.size(), 0);
  const nlohmann::json engagements = world_partition.value("engagements", nlohmann::json::array());
  for (const auto& e : engagements) {
    const double t = e["order_s"].get<double>();
    const int g = group_of(e["nation"].get<std::string>());
    if (g >= 0 && cut_at >= 0.0 && t >= cut_at && (healed_at < 0.0 || t < healed_at))
      ++fired[static_cast<std::size_t>(g)];
  }
  j["engagements_during_cut"] = fired;
  int doubles = 0, splits = 0, repeats = 0;
  nlohmann::json overlaps = nlohmann::json::array();
  for (std::size_t a = 0; a < engagements.size() && healed_at >= 0.0; ++a)
    for (std::size_t b = a + 1; b < engagements.size(); ++b) {
      const auto& x = engagements[a];
      const auto& y = engagements[b];
      if (x["threat"] != y["threat"]) continue;
      if (x["launch_s"].get<double>() > y["intercept_s"].get<double>() ||
          y["launch_s"].get<double>() > x["intercept_s"].get<double>())
        continue;
      const double first = std::min(x["order_s"].get<double>(), y["order_s"].get<double>());
      const double last = std::max(x["order_s"].get<double>(), y["order_s"].get<double>());
      if (last < settled) continue;
      const bool same_track = x["track"] == y["track"];
      const bool repeat =
          first >= cut_at && first < settled &&
          group_of(x["nation"].get<std::string>()) != group_of(y["nation"].get<std::string>());
      ++(same_track ? doubles : splits);
      repeats += repeat ? 1 : 0;
      overlaps.push_back({{"threat", x["threat"]},
                          {"same_track", same_track},
                          {"repeats_cut_engagement", repeat},
                          {"a", x},
                          {"b", y}});
    }
  j["after_heal"] = {{"from_s", settled},
                     {"double_engagements", doubles},
                     {"split_track_engagements", splits},
                     {"repeated_cut_engagements", repeats},
                     {"overlaps", overlaps}};
  return j;
}

void federate(const FederateArgs& a) {
  parse_pace(a.net.pace);
  const sim::PreparedScenario p = load_prepared(a.net.scenario, 2);  // validates before spawning
  const std::vector<std::string>& nations = p.scenario.nations;
  const int domain = a.net.domain_given ? a.net.domain : static_cast<int>(getpid() % 200) + 20;
  std::vector<std::string> common = {"--domain",      std::to_string(domain),
                                     "--pace",        a.net.pace,
                                     "--replication", std::to_string(a.net.replication)};
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
  // Release authority: validated here, passed on to the nation's node (a
  // node started by federate has no terminal, so only scripted operators).
  std::map<std::string, std::string> release;
  const std::vector<sim::ReleaseAuthority> authority = parse_release(a.release, p, "--release");
  for (const auto& r : authority)
    if (r.approve && r.approve_after_s < 0.0)
      throw InputError({"<command line>", 0, "--release"},
                       "federate starts the nodes without a terminal: use NATION=approve:SECONDS");
  for (const std::string& spec : a.release) {
    const auto eq = spec.find('=');
    release[spec.substr(0, eq)] = spec.substr(eq + 1);  // validated above
  }
  std::optional<net::PartitionSpec> spec;
  if (!a.partition.empty()) spec = net::parse_partition(a.partition, nations);
  std::filesystem::create_directories(a.out);

  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  // Partition: the world on a bridge, each node in a namespace of its own;
  // destroyed when federate() leaves, after every child is stopped.
  std::unique_ptr<net::NetnsTopology> topo;
  std::vector<std::string> world_net = {"--interface", a.net.interface};
  std::map<std::string, std::vector<std::string>> node_net;
  for (const std::string& nation : nations) node_net[nation] = world_net;
  if (!a.net.peers.empty()) {
    std::string list;
    for (const auto& peer : a.net.peers) list += (list.empty() ? "" : ",") + peer;
    world_net.insert(world_net.end(), {"--peers", list});
    for (auto& [nation, args] : node_net) args.insert(args.end(), {"--peers", list});
  }
  if (spec) {
    topo = std::make_unique<net::NetnsTopology>(nations);
    std::string peers;
    for (const auto& address : topo->addresses()) peers += (peers.empty() ? "" : ",") + address;
    world_net = {"--interface", topo->world_address(), "--peers",
                 peers,         "--partition-plan",    topo->plan(*spec).to_string()};
    for (const auto& n : topo->nodes())
      node_net[n.nation] = {"--interface", n.address, "--peers", peers};
  }
  const std::string exe = std::filesystem::read_symlink("/proc/self/exe").string();

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
    for (std::size_t i = 0; i < nations.size(); ++i) {
      const std::string& nation = nations[i];
      std::vector<std::string> args = {"bulwark", "node"};
      std::string program = exe;
      if (topo) {
        // `ip netns exec` execs bulwark in the same process: the pid we
        // signal and reap is the node's.
        args = {"ip", "netns", "exec", topo->nodes()[i].netns, exe, "node"};
        program = "ip";
      }
      args.insert(args.end(), common.begin(), common.end());
      args.insert(args.end(), node_net[nation].begin(), node_net[nation].end());
      args.insert(args.end(), {"--nation", nation, "--stats", a.out + "/node-" + nation + ".json"});
      if (die_at.count(nation) > 0) args.insert(args.end(), {"--die-at", die_at[nation]});
      if (release.count(nation) > 0) args.insert(args.end(), {"--release", release[nation]});
      children.emplace_back(nation, spawn(program, args));
    }
    std::vector<std::string> args = {"bulwark", "world"};
    args.insert(args.end(), common.begin(), common.end());
    args.insert(args.end(), world_net.begin(), world_net.end());
    args.insert(args.end(), {"--out", a.out});
    if (a.stop_world_at_s >= 0.0)
      args.insert(args.end(), {"--stop-at", std::to_string(a.stop_world_at_s)});
    children.emplace_back("world", spawn(exe, args));
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
  for (const std::string& nation : nations) {
    std::ifstream in(a.out + "/node-" + nation + ".json");
    j["nodes"][nation] = in ? nlohmann::json::parse(in) : nlohmann::json("no figures (node lost)");
  }
  // Time from a node's death to every other node's complete re-plan.
  for (const std::string& dead : nations) {
    std::ifstream died(a.out + "/node-" + dead + ".json.died");
    double died_s = 0.0;
    if (!(died >> died_s)) continue;
    double worst = 0.0;
    for (const auto& [nation, node] : j["nodes"].items())
      if (node.is_object() && node["replanned_wall_s"].contains(dead))
        worst = std::max(worst, node["replanned_wall_s"][dead].get<double>() - died_s);
    j["replan_after_death_s"][dead] = worst;
  }
  j["coordination"] = coordination_json(p, a.out + "/report.json", j["nodes"]);
  if (spec) {
    const nlohmann::json world_partition = j.value("partition", nlohmann::json::object());
    j["partition"] =
        partition_json(*spec, *topo, world_partition, j["nodes"], p.scenario.bm_cycle_s);
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
    // Internal: federate --partition's routes (namespaces only federate knows).
    cmd->add_option("--partition-plan", a->partition_plan)->group("");
    cmd->add_option("--stop-at", a->stop_at_s,
                    "fault injection: SIGSTOP itself at this sim time (s); resume with SIGCONT")
        ->check(CLI::NonNegativeNumber);
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
    cmd->add_option("--release", a->release,
                    "release authority: auto | approve (an operator types decisions on stdin) | "
                    "approve:SECONDS (a scripted operator)")
        ->capture_default_str();
    cmd->callback([a] { node(*a); });
  }
  {
    auto* cmd = app.add_subcommand(
        "federate", "Run the world and one node per nation on this machine over DDS");
    auto a = std::make_shared<FederateArgs>();
    add_net_args(cmd, a->net);
    cmd->add_option("--out", a->out, "directory for the run report and federation.json")
        ->capture_default_str();
    cmd->add_option("--release", a->release,
                    "a nation's release authority, NATION=approve:SECONDS (a scripted operator)");
    cmd->add_option("--kill", a->kill,
                    "fault: kill a nation's node (SIGKILL) at sim time, NATION@T");
    cmd->add_option("--stop-world-at", a->stop_world_at_s,
                    "fault: the world stops itself (SIGSTOP) at this sim time until it gets "
                    "SIGCONT (as if starved)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--partition", a->partition,
                    "fault: cut nation groups from each other from T1 to T2 (sim s), "
                    "A,B|C,D@T1-T2; nodes in network namespaces (root)");
    cmd->callback([a] { federate(*a); });
  }
}

}  // namespace bulwark::cli
