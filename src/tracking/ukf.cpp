#include "tracking/ukf.hpp"

#include "common/error.hpp"
#include "tracking/measurement_model.hpp"

namespace bulwark::tracking {

void Ukf::predict(double t_s) {
  if (!(t_s >= s_.t_s)) throw DomainError("estimator: predict to a time before the state's time");
  const double dt = t_s - s_.t_s;
  if (dt > 0.0) {
    SigmaPoints<kStateDim> sp;
    make_sigma_points<kStateDim>(s_.x, s_.P, params_, sp);
    StateVector mean = StateVector::Zero();
    for (int i = 0; i < 2 * kStateDim + 1; ++i) {
      model_.propagate(sp.points[i], dt, max_step_s_);
      mean += sp.wm(i) * sp.points[i];
    }
    StateMatrix P = model_.process_noise(dt);
    for (int i = 0; i < 2 * kStateDim + 1; ++i) {
      const StateVector d = sp.points[i] - mean;
      P += sp.wc(i) * d * d.transpose();
    }
    s_.x = mean;
    s_.P = 0.5 * (P + P.transpose());
  }
  s_.t_s = t_s;
}

MeasurementPrediction Ukf::unscented_measurement(const sensors::Measurement& z,
                                                 const SensorSite& site, CrossCov& Pxz) const {
  SigmaPoints<kStateDim> sp;
  make_sigma_points<kStateDim>(s_.x, s_.P, params_, sp);
  MeasurementPrediction p;
  p.dim = measurement_dim(z);
  const int ia = azimuth_index(p.dim);
  // Measurements relative to the central point, azimuth wrapped, so the
  // weighted mean is taken on the shortest arc.
  std::array<MeasVector, 2 * kStateDim + 1> dz;
  const MeasVector z0 = measure(sp.points[0], z, site);
  MeasVector mean_dz = MeasVector::Zero();
  for (int i = 0; i < 2 * kStateDim + 1; ++i) {
    dz[i] = measure(sp.points[i], z, site) - z0;
    dz[i](ia) = wrap_angle(dz[i](ia));
    mean_dz += sp.wm(i) * dz[i];
  }
  p.z_hat = z0 + mean_dz;
  p.z_hat(ia) = wrap_angle(p.z_hat(ia));
  p.S = measurement_noise(z);
  Pxz.setZero();
  for (int i = 0; i < 2 * kStateDim + 1; ++i) {
    const MeasVector d = dz[i] - mean_dz;
    p.S += sp.wc(i) * d * d.transpose();
    Pxz += sp.wc(i) * (sp.points[i] - s_.x) * d.transpose();
  }
  p.S = 0.5 * (p.S + p.S.transpose()).eval();
  return p;
}

MeasurementPrediction Ukf::predict_measurement(const sensors::Measurement& z,
                                               const SensorSite& site) const {
  CrossCov Pxz;
  return unscented_measurement(z, site, Pxz);
}

void Ukf::update(const sensors::Measurement& z, const SensorSite& site) {
  check_measurement(z);
  CrossCov Pxz;
  const MeasurementPrediction p = unscented_measurement(z, site, Pxz);
  gain_update<kStateDim, kMaxMeasDim>(s_.x, s_.P, Pxz, p.S, p.innovation(z));
}

void Ukf::update_pda(const sensors::Measurement* const* zs, const double* weights, int n,
                     const SensorSite& site) {
  if (n <= 0) return;
  for (int i = 0; i < n; ++i) check_measurement(*zs[i]);
  CrossCov Pxz;
  const MeasurementPrediction p = unscented_measurement(*zs[0], site, Pxz);
  const Eigen::LLT<MeasMatrix> llt(p.S);
  const CrossCov K =
      cholesky_solve<kMaxMeasDim, kStateDim>(llt.matrixLLT(), Pxz.transpose()).transpose();
  MeasVector nu_c = MeasVector::Zero();
  MeasMatrix spread = MeasMatrix::Zero();
  double sum_b = 0.0;
  for (int i = 0; i < n; ++i) {
    const MeasVector nu = p.innovation(*zs[i]);
    nu_c += weights[i] * nu;
    spread += weights[i] * nu * nu.transpose();
    sum_b += weights[i];
  }
  pda_update<kStateDim, kMaxMeasDim>(s_.x, s_.P, K, p.S, sum_b, nu_c, spread);
}

}  // namespace bulwark::tracking
