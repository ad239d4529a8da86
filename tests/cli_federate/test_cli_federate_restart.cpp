// A federation node killed mid-raid and restarted rejoins the running
// federation (issue 7): it takes over the system picture and the engagement
// history from the durable topics, fights on, and nothing is engaged twice.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "support/run_cli.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(CliFederateRestart, RestartedNodeRejoinsAndCatchesUp) {
  const fs::path dir = temp_dir("federate_restart");
  const std::string exe = BULWARK_EXE;
  const std::string scenario =
      std::string(BULWARK_SOURCE_DIR) + "/scenarios/examples/small_defence.yaml";
  const std::string domain = std::to_string(20 + (static_cast<int>(::getpid()) * 7 + 11) % 200);
  // Realtime x20 (0.1 s of wall time per 2 s cycle), so the raid is still
  // on when the new node is up.
  const std::string common = scenario + " --domain " + domain + " --pace realtimex20";
  auto node = [&](const std::string& nation, const std::string& extra) {
    return exe + " node " + common + " --nation " + nation + " --stats " +
           (dir / ("node-" + nation + extra + ".json")).string();
  };
  // PL's node dies at t = 150 s and a new PL node starts 3 s later (longer
  // than the 2 s liveliness lease, so the others notice the loss first);
  // every process is bounded by `timeout` so nothing outlives the test.
  const std::string cmd = "cd " + dir.string() + " && (" +                                       //
                          "timeout 120 " + node("LT", "") + " & " +                              //
                          "timeout 120 " + node("DE", "") + " & " +                              //
                          "(timeout 120 " + node("PL", "-first") + " --die-at 150; sleep 3; " +  //
                          "timeout 120 " + node("PL", "-second") +
                          " --verbose 2> rejoin.txt) & " +  //
                          "timeout 120 " + exe + " world " + common + " --out " +
                          (dir / "world").string() + " > world.txt 2>&1; wait)";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read_text(dir / "world.txt");

  const json report = json::parse(read_text(dir / "world" / "report.json"));
  EXPECT_EQ(report["totals"]["threats"], 5);
  EXPECT_EQ(report["totals"]["double_engagements"], 0);
  // The second PL node rejoined with the others' picture and the engagements so far.
  const std::string rejoin = read_text(dir / "rejoin.txt");
  EXPECT_NE(rejoin.find("rejoining at cycle"), std::string::npos) << rejoin;
  const json second = json::parse(read_text(dir / "node-PL-second.json"));
  EXPECT_GT(second["cycles"].get<int>(), 10);
  // It learnt every engagement ordered before it died (and no more than
  // were ordered at all).
  int before_death = 0, all = 0;
  for (const auto& t : report["threats"])
    for (const auto& e : t["engagements"]) {
      if (e["order_s"].get<double>() < 150.0) ++before_death;
      ++all;
    }
  EXPECT_GE(second["merged_engagements"].get<int>(), before_death);
  EXPECT_LE(second["merged_engagements"].get<int>(), all);
  // The others noticed PL's loss, and its return.
  const json lt = json::parse(read_text(dir / "node-LT.json"));
  EXPECT_TRUE(lt["nations_lost_at_s"].contains("PL")) << lt.dump();
  EXPECT_TRUE(lt["nations_back_at_s"].contains("PL"));
}

}  // namespace
}  // namespace bulwark::test
