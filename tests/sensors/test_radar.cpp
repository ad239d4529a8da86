// Oracle and unit tests of the radar model (src/sensors/radar.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "common/random.hpp"
#include "common/units.hpp"
#include "geo/frames.hpp"
#include "sensors/dwell.hpp"
#include "sensors/pose.hpp"
#include "sensors/radar.hpp"

namespace bulwark::sensors {
namespace {

SensorConfig test_radar() {
  SensorConfig c;  // id and nation play no part in the model
  c.type = SensorType::radar;
  c.site = {deg_to_rad(50.0), deg_to_rad(10.0), 100.0};
  c.radar.min_el_rad = deg_to_rad(-5.0);
  return c;
}

// A target at ENU offset (east, north, up) of the radar site, at rest.
TargetSnapshot target_at(const SensorConfig& radar, const geo::Vec3& enu, double rcs_m2) {
  TargetSnapshot t;
  t.truth = 0;
  t.r_ecef = geo::enu_to_ecef(enu, radar.site);
  t.v_ecef = geo::Vec3(100.0, -200.0, 300.0);
  t.rcs_m2 = rcs_m2;
  return t;
}

// Closed form d = sqrt(2 k R h) (Skolnik 2001, eq. 8.31) is the first term of
// the exact tangent distance k R acos(kR/(kR+h)) = sqrt(2 k R h)(1 - 5x/12 + ...)
// with x = h/(kR); so the relative difference must stay below x.
TEST(Radar, HorizonDistanceMatchesClosedForm) {
  const double r = mean_earth_radius_m(deg_to_rad(50.0));
  for (double h : {10.0, 100.0, 1000.0, 10000.0}) {
    const double closed = std::sqrt(2.0 * kRefractionFactor * r * h);
    const double x = h / (kRefractionFactor * r);
    EXPECT_NEAR(horizon_distance_m(h, r) / closed, 1.0, x) << "h = " << h;
  }
  // The 4/3 Earth extends the horizon by sqrt(4/3) against the geometric one
  // (to first order; the next term is 5 h / (12 R) (1 - 1/k) = 1.6e-6 here).
  EXPECT_NEAR(horizon_distance_m(100.0, r) / horizon_distance_m(100.0, r, 1.0),
              std::sqrt(4.0 / 3.0), 1e-5);
  EXPECT_EQ(horizon_distance_m(-10.0, r), 0.0);
  // Mean radius of curvature: between the WGS84 polar and equatorial radii.
  EXPECT_GT(mean_earth_radius_m(0.0), 6.33e6);
  EXPECT_LT(mean_earth_radius_m(0.0), 6.40e6);
}

// line_of_sight decides on the radial height unless the answer lies within
// its margin of the geodetic one: over targets from 0 to 1,500 km high,
// placed within +/- 0.3 % of the horizon in every direction from sites at
// 0-60 deg latitude, it answers exactly as the geodetic height does.
TEST(Radar, LineOfSightScreenKeepsTheGeodeticAnswer) {
  std::mt19937_64 rng(21);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int visible = 0, masked = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const geo::Geodetic site{deg_to_rad(60.0 * unit(rng)), deg_to_rad(30.0 * unit(rng)),
                             2000.0 * unit(rng)};
    const double h = trial % 4 == 0 ? 2000.0 * unit(rng) : 1.5e6 * unit(rng);
    const double r = mean_earth_radius_m(site.lat_rad);
    const double d = horizon_distance_m(site.alt_m, r) + horizon_distance_m(h, r);
    const double arc = d * (0.997 + 0.006 * unit(rng));
    const double az = 2.0 * M_PI * unit(rng);
    const geo::Geodetic there{site.lat_rad + arc / r * std::cos(az),
                              site.lon_rad + arc / r * std::sin(az) / std::cos(site.lat_rad), h};
    const geo::Vec3 site_ecef = geo::to_ecef(site), target = geo::to_ecef(there);
    // The definition, with the geodetic height.
    const double cos_angle =
        std::clamp(site_ecef.dot(target) / (site_ecef.norm() * target.norm()), -1.0, 1.0);
    const bool want =
        r * std::acos(cos_angle) <=
        horizon_distance_m(site.alt_m, r) + horizon_distance_m(geo::to_geodetic(target).alt_m, r);
    ASSERT_EQ(line_of_sight(site, site_ecef, target), want) << "trial " << trial;
    (want ? visible : masked) += 1;
  }
  EXPECT_GT(visible, 5000);
  EXPECT_GT(masked, 5000);
}

// A target at 5 km altitude north of the radar: visible just inside the sum
// of the two horizon distances, masked just beyond (1 % either side covers
// the geodetic/geocentric latitude difference used to place it).
TEST(Radar, LineOfSightSwitchesAtTheHorizon) {
  const SensorConfig radar = test_radar();
  const double r = mean_earth_radius_m(radar.site.lat_rad);
  const double h = 5000.0;
  const double d = horizon_distance_m(radar.site.alt_m, r) + horizon_distance_m(h, r);
  const geo::Vec3 site = geo::to_ecef(radar.site);
  auto target = [&](double arc_m) {
    return geo::to_ecef({radar.site.lat_rad + arc_m / r, radar.site.lon_rad, h});
  };
  EXPECT_TRUE(line_of_sight(radar.site, site, target(0.99 * d)));
  EXPECT_FALSE(line_of_sight(radar.site, site, target(1.01 * d)));
  // Refraction: at 95 % of the 4/3-Earth horizon the geometric Earth masks.
  EXPECT_FALSE(line_of_sight(radar.site, site, target(0.95 * d), 1.0));

  // And the dwell honours it: a big target beyond the horizon is never seen.
  SensorConfig wide = radar;
  wide.radar.min_el_rad = deg_to_rad(-10.0);
  wide.radar.ref_range_1m2_m = 1e7;
  TargetSnapshot far;
  far.r_ecef = target(1.05 * d);
  far.rcs_m2 = 100.0;
  Rng rng = make_stream(1, 0, 1);
  std::vector<Measurement> out;
  const SensorPose pose = sensor_pose(wide, 0.0, 0.0);
  for (int i = 0; i < 100; ++i) radar_dwell(wide, 0, pose, 0.0, {&far, 1}, rng, out);
  EXPECT_TRUE(out.empty());
}

// Radar equation (Skolnik 2001, eq. 2.1): SNR proportional to sigma / R^4.
TEST(Radar, SnrFollowsInverseFourthPower) {
  RadarParams p;
  p.ref_range_1m2_m = 500e3;
  p.ref_snr_db = 13.0;
  EXPECT_NEAR(10.0 * std::log10(radar_snr(p, 1.0, 500e3)), 13.0, 1e-12);
  EXPECT_NEAR(radar_snr(p, 1.0, 300e3) / radar_snr(p, 1.0, 600e3), 16.0, 1e-9);
  EXPECT_NEAR(radar_snr(p, 0.1, 250e3) / radar_snr(p, 1.0, 500e3), 1.6, 1e-12);
}

// Swerling I, square-law detection (Skolnik 2001, sec. 2.8; Blake 1986): the
// signal-plus-noise power is exponential with mean 1 + SNR, so the fraction
// of 1e5 exponential draws above T = -ln Pfa must equal Pfa^(1/(1+SNR))
// within 4 binomial standard deviations.
TEST(Radar, SwerlingOnePdMatchesMonteCarlo) {
  const double pfa = 1e-4;
  const double threshold = -std::log(pfa);
  Rng rng = make_stream(7, 0, 0);
  EXPECT_DOUBLE_EQ(swerling1_pd(0.0, pfa), pfa);
  for (double snr : {1.0, 5.0, 20.0, 100.0}) {
    std::exponential_distribution<double> power(1.0 / (1.0 + snr));
    const int n = 100000;
    int hits = 0;
    for (int i = 0; i < n; ++i) hits += power(rng) > threshold;
    const double pd = swerling1_pd(snr, pfa);
    const double sd = std::sqrt(pd * (1.0 - pd) / n);
    EXPECT_NEAR(static_cast<double>(hits) / n, pd, 4.0 * sd + 1e-9) << "snr " << snr;
  }
}

// sigma = theta_3dB / (k_m sqrt(2 SNR)) (Barton 1988, sec. 11.2).
TEST(Radar, AngleSigmaShrinksWithSnr) {
  RadarParams p;
  p.beamwidth_rad = 0.02;
  p.monopulse_slope = 1.6;
  EXPECT_NEAR(radar_angle_sigma(p, 50.0), 0.02 / (1.6 * 10.0), 1e-15);
  EXPECT_NEAR(radar_angle_sigma(p, 200.0) / radar_angle_sigma(p, 50.0), 0.5, 1e-12);
}

TEST(Radar, FieldOfViewWrapsAzimuthAndLimitsElevationAndRange) {
  RadarParams p;
  p.boresight_az_rad = deg_to_rad(350.0);
  p.az_half_width_rad = deg_to_rad(20.0);
  p.min_el_rad = deg_to_rad(1.0);
  p.max_el_rad = deg_to_rad(60.0);
  p.max_range_m = 1e6;
  auto aer = [](double az_deg, double el_deg, double r) {
    return geo::AzElRange{deg_to_rad(az_deg), deg_to_rad(el_deg), r};
  };
  EXPECT_TRUE(in_field_of_view(p, aer(5.0, 10.0, 5e5)));
  EXPECT_TRUE(in_field_of_view(p, aer(335.0, 10.0, 5e5)));
  EXPECT_FALSE(in_field_of_view(p, aer(20.0, 10.0, 5e5)));
  EXPECT_FALSE(in_field_of_view(p, aer(320.0, 10.0, 5e5)));
  EXPECT_FALSE(in_field_of_view(p, aer(0.0, 0.5, 5e5)));
  EXPECT_FALSE(in_field_of_view(p, aer(0.0, 70.0, 5e5)));
  EXPECT_FALSE(in_field_of_view(p, aer(0.0, 10.0, 1.1e6)));
}

// Over 20,000 dwells on one target, the detection rate is Pd (4 binomial sd).
TEST(Radar, DwellDetectionRateIsPd) {
  SensorConfig radar = test_radar();
  radar.radar.ref_range_1m2_m = 600e3;
  const TargetSnapshot t = target_at(radar, {300e3, 400e3, 100e3}, 0.5);
  const double range = (t.r_ecef - geo::to_ecef(radar.site)).norm();
  const double pd = swerling1_pd(radar_snr(radar.radar, 0.5, range), radar.radar.pfa);
  ASSERT_GT(pd, 0.2);
  ASSERT_LT(pd, 0.9);
  Rng rng = make_stream(3, 0, sensor_stream_key(radar));
  const SensorPose pose = sensor_pose(radar, 0.0, 0.0);
  std::vector<Measurement> out;
  const int n = 20000;
  for (int i = 0; i < n; ++i) dwell(radar, 0, pose, 0.0, {&t, 1}, rng, out);
  const double sd = std::sqrt(pd * (1.0 - pd) / n);
  EXPECT_NEAR(static_cast<double>(out.size()) / n, pd, 4.0 * sd);
}

// Errors against the true range, angles and range-rate: mean within 4
// standard errors of 0, sample standard deviation within 3 % of the reported
// sigma (its own standard error is 1/sqrt(2n) = 0.5 % for n = 20,000).
TEST(Radar, NoiseStatisticsMatchReportedSigmas) {
  SensorConfig radar = test_radar();
  radar.radar.ref_range_1m2_m = 2e6;
  radar.radar.sigma_range_m = 20.0;
  radar.radar.sigma_range_rate_mps = 2.0;
  const TargetSnapshot t = target_at(radar, {200e3, -300e3, 150e3}, 1.0);
  const SensorPose pose = sensor_pose(radar, 0.0, 0.0);
  const geo::Vec3 rel = t.r_ecef - pose.position_ecef;
  const geo::AzElRange truth = geo::enu_to_aer(pose.ecef_to_enu * rel);
  const double rr = rel.dot(t.v_ecef) / truth.range_m;
  Rng rng = make_stream(5, 0, 9);
  std::vector<Measurement> out;
  for (int i = 0; i < 20000; ++i) radar_dwell(radar, 2, pose, 1.5, {&t, 1}, rng, out);
  ASSERT_GT(out.size(), 19000u);
  const double n = static_cast<double>(out.size());
  double e[4] = {0, 0, 0, 0}, e2[4] = {0, 0, 0, 0};
  for (const Measurement& m : out) {
    EXPECT_EQ(m.sensor, 2u);
    EXPECT_EQ(m.t_s, 1.5);
    EXPECT_EQ(m.truth, 0);
    const double err[4] = {(m.range_m - truth.range_m) / m.sigma_range_m,
                           (m.az_rad - truth.az_rad) / m.sigma_az_rad,
                           (m.el_rad - truth.el_rad) / m.sigma_el_rad,
                           (m.range_rate_mps - rr) / m.sigma_range_rate_mps};
    for (int k = 0; k < 4; ++k) {
      e[k] += err[k];
      e2[k] += err[k] * err[k];
    }
  }
  for (int k = 0; k < 4; ++k) {
    const double mean = e[k] / n;
    EXPECT_NEAR(mean, 0.0, 4.0 / std::sqrt(n)) << "component " << k;
    EXPECT_NEAR(std::sqrt(e2[k] / n - mean * mean), 1.0, 0.03) << "component " << k;
  }
  EXPECT_NEAR(out[0].sigma_az_rad,
              radar_angle_sigma(radar.radar, radar_snr(radar.radar, 1.0, truth.range_m)), 1e-15);
}

// Poisson count (mean and variance = lambda, 4 standard errors / 5 %), all
// inside the field of view, range with density ~ r^2: P(r < R/2) = 1/8.
TEST(Radar, FalseAlarmsArePoissonInTheVolume) {
  SensorConfig radar = test_radar();
  radar.radar.false_alarms_per_scan = 5.0;
  radar.radar.boresight_az_rad = deg_to_rad(90.0);
  radar.radar.az_half_width_rad = deg_to_rad(45.0);
  radar.radar.min_el_rad = deg_to_rad(2.0);
  radar.radar.max_el_rad = deg_to_rad(60.0);
  const SensorPose pose = sensor_pose(radar, 0.0, 0.0);
  Rng rng = make_stream(11, 0, 0);
  std::vector<Measurement> out;
  const int scans = 20000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < scans; ++i) {
    const std::size_t before = out.size();
    radar_dwell(radar, 0, pose, 0.0, {}, rng, out);
    const double k = static_cast<double>(out.size() - before);
    sum += k;
    sum2 += k * k;
  }
  const double mean = sum / scans;
  EXPECT_NEAR(mean, 5.0, 4.0 * std::sqrt(5.0 / scans));
  EXPECT_NEAR((sum2 / scans - mean * mean) / 5.0, 1.0, 0.05);
  int near = 0;
  for (const Measurement& m : out) {
    EXPECT_EQ(m.truth, -1);
    EXPECT_TRUE(in_field_of_view(radar.radar, {m.az_rad, m.el_rad, m.range_m}));
    EXPECT_GT(m.snr_db, 10.0 * std::log10(-std::log(radar.radar.pfa) - 1.0) - 1e-9);
    near += m.range_m < 0.5 * radar.radar.max_range_m;
  }
  const double p = static_cast<double>(near) / static_cast<double>(out.size());
  EXPECT_NEAR(p, 0.125, 4.0 * std::sqrt(0.125 * 0.875 / static_cast<double>(out.size())));
}

TEST(Radar, TargetsWithoutRcsOrOutsideTheSectorAreNotSeen) {
  SensorConfig radar = test_radar();
  radar.radar.boresight_az_rad = deg_to_rad(90.0);
  radar.radar.az_half_width_rad = deg_to_rad(30.0);
  radar.radar.ref_range_1m2_m = 1e7;
  const TargetSnapshot west = target_at(radar, {-200e3, 0.0, 100e3}, 10.0);
  const TargetSnapshot ghost = target_at(radar, {200e3, 0.0, 100e3}, 0.0);
  const TargetSnapshot east = target_at(radar, {200e3, 0.0, 100e3}, 10.0);
  const TargetSnapshot all[] = {west, ghost, east};
  Rng rng = make_stream(1, 0, 0);
  std::vector<Measurement> out;
  radar_dwell(radar, 0, sensor_pose(radar, 0.0, 0.0), 0.0, all, rng, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NEAR(out[0].az_rad, deg_to_rad(90.0), 0.01);
}

}  // namespace
}  // namespace bulwark::sensors
