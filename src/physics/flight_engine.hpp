// The one flight integrator behind fly_programme (threats), coast (ballistic
// bodies) and fly_interceptor: a sequence of burns (each a time event ending
// in staging or burnout) then an unpowered coast, with the apogee, re-entry
// interface and ground-impact detectors (and optionally closest approach to
// a point) on one Dormand-Prince integration. Internal to src/physics.
#pragma once

#include <functional>
#include <vector>

#include "geo/frames.hpp"
#include "physics/earth_model.hpp"
#include "physics/flight.hpp"
#include "physics/vehicle.hpp"

namespace bulwark::physics {

struct BurnSegment {
  double t_end_s = 0.0;  // absolute end time
  double thrust_n = 0.0;
  double mass_flow_kgps = 0.0;
  double area_m2 = 0.0;
  const DragTable* drag = nullptr;
  double mass_after_kg = 0.0;  // after separation at t_end_s
};

// Aerodynamics of an unpowered body: a Cd(Mach) table with a reference area,
// or (table null) a constant ballistic coefficient beta = m / (Cd A).
struct CoastAero {
  double area_m2 = 0.0;
  const DragTable* drag = nullptr;
  double beta_kgpm2 = 0.0;
};

struct FlightSetup {
  FlightState start;
  std::vector<BurnSegment> burns;  // time-ordered; the last one ends in burnout
  std::function<geo::Vec3(double t_s)> thrust_direction_ecef;  // unit vector
  CoastAero coast;
  double t_end_s = 0.0;
  bool stop_at_closest_approach = false;
  geo::Vec3 approach_point_ecef = geo::Vec3::Zero();
};

struct FlightSummary {
  long steps = 0;
  long rhs_evaluations = 0;
};

Trajectory integrate_flight(const FlightSetup& setup, const EarthModel& model,
                            const IntegratorOptions& options, FlightSummary* summary = nullptr);

// Drag acceleration of a body of mass m with reference area and Cd(Mach).
geo::Vec3 drag_acceleration(const geo::Vec3& r_ecef, const geo::Vec3& v_ecef, double mass_kg,
                            double area_m2, const DragTable& drag, const EarthModel& model);

}  // namespace bulwark::physics
