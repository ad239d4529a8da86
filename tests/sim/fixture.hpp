// Small scenarios built in code for the engine tests: N SRBM-600 threats
// launched together on parallel westward tracks 25 km apart, 500 km long,
// toward aim points on a north-south line through one UPPER-TIER battery.
// Every threat is engageable (a long exo-atmospheric window within the
// battery's reach), all windows open in the same battle-management cycle
// (identical flight profiles), and the threats stay 25 km apart -- far more
// than the kill vehicle's divert radius, so a shot can only meet the threat
// it was fired at.
#pragma once

#include <cmath>
#include <string>

#include "common/units.hpp"
#include "geo/geodesic.hpp"
#include "io/catalog.hpp"
#include "io/scenario.hpp"
#include "sim/prepared.hpp"

namespace bulwark::sim::test {

struct Defence {
  int warheads = 4;
  double pk = 0.8;
  engage::FirePolicy policy = engage::FirePolicy::salvo;
  int salvo_size = 2;
  int max_shots = 2;
  int rounds = 100;
  int channels = 100;
  bool battery = true;
};

inline io::Scenario wilkening_scenario(const Defence& d) {
  io::Scenario s;
  s.source = "<test:wilkening>";
  s.name = "wilkening";
  s.epoch_utc = "2026-11-26T00:00:00Z";
  s.seed = 20001;
  s.nations = {"AA", "BB"};
  s.catalog = io::default_catalog();
  for (auto& c : s.catalog.interceptors) c.sspk = d.pk;
  const geo::Geodetic centre{deg_to_rad(50.0), deg_to_rad(20.0), 0.0};
  for (int i = 0; i < d.warheads; ++i) {
    io::ThreatSpec t;
    t.id = "T" + std::to_string(i + 1);
    t.threat_class = "SRBM-600";
    const double offset_m = (i - 0.5 * (d.warheads - 1)) * 25000.0;
    t.launch.aim = geo::geodesic_direct(centre, 0.0, offset_m);
    t.launch.launch = geo::geodesic_direct(t.launch.aim, 0.5 * kPi, 500000.0);
    t.launch.launch_time_s = 0.0;
    s.threats.push_back(t);
  }
  // The radius contains every aim point.
  s.assets.push_back(threat::Asset{"CITY", "AA", "capital", centre, 25000.0 * d.warheads, 100.0});
  if (d.battery) {
    engage::Battery b;
    b.id = "B1";
    b.nation = "BB";
    b.interceptor = "UPPER-TIER";
    b.position = centre;
    b.launchers = 4;
    b.ready_rounds = d.rounds;
    b.fire_channels = d.channels;
    b.reaction_time_s = 5.0;
    s.batteries.push_back(b);
  }
  engage::DoctrineRule rule;
  rule.policy = d.policy;
  rule.salvo_size = d.salvo_size;
  rule.max_shots_per_threat = d.max_shots;
  s.doctrine.rules.push_back(rule);
  s.bm_cycle_s = 2.0;
  return s;
}

// Fixed kill probability: no geometry degradation of the catalog sspk.
inline PrepareOptions fixed_pk_options() {
  PrepareOptions o;
  o.windows.min_geometry_factor = 1.0;
  o.windows.full_pk_crossing_angle_rad = o.windows.max_crossing_angle_rad;
  o.threads = 2;
  return o;
}

}  // namespace bulwark::sim::test
