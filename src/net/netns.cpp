#include "net/netns.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include "common/error.hpp"

extern char** environ;

namespace bulwark::net {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) out.push_back(part);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

bool parse_seconds(const std::string& s, double& out) {
  try {
    std::size_t used = 0;
    out = std::stod(s, &used);
    return used == s.size() && out >= 0.0 && out < 1e9;
  } catch (const std::exception&) {
    return false;
  }
}

void ip_or_throw(const std::vector<std::string>& args) {
  std::string output;
  if (run_ip(args, &output) != 0) {
    std::string cmd = "ip";
    for (const auto& a : args) cmd.append(" ").append(a);
    while (!output.empty() && output.back() == '\n') output.pop_back();
    throw DomainError("netns: '" + cmd + "' failed: " + output);
  }
}

// The pid in a name "<prefix><pid>[-...]"; 0 when it does not match.
pid_t pid_in(const std::string& name, const std::string& prefix) {
  if (name.rfind(prefix, 0) != 0) return 0;
  const std::string rest = name.substr(prefix.size());
  const std::size_t end = rest.find_first_not_of("0123456789");
  if (end == 0 || (end != std::string::npos && rest[end] != '-')) return 0;
  try {
    return static_cast<pid_t>(std::stol(rest.substr(0, end)));
  } catch (const std::exception&) {
    return 0;
  }
}

bool process_gone(pid_t pid) {
  return pid > 0 && kill(pid, 0) != 0 && errno == ESRCH;
}

std::vector<std::string> entries(const char* dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    out.push_back(e.path().filename().string());
  return out;
}

const char* kNetnsPrefix = "bulwark-";
const char* kBridgePrefix = "bwb";
const char* kVethPrefix = "bwv";

}  // namespace

