#include "sensors/radar.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "physics/flight.hpp"

namespace bulwark::sensors {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

double wrap_pi(double a) {
  a = std::fmod(a + std::numbers::pi, kTwoPi);
  if (a < 0) a += kTwoPi;
  return a - std::numbers::pi;
}

double wrap_two_pi(double a) {
  a = std::fmod(a, kTwoPi);
  return a < 0 ? a + kTwoPi : a;
}

Measurement radar_measurement(const RadarParams& radar, std::uint32_t sensor_index, double t_s,
                              double range_m, double az_rad, double el_rad, double range_rate_mps,
                              double snr) {
  Measurement m;
  m.t_s = t_s;
  m.sensor = sensor_index;
  m.kind = MeasurementKind::radar;
  m.range_m = range_m;
  m.az_rad = az_rad;
  m.el_rad = el_rad;
  m.range_rate_mps = range_rate_mps;
  m.sigma_range_m = radar.sigma_range_m;
  m.sigma_az_rad = radar_angle_sigma(radar, snr);
  m.sigma_el_rad = m.sigma_az_rad;
  m.sigma_range_rate_mps = radar.sigma_range_rate_mps;
  m.snr_db = 10.0 * std::log10(snr);
  return m;
}

}  // namespace

double mean_earth_radius_m(double lat_rad) {
  const double e2 = geo::Wgs84::f * (2.0 - geo::Wgs84::f);
  const double s = std::sin(lat_rad);
  const double w = 1.0 - e2 * s * s;
  const double n = geo::Wgs84::a / std::sqrt(w);
  const double m = geo::Wgs84::a * (1.0 - e2) / (w * std::sqrt(w));
  return std::sqrt(m * n);
}

double horizon_distance_m(double height_m, double earth_radius_m, double k) {
  if (height_m <= 0.0) return 0.0;
  const double kr = k * earth_radius_m;
  return kr * std::acos(kr / (kr + height_m));
}

bool line_of_sight(const geo::Geodetic& site, const geo::Vec3& site_ecef,
                   const geo::Vec3& target_ecef, double k) {
  const double r_earth = mean_earth_radius_m(site.lat_rad);
  const double cos_angle =
      std::clamp(site_ecef.dot(target_ecef) / (site_ecef.norm() * target_ecef.norm()), -1.0, 1.0);
  const double arc = r_earth * std::acos(cos_angle);
  const double site_reach = horizon_distance_m(site.alt_m, r_earth, k);
  // The reach grows with the target's height: the radial height, within
  // 6e-6 of itself of the geodetic one (physics::radial_altitude), decides
  // unless the answer lies inside that margin; only then the geodetic
  // conversion. Same answers, without it for nearly every target.
  const double radial = physics::radial_altitude(target_ecef, physics::EarthModel{});
  const double margin = 1e-5 * std::abs(radial) + 1.0;
  if (arc <= site_reach + horizon_distance_m(radial - margin, r_earth, k)) return true;
  if (arc > site_reach + horizon_distance_m(radial + margin, r_earth, k)) return false;
  const double target_alt = geo::to_geodetic(target_ecef).alt_m;
  return arc <= site_reach + horizon_distance_m(target_alt, r_earth, k);
}

double radar_snr(const RadarParams& radar, double rcs_m2, double range_m) {
  const double q = radar.ref_range_1m2_m / range_m;
  return std::pow(10.0, radar.ref_snr_db / 10.0) * rcs_m2 * (q * q) * (q * q);
}

double swerling1_pd(double snr, double pfa) {
  return std::pow(pfa, 1.0 / (1.0 + snr));
}

double radar_angle_sigma(const RadarParams& radar, double snr) {
  return radar.beamwidth_rad / (radar.monopulse_slope * std::sqrt(2.0 * snr));
}

bool in_field_of_view(const RadarParams& radar, const geo::AzElRange& aer) {
  return std::abs(wrap_pi(aer.az_rad - radar.boresight_az_rad)) <= radar.az_half_width_rad &&
         aer.el_rad >= radar.min_el_rad && aer.el_rad <= radar.max_el_rad &&
         aer.range_m <= radar.max_range_m;
}

void radar_dwell(const SensorConfig& sensor, std::uint32_t sensor_index, const SensorPose& pose,
                 double t_s, std::span<const TargetSnapshot> targets, Rng& rng,
                 std::vector<Measurement>& out) {
  const RadarParams& radar = sensor.radar;
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);

  for (const TargetSnapshot& target : targets) {
    if (target.rcs_m2 <= 0.0) continue;
    const geo::Vec3 rel = target.r_ecef - pose.position_ecef;
    const geo::AzElRange aer = geo::enu_to_aer(pose.ecef_to_enu * rel);
    if (aer.range_m <= 0.0 || !in_field_of_view(radar, aer)) continue;
    if (!line_of_sight(sensor.site, pose.position_ecef, target.r_ecef)) continue;
    const double snr = radar_snr(radar, target.rcs_m2, aer.range_m);
    if (uniform(rng) >= swerling1_pd(snr, radar.pfa)) continue;
    const double range_rate = rel.dot(target.v_ecef) / aer.range_m;
    const double sigma_angle = radar_angle_sigma(radar, snr);
    const double range = std::max(0.0, aer.range_m + radar.sigma_range_m * normal(rng));
    const double az = wrap_two_pi(aer.az_rad + sigma_angle * normal(rng));
    const double el = std::clamp(aer.el_rad + sigma_angle * normal(rng), -std::numbers::pi / 2,
                                 std::numbers::pi / 2);
    const double rr = range_rate + radar.sigma_range_rate_mps * normal(rng);
    Measurement m = radar_measurement(radar, sensor_index, t_s, range, az, el, rr, snr);
    m.truth = target.truth;
    out.push_back(m);
  }

  if (radar.false_alarms_per_scan <= 0.0) return;
  std::poisson_distribution<int> count(radar.false_alarms_per_scan);
  const int n = count(rng);
  const double threshold = -std::log(radar.pfa);
  const double sin_lo = std::sin(radar.min_el_rad), sin_hi = std::sin(radar.max_el_rad);
  std::exponential_distribution<double> tail(1.0);
  for (int i = 0; i < n; ++i) {
    const double az =
        wrap_two_pi(radar.boresight_az_rad + radar.az_half_width_rad * (2.0 * uniform(rng) - 1.0));
    const double el = std::asin(sin_lo + (sin_hi - sin_lo) * uniform(rng));
    const double range = radar.max_range_m * std::cbrt(uniform(rng));
    const double rr = radar.false_alarm_max_range_rate_mps * (2.0 * uniform(rng) - 1.0);
    const double snr = std::max(threshold + tail(rng) - 1.0, 1e-3);
    out.push_back(radar_measurement(radar, sensor_index, t_s, range, az, el, rr, snr));
  }
}

}  // namespace bulwark::sensors
