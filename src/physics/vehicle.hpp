// Catalog classes of threats and interceptors: plain data, parsed and
// validated at the edge by io/catalog. Every class is NOTIONAL and names the
// open source its figures come from.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace bulwark::physics {

struct Stage {
  double propellant_mass_kg = 0.0;
  double dry_mass_kg = 0.0;  // structure and engine, dropped at staging
  double isp_s = 0.0;        // vacuum specific impulse
  double burn_time_s = 0.0;  // thrust = g0 * isp * propellant / burn_time (constant mass flow)
};

// Drag coefficient against Mach number, linearly interpolated, held constant
// outside the table.
struct DragTable {
  std::vector<std::pair<double, double>> mach_cd;  // sorted by Mach
  double cd(double mach) const;
};

struct ThreatClass {
  std::string name;    // e.g. "SRBM-600"
  std::string source;  // open-literature basis of the notional figures
  std::vector<Stage> stages;
  double rv_mass_kg = 0.0;            // re-entry vehicle (what flies after the last stage)
  double reference_area_m2 = 0.0;     // for drag of the whole missile in boost
  double rv_reference_area_m2 = 0.0;  // for drag of the RV after burnout
  DragTable drag;                     // Cd(Mach) of the body in boost
  DragTable rv_drag;                  // Cd(Mach) of the RV
  double rcs_boost_m2 = 0.0;          // radar cross-section per phase (notional)
  double rcs_midcourse_m2 = 0.0;
  double rcs_reentry_m2 = 0.0;
  double nominal_range_m = 0.0;  // published class range (open literature)
  double min_range_m = 0.0;      // shortest aimable range
  double max_range_m = 0.0;      // longest aimable range (minimum-energy)
};

struct InterceptorClass {
  std::string name;  // "LOWER-TIER" or "UPPER-TIER"
  std::string source;
  std::vector<Stage> stages;
  double kill_vehicle_mass_kg = 0.0;
  double reference_area_m2 = 0.0;
  DragTable drag;
  double min_intercept_alt_m = 0.0;
  double max_intercept_alt_m = 0.0;
  double max_range_m = 0.0;  // max ground range from the battery
  double max_time_of_flight_s = 0.0;
  double sspk = 0.0;  // notional single-shot kill probability
};

struct Catalog {
  std::vector<ThreatClass> threats;
  std::vector<InterceptorClass> interceptors;
  const ThreatClass* find_threat(const std::string& name) const;            // nullptr if absent
  const InterceptorClass* find_interceptor(const std::string& name) const;  // nullptr if absent
};

}  // namespace bulwark::physics
