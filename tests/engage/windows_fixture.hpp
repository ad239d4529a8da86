// Shared fixture of the launch-window tests: a re-entering RV flown by
// physics::coast, synthetic envelope tables and two notional interceptor
// classes (the windows take the table as given; physics tests check the
// table against flown interceptors).
#pragma once

#include <cmath>

#include "common/units.hpp"
#include "engage/windows.hpp"
#include "geo/frames.hpp"

namespace bulwark::engage::test {

// A re-entering RV flying east over central Europe.
inline physics::Trajectory threat_path() {
  const geo::Geodetic start{deg_to_rad(51.0), deg_to_rad(17.0), 200e3};
  const geo::Mat3 r = geo::enu_rotation(start.lat_rad, start.lon_rad);
  physics::FlightState s;
  s.t_s = 400.0;
  s.r_ecef = geo::to_ecef(start);
  s.v_ecef = r.transpose() * geo::Vec3(2500.0, 0.0, -1200.0);  // eastward, descending
  s.phase = physics::Phase::midcourse;
  return physics::coast(s, 6000.0, physics::EarthModel{}, s.t_s + 1000.0);
}

// tof = t0 + distance / speed on a (range, altitude) grid; NaN below floor_m.
inline physics::EnvelopeTable table(double max_range_m, double max_alt_m, double step_range_m,
                                    double step_alt_m, double t0, double speed, double floor_m) {
  physics::EnvelopeTable t;
  for (double r = 0.0; r <= max_range_m + 1e-6; r += step_range_m) t.ground_range_m.push_back(r);
  for (double h = 0.0; h <= max_alt_m + 1e-6; h += step_alt_m) t.alt_m.push_back(h);
  for (double r : t.ground_range_m)
    for (double h : t.alt_m)
      t.tof_s.push_back(h < floor_m ? std::nan("") : t0 + std::hypot(r, h) / speed);
  return t;
}

inline physics::InterceptorClass lower_tier() {
  physics::InterceptorClass c;
  c.name = "LOWER";
  c.min_intercept_alt_m = 5e3;
  c.max_intercept_alt_m = 35e3;
  c.max_range_m = 80e3;
  c.max_time_of_flight_s = 60.0;
  c.sspk = 0.8;
  return c;
}

inline physics::InterceptorClass upper_tier() {
  physics::InterceptorClass c;
  c.name = "UPPER";
  c.min_intercept_alt_m = 60e3;
  c.max_intercept_alt_m = 180e3;
  c.max_range_m = 300e3;
  c.max_time_of_flight_s = 150.0;
  c.sspk = 0.7;
  return c;
}

inline Battery battery_at(const geo::Geodetic& where) {
  Battery b;
  b.id = "B";
  b.position = where;
  return b;
}

}  // namespace bulwark::engage::test
