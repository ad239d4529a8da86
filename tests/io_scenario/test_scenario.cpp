// Scenario YAML parsing and validation (src/io/scenario.cpp): a table of
// malformed scenarios, each asserting the error names the right field and
// line, and checks of what a valid file gives.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/units.hpp"
#include "geo/geodesic.hpp"
#include "io/scenario.hpp"

namespace bulwark::io {
namespace {

// A valid scenario, one entry per line (line i+1 of the text is kBase[i]).
const std::vector<std::string> kBase = {
    R"(epoch: "2026-11-26T00:00:00Z")",                                                   // 1
    "seed: 3",                                                                            // 2
    "nations: [PL, LT]",                                                                  // 3
    "threats:",                                                                           // 4
    "  - id: T1",                                                                         // 5
    "    class: SRBM-600",                                                                // 6
    "    launch: {lat_deg: 53.9, lon_deg: 28.0}",                                         // 7
    "    aim: {lat_deg: 52.23, lon_deg: 21.01}",                                          // 8
    "    launch_time_s: 0",                                                               // 9
    "    loft: minimum-energy",                                                           // 10
    "sensors:",                                                                           // 11
    "  - id: R1",                                                                         // 12
    "    nation: PL",                                                                     // 13
    "    type: radar",                                                                    // 14
    "    lat_deg: 52.4",                                                                  // 15
    "    lon_deg: 22.0",                                                                  // 16
    "    alt_m: 150",                                                                     // 17
    "    revisit_s: 2",                                                                   // 18
    "  - id: S1",                                                                         // 19
    "    nation: LT",                                                                     // 20
    "    type: ew-satellite",                                                             // 21
    "    sub_lon_deg: 25",                                                                // 22
    "assets:",                                                                            // 23
    "  - {id: A1, nation: PL, lat_deg: 52.2, lon_deg: 21.0, radius_m: 5000, value: 10}",  // 24
    "batteries:",                                                                         // 25
    "  - {id: B1, nation: PL, interceptor: LOWER-TIER, lat_deg: 52.3, lon_deg: 21.2, "
    "ready_rounds: 4}",                                       // 26
    "doctrine:",                                              // 27
    "  rules:",                                               // 28
    "    - {class: SRBM-600, policy: salvo, salvo_size: 2}",  // 29
    "raids:",                                                 // 30
    "  - id_prefix: W-",                                      // 31
    "    class: SRBM-300",                                    // 32
    "    count: 2",                                           // 33
    "    launch_area: {lat_deg: 54.6, lon_deg: 27.8}",        // 34
    "    aim_points:",                                        // 35
    "      - {lat_deg: 54.69, lon_deg: 25.28}",               // 36
};

std::string text_with(int line, const std::string& replacement) {
  std::string s;
  for (std::size_t i = 0; i < kBase.size(); ++i)
    s += (static_cast<int>(i) + 1 == line ? replacement : kBase[i]) + "\n";
  return s;
}

struct BadCase {
  const char* name;
  int line;  // line of kBase to replace (may become several lines)
  const char* replacement;
  const char* field;    // expected InputLocation::field
  int error_line;       // expected InputLocation::line
  const char* message;  // expected in what()
};

const BadCase kBadCases[] = {
    {"missing_field", 15, "", "sensors[0].lat_deg", 12, "missing required field"},
    {"latitude_out_of_range", 15, "    lat_deg: 95", "sensors[0].lat_deg", 15, "out of range"},
    {"nan", 16, "    lon_deg: .nan", "sensors[0].lon_deg", 16, "not a finite number"},
    {"nan_plain", 16, "    lon_deg: nan", "sensors[0].lon_deg", 16, "not a finite number"},
    {"infinity", 17, "    alt_m: .inf", "sensors[0].alt_m", 17, "not a finite number"},
    {"wrong_type_text", 17, "    alt_m: high", "sensors[0].alt_m", 17, "expected a number"},
    {"wrong_type_list", 17, "    alt_m: [1, 2]", "sensors[0].alt_m", 17, "expected a number"},
    {"unknown_sensor_type", 14, "    type: sonar", "sensors[0].type", 14, "unknown sensor type"},
    {"nation_not_listed", 13, "    nation: FR", "sensors[0].nation", 13, "not in `nations`"},
    {"unknown_key_typo", 18, "    revisit: 2", "sensors[0].revisit", 18, "unknown key"},
    {"revisit_zero", 18, "    revisit_s: 0", "sensors[0].revisit_s", 18, "out of range"},
    {"pfa_out_of_range", 18, "    pfa: 1.5", "sensors[0].pfa", 18, "out of range"},
    {"elevation_limits_inverted", 18, "    min_el_deg: 10\n    max_el_deg: 5",
     "sensors[0].max_el_deg", 19, "greater than min_el_deg"},
    {"duplicate_sensor_id", 19, "  - id: R1", "sensors[1].id", 19, "duplicate id"},
    {"ew_pd_out_of_range", 22, "    sub_lon_deg: 25\n    pd: 1.2", "sensors[1].pd", 23,
     "out of range"},
    {"ew_unknown_orbit", 22, "    orbit: molniya", "sensors[1].orbit", 22, "unknown orbit"},
    {"ew_low_orbit_missing_inclination", 22, "    orbit: low-earth\n    altitude_km: 800",
     "sensors[1].inclination_deg", 19, "missing required field"},
    {"ew_geostationary_rejects_radar_keys", 22, "    sub_lon_deg: 25\n    lat_deg: 1",
     "sensors[1].lat_deg", 23, "unknown key"},
    {"unknown_threat_class", 6, "    class: ICBM-9000", "threats[0].class", 6,
     "unknown threat class"},
    {"aim_out_of_range", 8, "    aim: {lat_deg: 40.0, lon_deg: 0.0}", "threats[0].aim", 8,
     "outside SRBM-600's range"},
    {"aim_too_close", 8, "    aim: {lat_deg: 53.95, lon_deg: 28.1}", "threats[0].aim", 8,
     "outside SRBM-600's range"},
    {"unknown_loft", 10, "    loft: sideways", "threats[0].loft", 10, "unknown loft"},
    {"negative_launch_time", 9, "    launch_time_s: -5", "threats[0].launch_time_s", 9,
     "out of range"},
    {"threat_point_missing_lon", 7, "    launch: {lat_deg: 53.9}", "threats[0].launch.lon_deg", 7,
     "missing required field"},
    {"duplicate_threat_id_with_raid", 5, "  - id: W-1", "raids[0].id_prefix", 31,
     "duplicate id 'W-1'"},
    {"negative_count", 33, "    count: -3", "raids[0].count", 33, "out of range"},
    {"fractional_count", 33, "    count: 2.5", "raids[0].count", 33, "expected an integer"},
    {"raid_aim_out_of_range", 36, "      - {lat_deg: 40.0, lon_deg: 0.0}", "raids[0].aim_points[0]",
     36, "outside SRBM-300's range"},
    {"asset_negative_value", 24,
     "  - {id: A1, nation: PL, lat_deg: 52.2, lon_deg: 21.0, radius_m: 5000, value: -1}",
     "assets[0].value", 24, "out of range"},
    {"asset_missing_radius", 24, "  - {id: A1, nation: PL, lat_deg: 52.2, lon_deg: 21.0, value: 1}",
     "assets[0].radius_m", 24, "missing required field"},
    {"unknown_interceptor", 26,
     "  - {id: B1, nation: PL, interceptor: MID-TIER, lat_deg: 52.3, lon_deg: 21.2, "
     "ready_rounds: 4}",
     "batteries[0].interceptor", 26, "unknown interceptor class"},
    {"negative_rounds", 26,
     "  - {id: B1, nation: PL, interceptor: LOWER-TIER, lat_deg: 52.3, lon_deg: 21.2, "
     "ready_rounds: -1}",
     "batteries[0].ready_rounds", 26, "out of range"},
    {"battery_nation_not_listed", 26,
     "  - {id: B1, nation: XX, interceptor: LOWER-TIER, lat_deg: 52.3, lon_deg: 21.2, "
     "ready_rounds: 4}",
     "batteries[0].nation", 26, "not in `nations`"},
    {"unknown_policy", 29, "    - {class: SRBM-600, policy: always}", "doctrine.rules[0].policy",
     29, "unknown policy"},
    {"salvo_exceeds_max_shots", 29,
     "    - {class: SRBM-600, policy: salvo, salvo_size: 5, max_shots_per_threat: 2}",
     "doctrine.rules[0].salvo_size", 29, "exceeds max_shots_per_threat"},
    {"duplicate_doctrine_class", 29,
     "    - {class: SRBM-600, policy: salvo}\n    - {class: SRBM-600, policy: salvo}",
     "doctrine.rules[1].class", 30, "duplicate id"},
    {"unknown_top_level_key", 2, "sed: 3", "sed", 2, "unknown key (allowed: name, epoch"},
    {"malformed_epoch", 1, "epoch: yesterday", "epoch", 1, "malformed epoch"},
    {"missing_epoch", 1, "name: x", "epoch", 1, "missing required field"},
    {"negative_seed", 2, "seed: -1", "seed", 2, "non-negative integer"},
    {"bm_cycle_negative", 2, "bm_cycle_s: -1", "bm_cycle_s", 2, "out of range"},
    {"duplicate_nation", 3, "nations: [PL, PL]", "nations[1]", 3, "duplicate id"},
    {"nations_not_a_list", 3, "nations: PL", "nations", 3, "expected a list"},
    {"catalog_missing", 2, "catalog: no_such_catalog.yaml", "catalog", 2, "catalog file not found"},
};

class BadScenario : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadScenario, NamesFieldAndLine) {
  const BadCase& c = GetParam();
  try {
    parse_scenario(text_with(c.line, c.replacement), "bad.yaml");
    FAIL() << "accepted: " << c.name;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "bad.yaml");
    EXPECT_EQ(e.where().field, c.field) << e.what();
    EXPECT_EQ(e.where().line, c.error_line) << e.what();
    EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Table, BadScenario, ::testing::ValuesIn(kBadCases),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Scenario, YamlSyntaxErrorNamesTheLine) {
  try {
    parse_scenario(text_with(7, "    launch: {lat_deg: 53.9, lon_deg: 28.0"), "bad.yaml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_GE(e.where().line, 7);
    EXPECT_NE(std::string(e.what()).find("YAML syntax error"), std::string::npos);
  }
}

TEST(Scenario, EmptyOrMissingFileIsAnError) {
  EXPECT_THROW(parse_scenario("", "empty.yaml"), InputError);
  EXPECT_THROW(parse_scenario("- 1\n- 2\n", "list.yaml"), InputError);
  EXPECT_THROW(load_scenario("/nonexistent/scenario.yaml"), InputError);
}

TEST(Scenario, ValidBaseParsesWithDefaultsAndUnits) {
  std::string text;
  for (const auto& l : kBase) text += l + "\n";
  const Scenario s = parse_scenario(text, "base.yaml");
  EXPECT_EQ(s.seed, 3u);
  EXPECT_EQ(s.nations, (std::vector<std::string>{"PL", "LT"}));
  ASSERT_EQ(s.threats.size(), 3u);  // T1 + raid W-1, W-2
  EXPECT_EQ(s.threats[0].id, "T1");
  EXPECT_NEAR(s.threats[0].launch.aim.lat_rad, deg_to_rad(52.23), 1e-15);
  EXPECT_EQ(s.threats[1].id, "W-1");
  EXPECT_EQ(s.threats[2].id, "W-2");
  ASSERT_EQ(s.sensors.size(), 2u);
  const sensors::SensorConfig& r = s.sensors[0];
  EXPECT_EQ(r.type, sensors::SensorType::radar);
  EXPECT_NEAR(r.site.lat_rad, deg_to_rad(52.4), 1e-15);
  EXPECT_EQ(r.site.alt_m, 150.0);
  const sensors::RadarParams defaults;
  EXPECT_EQ(r.radar.max_range_m, defaults.max_range_m);
  EXPECT_EQ(r.radar.pfa, defaults.pfa);
  EXPECT_EQ(s.sensors[1].type, sensors::SensorType::ew_satellite);
  EXPECT_NEAR(s.sensors[1].ew.sub_lon_rad, deg_to_rad(25.0), 1e-15);
  ASSERT_EQ(s.assets.size(), 1u);
  EXPECT_EQ(s.assets[0].radius_m, 5000.0);
  ASSERT_EQ(s.batteries.size(), 1u);
  EXPECT_EQ(s.batteries[0].ready_rounds, 4);
  EXPECT_EQ(s.batteries[0].launchers, 1);
  ASSERT_EQ(s.doctrine.rules.size(), 1u);
  EXPECT_EQ(s.doctrine.rules[0].policy, engage::FirePolicy::salvo);
  EXPECT_EQ(s.bm_cycle_s, 2.0);
  EXPECT_FALSE(s.catalog.threats.empty());
}

TEST(Scenario, RadarParametersConvertFromDegreesAndKilometres) {
  const std::string text =
      "sensors:\n"
      "  - {id: R, nation: PL, type: radar, lat_deg: 50, lon_deg: 20, alt_m: 0,\n"
      "     boresight_az_deg: 90, az_half_width_deg: 45, min_el_deg: 1, max_el_deg: 60,\n"
      "     max_range_km: 1500, ref_range_km: 700, beamwidth_deg: 1.5, revisit_s: 4}\n";
  const Scenario s = parse_scenario(text, "r.yaml", ScenarioParts::sensors_only);
  const sensors::RadarParams& p = s.sensors[0].radar;
  EXPECT_NEAR(p.boresight_az_rad, kPi / 2, 1e-15);
  EXPECT_NEAR(p.az_half_width_rad, kPi / 4, 1e-15);
  EXPECT_NEAR(p.min_el_rad, deg_to_rad(1.0), 1e-15);
  EXPECT_EQ(p.max_range_m, 1.5e6);
  EXPECT_EQ(p.ref_range_1m2_m, 7e5);
  EXPECT_NEAR(p.beamwidth_rad, deg_to_rad(1.5), 1e-15);
  EXPECT_EQ(p.revisit_s, 4.0);
}

TEST(Scenario, SensorsOnlyNeedsJustTheSensorList) {
  const std::string path =
      std::string(BULWARK_SOURCE_DIR) + "/scenarios/examples/sensors_only.yaml";
  const Scenario s = load_scenario(path, ScenarioParts::sensors_only);
  ASSERT_EQ(s.sensors.size(), 2u);
  EXPECT_TRUE(s.threats.empty());
  try {
    load_scenario(path, ScenarioParts::full);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "epoch");
  }
  EXPECT_THROW(parse_scenario("sensors: []\n", "x.yaml", ScenarioParts::sensors_only), InputError);
}

TEST(Scenario, EveryExampleIsValid) {
  const auto dir = std::filesystem::path(BULWARK_SOURCE_DIR) / "scenarios/examples";
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    const bool sensors_only = entry.path().filename() == "sensors_only.yaml";
    EXPECT_NO_THROW(load_scenario(entry.path().string(),
                                  sensors_only ? ScenarioParts::sensors_only : ScenarioParts::full))
        << entry.path();
    ++n;
  }
  EXPECT_GE(n, 3);
}

