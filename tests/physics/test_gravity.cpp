// Oracle: the J2 geopotential U = (mu / r) [1 - J2 (a / r)^2 P2(z / r)],
// P2(s) = (3 s^2 - 1) / 2 (Vallado 2013, eq. 8-30 is its gradient). The test
// differentiates U numerically -- an independent route to the acceleration.
#include <gtest/gtest.h>

#include <cmath>

#include "physics/gravity.hpp"

namespace bulwark::physics {
namespace {

double potential(const geo::Vec3& r) {
  const double rn = r.norm();
  const double s = r.z() / rn;
  const double ar = geo::Wgs84::a / rn;
  return geo::Wgs84::gm / rn * (1.0 - geo::Wgs84::j2 * ar * ar * 0.5 * (3.0 * s * s - 1.0));
}

// Central differences with a 1 m step: truncation ~ U''' h^2 / 6 ~ 1e-12 of g.
TEST(Gravity, J2IsTheGradientOfTheJ2Potential) {
  const EarthModel model;
  const geo::Vec3 points[] = {{6378137.0, 0, 0},
                              {0, 0, 6356752.3},
                              {4.0e6, 3.0e6, 4.2e6},
                              {-5.0e6, 2.0e6, -5.5e6},
                              {7.0e6, -1.0e6, 1.0e6}};
  for (const geo::Vec3& r : points) {
    geo::Vec3 grad;
    for (int i = 0; i < 3; ++i) {
      geo::Vec3 dp = r, dm = r;
      dp[i] += 1.0;
      dm[i] -= 1.0;
      grad[i] = (potential(dp) - potential(dm)) / 2.0;
    }
    const geo::Vec3 g = gravity_ecef(r, model);
    EXPECT_LT((g - grad).norm() / g.norm(), 1e-9) << r.transpose();
  }
}

TEST(Gravity, PointMassAndSwitches) {
  EarthModel point;
  point.j2 = false;
  const geo::Vec3 r(4.0e6, 3.0e6, 4.2e6);
  const geo::Vec3 g = gravity_ecef(r, point);
  EXPECT_NEAR(g.norm(), geo::Wgs84::gm / r.squaredNorm(), 1e-12 * g.norm());
  EXPECT_NEAR(g.normalized().dot(-r.normalized()), 1.0, 1e-15);

  EarthModel sphere;
  sphere.shape = geo::EarthShape::spherical;  // J2 ignored on the sphere
  EXPECT_LT((gravity_ecef(r, sphere) - g).norm(), 1e-15 * g.norm());
  EXPECT_EQ(earth_radius(sphere), 6371008.8);
  EXPECT_EQ(earth_gm(sphere), 3.986004418e14);

  // J2 makes equatorial gravity stronger by 1.5 J2 than the point mass at r = a.
  const EarthModel full;
  const geo::Vec3 eq(geo::Wgs84::a, 0, 0);
  EXPECT_NEAR(gravity_ecef(eq, full).norm() / gravity_ecef(eq, point).norm(),
              1.0 + 1.5 * geo::Wgs84::j2, 1e-12);

  EarthModel none;
  none.gravity = false;
  EXPECT_EQ(gravity_ecef(r, none).norm(), 0.0);
}

}  // namespace
}  // namespace bulwark::physics
