// Tests of the space early-warning sensor and sensor positions
// (src/sensors/early_warning.hpp, src/sensors/pose.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/random.hpp"
#include "common/units.hpp"
#include "geo/frames.hpp"
#include "sensors/early_warning.hpp"
#include "sensors/pose.hpp"

namespace bulwark::sensors {
namespace {

SensorConfig geo_satellite(double sub_lon_deg) {
  SensorConfig c;
  c.id = "EW";
  c.nation = "DE";
  c.type = SensorType::ew_satellite;
  c.ew.orbit = EwSatelliteParams::Orbit::geostationary;
  c.ew.sub_lon_rad = deg_to_rad(sub_lon_deg);
  c.ew.pd = 1.0;
  return c;
}

TargetSnapshot plume(double lat_deg, double lon_deg, double alt_m, bool burning) {
  TargetSnapshot t;
  t.truth = 4;
  t.r_ecef = geo::to_ecef({deg_to_rad(lat_deg), deg_to_rad(lon_deg), alt_m});
  t.rcs_m2 = 10.0;
  t.motor_burning = burning;
  return t;
}

TEST(SensorPose, GeostationaryIsFixedInEcef) {
  const SensorConfig sat = geo_satellite(25.0);
  const geo::Vec3 p0 = sensor_position_ecef(sat, 0.0, 1.0);
  const geo::Vec3 p1 = sensor_position_ecef(sat, 3600.0, 2.0);
  EXPECT_EQ((p0 - p1).norm(), 0.0);
  EXPECT_NEAR(p0.norm(), geo::Wgs84::a + 35786e3, 1e-6);
  EXPECT_NEAR(std::atan2(p0.y(), p0.x()), deg_to_rad(25.0), 1e-15);
  EXPECT_EQ(p0.z(), 0.0);
}

// Circular Kepler orbit: constant radius a + h, and after one period
// T = 2 pi sqrt(r^3 / GM) the inertial position repeats (1 mm).
TEST(SensorPose, LowOrbitRadiusAndPeriod) {
  SensorConfig sat = geo_satellite(0.0);
  sat.ew.orbit = EwSatelliteParams::Orbit::low_earth;
  sat.ew.altitude_m = 1000e3;
  sat.ew.inclination_rad = deg_to_rad(63.4);
  sat.ew.raan_rad = deg_to_rad(40.0);
  sat.ew.arg_latitude_rad = deg_to_rad(10.0);
  const double r = geo::Wgs84::a + 1000e3;
  const double period = 2.0 * kPi * std::sqrt(r * r * r / geo::Wgs84::gm);
  const double era0 = 0.3;
  for (double t : {0.0, 500.0, 1234.5, period})
    EXPECT_NEAR(sensor_position_ecef(sat, t, era0).norm(), r, 1e-6);
  auto eci = [&](double t) {
    return geo::ecef_to_eci_position(sensor_position_ecef(sat, t, era0),
                                     era0 + geo::Wgs84::omega * t);
  };
  EXPECT_NEAR((eci(period) - eci(0.0)).norm(), 0.0, 1e-3);
  // Maximum latitude reached equals the inclination.
  double max_z = 0.0;
  for (double t = 0.0; t < period; t += 10.0) max_z = std::max(max_z, eci(t).z());
  EXPECT_NEAR(std::asin(max_z / r), deg_to_rad(63.4), 1e-3);
}

TEST(SensorPose, RadarPoseIsTheSiteAndItsEnuFrame) {
  SensorConfig radar;
  radar.site = {deg_to_rad(52.0), deg_to_rad(21.0), 120.0};
  const SensorPose pose = sensor_pose(radar, 100.0, 1.0);
  EXPECT_EQ((pose.position_ecef - geo::to_ecef(radar.site)).norm(), 0.0);
  EXPECT_EQ((pose.ecef_to_enu - geo::enu_rotation(radar.site.lat_rad, radar.site.lon_rad)).norm(),
            0.0);
}

TEST(SensorPose, EpochRotationAngleOfJ2000) {
  // IERS 2010 eq. 5.15 at J2000.0: 2 pi * 0.7790572732640.
  EXPECT_NEAR(epoch_rotation_angle("2000-01-01T12:00:00Z"), 2.0 * kPi * 0.7790572732640, 1e-9);
}

TEST(EarlyWarning, SeesOnlyWhileMotorBurns) {
  const SensorConfig sat = geo_satellite(25.0);
  const SensorPose pose = sensor_pose(sat, 0.0, 0.0);
  const TargetSnapshot targets[] = {plume(54.0, 28.0, 40e3, true), plume(54.0, 28.5, 40e3, false)};
  Rng rng = make_stream(1, 0, 2);
  std::vector<Measurement> out;
  ew_dwell(sat, 3, pose, 12.0, targets, rng, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].truth, 4);
  EXPECT_EQ(out[0].sensor, 3u);
  EXPECT_EQ(out[0].kind, MeasurementKind::angles_only);
  EXPECT_TRUE(std::isnan(out[0].range_m));
  EXPECT_TRUE(std::isnan(out[0].range_rate_mps));
  EXPECT_TRUE(std::isnan(out[0].sigma_range_m));
  EXPECT_TRUE(std::isnan(out[0].snr_db));
  // Seen from geostationary orbit, Europe is a few degrees from nadir.
  EXPECT_LT(out[0].el_rad, deg_to_rad(-75.0));
}

TEST(EarlyWarning, EarthLimbOccludesFarSide) {
  const SensorConfig sat = geo_satellite(25.0);
  const SensorPose pose = sensor_pose(sat, 0.0, 0.0);
  const TargetSnapshot far = plume(0.0, -155.0, 50e3, true);
  EXPECT_TRUE(earth_occludes(pose.position_ecef, far.r_ecef));
  EXPECT_FALSE(earth_occludes(pose.position_ecef, plume(54.0, 28.0, 40e3, true).r_ecef));
  // Near the limb (equator, so the sphere of radius a is exact): a point at
  // height h and central angle theta from the sub-satellite point is visible
  // iff theta < acos(a / r_geo) + acos(a / (a + h)) = 81.30 + 1.01 deg for
  // h = 1 km, and 81.30 + 7.15 deg for h = 50 km.
  EXPECT_TRUE(earth_occludes(pose.position_ecef, plume(0.0, 25.0 + 82.5, 1e3, true).r_ecef));
  EXPECT_FALSE(earth_occludes(pose.position_ecef, plume(0.0, 25.0 + 82.1, 1e3, true).r_ecef));
  EXPECT_TRUE(earth_occludes(pose.position_ecef, plume(0.0, 25.0 + 88.6, 50e3, true).r_ecef));
  EXPECT_FALSE(earth_occludes(pose.position_ecef, plume(0.0, 25.0 + 88.2, 50e3, true).r_ecef));
  Rng rng = make_stream(1, 0, 2);
  std::vector<Measurement> out;
  ew_dwell(sat, 0, pose, 0.0, {&far, 1}, rng, out);
  EXPECT_TRUE(out.empty());
}

// Line-of-sight noise: elevation error / sigma_el and azimuth error /
// sigma_az (= sigma / cos el) are standard normal: mean within 4 standard
// errors, standard deviation within 3 % (n = 20,000).
TEST(EarlyWarning, NoiseMatchesSigma) {
  SensorConfig sat = geo_satellite(25.0);
  sat.ew.sigma_angle_rad = 1e-4;
  sat.ew.pd = 0.5;
  const SensorPose pose = sensor_pose(sat, 0.0, 0.0);
  const TargetSnapshot t = plume(50.0, 30.0, 60e3, true);
  const geo::AzElRange truth = geo::enu_to_aer(pose.ecef_to_enu * (t.r_ecef - pose.position_ecef));
  Rng rng = make_stream(2, 0, 2);
  std::vector<Measurement> out;
  const int looks = 40000;
  for (int i = 0; i < looks; ++i) ew_dwell(sat, 0, pose, 0.0, {&t, 1}, rng, out);
  const double n = static_cast<double>(out.size());
  EXPECT_NEAR(n / looks, 0.5, 4.0 * std::sqrt(0.25 / looks));
  double s[2] = {0, 0}, s2[2] = {0, 0};
  for (const Measurement& m : out) {
    EXPECT_NEAR(m.sigma_az_rad, 1e-4 / std::cos(truth.el_rad), 1e-12);
    const double e[2] = {(m.az_rad - truth.az_rad) / m.sigma_az_rad,
                         (m.el_rad - truth.el_rad) / m.sigma_el_rad};
    for (int k = 0; k < 2; ++k) {
      s[k] += e[k];
      s2[k] += e[k] * e[k];
    }
  }
  for (int k = 0; k < 2; ++k) {
    const double mean = s[k] / n;
    EXPECT_NEAR(mean, 0.0, 4.0 / std::sqrt(n));
    EXPECT_NEAR(std::sqrt(s2[k] / n - mean * mean), 1.0, 0.03);
  }
}

}  // namespace
}  // namespace bulwark::sensors
