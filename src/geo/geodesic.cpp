#include "geo/geodesic.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <numbers>

namespace bulwark::geo {
namespace {

constexpr double kRadToDeg = 180.0 / std::numbers::pi;

const GeographicLib::Geodesic& geodesic(EarthShape shape) {
  static const GeographicLib::Geodesic sphere(kSphericalRadius, 0.0);
  return shape == EarthShape::wgs84 ? GeographicLib::Geodesic::WGS84() : sphere;
}

}  // namespace

GeodesicInverse geodesic_inverse(const Geodetic& from, const Geodetic& to, EarthShape shape) {
  double s12 = 0, azi1 = 0, azi2 = 0;
  geodesic(shape).Inverse(from.lat_rad * kRadToDeg, from.lon_rad * kRadToDeg,
                          to.lat_rad * kRadToDeg, to.lon_rad * kRadToDeg, s12, azi1, azi2);
  return {s12, azi1 / kRadToDeg, azi2 / kRadToDeg};
}

Geodetic geodesic_direct(const Geodetic& from, double azimuth_rad, double distance_m,
                         EarthShape shape) {
  double lat2 = 0, lon2 = 0;
  geodesic(shape).Direct(from.lat_rad * kRadToDeg, from.lon_rad * kRadToDeg,
                         azimuth_rad * kRadToDeg, distance_m, lat2, lon2);
  return {lat2 / kRadToDeg, lon2 / kRadToDeg, from.alt_m};
}

}  // namespace bulwark::geo
