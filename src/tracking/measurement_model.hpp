// Measurement model of a radar (range, azimuth, elevation, range-rate) or an
// angles-only sensor (azimuth, elevation) at a SensorSite, for the 7-state
// of motion_model.hpp.
//
//   d = r - p_site,  [E, N, U] = C_ecef->enu d
//   range = |d|, az = atan2(E, N) (from north clockwise),
//   el = atan2(U, sqrt(E^2 + N^2)), range-rate = d . v / |d|
// (the site is fixed in ECEF; satellites report angles only). Jacobians are
// analytic (Bar-Shalom, Li & Kirubarajan 2001, sec. 10.3.2 for the polar
// terms); test_filters_models.cpp checks them against central differences.
//
// Layout of the vectors: radar with range-rate [range, az, el, range_rate]
// (dim 4), radar without range-rate [range, az, el] (dim 3), angles-only
// [az, el] (dim 2). Unused trailing entries are 0 and the unused diagonal of
// a noise or innovation matrix is 1, so fixed 4x4 algebra gives the exact
// lower-dimensional update.
#pragma once

#include <Eigen/Core>

#include "sensors/measurement.hpp"
#include "tracking/estimator.hpp"
#include "tracking/motion_model.hpp"

namespace bulwark::tracking {

using MeasJacobian = Eigen::Matrix<double, kMaxMeasDim, kStateDim>;

// 4, 3 or 2 (see above).
int measurement_dim(const sensors::Measurement& z);
// Index of the azimuth in the layout of a measurement of dimension dim.
inline int azimuth_index(int dim) {
  return dim == 2 ? 0 : 1;
}
// Angle wrapped to (-pi, pi].
double wrap_angle(double a);

// Throws InputError naming the field when a value the filter needs is not
// finite or a standard deviation is not positive.
void check_measurement(const sensors::Measurement& z);

MeasVector measurement_vector(const sensors::Measurement& z);
MeasMatrix measurement_noise(const sensors::Measurement& z);

// Predicted measurement of state x, laid out for z's kind, and (optionally)
// its Jacobian with respect to the state.
MeasVector measure(const StateVector& x, const sensors::Measurement& z, const SensorSite& site,
                   MeasJacobian* H = nullptr);

}  // namespace bulwark::tracking
