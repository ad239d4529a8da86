// Battle manager (engage/battle.hpp): every plan respects windows, rounds,
// channels, claims and doctrine. The windows here are synthetic (sampled
// opportunities every second), so the rules are checked independently of the
// flight physics; tests/engage/test_windows_*.cpp checks the windows.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <set>

#include "common/random.hpp"
#include "engage/battle.hpp"

namespace bulwark::engage {
namespace {

LaunchWindow window(double open_s, double close_s, double pk, double tof_s = 30.0) {
  LaunchWindow w;
  w.open_s = open_s;
  w.close_s = close_s;
  for (double t = open_s; t <= close_s + 1e-9; t += 1.0) {
    InterceptOpportunity o;
    o.launch_time_s = t;
    o.intercept_time_s = t + tof_s;
    o.time_of_flight_s = tof_s;
    o.pk = pk;
    w.opportunities.push_back(o);
  }
  return w;
}

BatteryStatus battery(const std::string& id, const std::string& nation, int rounds, int channels,
                      double reaction_s = 0.0) {
  BatteryStatus s;
  s.battery.id = id;
  s.battery.nation = nation;
  s.battery.ready_rounds = rounds;
  s.battery.fire_channels = channels;
  s.battery.reaction_time_s = reaction_s;
  s.rounds_left = rounds;
  return s;
}

ThreatPicture threat(std::uint32_t id, double value,
                     std::vector<std::vector<LaunchWindow>> windows) {
  ThreatPicture t;
  t.track_id = id;
  t.threat_class = "SRBM-600";
  t.value = value;
  t.windows = std::move(windows);
  return t;
}

Doctrine doctrine(FirePolicy policy, int salvo, int max_shots, double reserve = 0.0) {
  Doctrine d;
  d.rules.push_back({"", policy, salvo, max_shots});
  d.reserve_fraction = reserve;
  return d;
}

const BatteryStatus& status_of(const BattleInput& in, const std::string& id) {
  for (const auto& b : in.batteries)
    if (b.battery.id == id) return b;
  throw std::runtime_error("no battery " + id);
}

// The invariants of any plan.
void expect_valid(const BattleInput& in, const BattlePlan& plan) {
  std::map<std::string, int> rounds;
  std::map<std::string, int> engagements;
  for (const auto& f : plan.orders) {
    const BatteryStatus& b = status_of(in, f.battery_id);
    rounds[f.battery_id] += f.shots;
    engagements[f.battery_id] += 1;
    EXPECT_GT(f.shots, 0);
    EXPECT_GE(f.launch_time_s, in.now_s + b.battery.reaction_time_s - 1e-9);
    // Inside a window of this battery on this threat.
    bool inside = false;
    for (std::size_t i = 0; i < in.batteries.size(); ++i) {
      if (in.batteries[i].battery.id != f.battery_id) continue;
      for (const auto& t : in.threats)
        if (t.track_id == f.track_id && i < t.windows.size())
          for (const auto& w : t.windows[i]) inside = inside || w.contains(f.launch_time_s);
    }
    EXPECT_TRUE(inside) << f.battery_id << " -> " << f.track_id << " at " << f.launch_time_s;
  }
  for (const auto& [id, n] : rounds) EXPECT_LE(n, status_of(in, id).rounds_left) << id;
  for (const auto& [id, n] : engagements) {
    const BatteryStatus& b = status_of(in, id);
    EXPECT_LE(n, b.battery.fire_channels - b.channels_busy) << id;
  }
}

TEST(BattleManager, SalvoFiresSalvoSizeOnceFromTheEarliestLaunch) {
  BattleInput in;
  in.now_s = 100.0;
  in.batteries = {battery("A", "PL", 8, 2, 5.0)};
  in.threats = {threat(7, 10.0, {{window(90.0, 200.0, 0.7)}})};
  in.doctrine = doctrine(FirePolicy::salvo, 2, 4);
  BattlePlan plan = plan_cycle(in);
  expect_valid(in, plan);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.orders[0].shots, 2);
  EXPECT_DOUBLE_EQ(plan.orders[0].launch_time_s, 105.0);  // now + reaction
  EXPECT_DOUBLE_EQ(plan.orders[0].intercept_time_s, 135.0);
  EXPECT_EQ(plan.orders[0].engagement_number, 1);

