// Gravitational acceleration in ECEF: point mass, plus the J2 zonal term on
// WGS84 (Vallado, Fundamentals of Astrodynamics, 4th ed., eq. 8-30).
// Centrifugal and Coriolis terms belong to the equations of motion (flight.hpp),
// not to gravity. Valid outside the Earth's centre (any altitude); equals
// the numerical gradient of the J2 potential to 1e-9 relative
// (Gravity.J2IsTheGradientOfTheJ2Potential).
#pragma once

#include "geo/frames.hpp"
#include "physics/earth_model.hpp"

namespace bulwark::physics {

geo::Vec3 gravity_ecef(const geo::Vec3& r_ecef, const EarthModel& model);

// Point-mass gravity -GM r / |r|^3 alone, for quick extrapolations (gating,
// track initialisation, metrics); zero at the centre.
geo::Vec3 point_mass_gravity(const geo::Vec3& r_ecef);

// Gravitational parameter and reference radius of the chosen Earth shape.
double earth_gm(const EarthModel& model);
double earth_radius(const EarthModel& model);

}  // namespace bulwark::physics
