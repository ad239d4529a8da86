// Oracle: U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562), Table I
// (geometric altitude; temperature K, pressure Pa, density kg/m^3, speed of
// sound m/s), values as printed (4-5 significant digits).
#include <gtest/gtest.h>

#include <cmath>

#include "physics/atmosphere.hpp"

namespace bulwark::physics {
namespace {

struct Row {
  double z_m, t_k, p_pa, rho, a_mps;
};

// Below 86 km the model is the standard's own hydrostatic layers, so it must
// reproduce the printed table to its rounding; the issue asks <= 0.5 %, we
// assert 0.02 % (the printed values have 5 digits; measured max error 0.007 %).
TEST(Ussa76, MatchesPublishedTableBelow86Km) {
  const Row rows[] = {
      {0, 288.150, 101325.0, 1.2250, 340.29},       {1000, 281.651, 89874.6, 1.1117, 336.43},
      {5000, 255.676, 54048.3, 0.73643, 320.55},    {11000, 216.774, 22699.9, 0.36480, 295.15},
      {20000, 216.650, 5529.31, 8.8910e-2, 295.07}, {30000, 226.509, 1197.0, 1.8410e-2, 301.71},
      {40000, 250.350, 287.14, 3.9957e-3, 317.19},  {50000, 270.650, 79.779, 1.0269e-3, 329.80},
      {60000, 247.021, 21.958, 3.0968e-4, 315.07},  {70000, 219.585, 5.2209, 8.2829e-5, 297.06},
      {80000, 198.639, 1.0524, 1.8458e-5, 282.54},
  };
  for (const Row& r : rows) {
    const AtmosphereSample s = ussa76(r.z_m);
    EXPECT_NEAR(s.temperature_k / r.t_k, 1.0, 2e-4) << r.z_m;
    EXPECT_NEAR(s.pressure_pa / r.p_pa, 1.0, 2e-4) << r.z_m;
    EXPECT_NEAR(s.density_kgpm3 / r.rho, 1.0, 2e-4) << r.z_m;
    EXPECT_NEAR(s.speed_of_sound_mps / r.a_mps, 1.0, 2e-4) << r.z_m;
    EXPECT_NEAR(ussa76_density(r.z_m) / s.density_kgpm3, 1.0, 2e-8) << r.z_m;
  }
}

// Above 86 km temperature is the standard's closed form (eqs. 25-31: 0.01 %
// against the printed values); density and pressure are log-linear between
// tabulated nodes with a hydrostatic (g/T-weighted) interpolation. At
// altitudes BETWEEN the nodes the error measured here is < 0.7 % up to
// 180 km and < 3 % at 350-450 km (the mean molecular weight changes fast
// there) -- small against the solar-cycle variation of the real thermosphere.
TEST(Ussa76, InterpolatesPublishedTableAbove86Km) {
  const Row rows[] = {
      {95000, 188.42, 7.5966e-2, 1.393e-6, 0},   {140000, 559.63, 7.2028e-4, 3.831e-9, 0},
      {180000, 790.07, 1.5271e-4, 5.194e-10, 0}, {350000, 990.06, 3.4376e-6, 7.014e-12, 0},
      {450000, 998.22, 6.4519e-7, 1.184e-12, 0},
  };
  for (const Row& r : rows) {
    const AtmosphereSample s = ussa76(r.z_m);
    EXPECT_NEAR(s.temperature_k / r.t_k, 1.0, 1e-4) << r.z_m;
    EXPECT_NEAR(s.density_kgpm3 / r.rho, 1.0, 0.03) << r.z_m;
    EXPECT_NEAR(s.pressure_pa / r.p_pa, 1.0, 0.03) << r.z_m;
  }
}

// The tabulated hot-path density against the exact model (ussa76(), the
// oracle) every 10 m from -5 to 1000 km and at the cells' midpoints and
// edges: the interpolation bound (h / H)^4 / 384 ~ 1.3e-8 (atmosphere.cpp)
// holds. Far below what drag needs: the model itself is 0.007-3 % off the
// printed standard.
TEST(Ussa76, TabulatedDensityMatchesExact) {
  double worst = 0.0;
  double worst_z = 0.0;
  auto check = [&](double z) {
    const double exact = ussa76(z).density_kgpm3;
    const double err = std::abs(ussa76_density(z) / exact - 1.0);
    if (err > worst) {
      worst = err;
      worst_z = z;
    }
  };
  for (double z = -5000.0; z <= 1000e3; z += 10.0) check(z);
  for (double z = 86000.0 + 125.0; z < 1000e3; z += 250.0) check(z);  // cell midpoints
  for (double z : {-5000.0, 85999.999, 86000.0, 86000.001, 999999.999, 1000e3}) check(z);
  EXPECT_LT(worst, 2e-8) << "at " << worst_z << " m";
}

TEST(Ussa76, ContinuousAt86KmAndBoundedOutside) {
  const double below = ussa76_density(86000.0 - 1e-6);
  const double above = ussa76_density(86000.0 + 1e-6);
  EXPECT_NEAR(above / below, 1.0, 2e-3);  // the standard's own join (rounded table value)
  EXPECT_EQ(ussa76_density(1000e3 + 1.0), 0.0);
  EXPECT_EQ(ussa76(2000e3).pressure_pa, 0.0);
  EXPECT_DOUBLE_EQ(ussa76_density(-10000.0), ussa76_density(-5000.0));  // clamps below -5 km
  // Density decreases monotonically with altitude.
  double prev = ussa76_density(-5000.0);
  for (double z = -4000.0; z <= 1000e3; z += 1000.0) {
    const double rho = ussa76_density(z);
    ASSERT_LT(rho, prev) << z;
    prev = rho;
  }
}

}  // namespace
}  // namespace bulwark::physics
