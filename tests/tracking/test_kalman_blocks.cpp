// The fixed-size building blocks of the Kalman-type filters (kalman.hpp).
#include <gtest/gtest.h>

#include <Eigen/QR>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <random>

#include "tracking/estimator.hpp"
#include "tracking/kalman.hpp"

namespace bulwark::tracking {
namespace {

// cholesky_solve replaces Eigen's LLT::solve in the filters' gains for speed
// only: over random SPD matrices S spanning 4 orders of magnitude in scale
// and right-hand sides spanning 12, it gives the very same bits, so the
// filters' results do not change.
TEST(KalmanBlocks, CholeskySolveHasEigensBits) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> exponent(-6.0, 6.0);
  for (int trial = 0; trial < 20000; ++trial) {
    Mat<4, 4> b;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) b(i, j) = normal(rng) * std::pow(10.0, exponent(rng) / 3.0);
    Mat<4, 4> s = b * b.transpose() + 1e-3 * Mat<4, 4>::Identity();
    symmetrize<4>(s);
    Mat<4, 7> rhs;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 7; ++j) rhs(i, j) = normal(rng) * std::pow(10.0, exponent(rng));
    const Eigen::LLT<Mat<4, 4>> llt(s);
    const Mat<4, 7> want = llt.solve(rhs);
    const Mat<4, 7> got = cholesky_solve<4, 7>(llt.matrixLLT(), rhs);
    ASSERT_EQ(std::memcmp(want.data(), got.data(), sizeof(double) * 28), 0) << "trial " << trial;
  }
}

// MeasurementPrediction::figures factors S by hand: against Eigen's LLT
// (d^2 = nu' S^-1 nu, log N(nu; 0, S)) over random SPD S of dimension 2 and
// 4 spanning 12 orders of magnitude in scale, the same to round-off
// (relative 1e-9; measured below 1e-12), and a non-positive-definite S is
// still refused (d^2 infinite).
TEST(KalmanBlocks, InnovationFiguresMatchEigensLlt) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> exponent(-6.0, 6.0);
  for (int trial = 0; trial < 20000; ++trial) {
    const int dim = trial % 2 == 0 ? 4 : 2;
    MeasurementPrediction p;
    p.dim = dim;
    Mat<4, 4> b;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) b(i, j) = normal(rng) * std::pow(10.0, exponent(rng) / 3.0);
    p.S = b * b.transpose() + 1e-3 * Mat<4, 4>::Identity();
    symmetrize<4>(p.S);
    sensors::Measurement z;
    z.kind = dim == 4 ? sensors::MeasurementKind::radar : sensors::MeasurementKind::angles_only;
    z.range_m = 1e5 + normal(rng) * 1e3;
    z.az_rad = 1.0 + 0.01 * normal(rng);
    z.el_rad = 0.3 + 0.01 * normal(rng);
    z.range_rate_mps = normal(rng) * 100.0;
    p.z_hat << 1e5, 1.0, 0.3, 0.0;
    if (dim == 2) p.z_hat << 1.0, 0.3, 0.0, 0.0;
    const Eigen::VectorXd nu = p.innovation(z).head(dim);
    const Eigen::MatrixXd s = p.S.topLeftCorner(dim, dim);
    const Eigen::LLT<Eigen::MatrixXd> llt(s);
    const double d2 = nu.dot(llt.solve(nu));
    double log_det = 0.0;
    for (int i = 0; i < dim; ++i) log_det += 2.0 * std::log(llt.matrixLLT()(i, i));
    const double ll = -0.5 * (d2 + log_det + dim * std::log(2.0 * std::numbers::pi));
    const InnovationFigures f = p.figures(z);
    ASSERT_NEAR(f.d2, d2, 1e-9 * d2) << "trial " << trial;
    ASSERT_NEAR(f.log_likelihood, ll, 1e-9 * (std::abs(ll) + std::abs(log_det) + d2)) << trial;
  }
  MeasurementPrediction bad;
  bad.dim = 2;
  bad.S << 1.0, 2.0, 0.0, 0.0, 2.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0;
  sensors::Measurement z;
  z.kind = sensors::MeasurementKind::angles_only;
  EXPECT_TRUE(std::isinf(bad.figures(z).d2));
}

// positive_definite (the standard update's check) against the eigenvalues:
// random symmetric 7 x 7 matrices over 12 orders of magnitude in scale with
// eigenvalues spanning up to 5, one of them negative in every other trial,
// are told apart as Eigen's LLT tells them (smallest eigenvalue beyond 1e-6
// of the largest in size).
TEST(KalmanBlocks, PositiveDefiniteCheckMatchesEigenvalues) {
  std::mt19937_64 rng(13);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int positive = 0, indefinite = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    Mat<7, 7> q = Mat<7, 7>::Zero();
    for (int i = 0; i < 7; ++i)
      for (int j = 0; j < 7; ++j) q(i, j) = normal(rng);
    const Eigen::HouseholderQR<Mat<7, 7>> qr(q);
    const Mat<7, 7> rot = qr.householderQ();
    Vec<7> eig;
    const double scale = std::pow(10.0, 12.0 * unit(rng) - 6.0);
    for (int i = 0; i < 7; ++i) eig(i) = scale * std::pow(10.0, 5.0 * unit(rng));
    if (trial % 2 == 1) eig(trial % 7) = -eig(trial % 7) * unit(rng);
    const double top = eig.cwiseAbs().maxCoeff();
    if (std::abs(eig.minCoeff()) < 1e-6 * top) continue;
    Mat<7, 7> P = rot * eig.asDiagonal() * rot.transpose();
    symmetrize<7>(P);
    const bool want = eig.minCoeff() > 0.0;
    ASSERT_EQ(positive_definite<7>(P), want) << "trial " << trial;
    ASSERT_EQ((Eigen::LLT<Mat<7, 7>>(P).info() == Eigen::Success), want) << "trial " << trial;
    (want ? positive : indefinite) += 1;
  }
  EXPECT_GT(positive, 1000);
  EXPECT_GT(indefinite, 1000);
  Mat<7, 7> nan = Mat<7, 7>::Identity();
  nan(3, 3) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(positive_definite<7>(nan));
}

