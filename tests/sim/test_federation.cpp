// The in-process federation (issue 7): the claim rule, and coordination on
// the default scenario over 20 replications.
#include <gtest/gtest.h>

#include "io/scenario.hpp"
#include "sim/campaign.hpp"
#include "sim/federation.hpp"
#include "sim/prepared.hpp"

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
// default scenario: never two engagements of one system track at once.
TEST(FederationDefaultScenario, NoDoubleEngagementOverTwentyReplications) {
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
}

}  // namespace
}  // namespace bulwark::sim
