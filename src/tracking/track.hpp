// A track as the multi-target tracker keeps it: the estimator that holds its
// state, the last report, and the counters that track management (M-of-N
// confirmation, deletion) reads.
#pragma once

#include <cstdint>
#include <memory>

#include "tracking/estimator.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::tracking {

struct Track {
  std::uint32_t id = 0;  // 0 while tentative; assigned once at confirmation
  std::unique_ptr<Estimator> estimator;
  TrackReport report;          // the estimator's report after its latest predict or update
  double last_update_s = 0.0;  // time of the latest measurement update
  int hits = 0;                // measurement updates (2 after two-point initialisation)
  int opportunities = 0;       // scans in whose coverage the track was (incl. hits)
  int consecutive_misses = 0;  // in-coverage scans without an update since the last hit
  bool cued = false;           // initiated inside an early-warning cue

  // Refreshes `report` from the estimator.
  void refresh() { report = estimator->report(id); }
};

}  // namespace bulwark::tracking
