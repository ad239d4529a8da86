// Tracking performance against truth: position/velocity RMSE over time,
// NEES, OSPA and GOSPA, track breaks, ID swaps and false tracks.
//
// Evaluation epochs are a fixed grid t_k = t_0 + k dt over the span of the
// truth and the tracks. At each epoch:
//  * a truth object is present while t lies within its first and last sample;
//    its state is the cubic Hermite interpolation of its samples (positions
//    and velocities);
//  * a track is present when its latest report at or before t is at most
//    max_track_age_s old; its position is extrapolated from that report with
//    point-mass gravity, r + v dt + g dt^2 / 2;
//  * truths and tracks are assigned one-to-one minimising
//    sum (d^p - c^p) over pairs closer than the cut-off c (d: position
//    distance), i.e. the optimal assignment of GOSPA with alpha = 2
//    (Rahmathullah, Garcia-Fernandez & Svensson, FUSION 2017, Prop. 1),
//    solved exactly per cluster by the Jonker-Volgenant algorithm.
//    The same assignment gives
//      GOSPA = (A + c^p (n + m) / 2)^(1/p),
//      OSPA  = ((A + c^p max(n, m)) / max(n, m))^(1/p)   (0 when n = m = 0)
//    with A the minimal sum, n truths, m tracks (Schuhmacher, Vo & Vo, IEEE
//    Trans. SP 56(8), 2008: for OSPA a pair at d >= c costs c^p exactly like
//    a cardinality error, so the partial assignment is also OSPA-optimal).
//  * RMSE over the assigned pairs: sqrt(mean |r_track - r_truth|^2) and the
//    same for velocity.
// NEES: for every track report whose track is assigned (at the nearest
// epoch) to a truth present at the report time, e' P^-1 e with e the 6-D
// position-velocity error and P the report's covariance; the mean over N
// samples is consistent when inside the two-sided 95 % band
// [chi2_{0.025}(6N), chi2_{0.975}(6N)] / N (exact quantiles up to 200
// degrees of freedom, the Wilson-Hilferty approximation beyond, where its
// relative error is below 2e-4).
// Per truth, following the epochs in which it is present: an ID swap is an
// assigned track id that differs from the last one assigned to it (even
// across gaps); a track break is an epoch without a track after one with a
// track. A false track is a track id never assigned to any truth.
// Checked in tests MttMetrics.* against hand-computed cases.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "geo/frames.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::tracking {

struct TruthSample {
  double t_s = 0.0;
  int truth = 0;  // index of the true object
  geo::Vec3 r_ecef = geo::Vec3::Zero();
  geo::Vec3 v_ecef = geo::Vec3::Zero();
};

struct MetricsOptions {
  double cutoff_m = 10000.0;      // c (OSPA, GOSPA and the truth-to-track assignment)
  double order_p = 2.0;           // p
  double epoch_dt_s = 1.0;        // evaluation grid step
  double max_track_age_s = 10.0;  // a track older than this at an epoch is absent
};

struct MetricsEpoch {
  double t_s = 0.0;
  int truths = 0;
  int tracks = 0;
  int assigned = 0;
  double position_rmse_m = 0.0;  // over assigned pairs (0 when none)
  double velocity_rmse_mps = 0.0;
  double ospa_m = 0.0;
  double gospa_m = 0.0;
  double nees_mean = 0.0;  // over the reports in this epoch's bin (0 when none)
  int nees_samples = 0;
};

struct TruthSummary {
  int truth = 0;
  int epochs_present = 0;
  int epochs_tracked = 0;
  double first_tracked_s = -1.0;  // -1: never tracked
  int track_breaks = 0;
  int id_swaps = 0;
};

struct MetricsResult {
  MetricsOptions options;
  std::vector<MetricsEpoch> epochs;
  std::vector<TruthSummary> truths;
  double position_rmse_m = 0.0;  // pooled over all assigned pairs of all epochs
  double velocity_rmse_mps = 0.0;
  double mean_ospa_m = 0.0;
  double mean_gospa_m = 0.0;
  double nees_mean = 0.0;
  long nees_samples = 0;
  double nees_band_low = 0.0;  // 95 % band of the mean NEES for nees_samples samples
  double nees_band_high = 0.0;
  int track_count = 0;  // distinct track ids
  int false_tracks = 0;
  int track_breaks = 0;
  int id_swaps = 0;
};

// Throws DomainError for non-positive cutoff, order < 1, epoch step or age.
MetricsResult evaluate_tracks(std::span<const TruthSample> truth,
                              std::span<const TrackReport> tracks,
                              const MetricsOptions& options = {});

// Two-sided 95 % band of the mean of n chi-square(dof) variables.
void nees_band(long n, int dof, double& low, double& high);

}  // namespace bulwark::tracking
