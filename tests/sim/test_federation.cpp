// The in-process federation (issue 7): the claim rule, and coordination on
// the default scenario over 20 replications.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "io/scenario.hpp"
#include "sim/campaign.hpp"
#include "sim/engine.hpp"
#include "sim/federation.hpp"
#include "sim/prepared.hpp"
#include "sim/world.hpp"

namespace bulwark::sim {
namespace {

NationClaim claim(std::uint32_t nation, std::uint32_t battery, std::uint32_t track,
                  double intercept_s) {
  NationClaim c;
  c.nation = nation;
  c.order.battery = battery;
  c.order.track_id = track;
  c.order.intercept_time_s = intercept_s;
  return c;
}

TEST(FederationClaims, EarliestInterceptWinsThenLowerBattery) {
  // Track 7 claimed by nations 0 and 1: nation 1 intercepts earlier and wins.
  // Track 8: same intercept time, nation 2's battery 1 beats nation 0's battery 4.
  // Track 9: one claim, it wins.
  const std::vector<NationClaim> claims = {claim(0, 3, 7, 120.0), claim(1, 5, 7, 110.0),
                                           claim(0, 4, 8, 90.0), claim(2, 1, 8, 90.0),
                                           claim(0, 3, 9, 200.0)};
  const std::vector<NationClaim> won = winning_claims(claims);
  ASSERT_EQ(won.size(), 3U);
  EXPECT_EQ(won[0].nation, 1U);
  EXPECT_EQ(won[0].order.track_id, 7U);
  EXPECT_EQ(won[1].nation, 2U);
  EXPECT_EQ(won[1].order.track_id, 8U);
  EXPECT_EQ(won[2].order.track_id, 9U);
}

TEST(FederationClaims, ANationKeepsAllItsClaimsOnTheTrackItWins) {
  // A salvo split over two of nation 0's batteries stays whole.
  const std::vector<NationClaim> claims = {claim(0, 3, 7, 100.0), claim(0, 4, 7, 130.0),
                                           claim(1, 5, 7, 110.0)};
  const std::vector<NationClaim> won = winning_claims(claims);
  ASSERT_EQ(won.size(), 2U);
  EXPECT_EQ(won[0].order.battery, 3U);
  EXPECT_EQ(won[1].order.battery, 4U);
}

// Lockstep in one process equals the nodes over DDS (tests/cli_federate), so
// this is the federation's coordination over 20 replications (seeds) of the
// default scenario: never two engagements of one system track at once, and
// no leaker left unengaged that C2 could have engaged -- a battery with a
// window on its track and a round and a channel it did not use (`dropped`),
// or an order held back from release (`unreleased`: release is automatic
// here). The other reasons (engage::NoShot) are printed: they are the
// picture's and the defence's limits, not coordination failures.
TEST(FederationDefaultScenario, NoDoubleEngagementNorEngageableThreatLeftOverTwentyReplications) {
  PrepareOptions po;
  po.threads = 2;
  const PreparedScenario p = prepare(io::default_scenario(), po);
  CampaignOptions o;
  o.runs = 20;
  o.threads = 2;
  o.run.architecture = Architecture::federated;
  const CampaignResult r = run_campaign(p, o);
  EXPECT_EQ(r.double_engagements, 0);
  for (const ReplicationSummary& s : r.replications) {
    EXPECT_EQ(s.double_engagements, 0);
    EXPECT_GT(s.interceptors_fired, 0);
  }
  ASSERT_TRUE(r.unengaged_reasons_known);
  const auto count = [&](engage::NoShot why) {
    return r.unengaged_reasons[static_cast<std::size_t>(why)];
  };
  EXPECT_EQ(count(engage::NoShot::dropped), 0);
  EXPECT_EQ(count(engage::NoShot::unreleased), 0);
  int total = 0;
  std::printf("unengaged leakers with a window, by reason:");
  for (std::size_t i = 0; i < r.unengaged_reasons.size(); ++i) {
    std::printf(" %s %d", unengaged_reason_name(i), r.unengaged_reasons[i]);
    total += r.unengaged_reasons[i];
  }
  std::printf("\n");
  EXPECT_EQ(total, r.unengaged_with_window);
}

// The same account for the centralised C2, and with approval: an order
// waiting for its nation's release is `unreleased` until approved.
TEST(FederationDefaultScenario, UnengagedReasonsAddUpInEveryArchitecture) {
  PrepareOptions po;
  po.threads = 2;
  const PreparedScenario p = prepare(io::default_scenario(), po);
  for (const bool approve : {false, true}) {
    RunOptions o;
    o.architecture = approve ? Architecture::federated : Architecture::centralised;
    if (approve) {
      // Every nation approves only after 40 s: time enough for windows to close.
      o.release.assign(p.scenario.nations.size(), ReleaseAuthority{true, 40.0});
    }
    const RunResult r = run_replication(p, 3, o);
    ASSERT_TRUE(r.unengaged_reasons_known);
    int total = 0;
    for (int n : r.unengaged_reasons) total += n;
    EXPECT_EQ(total, r.unengaged_with_window);
    EXPECT_EQ(r.unengaged_reasons[static_cast<std::size_t>(engage::NoShot::dropped)], 0);
    if (!approve)
      EXPECT_EQ(r.unengaged_reasons[static_cast<std::size_t>(engage::NoShot::unreleased)], 0);
    else
      EXPECT_GT(r.unengaged_reasons[static_cast<std::size_t>(engage::NoShot::unreleased)], 0);
  }
}

// A node's own account of planned engagements nobody fired: `unclaimed`
// when its plan gave the track to a battery whose node did not claim it,
// `unreleased` when its own order waits for its operator.
TEST(FederationSkips, PlannedButUnclaimedOrWithheldTracksAreRecorded) {
  const PreparedScenario p = prepare(io::load_scenario(std::string(BULWARK_SOURCE_DIR) +
                                                       "/scenarios/examples/small_defence.yaml"));
  C2Options c2;
  c2.perfect_information = true;
  World world(p, 0, {}, nullptr);
  NationNode lt(p, static_cast<std::uint32_t>(p.nation_index("LT")), c2, 0, nullptr);
  NationNode pl(p, static_cast<std::uint32_t>(p.nation_index("PL")), c2, 0, nullptr);
  pl.set_release({true, 1e9});  // PL's operator never approves
  std::vector<bool> launched(p.threats.size(), false);
  TruthPictureMsg truth;
  std::vector<BatteryStatusMsg> status;
  bool planned = false;
  for (double t = 0.0; t < 2000.0 && !planned; t += p.scenario.bm_cycle_s) {
    for (std::size_t i = 0; i < p.threats.size(); ++i)
      if (!launched[i] && p.threats[i].launch_s <= t) {
        world.launch(static_cast<int>(i), t);
        launched[i] = true;
      }
    world.truth_picture(t, truth);
    world.battery_status(t, status);
    lt.on_truth(truth);
    pl.on_truth(truth);
    // LT has no battery: it claims nothing, and nobody else claims either.
    EXPECT_TRUE(lt.propose(t, {}, status).empty());
    EXPECT_TRUE(pl.propose(t, {}, status).empty());  // withheld
    lt.resolve({});
    pl.resolve({});
    const auto has = [](const NationNode& node, engage::NoShot reason) {
      return std::any_of(node.skip_log().begin(), node.skip_log().end(),
                         [&](const auto& k) { return k.second.reason == reason; });
    };
    planned = has(lt, engage::NoShot::unclaimed) && has(pl, engage::NoShot::unreleased);
  }
  ASSERT_TRUE(planned) << "no cycle planned an engagement for PL's battery";
  EXPECT_GT(pl.release_stats().requests, 0);
  for (const auto& [id, k] : lt.skip_log()) EXPECT_NE(k.reason, engage::NoShot::dropped);
}

}  // namespace
}  // namespace bulwark::sim
