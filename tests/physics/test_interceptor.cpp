// Interceptor flyouts and the time-of-flight envelope table.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

#include "common/units.hpp"
#include "geo/geodesic.hpp"
#include "physics/interceptor.hpp"

namespace bulwark::physics {
namespace {

// The LOWER-TIER and UPPER-TIER figures of data/catalog.yaml (notional).
InterceptorClass lower_tier() {
  InterceptorClass c;
  c.name = "LOWER-TIER";
  c.stages = {{500.0, 150.0, 250.0, 12.0}};
  c.kill_vehicle_mass_kg = 250.0;
  c.reference_area_m2 = 0.0707;
  c.drag.mach_cd = {{0, 0.30}, {0.8, 0.30}, {1.1, 0.55}, {1.5, 0.50}, {3, 0.35}, {6, 0.28}};
  c.min_intercept_alt_m = 2e3;
  c.max_intercept_alt_m = 25e3;
  c.max_range_m = 40e3;
  c.max_time_of_flight_s = 60.0;
  c.sspk = 0.6;
  return c;
}

InterceptorClass upper_tier() {
  InterceptorClass c = lower_tier();
  c.name = "UPPER-TIER";
  c.stages = {{700.0, 200.0, 250.0, 6.0}, {350.0, 100.0, 280.0, 10.0}, {100.0, 40.0, 285.0, 10.0}};
  c.kill_vehicle_mass_kg = 30.0;
  c.reference_area_m2 = 0.1307;
  c.min_intercept_alt_m = 70e3;
  c.max_intercept_alt_m = 500e3;
  c.max_range_m = 600e3;
  c.max_time_of_flight_s = 300.0;
  return c;
}

const geo::Geodetic kSite{deg_to_rad(50.0), deg_to_rad(10.0), 0.0};

geo::Vec3 point_at(double azimuth_deg, double range_m, double alt_m) {
  geo::Geodetic g = geo::geodesic_direct(kSite, deg_to_rad(azimuth_deg), range_m);
  g.alt_m = alt_m;
  return geo::to_ecef(g);
}

// The boost direction is solved so the flyout passes through the aim point
// (closest approach < 5 m, against a kill radius of metres to tens of metres).
TEST(Interceptor, FlyoutPassesThroughTheAimPoint) {
  const EarthModel model;
  struct Case {
    InterceptorClass cls;
    double az, range, alt;
  };
  const Case cases[] = {{lower_tier(), 30.0, 20e3, 12e3},
                        {lower_tier(), 200.0, 35e3, 4e3},
                        {upper_tier(), 100.0, 300e3, 200e3},
                        {upper_tier(), 300.0, 100e3, 90e3}};
  for (const Case& c : cases) {
    const geo::Vec3 aim = point_at(c.az, c.range, c.alt);
    const Trajectory t = fly_interceptor(c.cls, kSite, aim, 100.0, model);
    ASSERT_FALSE(t.states.empty());
    EXPECT_DOUBLE_EQ(t.states.front().t_s, 100.0);
    EXPECT_LT((t.states.back().r_ecef - aim).norm(), 5.0) << c.cls.name << " " << c.range;
    EXPECT_NE(t.find(EventKind::burnout), nullptr);
    EXPECT_LT(t.states.back().t_s - 100.0, c.cls.max_time_of_flight_s);
  }
}

// The envelope table agrees with direct flyouts to the same points (bilinear
// interpolation on a 41 x 31 grid of a fan of 60 flyouts: within 3 % or 1 s),
// is empty outside the altitude band, max range and max time of flight, and
// is cheap to query.
TEST(Interceptor, EnvelopeMatchesFlyoutsAndBoundsTheEnvelope) {
  const EarthModel model;
  for (const InterceptorClass& cls : {lower_tier(), upper_tier()}) {
    const EnvelopeTable env = build_envelope(cls, model);
    const double rmax = cls.max_range_m, amin = cls.min_intercept_alt_m,
                 amax = cls.max_intercept_alt_m;
    int checked = 0;
    for (double fr : {0.2, 0.45, 0.7}) {
      for (double fa : {0.15, 0.5}) {
        const double range = fr * rmax, alt = amin + fa * (amax - amin);
        const auto tof = env.time_of_flight(range, alt);
        if (!tof) continue;
        const Trajectory t = fly_interceptor(cls, kSite, point_at(45.0, range, alt), 0.0, model);
        const double flown = t.states.back().t_s;
        EXPECT_NEAR(*tof, flown, std::max(1.0, 0.03 * flown))
            << cls.name << " " << range << " " << alt;
        ++checked;
      }
    }
    EXPECT_GE(checked, 4) << cls.name;
    EXPECT_FALSE(env.time_of_flight(0.5 * rmax, amax * 1.01));
    EXPECT_FALSE(env.time_of_flight(0.5 * rmax, amin * 0.99));
    EXPECT_FALSE(env.time_of_flight(rmax * 1.01, 0.5 * (amin + amax)));
    EXPECT_FALSE(env.time_of_flight(-1.0, 0.5 * (amin + amax)));
    for (double v : env.tof_s)
      if (!std::isnan(v)) {
        EXPECT_LE(v, cls.max_time_of_flight_s);
      }
  }
}

}  // namespace
}  // namespace bulwark::physics
