// Gravitational acceleration in ECEF: point mass, plus the J2 zonal term on
// WGS84 (Vallado, Fundamentals of Astrodynamics, 4th ed., eq. 8-30).
// Centrifugal and Coriolis terms belong to the equations of motion (flight.hpp),
// not to gravity. Valid outside the Earth's centre (any altitude); equals
// the numerical gradient of the J2 potential to 1e-9 relative
// (Gravity.J2IsTheGradientOfTheJ2Potential).
#pragma once

#include <cmath>

#include "geo/frames.hpp"
#include "physics/earth_model.hpp"

namespace bulwark::physics {

// Inline: the flight integrator's and the trackers' hot path.
inline geo::Vec3 gravity_ecef(const geo::Vec3& r_ecef, const EarthModel& model) {
  if (!model.gravity) return geo::Vec3::Zero();
  const double r2 = r_ecef.squaredNorm();
  const double r = std::sqrt(r2);
  const double mu_r3 = geo::Wgs84::gm / (r2 * r);
  if (model.shape != geo::EarthShape::wgs84 || !model.j2) return -mu_r3 * r_ecef;
  // Vallado (2013) eq. 8-30: J2 zonal perturbation of the point-mass field.
  const double k = 1.5 * geo::Wgs84::j2 * geo::Wgs84::a * geo::Wgs84::a / r2;
  const double z2 = r_ecef.z() * r_ecef.z() / r2;
  const double fxy = 1.0 + k * (1.0 - 5.0 * z2);
  const double fz = 1.0 + k * (3.0 - 5.0 * z2);
  return {-mu_r3 * r_ecef.x() * fxy, -mu_r3 * r_ecef.y() * fxy, -mu_r3 * r_ecef.z() * fz};
}

// Point-mass gravity -GM r / |r|^3 alone, for quick extrapolations (gating,
// track initialisation, metrics); zero at the centre.
geo::Vec3 point_mass_gravity(const geo::Vec3& r_ecef);

// Gravitational parameter and reference radius of the chosen Earth shape.
double earth_gm(const EarthModel& model);
double earth_radius(const EarthModel& model);

}  // namespace bulwark::physics
