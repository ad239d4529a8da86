#include "sensors/dwell.hpp"

#include "sensors/early_warning.hpp"
#include "sensors/radar.hpp"

namespace bulwark::sensors {

double revisit_period_s(const SensorConfig& sensor) {
  return sensor.type == SensorType::radar ? sensor.radar.revisit_s : sensor.ew.revisit_s;
}

std::uint64_t sensor_stream_key(const SensorConfig& sensor) {
  return stable_hash(sensor.id);
}

void dwell(const SensorConfig& sensor, std::uint32_t sensor_index, const SensorPose& pose,
           double t_s, std::span<const TargetSnapshot> targets, Rng& rng,
           std::vector<Measurement>& out) {
  if (sensor.type == SensorType::radar)
    radar_dwell(sensor, sensor_index, pose, t_s, targets, rng, out);
  else
    ew_dwell(sensor, sensor_index, pose, t_s, targets, rng, out);
}

}  // namespace bulwark::sensors
