#include "tracking/gnn.hpp"

#include <algorithm>
#include <limits>

namespace bulwark::tracking {

void GnnAssociator::associate(std::span<const GateEdge> edges, int n_tracks, int n_meas,
                              double gate_d2, AssociationResult& out) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  out.pairs.clear();
  out.meas_used.assign(static_cast<std::size_t>(n_meas), 0);
  clusters_.build(edges, n_tracks, n_meas);
  local_meas_.resize(static_cast<std::size_t>(n_meas));
  for (int c = 0; c < clusters_.count(); ++c) {
    const auto tracks = clusters_.tracks(c);
    const auto meas = clusters_.meas(c);
    const auto cedges = clusters_.edges(c);
    if (cedges.size() == 1) {
      const auto& e = edges[static_cast<std::size_t>(cedges[0])];
      out.pairs.push_back({e.track, e.meas, 1.0});
      continue;
    }
    // Rows: the cluster's tracks (local index = position in `tracks`, which
    // is ascending); columns: its measurements, then one miss column per track.
    const int n = static_cast<int>(tracks.size()), m = static_cast<int>(meas.size());
    const int cols = m + n;
    for (int k = 0; k < m; ++k)
      local_meas_[static_cast<std::size_t>(meas[static_cast<std::size_t>(k)])] = k;
    cost_.assign(static_cast<std::size_t>(n) * static_cast<std::size_t>(cols), kInf);
    for (int i = 0; i < n; ++i)
      cost_[static_cast<std::size_t>(i) * static_cast<std::size_t>(cols) +
            static_cast<std::size_t>(m + i)] = gate_d2;
    for (int ei : cedges) {
      const auto& e = edges[static_cast<std::size_t>(ei)];
      const auto row = static_cast<std::size_t>(
          std::lower_bound(tracks.begin(), tracks.end(), e.track) - tracks.begin());
      cost_[row * static_cast<std::size_t>(cols) +
            static_cast<std::size_t>(local_meas_[static_cast<std::size_t>(e.meas)])] = e.d2;
    }
    row_to_col_.resize(static_cast<std::size_t>(n));
    solve_assignment(cost_.data(), n, cols, row_to_col_.data(), ws_);  // always feasible
    for (int i = 0; i < n; ++i) {
      const int col = row_to_col_[static_cast<std::size_t>(i)];
      if (col < m)
        out.pairs.push_back(
            {tracks[static_cast<std::size_t>(i)], meas[static_cast<std::size_t>(col)], 1.0});
    }
  }
  std::sort(out.pairs.begin(), out.pairs.end(),
            [](const WeightedPair& a, const WeightedPair& b) { return a.track < b.track; });
  for (const auto& p : out.pairs) out.meas_used[static_cast<std::size_t>(p.meas)] = 1;
}

}  // namespace bulwark::tracking
