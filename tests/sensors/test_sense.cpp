// Tests of the time-span driver (src/sensors/sense.hpp) on synthetic
// trajectories: a straight climb in boost, then a coast, over Poland.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/units.hpp"
#include "geo/frames.hpp"
#include "physics/flight.hpp"
#include "physics/vehicle.hpp"
#include "sensors/pose.hpp"
#include "sensors/sense.hpp"

namespace bulwark::sensors {
namespace {

// Constant-velocity flight from (lat, lon, 0) eastward and upward, boost
// until burnout_s, impact (last state) at end_s.
physics::Trajectory synthetic(double lat_deg, double lon_deg, double t0, double burnout_s,
                              double end_s) {
  physics::Trajectory traj;
  const geo::Geodetic origin{deg_to_rad(lat_deg), deg_to_rad(lon_deg), 0.0};
  const geo::Vec3 v_enu(800.0, 0.0, 600.0);
  const geo::Vec3 v = geo::enu_rotation(origin.lat_rad, origin.lon_rad).transpose() * v_enu;
  for (double t = t0; t <= end_s + 1e-9; t += 5.0) {
    physics::FlightState s;
    s.t_s = t;
    s.r_ecef = geo::to_ecef(origin) + v * (t - t0);
    s.v_ecef = v;
    s.mass_kg = 1000.0;
    s.phase = t < burnout_s ? physics::Phase::boost : physics::Phase::midcourse;
    traj.states.push_back(s);
  }
  return traj;
}

physics::ThreatClass test_class() {
  physics::ThreatClass c;
  c.name = "TEST";
  c.rcs_boost_m2 = 10.0;
  c.rcs_midcourse_m2 = 1.0;
  c.rcs_reentry_m2 = 0.5;
  return c;
}

std::vector<SensorConfig> test_sensors() {
  std::vector<SensorConfig> list(2);
  SensorConfig& radar = list[0];
  radar.id = "R1";
  radar.nation = "PL";
  radar.site = {deg_to_rad(52.0), deg_to_rad(20.0), 100.0};
  radar.radar.revisit_s = 2.0;
  radar.radar.false_alarms_per_scan = 1.0;
  SensorConfig& sat = list[1];
  sat.id = "EW1";
  sat.nation = "PL";
  sat.type = SensorType::ew_satellite;
  sat.ew.sub_lon_rad = deg_to_rad(20.0);
  sat.ew.revisit_s = 5.0;
  sat.ew.pd = 1.0;
  return list;
}

struct Fixture {
  physics::ThreatClass cls = test_class();
  std::vector<physics::Trajectory> trajs = {synthetic(52.5, 21.0, 0.0, 60.0, 300.0),
                                            synthetic(52.0, 22.0, 40.0, 100.0, 250.0)};
  std::vector<TruthObject> objects() const { return {{&trajs[0], &cls}, {&trajs[1], &cls}}; }
};

TEST(Sense, MeasurementsAreTimeOrderedAndTruthIsSampledAtThem) {
  Fixture f;
  SenseOptions opt;
  opt.seed = 5;
  const SenseResult r = sense(test_sensors(), f.objects(), opt);
  ASSERT_GT(r.measurements.size(), 100u);
  EXPECT_EQ(r.dwells, 151 + 61);  // radar t = 0..300 step 2, satellite 0..300 step 5
  for (std::size_t i = 1; i < r.measurements.size(); ++i)
    ASSERT_LE(r.measurements[i - 1].t_s, r.measurements[i].t_s);
  for (const Measurement& m : r.measurements) {
    if (m.truth < 0) continue;
    int found = 0;
    for (const TruthSample& s : r.truth) {
      if (s.t_s != m.t_s || s.truth != m.truth) continue;
      ++found;
      const physics::FlightState x = f.trajs[static_cast<std::size_t>(m.truth)].at(m.t_s);
      EXPECT_EQ((s.r_ecef - x.r_ecef).norm(), 0.0);
    }
    EXPECT_EQ(found, 1) << "t " << m.t_s << " truth " << m.truth;
  }
  // Nothing is measured before launch or after impact.
  for (const Measurement& m : r.measurements) {
    if (m.truth == 1) {
      EXPECT_GE(m.t_s, 40.0);
      EXPECT_LT(m.t_s, 250.0);
    }
  }
}

// The early-warning satellite reports a target only while its motor burns.
TEST(Sense, EarlyWarningOnlyDuringBurn) {
  Fixture f;
  const SenseResult r = sense(test_sensors(), f.objects(), {});
  int ew = 0;
  for (const Measurement& m : r.measurements) {
    if (m.sensor != 1) continue;
    ++ew;
    EXPECT_EQ(m.kind, MeasurementKind::angles_only);
    EXPECT_LT(m.t_s, m.truth == 0 ? 60.0 : 100.0);
  }
  EXPECT_EQ(ew, 12 + 12);  // pd = 1: t = 0..55 (12 looks) and 40..95 (12 looks)
}

TEST(Sense, SameSeedSameResultAndSensorsDrawIndependently) {
  Fixture f;
  SenseOptions opt;
  opt.seed = 9;
  const SenseResult a = sense(test_sensors(), f.objects(), opt);
  const SenseResult b = sense(test_sensors(), f.objects(), opt);
  ASSERT_EQ(a.measurements.size(), b.measurements.size());
  for (std::size_t i = 0; i < a.measurements.size(); ++i) {
    EXPECT_EQ(a.measurements[i].t_s, b.measurements[i].t_s);
    EXPECT_EQ(a.measurements[i].az_rad, b.measurements[i].az_rad);
    EXPECT_EQ(a.measurements[i].el_rad, b.measurements[i].el_rad);
  }
  opt.replication = 1;
  const SenseResult c = sense(test_sensors(), f.objects(), opt);
  EXPECT_NE(a.measurements.front().az_rad, c.measurements.front().az_rad);

  // Dropping the satellite leaves the radar's measurements unchanged.
  opt.replication = 0;
  const SenseResult radar_only = sense({test_sensors()[0]}, f.objects(), opt);
  std::vector<Measurement> radar_a;
  for (const Measurement& m : a.measurements)
    if (m.sensor == 0) radar_a.push_back(m);
  ASSERT_EQ(radar_a.size(), radar_only.measurements.size());
  for (std::size_t i = 0; i < radar_a.size(); ++i)
    EXPECT_EQ(radar_a[i].range_m, radar_only.measurements[i].range_m);
}

TEST(Sense, TimeSpanIsHonoured) {
  Fixture f;
  SenseOptions opt;
  opt.t_begin_s = 11.0;
  opt.t_end_s = 21.0;
  const SenseResult r = sense(test_sensors(), f.objects(), opt);
  EXPECT_EQ(r.dwells, 5 + 2);  // radar 12..20, satellite 15, 20
  for (const Measurement& m : r.measurements) {
    EXPECT_GE(m.t_s, 11.0);
    EXPECT_LE(m.t_s, 21.0);
  }
}

}  // namespace
}  // namespace bulwark::sensors
