// Which parts of the Earth model a flight uses. The full model (WGS84, J2,
// rotation, USSA-76 atmosphere) is the default; the switches exist so the
// integrator can be validated against two-body and exponential-atmosphere
// closed forms (docs/models.md).
#pragma once

#include "geo/frames.hpp"

namespace bulwark::physics {

struct EarthModel {
  geo::EarthShape shape = geo::EarthShape::wgs84;  // spherical: R = 6371008.8 m, no J2
  bool j2 = true;                                  // ignored (off) on the spherical Earth
  bool rotation = true;    // off: ECEF is treated as inertial (no Coriolis/centrifugal)
  bool atmosphere = true;  // off: no drag
  bool gravity = true;     // off: no gravitation (Allen-Eggers validation only)
  // Density against geometric altitude; null means USSA-76 (ussa76_density).
  // Validation plugs in a closed-form atmosphere (e.g. exponential for
  // Allen-Eggers). A plain function pointer: no state, cheap to copy.
  double (*density)(double alt_m) = nullptr;
};

}  // namespace bulwark::physics
