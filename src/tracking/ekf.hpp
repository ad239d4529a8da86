// Extended Kalman filter on the 7-state of motion_model.hpp (Bar-Shalom,
// Li & Kirubarajan 2001, sec. 10.3): RK4 mean propagation with the
// transition F = I + A h + A^2 h^2 / 2 of the analytic Jacobian per sub-step,
// analytic measurement Jacobian (measurement_model.hpp), standard-form update checked by Cholesky,
// Joseph's as its fallback. No heap allocation in predict or update. The free functions are the
// model-conditioned steps the IMM reuses.
// Accuracy: NEES inside its 95 % band over a Monte Carlo
// (FiltersConsistency.EkfNeesInBandOnBallisticTrack, docs/models.md).
#pragma once

#include <memory>

#include "tracking/estimator.hpp"
#include "tracking/gaussian_state.hpp"
#include "tracking/measurement_model.hpp"
#include "tracking/motion_model.hpp"

namespace bulwark::tracking {

// Throws DomainError when t_s is before s.t_s.
void ekf_predict(const MotionModel& model, double max_step_s, GaussianState& s, double t_s);
MeasurementPrediction ekf_predict_measurement(const GaussianState& s, const sensors::Measurement& z,
                                              const SensorSite& site);
// Returns the log-likelihood of z before the update when asked (the IMM
// needs it; a lone EKF saves its cost), else 0.
double ekf_update(GaussianState& s, const sensors::Measurement& z, const SensorSite& site,
                  bool want_log_likelihood = false);
// The linearisation of z about s that ekf_update uses: the predicted
// measurement with S, the Jacobian H and the noise R. The IMM keeps the one
// made at gating and updates with it (ekf_update_linearised) while the state
// is unchanged, with the same result as ekf_update.
struct EkfLinearisation {
  MeasurementPrediction prediction;
  MeasJacobian H = MeasJacobian::Zero();
  MeasMatrix R = MeasMatrix::Identity();
};
EkfLinearisation ekf_linearise(const GaussianState& s, const sensors::Measurement& z,
                               const SensorSite& site);
// Kalman update of s with z and the linearisation of z about s (standard
// form, Joseph's when round-off would leave P indefinite: kalman.hpp).
void ekf_update_linearised(GaussianState& s, const sensors::Measurement& z,
                           const EkfLinearisation& lin);
// Returns the log of the weighted likelihood sum_i w_i N(z_i) (for the IMM).
double ekf_update_pda(GaussianState& s, const sensors::Measurement* const* zs,
                      const double* weights, int n, const SensorSite& site);

class Ekf final : public Estimator {
 public:
  Ekf(const MotionModel& model, double max_step_s, const GaussianState& initial)
      : model_(model), max_step_s_(max_step_s), s_(initial) {}
  void predict(double t_s) override { ekf_predict(model_, max_step_s_, s_, t_s); }
  MeasurementPrediction predict_measurement(const sensors::Measurement& z,
                                            const SensorSite& site) const override {
    return ekf_predict_measurement(s_, z, site);
  }
  void update(const sensors::Measurement& z, const SensorSite& site) override {
    ekf_update(s_, z, site);
  }
  void update_pda(const sensors::Measurement* const* zs, const double* weights, int n,
                  const SensorSite& site) override {
    ekf_update_pda(s_, zs, weights, n, site);
  }
  double time() const override { return s_.t_s; }
  TrackReport report(std::uint32_t track_id) const override {
    return to_report(s_, track_id, has_gamma(model_.kind()));
  }
  std::unique_ptr<Estimator> clone() const override { return std::make_unique<Ekf>(*this); }
  const GaussianState& state() const { return s_; }

 private:
  MotionModel model_;
  double max_step_s_;
  GaussianState s_;
};

}  // namespace bulwark::tracking
