// The fixed-size building blocks of the Kalman-type filters (kalman.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

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

}  // namespace
}  // namespace bulwark::tracking
