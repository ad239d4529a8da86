// Unit tests of the flight model: aiming, events, interpolation, drag and
// the ballistic acceleration used by other modules.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "common/units.hpp"
#include "geo/geodesic.hpp"
#include "physics/atmosphere.hpp"
#include "physics/flight.hpp"
#include "physics/gravity.hpp"
#include "support/test_vehicle.hpp"

namespace bulwark::physics {
namespace {

const geo::Geodetic kLaunch{deg_to_rad(35.0), deg_to_rad(45.0), 0.0};

ThreatLaunch launch_to(double azimuth_deg, double range_m, Loft loft) {
  return {kLaunch, geo::geodesic_direct(kLaunch, deg_to_rad(azimuth_deg), range_m), loft, 0.0};
}

// Issue 2: under the full model (WGS84, J2, rotation, USSA-76 drag) the
// solved trajectory lands within 50 m of the aim, at altitude < 1 m, with
// the burnout flight-path angle of the requested loft.
TEST(FlyToAim, HitsTheAimUnderTheFullModelForEveryLoft) {
  const ThreatClass cls = test::srbm600_like();
  const EarthModel model;
  double apogee[3] = {0, 0, 0};
  const Loft lofts[] = {Loft::lofted, Loft::minimum_energy, Loft::depressed};
  for (int i = 0; i < 3; ++i) {
    const ThreatLaunch l = launch_to(300.0, 400e3, lofts[i]);
    const AimResult r = fly_to_aim(cls, l, model);
    const FlightEvent* hit = r.trajectory.find(EventKind::impact);
    const FlightEvent* bo = r.trajectory.find(EventKind::burnout);
    const FlightEvent* ap = r.trajectory.find(EventKind::apogee);
    ASSERT_TRUE(hit && bo && ap);
    const geo::Geodetic impact = geo::to_geodetic(hit->state.r_ecef);
    EXPECT_LT(geo::geodesic_inverse(impact, l.aim).distance_m, 50.0);
    EXPECT_LT(r.miss_m, 50.0);
    EXPECT_LT(std::abs(impact.alt_m), 1.0);
    const double theta = geo::geodesic_inverse(l.launch, l.aim).distance_m / earth_radius(model);
    EXPECT_NEAR(flight_path_angle(bo->state.r_ecef, bo->state.v_ecef, model),
                loft_flight_path_angle(lofts[i], theta), 1e-3);
    EXPECT_GT(r.cutoff_fraction, 0.0);
    EXPECT_LE(r.cutoff_fraction, 1.0);
    apogee[i] = altitude(ap->state.r_ecef, model);
    EXPECT_EQ(r.trajectory.events.back().kind, EventKind::impact);
    EXPECT_EQ(r.trajectory.states.back().phase, Phase::impact);
  }
  EXPECT_GT(apogee[0], apogee[1]);  // lofted above minimum-energy above depressed
  EXPECT_GT(apogee[1], apogee[2]);
}

TEST(FlyToAim, OutOfReachIsADomainErrorNamingTheClassAndLimits) {
  const ThreatClass cls = test::srbm600_like();
  const EarthModel model;
  for (double range : {100e3, 700e3}) {
    try {
      fly_to_aim(cls, launch_to(10.0, range, Loft::minimum_energy), model);
      FAIL() << "expected DomainError at " << range;
    } catch (const DomainError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("TEST-600"), std::string::npos) << what;
      EXPECT_NE(what.find("150-660 km"), std::string::npos) << what;
    }
  }
  // Inside the class limits but beyond a full burn on a lofted path.
  EXPECT_THROW(fly_to_aim(cls, launch_to(10.0, 655e3, Loft::lofted), model), DomainError);
}

TEST(FlyToAim, EventsArePhasedAndOrdered) {
  const ThreatClass cls = test::srbm600_like();
  const AimResult r = fly_to_aim(cls, launch_to(60.0, 600e3, Loft::minimum_energy), EarthModel{});
  const Trajectory& t = r.trajectory;
  std::vector<EventKind> kinds;
  for (const auto& e : t.events) kinds.push_back(e.kind);
  const std::vector<EventKind> expected = {EventKind::burnout, EventKind::apogee,
                                           EventKind::reentry_interface, EventKind::impact};
  EXPECT_EQ(kinds, expected);
  for (std::size_t i = 1; i < t.states.size(); ++i) {
    ASSERT_GT(t.states[i].t_s, t.states[i - 1].t_s);
    ASSERT_GE(static_cast<int>(t.states[i].phase), static_cast<int>(t.states[i - 1].phase));
  }
  // Burnout mass is the RV's; boost mass falls at the constant mass flow.
  EXPECT_DOUBLE_EQ(t.find(EventKind::burnout)->state.mass_kg, cls.rv_mass_kg);
  const double mdot = cls.stages[0].propellant_mass_kg / cls.stages[0].burn_time_s;
  const FlightState s10 = t.at(10.0);
  EXPECT_NEAR(s10.mass_kg, t.states.front().mass_kg - 10.0 * mdot, 1e-6);
  // The re-entry interface is at 100 km descending.
  EXPECT_NEAR(altitude(t.find(EventKind::reentry_interface)->state.r_ecef, EarthModel{}),
              kReentryInterfaceAltitude_m, 1e-2);
}

// A body coasting from 150 km (beta 5000 kg/m^2) and its start.
FlightState coasting_start() {
  FlightState start;
  start.r_ecef = geo::to_ecef({0.6, 0.8, 150e3});
  start.v_ecef = geo::enu_rotation(0.6, 0.8).transpose() * geo::Vec3(2000.0, 1000.0, 500.0);
  start.mass_kg = 500.0;
  return start;
}

// Trajectory::at interpolates between integrator steps: checked against an
// integration stopped exactly at the query time (cubic Hermite over steps of
// <= 20 s: position error well under 1 m, velocity under 0.05 m/s).
TEST(Trajectory, InterpolationMatchesIntegrationToThatTime) {
  const EarthModel model;
  const FlightState start = coasting_start();
  const Trajectory full = coast(start, 5000.0, model, 1e4);
  for (double t : {37.3, 101.9, 222.2}) {
    const FlightState a = full.at(t);
    const FlightState b = coast(start, 5000.0, model, t).states.back();
    ASSERT_DOUBLE_EQ(b.t_s, t);
    EXPECT_LT((a.r_ecef - b.r_ecef).norm(), 1.0) << t;
    EXPECT_LT((a.v_ecef - b.v_ecef).norm(), 0.05) << t;
  }
  EXPECT_DOUBLE_EQ(full.at(-5.0).t_s, 0.0);  // clamps
  EXPECT_EQ(full.at(1e9).phase, Phase::impact);
}

// at(t, cursor) gives at(t)'s bits for any order of times: forward sweeps
// (the launch-window search), backward jumps, repeats, exact state times,
// duplicated state times and both clamps.
TEST(Trajectory, CursorLookupHasTheSearchsBits) {
  Trajectory path = coast(coasting_start(), 5000.0, EarthModel{}, 1e4);
  path.states.insert(path.states.begin() + 5, path.states[5]);  // a repeated time
  std::vector<double> times = {-5.0, 1e9, path.states[5].t_s, path.states[9].t_s};
  for (double t = -1.0; t < path.states.back().t_s + 2.0; t += 0.37) times.push_back(t);
  for (double t = 300.0; t > 0.0; t -= 7.1) times.push_back(t);
  std::size_t cursor = 0;
  for (double t : times) {
    const FlightState a = path.at(t);
    const FlightState b = path.at(t, cursor);
    ASSERT_EQ(a.t_s, b.t_s) << t;
    ASSERT_EQ(a.r_ecef, b.r_ecef) << t;
    ASSERT_EQ(a.v_ecef, b.v_ecef) << t;
    ASSERT_EQ(a.mass_kg, b.mass_kg) << t;
    ASSERT_EQ(a.phase, b.phase) << t;
  }
}

TEST(Coast, StopsAtGroundImpactWithinAMetre) {
  const EarthModel model;
  FlightState start;
  start.r_ecef = geo::to_ecef({0.2, -1.0, 80e3});
  start.v_ecef = geo::enu_rotation(0.2, -1.0).transpose() * geo::Vec3(-1500.0, 800.0, -900.0);
  start.mass_kg = 800.0;
  const Trajectory t = coast(start, 3000.0, model, 1e4);
  ASSERT_FALSE(t.events.empty());
  EXPECT_EQ(t.events.back().kind, EventKind::impact);
  EXPECT_LT(std::abs(geo::to_geodetic(t.states.back().r_ecef).alt_m), 1.0);
  // A body already below ground and descending impacts at once.
  FlightState under = start;
  under.r_ecef = geo::to_ecef({0.2, -1.0, -10.0});
  const Trajectory u = coast(under, 3000.0, model, 1e4);
  ASSERT_EQ(u.events.size(), 1u);
  EXPECT_EQ(u.events[0].kind, EventKind::impact);
}

// impact_only (the impact-point spread's flights): the same landing as the
// full flight, which also stops at apogee and the re-entry interface, to
// the integrator's own error; only the landing state is kept. Midcourse
// start 300 km up, rising (apogee, interface and impact all on the way).
TEST(Coast, ImpactOnlyLandsWhereTheFullFlightDoes) {
  const EarthModel model;
  FlightState start;
  start.r_ecef = geo::to_ecef({0.65, 0.25, 300e3});
  start.v_ecef = geo::enu_rotation(0.65, 0.25).transpose() * geo::Vec3(2500.0, -1800.0, 600.0);
  start.mass_kg = 600.0;
  start.phase = Phase::midcourse;
  auto options = [](double rel_tol, bool impact_only) {
    IntegratorOptions o;
    o.rel_tol = rel_tol;
    o.abs_tol_position_m = rel_tol < 1e-8 ? 1e-4 : 0.3;
    o.abs_tol_velocity_mps = rel_tol < 1e-8 ? 1e-7 : 3e-4;
    o.event_time_tol_s = 1e-4;
    o.impact_only = impact_only;
    return o;
  };
  const Trajectory reference = coast(start, 4000.0, model, 1e4, options(1e-10, false));
  ASSERT_NE(reference.find(EventKind::apogee), nullptr);
  ASSERT_NE(reference.find(EventKind::reentry_interface), nullptr);
  const FlightState& a = reference.states.back();
  // Against the full flight at 1e-10: measured 3.7 mm and 6 us at 1e-10; at
  // the impact-point spread's 1e-6 / 0.3 m, 0.39 m and 2.2 ms (the full
  // flight at 1e-6 itself: 0.10 m and 0.4 ms), against spreads of hundreds
  // of metres.
  const struct { double rel_tol, max_m, max_s; } cases[] = {{1e-10, 0.01, 1e-4}, {1e-6, 2.0, 0.01}};
  for (const auto& c : cases) {
    const Trajectory fast = coast(start, 4000.0, model, 1e4, options(c.rel_tol, true));
    ASSERT_EQ(fast.states.size(), 1u);
    ASSERT_EQ(fast.events.size(), 1u);
    EXPECT_EQ(fast.events[0].kind, EventKind::impact);
    const FlightState& b = fast.states.back();
    EXPECT_EQ(b.phase, Phase::impact);
    EXPECT_LT((a.r_ecef - b.r_ecef).norm(), c.max_m) << c.rel_tol;
    EXPECT_NEAR(a.t_s, b.t_s, c.max_s) << c.rel_tol;
  }
}

// ballistic_acceleration = gravity + drag - 2 w x v - w x (w x r), with the
// drag term -rho |v| v / (2 beta) (beta <= 0 or infinite: no drag).
TEST(BallisticAcceleration, IsGravityPlusDragPlusFrameTerms) {
  const EarthModel model;
  const geo::Vec3 r = geo::to_ecef({0.5, 0.3, 30e3});
  const geo::Vec3 v(1000.0, -2000.0, 500.0);
  const geo::Vec3 w(0, 0, geo::Wgs84::omega);
  const geo::Vec3 no_drag = gravity_ecef(r, model) - 2.0 * w.cross(v) - w.cross(w.cross(r));
  EXPECT_LT((ballistic_acceleration(r, v, 0.0, model) - no_drag).norm(), 1e-12);
  EXPECT_LT((ballistic_acceleration(r, v, INFINITY, model) - no_drag).norm(), 1e-12);
  const double rho = ussa76_density(30e3);
  const geo::Vec3 drag = -(rho * v.norm() / (2.0 * 2000.0)) * v;
  // The drag uses the radial height above the ellipsoid (< 1 m from geodetic
  // at 30 km): relative density error < 1.5e-4.
  EXPECT_LT((ballistic_acceleration(r, v, 2000.0, model) - no_drag - drag).norm(),
            2e-4 * drag.norm());
  EarthModel still = model;
  still.rotation = false;
  still.atmosphere = false;
  EXPECT_LT((ballistic_acceleration(r, v, 2000.0, still) - gravity_ecef(r, still)).norm(), 1e-12);
}

TEST(DragTable, InterpolatesLinearlyAndHoldsOutside) {
  DragTable t;
  t.mach_cd = {{0.5, 0.2}, {1.0, 0.4}, {2.0, 0.3}};
  EXPECT_DOUBLE_EQ(t.cd(0.0), 0.2);
  EXPECT_DOUBLE_EQ(t.cd(0.75), 0.3);
  EXPECT_DOUBLE_EQ(t.cd(1.5), 0.35);
  EXPECT_DOUBLE_EQ(t.cd(9.0), 0.3);
  EXPECT_EQ(DragTable{}.cd(1.0), 0.0);
}

TEST(Catalog, FindsClassesByName) {
  Catalog c;
  c.threats.push_back(test::srbm600_like());
  c.interceptors.push_back({});
  c.interceptors.back().name = "LOWER-TIER";
  EXPECT_EQ(c.find_threat("TEST-600"), &c.threats[0]);
  EXPECT_EQ(c.find_threat("NOPE"), nullptr);
  EXPECT_EQ(c.find_interceptor("LOWER-TIER"), &c.interceptors[0]);
  EXPECT_EQ(c.find_interceptor("TEST-600"), nullptr);
}

}  // namespace
}  // namespace bulwark::physics
