#include "tracking/ekf.hpp"

#include <cmath>

#include "common/error.hpp"
#include "tracking/kalman.hpp"
#include "tracking/measurement_model.hpp"

namespace bulwark::tracking {

void ekf_predict(const MotionModel& model, double max_step_s, GaussianState& s, double t_s) {
  if (!(t_s >= s.t_s)) throw DomainError("estimator: predict to a time before the state's time");
  model.propagate(s.x, s.P, t_s - s.t_s, max_step_s);
  s.t_s = t_s;
}

namespace {
MeasurementPrediction linearise(const GaussianState& s, const sensors::Measurement& z,
                                const SensorSite& site, MeasJacobian& H, MeasMatrix& R) {
  MeasurementPrediction p;
  p.dim = measurement_dim(z);
  p.z_hat = measure(s.x, z, site, &H);
  R = measurement_noise(z);
  p.S = H * s.P * H.transpose() + R;
  p.S = 0.5 * (p.S + p.S.transpose()).eval();
  return p;
}
}  // namespace

MeasurementPrediction ekf_predict_measurement(const GaussianState& s, const sensors::Measurement& z,
                                              const SensorSite& site) {
  MeasJacobian H;
  MeasMatrix R;
  return linearise(s, z, site, H, R);
}

EkfLinearisation ekf_linearise(const GaussianState& s, const sensors::Measurement& z,
                               const SensorSite& site) {
  EkfLinearisation lin;
  lin.prediction = linearise(s, z, site, lin.H, lin.R);
  return lin;
}

void ekf_update_linearised(GaussianState& s, const sensors::Measurement& z,
                           const EkfLinearisation& lin) {
  const MeasVector nu = lin.prediction.innovation(z);
  standard_update<kStateDim, kMaxMeasDim>(s.x, s.P, lin.H, lin.R, nu);
}

double ekf_update(GaussianState& s, const sensors::Measurement& z, const SensorSite& site,
                  bool want_log_likelihood) {
  check_measurement(z);
  const EkfLinearisation lin = ekf_linearise(s, z, site);
  const double ll = want_log_likelihood ? lin.prediction.log_likelihood(z) : 0.0;
  ekf_update_linearised(s, z, lin);
  return ll;
}

double ekf_update_pda(GaussianState& s, const sensors::Measurement* const* zs,
                      const double* weights, int n, const SensorSite& site) {
  if (n <= 0) return 0.0;
  for (int i = 0; i < n; ++i) check_measurement(*zs[i]);
  MeasJacobian H;
  MeasMatrix R;
  const MeasurementPrediction p = linearise(s, *zs[0], site, H, R);
  const Eigen::LLT<MeasMatrix> llt(p.S);
  const Eigen::Matrix<double, kStateDim, kMaxMeasDim> K =
      cholesky_solve<kMaxMeasDim, kStateDim>(llt.matrixLLT(), H * s.P)
          .transpose();  // P H' S^-1 (S and P symmetric)
  MeasVector nu_c = MeasVector::Zero();
  MeasMatrix spread = MeasMatrix::Zero();
  double sum_b = 0.0;
  double lik = 0.0;
  for (int i = 0; i < n; ++i) {
    const MeasVector nu = p.innovation(*zs[i]);
    nu_c += weights[i] * nu;
    spread += weights[i] * nu * nu.transpose();
    sum_b += weights[i];
    lik += weights[i] * std::exp(p.log_likelihood(*zs[i]));
  }
  pda_update<kStateDim, kMaxMeasDim>(s.x, s.P, K, p.S, sum_b, nu_c, spread);
  return std::log(std::max(lik, 1e-300));
}

}  // namespace bulwark::tracking
