// Earth frames: WGS84 geodetic <-> ECEF <-> local ENU <-> azimuth/elevation/range,
// and ECEF <-> ECI by the Earth rotation angle.
//
// Geodetic <-> ECEF and ENU use GeographicLib's Geocentric and LocalCartesian
// (Karney 2011, "Transverse Mercator with an accuracy of a few nanometers",
// and GeographicLib docs: geocentric conversion error < 5 nm within 5,000 km
// of the ellipsoid); the WGS84 constants are those of NIMA TR8350.2 (2000).
// A spherical Earth (radius 6,371,008.8 m, IUGG mean radius) is available for
// validation against two-body closed forms.
//
// ECI here is a quasi-inertial frame: ECEF rotated about z by the Earth
// rotation angle (IERS Conventions 2010, eq. 5.15). Precession and nutation
// (< 1e-6 rad over the minutes of a ballistic flight) and polar motion
// (~ 1e-6 rad) are neglected; their effect on a 30-minute flight is below
// a metre of frame error, far under the models' other errors.
#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry>

namespace bulwark::geo {

using Vec3 = Eigen::Vector3d;
using Mat3 = Eigen::Matrix3d;

struct Wgs84 {
  static constexpr double a = 6378137.0;                  // semi-major axis, m
  static constexpr double f = 1.0 / 298.257223563;        // flattening
  static constexpr double gm = 3.986004418e14;            // m^3/s^2, incl. atmosphere
  static constexpr double omega = 7.292115e-5;            // rad/s, Earth rotation rate
  static constexpr double j2 = 1.08262998905e-3;          // from C20 of TR8350.2
};

enum class EarthShape { wgs84, spherical };
constexpr double kSphericalRadius = 6371008.8;  // m, IUGG mean Earth radius

struct Geodetic {
  double lat_rad = 0.0;
  double lon_rad = 0.0;
  double alt_m = 0.0;  // above the ellipsoid (or sphere)
};

// Valid for any point outside the Earth's centre; altitude is ellipsoidal.
Vec3 to_ecef(const Geodetic& g, EarthShape shape = EarthShape::wgs84);
Geodetic to_geodetic(const Vec3& ecef, EarthShape shape = EarthShape::wgs84);

// Rotation taking ECEF vectors to the local East-North-Up frame at (lat, lon):
// v_enu = enu_rotation(lat, lon) * v_ecef. Up is the ellipsoid normal.
Mat3 enu_rotation(double lat_rad, double lon_rad);
Vec3 ecef_to_enu(const Vec3& ecef, const Geodetic& origin, EarthShape shape = EarthShape::wgs84);
Vec3 enu_to_ecef(const Vec3& enu, const Geodetic& origin, EarthShape shape = EarthShape::wgs84);

// Azimuth from north clockwise in [0, 2pi), elevation above the local horizon.
struct AzElRange {
  double az_rad = 0.0;
  double el_rad = 0.0;
  double range_m = 0.0;
};
AzElRange enu_to_aer(const Vec3& enu);
Vec3 aer_to_enu(const AzElRange& aer);

// Earth rotation angle (IERS 2010 eq. 5.15) at a UT1 Julian date; UTC is used
// for UT1 (|UT1-UTC| < 0.9 s, i.e. < 7e-5 rad of rotation).
double earth_rotation_angle(double jd_ut1);

// ECEF -> ECI for a frame whose z is the rotation axis and whose x is the
// ECEF x axis at rotation angle 0.
Vec3 ecef_to_eci_position(const Vec3& r_ecef, double era_rad);
Vec3 ecef_to_eci_velocity(const Vec3& r_ecef, const Vec3& v_ecef, double era_rad);
Vec3 eci_to_ecef_position(const Vec3& r_eci, double era_rad);
Vec3 eci_to_ecef_velocity(const Vec3& r_eci, const Vec3& v_eci, double era_rad);

}  // namespace bulwark::geo
