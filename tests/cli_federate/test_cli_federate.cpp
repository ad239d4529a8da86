// End-to-end tests of the federation (issue 7): `bulwark federate` (world and
// one node process per nation over DDS on loopback) against the in-process
// `bulwark run --architecture federated`, faults, pace and bad arguments.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "support/run_cli.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kSmall =
    std::string(BULWARK_SOURCE_DIR) + "/scenarios/examples/small_defence.yaml";

// A DDS domain of this test process's own, so parallel tests never meet.
std::string domain(int offset) {
  return std::to_string(20 + (static_cast<int>(::getpid()) * 7 + offset) % 200);
}

json load_json(const fs::path& p) {
  return json::parse(read_text(p));
}

// The outcome part of a run report: threats (with their engagements), assets, nations, totals.
json outcome(const json& report) {
  json o;
  for (const char* key : {"threats", "assets", "nations", "totals", "end_s"}) o[key] = report[key];
  return o;
}

void expect_lockstep_equals_in_process(const std::string& scenario, const std::string& seed,
                                       int offset) {
  const fs::path dir = temp_dir("federate_lockstep");
  const std::string seed_arg = seed.empty() ? "" : " --seed " + seed;
  const CliResult in_process = run_cli("run " + scenario + seed_arg +
                                       " --architecture federated --out " + (dir / "run").string());
  ASSERT_EQ(in_process.exit_code, 0) << in_process.err;
  const CliResult federate =
      run_cli("federate " + scenario + seed_arg + " --pace lockstep --domain " + domain(offset) +
              " --out " + (dir / "fed").string());
  ASSERT_EQ(federate.exit_code, 0) << federate.err;
  const json a = load_json(dir / "run" / "report.json");
  const json b = load_json(dir / "fed" / "report.json");
  EXPECT_EQ(a["architecture"], "federated");
  EXPECT_EQ(b["architecture"], "federated");
  // Same engagements (battery, times, shots), same kills, same leakers.
  EXPECT_EQ(outcome(a), outcome(b));
  EXPECT_EQ(read_text(dir / "run" / "events.csv"), read_text(dir / "fed" / "events.csv"));
  EXPECT_EQ(b["totals"]["double_engagements"], 0);
  const json f = load_json(dir / "fed" / "federation.json");
  // Why unengaged leakers were not engaged, from the nodes' own records: as
  // in process, and never for want of coordination.
  EXPECT_EQ(f["coordination"]["unengaged_reasons"], a["totals"]["unengaged_reasons"]);
  EXPECT_EQ(f["coordination"]["unengaged_with_window"], a["totals"]["unengaged_with_window"]);
  EXPECT_EQ(f["coordination"]["unengaged_reasons"]["unclaimed"], 0);
  EXPECT_EQ(f["coordination"]["unengaged_reasons"]["dropped"], 0);
  for (const auto& [nation, node] : f["nodes"].items()) {
    EXPECT_GT(node["cycles"].get<int>(), 10) << nation;
    EXPECT_EQ(node["dropped"]["total"], 0) << nation;
    EXPECT_TRUE(node["nations_lost_at_s"].empty()) << nation;
  }
}

TEST(CliFederate, LockstepGivesExactlyTheInProcessFederatedRunSmall) {
  expect_lockstep_equals_in_process(kSmall, "", 1);
}

TEST(CliFederate, LockstepGivesExactlyTheInProcessFederatedRunDefault) {
  expect_lockstep_equals_in_process("", "5", 2);
}

TEST(CliFederate, SecuredFederationGivesTheSameOutcome) {
  const fs::path dir = temp_dir("federate_secure");
  const std::string ca = (dir / "ca").string();
  const std::string script = std::string(BULWARK_SOURCE_DIR) + "/scripts/federation-ca";
  ASSERT_EQ(std::system((script + " " + ca + " PL LT DE >/dev/null 2>&1").c_str()), 0);
  const CliResult plain =
      run_cli("run " + kSmall + " --architecture federated --out " + (dir / "run").string());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const CliResult secure = run_cli("federate " + kSmall + " --security " + ca + " --domain " +
                                   domain(5) + " --out " + (dir / "fed").string());
  ASSERT_EQ(secure.exit_code, 0) << secure.err;
  EXPECT_EQ(outcome(load_json(dir / "run" / "report.json")),
            outcome(load_json(dir / "fed" / "report.json")));
}

