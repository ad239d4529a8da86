// The deterministic, expensive part of a scenario, computed once and shared
// read-only by every replication of a campaign (and every thread):
//
// * each threat's nominal truth flyout (physics::fly_to_aim: the raid is
//   fixed by the scenario, so the truth trajectory is the same in every
//   replication; randomness enters through sensors, tracking and kill draws);
// * each interceptor class's reachable-envelope table (physics::build_envelope);
// * the truth intercept opportunities of every (threat, battery) pair, which
//   command and control uses only under --perfect-information;
// * the Earth rotation angle at the epoch (satellite positions).
//
// Building it is parallel over threats (`threads`); the result does not
// depend on the thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engage/windows.hpp"
#include "io/scenario.hpp"
#include "physics/earth_model.hpp"
#include "physics/flight.hpp"
#include "physics/interceptor.hpp"
#include "sim/opportunity.hpp"

namespace bulwark::sim {

struct PrepareOptions {
  physics::EarthModel model;      // full model by default
  engage::WindowOptions windows;  // intercept feasibility and pk geometry (engage/windows.hpp)
  int threads = 1;
};

struct PreparedThreat {
  int class_index = -1;         // into scenario.catalog.threats
  physics::Trajectory nominal;  // launch to impact
  double launch_s = 0.0;
  double impact_s = 0.0;
  geo::Vec3 impact_ecef = geo::Vec3::Zero();
  geo::Geodetic impact;
  double burnout_s = 0.0;  // end of powered flight
};

// Move-only: battery_geometry points into its own catalog and envelopes.
struct PreparedScenario {
  PreparedScenario() = default;
  PreparedScenario(const PreparedScenario&) = delete;
  PreparedScenario& operator=(const PreparedScenario&) = delete;
  PreparedScenario(PreparedScenario&&) = default;
  PreparedScenario& operator=(PreparedScenario&&) = default;

  io::Scenario scenario;
  PrepareOptions options;
  double era0_rad = 0.0;
  std::vector<PreparedThreat> threats;
  std::vector<int> battery_class;   // into scenario.catalog.interceptors
  std::vector<int> battery_nation;  // into scenario.nations
  std::vector<engage::BatteryGeometry> battery_geometry;
  std::vector<physics::EnvelopeTable> envelopes;  // per interceptor class (catalog order)
  std::vector<std::vector<Opportunity>> truth_opportunities;  // [threat * batteries + battery]

  const physics::ThreatClass& threat_class(int threat) const;
  const physics::InterceptorClass& interceptor(int battery) const;
  const std::vector<Opportunity>& opportunities(int threat, int battery) const;
  int nation_index(const std::string& nation) const;  // -1 when unknown
};

// Throws DomainError when a threat cannot be flown to its aim point and
// InputError when a battery or threat names a class missing from the catalog.
PreparedScenario prepare(io::Scenario scenario, const PrepareOptions& options = {});

// Runs body(i) for i in [0, n) on `threads` std::threads, each taking the
// next index from a shared counter; the first exception is rethrown.
void parallel_for(int n, int threads, const std::function<void(int)>& body);

}  // namespace bulwark::sim
