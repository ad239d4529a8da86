#include "tracking/gaussian_state.hpp"

#include <Eigen/Cholesky>
#include <cmath>

#include "tracking/filter_errors.hpp"

namespace bulwark::tracking {

GaussianState from_report(const TrackReport& r, double beta_prior_kgpm2,
                          double beta_prior_sigma_kgpm2) {
  if (!std::isfinite(r.t_s)) throw_filter_input_error("initial.t_s", "time must be finite");
  if (!r.state.allFinite()) throw_filter_input_error("initial.state", "state must be finite");
  if (!r.covariance.allFinite() || !r.covariance.isApprox(r.covariance.transpose(), 1e-9) ||
      Eigen::LLT<Eigen::Matrix<double, 6, 6>>(r.covariance).info() != Eigen::Success) {
    throw_filter_input_error("initial.covariance",
                             "covariance must be finite, symmetric and positive-definite");
  }
  double beta = r.beta_kgpm2;
  double sigma = r.beta_sigma_kgpm2;
  if (!(beta > 0.0) || !std::isfinite(beta)) {
    beta = beta_prior_kgpm2;
    sigma = beta_prior_sigma_kgpm2;
  } else if (!(sigma > 0.0) || !std::isfinite(sigma)) {
    sigma = beta_prior_sigma_kgpm2;
  }
  if (!(beta > 0.0) || !std::isfinite(beta) || !(sigma > 0.0) || !std::isfinite(sigma)) {
    throw_filter_input_error(
        "filter.beta_prior_kgpm2",
        "ballistic coefficient prior and its sigma must be finite and positive");
  }
  GaussianState s;
  s.t_s = r.t_s;
  s.x.head<6>() = r.state;
  s.x(6) = 1.0 / beta;
  s.P.setZero();
  s.P.topLeftCorner<6, 6>() = r.covariance;
  const double sg = sigma / (beta * beta);
  s.P(6, 6) = sg * sg;
  return s;
}

GaussianState with_x6(GaussianState s, double mean, double sigma) {
  s.x(6) = mean;
  s.P.row(6).setZero();
  s.P.col(6).setZero();
  s.P(6, 6) = sigma * sigma;
  return s;
}

TrackReport to_report(const GaussianState& s, std::uint32_t track_id, bool has_gamma) {
  TrackReport r;
  r.t_s = s.t_s;
  r.track_id = track_id;
  r.state = s.x.head<6>();
  r.covariance = s.P.topLeftCorner<6, 6>();
  const double gamma = s.x(6);
  if (has_gamma && gamma > 0.0) {
    r.beta_kgpm2 = 1.0 / gamma;
    r.beta_sigma_kgpm2 = std::sqrt(std::max(s.P(6, 6), 0.0)) / (gamma * gamma);
  }
  return r;
}

GaussianState merge(const GaussianState* states, const double* weights, int n) {
  GaussianState m;
  m.t_s = states[0].t_s;
  m.x.setZero();
  m.P.setZero();
  for (int i = 0; i < n; ++i) m.x += weights[i] * states[i].x;
  for (int i = 0; i < n; ++i) {
    const StateVector d = states[i].x - m.x;
    m.P += weights[i] * (states[i].P + d * d.transpose());
  }
  return m;
}

}  // namespace bulwark::tracking
