// Impact point prediction (threat/impact.hpp) through the full flight model.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>
#include <string>

#include "common/random.hpp"
#include "common/units.hpp"
#include "threat/impact.hpp"

namespace bulwark::threat {
namespace {

// A re-entering RV: 120 km over central Europe, 2 km/s east, 0.7 km/s down.
struct Truth {
  Eigen::Matrix<double, 6, 1> state;
  double beta = 8000.0;
  double t_s = 300.0;
};

Truth truth() {
  Truth t;
  const geo::Geodetic here{deg_to_rad(50.0), deg_to_rad(20.0), 120e3};
  const geo::Mat3 r = geo::enu_rotation(here.lat_rad, here.lon_rad);
  t.state.head<3>() = geo::to_ecef(here);
  t.state.tail<3>() = r.transpose() * geo::Vec3(2000.0, 300.0, -700.0);
  return t;
}

// Position sigma 300 m, velocity sigma 8 m/s, per ENU axis, rotated to ECEF;
// beta sigma 1500 kg/m^2.
tracking::TrackReport report(const Truth& t) {
  tracking::TrackReport rep;
  rep.t_s = t.t_s;
  rep.track_id = 3;
  rep.state = t.state;
  const geo::Geodetic g = geo::to_geodetic(t.state.head<3>());
  const geo::Mat3 r = geo::enu_rotation(g.lat_rad, g.lon_rad).transpose();
  Eigen::Matrix<double, 6, 6> rot = Eigen::Matrix<double, 6, 6>::Zero();
  rot.topLeftCorner<3, 3>() = r;
  rot.bottomRightCorner<3, 3>() = r;
  Eigen::Matrix<double, 6, 1> sig;
  sig << 300.0, 300.0, 300.0, 8.0, 8.0, 8.0;
  rep.covariance = rot * sig.cwiseAbs2().asDiagonal() * rot.transpose();
  rep.beta_kgpm2 = t.beta;
  rep.beta_sigma_kgpm2 = 1500.0;
  return rep;
}

geo::Vec3 true_impact(const Truth& t) {
  physics::FlightState s;
  s.t_s = t.t_s;
  s.r_ecef = t.state.head<3>();
  s.v_ecef = t.state.tail<3>();
  s.phase = physics::Phase::reentry;
  const physics::Trajectory traj = physics::coast(s, t.beta, physics::EarthModel{}, t.t_s + 3600.0);
  return traj.states.back().r_ecef;
}

// Issue 4: over many noisy track states drawn from their covariance, the true
// impact falls inside the 95 % ellipse 95 +/- 3 % of the time. 400 trials:
// binomial standard error 1.1 %, so +/- 3 % is a 2.75-sigma band; the seed is
// fixed, so the test is deterministic.
TEST(ImpactCoverage, TrueImpactInside95PercentEllipse) {
  const Truth t = truth();
  const geo::Vec3 impact = true_impact(t);
  tracking::TrackReport rep = report(t);
  Eigen::Matrix<double, 7, 7> p = Eigen::Matrix<double, 7, 7>::Zero();
  p.topLeftCorner<6, 6>() = rep.covariance;
  p(6, 6) = rep.beta_sigma_kgpm2 * rep.beta_sigma_kgpm2;
  const Eigen::Matrix<double, 7, 7> l = p.llt().matrixL();
  Rng rng = make_stream(2026, 0, stable_hash("ipp-coverage"));
  std::normal_distribution<double> n01(0.0, 1.0);
  const ImpactOptions options;
  const int trials = 400;
  int inside = 0;
  for (int k = 0; k < trials; ++k) {
    Eigen::Matrix<double, 7, 1> z;
    for (int i = 0; i < 7; ++i) z(i) = n01(rng);
    const Eigen::Matrix<double, 7, 1> e = l * z;
    tracking::TrackReport noisy = rep;
    noisy.state += e.head<6>();
    noisy.beta_kgpm2 += e(6);
    const ImpactPrediction ipp = predict_impact(noisy, options);
    ASSERT_TRUE(ipp.valid) << ipp.reason;
    if (mahalanobis2(ipp.ground, impact, geo::EarthShape::wgs84) <= chi2_2dof_quantile(0.95))
      ++inside;
  }
  const double fraction = static_cast<double>(inside) / trials;
  RecordProperty("coverage", std::to_string(fraction));
  EXPECT_NEAR(fraction, 0.95, 0.03);
}

// Sigma points against the Monte Carlo reference (500 samples): semi-axes
// carry a sampling error ~ 1/sqrt(2 N) = 3 %, tolerance 10 %; the centres
// agree within 0.1 of the minor semi-axis. Every set (the mean is the path,
// flown once).
TEST(ImpactPrediction, SigmaPointsAgreeWithMonteCarlo) {
  const tracking::TrackReport rep = report(truth());
  ImpactOptions mc;
  mc.method = Propagation::monte_carlo;
  const ImpactPrediction b = predict_impact(rep, mc);
  ASSERT_TRUE(b.valid);
  EXPECT_EQ(b.propagations, 501);
  // Default (simplex on the 6-D state, a symmetric pair on beta), pure
  // simplex, symmetric; n = 7.
  for (const int variant : {0, 1, 2}) {
    SCOPED_TRACE("variant " + std::to_string(variant));
    ImpactOptions ut;
    if (variant == 1) ut.unscented.symmetric_tail = 0;
    if (variant == 2) ut.unscented.set = SigmaSet::symmetric;
    const ImpactPrediction a = predict_impact(rep, ut);
    ASSERT_TRUE(a.valid);
    const std::array<int, 3> flights = {10, 9, 15};
    EXPECT_EQ(a.propagations, flights[static_cast<std::size_t>(variant)]);
    EXPECT_NEAR(a.ground.ellipse.semi_major_m, b.ground.ellipse.semi_major_m,
                0.1 * b.ground.ellipse.semi_major_m);
    EXPECT_NEAR(a.ground.ellipse.semi_minor_m, b.ground.ellipse.semi_minor_m,
                0.1 * b.ground.ellipse.semi_minor_m);
    EXPECT_LT((a.impact_ecef - b.impact_ecef).norm(), 0.1 * b.ground.ellipse.semi_minor_m);
    EXPECT_NEAR(a.impact_time_s, b.impact_time_s, 0.5);
    EXPECT_GT(a.time_to_impact_s, 0.0);
    EXPECT_DOUBLE_EQ(a.impact_time_s - rep.t_s, a.time_to_impact_s);
    // The predicted path ends on the ground near the mean impact.
    EXPECT_LT((a.mean_path.states.back().r_ecef - a.impact_ecef).norm(),
              a.ground.ellipse.semi_major_m);
  }
  ImpactOptions defaults;
  EXPECT_EQ(defaults.unscented.set, SigmaSet::spherical_simplex);
  EXPECT_EQ(defaults.unscented.symmetric_tail, 1);
}

// With zero covariance every sigma point is the mean: the prediction is the
// coast of the state itself, and the ellipse collapses to the distance
// between the mean flown at its tolerance and the other points flown at the
// spread's (~1 m apart, so a 95 % semi-axis of ~3 m).
TEST(ImpactPrediction, ZeroCovarianceIsTheCoastOfTheState) {
  const Truth t = truth();
  tracking::TrackReport rep = report(t);
  rep.covariance.setZero();
  rep.beta_sigma_kgpm2 = 0.0;
  const ImpactPrediction ipp = predict_impact(rep, {});
  ASSERT_TRUE(ipp.valid);
  EXPECT_LT((ipp.impact_ecef - true_impact(t)).norm(), 2.0);  // integrator tolerance, alt < 1 m
  EXPECT_LT(ipp.ground.ellipse.semi_major_m, 5.0);
}

TEST(ImpactPrediction, NoImpactOrBadInputIsReportedNotThrown) {
  tracking::TrackReport rep;
  const double r = geo::Wgs84::a + 600e3;  // circular orbit over the equator (inertial speed)
  rep.state << r, 0, 0, 0, std::sqrt(geo::Wgs84::gm / r) - geo::Wgs84::omega * r, 0;
  rep.covariance = Eigen::Matrix<double, 6, 6>::Identity();
  ImpactOptions o;
  o.horizon_s = 300.0;
  ImpactPrediction ipp = predict_impact(rep, o);
  EXPECT_FALSE(ipp.valid);
  EXPECT_FALSE(ipp.reason.empty());
  rep.state(0) = std::nan("");
  ipp = predict_impact(rep, o);
  EXPECT_FALSE(ipp.valid);
  EXPECT_EQ(ipp.reason, "track report is not finite");
}

}  // namespace
}  // namespace bulwark::threat
