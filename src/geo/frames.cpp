#include "geo/frames.hpp"

#include <GeographicLib/Geocentric.hpp>
#include <GeographicLib/LocalCartesian.hpp>
#include <cmath>
#include <numbers>

namespace bulwark::geo {
namespace {

constexpr double kRadToDeg = 180.0 / std::numbers::pi;

const GeographicLib::Geocentric& earth(EarthShape shape) {
  // GeographicLib's own WGS84 instance; a sphere is an ellipsoid with f = 0.
  static const GeographicLib::Geocentric sphere(kSphericalRadius, 0.0);
  return shape == EarthShape::wgs84 ? GeographicLib::Geocentric::WGS84() : sphere;
}

Mat3 rot_z(double angle) {
  const double c = std::cos(angle), s = std::sin(angle);
  Mat3 r;
  r << c, -s, 0, s, c, 0, 0, 0, 1;
  return r;
}

}  // namespace

Vec3 to_ecef(const Geodetic& g, EarthShape shape) {
  Vec3 r;
  earth(shape).Forward(g.lat_rad * kRadToDeg, g.lon_rad * kRadToDeg, g.alt_m, r.x(), r.y(),
                       r.z());
  return r;
}

Geodetic to_geodetic(const Vec3& ecef, EarthShape shape) {
  double lat = 0, lon = 0, h = 0;
  earth(shape).Reverse(ecef.x(), ecef.y(), ecef.z(), lat, lon, h);
  return {lat / kRadToDeg, lon / kRadToDeg, h};
}

Mat3 enu_rotation(double lat_rad, double lon_rad) {
  const double sl = std::sin(lat_rad), cl = std::cos(lat_rad);
  const double so = std::sin(lon_rad), co = std::cos(lon_rad);
  Mat3 r;
  r << -so, co, 0.0,            // east
      -sl * co, -sl * so, cl,   // north
      cl * co, cl * so, sl;     // up
  return r;
}

Vec3 ecef_to_enu(const Vec3& ecef, const Geodetic& origin, EarthShape shape) {
  return enu_rotation(origin.lat_rad, origin.lon_rad) * (ecef - to_ecef(origin, shape));
}

Vec3 enu_to_ecef(const Vec3& enu, const Geodetic& origin, EarthShape shape) {
  return to_ecef(origin, shape) + enu_rotation(origin.lat_rad, origin.lon_rad).transpose() * enu;
}

AzElRange enu_to_aer(const Vec3& enu) {
  const double horiz = std::hypot(enu.x(), enu.y());
  double az = std::atan2(enu.x(), enu.y());
  if (az < 0) az += 2.0 * std::numbers::pi;
  return {az, std::atan2(enu.z(), horiz), enu.norm()};
}

Vec3 aer_to_enu(const AzElRange& aer) {
  const double ce = std::cos(aer.el_rad);
  return aer.range_m *
         Vec3(ce * std::sin(aer.az_rad), ce * std::cos(aer.az_rad), std::sin(aer.el_rad));
}

double earth_rotation_angle(double jd_ut1) {
  const double du = jd_ut1 - 2451545.0;
  // Split the day count so the fraction keeps full precision.
  const double frac = std::fmod(du, 1.0) + 0.7790572732640 + 0.00273781191135448 * du;
  double era = 2.0 * std::numbers::pi * std::fmod(frac, 1.0);
  if (era < 0) era += 2.0 * std::numbers::pi;
  return era;
}

Vec3 ecef_to_eci_position(const Vec3& r_ecef, double era_rad) { return rot_z(era_rad) * r_ecef; }

Vec3 ecef_to_eci_velocity(const Vec3& r_ecef, const Vec3& v_ecef, double era_rad) {
  const Vec3 omega(0, 0, Wgs84::omega);
  return rot_z(era_rad) * (v_ecef + omega.cross(r_ecef));
}

Vec3 eci_to_ecef_position(const Vec3& r_eci, double era_rad) {
  return rot_z(-era_rad) * r_eci;
}

Vec3 eci_to_ecef_velocity(const Vec3& r_eci, const Vec3& v_eci, double era_rad) {
  const Vec3 omega(0, 0, Wgs84::omega);
  const Vec3 r_ecef = rot_z(-era_rad) * r_eci;
  return rot_z(-era_rad) * v_eci - omega.cross(r_ecef);
}

}  // namespace bulwark::geo
