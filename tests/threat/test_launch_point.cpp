// Launch point estimation by backward ballistic propagation (threat/launch_point.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "common/random.hpp"
#include "common/units.hpp"
#include "geo/geodesic.hpp"
#include "physics/flight.hpp"
#include "threat/launch_point.hpp"

namespace bulwark::threat {
namespace {

// No atmosphere: the flight from the launch point is purely ballistic, so the
// backward flight must return to it. Launch 1 m above the ground (a coast
// cannot start on the ground), so the crossing of altitude 0 lies ~1 m /
// tan(gamma) = 1 m away; tolerance 10 m (issue: integrator steps of 0.5 s).
struct Ballistic {
  physics::EarthModel model;
  geo::Geodetic launch{deg_to_rad(45.0), deg_to_rad(40.0), 1.0};
  double launch_time_s = 100.0;
  double observed_at_s = 250.0;
  Eigen::Matrix<double, 6, 1> state;  // at observed_at_s
};

Ballistic setup() {
  Ballistic s;
  s.model.atmosphere = false;
  physics::FlightState start;
  start.t_s = s.launch_time_s;
  start.r_ecef = geo::to_ecef(s.launch);
  const geo::Mat3 r = geo::enu_rotation(s.launch.lat_rad, s.launch.lon_rad);
  start.v_ecef = r.transpose() * geo::Vec3(-1500.0, 1200.0, 1900.0);  // towards north-west
  start.phase = physics::Phase::midcourse;
  const physics::Trajectory traj = physics::coast(start, 0.0, s.model, s.observed_at_s);
  const physics::FlightState end = traj.at(s.observed_at_s);
  s.state.head<3>() = end.r_ecef;
  s.state.tail<3>() = end.v_ecef;
  return s;
}

TEST(LaunchPoint, RecoversBallisticLaunchPoint) {
  const Ballistic s = setup();
  tracking::TrackReport rep;
  rep.t_s = s.observed_at_s;
  rep.state = s.state;
  rep.covariance = Eigen::Matrix<double, 6, 6>::Identity() * 1e-6;
  LaunchPointOptions o;
  o.model = s.model;
  const LaunchPointEstimate est = estimate_launch_point(rep, o);
  ASSERT_TRUE(est.valid) << est.reason;
  geo::Geodetic ground = s.launch;
  ground.alt_m = 0.0;
  EXPECT_LT(geo::geodesic_inverse(ground, est.ground.mean).distance_m, 10.0);
  EXPECT_NEAR(est.launch_time_s, s.launch_time_s, 0.05);
}

// Track covariance of a straight-line least-squares fit of N position fixes
// (sigma per axis, 1 s apart), at the last fix (Bar-Shalom, Li & Kirubarajan
// 2001, sec. 3.5): var(p) = 2 (2N - 1) s^2 / (N (N + 1)),
// var(v) = 12 s^2 / (N (N^2 - 1)), cov(p, v) = 6 s^2 / (N (N + 1)).
Eigen::Matrix<double, 6, 6> fit_covariance(int n, double sigma) {
  const double nn = n;
  const double s2 = sigma * sigma;
  Eigen::Matrix<double, 6, 6> p = Eigen::Matrix<double, 6, 6>::Zero();
  for (int i = 0; i < 3; ++i) {
    p(i, i) = 2.0 * (2.0 * nn - 1.0) * s2 / (nn * (nn + 1.0));
    p(i + 3, i + 3) = 12.0 * s2 / (nn * (nn * nn - 1.0));
    p(i, i + 3) = p(i + 3, i) = 6.0 * s2 / (nn * (nn + 1.0));
  }
  return p;
}

// Longer tracks -> smaller state covariance -> the launch point error (RMS
// over 30 noisy states) and the 95 % ellipse shrink. The RMS also agrees with
// the ellipse's own prediction (trace of the covariance) within a factor 2.
TEST(LaunchPoint, ErrorShrinksWithTrackLength) {
  const Ballistic s = setup();
  LaunchPointOptions o;
  o.model = s.model;
  geo::Geodetic ground = s.launch;
  ground.alt_m = 0.0;
  Rng rng = make_stream(9, 0, stable_hash("launch-point"));
  std::normal_distribution<double> n01(0.0, 1.0);
  double previous_rms = 1e300;
  double previous_axis = 1e300;
  for (int length : {10, 30, 90}) {
    const Eigen::Matrix<double, 6, 6> p = fit_covariance(length, 100.0);
    const Eigen::Matrix<double, 6, 6> l = p.llt().matrixL();
    double sum2 = 0.0;
    double predicted2 = 0.0;
    const int draws = 30;
    for (int k = 0; k < draws; ++k) {
      Eigen::Matrix<double, 6, 1> z;
      for (int i = 0; i < 6; ++i) z(i) = n01(rng);
      tracking::TrackReport rep;
      rep.t_s = s.observed_at_s;
      rep.state = s.state + l * z;
      rep.covariance = p;
      const LaunchPointEstimate est = estimate_launch_point(rep, o);
      ASSERT_TRUE(est.valid) << est.reason;
      const double d = geo::geodesic_inverse(ground, est.ground.mean).distance_m;
      sum2 += d * d;
      predicted2 += est.ground.covariance_en_m2.trace();
      if (k == 0) {
        EXPECT_LT(est.ground.ellipse.semi_major_m, previous_axis);
        previous_axis = est.ground.ellipse.semi_major_m;
      }
    }
    const double rms = std::sqrt(sum2 / draws);
    const double predicted = std::sqrt(predicted2 / draws);
    EXPECT_LT(rms, previous_rms) << length;
    EXPECT_GT(rms, 0.5 * predicted) << length;
    EXPECT_LT(rms, 2.0 * predicted) << length;
    previous_rms = rms;
  }
}

TEST(LaunchPoint, BadInputIsReported) {
  tracking::TrackReport rep;
  rep.state(0) = std::nan("");
  EXPECT_FALSE(estimate_launch_point(rep, {}).valid);
  // Underground state: no backward crossing.
  rep.state.setZero();
  rep.state(0) = 6.0e6;
  const LaunchPointEstimate est = estimate_launch_point(rep, {});
  EXPECT_FALSE(est.valid);
  EXPECT_FALSE(est.reason.empty());
}

}  // namespace
}  // namespace bulwark::threat
