// Launch windows (engage/windows.hpp) against a brute-force search over
// launch time, on a re-entering RV flown by physics::coast and synthetic
// envelope tables (the windows take the table as given; physics tests check
// the table against flown interceptors).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "common/units.hpp"
#include "engage/windows.hpp"
#include "engage/windows_fixture.hpp"
#include "geo/geodesic.hpp"

namespace bulwark::engage {
namespace {

using test::battery_at;
using test::lower_tier;
using test::table;
using test::threat_path;
using test::upper_tier;

// Brute force: for each launch time on a 0.25 s grid, scan intercept times
// on a 0.02 s grid for a root of g(t_I) = t_I - t_L - tof(t_I) between two
// feasible samples. Independent of the windows' own sampling and merging.
std::vector<std::pair<double, bool>> brute_force(const BatteryGeometry& b,
                                                 const physics::Trajectory& path, double earliest,
                                                 const WindowOptions& o) {
  const double t0 = path.states.front().t_s;
  const double t1 = path.states.back().t_s;
  const double dt = 0.02;
  std::vector<std::optional<double>> tof;  // on the fine intercept-time grid
  for (double ti = t0; ti <= t1; ti += dt) {
    const auto opp = intercept_at(b, path, ti, o);
    tof.push_back(opp ? std::optional<double>(opp->time_of_flight_s) : std::nullopt);
  }
  std::vector<std::pair<double, bool>> out;
  for (double tl = t0 - b.interceptor->max_time_of_flight_s; tl <= t1; tl += 0.25) {
    bool feasible = false;
    for (std::size_t k = 1; k < tof.size() && !feasible; ++k) {
      if (!tof[k] || !tof[k - 1]) continue;
      const double ga = t0 + static_cast<double>(k - 1) * dt - tl - *tof[k - 1];
      const double gb = t0 + static_cast<double>(k) * dt - tl - *tof[k];
      feasible = ga * gb <= 0.0;
    }
    out.emplace_back(tl, feasible && tl >= earliest);
  }
  return out;
}

void expect_matches_brute_force(const BatteryGeometry& b, const physics::Trajectory& path,
                                double earliest, int* feasible_count) {
  const WindowOptions o;
  const std::vector<LaunchWindow> windows = launch_windows(b, path, earliest, o);
  // Edge tolerance: the brute force's grids (0.25 s launch, 0.02 s intercept
  // with |dg/dt_I| <= ~1.5) place an edge to ~0.3 s.
  const double tol = 0.3;
  *feasible_count = 0;
  for (const auto& [tl, feasible] : brute_force(b, path, earliest, o)) {
    bool inside = false;
    bool near_edge = false;
    for (const auto& w : windows) {
      inside = inside || w.contains(tl);
      near_edge = near_edge || std::abs(tl - w.open_s) < tol || std::abs(tl - w.close_s) < tol;
    }
    if (feasible) ++*feasible_count;
    if (!near_edge) {
      EXPECT_EQ(inside, feasible) << "launch time " << tl;
    }
  }
  for (const auto& w : windows) {
    EXPECT_LE(w.open_s, w.close_s);
    EXPECT_GE(w.open_s, earliest);
    for (const auto& opp : w.opportunities) {
      EXPECT_TRUE(w.contains(opp.launch_time_s));
      EXPECT_NEAR(opp.intercept_time_s - opp.launch_time_s, opp.time_of_flight_s, 1e-9);
      EXPECT_TRUE(intercept_at(b, path, opp.intercept_time_s, o).has_value());
    }
  }
}

TEST(Windows, MatchBruteForceSearchLowerTier) {
  const physics::Trajectory path = threat_path();
  const geo::Geodetic impact = geo::to_geodetic(path.states.back().r_ecef);
  const physics::InterceptorClass cls = lower_tier();
  const physics::EnvelopeTable env = table(100e3, 40e3, 5e3, 2.5e3, 3.0, 1200.0, 2e3);
  for (double east_km : {10.0, 30.0, 60.0}) {
    const geo::Geodetic site =
        geo::geodesic_direct(impact, std::numbers::pi / 2.0, km_to_m(east_km));
    const BatteryGeometry b = battery_geometry(battery_at(site), cls, env);
    int feasible = 0;
    expect_matches_brute_force(b, path, path.states.front().t_s, &feasible);
    EXPECT_GT(feasible, 10) << east_km;  // a real window was tested
  }
}

TEST(Windows, MatchBruteForceSearchUpperTierAndEarliestLaunch) {
  const physics::Trajectory path = threat_path();
  const geo::Geodetic impact = geo::to_geodetic(path.states.back().r_ecef);
  const physics::InterceptorClass cls = upper_tier();
  const physics::EnvelopeTable env = table(400e3, 250e3, 20e3, 10e3, 8.0, 2500.0, 0.0);
  const geo::Geodetic site = geo::geodesic_direct(impact, std::numbers::pi / 2.0, 150e3);
  const BatteryGeometry b = battery_geometry(battery_at(site), cls, env);
  int all = 0;
  expect_matches_brute_force(b, path, -1e9, &all);
  EXPECT_GT(all, 10);
  // A later earliest launch time (now + reaction) cuts the window.
  const std::vector<LaunchWindow> full = launch_windows(b, path, -1e9);
  ASSERT_FALSE(full.empty());
  const double cut = 0.5 * (full.front().open_s + full.front().close_s);
  int later = 0;
  expect_matches_brute_force(b, path, cut, &later);
  EXPECT_GT(later, 0);
  EXPECT_LT(later, all);
  const auto first = earliest_opportunity(launch_windows(b, path, cut), cut);
  ASSERT_TRUE(first.has_value());
  EXPECT_NEAR(first->launch_time_s, cut, 0.5);
}

// Closing geometry: a battery abeam of the threat's path sees crossing
// angles around 90 deg: every opportunity has chi <= 120 deg and the degraded
// pk f = 1 - (chi - 60)/(120 - 60) * (1 - 0.5); a crossing-angle limit below
// the smallest angle seen leaves no window.
TEST(Windows, ClosingGeometryLimitsAndDegradesPk) {
  const physics::Trajectory path = threat_path();
  const geo::Geodetic impact = geo::to_geodetic(path.states.back().r_ecef);
  const physics::InterceptorClass cls = lower_tier();
  const physics::EnvelopeTable env = table(100e3, 40e3, 5e3, 2.5e3, 3.0, 1200.0, 2e3);
  const geo::Geodetic north = geo::geodesic_direct(impact, 0.0, 20e3);
  const BatteryGeometry b = battery_geometry(battery_at(north), cls, env);
  const auto windows = launch_windows(b, path, -1e9);
  ASSERT_FALSE(windows.empty());
  double min_chi = 1e9;
  int degraded = 0;
  for (const auto& w : windows)
    for (const auto& o : w.opportunities) {
      // The crossing angle recomputed from the path and the site.
      const physics::FlightState s = path.at(o.intercept_time_s);
      const geo::Vec3 back = b.site_ecef - s.r_ecef;
      const double chi =
          rad_to_deg(std::acos(s.v_ecef.dot(back) / (s.v_ecef.norm() * back.norm())));
      EXPECT_NEAR(rad_to_deg(o.crossing_angle_rad), chi, 1e-6);
      ASSERT_LE(chi, 120.0 + 1e-9);
      const double f = chi <= 60.0 ? 1.0 : 1.0 - (chi - 60.0) / 60.0 * 0.5;
      EXPECT_NEAR(o.pk, 0.8 * f, 1e-9);
      EXPECT_GE(o.altitude_m, cls.min_intercept_alt_m);
      EXPECT_LE(o.altitude_m, cls.max_intercept_alt_m);
      EXPECT_LE(o.ground_range_m, cls.max_range_m);
      min_chi = std::min(min_chi, chi);
      degraded += chi > 60.0 ? 1 : 0;
    }
  EXPECT_GT(degraded, 0);
  WindowOptions tight;
  tight.max_crossing_angle_rad = deg_to_rad(min_chi - 1.0);
  tight.full_pk_crossing_angle_rad = 0.5 * tight.max_crossing_angle_rad;
  EXPECT_TRUE(launch_windows(b, path, -1e9, tight).empty());
}

TEST(Windows, EmptyPathOrOutOfRangeGivesNoWindow) {
  const physics::InterceptorClass cls = lower_tier();
  const physics::EnvelopeTable env = table(100e3, 40e3, 5e3, 2.5e3, 3.0, 1200.0, 2e3);
  const BatteryGeometry b = battery_geometry(battery_at({0.9, 0.3, 0.0}), cls, env);
  EXPECT_TRUE(launch_windows(b, physics::Trajectory{}, 0.0).empty());
  EXPECT_TRUE(launch_windows(b, threat_path(), 0.0).empty());  // ~1000 km away
  EXPECT_FALSE(earliest_opportunity({}, 0.0).has_value());
}

}  // namespace
}  // namespace bulwark::engage
