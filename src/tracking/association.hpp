// Data association: which measurements of one scan update which tracks.
//
// The gater (gater.hpp) produces the gated pairs of a scan (track i,
// measurement j, squared Mahalanobis distance d2_ij = nu' S^-1 nu and the
// Gaussian log-likelihood log N(nu; 0, S)). An Associator turns them into
// weighted updates: a hard associator (GNN) gives at most one measurement per
// track with weight 1; a soft one (JPDA) gives every gated measurement its
// posterior association probability beta_ij. Tracks and measurements fall
// into independent clusters (connected components of the gate graph) that
// are solved separately (Bar-Shalom, Willett & Tian 2011, sec. 6.2).
#pragma once

#include <span>
#include <vector>

namespace bulwark::tracking {

struct GateEdge {
  int track = 0;                // index into the scan's track list
  int meas = 0;                 // index into the scan's measurements
  double d2 = 0.0;              // squared Mahalanobis distance of the innovation
  double log_likelihood = 0.0;  // log N(nu; 0, S)
};

struct WeightedPair {
  int track = 0;
  int meas = 0;
  double weight = 1.0;  // association probability (1 for a hard association)
};

struct AssociationResult {
  std::vector<WeightedPair> pairs;  // grouped by track, tracks ascending
  std::vector<char> meas_used;      // 1: the measurement went to a track (not to initiation)
};

class Associator {
 public:
  virtual ~Associator() = default;
  // `edges` are all gated pairs of one scan, sorted by (track, meas);
  // gate_d2 is the gate threshold they passed (chi-square quantile).
  virtual void associate(std::span<const GateEdge> edges, int n_tracks, int n_meas, double gate_d2,
                         AssociationResult& out) = 0;
};

// Connected components of the gate graph, with reusable buffers. After
// build(), cluster c holds edges [edge_begin[c], edge_begin[c+1]) of
// `edges` (indices into the input), and its tracks and measurements.
class GateClusters {
 public:
  void build(std::span<const GateEdge> edges, int n_tracks, int n_meas);
  int count() const { return static_cast<int>(edge_begin_.size()) - 1; }
  std::span<const int> edges(int c) const { return range(edge_order_, edge_begin_, c); }
  std::span<const int> tracks(int c) const { return range(tracks_, track_begin_, c); }
  std::span<const int> meas(int c) const { return range(meas_, meas_begin_, c); }

 private:
  static std::span<const int> range(const std::vector<int>& v, const std::vector<int>& begin,
                                    int c) {
    const auto b = static_cast<std::size_t>(begin[static_cast<std::size_t>(c)]);
    const auto e = static_cast<std::size_t>(begin[static_cast<std::size_t>(c) + 1]);
    return {v.data() + b, e - b};
  }
  int find(int x);
  std::vector<int> parent_, root_cluster_;
  std::vector<int> edge_order_, edge_begin_, tracks_, track_begin_, meas_, meas_begin_;
  std::vector<int> counts_;
};

}  // namespace bulwark::tracking
