#include "sensors/target.hpp"

namespace bulwark::sensors {

double rcs_m2(const physics::ThreatClass& cls, physics::Phase phase) {
  switch (phase) {
    case physics::Phase::boost:
      return cls.rcs_boost_m2;
    case physics::Phase::midcourse:
      return cls.rcs_midcourse_m2;
    case physics::Phase::reentry:
      return cls.rcs_reentry_m2;
    case physics::Phase::impact:
      break;
  }
  return 0.0;
}

TargetSnapshot snapshot(std::int32_t truth, const physics::FlightState& state,
                        const physics::ThreatClass& cls) {
  TargetSnapshot s;
  s.truth = truth;
  s.r_ecef = state.r_ecef;
  s.v_ecef = state.v_ecef;
  s.rcs_m2 = rcs_m2(cls, state.phase);
  s.motor_burning = state.phase == physics::Phase::boost;
  return s;
}

}  // namespace bulwark::sensors
