// A notional test vehicle with the SRBM-600 figures of data/catalog.yaml,
// built in code so the physics and tracking tests need not link the io module.
#pragma once

#include "physics/vehicle.hpp"

namespace bulwark::physics::test {

inline ThreatClass srbm600_like() {
  ThreatClass c;
  c.name = "TEST-600";
  c.source = "test vehicle (notional)";
  c.stages = {{4600.0, 1000.0, 255.0, 70.0}};
  c.rv_mass_kg = 700.0;
  c.reference_area_m2 = 0.608;
  c.rv_reference_area_m2 = 0.4;
  c.drag.mach_cd = {{0, 0.25}, {0.8, 0.25}, {1.1, 0.45}, {1.5, 0.40}, {3, 0.30}, {6, 0.25}};
  c.rv_drag.mach_cd = {{0, 0.25}, {0.8, 0.25}, {1.1, 0.40}, {2, 0.30}, {4, 0.20}, {10, 0.15}};
  c.rcs_boost_m2 = 10.0;
  c.rcs_midcourse_m2 = 0.5;
  c.rcs_reentry_m2 = 0.2;
  c.nominal_range_m = 600e3;
  c.min_range_m = 150e3;
  c.max_range_m = 660e3;
  return c;
}

}  // namespace bulwark::physics::test
