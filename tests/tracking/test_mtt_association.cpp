// GNN and JPDA association on hand-made gate graphs.
#include <gtest/gtest.h>

#include <cmath>

#include "tracking/gnn.hpp"
#include "tracking/jpda.hpp"

namespace bulwark::tracking {
namespace {

int assigned_meas(const AssociationResult& r, int track) {
  for (const auto& p : r.pairs)
    if (p.track == track) return p.meas;
  return -1;
}

// Greedy nearest neighbour would take (0,0) then (1,1) for a total of 11;
// the global optimum is (0,1) + (1,0) = 3.5.
TEST(MttGnn, FindsTheGlobalOptimumNotTheGreedyOne) {
  const std::vector<GateEdge> edges = {
      {0, 0, 1.0, 0.0}, {0, 1, 2.0, 0.0}, {1, 0, 1.5, 0.0}, {1, 1, 10.0, 0.0}};
  GnnAssociator gnn;
  AssociationResult r;
  gnn.associate(edges, 2, 2, 16.0, r);
  EXPECT_EQ(assigned_meas(r, 0), 1);
  EXPECT_EQ(assigned_meas(r, 1), 0);
  EXPECT_EQ(r.meas_used, (std::vector<char>{1, 1}));
}

TEST(MttGnn, LeavesATrackUnassignedWhenItsOnlyMeasurementIsBetterUsedElsewhere) {
  // One measurement for two tracks; track 2 has no edge; measurement 1 is free.
  const std::vector<GateEdge> edges = {{0, 0, 1.0, 0.0}, {1, 0, 2.0, 0.0}};
  GnnAssociator gnn;
  AssociationResult r;
  gnn.associate(edges, 3, 2, 9.0, r);
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_EQ(assigned_meas(r, 0), 0);
  EXPECT_EQ(assigned_meas(r, 1), -1);
  EXPECT_EQ(r.meas_used, (std::vector<char>{1, 0}));
  for (const auto& p : r.pairs) EXPECT_EQ(p.weight, 1.0);
}

TEST(MttGnn, TakesASecondChoiceWhenThatBeatsAMiss) {
  // G = 5. Track 0 -> 0 and track 1 missed costs 3 + 5 = 8; track 0 missed
  // and track 1 -> 0 costs 5 + 1 = 6; track 0 -> 1 and track 1 -> 0 costs
  // 4.5 + 1 = 5.5, the optimum.
  const std::vector<GateEdge> edges = {{0, 0, 3.0, 0.0}, {0, 1, 4.5, 0.0}, {1, 0, 1.0, 0.0}};
  GnnAssociator gnn;
  AssociationResult r;
  gnn.associate(edges, 2, 2, 5.0, r);
  EXPECT_EQ(assigned_meas(r, 0), 1);
  EXPECT_EQ(assigned_meas(r, 1), 0);
}

// Oracle: the JPDA joint events of two tracks and two measurements written
// out by hand (Bar-Shalom, Willett & Tian 2011, sec. 6.2.3): 7 feasible events.
TEST(MttJpda, MatchesHandComputedTwoTrackCase) {
  JpdaOptions opt;
  opt.pd = 0.9;
  opt.pg = 0.99;
  opt.clutter_density = 0.5;
  const double g[2][2] = {{2.0, 0.7}, {1.2, 0.3}};  // target g_ij = pd N / lambda
  std::vector<GateEdge> edges;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      edges.push_back({i, j, 1.0, std::log(g[i][j] * opt.clutter_density / opt.pd)});
  JpdaAssociator jpda(opt);
  AssociationResult r;
  jpda.associate(edges, 2, 2, 9.0, r);
  const double m = 1.0 - opt.pd * opt.pg;
  const double total = m * m + g[0][0] * m + g[0][1] * m + m * g[1][0] + m * g[1][1] +
                       g[0][0] * g[1][1] + g[0][1] * g[1][0];
  const double b00 = (g[0][0] * m + g[0][0] * g[1][1]) / total;
  const double b01 = (g[0][1] * m + g[0][1] * g[1][0]) / total;
  const double b10 = (g[1][0] * m + g[0][1] * g[1][0]) / total;
  const double b11 = (g[1][1] * m + g[0][0] * g[1][1]) / total;
  ASSERT_EQ(r.pairs.size(), 4u);
  EXPECT_NEAR(r.pairs[0].weight, b00, 1e-12);
  EXPECT_NEAR(r.pairs[1].weight, b01, 1e-12);
  EXPECT_NEAR(r.pairs[2].weight, b10, 1e-12);
  EXPECT_NEAR(r.pairs[3].weight, b11, 1e-12);
  EXPECT_EQ(jpda.exact_clusters(), 1);
}

// Both the exact enumeration and the cheap approximation reduce to the PDA
// weights beta_j = g_j / (sum g + 1 - Pd Pg) for a lone track.
TEST(MttJpda, LoneTrackGivesPdaWeightsExactAndApproximate) {
  JpdaOptions opt;
  opt.clutter_density = 1e-3;
  const double g[3] = {5.0, 1.0, 0.2};
  std::vector<GateEdge> edges;
  for (int j = 0; j < 3; ++j)
    edges.push_back({0, j, 1.0, std::log(g[j] * opt.clutter_density / opt.pd)});
  const double denom = g[0] + g[1] + g[2] + 1.0 - opt.pd * opt.pg;
  for (long bound : {100000L, 1L}) {
    opt.max_hypotheses = bound;
    JpdaAssociator jpda(opt);
    AssociationResult r;
    jpda.associate(edges, 1, 3, 9.0, r);
    ASSERT_EQ(r.pairs.size(), 3u);
    for (int j = 0; j < 3; ++j)
      EXPECT_NEAR(r.pairs[static_cast<std::size_t>(j)].weight, g[j] / denom, 1e-12);
    EXPECT_EQ(jpda.exact_clusters() + jpda.approximate_clusters(), 1);
    EXPECT_EQ(jpda.approximate_clusters(), bound == 1L ? 1 : 0);
  }
}

}  // namespace
}  // namespace bulwark::tracking
