// The federation protocol over DDS (issue 7, docs/federation.md): the world
// process's side of the engine (RemoteCommand: the nodes are other
// processes) and one nation's node (run_node). Both run the phases of
// sim/federation.hpp cycle by cycle:
//
//   world: dwells (each to its sensor's nation) ... Clock k + BatteryStatus k
//   node:  all dwells the clock counts -> LocalTracks k
//          every live node's LocalTracks k -> fusion, plan -> SystemTracks k, Claims k
//          every live node's Claims k -> winners -> FireOrders k (own batteries)
//   world: every live node's FireOrders k -> accepted in nation order
//
// Pace: lockstep waits for every live node in each phase, so a run is
// deterministic and gives exactly the in-process `run --architecture
// federated` result; realtime[xN] paces the world by the wall clock (N times
// faster) and every wait ends at a deadline, so late messages are simply
// not seen in that cycle (as on a real network). A node is live while its
// Heartbeat writer's liveliness holds (net/dds.hpp); a lost node's nation is
// dropped from every wait and its batteries from every plan.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/dds.hpp"
#include "sim/engine.hpp"
#include "sim/federation.hpp"

namespace bulwark::net {

struct Pace {
  bool lockstep = true;
  double speed = 1.0;  // realtime: simulated seconds per wall-clock second
  // Lockstep: how long a phase waits for a live node before giving up
  // (a node that hangs without losing liveliness).
  double lockstep_timeout_s = 120.0;
  // Realtime: each phase waits at most this share of the cycle (wall clock).
  double phase_share = 0.25;
};
// "lockstep", "realtime", "realtime x10" or "realtimex10"; nullopt when bad.
std::optional<Pace> pace_from_string(const std::string& text);

Limits scenario_limits(const sim::PreparedScenario& prepared);

// Figures of one process's federation traffic.
struct LinkStats {
  std::uint64_t cycles = 0;
  double first_t_s = 0.0, last_t_s = 0.0;  // sim time of the first and last cycle
  std::uint64_t samples_written = 0;
  std::uint64_t bytes_written = 0;  // serialised payload estimate (docs/federation.md)
  DropCounts drops;
  std::vector<double> lost_nation_at_s;  // per nation: sim time its loss was noticed (-1: never)
  std::vector<double> back_nation_at_s;  // per nation: sim time it was seen back (-1: never)
  // Node, per nation: wall time (monotonic_s) at which the first plan
  // without the lost nation was complete (fire orders sent; -1: never).
  std::vector<double> replanned_wall_s;
  std::vector<double> phase_wait_s;  // wall seconds spent waiting, per cycle
  // Node: per dwell, wall seconds from the world's send to this node's
  // publication of the system picture that includes it.
  std::vector<double> latency_s;
  // Node: engagements taken from the world's results for cycles it did not
  // resolve itself (cut off, or restarted).
  std::uint64_t merged_engagements = 0;
  // Node: system pictures taken over from the lowest live nation when a
  // nation came back (one numbering again).
  std::uint64_t pictures_adopted = 0;
  // Node, lockstep: times it sent its last Claims and FireOrders again
  // while waiting for the world's next clock.
  std::uint64_t resent = 0;
  // Node: its C2's record of tracks that wanted a shot and got none, the
  // strongest reason per track (sim::NationNode::skip_log).
  std::vector<sim::SkippedTrack> skipped;
};

// Seconds on the host's monotonic clock (comparable across processes).
double monotonic_s();

// The world process's C2 side: sends dwells, battery status and the clock,
// and collects the nodes' fire orders.
class RemoteCommand final : public sim::CommandSide {
 public:
  RemoteCommand(Participant& participant, const sim::PreparedScenario& prepared, Pace pace);
  ~RemoteCommand() override;

  // Waits until every nation's node is up (heartbeat seen); false on timeout.
  bool wait_for_nodes(double timeout_s);
  // Tells the nodes the run is over.
  void finish(double t_s);

  void on_dwell(const sim::SensorDwellMsg& dwell) override;
  void on_truth(const sim::TruthPictureMsg& truth) override;
  void cycle(double t_s, const std::vector<sim::BatteryStatusMsg>& status,
             std::vector<sim::FireOrderMsg>& orders) override;
  void live_tracks(std::vector<tracking::TrackReport>& out) const override;
  void on_order_result(const sim::FireOrderMsg& order, bool accepted) override;

  const LinkStats& stats() const { return stats_; }
  // Called at the start of every cycle with its sim time (federate's
  // scheduled network faults).
  void set_cycle_hook(std::function<void(double t_s)> hook) { hook_ = std::move(hook); }

 private:
  std::function<void(double)> hook_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  LinkStats stats_;
};

struct NodeOptions {
  std::uint32_t nation = 0;
  std::uint64_t replication = 0;
  sim::C2Options c2;
  Pace pace;
  sim::ReleaseAuthority release;  // approve_after_s < 0: decisions typed on stdin
  double die_at_s = -1.0;         // tests and `federate --kill`: SIGKILL itself at this sim time
  std::string death_note;         // file to write the monotonic time of death to, first
  // How long a starting node looks for a running world's clock (a restarted
  // node rejoins) before it announces itself as a first start.
  double rejoin_probe_s = 1.0;
  bool verbose = false;
};

// One nation's node until the world's final clock; returns its figures.
LinkStats run_node(Participant& participant, const sim::PreparedScenario& prepared,
                   const NodeOptions& options);

}  // namespace bulwark::net
