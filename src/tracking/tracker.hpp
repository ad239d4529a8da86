// The multi-sensor multi-target tracker: one track picture updated by the
// measurements of every sensor in time order.
//
// Composed in the manner of Stone Soup (the parts are handed in, not chosen
// by flags): a Gater (gater.hpp), an Associator (GNN or JPDA), an Initiator
// (M-of-N with early-warning cueing) and a Deleter. Per scan (the
// measurements of one sensor at one time):
//   1. gate the confirmed tracks against the scan (coarse, then chi-square);
//   2. associate (per cluster) and update: a hard pair -> Estimator::update,
//      soft pairs -> Estimator::update_pda;
//   3. a confirmed track in the radar's coverage without an update counts a miss
//      (also when the scan has no detection at all);
//   4. measurements no track took go to the initiator, whose newly confirmed
//      tracks get the next track id;
//   5. the deleter removes lost tracks.
// Track ids are assigned once, at confirmation, from first_track_id upward
// and never reused, so an id stays with its target for the track's life
// (a federation node sets first_track_id to its own range). The tracker
// never reads Measurement::truth. After the first scans, processing
// allocates only when a track is created (its estimator) or a buffer grows.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "tracking/association.hpp"
#include "tracking/deleter.hpp"
#include "tracking/gater.hpp"
#include "tracking/initiator.hpp"
#include "tracking/jpda.hpp"
#include "tracking/sensor_sites.hpp"
#include "tracking/track.hpp"

namespace bulwark::tracking {

struct TrackerStats {
  long scans = 0;
  long measurements = 0;
  long updates = 0;  // confirmed-track measurement updates
  long tracks_confirmed = 0;
  long tracks_deleted = 0;
  double gating_s = 0.0;       // wall time in gating (incl. predictions)
  double association_s = 0.0;  // wall time in the associator
  double update_s = 0.0;       // wall time in estimator updates
  double initiation_s = 0.0;   // wall time in the initiator
};

class Tracker {
 public:
  Tracker(SensorSites sites, Gater gater, std::unique_ptr<Associator> associator,
          std::unique_ptr<Initiator> initiator, std::unique_ptr<Deleter> deleter,
          std::uint32_t first_track_id = 1);

  // Processes time-ordered measurements, split into scans of consecutive rows
  // with the same sensor and time. Appends one report per confirmed-track
  // update (and one at each confirmation) to `reports`. Throws DomainError
  // when a measurement is earlier than one already processed or names an
  // unknown sensor.
  void process(std::span<const sensors::Measurement> measurements,
               std::vector<TrackReport>& reports);
  // One scan of `sensor` at t_s with its detections (possibly none: an empty
  // radar scan still counts a miss for every confirmed or tentative track in
  // its coverage, so a track whose target died is deleted after
  // max_consecutive_misses scans). Every measurement must have this sensor
  // and t_s. Throws DomainError like process().
  void process_scan(std::uint32_t sensor, double t_s, std::span<const sensors::Measurement> scan,
                    std::vector<TrackReport>& reports);
  // Same, taking sensor and time from the measurements. An empty span names
  // no sensor, so it is ignored: callers that know the scan was empty (the
  // simulation's dwells) should use the overload above.
  void process_scan(std::span<const sensors::Measurement> scan, std::vector<TrackReport>& reports);

  // The confirmed tracks (their latest reports are track.report).
  std::span<const Track> tracks() const { return tracks_; }
  const TrackerStats& stats() const { return stats_; }
  const SensorSites& sites() const { return sites_; }
  const Initiator& initiator() const { return *initiator_; }

 private:
  SensorSites sites_;
  Gater gater_;
  std::unique_ptr<Associator> associator_;
  std::unique_ptr<Initiator> initiator_;
  std::unique_ptr<Deleter> deleter_;
  std::uint32_t next_id_;
  double last_t_s_ = -1e300;
  TrackerStats stats_;
  std::vector<Track> tracks_, new_tracks_;
  std::vector<GateEdge> edges_;
  AssociationResult assoc_;
  std::vector<const sensors::Measurement*> pda_z_;
  std::vector<double> pda_w_;
  std::vector<char> updated_;
};

// The usual composition: GNN or JPDA association, M-of-N initiation,
// miss/covariance deletion.
enum class AssociationKind { gnn, jpda };
const char* to_string(AssociationKind kind);  // "gnn", "jpda"
struct TrackerConfig {
  AssociationKind association = AssociationKind::gnn;
  GaterOptions gater;
  JpdaOptions jpda;            // its pg is set to gater.gate_probability
  InitiatorOptions initiator;  // its gater options are set to `gater`
  DeleterOptions deleter;
  std::uint32_t first_track_id = 1;
};
Tracker make_tracker(const TrackerConfig& config, SensorSites sites);

}  // namespace bulwark::tracking
