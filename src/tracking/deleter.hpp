// Track deletion. MissOrCovarianceDeleter drops a confirmed track when any of
//   * it missed max_consecutive_misses scans in whose coverage it was
//     (Blackman & Popoli 1999, sec. 3.3: "N consecutive misses");
//   * it has had no update for max_coast_s (it left every sensor's coverage
//     or hit the ground);
//   * its position uncertainty sqrt(trace P_rr) exceeds max_position_sigma_m
//     (covariance growth: the track no longer says where the target is).
#pragma once

#include "tracking/track.hpp"

namespace bulwark::tracking {

class Deleter {
 public:
  virtual ~Deleter() = default;
  virtual bool should_delete(const Track& track, double now_s) const = 0;
};

struct DeleterOptions {
  int max_consecutive_misses = 5;
  double max_coast_s = 30.0;
  double max_position_sigma_m = 30000.0;
};

class MissOrCovarianceDeleter final : public Deleter {
 public:
  explicit MissOrCovarianceDeleter(const DeleterOptions& options = {});
  bool should_delete(const Track& track, double now_s) const override;

 private:
  DeleterOptions options_;
};

}  // namespace bulwark::tracking
