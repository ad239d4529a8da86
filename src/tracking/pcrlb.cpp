#include "tracking/pcrlb.hpp"

#include "tracking/kalman.hpp"
#include "tracking/measurement_model.hpp"

namespace bulwark::tracking {

void PcrlbRecursion::predict(const StateVector& truth, double dt) {
  StateVector x = truth;
  model_.propagate(x, bound_, dt, max_step_s_);
}

void PcrlbRecursion::add_measurement(const StateVector& truth, const sensors::Measurement& z,
                                     const SensorSite& site) {
  MeasJacobian H;
  measure(truth, z, site, &H);
  StateVector x = truth;  // the mean is irrelevant to the bound
  joseph_update<kStateDim, kMaxMeasDim>(x, bound_, H, measurement_noise(z), MeasVector::Zero());
}

}  // namespace bulwark::tracking
