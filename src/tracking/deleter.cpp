#include "tracking/deleter.hpp"

#include <cmath>

#include "common/error.hpp"

namespace bulwark::tracking {

MissOrCovarianceDeleter::MissOrCovarianceDeleter(const DeleterOptions& options)
    : options_(options) {
  if (options_.max_consecutive_misses < 1 || !(options_.max_coast_s > 0.0) ||
      !(options_.max_position_sigma_m > 0.0))
    throw DomainError("deleter limits must be positive");
}

bool MissOrCovarianceDeleter::should_delete(const Track& track, double now_s) const {
  if (track.consecutive_misses >= options_.max_consecutive_misses) return true;
  if (now_s - track.last_update_s > options_.max_coast_s) return true;
  const double var = track.report.covariance.topLeftCorner<3, 3>().trace();
  return !(var <= options_.max_position_sigma_m * options_.max_position_sigma_m);
}

}  // namespace bulwark::tracking
