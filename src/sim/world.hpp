// The world side of a simulation: truth, and everything that happens to it.
// It flies the threats (nominal trajectories from PreparedScenario), makes
// the sensors look (sensors::radar_dwell / ew_dwell on truth snapshots),
// launches interceptors on fire orders, draws each shot's kill from its own
// seeded stream, and scores impacts and damage. It never decides anything:
// decisions come from command and control as FireOrderMsg (messages.hpp).
//
// Intercept model: an interceptor flies to the intercept point of its order
// (predicted by C2 from its track). At the intercept time the world looks
// for the live threat nearest to that point; if it is within
// WorldOptions::divert_radius_m (the notional kill vehicle's divert
// capability against the prediction error), the shot kills it with the
// order's probability of kill, drawn from make_stream(seed, replication,
// shot entity). Otherwise the shot misses. So track and prediction errors
// cost shots, and the kill draws of a replication do not depend on threads.
//
// Damage: a threat that reaches the ground destroys every asset whose
// radius contains its impact point (geodesic distance); an asset's value is
// destroyed at most once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/random.hpp"
#include "sensors/target.hpp"
#include "sim/messages.hpp"
#include "sim/prepared.hpp"
#include "sim/stage_timer.hpp"

namespace bulwark::sim {

struct WorldOptions {
  double divert_radius_m = 2000.0;  // notional divert capability of a kill vehicle
};

enum class ThreatFate { not_launched, flying, killed, impacted };

struct Shot {
  std::uint32_t battery = 0;
  std::uint32_t track_id = 0;  // as ordered by C2
  int order = 0;               // index of the accepted order
  double launch_s = 0.0;
  double intercept_s = 0.0;
  geo::Vec3 aim_ecef = geo::Vec3::Zero();
  double pk = 0.0;
  int target = -1;  // threat it met (-1: none within the divert radius)
  bool kill = false;
  bool resolved = false;
};

struct ThreatTruth {
  ThreatFate fate = ThreatFate::not_launched;
  double end_s = 0.0;  // kill or impact time
  double first_detected_s = -1.0;
  std::vector<int> assets_hit;  // indices into scenario assets
};

class World {
 public:
  World(const PreparedScenario& prepared, std::uint64_t replication, const WorldOptions& options,
        StageTimes* times);

  void launch(int threat, double t_s);
  // Impact of a threat still flying: marks it impacted and scores damage.
  void impact(int threat, double t_s);
  // One look of a sensor: fills msg (reusing its buffer).
  void dwell(int sensor, double t_s, SensorDwellMsg& msg);
  void truth_picture(double t_s, TruthPictureMsg& msg) const;
  void battery_status(double t_s, std::vector<BatteryStatusMsg>& out) const;
  // Validates an order against rounds and channels; when accepted, creates
  // its shots and returns their indices (empty when rejected).
  std::vector<int> accept(const FireOrderMsg& order, double t_s);
  void intercept(int shot, double t_s);

  const std::vector<ThreatTruth>& threats() const { return threats_; }
  const std::vector<Shot>& shots() const { return shots_; }
  const std::vector<int>& rounds_left() const { return rounds_; }
  const std::vector<double>& asset_value_destroyed() const { return asset_destroyed_; }
  int nearest_live_threat(const geo::Vec3& r_ecef, double t_s, double max_distance_m) const;
  bool all_resolved() const;

 private:
  const PreparedScenario& p_;
  std::uint64_t replication_;
  WorldOptions options_;
  StageTimes* times_;
  std::vector<ThreatTruth> threats_;
  std::vector<int> rounds_;
  std::vector<std::vector<double>> channel_busy_until_;  // per battery, per channel
  std::vector<Shot> shots_;
  int orders_ = 0;
  std::vector<double> asset_destroyed_;
  std::vector<Rng> sensor_rng_;
  // The flying threats' snapshots, kept for the next dwell at the same time
  // (sensors sharing a revisit period look at the same instants) unless a
  // threat launched, impacted or was killed since.
  std::vector<sensors::TargetSnapshot> snapshots_;
  double snapshots_t_s_ = -1e300;
  long fates_changed_ = 0;     // count of fate changes so far
  long snapshots_fates_ = -1;  // fates_changed_ when the snapshots were taken
};

}  // namespace bulwark::sim
