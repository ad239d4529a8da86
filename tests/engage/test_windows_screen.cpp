// The cheap envelope screen and the launch horizon of engage/windows.hpp:
// both must leave every opportunity the full search finds (the screen on
// altitude and range; the horizon for launch times up to it).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <random>

#include "common/units.hpp"
#include "engage/windows.hpp"
#include "engage/windows_fixture.hpp"
#include "geo/geodesic.hpp"

namespace bulwark::engage {
namespace {

using test::battery_at;
using test::threat_path;
using test::upper_tier;

// tof = t0 + distance / speed, reachable everywhere on the grid.
physics::EnvelopeTable table(double max_range_m, double max_alt_m, double step_m, double t0,
                             double speed) {
  return test::table(max_range_m, max_alt_m, step_m, step_m, t0, speed, -1.0);
}

// The screen's bounds are exact consequences of the ellipsoid's geometry, so
// over random points around the battery (altitude 0-400 km, range 0-900 km,
// both shapes) it never rejects one inside the altitude band and range
// (checked with the exact geodetic altitude and geodesic), and it does
// rejects every point beyond its known slack (so it saves the exact
// conversions).
TEST(WindowsScreen, NeverRejectsAPointInsideTheEnvelope) {
  const physics::InterceptorClass cls = upper_tier();
  const physics::EnvelopeTable env = table(400e3, 250e3, 10e3, 8.0, 2500.0);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> az(0.0, 2.0 * std::numbers::pi);
  std::uniform_real_distribution<double> dist(0.0, 900e3);
  std::uniform_real_distribution<double> alt(0.0, 400e3);
  for (const geo::EarthShape shape : {geo::EarthShape::wgs84, geo::EarthShape::spherical}) {
    for (const double site_lat_deg : {0.0, 45.0, 70.0}) {
      const geo::Geodetic site{deg_to_rad(site_lat_deg), deg_to_rad(10.0), 300.0};
      const BatteryGeometry b = battery_geometry(battery_at(site), cls, env, shape);
      int inside = 0;
      int far_rejected = 0;
      int far = 0;
      for (int k = 0; k < 4000; ++k) {
        geo::Geodetic p = geo::geodesic_direct(site, az(rng), dist(rng), shape);
        p.alt_m = alt(rng);
        const geo::Vec3 r = geo::to_ecef(p, shape);
        const geo::Geodetic g = geo::to_geodetic(r, shape);
        const double range = geo::geodesic_inverse(site, g, shape).distance_m;
        const bool in_band = g.alt_m >= cls.min_intercept_alt_m &&
                             g.alt_m <= cls.max_intercept_alt_m && range <= cls.max_range_m;
        const bool pass = may_be_in_envelope(b, r, shape);
        if (in_band) {
          ++inside;
          EXPECT_TRUE(pass) << "alt " << g.alt_m << " range " << range;
        }
        // Well outside: beyond the bounds' own slack, which is a - b = 21.4 km
        // in altitude on WGS84 and, in range, the 0.0035 h offset (1.4 km at
        // 400 km) plus up to 0.7 % from measuring the arc at radius b.
        if (g.alt_m < cls.min_intercept_alt_m - 25e3 || g.alt_m > cls.max_intercept_alt_m + 25e3 ||
            range > 1.01 * cls.max_range_m + 5e3) {
          ++far;
          if (!pass) ++far_rejected;
        }
      }
      EXPECT_GT(inside, 200);
      EXPECT_GT(far, 1000);
      EXPECT_EQ(far_rejected, far);
    }
  }
}

// With a launch horizon, every opportunity of the full search launching at
// or before it is found with identical values, and one later opportunity
// still shows that a later window exists (this geometry closes on the
// battery, so the launch time grows with the intercept time).
TEST(WindowsScreen, LaunchHorizonKeepsEveryEarlierOpportunity) {
  const physics::Trajectory path = threat_path();
  const geo::Geodetic impact = geo::to_geodetic(path.states.back().r_ecef);
  const physics::InterceptorClass cls = upper_tier();
  const physics::EnvelopeTable env = table(400e3, 250e3, 10e3, 8.0, 2500.0);
  const geo::Geodetic site = geo::geodesic_direct(impact, std::numbers::pi / 2.0, 150e3);
  const BatteryGeometry b = battery_geometry(battery_at(site), cls, env);
  std::vector<InterceptOpportunity> full;
  for (const auto& w : launch_windows(b, path, -1e9))
    full.insert(full.end(), w.opportunities.begin(), w.opportunities.end());
  ASSERT_GT(full.size(), 40u);
  WindowOptions o;
  o.launch_horizon_s = full[full.size() / 3].launch_time_s;
  std::vector<InterceptOpportunity> cut;
  for (const auto& w : launch_windows(b, path, -1e9, o))
    cut.insert(cut.end(), w.opportunities.begin(), w.opportunities.end());
  ASSERT_LT(cut.size(), full.size());  // the horizon saved work
  int later = 0;
  for (const auto& c : cut) later += c.launch_time_s > o.launch_horizon_s ? 1 : 0;
  EXPECT_GE(later, 1);
  for (const auto& f : full) {
    if (f.launch_time_s > o.launch_horizon_s) continue;
    bool found = false;
    for (const auto& c : cut)
      found = found || (c.intercept_time_s == f.intercept_time_s &&
                        c.launch_time_s == f.launch_time_s && c.pk == f.pk);
    EXPECT_TRUE(found) << "launch " << f.launch_time_s;
  }
}

// The full test of one point computed by hand, with the launch at or after
// earliest_s: geodetic altitude, geodesic range, table time of flight,
// crossing angle.
std::optional<InterceptOpportunity> by_hand(const BatteryGeometry& b, const geo::Vec3& r,
                                            const geo::Vec3& v, double t, double earliest_s,
                                            geo::EarthShape shape) {
  const physics::InterceptorClass& cls = *b.interceptor;
  const geo::Geodetic g = geo::to_geodetic(r, shape);
  if (g.alt_m < cls.min_intercept_alt_m || g.alt_m > cls.max_intercept_alt_m) return std::nullopt;
  const double range = geo::geodesic_inverse(b.site, g, shape).distance_m;
  if (range > cls.max_range_m) return std::nullopt;
  const std::optional<double> tof = b.envelope->time_of_flight(range, g.alt_m);
  if (!tof || *tof <= 0.0 || *tof > cls.max_time_of_flight_s) return std::nullopt;
  const geo::Vec3 back = b.site_ecef - r;
  const double chi = std::acos(std::clamp(v.dot(back) / (v.norm() * back.norm()), -1.0, 1.0));
  if (chi > WindowOptions{}.max_crossing_angle_rad) return std::nullopt;
  if (t - *tof < earliest_s) return std::nullopt;
  InterceptOpportunity o;
  o.launch_time_s = t - *tof;
  o.ground_range_m = range;
  return o;
}

// Before the geodesic, the search bounds the ground range by the geocentric
// angle of the two surface points and asks the envelope table whether any
// time of flight in those cells could fit (reachable, launch not too early).
// Over random points of a table with an unreachable corner,
// both shapes and three latitudes, a one-state path gives exactly the
// opportunity the full test computed by hand gives.
TEST(WindowsScreen, TableScreenDecidesLikeTheFullTest) {
  const physics::InterceptorClass cls = upper_tier();
  // Cells of 1 km in range, finer than the bounds' slack at altitude (the
  // foot's offset, 0.0035 h), so every bound matters.
  physics::EnvelopeTable env = test::table(400e3, 250e3, 1e3, 10e3, 8.0, 2500.0, -1.0);
  // Unreachable beyond 330 km of slant distance (a corner of the grid).
  for (std::size_t i = 0; i < env.ground_range_m.size(); ++i)
    for (std::size_t j = 0; j < env.alt_m.size(); ++j)
      if (std::hypot(env.ground_range_m[i], env.alt_m[j]) > 330e3)
        env.tof_s[i * env.alt_m.size() + j] = std::nan("");
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> az(0.0, 2.0 * std::numbers::pi);
  std::uniform_real_distribution<double> dist(0.0, 400e3);
  std::uniform_real_distribution<double> alt(40e3, 200e3);
  std::uniform_real_distribution<double> lead(0.0, 200.0);
  int feasible = 0;
  int rejected = 0;
  for (const geo::EarthShape shape : {geo::EarthShape::wgs84, geo::EarthShape::spherical}) {
    for (const double site_lat_deg : {0.0, 45.0, 70.0}) {
      const geo::Geodetic site{deg_to_rad(site_lat_deg), deg_to_rad(10.0), 300.0};
      const BatteryGeometry b = battery_geometry(battery_at(site), cls, env, shape);
      WindowOptions o;
      o.shape = shape;
      for (int k = 0; k < 3000; ++k) {
        geo::Geodetic p = geo::geodesic_direct(site, az(rng), dist(rng), shape);
        p.alt_m = alt(rng);
        physics::Trajectory path;
        physics::FlightState s;
        s.t_s = 1000.0;
        s.r_ecef = geo::to_ecef(p, shape);
        s.v_ecef = geo::enu_rotation(p.lat_rad, p.lon_rad).transpose() *
                   geo::Vec3(2000.0 * std::cos(az(rng)), 2000.0 * std::sin(az(rng)), -1000.0);
        path.states.push_back(s);
        const double earliest = s.t_s - lead(rng);
        const auto want = by_hand(b, s.r_ecef, s.v_ecef, s.t_s, earliest, shape);
        const auto windows = launch_windows(b, path, earliest, o);
        ASSERT_EQ(windows.empty(), !want.has_value())
            << "alt " << p.alt_m << " lat " << site_lat_deg << " earliest " << earliest;
        if (!want) {
          ++rejected;
          continue;
        }
        ++feasible;
        ASSERT_EQ(windows.front().opportunities.size(), 1u);
        EXPECT_EQ(windows.front().opportunities.front().launch_time_s, want->launch_time_s);
        EXPECT_EQ(windows.front().opportunities.front().ground_range_m, want->ground_range_m);
      }
    }
  }
  EXPECT_GT(feasible, 1000);
  EXPECT_GT(rejected, 1000);
}

// The path screen never hides a battery whose window search finds an
// opportunity: batteries placed around the RV's path at ground ranges up to
// twice the class's range (both shapes). It does screen out the far ones.
TEST(WindowsScreen, PathScreenNeverHidesAWindow) {
  const physics::Trajectory path = threat_path();
  const physics::InterceptorClass cls = test::lower_tier();
  const physics::EnvelopeTable env = table(100e3, 40e3, 5e3, 5.0, 2000.0);
  const geo::Geodetic impact = geo::to_geodetic(path.states.back().r_ecef);
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> az(0.0, 2.0 * std::numbers::pi);
  std::uniform_real_distribution<double> dist(0.0, 2.0 * cls.max_range_m);
  int with_window = 0;
  int screened = 0;
  for (const geo::EarthShape shape : {geo::EarthShape::wgs84, geo::EarthShape::spherical}) {
    WindowOptions o;
    o.shape = shape;
    for (int k = 0; k < 300; ++k) {
      const geo::Geodetic site = geo::geodesic_direct(impact, az(rng), dist(rng), shape);
      const BatteryGeometry b = battery_geometry(battery_at(site), cls, env, shape);
      const bool found = !launch_windows(b, path, -1e9, o).empty();
      const bool pass = path_may_reach(b, path, path.states.front().t_s, shape);
      with_window += found ? 1 : 0;
      screened += pass ? 0 : 1;
      if (found) {
        EXPECT_TRUE(pass) << "site " << k;
      }
    }
  }
  EXPECT_GT(with_window, 50);
  EXPECT_GT(screened, 50);
}

}  // namespace
}  // namespace bulwark::engage
