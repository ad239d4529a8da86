// The sensors as the tracker sees them: where each one is at a time
// (tracking::SensorSite, from sensors::sensor_pose) and whether a point lies
// in a radar's coverage (azimuth sector, elevation band, maximum range, the
// Earth's 4/3-radius horizon: sensors/radar.hpp). The tracker uses coverage
// only to decide whether a track without an update counts a miss.
#pragma once

#include <cstdint>
#include <vector>

#include "sensors/measurement.hpp"
#include "sensors/sensor.hpp"
#include "tracking/estimator.hpp"

namespace bulwark::tracking {

class SensorSites {
 public:
  SensorSites() = default;
  // era0_rad: Earth rotation angle at the scenario epoch (sensors::epoch_rotation_angle).
  SensorSites(std::vector<sensors::SensorConfig> sensors, double era0_rad);

  int size() const { return static_cast<int>(sensors_.size()); }
  const sensors::SensorConfig& config(std::uint32_t sensor) const;
  // Position and ENU rotation at t_s (fixed for radars and geostationary satellites).
  SensorSite at(std::uint32_t sensor, double t_s) const;
  // Radars: true when r_ecef is inside the coverage seen from `site`.
  // Early-warning satellites: false (they see only burning motors, so a
  // track without an angles-only update is not a miss).
  bool covers(std::uint32_t sensor, const SensorSite& site, const geo::Vec3& r_ecef) const;

 private:
  std::vector<sensors::SensorConfig> sensors_;
  std::vector<SensorSite> fixed_;  // radar sites (valid when the sensor is a radar)
  double era0_rad_ = 0.0;
};

}  // namespace bulwark::tracking