  // Once engaged (even if it survived), salvo doctrine does not engage again.
  in.engagements.push_back({7, "A", "PL", 2, 105.0, 135.0, EngagementState::survived});
  in.now_s = 140.0;
  plan = plan_cycle(in);
  EXPECT_TRUE(plan.orders.empty());
}

TEST(BattleManager, ShootLookShootWaitsForTheLookAndNeedsALaterWindow) {
  BattleInput in;
  in.now_s = 100.0;
  in.batteries = {battery("A", "PL", 8, 2)};
  in.threats = {threat(7, 10.0, {{window(100.0, 150.0, 0.7)}})};
  in.doctrine = doctrine(FirePolicy::shoot_look_shoot, 1, 3);
  BattlePlan plan = plan_cycle(in);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.orders[0].shots, 1);
  const FireOrder first = plan.orders[0];

  // In flight: no second engagement before the look.
  in.engagements.push_back(
      {7, "A", "PL", 1, first.launch_time_s, first.intercept_time_s, EngagementState::in_flight});
  in.now_s = 110.0;
  EXPECT_TRUE(plan_cycle(in).orders.empty());

  // Assessed survived while a window remains: engage again.
  in.engagements.back().state = EngagementState::survived;
  in.now_s = 135.0;
  plan = plan_cycle(in);
  expect_valid(in, plan);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.orders[0].engagement_number, 2);
  EXPECT_GE(plan.orders[0].launch_time_s, 135.0);

  // Assessed survived after the window closed: no shot.
  in.now_s = 151.0;
  EXPECT_TRUE(plan_cycle(in).orders.empty());

  // Assessed killed: never again.
  in.engagements.back().state = EngagementState::killed;
  in.now_s = 135.0;
  EXPECT_TRUE(plan_cycle(in).orders.empty());
}

TEST(BattleManager, MaxShotsPerThreatCapsEveryEngagement) {
  BattleInput in;
  in.now_s = 0.0;
  in.batteries = {battery("A", "PL", 10, 4)};
  in.threats = {threat(1, 10.0, {{window(0.0, 100.0, 0.5)}})};
  in.doctrine = doctrine(FirePolicy::shoot_look_shoot, 2, 3);
  in.engagements.push_back({1, "A", "PL", 2, 0.0, 30.0, EngagementState::survived});
  in.now_s = 40.0;
  BattlePlan plan = plan_cycle(in);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.orders[0].shots, 1);  // 3 - 2 spent
  in.engagements.push_back({1, "A", "PL", 1, 40.0, 70.0, EngagementState::survived});
  in.now_s = 80.0;
  EXPECT_TRUE(plan_cycle(in).orders.empty());
}

TEST(BattleManager, ClaimsByAnyNodeAndOwnNationsAreRespected) {
  BattleInput in;
  in.now_s = 0.0;
  in.batteries = {battery("PL-1", "PL", 4, 2), battery("DE-1", "DE", 4, 2)};
  const auto w = window(0.0, 60.0, 0.8);
  in.threats = {threat(1, 5.0, {{w}, {w}}), threat(2, 5.0, {{w}, {w}})};
  in.doctrine = doctrine(FirePolicy::salvo, 1, 2);
  // Threat 1 is already claimed by a German engagement.
  in.engagements.push_back({1, "DE-1", "DE", 1, 0.0, 30.0, EngagementState::planned});
  in.own_nations = {"PL"};
  const BattlePlan plan = plan_cycle(in);
  expect_valid(in, plan);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.orders[0].track_id, 2u);
  EXPECT_EQ(plan.orders[0].nation, "PL");
}

TEST(BattleManager, LaterWindowsWaitForALaterCycle) {
  BattleInput in;
  in.now_s = 0.0;
  in.batteries = {battery("A", "PL", 4, 1)};
  in.threats = {threat(1, 5.0, {{window(50.0, 80.0, 0.8)}})};
  in.doctrine = doctrine(FirePolicy::salvo, 1, 2);
  BattleOptions opt;
  opt.commit_horizon_s = 2.0;
  BattlePlan plan = plan_cycle(in, opt);
  EXPECT_TRUE(plan.orders.empty());
  EXPECT_EQ(plan.engageable_pairs, 0);
  ASSERT_EQ(plan.unengageable.size(), 1u);
  in.now_s = 49.0;
  plan = plan_cycle(in, opt);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_DOUBLE_EQ(plan.orders[0].launch_time_s, 50.0);
}

