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

geo::Vec3 point_mass_gravity(const geo::Vec3& r_ecef) {
  const double r = r_ecef.norm();
  return r > 1.0 ? geo::Vec3(-geo::Wgs84::gm / (r * r * r) * r_ecef) : geo::Vec3::Zero();
}

}  // namespace bulwark::physics
