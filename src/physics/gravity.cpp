#include "physics/gravity.hpp"

#include <cmath>

namespace bulwark::physics {

double earth_gm(const EarthModel& /*model*/) {
  // The spherical validation Earth of issue 2 uses the same GM as WGS84.
  return geo::Wgs84::gm;
}

double earth_radius(const EarthModel& model) {
  return model.shape == geo::EarthShape::wgs84 ? geo::Wgs84::a : geo::kSphericalRadius;
}

geo::Vec3 gravity_ecef(const geo::Vec3& r_ecef, const EarthModel& model) {
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

geo::Vec3 point_mass_gravity(const geo::Vec3& r_ecef) {
  const double r = r_ecef.norm();
  return r > 1.0 ? geo::Vec3(-geo::Wgs84::gm / (r * r * r) * r_ecef) : geo::Vec3::Zero();
}

}  // namespace bulwark::physics
