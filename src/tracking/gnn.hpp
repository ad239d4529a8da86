// Global nearest neighbour (GNN) association: per scan, the one-to-one
// assignment of measurements to tracks that minimises the total squared
// Mahalanobis distance, where leaving a track without a measurement costs
// the gate threshold G (Blackman & Popoli, "Design and Analysis of Modern
// Tracking Systems", 1999, sec. 6.5.1). Solved exactly per cluster with the
// Jonker-Volgenant shortest augmenting path (assignment.hpp) on the
// cluster's cost matrix augmented by one "missed" column per track:
//   C = [ d2_ij (inf outside the gate) | diag(G) (inf off the diagonal) ].
// A single-track, single-measurement cluster skips the solver.
#pragma once

#include "tracking/assignment.hpp"
#include "tracking/association.hpp"

namespace bulwark::tracking {

class GnnAssociator final : public Associator {
 public:
  void associate(std::span<const GateEdge> edges, int n_tracks, int n_meas, double gate_d2,
                 AssociationResult& out) override;

 private:
  GateClusters clusters_;
  AssignmentWorkspace ws_;
  std::vector<double> cost_;
  std::vector<int> row_to_col_, local_meas_;
};

}  // namespace bulwark::tracking