int run_ip(const std::vector<std::string>& args, std::string* output) {
  int fds[2];
  if (pipe(fds) != 0) throw DomainError("netns: pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::vector<std::string> all = {"ip"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "ip", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  std::string text;
  char buf[512];
  ssize_t n = 0;
  while ((n = read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) text.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  if (output != nullptr) *output = rc == 0 ? text : "cannot run ip (iproute2 installed?)";
  if (rc != 0) return 127;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// ------------------------------------------------------------ partition ---

PartitionSpec parse_partition(const std::string& text, const std::vector<std::string>& nations,
                              const std::string& field) {
  auto bad = [&](const std::string& why) {
    return InputError({"<command line>", 0, field},
                      "'" + text + "' is not A,B|C,D@T1-T2 (" + why + ")");
  };
  const auto at = text.rfind('@');
  if (at == std::string::npos) throw bad("no @T1-T2");
  PartitionSpec spec;
  const std::string times = text.substr(at + 1);
  const auto dash = times.find('-');
  if (dash == std::string::npos || !parse_seconds(times.substr(0, dash), spec.from_s) ||
      !parse_seconds(times.substr(dash + 1), spec.to_s))
    throw bad("times are seconds T1-T2");
  if (!(spec.to_s > spec.from_s)) throw bad("T2 must be after T1");
  std::set<std::string> seen;
  for (const std::string& group : split(text.substr(0, at), '|')) {
    if (group.empty()) throw bad("an empty group");
    spec.groups.emplace_back();
    for (const std::string& nation : split(group, ',')) {
      if (nation.empty()) throw bad("an empty nation or group");
      bool known = false;
      for (const auto& n : nations) known = known || n == nation;
      if (!known) throw bad("'" + nation + "' is not a nation of the scenario");
      if (!seen.insert(nation).second) throw bad("'" + nation + "' is named twice");
      spec.groups.back().push_back(nation);
    }
  }
  if (spec.groups.size() < 2) throw bad("at least two groups separated by '|'");
  return spec;
}

std::string PartitionPlan::to_string() const {
  std::ostringstream s;
  s.precision(17);
  s << from_s << ';' << to_s;
  for (const Cut& c : cuts) {
    s << ';' << c.netns << '=';
    for (std::size_t i = 0; i < c.addresses.size(); ++i) s << (i > 0 ? "," : "") << c.addresses[i];
  }
  return s.str();
}

PartitionPlan PartitionPlan::parse(const std::string& text) {
  auto bad = [&] {
    return InputError({"<command line>", 0, "--partition-plan"}, "malformed plan '" + text + "'");
  };
  const std::vector<std::string> parts = split(text, ';');
  PartitionPlan p;
  if (parts.size() < 2 || !parse_seconds(parts[0], p.from_s) || !parse_seconds(parts[1], p.to_s))
    throw bad();
  for (std::size_t i = 2; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    if (eq == std::string::npos || eq == 0) throw bad();
    Cut c;
    c.netns = parts[i].substr(0, eq);
    for (const std::string& a : split(parts[i].substr(eq + 1), ',')) {
      if (a.empty() || a.find_first_not_of("0123456789.") != std::string::npos) throw bad();
      c.addresses.push_back(a);
    }
    p.cuts.push_back(std::move(c));
  }
  return p;
}

std::size_t PartitionPlan::routes() const {
  std::size_t n = 0;
  for (const Cut& c : cuts) n += c.addresses.size();
  return n;
}

void apply_partition(const PartitionPlan& plan, bool cut) {
  for (const auto& c : plan.cuts)
    for (const auto& a : c.addresses)
      ip_or_throw({"-n", c.netns, "route", cut ? "add" : "del", "unreachable", a + "/32"});
}

// ------------------------------------------------------------- topology ---

NetnsTopology::NetnsTopology(const std::vector<std::string>& nations) {
  remove_stale_topologies();
  const std::string pid = std::to_string(getpid());
  // A /24 no address of this host is in yet (parallel runs pick different
  // ones), starting from one derived from the pid.
  std::string used;
  run_ip({"-o", "-4", "addr", "show"}, &used);
  int subnet = 0;
  for (int k = 0; k < 254 && subnet == 0; ++k) {
    const int x = 1 + (static_cast<int>(getpid()) + k) % 254;
    if (used.find(" 10.77." + std::to_string(x) + ".") == std::string::npos) subnet = x;
  }
  if (subnet == 0) throw DomainError("netns: no free subnet 10.77.X.0/24");
  const std::string prefix = "10.77." + std::to_string(subnet) + ".";
  bridge_ = kBridgePrefix + pid;
  world_address_ = prefix + "1";
  for (std::size_t i = 0; i < nations.size(); ++i) {
    if (i + 2 > 254) throw DomainError("netns: more than 253 nations");
    const std::string idx = std::to_string(i);
    nodes_.push_back({nations[i], kNetnsPrefix + pid + "-" + idx, kVethPrefix + pid + "-" + idx,
                      prefix + std::to_string(i + 2)});
  }
  up_ = true;
  tear_down();  // a leftover of an earlier process with this pid
  up_ = true;
  try {
    ip_or_throw({"link", "add", bridge_, "type", "bridge"});
    ip_or_throw({"addr", "add", world_address_ + "/24", "dev", bridge_});
    ip_or_throw({"link", "set", bridge_, "up"});
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      const std::string peer = "bwp" + pid + "-" + std::to_string(i);
      ip_or_throw({"netns", "add", n.netns});
      ip_or_throw({"link", "add", n.veth, "type", "veth", "peer", "name", peer, "netns", n.netns});
      ip_or_throw({"link", "set", n.veth, "master", bridge_, "up"});
      ip_or_throw({"-n", n.netns, "addr", "add", n.address + "/24", "dev", peer});
      ip_or_throw({"-n", n.netns, "link", "set", peer, "up"});
      ip_or_throw({"-n", n.netns, "link", "set", "lo", "up"});
    }
  } catch (...) {
    tear_down();
    throw;
  }
}

NetnsTopology::~NetnsTopology() {
  tear_down();
}

void NetnsTopology::tear_down() {
  if (!up_) return;
  up_ = false;
  // Deleting a root-side veth deletes its peer; a namespace goes once no
  // process is left in it (federate stops the nodes first).
  for (const Node& n : nodes_) {
    run_ip({"link", "del", n.veth});
    run_ip({"netns", "del", n.netns});
  }
  run_ip({"link", "del", bridge_});
}

std::vector<std::string> NetnsTopology::addresses() const {
  std::vector<std::string> out = {world_address_};
  for (const Node& n : nodes_) out.push_back(n.address);
  return out;
}

PartitionPlan NetnsTopology::plan(const PartitionSpec& spec) const {
  PartitionPlan p;
  p.from_s = spec.from_s;
  p.to_s = spec.to_s;
  auto node_of = [&](const std::string& nation) -> const Node& {
    for (const Node& n : nodes_)
      if (n.nation == nation) return n;
    throw DomainError("netns: no namespace for nation " + nation);
  };
  for (std::size_t g = 0; g < spec.groups.size(); ++g)
    for (const std::string& nation : spec.groups[g]) {
      PartitionPlan::Cut c;
      c.netns = node_of(nation).netns;
      for (std::size_t h = 0; h < spec.groups.size(); ++h)
        if (h != g)
          for (const std::string& other : spec.groups[h])
            c.addresses.push_back(node_of(other).address);
      p.cuts.push_back(std::move(c));
    }
  return p;
}

int remove_stale_topologies() {
  int removed = 0;
  for (const std::string& name : entries("/sys/class/net")) {
    const pid_t pid = std::max(pid_in(name, kBridgePrefix), pid_in(name, kVethPrefix));
    if (process_gone(pid) && run_ip({"link", "del", name}) == 0) ++removed;
  }
  for (const std::string& name : entries("/run/netns"))
    if (process_gone(pid_in(name, kNetnsPrefix)) && run_ip({"netns", "del", name}) == 0) ++removed;
  return removed;
}

}  // namespace bulwark::net
