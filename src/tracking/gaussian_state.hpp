// Mean and covariance of the 7-state (motion_model.hpp) at a time, and its
// conversion to and from the 6-state TrackReport with the ballistic
// coefficient: beta = 1 / gamma, sigma_beta = sigma_gamma / gamma^2 (first
// order); a report with beta <= 0 takes the given prior.
#pragma once

#include <cstdint>

#include "tracking/motion_model.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::tracking {

struct GaussianState {
  double t_s = 0.0;
  StateVector x = StateVector::Zero();
  StateMatrix P = StateMatrix::Identity();
};

// Throws InputError when the report's state or covariance is not finite or
// the covariance is not symmetric positive-definite, or the beta prior is
// not positive.
GaussianState from_report(const TrackReport& r, double beta_prior_kgpm2,
                          double beta_prior_sigma_kgpm2);
// has_gamma = false: x6 is not 1/beta (the boost model's thrust), so the
// report carries no beta.
TrackReport to_report(const GaussianState& s, std::uint32_t track_id, bool has_gamma = true);
// The state with x6 replaced by `mean` with standard deviation `sigma`,
// uncorrelated with position and velocity.
GaussianState with_x6(GaussianState s, double mean, double sigma);

// Moment-matched mean and covariance of a weighted set of Gaussians.
GaussianState merge(const GaussianState* states, const double* weights, int n);

}  // namespace bulwark::tracking
