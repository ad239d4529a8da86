#include "tracking/association.hpp"

#include <algorithm>

namespace bulwark::tracking {

int GateClusters::find(int x) {
  while (parent_[static_cast<std::size_t>(x)] != x) {
    auto& p = parent_[static_cast<std::size_t>(x)];
    p = parent_[static_cast<std::size_t>(p)];  // path halving
    x = p;
  }
  return x;
}

void GateClusters::build(std::span<const GateEdge> edges, int n_tracks, int n_meas) {
  // Nodes: tracks 0..n_tracks-1, measurements n_tracks..n_tracks+n_meas-1.
  const int n = n_tracks + n_meas;
  parent_.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) parent_[static_cast<std::size_t>(i)] = i;
  for (const auto& e : edges) {
    const int a = find(e.track), b = find(n_tracks + e.meas);
    if (a != b) parent_[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
  }
  // Number the clusters that have at least one edge, in order of their root.
  root_cluster_.assign(static_cast<std::size_t>(n), -1);
  int clusters = 0;
  for (const auto& e : edges) {
    const int r = find(e.track);
    if (root_cluster_[static_cast<std::size_t>(r)] < 0)
      root_cluster_[static_cast<std::size_t>(r)] = clusters++;
  }
  const auto uc = static_cast<std::size_t>(clusters);
  auto bucket = [&](auto&& key_of, int count, std::vector<int>& out, std::vector<int>& begin) {
    counts_.assign(uc + 1, 0);
    for (int k = 0; k < count; ++k) {
      const int c = key_of(k);
      if (c >= 0) ++counts_[static_cast<std::size_t>(c) + 1];
    }
    for (std::size_t c = 0; c < uc; ++c) counts_[c + 1] += counts_[c];
    begin.assign(counts_.begin(), counts_.end());
    out.resize(static_cast<std::size_t>(counts_[uc]));
    for (int k = 0; k < count; ++k) {
      const int c = key_of(k);
      if (c >= 0) out[static_cast<std::size_t>(counts_[static_cast<std::size_t>(c)]++)] = k;
    }
  };
  const int n_edges = static_cast<int>(edges.size());
  bucket(
      [&](int k) {
        return root_cluster_[static_cast<std::size_t>(
            find(edges[static_cast<std::size_t>(k)].track))];
      },
      n_edges, edge_order_, edge_begin_);
  bucket([&](int k) { return root_cluster_[static_cast<std::size_t>(find(k))]; }, n_tracks, tracks_,
         track_begin_);
  bucket([&](int k) { return root_cluster_[static_cast<std::size_t>(find(n_tracks + k))]; }, n_meas,
         meas_, meas_begin_);
  // A track or measurement without edges is its own root with no cluster: skipped above,
  // unless it is the root of a cluster (it then has edges).
}

}  // namespace bulwark::tracking
