// Fire-control quality in command and control (sim/c2.hpp): the aim
// uncertainty of a track report propagated to an intercept time, and the
// latest intercept time it allows. Oracle: the closed-form linear
// propagation var(dt) = tr(Prr) + 2 dt tr(Prv) + dt^2 tr(Pvv).
#include <gtest/gtest.h>

#include <cmath>

#include "sim/c2.hpp"

namespace bulwark::sim {
namespace {

tracking::TrackReport report(double sp, double sv, double rho) {
  tracking::TrackReport r;
  r.t_s = 100.0;
  r.covariance.setZero();
  for (int i = 0; i < 3; ++i) {
    r.covariance(i, i) = sp * sp;
    r.covariance(i + 3, i + 3) = sv * sv;
    r.covariance(i, i + 3) = r.covariance(i + 3, i) =
        rho * sp * sv;  // position-velocity correlation
  }
  return r;
}

TEST(C2Quality, AimSigmaIsTheLinearPropagation) {
  const tracking::TrackReport r = report(30.0, 4.0, 0.0);
  // Uncorrelated: sqrt(3 sp^2 + 3 sv^2 dt^2).
  EXPECT_NEAR(aim_sigma_m(r, 100.0), std::sqrt(3.0) * 30.0, 1e-9);
  EXPECT_NEAR(aim_sigma_m(r, 200.0), std::sqrt(3.0 * (900.0 + 16.0 * 1e4)), 1e-9);
  // A negative correlation (a converging filter) shrinks it first.
  const tracking::TrackReport c = report(30.0, 4.0, -0.5);
  EXPECT_LT(aim_sigma_m(c, 105.0), aim_sigma_m(c, 100.0));
}

TEST(C2Quality, LatestAimTimeIsWhereTheSigmaReachesTheLimit) {
  const tracking::TrackReport r = report(30.0, 4.0, 0.0);
  const std::optional<double> t = latest_aim_time(r, 100.0, 1000.0);
  ASSERT_TRUE(t.has_value());
  EXPECT_NEAR(aim_sigma_m(r, *t), 1000.0, 1e-6);
  EXPECT_GT(aim_sigma_m(r, *t + 1.0), 1000.0);
  // Nothing usable: the limit is below the uncertainty already, or every
  // usable time lies before t_from.
  EXPECT_FALSE(latest_aim_time(r, 100.0, 40.0).has_value());
  EXPECT_FALSE(latest_aim_time(r, *t + 1.0, 1000.0).has_value());
  // No velocity uncertainty: it never grows.
  const tracking::TrackReport still = report(30.0, 0.0, 0.0);
  const std::optional<double> forever = latest_aim_time(still, 100.0, 1000.0);
  ASSERT_TRUE(forever.has_value());
  EXPECT_TRUE(std::isinf(*forever));
}

}  // namespace
}  // namespace bulwark::sim
