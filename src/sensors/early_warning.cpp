#include "sensors/early_warning.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace bulwark::sensors {
namespace {
constexpr double kMinCosElevation = 1e-3;    // caps the azimuth sigma at 1000 sigma_angle
constexpr double kSurfaceTolerance_m = 1.0;  // a point on the surface does not hide itself
}  // namespace

bool earth_occludes(const geo::Vec3& a_ecef, const geo::Vec3& b_ecef) {
  // Stretch z by a/b: the ellipsoid becomes the sphere of radius a.
  const double stretch = 1.0 / (1.0 - geo::Wgs84::f);
  const geo::Vec3 a(a_ecef.x(), a_ecef.y(), a_ecef.z() * stretch);
  const geo::Vec3 b(b_ecef.x(), b_ecef.y(), b_ecef.z() * stretch);
  const geo::Vec3 d = b - a;
  const double dd = d.squaredNorm();
  const double s = dd > 0.0 ? std::clamp(-a.dot(d) / dd, 0.0, 1.0) : 0.0;
  return (a + s * d).norm() < geo::Wgs84::a - kSurfaceTolerance_m;
}

void ew_dwell(const SensorConfig& sensor, std::uint32_t sensor_index, const SensorPose& pose,
              double t_s, std::span<const TargetSnapshot> targets, Rng& rng,
              std::vector<Measurement>& out) {
  const EwSatelliteParams& ew = sensor.ew;
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (const TargetSnapshot& target : targets) {
    if (!target.motor_burning) continue;
    if (earth_occludes(pose.position_ecef, target.r_ecef)) continue;
    if (uniform(rng) >= ew.pd) continue;
    const geo::AzElRange aer =
        geo::enu_to_aer(pose.ecef_to_enu * (target.r_ecef - pose.position_ecef));
    Measurement m;
    m.t_s = t_s;
    m.sensor = sensor_index;
    m.kind = MeasurementKind::angles_only;
    // Isotropic line-of-sight noise: an angle error sigma across the line of
    // sight is sigma / cos(el) in azimuth.
    const double sigma_az = ew.sigma_angle_rad / std::max(std::cos(aer.el_rad), kMinCosElevation);
    double az = std::fmod(aer.az_rad + sigma_az * normal(rng), 2.0 * std::numbers::pi);
    if (az < 0) az += 2.0 * std::numbers::pi;
    m.az_rad = az;
    m.el_rad = std::clamp(aer.el_rad + ew.sigma_angle_rad * normal(rng), -std::numbers::pi / 2,
                          std::numbers::pi / 2);
    m.sigma_az_rad = sigma_az;
    m.sigma_el_rad = ew.sigma_angle_rad;
    m.snr_db = Measurement::kAbsent;
    m.truth = target.truth;
    out.push_back(m);
  }
}

}  // namespace bulwark::sensors
