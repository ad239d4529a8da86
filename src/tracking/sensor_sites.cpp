#include "tracking/sensor_sites.hpp"

#include <string>

#include "common/error.hpp"
#include "sensors/pose.hpp"
#include "sensors/radar.hpp"

namespace bulwark::tracking {

SensorSites::SensorSites(std::vector<sensors::SensorConfig> sensors, double era0_rad)
    : sensors_(std::move(sensors)), era0_rad_(era0_rad) {
  fixed_.resize(sensors_.size());
  for (std::size_t i = 0; i < sensors_.size(); ++i) {
    const auto pose = sensors::sensor_pose(sensors_[i], 0.0, era0_rad_);
    fixed_[i] = {pose.position_ecef, pose.ecef_to_enu};
  }
}

const sensors::SensorConfig& SensorSites::config(std::uint32_t sensor) const {
  if (sensor >= sensors_.size())
    throw DomainError("measurement names sensor index " + std::to_string(sensor) + " but only " +
                      std::to_string(sensors_.size()) + " sensors are defined");
  return sensors_[sensor];
}

SensorSite SensorSites::at(std::uint32_t sensor, double t_s) const {
  const auto& cfg = config(sensor);
  if (cfg.type == sensors::SensorType::radar) return fixed_[sensor];
  const auto pose = sensors::sensor_pose(cfg, t_s, era0_rad_);
  return {pose.position_ecef, pose.ecef_to_enu};
}

bool SensorSites::covers(std::uint32_t sensor, const SensorSite& site,
                         const geo::Vec3& r_ecef) const {
  const auto& cfg = config(sensor);
  if (cfg.type != sensors::SensorType::radar) return false;
  const geo::AzElRange aer = geo::enu_to_aer(site.ecef_to_enu * (r_ecef - site.position_ecef));
  if (!sensors::in_field_of_view(cfg.radar, aer)) return false;
  return sensors::line_of_sight(cfg.site, site.position_ecef, r_ecef);
}

}  // namespace bulwark::tracking
