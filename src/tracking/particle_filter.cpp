#include "tracking/particle_filter.hpp"

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "tracking/filters.hpp"
#include "tracking/kalman.hpp"
#include "tracking/measurement_model.hpp"

namespace bulwark::tracking {

namespace {
void reflect_gamma(StateVector& x) {
  x(6) = std::abs(x(6));
}

// log N(nu; 0, diag(R)) without the constant, over the first dim entries.
double log_gauss_diag(const MeasVector& nu, const MeasMatrix& R, int dim) {
  double s = 0.0;
  for (int i = 0; i < dim; ++i) s += nu(i) * nu(i) / R(i, i);
  return -0.5 * s;
}

MeasVector innovation(const MeasVector& zv, const MeasVector& zh, int dim) {
  MeasVector nu = zv - zh;
  const int ia = azimuth_index(dim);
  nu(ia) = wrap_angle(nu(ia));
  return nu;
}
}  // namespace

ParticleFilter::ParticleFilter(const MotionModel& model, double max_step_s,
                               const ParticleOptions& options, const GaussianState& initial)
    : model_(model),
      max_step_s_(max_step_s),
      t_s_(initial.t_s),
      rng_(make_stream(options.seed, options.replication, options.entity)),
      set_(options.particles, options.resample_threshold) {
  set_.sample_prior(initial.x, initial.P, rng_, reflect_gamma);
}

void ParticleFilter::predict(double t_s) {
  if (!(t_s >= t_s_)) throw DomainError("estimator: predict to a time before the state's time");
  const double dt = t_s - t_s_;
  if (dt > 0.0) {
    const StateMatrix L = model_.process_noise_factor(dt);
    for (StateVector& p : set_.particles()) {
      model_.propagate(p, dt, max_step_s_);
      p += L * ParticleSet<kStateDim>::gaussian(rng_);
      reflect_gamma(p);
    }
  }
  t_s_ = t_s;
}

GaussianState ParticleFilter::moments() const {
  GaussianState s;
  s.t_s = t_s_;
  s.x = set_.mean();
  s.P = set_.covariance();
  return s;
}

MeasurementPrediction ParticleFilter::predict_measurement(const sensors::Measurement& z,
                                                          const SensorSite& site) const {
  MeasurementPrediction p;
  p.dim = measurement_dim(z);
  const int ia = azimuth_index(p.dim);
  const auto& xs = set_.particles();
  const auto& w = set_.weights();
  const MeasVector z0 = measure(xs[0], z, site);
  MeasVector mean = MeasVector::Zero();
  MeasMatrix second = MeasMatrix::Zero();
  for (std::size_t i = 0; i < xs.size(); ++i) {
    MeasVector d = measure(xs[i], z, site) - z0;
    d(ia) = wrap_angle(d(ia));
    mean += w[i] * d;
    second += w[i] * d * d.transpose();
  }
  p.z_hat = z0 + mean;
  p.z_hat(ia) = wrap_angle(p.z_hat(ia));
  p.S = second - mean * mean.transpose() + measurement_noise(z);
  for (int i = p.dim; i < kMaxMeasDim; ++i) {
    p.S.row(i).setZero();
    p.S.col(i).setZero();
    p.S(i, i) = 1.0;
  }
  return p;
}

void ParticleFilter::update(const sensors::Measurement& z, const SensorSite& site) {
  check_measurement(z);
  const int dim = measurement_dim(z);
  const MeasVector zv = measurement_vector(z);
  const MeasMatrix R = measurement_noise(z);
  set_.update(
      [&](const StateVector& x) {
        return log_gauss_diag(innovation(zv, measure(x, z, site), dim), R, dim);
      },
      rng_, reflect_gamma);
}

void ParticleFilter::update_pda(const sensors::Measurement* const* zs, const double* weights, int n,
                                const SensorSite& site) {
  if (n <= 0) return;
  for (int k = 0; k < n; ++k) check_measurement(*zs[k]);
  // Likelihood of a particle: b0 * l_bar + sum_k b_k N(z_k; h(x), R), with
  // l_bar the weighted mean over the particles of the detection part, so that
  // b0 = 1 leaves the weights unchanged.
  const int dim = measurement_dim(*zs[0]);
  const MeasMatrix R = measurement_noise(*zs[0]);
  const auto detection = [&](const StateVector& x) {
    const MeasVector zh = measure(x, *zs[0], site);
    double l = 0.0;
    for (int k = 0; k < n; ++k) {
      l += weights[k] *
           std::exp(log_gauss_diag(innovation(measurement_vector(*zs[k]), zh, dim), R, dim));
    }
    return l;
  };
  double sum_b = 0.0;
  for (int k = 0; k < n; ++k) sum_b += weights[k];
  double l_bar = 0.0;
  const auto& xs = set_.particles();
  for (std::size_t i = 0; i < xs.size(); ++i) l_bar += set_.weights()[i] * detection(xs[i]);
  if (sum_b > 0.0) l_bar /= sum_b;
  const double b0 = std::max(0.0, 1.0 - sum_b);
  set_.update(
      [&](const StateVector& x) { return std::log(std::max(b0 * l_bar + detection(x), 1e-300)); },
      rng_, reflect_gamma);
}

TrackReport ParticleFilter::report(std::uint32_t track_id) const {
  return to_report(moments(), track_id, has_gamma(model_.kind()));
}

}  // namespace bulwark::tracking
