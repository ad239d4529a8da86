// Helpers for the multi-target tracking tests: ballistic truth, radars and
// noisy measurements generated here (not by the sensors module) so that
// each test controls detection, noise and clutter exactly.
#pragma once

#include <cmath>
#include <random>
#include <vector>

#include "common/random.hpp"
#include "common/units.hpp"
#include "physics/flight.hpp"
#include "sensors/measurement.hpp"
#include "sensors/sensor.hpp"
#include "tracking/estimator.hpp"

namespace bulwark::tracking::mtt_test {

struct Truth {
  geo::Vec3 r, v;
};

// Exo-atmospheric coast (J2 gravity and Earth rotation, no drag) by RK4.
inline void coast(Truth& s, double dt, const physics::EarthModel& earth) {
  const int steps = std::max(1, static_cast<int>(std::ceil(dt / 0.25)));
  const double h = dt / steps;
  for (int k = 0; k < steps; ++k) {
    auto acc = [&](const geo::Vec3& r, const geo::Vec3& v) {
      return physics::ballistic_acceleration(r, v, 0.0, earth);
    };
    const geo::Vec3 k1r = s.v, k1v = acc(s.r, s.v);
    const geo::Vec3 k2r = s.v + 0.5 * h * k1v, k2v = acc(s.r + 0.5 * h * k1r, k2r);
    const geo::Vec3 k3r = s.v + 0.5 * h * k2v, k3v = acc(s.r + 0.5 * h * k2r, k3r);
    const geo::Vec3 k4r = s.v + h * k3v, k4v = acc(s.r + h * k3r, k4r);
    s.r += h / 6.0 * (k1r + 2 * k2r + 2 * k3r + k4r);
    s.v += h / 6.0 * (k1v + 2 * k2v + 2 * k3v + k4v);
  }
}

inline sensors::SensorConfig radar(const char* id, double lat_deg, double lon_deg) {
  sensors::SensorConfig s;
  s.id = id;
  s.nation = "XX";
  s.type = sensors::SensorType::radar;
  s.site = {deg_to_rad(lat_deg), deg_to_rad(lon_deg), 0.0};
  return s;
}

inline SensorSite site_of(const sensors::SensorConfig& s) {
  return {geo::to_ecef(s.site), geo::enu_rotation(s.site.lat_rad, s.site.lon_rad)};
}

struct Noise {
  double range_m = 20.0;
  double angle_rad = 1.0e-3;
  double range_rate_mps = 1.0;
};

// A radar measurement of (r, v) from `site` with Gaussian noise.
inline sensors::Measurement measure(const SensorSite& site, std::uint32_t sensor, double t,
                                    const geo::Vec3& r, const geo::Vec3& v, const Noise& noise,
                                    Rng& rng, int truth) {
  std::normal_distribution<double> n01(0.0, 1.0);
  const geo::Vec3 d = r - site.position_ecef;
  const geo::AzElRange aer = geo::enu_to_aer(site.ecef_to_enu * d);
  sensors::Measurement z;
  z.t_s = t;
  z.sensor = sensor;
  z.kind = sensors::MeasurementKind::radar;
  z.range_m = aer.range_m + noise.range_m * n01(rng);
  z.az_rad = aer.az_rad + noise.angle_rad * n01(rng);
  if (z.az_rad < 0) z.az_rad += 2 * kPi;
  if (z.az_rad >= 2 * kPi) z.az_rad -= 2 * kPi;
  z.el_rad = aer.el_rad + noise.angle_rad * n01(rng);
  z.range_rate_mps = d.dot(v) / d.norm() + noise.range_rate_mps * n01(rng);
  z.sigma_range_m = noise.range_m;
  z.sigma_az_rad = noise.angle_rad;
  z.sigma_el_rad = noise.angle_rad;
  z.sigma_range_rate_mps = noise.range_rate_mps;
  z.snr_db = 20.0;
  z.truth = truth;
  return z;
}

// A group of ballistic targets flying east at ~200 km altitude over
// central Europe, `spacing_m` apart (north-south).
inline std::vector<Truth> targets(int n, double spacing_m) {
  std::vector<Truth> out;
  const double lat = deg_to_rad(51.0), lon = deg_to_rad(12.0);
  const geo::Mat3 c = geo::enu_rotation(lat, lon);
  for (int i = 0; i < n; ++i) {
    const geo::Vec3 enu_offset(0.0, spacing_m * i, 0.0);
    Truth t;
    t.r = geo::to_ecef({lat, lon, 200e3}) + c.transpose() * enu_offset;
    t.v = c.transpose() * geo::Vec3(2500.0, 0.0, 300.0);
    out.push_back(t);
  }
  return out;
}

}  // namespace bulwark::tracking::mtt_test
