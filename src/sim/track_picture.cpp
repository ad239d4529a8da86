#include <memory>

#include "sim/engine.hpp"
#include "tracking/tracker.hpp"

namespace bulwark::sim {
namespace {

// C2's air picture from the multi-sensor tracker (tracking::make_tracker
// with its default composition: GNN, M-of-N initiation with early-warning
// cueing, miss/covariance deletion). Dwells arrive in time order from the
// engine; each dwell is one scan.
class TrackerPicture final : public TrackPicture {
 public:
  explicit TrackerPicture(tracking::Tracker tracker) : tracker_(std::move(tracker)) {}

  void ingest(const SensorDwellMsg& dwell) override {
    // Misses are counted only on dwells with detections: counting them on
    // empty dwells too (the sensor-aware overload) deletes midcourse tracks
    // whose Pd is low at long range, and raised leakers from 13 to 18 on the
    // default scenario, seed 1. Stale tracks are ignored by C2 instead (c2.cpp).
    tracker_.process_scan(dwell.detections, reports_);
    reports_.clear();
  }

  void tracks(double /*t_s*/, std::vector<tracking::TrackReport>& out) override {
    out.clear();
    for (const tracking::Track& t : tracker_.tracks()) {
      tracking::TrackReport r = t.report;
      r.t_s = t.last_update_s;  // C2 judges staleness by the last measurement
      out.push_back(r);
    }
  }

 private:
  tracking::Tracker tracker_;
  std::vector<tracking::TrackReport> reports_;
};

}  // namespace

std::unique_ptr<TrackPicture> default_track_picture(const PreparedScenario& prepared,
                                                    std::uint64_t /*replication*/,
                                                    std::uint32_t first_track_id) {
  tracking::SensorSites sites(prepared.scenario.sensors, prepared.era0_rad);
  tracking::TrackerConfig config;
  config.first_track_id = first_track_id;
  return std::make_unique<TrackerPicture>(tracking::make_tracker(config, std::move(sites)));
}

}  // namespace bulwark::sim
