// Shared fixtures of the filters tests: a radar site, noise-free and noisy
// radar measurements of an ECEF state, and a re-entry truth flown by
// physics::coast.
#pragma once

#include <cmath>
#include <random>
#include <vector>

#include "common/random.hpp"
#include "geo/frames.hpp"
#include "physics/flight.hpp"
#include "sensors/measurement.hpp"
#include "tracking/estimator.hpp"

namespace bulwark::tracking::test {

inline SensorSite make_site(double lat_deg, double lon_deg, double alt_m = 0.0) {
  const double lat = lat_deg * M_PI / 180.0, lon = lon_deg * M_PI / 180.0;
  SensorSite s;
  s.position_ecef = geo::to_ecef({lat, lon, alt_m});
  s.ecef_to_enu = geo::enu_rotation(lat, lon);
  return s;
}

struct RadarNoise {
  double range_m = 15.0;
  double angle_rad = 1e-3;
  double range_rate_mps = 1.0;
};

// Radar measurement of (r, v) from `site`; with rng, Gaussian noise of `noise`.
inline sensors::Measurement radar_measurement(double t_s, const geo::Vec3& r, const geo::Vec3& v,
                                              const SensorSite& site, const RadarNoise& noise,
                                              Rng* rng) {
  const geo::Vec3 d = r - site.position_ecef;
  const geo::AzElRange aer = geo::enu_to_aer(site.ecef_to_enu * d);
  sensors::Measurement z;
  z.t_s = t_s;
  z.range_m = aer.range_m;
  z.az_rad = aer.az_rad;
  z.el_rad = aer.el_rad;
  z.range_rate_mps = d.dot(v) / d.norm();
  z.sigma_range_m = noise.range_m;
  z.sigma_az_rad = noise.angle_rad;
  z.sigma_el_rad = noise.angle_rad;
  z.sigma_range_rate_mps = noise.range_rate_mps;
  if (rng != nullptr) {
    std::normal_distribution<double> n(0.0, 1.0);
    z.range_m += noise.range_m * n(*rng);
    z.az_rad += noise.angle_rad * n(*rng);
    z.el_rad += noise.angle_rad * n(*rng);
    z.range_rate_mps += noise.range_rate_mps * n(*rng);
  }
  return z;
}

// A re-entry vehicle at 120 km altitude over (45 N, 40 E), 3.5 km/s eastward
// and 25 deg down, coasting with beta = 5,000 kg/m^2 under the full Earth
// model until t_end_s or impact. The radar of make_site(45, 41.8) sees it.
inline physics::Trajectory reentry_truth(double t_end_s, double beta_kgpm2 = 5000.0) {
  const double lat = 45.0 * M_PI / 180.0, lon = 40.0 * M_PI / 180.0;
  physics::FlightState s;
  s.r_ecef = geo::to_ecef({lat, lon, 120e3});
  const geo::Mat3 C = geo::enu_rotation(lat, lon);
  const double g = 25.0 * M_PI / 180.0;
  s.v_ecef = C.transpose() * geo::Vec3(3500.0 * std::cos(g), 0.0, -3500.0 * std::sin(g));
  s.mass_kg = 500.0;
  s.phase = physics::Phase::reentry;
  return physics::coast(s, beta_kgpm2, physics::EarthModel{}, t_end_s);
}

}  // namespace bulwark::tracking::test
