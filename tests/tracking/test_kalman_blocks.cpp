// The fixed-size building blocks of the Kalman-type filters (kalman.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
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

}  // namespace
}  // namespace bulwark::tracking
