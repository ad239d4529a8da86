// End-to-end: `bulwark trajectory` writes the CSV and JSON of issue 2, and
// rejects bad arguments with one line on stderr and a non-zero exit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_cli.hpp"

namespace bulwark::test {
namespace {

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, sep)) out.push_back(cell);
  return out;
}

TEST(CliTrajectory, WritesCsvAndJsonAsDocumented) {
  const auto dir = temp_dir("cli_trajectory");
  const auto csv = dir / "traj.csv";
  const CliResult r = run_cli(
      "trajectory --class SRBM-600 --launch 35.0,45.0 --aim 38.5,41.0 "
      "--dt 2 --out " +
      csv.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["class"], "SRBM-600");
  EXPECT_LT(j["miss_m"].get<double>(), 50.0);
  EXPECT_NEAR(j["aim"]["lat_deg"].get<double>(), 38.5, 1e-9);
  EXPECT_NEAR(j["impact"]["lat_deg"].get<double>(), 38.5, 1e-3);
  EXPECT_NEAR(j["impact"]["lon_deg"].get<double>(), 41.0, 1e-3);
  EXPECT_GT(j["ground_range_km"].get<double>(), 500.0);
  EXPECT_GT(j["apogee_km"].get<double>(), 100.0);
  EXPECT_GT(j["flight_time_s"].get<double>(), 300.0);
  for (const char* k : {"t_s", "alt_km", "speed_mps", "flight_path_angle_deg"})
    EXPECT_TRUE(j["burnout"][k].is_number()) << k;
  EXPECT_EQ(j["burnout"]["position_ecef_m"].size(), 3u);
  EXPECT_EQ(j["burnout"]["velocity_ecef_mps"].size(), 3u);
  EXPECT_GT(j["reentry_speed_mps"].get<double>(), 1000.0);

  std::stringstream text(read_text(csv));
  std::string line;
  std::getline(text, line);
  EXPECT_EQ(line,
            "t_s,lat_deg,lon_deg,alt_m,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,speed_mps,mass_kg,phase");
  std::vector<std::vector<std::string>> rows;
  while (std::getline(text, line)) rows.push_back(split(line, ','));
  ASSERT_GT(rows.size(), 150u);  // ~410 s at 2 s plus events
  double prev_t = -1.0;
  std::vector<std::string> phases;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 13u);
    const double t = std::stod(row[0]);
    ASSERT_GT(t, prev_t);
    prev_t = t;
    if (phases.empty() || phases.back() != row[12]) phases.push_back(row[12]);
  }
  const std::vector<std::string> expected = {"boost", "midcourse", "reentry", "impact"};
  EXPECT_EQ(phases, expected);
  EXPECT_EQ(rows.back()[12], "impact");  // the last row is the impact
  EXPECT_LT(std::abs(std::stod(rows.back()[3])), 1.0);
  EXPECT_NEAR(std::stod(rows.back()[0]), j["flight_time_s"].get<double>(), 1e-5);
}

// The validation switches: spherical Earth, no rotation, no atmosphere.
TEST(CliTrajectory, ModelSwitchesAreApplied) {
  const CliResult r = run_cli(
      "trajectory --class SRBM-300 --launch 10,20 --aim 12,21 --loft lofted "
      "--earth spherical --rotation off --atmosphere off");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["model"]["earth"], "spherical");
  EXPECT_EQ(j["model"]["rotation"], "off");
  EXPECT_EQ(j["loft"], "lofted");
  EXPECT_LT(j["miss_m"].get<double>(), 50.0);
}

void expect_one_line_error(const std::string& args, const std::string& part) {
  const CliResult r = run_cli(args);
  EXPECT_NE(r.exit_code, 0) << args;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(part), std::string::npos) << args << " -> " << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(CliTrajectory, BadArgumentsExitNonZeroWithOneLine) {
  const std::string ok = " --launch 35,45 --aim 38.5,41";
  expect_one_line_error("trajectory --class ICBM-9000" + ok, "unknown threat class 'ICBM-9000'");
  expect_one_line_error("trajectory --class SRBM-300" + ok, "cannot reach");  // 530 km > 320
  expect_one_line_error("trajectory --class SRBM-300 --launch 35,45 --aim 35.1,45",
                        "cannot reach");  // 11 km < min
  expect_one_line_error("trajectory --class SRBM-600 --launch 35:45 --aim 38.5,41", "--launch");
  expect_one_line_error("trajectory --class SRBM-600 --launch 35,45 --aim 38.5,east", "--aim");
  expect_one_line_error("trajectory --class SRBM-600 --launch 95,45 --aim 38.5,41",
                        "latitude 95 is out of range");
  expect_one_line_error("trajectory --class SRBM-600 --launch 35,45 --aim 38.5,200",
                        "longitude 200 is out of range");
  expect_one_line_error("trajectory --class SRBM-600 --launch nan,45 --aim 38.5,41", "--launch");
  expect_one_line_error("trajectory --class SRBM-600" + ok + " --loft high", "--loft");
  expect_one_line_error("trajectory --class SRBM-600" + ok + " --earth flat", "--earth");
  expect_one_line_error("trajectory --class SRBM-600" + ok + " --rotation maybe", "--rotation");
  expect_one_line_error("trajectory --class SRBM-600" + ok + " --dt -1", "--dt");
  expect_one_line_error("trajectory --class SRBM-600" + ok + " --catalog /nonexistent.yaml",
                        "cannot open catalog");
}

TEST(CliTrajectory, CatalogFileOverridesTheEmbeddedOne) {
  const auto dir = temp_dir("cli_trajectory_catalog");
  const auto path = dir / "bad.yaml";
  std::ofstream(path) << "threats:\n  - name: X\n    notional: false\n";
  const CliResult r =
      run_cli("trajectory --class X --launch 35,45 --aim 38.5,41 --catalog " + path.string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(path.string() + ":3: field 'threats[0].notional'"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace bulwark::test
