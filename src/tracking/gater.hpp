// Gating: which track may have produced which measurement of a scan.
//
// Two stages, so that a scan of n tracks and m measurements costs about
// O((n + m) log m) instead of O(n m) filter predictions:
// 1. Coarse (geometry only, no filter call). Each track's last state is
//    extrapolated to the scan time, q = r + v dt + g dt^2 / 2 (point-mass
//    gravity), with a radius
//      R_i = k (sigma_r + sigma_v dt) + a_max dt^2 / 2 + margin,
//    k = sqrt(G), sigma_r, sigma_v the roots of the traces of the position and
//    velocity covariances, a_max an allowance for unmodelled acceleration
//    (thrust, drag, Coriolis). Radar measurements are converted to ECEF
//    points with radius k max(sigma_range, range sigma_az, range sigma_el);
//    a pair survives when the points are closer than the sum of the radii,
//    found by sort-and-sweep on x. Angles-only measurements keep a pair when
//    q lies within R_i + k sigma_angle |q - site| of the line of sight.
// 2. Fine (chi-square). A surviving pair's track is predicted to the scan
//    time (once) and the pair is kept when d2 = nu' S^-1 nu <= G, with
//    G = chi2_quantile(P_G, dim) for the measurement dimension
//    (Bar-Shalom, Willett & Tian 2011, sec. 2.3.2).
// The coarse stage never drops a pair the fine gate would keep as long as
// the track's true acceleration error stays under a_max (test
// MttGater.CoarseGateKeepsEveryChiSquarePair compares with brute force).
#pragma once

#include <span>
#include <vector>

#include "sensors/measurement.hpp"
#include "tracking/association.hpp"
#include "tracking/estimator.hpp"
#include "tracking/track.hpp"

namespace bulwark::tracking {

// The measurements of one sensor at one time, with the sensor's site.
struct Scan {
  std::uint32_t sensor = 0;
  double t_s = 0.0;
  sensors::MeasurementKind kind = sensors::MeasurementKind::radar;
  SensorSite site;
  std::span<const sensors::Measurement> z;
};

struct GaterOptions {
  double gate_probability = 0.9997;  // P_G
  double max_accel_mps2 = 100.0;     // a_max of the coarse stage
  double margin_m = 200.0;           // added to every coarse radius
};

class Gater {
 public:
  explicit Gater(const GaterOptions& options = {});
  const GaterOptions& options() const { return options_; }
  // Gate threshold G for a measurement dimension (2, 3 or 4).
  double threshold(int dim) const { return threshold_[static_cast<std::size_t>(dim)]; }
  double threshold(const Scan& scan) const;

  // Fills `edges` (sorted by track, then measurement) with the pairs that
  // pass both stages. Tracks with a surviving coarse pair are predicted to
  // scan.t_s. extrapolated(i) is track i's coarse position at scan.t_s.
  void gate(std::span<Track> tracks, const Scan& scan, std::vector<GateEdge>& edges);
  const geo::Vec3& extrapolated(int track) const {
    return extrapolated_[static_cast<std::size_t>(track)];
  }
  // Radar measurement position in ECEF (valid after gate() of a radar scan).
  const geo::Vec3& meas_position(int meas) const {
    return meas_pos_[static_cast<std::size_t>(meas)];
  }
  // Coarse-stage pairs of the last gate() call (for the benchmark's figures).
  long coarse_pairs() const { return coarse_pairs_; }

 private:
  void coarse_radar(std::span<Track> tracks, const Scan& scan);
  void coarse_angles(std::span<Track> tracks, const Scan& scan);
  GaterOptions options_;
  double threshold_[5] = {0, 0, 0, 0, 0};
  std::vector<geo::Vec3> extrapolated_, meas_pos_;
  std::vector<double> track_radius_, meas_radius_;
  std::vector<int> order_;  // measurements sorted by x
  std::vector<double> sorted_x_;
  std::vector<std::pair<int, int>> candidates_;  // (track, meas)
  long coarse_pairs_ = 0;
};

}  // namespace bulwark::tracking
