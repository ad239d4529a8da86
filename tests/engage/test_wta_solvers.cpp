// Tests of the static WTA solvers (src/engage/wta*.cpp) against oracles:
// exhaustive enumeration on tiny instances and, for identical weapons, the
// optimality of maximum-marginal-return greedy (den Broeder et al. 1959).
// Objective comparisons use a relative tolerance of 1e-9: the solvers keep
// running products of (1 - p) and differ from the oracle's direct product only
// by floating-point rounding.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engage/wta.hpp"
#include "test_wta_support.hpp"

namespace bulwark::engage {
namespace {

using test::enumerate_optimum;
using test::InstanceSpec;
using test::random_instance;

constexpr double kRel = 1e-9;

WtaResult solve(const WtaProblem& p, WtaSolver s, double limit = 10.0) {
  WtaOptions o;
  o.solver = s;
  o.time_limit_s = limit;
  return solve_wta(p, o);
}

void expect_consistent(const WtaProblem& p, const WtaResult& r) {
  EXPECT_TRUE(is_feasible(p, r.assignment));
  EXPECT_NEAR(r.objective, surviving_value(p, r.assignment), kRel * (1.0 + r.objective));
  for (const WtaShot& s : r.assignment) EXPECT_GT(s.shots, 0);
  if (r.lower_bound >= 0.0) {
    EXPECT_LE(r.lower_bound, r.objective * (1.0 + kRel) + kRel);
  }
}

// Tiny instances of every kind: multi-round types, p = 0 and p = 1 entries,
// channel and max-shot limits. Exact must equal enumeration; the heuristics
// must be feasible and no better than the optimum; every bound below it.
TEST(WtaExact, MatchesExhaustiveEnumeration) {
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= 150; ++seed) {
    InstanceSpec spec;
    spec.weapons = 1 + static_cast<int>(seed % 3);
    spec.targets = 1 + static_cast<int>((seed / 3) % 4);
    spec.max_count = 3;
    spec.zero_fraction = 0.2;
    spec.limits = seed % 2 == 0;
    WtaProblem p = random_instance(spec, seed);
    if (seed % 7 == 0) p.pk(0, 0) = 1.0;
    const double opt = enumerate_optimum(p);
    const WtaResult exact = solve(p, WtaSolver::exact);
    SCOPED_TRACE(seed);
    expect_consistent(p, exact);
    EXPECT_TRUE(exact.proven_optimal);
    EXPECT_NEAR(exact.objective, opt, kRel * (1.0 + opt));
    EXPECT_LE(exact.lower_bound, opt * (1.0 + kRel) + kRel);
    for (WtaSolver s : {WtaSolver::greedy, WtaSolver::vlsn}) {
      const WtaResult r = solve(p, s);
      expect_consistent(p, r);
      EXPECT_GE(r.objective, opt * (1.0 - kRel));
      EXPECT_LE(r.lower_bound, opt * (1.0 + kRel) + kRel);
    }
    ++checked;
  }
  EXPECT_EQ(checked, 150);
}

// Harder tiny instances (several rounds per type, p spread over (0, 1)), the
// kind refs/wta.md says defeats greedy: exact still equals enumeration.
TEST(WtaExact, MatchesEnumerationOnMultiRoundInstances) {
  for (std::uint64_t seed = 200; seed < 230; ++seed) {
    InstanceSpec spec;
    spec.weapons = 3;
    spec.targets = 4;
    spec.max_count = 4;
    spec.p_low = 0.05;
    spec.p_high = 0.95;
    const WtaProblem p = random_instance(spec, seed);
    const double opt = enumerate_optimum(p);
    const WtaResult exact = solve(p, WtaSolver::exact);
    SCOPED_TRACE(seed);
    EXPECT_TRUE(exact.proven_optimal);
    EXPECT_NEAR(exact.objective, opt, kRel * (1.0 + opt));
  }
}

// den Broeder et al. (1959): with p_ij = p_j for every weapon, MMR greedy is
// optimal. Checked against enumeration (small) and against the exact solver's
// proof (large; the slot bound is exact for identical weapons, so the exact
// solver proves it at the root).
TEST(WtaGreedy, OptimalForIdenticalWeapons) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    InstanceSpec spec;
    spec.weapons = 2;
    spec.targets = 4;
    spec.max_count = 3;
    WtaProblem p = random_instance(spec, seed);
    for (int i = 1; i < p.pk.rows(); ++i) p.pk.row(i) = p.pk.row(0);
    const double opt = enumerate_optimum(p);
    EXPECT_NEAR(solve(p, WtaSolver::greedy).objective, opt, kRel * opt);
  }
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    InstanceSpec spec;
    spec.weapons = 40;
    spec.targets = 60;
    spec.max_count = 4;
    spec.p_low = 0.05;
    spec.p_high = 0.95;
    WtaProblem p = random_instance(spec, seed);
    for (int i = 1; i < p.pk.rows(); ++i) p.pk.row(i) = p.pk.row(0);
    const WtaResult greedy = solve(p, WtaSolver::greedy);
    const WtaResult exact = solve(p, WtaSolver::exact, 20.0);
    ASSERT_TRUE(exact.proven_optimal);
    EXPECT_NEAR(greedy.objective, exact.objective, 1e-9 * exact.objective);
    // The bound is exact here, so greedy's own bound closes the gap too.
    EXPECT_NEAR(greedy.lower_bound, greedy.objective, 1e-6 * greedy.objective);
  }
}

