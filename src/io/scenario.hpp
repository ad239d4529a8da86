// The scenario: everything an analyst states about one engagement. Parsed and
// validated from YAML by load_scenario(); docs/formats.md has the schema.
// Models receive these typed structs, never YAML.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engage/battery.hpp"
#include "physics/flight.hpp"
#include "physics/vehicle.hpp"
#include "sensors/sensor.hpp"
#include "threat/asset.hpp"

namespace bulwark::io {

struct ThreatSpec {
  std::string id;
  std::string threat_class;  // catalog class name
  physics::ThreatLaunch launch;  // launch and aim points, loft, launch time (s after epoch)
};

// A raid generator: `count` missiles of one class launched from points spread
// uniformly in a circle around `launch_area` toward `aim_points` (round robin),
// launch times uniform in [start_s, start_s + span_s]. Expanded into
// ThreatSpecs by expand_raids() with the scenario seed, so the raid is fixed
// for the scenario and the same in every replication.
struct RaidSpec {
  std::string id_prefix;
  std::string threat_class;
  int count = 0;
  geo::Geodetic launch_area;
  double launch_radius_m = 0.0;
  std::vector<geo::Geodetic> aim_points;
  physics::Loft loft = physics::Loft::minimum_energy;
  double start_s = 0.0;
  double span_s = 0.0;
};

struct Scenario {
  std::string source;             // file path, or "<embedded:default>"
  std::string name;
  std::string epoch_utc;          // ISO 8601, e.g. "2026-11-26T00:00:00Z"
  std::uint64_t seed = 1;
  std::vector<std::string> nations;
  std::vector<ThreatSpec> threats;  // after expansion of raids
  std::vector<RaidSpec> raids;
  std::vector<sensors::SensorConfig> sensors;
  std::vector<threat::Asset> assets;
  std::vector<engage::Battery> batteries;
  engage::Doctrine doctrine;
  double bm_cycle_s = 2.0;        // battle-management re-planning period
  double end_time_s = 0.0;        // 0: until the last threat has landed or died
  physics::Catalog catalog;       // embedded catalog, or the file named by `catalog:`
};

// What load_scenario() insists on: `bulwark track` needs only the sensors.
enum class ScenarioParts { sensors_only, full };

// Parses and validates a YAML scenario file. Throws InputError naming the
// file, line and field for any missing field, unknown class or sensor type,
// NaN, out-of-range value, duplicate id or unreachable aim point.
Scenario load_scenario(const std::string& path, ScenarioParts parts = ScenarioParts::full);
// The same from text (for the embedded default scenario and tests).
Scenario parse_scenario(const std::string& yaml_text, const std::string& source_name,
                        ScenarioParts parts = ScenarioParts::full);
// The built-in default scenario.
Scenario default_scenario();

// Expands raid generators into threats, in raid order: raid r's k-th missile
// (k = 1..count) has id id_prefix + k, a launch point uniform in the disc of
// launch_radius_m around launch_area (geodesic distance R sqrt(u), azimuth
// uniform), aim point aim_points[(k-1) % n] and launch time
// start_s + span_s * u, drawn from make_stream(seed, 0, stable_hash("raid:" + id_prefix)).
// parse_scenario already appends these to Scenario::threats.
std::vector<ThreatSpec> expand_raids(const std::vector<RaidSpec>& raids, std::uint64_t seed);

}  // namespace bulwark::io
