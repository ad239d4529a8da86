// The federated command and control (issue 7): one node per nation, each
// with its own sensors' tracker, all fusing the same local tracks into one
// system picture, planning on it, and firing only their own batteries.
//
// A node's battle-management cycle has three phases; in each, every node
// waits for the others' messages of the phase (lockstep) or for a deadline
// (realtime), so the in-process federation (FederatedC2) and the nodes over
// DDS (net/) run the same steps on the same inputs:
//   1. local tracks: its tracker's confirmed tracks, published;
//   2. claims: every nation's local tracks -> track-to-track fusion
//      (tracking::SystemTrackTable: the same system picture and system track
//      numbers on every node) -> threat evaluation and battle management of
//      the whole defence (CommandAndControl::plan over every operational
//      battery) -> the orders of its own batteries published as claims;
//   3. fire orders: from every node's claims of the cycle, the winners (below)
//      are committed as engagements on every node, and each node sends the
//      world the fire orders of its own winning claims.
// Claim rule (deterministic, the same on every node): for a system track
// claimed by batteries of more than one nation in one cycle, the nation
// whose best claim intercepts earliest wins (ties: the lower battery index);
// a track with an engagement still pending (planned or in flight) from an
// earlier cycle is not claimed again -- plan_cycle skips it. With identical
// pictures (lockstep) every node computes the same plan, so claims never
// collide and the federation plans exactly as one C2 on the fused picture.
// A node only ever fires its own nation's batteries; a lost node's nation
// is marked not live, and the others plan without its batteries.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "sim/c2.hpp"
#include "sim/coordination.hpp"
#include "tracking/fusion.hpp"

namespace bulwark::sim {

// A nation's release authority over its own batteries. `automatic`: its
// node claims and fires what the plan gives its batteries. `approve`: each
// (threat track, battery) engagement the plan proposes waits for an
// operator's approval; until then the node does not claim it (so it is not
// fired, and the other nodes -- which plan the same -- leave it to this
// nation, which keeps the authority). The operator is scripted
// (approve_after_s of sim time after the first proposal, deterministic in
// lockstep) or a person (approve_after_s < 0: decide() from the node's
// terminal).
struct ReleaseAuthority {
  bool approve = false;
  double approve_after_s = 0.0;
};

struct ReleaseStats {
  int requests = 0;  // distinct (track, battery) proposals that needed approval
  int approved = 0;  // approvals given
  int denied = 0;
  double max_wait_s = 0.0;  // longest time from request to approval (sim)
};

// A claim is a planned fire order of the claiming nation's battery.
struct NationClaim {
  std::uint32_t nation = 0;
  FireOrderMsg order;
  // The claimed track's report as the claimant planned on: a claim made on
  // another numbering (a node that has not yet taken over the common
  // picture after a heal) is recorded as renumbered (NationNode::resolve).
  tracking::TrackReport engaged = {};
};

// The claims that win (see the claim rule above), in input order; the input
// is every node's claims of one cycle.
std::vector<NationClaim> winning_claims(const std::vector<NationClaim>& claims);

class NationNode {
 public:
  // first_track_id: a restarted node's local ids continue after its old ones.
  NationNode(const PreparedScenario& prepared, std::uint32_t nation, const C2Options& options,
             std::uint64_t replication, StageTimes* times, std::uint32_t first_track_id = 1);
  ~NationNode();
  NationNode(NationNode&&) noexcept;

  std::uint32_t nation() const { return nation_; }

  // Dwells of this nation's sensors (others' are ignored).
  void on_dwell(const SensorDwellMsg& dwell);
  void on_truth(const TruthPictureMsg& truth);
  // Phase 1: this node's confirmed local tracks (track_id: local id).
  std::vector<tracking::TrackReport> local_tracks(double t_s);
  // Phase 2: fuses every nation's local tracks, plans, and returns the
  // claims of its own batteries.
  std::vector<NationClaim> propose(double t_s, const std::vector<tracking::LocalTrack>& local,
                                   const std::vector<BatteryStatusMsg>& status);
  // Phase 3: every node's claims of the cycle -> the winners committed;
  // returns the fire orders of its own winning claims. Another node's
  // winning claim on a track this node does not hold, or holds for another
  // object (other_numbering), is committed as renumbered, with the
  // claimant's report, and attached by it like a merged engagement.
  std::vector<FireOrderMsg> resolve(const std::vector<NationClaim>& claims);
  // The in-process federation's shortcut (FederatedC2): phase 2's plan with
  // the orders of every nation's batteries, each tagged with its nation.
  std::vector<NationClaim> plan_all(double t_s, const std::vector<tracking::LocalTrack>& local,
                                    const std::vector<BatteryStatusMsg>& status);
  // Whether this nation's release authority lets it claim `order` now.
  bool release_allows(const FireOrderMsg& order, double t_s);
  void set_release(const ReleaseAuthority& release) { release_ = release; }
  const ReleaseStats& release_stats() const { return release_stats_; }
  // Approval requests still open: (track id, battery), oldest first.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> open_requests() const;
  // An operator's decision on an open request.
  void decide(std::uint32_t track_id, std::uint32_t battery, bool approve, double t_s);

