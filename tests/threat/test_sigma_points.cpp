// Sigma points and the ground-ellipse statistics (threat/sigma_points.hpp,
// threat/ground_ellipse.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "threat/ground_ellipse.hpp"
#include "threat/sigma_points.hpp"

namespace bulwark::threat {
namespace {

Eigen::MatrixXd random_covariance(int n, unsigned seed) {
  std::srand(seed);
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n);
  return a * a.transpose() + 0.1 * Eigen::MatrixXd::Identity(n, n);
}

// The points' weighted mean and covariance are `mean` and `cov` to round-off.
void expect_moments(const SigmaPoints& sp, const Eigen::VectorXd& mean,
                    const Eigen::MatrixXd& cov) {
  const Eigen::VectorXd m = sp.points * sp.w_mean;
  Eigen::MatrixXd c = Eigen::MatrixXd::Zero(mean.size(), mean.size());
  for (Eigen::Index k = 0; k < sp.points.cols(); ++k)
    c += sp.w_cov(k) * (sp.points.col(k) - m) * (sp.points.col(k) - m).transpose();
  EXPECT_LT((m - mean).norm(), 1e-12);
  EXPECT_LT((c - cov).norm(), 1e-10 * cov.norm());
}

// The unscented transform is exact for linear maps (Julier & Uhlmann 2004):
// the weighted mean and covariance of the points are the input's, to round-off
// (w_cov(0) carries beta = 2 but the mean point has zero deviation).
TEST(SigmaPoints, ReproduceMeanAndCovarianceExactly) {
  for (int n : {2, 6, 7}) {
    const Eigen::VectorXd mean = Eigen::VectorXd::LinSpaced(n, -3.0, 5.0);
    const Eigen::MatrixXd cov = random_covariance(n, 7u + static_cast<unsigned>(n));
    const SigmaPoints sp = unscented_points(mean, cov, {});
    ASSERT_EQ(sp.points.cols(), 2 * n + 1);
    expect_moments(sp, mean, cov);
  }
}

// Spherical simplex (Julier 2003): n + 2 points whose weighted mean and
// covariance are the input's, to round-off, for any W0 in [0, 1); the points
// other than the mean, whitened, lie on one sphere of radius
// sqrt(n / (1 - W0)). With a symmetric tail of k components: n - k + 2 + 2k
// points, the same properties, the tail's points +/- r along its axes.
TEST(SigmaPoints, SphericalSimplexReproducesMeanAndCovarianceOnASphere) {
  for (int n : {1, 2, 6, 7}) {
    for (double w0 : {0.0, 0.25, 0.5}) {
      for (int tail = 0; tail < std::min(n, 3); ++tail) {
        SCOPED_TRACE("n = " + std::to_string(n) + ", W0 = " + std::to_string(w0) +
                     ", tail = " + std::to_string(tail));
        const Eigen::VectorXd mean = Eigen::VectorXd::LinSpaced(n, -3.0, 5.0);
        const Eigen::MatrixXd cov = random_covariance(n, 11u + static_cast<unsigned>(n));
        UnscentedParameters params;
        params.set = SigmaSet::spherical_simplex;
        params.simplex_w0 = w0;
        params.symmetric_tail = tail;
        const SigmaPoints sp = unscented_points(mean, cov, params);
        const int simplex_dims = n - tail;
        ASSERT_EQ(sp.points.cols(), simplex_dims + 2 + 2 * tail);
        EXPECT_NEAR(sp.w_mean.sum(), 1.0, 1e-14);
        EXPECT_EQ(sp.w_mean(0), w0);
        EXPECT_LT((sp.points.col(0) - mean).norm(), 1e-14);
        EXPECT_EQ((sp.w_mean - sp.w_cov).norm(), 0.0);
        expect_moments(sp, mean, cov);
        const Eigen::MatrixXd whiten = psd_sqrt(cov).inverse();
        const double r = std::sqrt(n / (1.0 - w0));
        for (Eigen::Index k = 1; k < sp.points.cols(); ++k) {
          const Eigen::VectorXd u = whiten * (sp.points.col(k) - mean);
          EXPECT_NEAR(u.norm(), r, 1e-9);
          if (k <= simplex_dims + 1) {
            EXPECT_NEAR(
                sp.w_mean(k),
                tail == 0 ? (1.0 - w0) / (n + 1) : simplex_dims / ((simplex_dims + 1) * r * r),
                1e-15);
            EXPECT_LT(u.tail(tail).norm(), 1e-9);
          } else {
            EXPECT_NEAR(sp.w_mean(k), 0.5 / (r * r), 1e-15);
            EXPECT_NEAR(u.tail(tail).cwiseAbs().maxCoeff(), r, 1e-9);
          }
        }
      }
    }
  }
  UnscentedParameters bad;
  bad.set = SigmaSet::spherical_simplex;
  bad.simplex_w0 = 1.0;
  EXPECT_THROW(unscented_points(Eigen::VectorXd::Zero(3), Eigen::MatrixXd::Identity(3, 3), bad),
               std::invalid_argument);
  bad.simplex_w0 = 0.0;
  bad.symmetric_tail = 3;  // no simplex left
  EXPECT_THROW(unscented_points(Eigen::VectorXd::Zero(3), Eigen::MatrixXd::Identity(3, 3), bad),
               std::invalid_argument);
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
