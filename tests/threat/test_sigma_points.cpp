// Sigma points and the ground-ellipse statistics (threat/sigma_points.hpp,
// threat/ground_ellipse.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "threat/ground_ellipse.hpp"
#include "threat/sigma_points.hpp"

namespace bulwark::threat {
namespace {

Eigen::MatrixXd random_covariance(int n, unsigned seed) {
  std::srand(seed);
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n);
  return a * a.transpose() + 0.1 * Eigen::MatrixXd::Identity(n, n);
}

// The unscented transform is exact for linear maps (Julier & Uhlmann 2004):
// the weighted mean and covariance of the points are the input's, to round-off.
TEST(SigmaPoints, ReproduceMeanAndCovarianceExactly) {
  for (int n : {2, 6, 7}) {
    const Eigen::VectorXd mean = Eigen::VectorXd::LinSpaced(n, -3.0, 5.0);
    const Eigen::MatrixXd cov = random_covariance(n, 7u + static_cast<unsigned>(n));
    const SigmaPoints sp = unscented_points(mean, cov, {});
    ASSERT_EQ(sp.points.cols(), 2 * n + 1);
    const Eigen::VectorXd m = sp.points * sp.w_mean;
    Eigen::MatrixXd c = Eigen::MatrixXd::Zero(n, n);
    for (Eigen::Index k = 0; k < sp.points.cols(); ++k)
      c += sp.w_cov(k) * (sp.points.col(k) - m) * (sp.points.col(k) - m).transpose();
    EXPECT_LT((m - mean).norm(), 1e-12);
    // w_cov(0) carries beta = 2 but the mean point has zero deviation.
    EXPECT_LT((c - cov).norm(), 1e-10 * cov.norm());
  }
}

TEST(SigmaPoints, SquareRootAcceptsSemiDefiniteCovariance) {
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(3, 3);
  cov(0, 0) = 4.0;
  cov(1, 1) = 9.0;  // third component has zero variance
  const Eigen::MatrixXd s = psd_sqrt(cov);
  EXPECT_LT((s * s.transpose() - cov).norm(), 1e-12);
}

// Sample covariance of N draws: relative error ~ sqrt(2/N) per variance;
// 20,000 draws -> 1 %; tolerance 5 % (5 sigma).
TEST(SigmaPoints, GaussianSamplesHaveTheCovarianceAndAreReproducible) {
  const Eigen::VectorXd mean = Eigen::VectorXd::Constant(3, 1.0);
  const Eigen::MatrixXd cov = random_covariance(3, 3u);
  const SigmaPoints a = gaussian_samples(mean, cov, 20000, 11, 0, 5);
  const SigmaPoints b = gaussian_samples(mean, cov, 20000, 11, 0, 5);
  EXPECT_EQ((a.points - b.points).norm(), 0.0);
  const Eigen::VectorXd m = a.points * a.w_mean;
  Eigen::MatrixXd c = Eigen::MatrixXd::Zero(3, 3);
  for (Eigen::Index k = 0; k < a.points.cols(); ++k)
    c += a.w_cov(k) * (a.points.col(k) - m) * (a.points.col(k) - m).transpose();
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(c(i, i), cov(i, i), 0.05 * cov(i, i));
}

// Chi-square with 2 dof: P(X <= k) = 1 - exp(-k/2); 95 % -> 5.9915 (table value).
TEST(GroundEllipse, ChiSquareQuantileAndAxes) {
  EXPECT_NEAR(chi2_2dof_quantile(0.95), 5.991464547, 1e-8);
  Eigen::Matrix2d cov;
  cov << 100.0 * 100.0, 0.0, 0.0, 400.0 * 400.0;  // east 100 m, north 400 m
  const GroundEllipse e = confidence_ellipse(cov, 0.95);
  EXPECT_NEAR(e.semi_major_m, 400.0 * std::sqrt(5.991464547), 1e-6);
  EXPECT_NEAR(e.semi_minor_m, 100.0 * std::sqrt(5.991464547), 1e-6);
  EXPECT_NEAR(std::min(e.orientation_rad, std::numbers::pi - e.orientation_rad), 0.0, 1e-9);
  // Rotated by 30 deg clockwise from north (towards east).
  const double a = std::numbers::pi / 6.0;
  Eigen::Matrix2d r;
  r << std::cos(a), std::sin(a), -std::sin(a), std::cos(a);  // maps north to (sin a, cos a)
  const Eigen::Matrix2d rotated = r * cov * r.transpose();
  EXPECT_NEAR(confidence_ellipse(rotated, 0.95).orientation_rad, a, 1e-9);
}

TEST(GroundEllipse, SpreadOfPointsAroundAKnownCentre) {
  const geo::Geodetic centre{0.9, 0.35, 0.0};
  std::vector<geo::Vec3> pts;
  for (const auto& enu :
       {geo::Vec3(1000, 0, 0), geo::Vec3(-1000, 0, 0), geo::Vec3(0, 500, 0), geo::Vec3(0, -500, 0)})
    pts.push_back(geo::enu_to_ecef(enu, centre));
  const Eigen::VectorXd w = Eigen::VectorXd::Constant(4, 0.25);
  const GroundSpread s = ground_spread(pts, w, w, 0.95, geo::EarthShape::wgs84);
  // The mean of ECEF points lies ~0.1 m below the ellipsoid: projected back to alt 0.
  EXPECT_NEAR(geo::ecef_to_enu(geo::to_ecef(s.mean), centre).head<2>().norm(), 0.0, 1e-3);
  EXPECT_NEAR(s.covariance_en_m2(0, 0), 0.5e6, 1.0);
  EXPECT_NEAR(s.covariance_en_m2(1, 1), 0.125e6, 1.0);
  EXPECT_NEAR(mahalanobis2(s, pts[0], geo::EarthShape::wgs84), 2.0, 1e-3);
}

}  // namespace
}  // namespace bulwark::threat
