// Unscented Kalman filter on the 7-state of motion_model.hpp (Julier &
// Uhlmann 2004; Wan & van der Merwe 2000): scaled sigma points (alpha = 1,
// beta = 2, kappa = 0, i.e. 15 points, every covariance weight >= 0) each
// propagated by the model's RK4, plus the discrete process noise of the whole
// step; the measurement is predicted from sigma points redrawn from the
// predicted mean and covariance, with azimuth differences wrapped to
// (-pi, pi]. Covariance kept symmetric; a matrix square root that falls back
// to an eigen-decomposition keeps sigma points real.
// Accuracy: equals the Kalman filter on a linear-Gaussian model
// (FiltersLinear.EkfUkfAndKfAgreeOnLinearGaussianModel) and NEES inside its
// 95 % band (FiltersConsistency.UkfNeesInBandOnBallisticTrack).
#pragma once

#include <memory>

#include "tracking/estimator.hpp"
#include "tracking/gaussian_state.hpp"
#include "tracking/kalman.hpp"
#include "tracking/motion_model.hpp"

namespace bulwark::tracking {

class Ukf final : public Estimator {
 public:
  Ukf(const MotionModel& model, double max_step_s, const GaussianState& initial,
      const UnscentedParams& params = {})
      : model_(model), max_step_s_(max_step_s), params_(params), s_(initial) {}
  void predict(double t_s) override;
  MeasurementPrediction predict_measurement(const sensors::Measurement& z,
                                            const SensorSite& site) const override;
  void update(const sensors::Measurement& z, const SensorSite& site) override;
  void update_pda(const sensors::Measurement* const* zs, const double* weights, int n,
                  const SensorSite& site) override;
  double time() const override { return s_.t_s; }
  TrackReport report(std::uint32_t track_id) const override {
    return to_report(s_, track_id, has_gamma(model_.kind()));
  }
  std::unique_ptr<Estimator> clone() const override { return std::make_unique<Ukf>(*this); }
  const GaussianState& state() const { return s_; }

 private:
  using CrossCov = Eigen::Matrix<double, kStateDim, kMaxMeasDim>;
  MeasurementPrediction unscented_measurement(const sensors::Measurement& z, const SensorSite& site,
                                              CrossCov& Pxz) const;
  MotionModel model_;
  double max_step_s_;
  UnscentedParams params_;
  GaussianState s_;
};

}  // namespace bulwark::tracking