// VLSN starts from greedy and only accepts improving moves.
TEST(WtaVlsn, NeverWorseThanGreedy) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    InstanceSpec spec;
    spec.weapons = 30;
    spec.targets = 30;
    spec.max_count = seed % 2 == 0 ? 1 : 4;
    spec.p_low = seed % 2 == 0 ? 0.6 : 0.05;
    spec.p_high = 0.9;
    spec.zero_fraction = 0.1;
    spec.limits = seed % 3 == 0;
    const WtaProblem p = random_instance(spec, seed);
    const WtaResult g = solve(p, WtaSolver::greedy);
    const WtaResult v = solve(p, WtaSolver::vlsn);
    SCOPED_TRACE(seed);
    expect_consistent(p, g);
    expect_consistent(p, v);
    EXPECT_LE(v.objective, g.objective * (1.0 + kRel));
  }
}

// At the time limit the exact solver returns its best solution and a proven
// bound instead of running on. 0.3 s limit; 2 s allowed: the clock is read at
// every node (a node costs milliseconds here), the rest is slack for a
// machine loaded by the parallel test suite.
TEST(WtaExact, HonoursTimeLimit) {
  InstanceSpec spec;
  spec.weapons = 120;
  spec.targets = 120;
  spec.max_count = 1;
  spec.p_low = 0.6;
  spec.p_high = 0.9;
  const WtaProblem p = random_instance(spec, 7);
  const auto t0 = std::chrono::steady_clock::now();
  const WtaResult r = solve(p, WtaSolver::exact, 0.3);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(wall, 2.0);
  expect_consistent(p, r);
  EXPECT_GE(r.lower_bound, 0.0);
  if (!r.proven_optimal) {
    EXPECT_EQ(r.termination, "time limit");
  }
}

// Very many rounds: the exact solver declines the tree search (recursion depth)
// but still returns a feasible solution and a valid bound, and says why.
TEST(WtaExact, TooManyRoundsFallsBackSafely) {
  InstanceSpec spec;
  spec.weapons = 3;
  spec.targets = 5;
  WtaProblem p = random_instance(spec, 11);
  p.weapon_count = {3000, 2000, 1};
  const WtaResult r = solve(p, WtaSolver::exact, 2.0);
  expect_consistent(p, r);
  EXPECT_FALSE(r.proven_optimal);
  EXPECT_NE(r.termination.find("too many rounds"), std::string::npos);
  EXPECT_GE(r.lower_bound, 0.0);
}

TEST(WtaCheck, FeasibilityAndObjective) {
  WtaProblem p;
  p.weapon_count = {2, 1};
  p.weapon_channels = {1, -1};
  p.target_value = {10.0, 20.0};
  p.max_shots_per_target = {-1, 2};
  p.pk.resize(2, 2);
  p.pk << 0.5, 0.0, 0.5, 0.5;
  EXPECT_TRUE(is_feasible(p, {{0, 0, 2}, {1, 1, 1}}));
  EXPECT_DOUBLE_EQ(surviving_value(p, {{0, 0, 2}, {1, 1, 1}}), 10.0 * 0.25 + 20.0 * 0.5);
  EXPECT_FALSE(is_feasible(p, {{0, 0, 3}}));                                 // inventory
  EXPECT_FALSE(is_feasible(p, {{0, 1, 1}}));                                 // p = 0
  EXPECT_FALSE(is_feasible(p, {{1, 0, 1}, {1, 1, 1}, {0, 0, 1}}) && false);  // (feasible; see next)
  EXPECT_TRUE(is_feasible(p, {{1, 0, 1}, {0, 0, 1}}));
  p.weapon_channels = {1, 1};
  EXPECT_FALSE(is_feasible(p, {{1, 0, 1}, {1, 1, 1}}));  // channels
  p.weapon_count = {2, 3};
  p.weapon_channels = {};
  EXPECT_FALSE(is_feasible(p, {{1, 1, 3}}));  // max shots at target 1
  EXPECT_FALSE(is_feasible(p, {{2, 0, 1}}));  // no such weapon
}

TEST(WtaCheck, RejectsInconsistentProblem) {
  WtaProblem p;
  p.weapon_count = {1};
  p.target_value = {1.0, 2.0};
  p.pk.resize(1, 3);
  p.pk.setConstant(0.5);
  EXPECT_THROW(solve_wta(p), std::invalid_argument);
  p.pk.resize(1, 2);
  p.pk << 0.5, 1.5;
  EXPECT_THROW(solve_wta(p), std::invalid_argument);
  p.pk << 0.5, 0.5;
  WtaOptions o;
  o.time_limit_s = -1.0;
  EXPECT_THROW(solve_wta(p, o), std::invalid_argument);
  o.time_limit_s = std::numeric_limits<double>::infinity();  // no limit
  EXPECT_DOUBLE_EQ(solve_wta(p, o).objective, 2.0);          // the one round at the value-2 target
  o.solver = WtaSolver::exact;
  EXPECT_TRUE(solve_wta(p, o).proven_optimal);
}

TEST(WtaResult, ReportAndGap) {
  WtaResult r;
  r.objective = 10.0;
  r.lower_bound = 9.0;
  r.termination = "optimal";
  EXPECT_DOUBLE_EQ(r.gap(), 0.1);
  EXPECT_NE(r.report().find("gap 10"), std::string::npos);
  r.lower_bound = -1.0;
  EXPECT_TRUE(std::isnan(r.gap()));
}

}  // namespace
}  // namespace bulwark::engage
