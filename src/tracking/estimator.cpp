#include "tracking/estimator.hpp"

#include <Eigen/Cholesky>
#include <cmath>
#include <limits>
#include <numbers>

#include "tracking/measurement_model.hpp"

namespace bulwark::tracking {

namespace {
using DimVector = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, kMaxMeasDim, 1>;
using DimMatrix =
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, kMaxMeasDim, kMaxMeasDim>;
}  // namespace

MeasVector MeasurementPrediction::innovation(const sensors::Measurement& z) const {
  MeasVector nu = measurement_vector(z) - z_hat;
  const int ia = azimuth_index(dim);
  nu(ia) = wrap_angle(nu(ia));
  for (int i = dim; i < kMaxMeasDim; ++i) nu(i) = 0.0;
  return nu;
}

InnovationFigures MeasurementPrediction::figures(const sensors::Measurement& z) const {
  const DimVector nu = innovation(z).head(dim);
  const DimMatrix s = S.topLeftCorner(dim, dim);
  Eigen::LLT<DimMatrix> llt(s);
  if (llt.info() != Eigen::Success)
    return {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  const DimMatrix L = llt.matrixL();
  double log_det = 0.0;
  for (int i = 0; i < dim; ++i) log_det += 2.0 * std::log(L(i, i));
  const double m2 = nu.dot(llt.solve(nu));
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
