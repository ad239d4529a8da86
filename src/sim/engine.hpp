// One replication of a scenario: the discrete-event loop that connects the
// world (world.hpp) and command and control (c2.hpp) through plain messages
// (messages.hpp), and the record of what happened.
//
// Events (event_queue.hpp, ordered by time, then priority, then push order):
// threat launch and impact at the nominal flyout's times; a dwell of every
// sensor every revisit period; a battle-management cycle every bm_cycle_s
// (the world sends battery status -- and the truth picture under perfect
// information -- C2 answers with fire orders, the world accepts those its
// rounds and channels allow and schedules one intercept event per
// interceptor). The run ends when every threat has been killed or has
// landed and no interceptor is in flight, or at scenario end_time_s.
//
// Randomness: sensor noise and detections from one stream per
// (seed, replication, sensor), kill draws from one stream per (seed,
// replication, shot), so a replication's outcome depends only on (scenario,
// seed, replication) -- not on threads or on other replications.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/c2.hpp"
#include "sim/coordination.hpp"
#include "sim/federation.hpp"
#include "sim/prepared.hpp"
#include "sim/stage_timer.hpp"
#include "sim/world.hpp"

namespace bulwark::sim {

// Builds the tracker C2 uses without perfect information. Set by
// default_track_picture() (track_picture.cpp); tests may pass their own.
using TrackPictureFactory = std::unique_ptr<TrackPicture> (*)(const PreparedScenario& prepared,
                                                              std::uint64_t replication);

// centralised: one C2 with one tracker for every sensor; federated: one
// node per nation with its own sensors' tracker and track fusion
// (federation.hpp), in one process.
enum class Architecture { centralised, federated };
const char* to_string(Architecture a);
std::optional<Architecture> architecture_from_string(std::string_view name);

struct RunOptions {
  C2Options c2;
  Architecture architecture = Architecture::centralised;
  // Federated: release authority per nation (index into the scenario's
  // nations; missing = automatic).
  std::vector<ReleaseAuthority> release;
  // When set, the run uses this C2 side instead of building one (the world
  // process of the federation: the nodes are other processes, net/).
  CommandSide* command_side = nullptr;
  WorldOptions world;
  bool detailed = false;  // keep the event log and per-threat tracking figures (bulwark run)
  TrackPictureFactory track_picture = nullptr;  // null: default_track_picture
};

struct EngagementRecord {
  int battery = 0;
  std::uint32_t track_id = 0;
  int threat = -1;  // the threat nearest the planned intercept point (analysis only)
  int shots = 0;
  double order_s = 0.0;
  double launch_s = 0.0;
  double intercept_s = 0.0;
  bool kill = false;
};

struct ThreatRecord {
  ThreatFate fate = ThreatFate::not_launched;
  double end_s = 0.0;
  double detected_s = -1.0;      // first detection by any sensor (-1: never)
  double first_track_s = -1.0;   // first C2 track within track_match_m of it (-1: never)
  int shots = 0;                 // interceptors of engagements aimed at it
  std::vector<int> engagements;  // indices into RunResult::engagements
  std::vector<int> assets_hit;
};

struct EventRecord {
  double t_s = 0.0;
  std::string type;  // launch, detect, track, order, launch_interceptor, kill, miss, impact, damage
  std::string subject;  // threat, battery, sensor or asset id
  std::string detail;
};

struct RunResult {
  std::uint64_t replication = 0;
  std::vector<ThreatRecord> threats;
  std::vector<EngagementRecord> engagements;
  std::vector<Shot> shots;
  std::vector<int> rounds_left;       // per battery
  std::vector<int> fired_per_nation;  // per scenario nation
  std::vector<int> rounds_left_per_nation;
  std::vector<double> asset_value_destroyed;  // per asset
  int leakers = 0;                            // threats that reached the ground
  int killed = 0;
  // Coordination (federation, issue 7): pairs of engagements of one threat
  // whose [launch, intercept] overlap (a salvo is one engagement): on the
  // same track (double engagement: the picture knew it was one object, so
  // C2 failed to coordinate) or on two tracks (the tracker split the
  // threat); and leakers never engaged though some battery had a window on
  // their true path.
  int double_engagements = 0;
  int split_track_engagements = 0;
  int unengaged_with_window = 0;
  // unengaged_with_window by why C2 did not engage (sim/coordination.hpp);
  // known only when C2 runs in this process.
  UnengagedReasons unengaged_reasons{};
  bool unengaged_reasons_known = false;
  Architecture architecture = Architecture::centralised;
  int interceptors_fired = 0;
  double value_destroyed = 0.0;
  double end_s = 0.0;
  std::vector<EventRecord> events;  // detailed runs only
  StageTimes times;
};

constexpr double kTrackMatchM = 20000.0;  // analysis: a track within this of a threat is its track

RunResult run_replication(const PreparedScenario& prepared, std::uint64_t replication,
                          const RunOptions& options = {});

// The tracker-backed picture (tracking module), for C2 without perfect information.
// first_track_id: a restarted federation node continues after its old ids.
std::unique_ptr<TrackPicture> default_track_picture(const PreparedScenario& prepared,
                                                    std::uint64_t replication,
                                                    std::uint32_t first_track_id = 1);

}  // namespace bulwark::sim
