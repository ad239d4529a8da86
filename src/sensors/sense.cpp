#include "sensors/sense.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "common/error.hpp"
#include "sensors/dwell.hpp"
#include "sensors/pose.hpp"
#include "sensors/target.hpp"

namespace bulwark::sensors {

SenseResult sense(const std::vector<SensorConfig>& sensors, const std::vector<TruthObject>& objects,
                  const SenseOptions& options) {
  double t_end = options.t_end_s;
  if (t_end < 0.0) {
    t_end = options.t_begin_s;
    for (const TruthObject& o : objects)
      if (o.trajectory && !o.trajectory->states.empty())
        t_end = std::max(t_end, o.trajectory->states.back().t_s);
  }

  // Every look of every sensor, in (time, sensor) order.
  std::vector<std::pair<double, std::uint32_t>> looks;
  for (std::uint32_t s = 0; s < sensors.size(); ++s) {
    const double period = revisit_period_s(sensors[s]);
    if (!(period > 0.0)) throw DomainError("sensor '" + sensors[s].id + "' has no revisit period");
    for (double j = std::ceil(options.t_begin_s / period); j * period <= t_end; j += 1.0)
      looks.emplace_back(j * period, s);
  }
  std::sort(looks.begin(), looks.end());

  std::vector<Rng> streams;
  streams.reserve(sensors.size());
  for (const SensorConfig& s : sensors)
    streams.push_back(make_stream(options.seed, options.replication, sensor_stream_key(s)));

  SenseResult result;
  std::vector<TargetSnapshot> targets;
  targets.reserve(objects.size());
  for (const std::pair<double, std::uint32_t>& look : looks) {
    const double t = look.first;
    const SensorConfig& sensor = sensors[look.second];
    targets.clear();
    for (std::size_t i = 0; i < objects.size(); ++i) {
      const physics::Trajectory* traj = objects[i].trajectory;
      if (!traj || traj->states.empty() || !objects[i].threat_class) continue;
      if (t < traj->states.front().t_s || t >= traj->states.back().t_s) continue;
      targets.push_back(
          snapshot(static_cast<std::int32_t>(i), traj->at(t), *objects[i].threat_class));
    }
    const std::size_t first = result.measurements.size();
    dwell(sensor, look.second, sensor_pose(sensor, t, options.era0_rad), t, targets,
          streams[look.second], result.measurements);
    ++result.dwells;
    for (std::size_t k = first; k < result.measurements.size(); ++k) {
      const Measurement& m = result.measurements[k];
      if (m.truth < 0) continue;
      bool seen = false;  // already sampled at t by an earlier look
      for (auto it = result.truth.rbegin(); it != result.truth.rend() && it->t_s == t; ++it)
        seen = seen || it->truth == m.truth;
      if (seen) continue;
      for (const TargetSnapshot& target : targets)
        if (target.truth == m.truth)
          result.truth.push_back({t, m.truth, target.r_ecef, target.v_ecef});
    }
  }
  return result;
}

}  // namespace bulwark::sensors
