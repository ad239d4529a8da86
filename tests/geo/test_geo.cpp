#include <gtest/gtest.h>

#include <cmath>

#include "common/units.hpp"
#include "geo/frames.hpp"
#include "geo/geodesic.hpp"
#include "geo/time.hpp"

namespace bulwark::geo {
namespace {

TEST(Frames, EcefOfEverestMatchesGeographicLibExample) {
  // GeographicLib CartConvert documentation: 27.99 N, 86.93 E, 8820 m.
  const Vec3 r = to_ecef({deg_to_rad(27.99), deg_to_rad(86.93), 8820.0});
  EXPECT_NEAR(r.x(), 302271.4, 0.1);
  EXPECT_NEAR(r.y(), 5635928.4, 0.1);
  EXPECT_NEAR(r.z(), 2979666.1, 0.1);
}

TEST(Frames, GeodeticRoundTripIsNanometric) {
  for (double lat : {-89.9, -45.0, 0.0, 37.5, 89.9}) {
    for (double h : {-100.0, 0.0, 1.0e5, 1.0e6}) {
      const Geodetic g{deg_to_rad(lat), deg_to_rad(12.3), h};
      const Geodetic back = to_geodetic(to_ecef(g));
      EXPECT_NEAR(back.lat_rad, g.lat_rad, 1e-13);
      EXPECT_NEAR(back.alt_m, g.alt_m, 1e-7);
    }
  }
}

TEST(Frames, SphericalShapeHasConstantRadius) {
  const Vec3 r = to_ecef({deg_to_rad(51.0), deg_to_rad(10.0), 1000.0}, EarthShape::spherical);
  EXPECT_NEAR(r.norm(), kSphericalRadius + 1000.0, 1e-6);
}

TEST(Frames, EnuAndAerAreConsistent) {
  const Geodetic site{deg_to_rad(50.0), deg_to_rad(5.0), 100.0};
  const Geodetic target{deg_to_rad(50.1), deg_to_rad(5.0), 100.0};
  const AzElRange aer = enu_to_aer(ecef_to_enu(to_ecef(target), site));
  EXPECT_NEAR(std::sin(aer.az_rad), 0.0, 1e-3);  // due north
  EXPECT_GT(std::cos(aer.az_rad), 0.99);
  EXPECT_LT(aer.el_rad, 0.0);                   // below the horizon by curvature
  EXPECT_NEAR(aer.range_m, 11131.0, 20.0);      // ~0.1 deg of latitude
  const Vec3 enu = aer_to_enu(aer);
  EXPECT_NEAR((enu_to_ecef(enu, site) - to_ecef(target)).norm(), 0.0, 1e-6);
}

TEST(Geodesic, JfkToLhrMatchesKarney2013) {
  // Karney (2013) / GeodSolve documentation example.
  const auto inv = geodesic_inverse({deg_to_rad(40.6), deg_to_rad(-73.8), 0},
                                    {deg_to_rad(51.6), deg_to_rad(-0.5), 0});
  EXPECT_NEAR(inv.distance_m, 5551759.4, 0.1);
  EXPECT_NEAR(rad_to_deg(inv.azimuth1_rad), 51.198882, 1e-6);
  EXPECT_NEAR(rad_to_deg(inv.azimuth2_rad), 107.821776, 1e-6);
  const Geodetic end = geodesic_direct({deg_to_rad(40.6), deg_to_rad(-73.8), 0},
                                       inv.azimuth1_rad, inv.distance_m);
  EXPECT_NEAR(rad_to_deg(end.lat_rad), 51.6, 1e-9);
  EXPECT_NEAR(rad_to_deg(end.lon_rad), -0.5, 1e-9);
}

TEST(Time, J2000EpochAndRotationAngle) {
  const auto jd = julian_date_from_iso8601("2000-01-01T12:00:00Z");
  ASSERT_TRUE(jd.has_value());
  EXPECT_DOUBLE_EQ(*jd, 2451545.0);
  // IERS 2010 eq. 5.15 at J2000: 2 pi * 0.7790572732640 rad.
  EXPECT_NEAR(earth_rotation_angle(2451545.0), 2.0 * kPi * 0.7790572732640, 1e-12);
  // One sidereal day later the angle returns (to round-off).
  EXPECT_NEAR(earth_rotation_angle(2451545.0 + 1.0 / 1.00273781191135448),
              earth_rotation_angle(2451545.0), 1e-8);  // JD round-off ~5e-10 day
  EXPECT_FALSE(julian_date_from_iso8601("2000-13-01T12:00:00Z").has_value());
  EXPECT_FALSE(julian_date_from_iso8601("yesterday").has_value());
}

TEST(Frames, EciVelocityAddsEarthRotation) {
  const Vec3 r(Wgs84::a, 0, 0);
  const Vec3 v_eci = ecef_to_eci_velocity(r, Vec3::Zero(), 0.0);
  EXPECT_NEAR(v_eci.y(), Wgs84::omega * Wgs84::a, 1e-9);  // ~465 m/s at the equator
  const Vec3 v_back = eci_to_ecef_velocity(ecef_to_eci_position(r, 0.3), ecef_to_eci_velocity(r, Vec3(1, 2, 3), 0.3), 0.3);
  EXPECT_NEAR((v_back - Vec3(1, 2, 3)).norm(), 0.0, 1e-9);
}

}  // namespace
}  // namespace bulwark::geo
