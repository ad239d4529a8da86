// The federation in realtime (issue 7): the default scenario over DDS at
// --pace realtimex10 for three seeds, the three federations side by side on
// their own DDS domains (each is mostly waiting for the wall clock: about
// 3 min for the 1,850 s raid). No double engagement, and no unengaged
// leaker that was engageable (docs/federation.md: `unclaimed`, `unreleased`
// with automatic release, `dropped`), by the nodes' own records.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/run_cli.hpp"

extern char** environ;

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Starts `bulwark args...` with stdout and stderr to `log`.
pid_t start(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<std::string> all = {BULWARK_EXE};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&files, 1, 2);
  pid_t pid = -1;
  if (posix_spawn(&pid, BULWARK_EXE, &files, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&files);
  return pid;
}

TEST(CliFederateRealtime, ThreeSeedsAtTenTimesRealtimeLeaveNothingEngageable) {
  const fs::path dir = temp_dir("federate_realtime_x10");
  const std::vector<int> seeds = {2026, 2027, 2028};
  std::vector<pid_t> pids;
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    const std::string seed = std::to_string(seeds[i]);
    const std::string domain =
        std::to_string(20 + (static_cast<int>(::getpid()) * 7 + 50 + static_cast<int>(i)) % 200);
    pids.push_back(start({"federate", "--seed", seed, "--pace", "realtimex10", "--domain", domain,
                          "--out", (dir / seed).string()},
                         dir / (seed + ".log")));
    ASSERT_GT(pids.back(), 0);
  }
  std::vector<int> exit_codes;
  for (pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
    exit_codes.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    const std::string seed = std::to_string(seeds[i]);
    ASSERT_EQ(exit_codes[i], 0) << read_text(dir / (seed + ".log"));
    const json report = json::parse(read_text(dir / seed / "report.json"));
    const json fed = json::parse(read_text(dir / seed / "federation.json"));
    const json& t = report["totals"];
    const json& why = fed["coordination"]["unengaged_reasons"];
    EXPECT_EQ(t["double_engagements"], 0) << "seed " << seed;
    EXPECT_EQ(why["unclaimed"], 0) << "seed " << seed;
    EXPECT_EQ(why["unreleased"], 0) << "seed " << seed;
    EXPECT_EQ(why["dropped"], 0) << "seed " << seed;
    EXPECT_EQ(t["unengaged_reasons"], why) << "seed " << seed;
    EXPECT_GT(t["interceptors_fired"].get<int>(), 0);
    std::printf(
        "seed %s: %d leakers, %d interceptors, %d double, %d split-track, "
        "%d unengaged with a window %s\n",
        seed.c_str(), t["leakers"].get<int>(), t["interceptors_fired"].get<int>(),
        t["double_engagements"].get<int>(), t["split_track_engagements"].get<int>(),
        t["unengaged_with_window"].get<int>(), why.dump().c_str());
  }
}

}  // namespace
}  // namespace bulwark::test
