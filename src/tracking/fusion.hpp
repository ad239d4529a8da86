// Track-to-track fusion: the federation's system picture from the nations'
// local tracks (issue 7). Every node runs the same fusion on the same local
// tracks, so every node holds the same system tracks with the same numbers.
// Equations, sources and accuracy: docs/models.md, "Track-to-track fusion".
//
// Local tracks of different nations of one missile have errors correlated in
// ways no node knows (common process noise, shared early-warning cues), so
// they are fused by covariance intersection (Julier & Uhlmann 1997), which
// is consistent for any cross-correlation:
//   P^-1 = w Pa^-1 + (1 - w) Pb^-1,  P^-1 x = w Pa^-1 xa + (1 - w) Pb^-1 xb,
// with w in [0, 1] minimising det(P) (golden-section search; log det P is
// convex in w); more than two tracks are fused one after another
// in key order.
//
// Prediction: a report is predicted forward with tracking::MotionModel (drag
// model with x6 = 1/beta when the report carries beta, else ballistic). Two
// estimates are compared at the later of their times (never backward) by
//   d^2 = (xa - xb)' (Pa + Pb)^-1 (xa - xb)   (position and velocity, 6 dof)
// against the chi-square gate (Bar-Shalom & Li 1995, track-to-track).
//
// One cycle, in this order:
//  1. Members that are not in the input any more leave their system track;
//     a system track left without members is dropped.
//  2. Continuity beats re-association: a local track in a system track stays
//     in it, unless it diverges: d^2 against the CI of the other members
//     above the gate in split_cycles consecutive cycles. Then it splits off
//     and founds a new system track (at most one split per system track and
//     cycle: the largest d^2; in a two-member track, d^2 is symmetric and
//     the member that is not the founder leaves).
//  3. New local tracks, nation by nation in index order: each is gated
//     against every system track without a member of its nation, and one
//     assignment (Jonker-Volgenant, GNN form: cost d^2, founding costs the
//     gate) decides which join and which found a new system track. Later
//     nations see the tracks earlier nations founded or joined.
//
// System track numbers are stable without any message between nodes: a
// system track keeps the number it got when it was created, the key of its
// founding local track, (nation index + 1) * kNationStride + local track
// id, also when the founder leaves. Should that number still be in use (the
// founder split off, or an ended local id came back while its old system
// track lives), the new track gets kReissuedIdBase + key, or the next free
// number above. The order of the input does not matter: the table sorts the
// local tracks by key first.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "physics/earth_model.hpp"
#include "tracking/gnn.hpp"
#include "tracking/motion_model.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::tracking {

constexpr std::uint32_t kNationStride = 1000000;
// System numbers from here up are reissued ones (see above); local keys stay below.
constexpr std::uint32_t kReissuedIdBase = 0x80000000u;

// One nation's local track as published on the federation.
struct LocalTrack {
  std::uint32_t nation = 0;  // index into the scenario's nations (< 2146: keys below 2^31)
  TrackReport report;        // report.track_id: the nation's local id (< kNationStride)
};

inline std::uint32_t local_key(const LocalTrack& t) {
  return (t.nation + 1) * kNationStride + t.report.track_id;
}
// The nation index of a local key (members of a system track).
inline std::uint32_t nation_of_key(std::uint32_t key) {
  return key / kNationStride - 1;
}

// Covariance intersection of two Gaussian estimates of one state (6-D), w
// minimising det(P); returns the fused estimate, and w in *weight. When the
// optimum is at a bound (w = 1 or 0) the result is exactly a or b; when
// det(P) does not depend on w (equal covariances) w = 0.5. A covariance that
// is not positive definite (singular) is loaded with a small multiple of
// its mean variance until Cholesky succeeds; DomainError if it cannot be.
struct Estimate6 {
  Eigen::Matrix<double, 6, 1> x = Eigen::Matrix<double, 6, 1>::Zero();
  Eigen::Matrix<double, 6, 6> P = Eigen::Matrix<double, 6, 6>::Identity();
};
Estimate6 covariance_intersection(const Estimate6& a, const Estimate6& b, double* weight = nullptr);

