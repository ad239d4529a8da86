// Optimal assignment (Jonker-Volgenant), chi-square gate thresholds and the
// cluster decomposition of the gate graph.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "common/error.hpp"
#include "common/random.hpp"
#include "tracking/assignment.hpp"
#include "tracking/association.hpp"
#include "tracking/chi_square.hpp"

namespace bulwark::tracking {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Oracle: exhaustive enumeration of every injective row -> column map.
double brute_force(const std::vector<double>& c, int n, int m) {
  std::vector<int> cols(static_cast<std::size_t>(m));
  std::iota(cols.begin(), cols.end(), 0);
  double best = kInf;
  // Enumerate permutations of the columns; the first n give the assignment.
  std::sort(cols.begin(), cols.end());
  do {
    double s = 0.0;
    for (int i = 0; i < n; ++i)
      s += c[static_cast<std::size_t>(i * m + cols[static_cast<std::size_t>(i)])];
    best = std::min(best, s);
  } while (std::next_permutation(cols.begin(), cols.end()));
  return best;
}

TEST(MttAssignment, MatchesBruteForce) {
  Rng rng = make_stream(7, 0, 1);
  std::uniform_real_distribution<double> u(0.0, 10.0);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  int feasible = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const int n = 1 + trial % 6;
    const int m = n + (trial / 6) % 3;
    std::vector<double> c(static_cast<std::size_t>(n * m));
    for (auto& x : c) x = coin(rng) < 0.25 ? kInf : std::round(u(rng) * 4.0) / 4.0;  // ties too
    std::vector<int> row_to_col(static_cast<std::size_t>(n));
    AssignmentWorkspace ws;
    const AssignmentResult r = solve_assignment(c.data(), n, m, row_to_col.data(), ws);
    const double expected = brute_force(c, n, m);
    ASSERT_EQ(r.feasible, expected < kInf) << "trial " << trial;
    if (!r.feasible) continue;
    ++feasible;
    // Exact: integer multiples of 1/4 sum exactly.
    EXPECT_DOUBLE_EQ(r.cost, expected) << "trial " << trial;
    std::vector<int> sorted = row_to_col;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
  }
  EXPECT_GT(feasible, 150);  // the test exercised mostly feasible problems
}

TEST(MttAssignment, NegativeCostsAndWorkspaceReuse) {
  AssignmentWorkspace ws;
  const std::vector<double> a = {-1.0, -5.0, -3.0, -2.0};  // 2 x 2: best -5 + -3 = -8
  int r2c[2];
  EXPECT_DOUBLE_EQ(solve_assignment(a.data(), 2, 2, r2c, ws).cost, -8.0);
  EXPECT_EQ(r2c[0], 1);
  EXPECT_EQ(r2c[1], 0);
  const std::vector<double> b = {4.0, 1.0, 3.0};  // 1 x 3
  EXPECT_DOUBLE_EQ(solve_assignment(b.data(), 1, 3, r2c, ws).cost, 1.0);
  EXPECT_EQ(r2c[0], 1);
}

TEST(MttAssignment, RejectsBadInput) {
  AssignmentWorkspace ws;
  int r2c[3];
  const std::vector<double> c = {1.0, 2.0, 3.0};
  EXPECT_THROW(solve_assignment(c.data(), 3, 1, r2c, ws), DomainError);  // rows > cols
  const std::vector<double> bad = {1.0, std::nan("")};
  EXPECT_THROW(solve_assignment(bad.data(), 1, 2, r2c, ws), DomainError);
}

// Oracle: Abramowitz & Stegun table 26.8 (chi-square percentage points),
// printed to 3-4 decimals; tolerance half a unit in the last printed digit.
TEST(MttChiSquare, QuantilesMatchTable) {
  EXPECT_NEAR(chi2_quantile(0.95, 1), 3.8415, 5e-4);
  EXPECT_NEAR(chi2_quantile(0.99, 2), 9.2103, 5e-4);
  EXPECT_NEAR(chi2_quantile(0.95, 3), 7.8147, 5e-4);
  EXPECT_NEAR(chi2_quantile(0.99, 4), 13.2767, 5e-4);
  EXPECT_NEAR(chi2_quantile(0.999, 4), 18.467, 5e-3);
  EXPECT_NEAR(chi2_quantile(0.05, 6), 1.6354, 5e-4);
  EXPECT_NEAR(chi2_quantile(0.975, 6), 14.4494, 5e-4);
  EXPECT_NEAR(chi2_quantile(0.95, 9), 16.919, 5e-3);
  // Even dof closed form: chi2(2) CDF = 1 - exp(-x/2).
  EXPECT_NEAR(chi2_cdf(3.0, 2), 1.0 - std::exp(-1.5), 1e-15);
  EXPECT_THROW(chi2_quantile(1.0, 4), DomainError);
  EXPECT_THROW(chi2_quantile(0.9, 0), DomainError);
}

TEST(MttClusters, ComponentsOfTheGateGraph) {
  // Tracks 0-1 share measurement 1; track 2 alone with measurement 3;
  // track 3 and measurement 0, 2 without edges.
  const std::vector<GateEdge> edges = {
      {0, 1, 1.0, 0.0}, {1, 1, 2.0, 0.0}, {1, 4, 1.0, 0.0}, {2, 3, 0.5, 0.0}};
  GateClusters c;
  c.build(edges, 4, 5);
  ASSERT_EQ(c.count(), 2);
  EXPECT_EQ(std::vector<int>(c.tracks(0).begin(), c.tracks(0).end()), (std::vector<int>{0, 1}));
  EXPECT_EQ(std::vector<int>(c.meas(0).begin(), c.meas(0).end()), (std::vector<int>{1, 4}));
  EXPECT_EQ(c.edges(0).size(), 3u);
  EXPECT_EQ(std::vector<int>(c.tracks(1).begin(), c.tracks(1).end()), (std::vector<int>{2}));
  EXPECT_EQ(std::vector<int>(c.meas(1).begin(), c.meas(1).end()), (std::vector<int>{3}));
}

}  // namespace
}  // namespace bulwark::tracking
