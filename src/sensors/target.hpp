// What a sensor looks at during one dwell: the true state of each object in
// the air at that instant. The world side of the simulation fills these from
// truth trajectories; C2 never sees them.
#pragma once

#include <cstdint>

#include "geo/frames.hpp"
#include "physics/flight.hpp"
#include "physics/vehicle.hpp"

namespace bulwark::sensors {

struct TargetSnapshot {
  std::int32_t truth = -1;  // index of the object (copied to Measurement::truth)
  geo::Vec3 r_ecef = geo::Vec3::Zero();
  geo::Vec3 v_ecef = geo::Vec3::Zero();
  double rcs_m2 = 0.0;         // mean radar cross-section (Swerling I fluctuates about it)
  bool motor_burning = false;  // plume visible to early-warning satellites
};

// Mean RCS of a threat class in a flight phase (catalog rcs_boost_m2,
// rcs_midcourse_m2, rcs_reentry_m2; 0 after impact).
double rcs_m2(const physics::ThreatClass& cls, physics::Phase phase);

// The snapshot of a flying threat: position, velocity, RCS from its phase,
// motor burning while in boost.
TargetSnapshot snapshot(std::int32_t truth, const physics::FlightState& state,
                        const physics::ThreatClass& cls);

}  // namespace bulwark::sensors
