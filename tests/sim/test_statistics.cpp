// Confidence intervals of the campaign figures.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/statistics.hpp"

namespace bulwark::sim {
namespace {

// Newcombe, "Two-sided confidence intervals for the single proportion",
// Statistics in Medicine 17 (1998), Table I: 81/263 -> Wilson 0.2553-0.3662,
// 0/10 -> 0-0.2775 (published to 4 decimals, hence the 6e-5 tolerance).
TEST(Wilson, MatchesNewcombeTable) {
  const Estimate a = wilson_interval(81, 263);
  EXPECT_NEAR(a.lo, 0.2553, 6e-5);
  EXPECT_NEAR(a.hi, 0.3662, 6e-5);
  const Estimate b = wilson_interval(0, 10);
  EXPECT_DOUBLE_EQ(b.lo, 0.0);
  EXPECT_NEAR(b.hi, 0.2775, 6e-5);
  const Estimate c = wilson_interval(10, 10);
  EXPECT_NEAR(c.lo, 1.0 - 0.2775, 6e-5);
  EXPECT_DOUBLE_EQ(c.hi, 1.0);
}

TEST(RunningStats, MeanVarianceAndInterval) {
  RunningStats s;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) s.add(x);
  EXPECT_DOUBLE_EQ(s.mean(), 5.0);
  EXPECT_NEAR(s.variance(), 32.0 / 7.0, 1e-12);  // unbiased: sum sq dev 32, n-1 = 7
  const Estimate e = s.interval();
  EXPECT_NEAR(e.hi - e.mean, kZ95 * std::sqrt(32.0 / 7.0 / 8.0), 1e-12);
  EXPECT_NEAR(e.mean - e.lo, e.hi - e.mean, 1e-12);
}

TEST(Wilson, RejectsNoTrials) {
  EXPECT_THROW(wilson_interval(0, 0), std::invalid_argument);
}

}  // namespace
}  // namespace bulwark::sim
