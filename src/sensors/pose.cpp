#include "sensors/pose.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"
#include "geo/time.hpp"

namespace bulwark::sensors {

geo::Vec3 sensor_position_ecef(const SensorConfig& sensor, double t_s, double era0_rad) {
  if (sensor.type == SensorType::radar) return geo::to_ecef(sensor.site);
  const EwSatelliteParams& ew = sensor.ew;
  const double r = geo::Wgs84::a + ew.altitude_m;
  if (ew.orbit == EwSatelliteParams::Orbit::geostationary)
    return {r * std::cos(ew.sub_lon_rad), r * std::sin(ew.sub_lon_rad), 0.0};
  const double n = std::sqrt(geo::Wgs84::gm / (r * r * r));
  const double u = ew.arg_latitude_rad + n * t_s;
  const double cu = std::cos(u), su = std::sin(u);
  const double co = std::cos(ew.raan_rad), so = std::sin(ew.raan_rad);
  const double ci = std::cos(ew.inclination_rad), si = std::sin(ew.inclination_rad);
  const geo::Vec3 r_eci(r * (co * cu - so * su * ci), r * (so * cu + co * su * ci), r * su * si);
  return geo::eci_to_ecef_position(r_eci, era0_rad + geo::Wgs84::omega * t_s);
}

SensorPose sensor_pose(const SensorConfig& sensor, double t_s, double era0_rad) {
  SensorPose pose;
  pose.position_ecef = sensor_position_ecef(sensor, t_s, era0_rad);
  if (sensor.type == SensorType::radar) {
    pose.ecef_to_enu = geo::enu_rotation(sensor.site.lat_rad, sensor.site.lon_rad);
  } else {
    const geo::Geodetic sub = geo::to_geodetic(pose.position_ecef);
    pose.ecef_to_enu = geo::enu_rotation(sub.lat_rad, sub.lon_rad);
  }
  return pose;
}

double epoch_rotation_angle(std::string_view epoch_utc) {
  const auto jd = geo::julian_date_from_iso8601(epoch_utc);
  if (!jd) throw DomainError("malformed epoch '" + std::string(epoch_utc) + "'");
  return geo::earth_rotation_angle(*jd);
}

}  // namespace bulwark::sensors