TEST(BattleManager, ReserveIsHeldUnlessItIsTheThreatsLastChance) {
  BattleInput in;
  in.now_s = 0.0;
  in.batteries = {battery("A", "PL", 4, 4)};
  in.doctrine = doctrine(FirePolicy::salvo, 1, 1, 0.5);  // hold 2 of 4 rounds
  in.hold_reserve = true;
  for (std::uint32_t j = 1; j <= 4; ++j)
    in.threats.push_back(threat(j, 1.0 * j, {{window(0.0, 100.0, 0.8)}}));
  BattlePlan plan = plan_cycle(in);
  expect_valid(in, plan);
  EXPECT_EQ(plan.orders.size(), 2u);  // 4 rounds - 2 in reserve
  // The two most valuable threats get the shots.
  for (const auto& f : plan.orders) EXPECT_GE(f.track_id, 3u);

  // Windows about to close: the reserve is released.
  for (auto& t : in.threats) t.windows = {{window(0.0, 1.0, 0.8)}};
  plan = plan_cycle(in);
  expect_valid(in, plan);
  EXPECT_EQ(plan.orders.size(), 4u);

  // Raid over: no reserve.
  for (auto& t : in.threats) t.windows = {{window(0.0, 100.0, 0.8)}};
  in.hold_reserve = false;
  EXPECT_EQ(plan_cycle(in).orders.size(), 4u);
}

TEST(BattleManager, BusyChannelsAndEmptyMagazinesLimitFire) {
  BattleInput in;
  in.now_s = 0.0;
  in.batteries = {battery("A", "PL", 10, 3), battery("B", "PL", 0, 3)};
  in.batteries[0].channels_busy = 2;
  const auto w = window(0.0, 60.0, 0.8);
  for (std::uint32_t j = 1; j <= 5; ++j) in.threats.push_back(threat(j, 1.0, {{w}, {w}}));
  in.doctrine = doctrine(FirePolicy::salvo, 2, 2);
  const BattlePlan plan = plan_cycle(in);
  expect_valid(in, plan);
  ASSERT_EQ(plan.orders.size(), 1u);  // one free channel on A, B has no rounds
  EXPECT_EQ(plan.orders[0].battery_id, "A");
}

// Random instances: the invariants hold whatever the picture.
TEST(BattleManager, RandomPicturesNeverViolateWindowsRoundsOrChannels) {
  Rng rng = make_stream(42, 0, stable_hash("battle"));
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::uniform_int_distribution<int> small(0, 4);
  for (int trial = 0; trial < 200; ++trial) {
    BattleInput in;
    in.now_s = 100.0 * u(rng);
    const int nb = 1 + small(rng);
    const int nt = 1 + 2 * small(rng);
    for (int i = 0; i < nb; ++i) {
      BatteryStatus b = battery("B" + std::to_string(i), i % 2 ? "PL" : "DE", small(rng) + 1,
                                small(rng) + 1, 10.0 * u(rng));
      b.rounds_left = small(rng);
      b.channels_busy = small(rng) % (b.battery.fire_channels + 1);
      in.batteries.push_back(b);
    }
    for (int j = 0; j < nt; ++j) {
      std::vector<std::vector<LaunchWindow>> ws(static_cast<std::size_t>(nb));
      for (auto& bw : ws)
        if (u(rng) < 0.7) {
          const double open = 150.0 * u(rng);
          bw.push_back(window(open, open + 40.0 * u(rng), 0.3 + 0.6 * u(rng)));
        }
      in.threats.push_back(threat(static_cast<std::uint32_t>(j + 1), 100.0 * u(rng), ws));
    }
    in.doctrine = doctrine(u(rng) < 0.5 ? FirePolicy::salvo : FirePolicy::shoot_look_shoot,
                           1 + small(rng) % 2, 1 + small(rng));
    in.doctrine.reserve_fraction = 0.25 * small(rng);
    in.hold_reserve = u(rng) < 0.5;
    if (u(rng) < 0.3) in.own_nations = {"PL"};
    const BattlePlan plan = plan_cycle(in);
    expect_valid(in, plan);
    for (const auto& f : plan.orders) {
      if (!in.own_nations.empty()) {
        EXPECT_EQ(f.nation, "PL");
      }
      EXPECT_LE(f.shots, in.doctrine.rule_for("SRBM-600").salvo_size);
    }
    // At most one engagement per threat per cycle and battery.
    std::map<std::pair<std::string, std::uint32_t>, int> pairs;
    for (const auto& f : plan.orders) {
      const int n = ++pairs[std::make_pair(f.battery_id, f.track_id)];
      EXPECT_EQ(n, 1);
    }
  }
}

