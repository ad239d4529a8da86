// Interceptor kinematics: boost along a launch direction, then coast with
// drag (same equations as flight.hpp), and a reachable-envelope table of
// time of flight against ground range and altitude, used for intercept
// feasibility. Notional classes only.
#pragma once

#include <optional>
#include <vector>

#include "geo/frames.hpp"
#include "physics/earth_model.hpp"
#include "physics/flight.hpp"
#include "physics/vehicle.hpp"

namespace bulwark::physics {

// Flies an interceptor from `site` launched at launch_time_s toward the ECEF
// point `aim_ecef` (the predicted intercept point): the boost direction is
// solved so that the trajectory passes through the point; stops at the
// closest approach to it, at max_time_of_flight_s or at ground impact.
Trajectory fly_interceptor(const InterceptorClass& cls, const geo::Geodetic& site,
                           const geo::Vec3& aim_ecef, double launch_time_s,
                           const EarthModel& model);

// Time of flight from launch to a point at (ground range, altitude) from the
// battery, tabulated on a grid by flying the interceptor; bilinear
// interpolation inside, nullopt where the point is outside the envelope
// (altitude band, max range, max time of flight, or not reachable).
struct EnvelopeTable {
  std::vector<double> ground_range_m;  // grid, ascending
  std::vector<double> alt_m;           // grid, ascending
  std::vector<double> tof_s;           // row-major [range][alt]; NaN where unreachable
  std::optional<double> time_of_flight(double ground_range_m, double alt_m) const;
};

EnvelopeTable build_envelope(const InterceptorClass& cls, const EarthModel& model);

}  // namespace bulwark::physics