// The trackers' update (standard form, kalman.hpp) against the Joseph form
// it replaced: over random tracking-like priors (position sigmas 10 m to
// 10 km, velocity 1 m/s to 1 km/s, correlated, beta's gamma), random
// measurement geometries and noise spanning 4 orders of magnitude, the same
// state and the same covariance to 1e-7 of the posterior sigmas (measured
// 7e-9), with no fallback. On a prior 1e12 times less precise than the
// measurement the standard form loses P (variances 0 and negative): the
// fallback gives Joseph's result, positive-definite with the right variances.
TEST(KalmanBlocks, StandardUpdateMatchesJosephAndStaysPositiveDefinite) {
  std::mt19937_64 rng(9);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 5000; ++trial) {
    Vec<7> sd;
    for (int i = 0; i < 7; ++i)
      sd(i) = std::pow(
          10.0, i < 3 ? 1.0 + 3.0 * unit(rng) : (i < 6 ? 3.0 * unit(rng) : -6.0 + 2.0 * unit(rng)));
    Mat<7, 7> b;
    for (int i = 0; i < 7; ++i)
      for (int j = 0; j < 7; ++j) b(i, j) = normal(rng);
    Mat<7, 7> corr = b * b.transpose() + 7.0 * Mat<7, 7>::Identity();
    const Vec<7> inv = corr.diagonal().cwiseSqrt().cwiseInverse();
    corr = inv.asDiagonal() * corr * inv.asDiagonal();
    Mat<7, 7> P = sd.asDiagonal() * corr * sd.asDiagonal();
    symmetrize<7>(P);
    Mat<4, 7> H = Mat<4, 7>::Zero();
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 6; ++j) H(i, j) = normal(rng);
    Mat<4, 4> R = Mat<4, 4>::Zero();
    for (int i = 0; i < 4; ++i) R(i, i) = std::pow(10.0, 4.0 * unit(rng));
    Vec<4> nu;
    const Mat<4, 4> S = H * P * H.transpose() + R;
    for (int i = 0; i < 4; ++i) nu(i) = normal(rng) * std::sqrt(S(i, i));
    Vec<7> xs = Vec<7>::Zero(), xj = Vec<7>::Zero();
    Mat<7, 7> ps = P, pj = P;
    ASSERT_TRUE((standard_update<7, 4>(xs, ps, H, R, nu))) << "trial " << trial;
    joseph_update<7, 4>(xj, pj, H, R, nu);
    for (int i = 0; i < 7; ++i) {
      ASSERT_NEAR(xs(i), xj(i), 1e-9 * std::sqrt(pj(i, i))) << "trial " << trial;
      for (int j = 0; j < 7; ++j)
        ASSERT_NEAR(ps(i, j), pj(i, j), 1e-7 * std::sqrt(pj(i, i) * pj(j, j))) << "trial " << trial;
    }
  }
  // Ill-conditioned: position variances 1e12 m^2 measured to 1e-6 m^2.
  Vec<7> d;
  d << 1e12, 1e12, 1e12, 1e2, 1e2, 1e2, 1e-6;
  Mat<7, 7> P = d.asDiagonal();
  for (int i = 0; i < 3; ++i)
    P(i, 3 + i) = P(3 + i, i) = 0.5 * std::sqrt(P(i, i) * P(3 + i, 3 + i));
  P(0, 1) = P(1, 0) = 0.3e12;
  Mat<4, 7> H = Mat<4, 7>::Zero();
  H(0, 0) = H(1, 1) = H(2, 2) = 1.0;
  H(3, 0) = 0.6;
  H(3, 1) = 0.8;
  H(3, 3) = 1.0;
  const Mat<4, 4> R = 1e-6 * Mat<4, 4>::Identity();
  const Vec<4> nu(1.0, 2.0, 3.0, 4.0);
  Vec<7> xs = Vec<7>::Zero(), xj = Vec<7>::Zero();
  Mat<7, 7> ps = P, pj = P;
  EXPECT_FALSE((standard_update<7, 4>(xs, ps, H, R, nu)));  // the fallback was needed
  joseph_update<7, 4>(xj, pj, H, R, nu);
  EXPECT_EQ(std::memcmp(ps.data(), pj.data(), sizeof(double) * 49), 0);
  EXPECT_EQ(std::memcmp(xs.data(), xj.data(), sizeof(double) * 7), 0);
  EXPECT_EQ((Eigen::LLT<Mat<7, 7>>(ps).info()), Eigen::Success);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(ps(i, i), 1e-6, 1e-7);
}

}  // namespace
}  // namespace bulwark::tracking
