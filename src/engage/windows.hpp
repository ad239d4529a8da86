// Intercept feasibility and launch windows of one battery against one
// predicted threat path (the coast of the track's mean state, threat/impact.hpp).
//
// An intercept at time t_I is feasible when the predicted threat position
// p(t_I) is inside the interceptor class's envelope: geodetic altitude within
// [min_intercept_alt_m, max_intercept_alt_m], geodesic ground range from the
// battery at most max_range_m, a time of flight tof from the physics envelope
// table (built by flying the interceptor; nullopt = unreachable) at most
// max_time_of_flight_s, and closing geometry: the crossing angle chi between
// the threat velocity and the direction from the intercept point back to the
// battery (0 = head-on; the interceptor's line of flight is approximated by
// the straight line battery -> intercept point) is at most
// max_crossing_angle_rad. The launch time is t_L = t_I - tof, and it must be
// at or after earliest_launch_s (now + reaction time).
//
// Probability of kill of one shot (notional):
//   pk = sspk * f(chi),  f = 1 for chi <= full_pk_crossing_angle_rad, falling
//   linearly to min_geometry_factor at max_crossing_angle_rad.
//
// Method: intercept times are sampled every step_s along the path; each
// boundary between feasible and infeasible samples is refined by bisection
// on t_I to 1e-3 s. A window is a maximal launch-time interval covered by the
// launch times of a run of feasible intercept times (overlapping intervals
// merged). Test: Windows.MatchBruteForceSearch (tests/engage/test_windows_*.cpp).
#pragma once

#include <limits>
#include <optional>
#include <vector>

#include "common/units.hpp"
#include "engage/battery.hpp"
#include "geo/frames.hpp"
#include "physics/flight.hpp"
#include "physics/interceptor.hpp"
#include "physics/vehicle.hpp"

namespace bulwark::engage {

struct WindowOptions {
  double step_s = 0.5;  // intercept-time sampling
  double max_crossing_angle_rad = deg_to_rad(120.0);
  double full_pk_crossing_angle_rad = deg_to_rad(60.0);
  double min_geometry_factor = 0.5;  // f at the max crossing angle
  double edge_tolerance_s = 1e-3;    // bisection of window edges (intercept time)
  // Latest launch time of interest (infinity: search the whole path). The
  // search stops at the first feasible sample that launches after it or
  // intercepts after it plus the class's maximum time of flight; that sample
  // is kept, so a caller still sees that a later window exists. Launch time
  // grows with intercept time unless the time of flight grows faster than
  // time itself (a receding threat), so only such tail-chase opportunities
  // launching before the horizon, beyond an already later one, can be left
  // out (C2 searches again at its next assessment).
  double launch_horizon_s = std::numeric_limits<double>::infinity();
  geo::EarthShape shape = geo::EarthShape::wgs84;
};

// One feasible shot: launched at launch_time_s, it meets the threat's
// predicted position at intercept_time_s.
struct InterceptOpportunity {
  double launch_time_s = 0.0;
  double intercept_time_s = 0.0;
  geo::Vec3 intercept_ecef = geo::Vec3::Zero();
  double altitude_m = 0.0;
  double ground_range_m = 0.0;
  double time_of_flight_s = 0.0;
  double crossing_angle_rad = 0.0;
  double pk = 0.0;  // single shot, geometry-degraded
};

struct LaunchWindow {
  double open_s = 0.0;                              // earliest launch time
  double close_s = 0.0;                             // latest launch time
  std::vector<InterceptOpportunity> opportunities;  // sampled, sorted by launch time
  bool contains(double launch_time_s, double tolerance_s = 0.0) const {
    return launch_time_s >= open_s - tolerance_s && launch_time_s <= close_s + tolerance_s;
  }
};

// The engagement geometry of one battery, built once per battery.
struct BatteryGeometry {
  geo::Geodetic site;
  geo::Vec3 site_ecef = geo::Vec3::Zero();
  const physics::InterceptorClass* interceptor = nullptr;
  const physics::EnvelopeTable* envelope = nullptr;
};

BatteryGeometry battery_geometry(const Battery& battery, const physics::InterceptorClass& cls,
                                 const physics::EnvelopeTable& envelope,
                                 geo::EarthShape shape = geo::EarthShape::wgs84);

// A cheap necessary condition for a threat position to be inside the
// battery's altitude band and range (no geodetic conversion, no geodesic):
// false only when intercept_at would reject the point on altitude or range.
bool may_be_in_envelope(const BatteryGeometry& battery, const geo::Vec3& r_ecef,
                        geo::EarthShape shape = geo::EarthShape::wgs84);

// A coarse, conservative screen of a whole path before the window search:
// false only when no point of `path` at or after from_s (as
// Trajectory::at interpolates it) is inside the battery's altitude band and
// maximum range, so launch_windows would find nothing. Each stored state's
// bounds of may_be_in_envelope, widened by what the path can fly before the
// next state (its interpolated speed is bounded per step), so no point
// between states is missed.
bool path_may_reach(const BatteryGeometry& battery, const physics::Trajectory& path, double from_s,
                    geo::EarthShape shape = geo::EarthShape::wgs84);

// The intercept at t_I if it is feasible (envelope and geometry; the launch
// time is not checked against any earliest time here).
std::optional<InterceptOpportunity> intercept_at(const BatteryGeometry& battery,
                                                 const physics::Trajectory& path,
                                                 double intercept_time_s,
                                                 const WindowOptions& options = {});

// Launch windows with launch time >= earliest_launch_s, in increasing time.
std::vector<LaunchWindow> launch_windows(const BatteryGeometry& battery,
                                         const physics::Trajectory& path, double earliest_launch_s,
                                         const WindowOptions& options = {});

// The sampled opportunity with the earliest launch time >= not_before_s
// (and, among equal launch times, the earliest intercept), if any.
std::optional<InterceptOpportunity> earliest_opportunity(const std::vector<LaunchWindow>& windows,
                                                         double not_before_s);

}  // namespace bulwark::engage
