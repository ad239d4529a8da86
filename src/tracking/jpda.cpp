#include "tracking/jpda.hpp"

#include <algorithm>
#include <cmath>

namespace bulwark::tracking {

void JpdaAssociator::enumerate(int row) {
  const int n = static_cast<int>(miss_.size());
  if (row == n) {
    total_ += weight_;
    for (int i = 0; i < n; ++i) {
      const int e = chosen_[static_cast<std::size_t>(i)];
      if (e < 0)
        beta_miss_[static_cast<std::size_t>(i)] += weight_;
      else
        beta_[static_cast<std::size_t>(e)] += weight_;
    }
    return;
  }
  const double saved = weight_;
  const auto r = static_cast<std::size_t>(row);
  chosen_[r] = -1;
  weight_ = saved * miss_[r];
  enumerate(row + 1);
  for (int e = row_begin_[r]; e < row_begin_[r + 1]; ++e) {
    const auto c = static_cast<std::size_t>(col_[static_cast<std::size_t>(e)]);
    if (col_taken_[c]) continue;
    col_taken_[c] = 1;
    chosen_[r] = e;
    weight_ = saved * g_[static_cast<std::size_t>(e)];
    enumerate(row + 1);
    col_taken_[c] = 0;
  }
  chosen_[r] = -1;
  weight_ = saved;
}

void JpdaAssociator::associate(std::span<const GateEdge> edges, int n_tracks, int n_meas,
                               double /*gate_d2*/, AssociationResult& out) {
  out.pairs.clear();
  out.meas_used.assign(static_cast<std::size_t>(n_meas), 0);
  clusters_.build(edges, n_tracks, n_meas);
  local_meas_.resize(static_cast<std::size_t>(n_meas));
  const double miss = 1.0 - options_.pd * options_.pg;
  const double log_scale = std::log(options_.pd) - std::log(options_.clutter_density);
  for (int c = 0; c < clusters_.count(); ++c) {
    const auto tracks = clusters_.tracks(c);
    const auto meas = clusters_.meas(c);
    const auto cedges = clusters_.edges(c);
    const auto n = tracks.size();
    for (std::size_t k = 0; k < meas.size(); ++k)
      local_meas_[static_cast<std::size_t>(meas[k])] = static_cast<int>(k);
    // Edges of a cluster keep the input's (track, meas) order, so rows are contiguous.
    edge_index_.assign(cedges.begin(), cedges.end());
    std::sort(edge_index_.begin(), edge_index_.end());
    const auto ne = edge_index_.size();
    row_begin_.assign(n + 1, 0);
    col_.resize(ne);
    g_.resize(ne);
    miss_.assign(n, miss);
    // Scale each row by its largest weight so products stay in range; every
    // joint event holds exactly one factor per row, so the betas are unchanged.
    std::size_t row = 0;
    for (std::size_t k = 0; k < ne; ++k) {
      const auto& e = edges[static_cast<std::size_t>(edge_index_[k])];
      while (tracks[row] != e.track) row_begin_[++row] = static_cast<int>(k);
      col_[k] = local_meas_[static_cast<std::size_t>(e.meas)];
      g_[k] = e.log_likelihood + log_scale;  // log g_ij for now
    }
    while (row < n) row_begin_[++row] = static_cast<int>(ne);
    long bound = 1;
    for (std::size_t i = 0; i < n; ++i) {
      double top = std::log(miss);
      for (int k = row_begin_[i]; k < row_begin_[i + 1]; ++k)
        top = std::max(top, g_[static_cast<std::size_t>(k)]);
      miss_[i] = std::exp(std::log(miss) - top);
      for (int k = row_begin_[i]; k < row_begin_[i + 1]; ++k)
        g_[static_cast<std::size_t>(k)] = std::exp(g_[static_cast<std::size_t>(k)] - top);
      if (bound <= options_.max_hypotheses) bound *= 1 + (row_begin_[i + 1] - row_begin_[i]);
    }
    beta_.assign(ne, 0.0);
    beta_miss_.assign(n, 0.0);
    if (bound <= options_.max_hypotheses) {
      ++exact_;
      chosen_.assign(n, -1);
      col_taken_.assign(meas.size(), 0);
      weight_ = 1.0;
      total_ = 0.0;
      enumerate(0);
      for (auto& b : beta_) b /= total_;
    } else {
      ++approximate_;
      // Cheap JPDA needs the unscaled g_ij = g_scaled * miss / miss_scaled.
      col_sum_.assign(meas.size(), 0.0);
      for (std::size_t i = 0; i < n; ++i)
        for (int k = row_begin_[i]; k < row_begin_[i + 1]; ++k) {
          const auto uk = static_cast<std::size_t>(k);
          g_[uk] *= miss / miss_[i];
          col_sum_[static_cast<std::size_t>(col_[uk])] += g_[uk];
        }
      for (std::size_t i = 0; i < n; ++i) {
        double row_sum = 0.0;
        for (int k = row_begin_[i]; k < row_begin_[i + 1]; ++k)
          row_sum += g_[static_cast<std::size_t>(k)];
        double total = 0.0;
        for (int k = row_begin_[i]; k < row_begin_[i + 1]; ++k) {
          const auto uk = static_cast<std::size_t>(k);
          beta_[uk] =
              g_[uk] / (row_sum + col_sum_[static_cast<std::size_t>(col_[uk])] - g_[uk] + miss);
          total += beta_[uk];
        }
        if (total > 1.0)
          for (int k = row_begin_[i]; k < row_begin_[i + 1]; ++k)
            beta_[static_cast<std::size_t>(k)] /= total;
      }
    }
    for (std::size_t k = 0; k < ne; ++k) {
      const auto& e = edges[static_cast<std::size_t>(edge_index_[k])];
      out.pairs.push_back({e.track, e.meas, beta_[k]});
      out.meas_used[static_cast<std::size_t>(e.meas)] = 1;
    }
  }
  std::stable_sort(out.pairs.begin(), out.pairs.end(),
                   [](const WeightedPair& a, const WeightedPair& b) { return a.track < b.track; });
}

}  // namespace bulwark::tracking
