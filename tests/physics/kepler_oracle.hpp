// Two-body (Kepler) closed forms used as oracles by the flight tests
// (Vallado 2013, ch. 2; Bate, Mueller & White 1971, ch. 2 and 6): from a
// state (r0, v0) on an elliptic arc, the apogee radius, and the time, range
// angle and position at which the arc descends through radius R.
#pragma once

#include <cmath>
#include <numbers>

#include "geo/frames.hpp"

namespace bulwark::physics::test {

struct KeplerArc {
  double apogee_radius_m = 0.0;
  double time_to_impact_s = 0.0;
  double range_angle_rad = 0.0;  // from r0 to the impact point
  geo::Vec3 impact_m = geo::Vec3::Zero();
};

inline KeplerArc kepler_to_radius(const geo::Vec3& r0, const geo::Vec3& v0, double mu,
                                  double radius) {
  constexpr double two_pi = 2.0 * std::numbers::pi;
  const geo::Vec3 h = r0.cross(v0);
  const double r = r0.norm();
  const double energy = 0.5 * v0.squaredNorm() - mu / r;
  const double a = -mu / (2.0 * energy);
  const geo::Vec3 e_vec = v0.cross(h) / mu - r0 / r;
  const double e = e_vec.norm();
  const double p = h.squaredNorm() / mu;
  // True anomaly at the start (ascending: sin > 0) and at impact (descending).
  double nu0 = std::atan2(r0.dot(v0) * h.norm() / (mu * e * r), (p / r - 1.0) / e);
  if (nu0 < 0) nu0 += two_pi;
  const double nu1 = two_pi - std::acos((p / radius - 1.0) / e);
  auto mean_anomaly = [&](double nu) {
    double ecc = std::atan2(std::sqrt(1.0 - e * e) * std::sin(nu), e + std::cos(nu));
    if (ecc < 0) ecc += two_pi;
    return ecc - e * std::sin(ecc);
  };
  KeplerArc arc;
  arc.apogee_radius_m = a * (1.0 + e);
  arc.time_to_impact_s = (mean_anomaly(nu1) - mean_anomaly(nu0)) / std::sqrt(mu / (a * a * a));
  arc.range_angle_rad = nu1 - nu0;
  const geo::Vec3 u = r0.normalized();
  const geo::Vec3 w = h.normalized().cross(u);
  arc.impact_m = radius * (std::cos(arc.range_angle_rad) * u + std::sin(arc.range_angle_rad) * w);
  return arc;
}

inline double angle_between(const geo::Vec3& a, const geo::Vec3& b) {
  return std::atan2(a.cross(b).norm(), a.dot(b));
}

}  // namespace bulwark::physics::test
