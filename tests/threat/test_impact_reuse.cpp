// The cheaper entry points of threat/impact.hpp used by command and control:
// the mean path alone, the mean path until a time, and predict_impact reusing
// a mean path; and the looser integrator of the sigma points around the mean.
#include <gtest/gtest.h>

#include <cmath>

#include "common/units.hpp"
#include "threat/impact.hpp"

namespace bulwark::threat {
namespace {

// A re-entering RV (as in test_impact.cpp): 120 km over central Europe, 2 km/s
// east, 0.7 km/s down; sigmas 300 m and 8 m/s per ENU axis, beta 8000 +/- 1500.
tracking::TrackReport report() {
  tracking::TrackReport rep;
  rep.t_s = 300.0;
  rep.track_id = 3;
  const geo::Geodetic here{deg_to_rad(50.0), deg_to_rad(20.0), 120e3};
  const geo::Mat3 r = geo::enu_rotation(here.lat_rad, here.lon_rad);
  rep.state.head<3>() = geo::to_ecef(here);
  rep.state.tail<3>() = r.transpose() * geo::Vec3(2000.0, 300.0, -700.0);
  Eigen::Matrix<double, 6, 6> rot = Eigen::Matrix<double, 6, 6>::Zero();
  rot.topLeftCorner<3, 3>() = r.transpose();
  rot.bottomRightCorner<3, 3>() = r.transpose();
  Eigen::Matrix<double, 6, 1> sig;
  sig << 300.0, 300.0, 300.0, 8.0, 8.0, 8.0;
  rep.covariance = rot * sig.cwiseAbs2().asDiagonal() * rot.transpose();
  rep.beta_kgpm2 = 8000.0;
  rep.beta_sigma_kgpm2 = 1500.0;
  return rep;
}

TEST(ImpactReuse, ReusedMeanPathGivesTheSameResult) {
  const tracking::TrackReport rep = report();
  const ImpactOptions o;
  const ImpactPrediction direct = predict_impact(rep, o);
  physics::Trajectory path;
  ASSERT_TRUE(predict_mean_path(rep, o, path));
  const ImpactPrediction reused = predict_impact(rep, o, path);
  ASSERT_TRUE(direct.valid);
  ASSERT_TRUE(reused.valid);
  // Same computation, same order: bit-identical.
  EXPECT_EQ(reused.impact_ecef, direct.impact_ecef);
  EXPECT_EQ(reused.impact_time_s, direct.impact_time_s);
  EXPECT_EQ(reused.ground.ellipse.semi_major_m, direct.ground.ellipse.semi_major_m);
  EXPECT_EQ(reused.propagations, direct.propagations - 1);
  EXPECT_EQ(reused.mean_path.states.size(), direct.mean_path.states.size());
}

// The path flown until t_end: the same integration steps as the whole mean
// path until the last one, which stops at t_end.
TEST(ImpactReuse, PathUntilIsAPrefixOfTheMeanPath) {
  const tracking::TrackReport rep = report();
  const ImpactOptions o;
  physics::Trajectory whole;
  ASSERT_TRUE(predict_mean_path(rep, o, whole));
  const double t_end = rep.t_s + 0.5 * (whole.states.back().t_s - rep.t_s);
  physics::Trajectory part;
  ASSERT_TRUE(predict_mean_path_until(rep, o, t_end, part));
  ASSERT_GE(part.states.size(), 3u);
  EXPECT_NEAR(part.states.back().t_s, t_end, 1e-9);
  for (std::size_t k = 0; k + 1 < part.states.size(); ++k) {
    EXPECT_EQ(part.states[k].t_s, whole.states[k].t_s);
    EXPECT_EQ(part.states[k].r_ecef, whole.states[k].r_ecef);
  }
  // Interpolated positions agree at the integrator's tolerance (metres).
  EXPECT_LT((part.states.back().r_ecef - whole.at(t_end).r_ecef).norm(), 1.0);
  EXPECT_FALSE(predict_mean_path_until(rep, o, std::nan(""), part));
}

// The sigma points' looser integrator moves the 95 % ellipse (here ~ km) and
// the mean impact by far less than the spread: compared with flying every
// point at the mean path's tolerance, below 1 m.
TEST(ImpactReuse, SpreadIntegratorChangesTheEllipseByLessThanAMetre) {
  const tracking::TrackReport rep = report();
  ImpactOptions tight;
  tight.spread_integrator = tight.integrator;
  const ImpactPrediction a = predict_impact(rep, tight);
  const ImpactPrediction b = predict_impact(rep, ImpactOptions{});
  ASSERT_TRUE(a.valid);
  ASSERT_TRUE(b.valid);
  EXPECT_GT(a.ground.ellipse.semi_major_m, 1000.0);
  EXPECT_LT(std::abs(a.ground.ellipse.semi_major_m - b.ground.ellipse.semi_major_m), 1.0);
  EXPECT_LT(std::abs(a.ground.ellipse.semi_minor_m - b.ground.ellipse.semi_minor_m), 1.0);
  EXPECT_LT((a.impact_ecef - b.impact_ecef).norm(), 1.0);
  EXPECT_LT(std::abs(a.impact_time_s - b.impact_time_s), 0.01);
}

}  // namespace
}  // namespace bulwark::threat
