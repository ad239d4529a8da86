// Track initiation: turns measurements that no confirmed track took into
// new confirmed tracks.
//
// MofNInitiator (Blackman & Popoli 1999, sec. 3.2; Bar-Shalom, Willett &
// Tian 2011, sec. 3.3 "M-of-N logic"):
// 1. A free radar detection becomes a *seed* (one point, kept max_seed_age_s).
// 2. A later free detection (of any radar, at least min_pair_dt_s later)
//    within speed reach of a seed, |p2 - p1| <= v_max dt + 3 (sigma1 + sigma2),
//    pairs with it; seeds and detections are paired one-to-one by the
//    Jonker-Volgenant assignment (GNN) on the cost |p2 - p1|^2 / reach^2.
//    The pair starts a *tentative* track by two-point differencing
//    (two_point_init in filters.hpp: position from the second detection,
//    velocity (p2 - p1)/dt, covariance from both detections' sigmas) with
//    the estimator of the configured kind (make_estimator).
// 3. Tentative tracks are gated and associated (GNN) with later free
//    detections. Each scan whose coverage holds a tentative track is an
//    opportunity; it is confirmed when it has M hits within its first N
//    opportunities (the two initial points count as two), and dropped when
//    it can no longer reach M. With three_point on, the third hit
//    re-initialises the estimator by three-point least squares
//    (three_point_init in filters.hpp).
// Early-warning cueing: a free angles-only measurement opens a *cue* (its
// line of sight, kept cue_lifetime_s). A seed whose point lies within
//   3 sigma_angle + v_max |t - t_cue| / distance
// of the line of sight of a cue at most cue_match_s from it in time is cued
// (sigma_angle = max(sigma_el, sigma_az cos el): the azimuth sigma of a
// satellite looking near nadir is large but spans a small angle), and its
// tentative track needs only
// m_cued hits (default 2: confirmed at two-point initialisation). The
// angles-only data also update confirmed tracks through association (the
// tracker), but never start a track alone (one line of sight leaves range
// unobservable).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "physics/earth_model.hpp"
#include "tracking/assignment.hpp"
#include "tracking/filters.hpp"
#include "tracking/gater.hpp"
#include "tracking/gnn.hpp"
#include "tracking/sensor_sites.hpp"
#include "tracking/track.hpp"

namespace bulwark::tracking {

struct InitiatorOptions {
  int m = 3;       // hits needed ...
  int n = 4;       // ... within this many opportunities
  int m_cued = 2;  // hits needed inside an early-warning cue
  bool three_point = false;
  double max_speed_mps = 8000.0;  // v_max for pairing and cue widening
  double max_seed_age_s = 12.0;
  double min_pair_dt_s = 0.5;
  double cue_lifetime_s = 60.0;
  // Largest time between a detection and a cue that cues it: two revisits
  // of the notional early-warning satellites. A wider window lets the cone
  // v_max |t - t_cue| grow to hundreds of km and cue pairs of false alarms.
  double cue_match_s = 10.0;
  // The IMM (boost with thrust, ballistic, drag) holds a track through boost
  // and burnout; a single-model filter restarts tracks there (docs/models.md).
  FilterKind filter = FilterKind::imm;
  FilterOptions filter_options;
  physics::EarthModel earth;
  GaterOptions gater;
};

class Initiator {
 public:
  virtual ~Initiator() = default;
  // Offers the scan's measurements with meas_used[j] == 0 (not taken by a
  // confirmed track). Appends newly confirmed tracks (id 0) to `confirmed`.
  virtual void process(const Scan& scan, std::span<const char> meas_used, const SensorSites& sites,
                       std::vector<Track>& confirmed) = 0;
  virtual int tentative_count() const = 0;
};

class MofNInitiator final : public Initiator {
 public:
  explicit MofNInitiator(const InitiatorOptions& options);
  void process(const Scan& scan, std::span<const char> meas_used, const SensorSites& sites,
               std::vector<Track>& confirmed) override;
  int tentative_count() const override { return static_cast<int>(tentative_.size()); }
  int seed_count() const { return static_cast<int>(seeds_.size()); }
  int cue_count() const { return static_cast<int>(cues_.size()); }
  long failed_initialisations() const { return failed_; }

 private:
  struct Point {
    sensors::Measurement z;
    SensorSite site;
    geo::Vec3 p = geo::Vec3::Zero();  // ECEF position of the detection
    double sigma_m = 0.0;             // its largest standard deviation (m)
  };
  struct Cue {
    double t_s = 0.0;
    geo::Vec3 origin = geo::Vec3::Zero();
    geo::Vec3 los = geo::Vec3::Zero();
    double sigma_rad = 0.0;
  };

  Point make_point(const sensors::Measurement& z, const SensorSite& site) const;
  bool cued(const Point& p) const;
  void update_tentative(const Scan& scan, const SensorSites& sites);
  void pair_seeds(const Scan& scan);
  void settle(std::vector<Track>& confirmed, double t_s);

  InitiatorOptions options_;
  Gater gater_;
  GnnAssociator gnn_;
  AssignmentWorkspace ws_;
  std::vector<Point> seeds_;
  std::vector<Track> tentative_;
  std::vector<std::array<Point, 3>> points_;  // per tentative track: its first three detections
  std::vector<Cue> cues_;
  long failed_ = 0;
  // Per-scan buffers.
  std::vector<sensors::Measurement> free_;
  std::vector<GateEdge> edges_;
  AssociationResult assoc_;
  std::vector<char> free_taken_;
  std::vector<double> cost_;
  std::vector<GateEdge> pair_edges_;
  std::vector<Point> free_points_;
  std::vector<int> order_;
  std::vector<double> sorted_x_;
  std::vector<char> seed_taken_;
};

}  // namespace bulwark::tracking