TEST(CliFederate, KilledNodeIsNoticedAndOthersFightOn) {
  const fs::path dir = temp_dir("federate_kill");
  // DE owns the upper-tier battery DE-B1; its node dies at t = 150 s.
  const CliResult r = run_cli("federate " + kSmall + " --domain " + domain(3) +
                              " --kill DE@150 --out " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json f = load_json(dir / "federation.json");
  // Every surviving node, and the world, noticed within two cycles.
  for (const char* n : {"PL", "LT"}) {
    const json& node = f["nodes"][n];
    ASSERT_TRUE(node["nations_lost_at_s"].contains("DE")) << n;
    EXPECT_GE(node["nations_lost_at_s"]["DE"].get<double>(), 150.0);
    EXPECT_LE(node["nations_lost_at_s"]["DE"].get<double>(), 154.0);
  }
  ASSERT_TRUE(f["world"]["nations_lost_at_s"].contains("DE"));
  EXPECT_LE(f["world"]["nations_lost_at_s"]["DE"].get<double>(), 154.0);
  // No fire order from the dead nation after its death; the run finished.
  const json rep = load_json(dir / "report.json");
  for (const auto& t : rep["threats"])
    for (const auto& e : t["engagements"])
      if (e["nation"] == "DE") {
        EXPECT_LT(e["order_s"].get<double>(), 150.0);
      }
  EXPECT_EQ(rep["totals"]["threats"], 5);
  EXPECT_EQ(rep["totals"]["double_engagements"], 0);
}

// The world stopped for 3 s in lockstep (SIGSTOP, as if starved): every
// lease lapses meanwhile. It must lose nobody (it looks again before it
// believes a loss), the nodes send their last claims and orders again while
// they wait, and the outcome is still exactly the in-process one.
TEST(CliFederate, AStalledWorldLosesNobodyAndKeepsTheOutcome) {
  const fs::path dir = temp_dir("federate_stall");
  const CliResult in_process =
      run_cli("run " + kSmall + " --architecture federated --out " + (dir / "run").string());
  ASSERT_EQ(in_process.exit_code, 0) << in_process.err;
  const fs::path log = dir / "federate.log";
  const std::string cmd = std::string(BULWARK_EXE) + " federate " + kSmall + " --domain " +
                          domain(7) + " --stop-world-at 100 --out " + (dir / "fed").string() +
                          " > " + log.string() + " 2>&1";
  const pid_t federate = ::fork();
  ASSERT_GE(federate, 0);
  if (federate == 0) {
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // The world is a grandchild (sh -> federate -> world): find the stopped
  // `bulwark world` of this federate by its output directory.
  const std::string mark = (dir / "fed").string();
  pid_t world = -1;
  for (int i = 0; i < 600 && world < 0; ++i) {
    for (const auto& e : fs::directory_iterator("/proc")) {
      const std::string name = e.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::string cmdline = read_text(e.path() / "cmdline");
      std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
      if (cmdline.find(" world ") == std::string::npos || cmdline.find(mark) == std::string::npos)
        continue;
      const std::string stat = read_text(e.path() / "stat");
      const auto close = stat.rfind(')');
      if (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'T')
        world = std::stoi(name);
    }
    if (world < 0) ::usleep(50000);
  }
  ASSERT_GT(world, 0) << "the world never stopped itself";
  ::sleep(3);
  ::kill(world, SIGCONT);
  int status = 0;
  ::waitpid(federate, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_text(log);
  EXPECT_EQ(outcome(load_json(dir / "run" / "report.json")),
            outcome(load_json(dir / "fed" / "report.json")));
  EXPECT_EQ(read_text(dir / "run" / "events.csv"), read_text(dir / "fed" / "events.csv"));
  const json f = load_json(dir / "fed" / "federation.json");
  EXPECT_TRUE(f["world"]["nations_lost_at_s"].empty()) << f["world"]["nations_lost_at_s"];
  for (const auto& [nation, node] : f["nodes"].items()) {
    EXPECT_TRUE(node["nations_lost_at_s"].empty()) << nation;
    EXPECT_GE(node["resent"].get<int>(), 1) << nation;
  }
}

TEST(CliFederate, RealtimeRunCompletesWithoutDoubleEngagement) {
  const fs::path dir = temp_dir("federate_realtime");
  const CliResult r = run_cli("federate " + kSmall + " --pace realtimex40 --domain " + domain(4) +
                              " --out " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json rep = load_json(dir / "report.json");
  EXPECT_EQ(rep["totals"]["double_engagements"], 0);
  EXPECT_GT(rep["totals"]["interceptors_fired"].get<int>(), 0);
}

// Release authority `approve`: DE's engagements wait for its (scripted)
// operator, so each is ordered at least the approval delay after the plan
// first proposed it, and nobody else fires in DE's place.
TEST(CliFederate, ApprovalDelaysANationsEngagements) {
  const fs::path dir = temp_dir("federate_approve");
  auto engagements = [&](const std::string& extra, const std::string& name) {
    const CliResult r = run_cli("run " + kSmall + " --architecture federated " + extra + " --out " +
                                (dir / name).string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::pair<std::string, double>> out;
    const json report = load_json(dir / name / "report.json");
    for (const auto& t : report["threats"])
      for (const auto& e : t["engagements"])
        out.push_back({e["battery"].get<std::string>(), e["order_s"].get<double>()});
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    return out;
  };
  const auto automatic = engagements("", "auto");
  const auto approved = engagements("--release DE=approve:6", "approve");
  ASSERT_FALSE(automatic.empty());
  ASSERT_FALSE(approved.empty());
  EXPECT_EQ(automatic.front().first, "DE-B1");
  EXPECT_EQ(approved.front().first, "DE-B1");
  EXPECT_GE(approved.front().second, automatic.front().second + 6.0);
  // The nodes over DDS with the same scripted operator give the same outcome.
  const CliResult fed = run_cli("federate " + kSmall + " --release DE=approve:6 --domain " +
                                domain(6) + " --out " + (dir / "fed").string());
  ASSERT_EQ(fed.exit_code, 0) << fed.err;
  EXPECT_EQ(outcome(load_json(dir / "approve" / "report.json")),
            outcome(load_json(dir / "fed" / "report.json")));
  const CliResult bad = run_cli("run " + kSmall + " --architecture federated --release DE=maybe");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--release"), std::string::npos) << bad.err;
}

TEST(CliFederate, BadArgumentsNameTheOption) {
  const fs::path dir = temp_dir("federate_bad");
  CliResult r = run_cli("federate " + kSmall + " --pace warp --out " + dir.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--pace"), std::string::npos) << r.err;
  r = run_cli("federate " + kSmall + " --kill XX@10 --out " + dir.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--kill"), std::string::npos) << r.err;
  r = run_cli("node " + kSmall + " --nation XX");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--nation"), std::string::npos) << r.err;
  r = run_cli("run " + kSmall + " --architecture mesh");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--architecture"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace bulwark::test