// Raid expansion: deterministic for a seed, launch points within the radius,
// aim points round robin, launch times within the span.
TEST(Scenario, RaidExpansion) {
  RaidSpec r;
  r.id_prefix = "R-";
  r.threat_class = "SRBM-300";
  r.count = 50;
  r.launch_area = {deg_to_rad(54.0), deg_to_rad(28.0), 0.0};
  r.launch_radius_m = 30e3;
  r.aim_points = {{deg_to_rad(54.7), deg_to_rad(25.3), 0.0},
                  {deg_to_rad(54.9), deg_to_rad(23.9), 0.0}};
  r.start_s = 100.0;
  r.span_s = 60.0;
  const auto a = expand_raids({r}, 1);
  const auto b = expand_raids({r}, 1);
  const auto c = expand_raids({r}, 2);
  ASSERT_EQ(a.size(), 50u);
  double max_d = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].id, "R-" + std::to_string(k + 1));
    EXPECT_EQ(a[k].launch.launch.lat_rad, b[k].launch.launch.lat_rad);
    EXPECT_EQ(a[k].launch.aim.lat_rad, r.aim_points[k % 2].lat_rad);
    EXPECT_GE(a[k].launch.launch_time_s, 100.0);
    EXPECT_LE(a[k].launch.launch_time_s, 160.0);
    const double d = geo::geodesic_inverse(r.launch_area, a[k].launch.launch).distance_m;
    EXPECT_LE(d, 30e3 + 1e-6);
    max_d = std::max(max_d, d);
  }
  EXPECT_GT(max_d, 15e3);  // spread over the disc, not bunched at the centre
  EXPECT_NE(a[0].launch.launch.lat_rad, c[0].launch.launch.lat_rad);
}

}  // namespace
}  // namespace bulwark::io
