// One track update as the tracker reports it: the plain record written to
// tracks.csv (docs/formats.md), read by threat evaluation, and (in the
// federation) published as a nation's local track.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>

namespace bulwark::tracking {

struct TrackReport {
  double t_s = 0.0;
  std::uint32_t track_id = 0;
  Eigen::Matrix<double, 6, 1> state = Eigen::Matrix<double, 6, 1>::Zero();  // ECEF r (m), v (m/s)
  Eigen::Matrix<double, 6, 6> covariance = Eigen::Matrix<double, 6, 6>::Identity();
  double beta_kgpm2 = 0.0;        // ballistic coefficient m/(Cd A) estimate; 0 when not estimated
  double beta_sigma_kgpm2 = 0.0;  // its standard deviation; 0 when not estimated
};

}  // namespace bulwark::tracking
