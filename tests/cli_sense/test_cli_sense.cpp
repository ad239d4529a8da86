// End-to-end: `bulwark sense` and `bulwark validate` on the example
// scenarios, reading the written files back through io/measurements.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "io/measurements.hpp"
#include "io/scenario.hpp"
#include "sensors/pose.hpp"
#include "support/run_cli.hpp"

namespace bulwark {
namespace {

const std::string kExamples = std::string(BULWARK_SOURCE_DIR) + "/scenarios/examples/";

TEST(CliSense, WritesMeasurementsConsistentWithTruth) {
  const auto dir = test::temp_dir("cli_sense");
  const std::string scenario = kExamples + "two_radars_ew.yaml";
  const auto meas = dir / "meas.csv", truth = dir / "truth.csv";
  const test::CliResult r =
      test::run_cli("sense " + scenario + " --out " + meas.string() + " --truth " + truth.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("measurements"), std::string::npos);

  const io::Scenario s = io::load_scenario(scenario);
  const io::MeasurementSet set = io::read_measurements(meas.string(), s.sensors);
  const std::vector<io::TruthRecord> rows = io::read_truth(truth.string());
  ASSERT_GT(set.measurements.size(), 50u);
  std::map<std::pair<double, std::string>, const io::TruthRecord*> at;
  for (const auto& row : rows) at[{row.t_s, row.truth_id}] = &row;

  const double era0 = sensors::epoch_rotation_angle(s.epoch_utc);
  int radar = 0, ew = 0, false_alarms = 0;
  for (const sensors::Measurement& m : set.measurements) {
    if (m.truth < 0) {
      ++false_alarms;
      continue;
    }
    const std::string& id = set.truth_ids[static_cast<std::size_t>(m.truth)];
    EXPECT_TRUE(id == "T1" || id == "T2");
    const auto it = at.find({m.t_s, id});
    ASSERT_NE(it, at.end()) << "no truth row at t " << m.t_s << " for " << id;
    const sensors::SensorPose pose = sensors::sensor_pose(s.sensors[m.sensor], m.t_s, era0);
    const geo::AzElRange aer =
        geo::enu_to_aer(pose.ecef_to_enu * (it->second->r_ecef - pose.position_ecef));
    // Each residual within 6 sigma (probability of a false failure < 1e-8 per value).
    EXPECT_LT(std::abs(m.el_rad - aer.el_rad), 6.0 * m.sigma_el_rad);
    const double daz = std::remainder(m.az_rad - aer.az_rad, 2.0 * M_PI);
    EXPECT_LT(std::abs(daz), 6.0 * m.sigma_az_rad);
    if (m.kind == sensors::MeasurementKind::radar) {
      ++radar;
      EXPECT_LT(std::abs(m.range_m - aer.range_m), 6.0 * m.sigma_range_m);
    } else {
      ++ew;
      // Angles-only rows come from the early-warning satellite during boost
      // (SRBM-600 burns 70 s; T2 launches at 30 s).
      EXPECT_LT(m.t_s, id == "T1" ? 71.0 : 101.0);
    }
  }
  EXPECT_GT(radar, 20);
  EXPECT_GT(ew, 10);
  EXPECT_GT(false_alarms, 0);

  // Same scenario and seed: byte-identical files.
  const auto meas2 = dir / "meas2.csv", truth2 = dir / "truth2.csv";
  ASSERT_EQ(test::run_cli("sense " + scenario + " --out " + meas2.string() + " --truth " +
                          truth2.string())
                .exit_code,
            0);
  EXPECT_EQ(test::read_text(meas), test::read_text(meas2));
  EXPECT_EQ(test::read_text(truth), test::read_text(truth2));
  // Another replication draws other noise.
  ASSERT_EQ(test::run_cli("sense " + scenario + " --replication 1 --out " + meas2.string() +
                          " --truth " + truth2.string())
                .exit_code,
            0);
  EXPECT_NE(test::read_text(meas), test::read_text(meas2));
  std::filesystem::remove_all(dir);
}

TEST(CliSense, BadScenarioExitsTwoNamingTheField) {
  const auto dir = test::temp_dir("cli_sense_bad");
  const auto bad = dir / "bad.yaml";
  std::ofstream(bad)
      << "epoch: \"2026-11-26T00:00:00Z\"\nnations: [PL]\nthreats:\n"
         "  - {id: T1, class: SRBM-600, launch: {lat_deg: 53.9, lon_deg: 28.0},\n"
         "     aim: {lat_deg: 52.2, lon_deg: 21.0}}\n"
         "sensors:\n  - {id: R1, nation: PL, type: radar, lat_deg: 52, lon_deg: 21}\n";
  const test::CliResult r =
      test::run_cli("sense " + bad.string() + " --out " + (dir / "m.csv").string() + " --truth " +
                    (dir / "t.csv").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml:7: field 'sensors[0].alt_m': missing required field"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "m.csv"));
  std::filesystem::remove_all(dir);
}

TEST(CliValidate, AcceptsTheExamples) {
  const test::CliResult full = test::run_cli("validate " + kExamples + "small_defence.yaml");
  EXPECT_EQ(full.exit_code, 0) << full.err;
  EXPECT_EQ(full.out.rfind("OK: 5 threats (1 raids), 4 sensors (2 radars, 2 ew-satellites), 3 "
                           "assets, 2 batteries, 3 nations",
                           0),
            0u)
      << full.out;
  const test::CliResult sensors =
      test::run_cli("validate --sensors-only " + kExamples + "sensors_only.yaml");
  EXPECT_EQ(sensors.exit_code, 0) << sensors.err;
  EXPECT_NE(sensors.out.find("2 sensors"), std::string::npos);
}

TEST(CliValidate, ReportsFileLineAndFieldAndExitsTwo) {
  const auto dir = test::temp_dir("cli_validate");
  const auto bad = dir / "typo.yaml";
  std::ofstream(bad) << "sensors:\n  - id: R1\n    nation: PL\n    type: radar\n"
                        "    lat_deg: 52\n    lon_deg: 21\n    alt_m: 0\n    max_rnage_km: 900\n";
  const test::CliResult r = test::run_cli("validate --sensors-only " + bad.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("typo.yaml:8: field 'sensors[0].max_rnage_km': unknown key (allowed:"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());
  const test::CliResult missing = test::run_cli("validate " + (dir / "none.yaml").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace bulwark
