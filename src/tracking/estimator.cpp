#include "tracking/estimator.hpp"

#include <cmath>
#include <limits>
#include <numbers>

#include "tracking/measurement_model.hpp"

namespace bulwark::tracking {

MeasVector MeasurementPrediction::innovation(const sensors::Measurement& z) const {
  MeasVector nu = measurement_vector(z) - z_hat;
  const int ia = azimuth_index(dim);
  nu(ia) = wrap_angle(nu(ia));
  for (int i = dim; i < kMaxMeasDim; ++i) nu(i) = 0.0;
  return nu;
}

InnovationFigures MeasurementPrediction::figures(const sensors::Measurement& z) const {
  // Cholesky factor L L' = S of the leading dim x dim block by hand (dim <=
  // 4: the gating hot path, where Eigen's dynamic-size factorisation and
  // solve cost ten times more), then d^2 = |L^-1 nu|^2 by forward
  // substitution and log det S = 2 sum log L_ii. The same figures as
  // Eigen's LLT to round-off (test KalmanBlocks.InnovationFiguresMatchEigensLlt).
  const MeasVector nu = innovation(z);
  double l[kMaxMeasDim][kMaxMeasDim] = {};
  double y[kMaxMeasDim] = {};
  double log_det = 0.0;
  double m2 = 0.0;
  for (int j = 0; j < dim; ++j) {
    double d = S(j, j);
    for (int k = 0; k < j; ++k) d -= l[j][k] * l[j][k];
    if (!(d > 0.0))
      return {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    l[j][j] = std::sqrt(d);
    for (int i = j + 1; i < dim; ++i) {
      double e = S(i, j);
      for (int k = 0; k < j; ++k) e -= l[i][k] * l[j][k];
      l[i][j] = e / l[j][j];
    }
    double r = nu(j);
    for (int k = 0; k < j; ++k) r -= l[j][k] * y[k];
    y[j] = r / l[j][j];
    m2 += y[j] * y[j];
    log_det += 2.0 * std::log(l[j][j]);
  }
  return {m2, -0.5 * (m2 + log_det + dim * std::log(2.0 * std::numbers::pi))};
}

double MeasurementPrediction::mahalanobis2(const sensors::Measurement& z) const {
  return figures(z).d2;
}

double MeasurementPrediction::log_likelihood(const sensors::Measurement& z) const {
  return figures(z).log_likelihood;
}

Estimator::GateFigures Estimator::gate(const sensors::Measurement& z,
                                       const SensorSite& site) const {
  const InnovationFigures f = predict_measurement(z, site).figures(z);
  return {f.d2, f.log_likelihood};
}

}  // namespace bulwark::tracking