TEST(Doctrine, RuleForPrefersTheClassThenTheDefault) {
  Doctrine d;
  d.rules.push_back({"", FirePolicy::shoot_look_shoot, 1, 3});
  d.rules.push_back({"MRBM-1500", FirePolicy::salvo, 2, 2});
  EXPECT_EQ(d.rule_for("MRBM-1500").policy, FirePolicy::salvo);
  EXPECT_EQ(d.rule_for("SRBM-300").max_shots_per_threat, 3);
  EXPECT_EQ(d.rule_for("unknown").salvo_size, 1);
  const Doctrine empty;
  EXPECT_EQ(empty.rule_for("SRBM-300").max_shots_per_threat, DoctrineRule{}.max_shots_per_threat);
}

// Battle manager's account of threats it gave no order (BattlePlan::skipped,
// engage::NoShot): each reason on a case built to have it, and never
// `dropped` (a usable battery with a round and a channel spare) on random
// instances, whatever the WTA solver.
BattleInput skip_input() {
  BattleInput in;
  in.now_s = 100.0;
  in.doctrine = doctrine(FirePolicy::salvo, 1, 1);
  return in;
}

// The reason given for `track`, or nullopt when it is not skipped.
std::optional<NoShot> reason_of(const BattlePlan& plan, std::uint32_t track) {
  for (const SkippedThreat& k : plan.skipped)
    if (k.track_id == track) return k.reason;
  return std::nullopt;
}

TEST(BattleSkipped, AnOrderedThreatIsNotSkipped) {
  BattleInput in = skip_input();
  in.batteries = {battery("A", "PL", 4, 2)};
  in.threats = {threat(1, 10.0, {{window(100.0, 150.0, 0.8)}})};
  const BattlePlan plan = plan_cycle(in);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_TRUE(plan.skipped.empty());
}

TEST(BattleSkipped, AWindowOnlyAfterTheCommitHorizonIsNoWindow) {
  BattleInput in = skip_input();
  in.batteries = {battery("A", "PL", 4, 2)};
  in.threats = {threat(1, 10.0, {{window(130.0, 150.0, 0.8)}})};
  EXPECT_EQ(reason_of(plan_cycle(in), 1), NoShot::no_window);
}

TEST(BattleSkipped, AWindowOnlyFromAnEmptyOrDownOrForeignBatteryIsNoBattery) {
  BattleInput in = skip_input();
  in.batteries = {battery("A", "PL", 0, 2), battery("B", "PL", 4, 2), battery("C", "PL", 4, 2)};
  in.batteries[1].operational = false;
  in.batteries[2].battery.nation = "DE";
  in.own_nations = {"PL"};
  const auto w = window(100.0, 150.0, 0.8);
  in.threats = {threat(1, 10.0, {{w}, {w}, {w}})};
  EXPECT_EQ(reason_of(plan_cycle(in), 1), NoShot::no_battery);
}

TEST(BattleSkipped, RoundsHeldInReserveAreReserve) {
  BattleInput in = skip_input();
  in.hold_reserve = true;
  in.doctrine.reserve_fraction = 0.5;
  in.batteries = {battery("A", "PL", 4, 2)};
  in.batteries[0].rounds_left = 2;  // the reserve of 4 ready rounds
  // A later window exists, so this is not the battery's last chance.
  in.threats = {threat(1, 10.0, {{window(100.0, 101.0, 0.8), window(140.0, 150.0, 0.8)}})};
  EXPECT_EQ(reason_of(plan_cycle(in), 1), NoShot::reserve);
  // On its last chance the reserve is released and the threat engaged.
  in.threats = {threat(1, 10.0, {{window(100.0, 101.0, 0.8)}})};
  const BattlePlan last = plan_cycle(in);
  EXPECT_EQ(last.orders.size(), 1u);
  EXPECT_FALSE(reason_of(last, 1).has_value());
}

