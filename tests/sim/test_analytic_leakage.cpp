// The closed forms themselves, against the check values of
// /work/shared/refs/leakage.md (Wilkening 2000) and exact enumeration.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/analytic_leakage.hpp"

namespace bulwark::sim {
namespace {

TEST(AnalyticLeakage, SalvoCheckValues) {
  const LeakageFigures f = salvo_leakage({10, 0.8, 1.0, 1.0}, 2);
  EXPECT_NEAR(f.p_kill_per_warhead, 0.96, 1e-12);
  EXPECT_NEAR(f.p_no_leaker, 0.66483, 5e-6);  // 0.96^10, quoted to 5 digits
  EXPECT_NEAR(f.expected_leakers, 0.4, 1e-12);
  EXPECT_NEAR(f.expected_shots, 20.0, 1e-12);
}

TEST(AnalyticLeakage, ShootLookShootSameKillFewerShots) {
  const LeakageFigures f = shoot_look_shoot_leakage({10, 0.8, 1.0, 1.0}, 1, 1);
  EXPECT_NEAR(f.p_kill_per_warhead, 0.96, 1e-12);
  EXPECT_NEAR(f.expected_shots / 10.0, 1.2, 1e-12);
}

TEST(AnalyticLeakage, DetectionAndCommonModeScale) {
  const LeakageFigures f = salvo_leakage({4, 0.7, 0.9, 0.95}, 2);
  const double k = 0.9 * (1.0 - 0.09);
  EXPECT_NEAR(f.p_no_leaker, 0.95 * std::pow(k, 4), 1e-12);
  EXPECT_NEAR(f.expected_leakers, 4.0 * (1.0 - 0.95 * k), 1e-12);
}

TEST(AnalyticLeakage, LimitedInventorySpreadsEvenly) {
  // 10 warheads, 15 rounds: 5 get 2 shots, 5 get 1.
  const LeakageFigures f = salvo_leakage_limited({10, 0.6, 1.0, 1.0}, 2, 15);
  EXPECT_NEAR(f.p_no_leaker, std::pow(1.0 - 0.16, 5) * std::pow(0.6, 5), 1e-12);
  // Ample inventory reduces to the salvo form.
  EXPECT_DOUBLE_EQ(salvo_leakage_limited({10, 0.6, 1.0, 1.0}, 2, 20).p_no_leaker,
                   salvo_leakage({10, 0.6, 1.0, 1.0}, 2).p_no_leaker);
}

TEST(AnalyticLeakage, ShootLookShootLimitedMatchesEnumeration) {
  // N = 3, p = 0.5, n1 = n2 = 1, I = 4: one re-engagement available.
  // Exact: P(no leaker) = P(S=0) + P(S=1) * 0.5, S ~ Bin(3, 0.5).
  const LeakageFigures f = shoot_look_shoot_limited({3, 0.5, 1.0, 1.0}, 1, 1, 4);
  EXPECT_NEAR(f.p_no_leaker, 0.125 + 0.375 * 0.5, 1e-12);
  // Ample inventory equals the unlimited form.
  EXPECT_NEAR(shoot_look_shoot_limited({3, 0.5, 1.0, 1.0}, 1, 1, 6).p_no_leaker,
              shoot_look_shoot_leakage({3, 0.5, 1.0, 1.0}, 1, 1).p_no_leaker, 1e-12);
}

TEST(AnalyticLeakage, RejectsBadParameters) {
  EXPECT_THROW(salvo_leakage({0, 0.5, 1.0, 1.0}, 1), std::invalid_argument);
  EXPECT_THROW(salvo_leakage({1, 1.5, 1.0, 1.0}, 1), std::invalid_argument);
  EXPECT_THROW(salvo_leakage({1, std::nan(""), 1.0, 1.0}, 1), std::invalid_argument);
}

}  // namespace
}  // namespace bulwark::sim