  // A lost nation's batteries are left out of planning until it is back.
  void set_nation_live(std::uint32_t nation, bool live);
  // Records an engagement (a winning claim).
  void commit(const FireOrderMsg& order);
  // An engagement another node ordered that this node did not resolve (it
  // was cut off, or restarted), with the report of the track it engaged
  // there: recorded so the threat is not engaged twice, on this node's
  // track of the same object (its numbering may differ), and re-attached
  // every cycle until its kill assessment, so it blocks the object from
  // the first cycle this node tracks it
  // (CommandAndControl::reattach_renumbered).
  void merge(const FireOrderMsg& order, const tracking::TrackReport& engaged);
  // The report of the track `order` engages, as this node planned on it
  // (sent with its fire orders, so other nodes can find the object);
  // track_id 0 when it holds no such track.
  tracking::TrackReport engaged_track(const FireOrderMsg& order) const;
  // A node takes over another node's system picture (restart, or after a
  // partition heals: one numbering again); pending engagements are
  // re-attached to it.
  void restore_picture(const std::vector<tracking::SystemTrack>& tracks);

  const std::vector<tracking::SystemTrack>& system_tracks() const { return table_.tracks(); }
  const CommandAndControl& c2() const { return *c2_; }
  // Why tracks that wanted a shot got none (sim/coordination.hpp): C2's
  // reasons, and after each resolve() `unreleased` (its own order held for
  // approval) or `unclaimed` (its plan gave the track to another nation's
  // battery, and no node claimed it: the pictures differed).
  const SkipLog& skip_log() const { return skip_log_; }
  // Cycles whose local tracks fusion refused (the last picture was kept).
  int rejected_fusions() const { return rejected_fusions_; }

 private:
  class SystemPicture;
  const PreparedScenario* p_;
  std::uint32_t nation_;
  StageTimes* times_;
  std::unique_ptr<TrackPicture> tracker_;  // this nation's sensors; null under perfect information
  tracking::SystemTrackTable table_;
  SystemPicture* picture_ = nullptr;  // owned by c2_
  std::unique_ptr<CommandAndControl> c2_;
  int rejected_fusions_ = 0;
  struct Request {
    double requested_s = 0.0;
    int state = 0;  // 0 open, 1 approved, -1 denied
  };
  void fuse(const std::vector<tracking::LocalTrack>& local);
  // Whether `claim` (another node's) names its track in another numbering:
  // this node's picture has no track of that number within the fusion gate
  // of the claimant's report.
  bool other_numbering(const NationClaim& claim) const;
  ReleaseAuthority release_;
  ReleaseStats release_stats_;
  SkipLog skip_log_;
  std::vector<std::uint32_t> planned_tracks_;   // of the last propose(): every nation's orders
  std::vector<std::uint32_t> withheld_tracks_;  // of the last propose(): held for approval
  std::map<std::pair<std::uint32_t, std::uint32_t>, Request> requests_;
};

// Every nation's node in one process (`run --architecture federated`):
// each nation's tracker on its own sensors; phases 2 and 3 once, on the
// first node planning for every nation. In lockstep every node fuses the
// same local tracks and plans on the same picture with the same history,
// so the nodes' plans are one plan computed N times; claims and winners are
// taken from it exactly as the nodes over DDS take them from theirs (in
// nation order, each nation's release authority applied), which
// tests/cli_federate checks bit for bit.
class FederatedC2 final : public CommandSide {
 public:
  FederatedC2(const PreparedScenario& prepared, const C2Options& options, std::uint64_t replication,
              StageTimes* times, const std::vector<ReleaseAuthority>& release = {});

  void on_dwell(const SensorDwellMsg& dwell) override;
  void on_truth(const TruthPictureMsg& truth) override;
  void cycle(double t_s, const std::vector<BatteryStatusMsg>& status,
             std::vector<FireOrderMsg>& orders) override;
  void live_tracks(std::vector<tracking::TrackReport>& out) const override;
  bool skipped(std::vector<SkippedTrack>& out) const override;

  const std::vector<NationNode>& nodes() const { return nodes_; }

 private:
  const PreparedScenario& p_;
  std::vector<NationNode> nodes_;
  std::vector<SkippedTrack> skipped_;  // the planner's, plus orders awaiting release
  std::vector<int> sensor_nation_;
};

}  // namespace bulwark::sim