TEST(BattleSkipped, AThreatLosingTheOnlyChannelToAWorthierOneIsOutbid) {
  BattleInput in = skip_input();
  in.batteries = {battery("A", "PL", 4, 1)};
  const auto w = window(100.0, 150.0, 0.8);
  in.threats = {threat(1, 1.0, {{w}}), threat(2, 50.0, {{w}})};
  const BattlePlan plan = plan_cycle(in);
  ASSERT_EQ(plan.orders.size(), 1u);
  EXPECT_EQ(plan.orders[0].track_id, 2u);
  EXPECT_EQ(reason_of(plan, 1), NoShot::outbid);
  EXPECT_FALSE(reason_of(plan, 2).has_value());
}

TEST(BattleSkipped, TheStrongestReasonOverBatteriesIsGiven) {
  // One battery has no window, one has no rounds, one is outbid: outbid.
  BattleInput in = skip_input();
  in.batteries = {battery("A", "PL", 4, 2), battery("B", "PL", 0, 2), battery("C", "PL", 1, 2)};
  const auto w = window(100.0, 150.0, 0.8);
  in.threats = {threat(1, 1.0, {{window(140.0, 150.0, 0.8)}, {w}, {w}}),
                threat(2, 50.0, {{}, {}, {w}})};
  EXPECT_EQ(reason_of(plan_cycle(in), 1), NoShot::outbid);
}

TEST(BattleSkipped, ThreatsNoLongerWantingAShotAreNotSkipped) {
  BattleInput in = skip_input();
  in.batteries = {battery("A", "PL", 4, 2)};
  in.threats = {threat(1, 10.0, {{window(100.0, 150.0, 0.8)}})};
  Engagement e;
  e.track_id = 1;
  e.battery_id = "A";
  e.shots = 1;
  e.state = EngagementState::in_flight;
  in.engagements.push_back(e);
  EXPECT_TRUE(plan_cycle(in).skipped.empty());
}

// Random instances: whatever is skipped has a reason short of a defect, and
// every threat wanting a shot is either ordered or skipped.
TEST(BattleSkipped, NeverDroppedOnRandomInstances) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (WtaSolver solver : {WtaSolver::greedy, WtaSolver::vlsn, WtaSolver::exact}) {
    for (int k = 0; k < 60; ++k) {
      BattleInput in = skip_input();
      in.hold_reserve = u(rng) < 0.5;
      in.doctrine.reserve_fraction = 0.25;
      in.doctrine.rules[0].salvo_size = 1 + static_cast<int>(u(rng) * 2.0);
      in.doctrine.rules[0].max_shots_per_threat = 2;
      const int nb = 1 + static_cast<int>(u(rng) * 4.0);
      const int nt = 1 + static_cast<int>(u(rng) * 8.0);
      for (int b = 0; b < nb; ++b) {
        in.batteries.push_back(battery("B" + std::to_string(b), "PL",
                                       1 + static_cast<int>(u(rng) * 4),
                                       1 + static_cast<int>(u(rng) * 2)));
        in.batteries.back().rounds_left = static_cast<int>(u(rng) * 5.0);
      }
      for (int t = 0; t < nt; ++t) {
        std::vector<std::vector<LaunchWindow>> w(static_cast<std::size_t>(nb));
        for (auto& wb : w) {
          const double open = 95.0 + u(rng) * 40.0;
          if (u(rng) < 0.7) wb.push_back(window(open, open + u(rng) * 20.0, 0.2 + 0.7 * u(rng)));
        }
        in.threats.push_back(threat(static_cast<std::uint32_t>(t + 1), 100.0 * u(rng), w));
      }
      BattleOptions options;
      options.wta.solver = solver;
      options.wta.time_limit_s = 1.0;
      const BattlePlan plan = plan_cycle(in, options);
      std::set<std::uint32_t> accounted;
      for (const FireOrder& f : plan.orders) accounted.insert(f.track_id);
      for (const SkippedThreat& s : plan.skipped) {
        EXPECT_NE(s.reason, NoShot::dropped) << "instance " << k << " track " << s.track_id;
        EXPECT_TRUE(accounted.insert(s.track_id).second) << "ordered and skipped: " << s.track_id;
      }
      EXPECT_EQ(accounted.size(), in.threats.size()) << "instance " << k;
    }
  }
}

}  // namespace
}  // namespace bulwark::engage
