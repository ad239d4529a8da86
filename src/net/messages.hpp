// The federation's messages as plain C++ values (issue 7). Each struct is one
// DDS sample of one topic (topics.idl); net/codec.cpp converts between
// these and the IDL-generated C types and validates what arrives (NaN,
// out-of-range indices, unknown batteries), so nothing past the codec ever
// sees a malformed sample. Indices are into the scenario's lists (nations,
// sensors, batteries), which every process loads from the same scenario.
//
//   world  --Dwell (to the sensor's nation only)----------------> node
//   world  --Clock, BatteryStatus, EngagementResult-------------> every node
//   node   --LocalTracks, SystemTracks, Claims, Heartbeat-------> every node (and world)
//   node   --FireOrders (own nation's batteries only)-----------> world
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/messages.hpp"
#include "tracking/fusion.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::net {

// Everything one sensor saw in one dwell; seq counts the dwells sent to the
// nation (1, 2, ...), so a node knows when it has all dwells of a cycle.
struct DwellSample {
  std::uint32_t nation = 0;
  std::uint64_t seq = 0;
  // When the world sent it, on the host's monotonic clock (seconds): the
  // latency figures of processes on one host (bench/net_federation.cpp).
  double sent_wall_s = 0.0;
  sim::SensorDwellMsg dwell;  // detections' truth is not sent (-1 on arrival)
};

// The world's clock: battle-management cycle `cycle` at t_s. dwells_sent[n]
// is the number of dwells sent to nation n so far (lockstep: a node plans
// cycle k only once it has them all). `final` ends the run.
struct ClockSample {
  std::uint64_t cycle = 0;
  double t_s = 0.0;
  std::vector<std::uint64_t> dwells_sent;  // per nation
  bool final = false;
};

struct BatteryStatusSample {
  std::uint64_t cycle = 0;
  sim::BatteryStatusMsg status;
};

// One node's local tracks at a cycle (the whole set: a track absent from
// it has ended).
struct LocalTracksSample {
  std::uint32_t nation = 0;
  std::uint64_t cycle = 0;
  double t_s = 0.0;
  std::vector<tracking::TrackReport> tracks;  // track_id: the node's local id
};

// One node's system picture at a cycle (for other nodes' consistency
// checks, a restarted node's catch-up, and the world's analysis).
struct SystemTracksSample {
  std::uint32_t nation = 0;
  std::uint64_t cycle = 0;
  double t_s = 0.0;
  std::vector<tracking::SystemTrack> tracks;
};

// An engagement one node claims for one of its own batteries.
struct Claim {
  sim::FireOrderMsg order;  // order.track_id: the system track number
  // Its report as the claimant planned on (track_id 0: not known).
  tracking::TrackReport engaged;
};

struct ClaimsSample {
  std::uint32_t nation = 0;
  std::uint64_t cycle = 0;
  double t_s = 0.0;
  std::vector<Claim> claims;
};

// Fire orders of one node at a cycle (possibly none: the world waits for
// every live node's sample in lockstep).
struct FireOrdersSample {
  std::uint32_t nation = 0;
  std::uint64_t cycle = 0;
  std::vector<sim::FireOrderMsg> orders;
  // Per order (same index): the report of the system track it engages, as
  // planned on; the world passes it on in the order's EngagementResult, so
  // a node that numbers its tracks otherwise finds the object. Missing or
  // track_id 0: not known.
  std::vector<tracking::TrackReport> engaged;
};

// The world's answer to a fire order: accepted (interceptors launched at
// launch_time_s) or rejected (no rounds, no channel, not the sender's
// battery).
struct EngagementResultSample {
  std::uint64_t cycle = 0;
  std::uint32_t nation = 0;  // who ordered it
  sim::FireOrderMsg order;
  bool accepted = false;
  tracking::TrackReport engaged;  // from the order's FireOrdersSample; track_id 0: not known
};

struct HeartbeatSample {
  std::uint32_t nation = 0;
  std::uint64_t cycle = 0;  // last cycle planned
  double wall_s = 0.0;      // sender's monotonic clock (diagnostics only)
};

}  // namespace bulwark::net
