// The engine end to end on small built-in scenarios (fixture.hpp), with
// perfect information: determinism, kills, damage, inventory limits.
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "fixture.hpp"
#include "sim/campaign.hpp"
#include "sim/engine.hpp"

namespace bulwark::sim {
namespace {

RunOptions perfect() {
  RunOptions o;
  o.c2.perfect_information = true;
  return o;
}

const PreparedScenario& prepared(const test::Defence& d) {
  // One prepared scenario per distinct defence, kept for the whole suite.
  static std::vector<std::pair<test::Defence, std::unique_ptr<PreparedScenario>>> cache;
  for (auto& [k, v] : cache)
    if (k.warheads == d.warheads && k.pk == d.pk && k.policy == d.policy &&
        k.salvo_size == d.salvo_size && k.max_shots == d.max_shots && k.rounds == d.rounds &&
        k.channels == d.channels && k.battery == d.battery)
      return *v;
  cache.emplace_back(d, std::make_unique<PreparedScenario>(
                            prepare(test::wilkening_scenario(d), test::fixed_pk_options())));
  return *cache.back().second;
}

TEST(Engine, SameReplicationSameOutcome) {
  test::Defence d;
  d.pk = 0.5;
  const PreparedScenario& p = prepared(d);
  for (std::uint64_t rep : {0u, 7u}) {
    const RunResult a = run_replication(p, rep, perfect());
    const RunResult b = run_replication(p, rep, perfect());
    ASSERT_EQ(a.shots.size(), b.shots.size());
    for (std::size_t k = 0; k < a.shots.size(); ++k) {
      EXPECT_EQ(a.shots[k].kill, b.shots[k].kill);
      EXPECT_EQ(a.shots[k].target, b.shots[k].target);
      EXPECT_EQ(a.shots[k].intercept_s, b.shots[k].intercept_s);
    }
    EXPECT_EQ(a.leakers, b.leakers);
  }
}

TEST(Engine, ReplicationsDrawDifferentKills) {
  test::Defence d;
  d.pk = 0.5;
  const PreparedScenario& p = prepared(d);
  // With p = 0.5 and 8 shots, 20 replications with identical kill patterns
  // would have probability 2^-152: the streams must differ.
  std::set<std::vector<bool>> patterns;
  for (std::uint64_t rep = 0; rep < 20; ++rep) {
    const RunResult r = run_replication(p, rep, perfect());
    std::vector<bool> kills;
    for (const auto& s : r.shots) kills.push_back(s.kill);
    patterns.insert(kills);
  }
  EXPECT_GT(patterns.size(), 10u);
}

TEST(Engine, CampaignIdenticalForAnyThreadCount) {
  test::Defence d;
  d.pk = 0.5;
  d.policy = engage::FirePolicy::shoot_look_shoot;
  d.salvo_size = 1;
  const PreparedScenario& p = prepared(d);
  CampaignOptions o;
  o.runs = 24;
  o.run = perfect();
  o.threads = 1;
  const CampaignResult one = run_campaign(p, o);
  o.threads = 2;
  const CampaignResult two = run_campaign(p, o);
  o.threads = 3;
  const CampaignResult three = run_campaign(p, o);
  for (const CampaignResult* r : {&two, &three}) {
    ASSERT_EQ(r->replications.size(), one.replications.size());
    for (std::size_t k = 0; k < one.replications.size(); ++k) {
      EXPECT_EQ(r->replications[k].leakers, one.replications[k].leakers);
      EXPECT_EQ(r->replications[k].interceptors_fired, one.replications[k].interceptors_fired);
    }
    EXPECT_EQ(r->leakers.mean, one.leakers.mean);
    EXPECT_EQ(r->leakers.lo, one.leakers.lo);
    EXPECT_EQ(r->p_zero_leakers.hi, one.p_zero_leakers.hi);
  }
}

TEST(Engine, UndefendedRaidDestroysTheAssetOnce) {
  test::Defence d;
  d.battery = false;
  const PreparedScenario& p = prepared(d);
  const RunResult r = run_replication(p, 0, perfect());
  EXPECT_EQ(r.leakers, d.warheads);
  EXPECT_EQ(r.interceptors_fired, 0);
  for (const auto& t : r.threats) {
    EXPECT_EQ(t.fate, ThreatFate::impacted);
    ASSERT_EQ(t.assets_hit.size(), 1u);  // every aim point is inside the asset's radius
  }
  // The asset's value is lost once, however many warheads hit it.
  EXPECT_DOUBLE_EQ(r.value_destroyed, p.scenario.assets[0].value);
}

TEST(Engine, CertainKillStopsEveryThreatWithOneShotEach) {
  test::Defence d;
  d.pk = 1.0;
  d.salvo_size = 1;
  d.max_shots = 1;
  const PreparedScenario& p = prepared(d);
  const RunResult r = run_replication(p, 3, perfect());
  EXPECT_EQ(r.leakers, 0);
  EXPECT_EQ(r.killed, d.warheads);
  EXPECT_EQ(r.interceptors_fired, d.warheads);
  EXPECT_DOUBLE_EQ(r.value_destroyed, 0.0);
  for (const auto& t : r.threats) {
    EXPECT_EQ(t.fate, ThreatFate::killed);
    EXPECT_EQ(t.shots, 1);
    EXPECT_LT(t.end_s, p.threats[0].impact_s);
  }
  // The shots land inside the engagement windows the battery was given.
  for (const auto& s : r.shots) EXPECT_GE(s.launch_s, 0.0);
}

TEST(Engine, NeverFiresMoreThanTheInventory) {
  test::Defence d;
  d.pk = 0.3;
  d.rounds = 5;
  d.salvo_size = 2;
  d.max_shots = 2;
  const PreparedScenario& p = prepared(d);
  for (std::uint64_t rep = 0; rep < 5; ++rep) {
    const RunResult r = run_replication(p, rep, perfect());
    EXPECT_LE(r.interceptors_fired, d.rounds);
    EXPECT_GE(r.rounds_left[0], 0);
    EXPECT_EQ(r.fired_per_nation[1], r.interceptors_fired);  // battery of nation BB
    EXPECT_EQ(r.fired_per_nation[0], 0);
  }
}

TEST(Engine, FireChannelsLimitSimultaneousEngagements) {
  test::Defence d;
  d.pk = 1.0;
  d.salvo_size = 1;
  d.max_shots = 1;
  d.channels = 1;
  const PreparedScenario& p = prepared(d);
  const RunResult r = run_replication(p, 0, perfect());
  // One channel: an engagement may start only after the previous intercept.
  for (std::size_t k = 1; k < r.engagements.size(); ++k)
    EXPECT_GE(r.engagements[k].order_s, r.engagements[k - 1].intercept_s);
}

}  // namespace
}  // namespace bulwark::sim
