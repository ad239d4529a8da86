#include "sim/world.hpp"

#include <algorithm>
#include <limits>

#include "geo/geodesic.hpp"
#include "sensors/dwell.hpp"
#include "sensors/pose.hpp"

namespace bulwark::sim {
namespace {

// Entity key of the kill-draw streams (common/random.hpp); sensors use
// sensors::sensor_stream_key.
constexpr std::uint64_t kShotStream = stable_hash("sim.shot");

// Uniform in [0, 1) from the top 53 bits: the same on every platform,
// unlike std::uniform_real_distribution.
double uniform01(Rng& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

}  // namespace

World::World(const PreparedScenario& prepared, std::uint64_t replication,
             const WorldOptions& options, StageTimes* times)
    : p_(prepared), replication_(replication), options_(options), times_(times) {
  const io::Scenario& s = p_.scenario;
  threats_.resize(s.threats.size());
  for (const auto& b : s.batteries) {
    rounds_.push_back(b.ready_rounds);
    channel_busy_until_.emplace_back(static_cast<std::size_t>(std::max(1, b.fire_channels)),
                                     -std::numeric_limits<double>::infinity());
  }
  asset_destroyed_.assign(s.assets.size(), 0.0);
  for (std::size_t i = 0; i < s.sensors.size(); ++i)
    sensor_rng_.push_back(
        make_stream(s.seed, replication, sensors::sensor_stream_key(s.sensors[i])));
}

void World::launch(int threat, double t_s) {
  ThreatTruth& t = threats_[static_cast<std::size_t>(threat)];
  if (t.fate == ThreatFate::not_launched) {
    t.fate = ThreatFate::flying;
    t.end_s = t_s;
    ++fates_changed_;
  }
}

void World::impact(int threat, double t_s) {
  ThreatTruth& t = threats_[static_cast<std::size_t>(threat)];
  if (t.fate != ThreatFate::flying) return;
  t.fate = ThreatFate::impacted;
  t.end_s = t_s;
  ++fates_changed_;
  const PreparedThreat& pt = p_.threats[static_cast<std::size_t>(threat)];
  const auto& assets = p_.scenario.assets;
  for (std::size_t a = 0; a < assets.size(); ++a) {
    const double d = geo::geodesic_inverse(pt.impact, assets[a].position).distance_m;
    if (d <= assets[a].radius_m) {
      t.assets_hit.push_back(static_cast<int>(a));
      asset_destroyed_[a] = assets[a].value;
    }
  }
}

void World::dwell(int sensor, double t_s, SensorDwellMsg& msg) {
  const auto k = static_cast<std::size_t>(sensor);
  const sensors::SensorConfig& cfg = p_.scenario.sensors[k];
  if (t_s != snapshots_t_s_ || fates_changed_ != snapshots_fates_) {
    StageTimer timer(times_, Stage::physics);
    snapshots_.clear();
    for (std::size_t i = 0; i < threats_.size(); ++i) {
      if (threats_[i].fate != ThreatFate::flying) continue;
      const PreparedThreat& pt = p_.threats[i];
      snapshots_.push_back(sensors::snapshot(static_cast<std::int32_t>(i), pt.nominal.at(t_s),
                                             p_.threat_class(static_cast<int>(i))));
    }
    snapshots_t_s_ = t_s;
    snapshots_fates_ = fates_changed_;
  }
  StageTimer timer(times_, Stage::sensors);
  const sensors::SensorPose pose = sensors::sensor_pose(cfg, t_s, p_.era0_rad);
  msg.t_s = t_s;
  msg.sensor = static_cast<std::uint32_t>(sensor);
  msg.site.position_ecef = pose.position_ecef;
  msg.site.ecef_to_enu = pose.ecef_to_enu;
  msg.detections.clear();
  sensors::dwell(cfg, msg.sensor, pose, t_s, snapshots_, sensor_rng_[k], msg.detections);
  for (const auto& m : msg.detections) {
    if (m.truth < 0) continue;
    ThreatTruth& t = threats_[static_cast<std::size_t>(m.truth)];
    if (t.first_detected_s < 0.0) t.first_detected_s = t_s;
  }
}

void World::truth_picture(double t_s, TruthPictureMsg& msg) const {
  StageTimer timer(times_, Stage::physics);
  msg.t_s = t_s;
  msg.tracks.clear();
  for (std::size_t i = 0; i < threats_.size(); ++i) {
    if (threats_[i].fate != ThreatFate::flying) continue;
    const physics::FlightState s = p_.threats[i].nominal.at(t_s);
    tracking::TrackReport r;
    r.t_s = t_s;
    r.track_id = static_cast<std::uint32_t>(i + 1);
    r.state << s.r_ecef, s.v_ecef;
    r.covariance.setZero();
    msg.tracks.push_back(r);
  }
}

void World::battery_status(double t_s, std::vector<BatteryStatusMsg>& out) const {
  out.clear();
  for (std::size_t b = 0; b < rounds_.size(); ++b) {
    int free = 0;
    for (double busy : channel_busy_until_[b])
      if (busy <= t_s) ++free;
    out.push_back(BatteryStatusMsg{static_cast<std::uint32_t>(b), rounds_[b], free});
  }
}

std::vector<int> World::accept(const FireOrderMsg& order, double t_s) {
  std::vector<int> created;
  const std::size_t b = order.battery;
  if (b >= rounds_.size() || order.shots < 1 || rounds_[b] < order.shots ||
      order.launch_time_s < t_s || order.intercept_time_s < order.launch_time_s)
    return created;
  auto& channels = channel_busy_until_[b];
  const auto free =
      std::find_if(channels.begin(), channels.end(), [&](double busy) { return busy <= t_s; });
  if (free == channels.end()) return created;
  *free = order.intercept_time_s;
  rounds_[b] -= order.shots;
  const int order_index = orders_++;
  for (int k = 0; k < order.shots; ++k) {
    Shot s;
    s.battery = order.battery;
    s.track_id = order.track_id;
    s.order = order_index;
    s.launch_s = order.launch_time_s;
    s.intercept_s = order.intercept_time_s;
    s.aim_ecef = order.intercept_point_ecef;
    s.pk = order.pk;
    created.push_back(static_cast<int>(shots_.size()));
    shots_.push_back(s);
  }
  return created;
}

int World::nearest_live_threat(const geo::Vec3& r_ecef, double t_s, double max_distance_m) const {
  int best = -1;
  double best_d = max_distance_m;
  for (std::size_t i = 0; i < threats_.size(); ++i) {
    if (threats_[i].fate != ThreatFate::flying) continue;
    const PreparedThreat& pt = p_.threats[i];
    if (t_s < pt.launch_s || t_s > pt.impact_s) continue;
    const double d = (pt.nominal.at(t_s).r_ecef - r_ecef).norm();
    if (d <= best_d) {
      best_d = d;
      best = static_cast<int>(i);
    }
  }
  return best;
}

void World::intercept(int shot, double t_s) {
  Shot& s = shots_[static_cast<std::size_t>(shot)];
  if (s.resolved) return;
  s.resolved = true;
  {
    StageTimer timer(times_, Stage::physics);
    s.target = nearest_live_threat(s.aim_ecef, t_s, options_.divert_radius_m);
  }
  // The draw is made whether or not a target is met, so one shot's outcome
  // never shifts another's random numbers.
  Rng rng =
      make_stream(p_.scenario.seed, replication_, kShotStream ^ static_cast<std::uint64_t>(shot));
  const double u = uniform01(rng);
  if (s.target < 0) return;
  ThreatTruth& t = threats_[static_cast<std::size_t>(s.target)];
  if (u < s.pk) {
    s.kill = true;
    t.fate = ThreatFate::killed;
    t.end_s = t_s;
    ++fates_changed_;
  }
}

bool World::all_resolved() const {
  for (const auto& t : threats_)
    if (t.fate == ThreatFate::not_launched || t.fate == ThreatFate::flying) return false;
  for (const auto& s : shots_)
    if (!s.resolved) return false;
  return true;
}

}  // namespace bulwark::sim
