// Measurement and truth CSV (src/io/measurements.hpp): round trip, and a
// table of bad files, each rejected with the line and column named.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "io/measurements.hpp"

namespace bulwark::io {
namespace {

std::vector<sensors::SensorConfig> test_sensors() {
  sensors::SensorConfig radar;
  radar.id = "R1";
  sensors::SensorConfig sat;
  sat.id = "EW1";
  sat.type = sensors::SensorType::ew_satellite;
  return {radar, sat};
}

const std::string kHeader =
    "t_s,sensor_id,range_m,az_rad,el_rad,range_rate_mps,sigma_range_m,sigma_az_rad,sigma_el_rad,"
    "sigma_range_rate_mps,snr_db,truth_id\n";
const std::string kRadarRow = "1.5,R1,250000,1.2,0.3,-1500,15,0.001,0.001,1,20.5,T1\n";
const std::string kEwRow = "2,EW1,,0.5,-1.4,,,0.0002,0.0001,,,T1\n";

TEST(MeasurementCsv, RoundTripIsExact) {
  sensors::Measurement a;
  a.t_s = 0.1 + 0.2;
  a.sensor = 0;
  a.range_m = 123456.789012345;
  a.az_rad = 6.2831;
  a.el_rad = -0.01;
  a.range_rate_mps = -1234.5678;
  a.sigma_range_m = 15.0;
  a.sigma_az_rad = 1.0 / 3.0;
  a.sigma_el_rad = 2e-4;
  a.sigma_range_rate_mps = 1.0;
  a.snr_db = 17.25;
  a.truth = 1;
  sensors::Measurement b;
  b.t_s = 0.5;
  b.sensor = 1;
  b.kind = sensors::MeasurementKind::angles_only;
  b.az_rad = 1.0;
  b.el_rad = -1.2;
  b.sigma_az_rad = 3e-4;
  b.sigma_el_rad = 5e-5;
  b.snr_db = sensors::Measurement::kAbsent;
  sensors::Measurement fa = a;
  fa.t_s = 0.5;
  fa.truth = -1;
  std::stringstream text;
  write_measurements(text, {a, b, fa}, test_sensors(), {"T0", "T1"});
  const MeasurementSet set = read_measurements(text, "m.csv", test_sensors());
  ASSERT_EQ(set.measurements.size(), 3u);
  const sensors::Measurement& ra = set.measurements[0];
  EXPECT_EQ(ra.t_s, a.t_s);
  EXPECT_EQ(ra.range_m, a.range_m);
  EXPECT_EQ(ra.az_rad, a.az_rad);
  EXPECT_EQ(ra.range_rate_mps, a.range_rate_mps);
  EXPECT_EQ(ra.sigma_az_rad, a.sigma_az_rad);
  EXPECT_EQ(ra.snr_db, a.snr_db);
  EXPECT_EQ(set.truth_ids, (std::vector<std::string>{"T1"}));
  EXPECT_EQ(ra.truth, 0);
  const sensors::Measurement& rb = set.measurements[1];
  EXPECT_EQ(rb.kind, sensors::MeasurementKind::angles_only);
  EXPECT_EQ(rb.sensor, 1u);
  EXPECT_TRUE(std::isnan(rb.range_m));
  EXPECT_TRUE(std::isnan(rb.sigma_range_rate_mps));
  EXPECT_EQ(rb.truth, -1);
  EXPECT_EQ(set.measurements[2].truth, -1);
}

TEST(MeasurementCsv, ColumnsInAnyOrderAndNegativeAzimuthNormalised) {
  const std::string text =
      "truth_id,snr_db,sigma_range_rate_mps,sigma_el_rad,sigma_az_rad,sigma_range_m,"
      "range_rate_mps,el_rad,az_rad,range_m,sensor_id,t_s,extra\n"
      ",10,1,0.001,0.001,15,0,0.2,-0.5,1000,R1,3,x\n";
  std::istringstream in(text);
  const MeasurementSet set = read_measurements(in, "m.csv", test_sensors());
  ASSERT_EQ(set.measurements.size(), 1u);
  EXPECT_NEAR(set.measurements[0].az_rad, 2.0 * M_PI - 0.5, 1e-15);
  EXPECT_EQ(set.measurements[0].t_s, 3.0);
}

struct BadCsv {
  const char* name;
  std::string text;
  int line;
  const char* column;
  const char* message;
};

std::string replace_row(const std::string& row, int cell, const std::string& value) {
  std::vector<std::string> cells;
  std::string cur;
  for (char c : row) {
    if (c == ',' || c == '\n') {
      cells.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  cells[static_cast<std::size_t>(cell)] = value;
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
  return out + "\n";
}

std::vector<BadCsv> bad_cases() {
  return {
      {"missing_column", "t_s,sensor_id,range_m\n1,R1,5\n", 1, "az_rad", "missing column"},
      {"non_numeric", kHeader + replace_row(kRadarRow, 2, "far"), 2, "range_m", "not a number"},
      {"nan", kHeader + replace_row(kRadarRow, 3, "nan"), 2, "az_rad", "not a finite number"},
      {"out_of_order", kHeader + kEwRow + kRadarRow, 3, "t_s", "out of time order"},
      {"unknown_sensor", kHeader + replace_row(kRadarRow, 1, "R9"), 2, "sensor_id",
       "unknown sensor id 'R9'"},
      {"azimuth_out_of_range", kHeader + replace_row(kRadarRow, 3, "7"), 2, "az_rad",
       "azimuth out of range"},
      {"elevation_out_of_range", kHeader + replace_row(kRadarRow, 4, "1.6"), 2, "el_rad",
       "elevation out of range"},
      {"sigma_zero", kHeader + replace_row(kRadarRow, 7, "0"), 2, "sigma_az_rad",
       "sigma must be > 0"},
      {"sigma_negative", kHeader + replace_row(kRadarRow, 6, "-3"), 2, "sigma_range_m",
       "sigma must be > 0"},
      {"negative_range", kHeader + replace_row(kRadarRow, 2, "-1"), 2, "range_m",
       "range must be >= 0"},
      {"radar_row_without_range", kHeader + replace_row(kRadarRow, 2, ""), 2, "range_m",
       "is a radar"},
      {"angles_only_row_with_range", kHeader + replace_row(kEwRow, 2, "1000"), 2, "range_m",
       "angles-only"},
      {"missing_cell", kHeader + "1.5,R1,250000\n", 2, "", "cells"},
      {"empty_file", "", 0, "", "empty file"},
  };
}

TEST(MeasurementCsv, BadInputNamesLineAndColumn) {
  for (const BadCsv& c : bad_cases()) {
    std::istringstream in(c.text);
    try {
      read_measurements(in, "m.csv", test_sensors());
      ADD_FAILURE() << "accepted: " << c.name;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, "m.csv") << c.name;
      EXPECT_EQ(e.where().line, c.line) << c.name << ": " << e.what();
      EXPECT_EQ(e.where().field, c.column) << c.name << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos)
          << c.name << ": " << e.what();
    }
  }
}

TEST(MeasurementCsv, EqualTimesKeepFileOrder) {
  std::istringstream in(kHeader + replace_row(kRadarRow, 0, "2") + kEwRow);
  const MeasurementSet set = read_measurements(in, "m.csv", test_sensors());
  ASSERT_EQ(set.measurements.size(), 2u);
  EXPECT_EQ(set.measurements[0].sensor, 0u);
}

TEST(TruthCsv, RoundTripAndBadInput) {
  TruthRecord a{1.25, "T1", {1.0 / 3.0, 2e6, -3e6}, {100.5, -2.25, 7.0}};
  TruthRecord b{1.25, "T2", {4e6, 5e6, 6e6}, {0, 0, 0}};
  std::stringstream text;
  write_truth(text, {a, b});
  const auto rows = read_truth(text, "t.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].truth_id, "T1");
  EXPECT_EQ(rows[0].r_ecef, a.r_ecef);
  EXPECT_EQ(rows[0].v_ecef, a.v_ecef);

  const std::string header = "t_s,truth_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps\n";
  const struct {
    std::string text;
    int line;
    const char* column;
  } bad[] = {
      {header + "2,T1,1,2,3,4,5,6\n1,T1,1,2,3,4,5,6\n", 3, "t_s"},
      {header + "1,,1,2,3,4,5,6\n", 2, "truth_id"},
      {header + "1,T1,1,2,inf,4,5,6\n", 2, "z_m"},
      {"t_s,truth_id,x_m,y_m,z_m,vx_mps,vy_mps\n", 1, "vz_mps"},
  };
  for (const auto& c : bad) {
    std::istringstream in(c.text);
    try {
      read_truth(in, "t.csv");
      ADD_FAILURE() << c.text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().line, c.line) << e.what();
      EXPECT_EQ(e.where().field, c.column) << e.what();
    }
  }
}

TEST(MeasurementCsv, UnreadableOrUnwritablePathIsAnInputError) {
  EXPECT_THROW(read_measurements("/nonexistent/m.csv", test_sensors()), InputError);
  EXPECT_THROW(read_truth("/nonexistent/t.csv"), InputError);
  EXPECT_THROW(write_truth("/nonexistent/dir/t.csv", {}), InputError);
}

}  // namespace
}  // namespace bulwark::io