// Predicts a report to t_s >= report.t_s (DomainError when earlier): drag
// model with gamma = 1/beta when report.beta_kgpm2 > 0 (var gamma =
// (beta_sigma / beta^2)^2, no cross-covariance), else ballistic; covariance
// by the model's linearisation (MotionModel::propagate). beta is unchanged
// (random walk); beta_sigma grows with the gamma noise when it was > 0.
// t_s == report.t_s returns the report unchanged.
TrackReport predict_report(const TrackReport& report, double t_s,
                           const physics::EarthModel& earth = {}, const MotionNoise& noise = {},
                           double max_step_s = 5.0);

// The track-to-track statistic of the fusion gate for two reports of
// possibly one object: d^2 = (xa - xb)' (Pa + Pb)^-1 (xa - xb) (position and
// velocity, 6 dof) at the later of their times, the earlier report
// predicted (predict_report); +infinity when Pa + Pb is not positive
// definite. One object when d^2 <= FusionOptions::gate_chi2.
double track_distance2(const TrackReport& a, const TrackReport& b,
                       const physics::EarthModel& earth = {}, const MotionNoise& noise = {},
                       double max_step_s = 5.0);

struct FusionOptions {
  double gate_chi2 = 22.46;  // chi-square, 6 dof, 0.999 (chi2_quantile(0.999, 6))
  int split_cycles = 2;      // consecutive cycles above the gate before a member splits off
  MotionNoise noise;         // process noise of the prediction
  double max_step_s = 5.0;   // largest integration sub-step of the prediction (also rate-limited)
  // Coarse gate (no prediction): reports extrapolated to the cycle's latest
  // time, pairs kept when closer than the sum of the radii
  // sqrt(gate) (sigma_r + sigma_v dt) + coarse_accel dt^2 / 2 + coarse_margin.
  double coarse_accel_mps2 = 500.0;  // unmodelled acceleration (re-entry drag ~50 g)
  double coarse_margin_m = 500.0;
  // A system track whose local tracks have all stopped (not in the input)
  // is dropped; a local track reappearing later is new (joins or founds).
};

struct SystemTrack {
  std::uint32_t system_id = 0;         // stable across nodes (see above)
  std::vector<std::uint32_t> members;  // local keys, sorted
  TrackReport report;                  // fused; report.track_id == system_id,
                                       // report.t_s the latest member report time
};

class SystemTrackTable {
 public:
  explicit SystemTrackTable(const FusionOptions& options = {},
                            const physics::EarthModel& earth = {});

  // One fusion cycle over every nation's current local tracks (each local
  // key at most once; DomainError otherwise, or for a local id >=
  // kNationStride, and the table is unchanged). Returns the system tracks,
  // sorted by system_id.
  const std::vector<SystemTrack>& update(std::vector<LocalTrack> local);

  const std::vector<SystemTrack>& tracks() const { return tracks_; }

  // Takes over another node's system picture (a restarted node catching
  // up), so system track numbers stay the same on every node.
  void restore(const std::vector<SystemTrack>& tracks);

 private:
  struct Member {
    std::uint32_t system_id = 0;
    int diverged = 0;  // consecutive cycles above the gate against the others
  };
  struct Work;  // a system track during update() (fusion.cpp)
  void run_cycle(const std::vector<LocalTrack>& local, const std::vector<std::uint32_t>& keys);
  TrackReport predict(const TrackReport& report, double t_s) const;
  void refresh(Work& w, const std::vector<LocalTrack>& local) const;
  static TrackReport fuse(const Work& w, int skip);
  std::uint32_t allocate_id(std::uint32_t key);
  void split_diverging(std::vector<Work>& work, const std::vector<LocalTrack>& local);
  void associate_nation(std::vector<Work>& work, const std::vector<LocalTrack>& local, int begin,
                        int end);

  FusionOptions options_;
  physics::EarthModel earth_;
  MotionModel ballistic_, drag_;
  std::map<std::uint32_t, Member> member_of_;  // local key -> its system track
  std::vector<SystemTrack> tracks_;
  // Per-update scratch.
  std::set<std::uint32_t> live_ids_;
  double t_ref_ = 0.0;  // latest report time of the cycle (coarse gate)
  GnnAssociator associator_;
  std::vector<GateEdge> edges_;
  AssociationResult assoc_;
};

}  // namespace bulwark::tracking
