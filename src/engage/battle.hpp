// Dynamic battle management: one planning cycle of one C2 node.
//
// Each cycle, from the current threat picture (per threat: class, value at
// risk, launch windows per battery), the battery states (rounds, busy
// channels, reaction time) and the doctrine, it builds a static WTA problem
// over the (battery, threat) pairs engageable now, solves it with
// engage::solve_wta, and turns the assignment into fire orders.
//
// Rules (docs/models.md, "Battle management"):
// * A threat is skipped while an engagement of it is planned or in flight (by
//   any node: this is the claim that prevents double engagement), once an
//   engagement of it was assessed a kill, and when its doctrine's
//   max_shots_per_threat is spent.
// * Shots per engagement: min(salvo_size, shots left) fired together.
//   salvo -> the threat is engaged once; shoot-look-shoot -> after an
//   engagement assessed `survived`, engaged again while shots remain and a
//   window is still open (the cycle only ever uses windows open now).
// * Battery i may fire at threat j only at a sampled opportunity of its
//   launch windows with launch time >= now + reaction_time, and only when
//   that launch time is <= now + reaction_time + commit_horizon_s (later
//   windows are left to later cycles, which see better tracks).
// * Rounds: at most rounds_left - reserve, reserve = ceil(reserve_fraction *
//   ready_rounds) while hold_reserve (threats not yet seen may still come),
//   unless a threat the battery can reach now has no later window from it
//   (its last chance: the reserve is released); channels: at most
//   fire_channels - channels_busy new engagements per battery.
// * Only batteries of own_nations fire (a federated node plans its own).
// Plain structs in and out; no world truth.
// Tests: tests/engage/test_battle_*.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engage/battery.hpp"
#include "engage/windows.hpp"
#include "engage/wta.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::engage {

struct BatteryStatus {
  Battery battery;  // configuration from the scenario
  int rounds_left = 0;
  int channels_busy = 0;  // engagements being guided now
  bool operational = true;
};

enum class EngagementState { planned, in_flight, killed, survived };
const char* to_string(EngagementState state);

// A fire order already given, by this node or another: the engagement
// history and the claims.
struct Engagement {
  std::uint32_t track_id = 0;
  std::string battery_id;
  std::string nation;
  int shots = 0;
  double launch_time_s = 0.0;
  double intercept_time_s = 0.0;
  EngagementState state = EngagementState::planned;
  geo::Vec3 intercept_ecef = geo::Vec3::Zero();  // predicted intercept point
  // The report of the engaged track at the order, as planned on: a node
  // that numbers its tracks otherwise finds the object by it
  // (sim::same_object). track_report.track_id 0: not known.
  tracking::TrackReport track_report = {};
  // Numbered by another picture (merged from a node that was cut off, or
  // a picture taken over): attached anew every cycle until kill assessment.
  bool renumbered = false;
  int diverged = 0;  // consecutive cycles its track failed the same-object test
};

// One threat as battle management sees it.
struct ThreatPicture {
  std::uint32_t track_id = 0;
  std::string threat_class;  // classified class ("unknown" allowed: default doctrine)
  double value = 0.0;        // value at risk (threat/assessment.hpp)
  double impact_time_s = 0.0;
  std::vector<std::vector<LaunchWindow>> windows;  // per battery, BattleInput::batteries order
};

struct BattleInput {
  double now_s = 0.0;
  std::vector<BatteryStatus> batteries;
  std::vector<ThreatPicture> threats;
  std::vector<Engagement> engagements;
  Doctrine doctrine;
  bool hold_reserve = false;             // the raid may still bring unseen threats
  std::vector<std::string> own_nations;  // batteries this node may fire; empty = all
};

struct BattleOptions {
  WtaOptions wta = {WtaSolver::greedy, 1.0, 1e-6, 1, false};  // deterministic and fast
  double commit_horizon_s = 2.0;
  double min_pk = 1e-3;       // pairs below this are not engageable
  double value_floor = 1e-3;  // value given to a threat that puts no asset at risk
};

struct FireOrder {
  std::string battery_id;
  std::string nation;
  std::uint32_t track_id = 0;
  int shots = 0;
  double launch_time_s = 0.0;
  double intercept_time_s = 0.0;                 // predicted
  geo::Vec3 intercept_ecef = geo::Vec3::Zero();  // predicted intercept point
  double pk = 0.0;                               // per shot
  FirePolicy policy = FirePolicy::salvo;
  int engagement_number = 1;  // 1 for the first engagement of the threat
};

// Why a threat that wanted a shot got no fire order in a cycle (analysis:
// which unengaged threats were engageable). Ordered from "nothing could be
// done" to "a defect"; the first two are set by C2 before battle management.
enum class NoShot {
  no_fire_quality,  // C2: no prediction with fire-control quality for the track
  no_window,        // no battery has an opportunity within the commit horizon
  no_battery,       // windows only from batteries that are down, another node's, out of rounds or
                    // channels
  reserve,          // windows only from batteries whose remaining rounds are the reserve
  outbid,           // a usable battery could, but the WTA gave all its rounds or channels to others
  unclaimed,   // federation: this node planned another nation's battery, which did not claim it
  unreleased,  // federation: the order waits for its nation's release authority
  dropped      // a usable battery kept a round and a channel spare: a defect
};
const char* to_string(NoShot reason);

struct SkippedThreat {
  std::uint32_t track_id = 0;
  NoShot reason = NoShot::no_window;
};

struct BattlePlan {
  std::vector<FireOrder> orders;
  WtaResult wta;  // of this cycle's problem (empty when no pair)
  int engageable_pairs = 0;
  std::vector<std::uint32_t> unengageable;  // wanting a shot, but no battery can fire now
  std::vector<SkippedThreat> skipped;       // wanting a shot, given no order, and why
};

BattlePlan plan_cycle(const BattleInput& input, const BattleOptions& options = {});

}  // namespace bulwark::engage
