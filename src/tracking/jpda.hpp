// Joint probabilistic data association (JPDA): every gated measurement
// updates a track with its posterior association probability beta_ij
// (Fortmann, Bar-Shalom & Scheffe, IEEE J. Oceanic Eng. 8(3), 1983;
// Bar-Shalom, Willett & Tian 2011, sec. 6.2), parametric clutter model.
//
// Per cluster, a joint event assigns each track at most one measurement and
// each measurement at most one track; its probability is proportional to
//   prod_{(i,j) in event} g_ij  *  prod_{i missed} (1 - P_D P_G),
//   g_ij = P_D N(nu_ij; 0, S_ij) / lambda,
// with lambda the clutter density in measurement space (false alarms per
// unit of m * rad^2 * m/s for radar). beta_ij sums the probabilities of the
// events that contain (i, j).
//
// Bounded enumeration: a cluster whose event count bound prod_i (1 + deg_i)
// is at most `max_hypotheses` is enumerated exactly (depth-first);
// larger clusters use Fitzgerald's "cheap JPDA" approximation
// (Fitzgerald, "Development of practical PDA logic for multitarget
// tracking by microprocessor", 1990):
//   beta_ij = g_ij / (sum_k g_ik + sum_l g_lj - g_ij + (1 - P_D P_G)),
// renormalised when a track's betas exceed 1. Exact JPDA is checked against
// a brute-force enumeration in test MttJpda.MatchesHandComputedTwoTrackCase;
// the cheap approximation reduces to PDA for an isolated track.
#pragma once

#include <vector>

#include "tracking/association.hpp"

namespace bulwark::tracking {

struct JpdaOptions {
  double pd = 0.9;                // detection probability
  double pg = 0.9997;             // gate probability (matches the gate threshold)
  double clutter_density = 1e-9;  // lambda, per unit measurement volume
  long max_hypotheses = 20000;    // exact enumeration bound per cluster
};

class JpdaAssociator final : public Associator {
 public:
  explicit JpdaAssociator(const JpdaOptions& options) : options_(options) {}
  void associate(std::span<const GateEdge> edges, int n_tracks, int n_meas, double gate_d2,
                 AssociationResult& out) override;
  // Clusters solved exactly and approximately since construction.
  long exact_clusters() const { return exact_; }
  long approximate_clusters() const { return approximate_; }

 private:
  void enumerate(int row);
  JpdaOptions options_;
  GateClusters clusters_;
  long exact_ = 0, approximate_ = 0;
  // Per-cluster buffers (local indices).
  std::vector<int> row_begin_, col_;  // edges of row i: [row_begin_[i], row_begin_[i+1])
  std::vector<double> g_, miss_, beta_, beta_miss_, col_sum_;
  std::vector<int> chosen_;  // chosen edge per row, -1 for missed
  std::vector<char> col_taken_;
  std::vector<int> local_meas_, edge_index_;
  double weight_ = 1.0, total_ = 0.0;
};

}  // namespace bulwark::tracking
