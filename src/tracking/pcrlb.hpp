// Posterior Cramér-Rao lower bound of the 7-state tracking problem
// (motion_model.hpp, measurement_model.hpp) along a known truth, by the
// recursion of Tichavsky, Muravchik & Nehorai (IEEE Trans. SP 46(5), 1998)
// for additive Gaussian process and measurement noise:
//   J_{k+1} = (Q_k + F_k J_k^-1 F_k')^-1 + sum_s H_s' R_s^-1 H_s,
// F_k and H_s evaluated at the true state. In covariance form this is the
// EKF covariance recursion with every Jacobian taken at the truth instead of
// the estimate, which is how it is computed here (Joseph form, one
// measurement at a time: the information of independent measurements adds).
// The bound holds for the model the filters assume (its process noise);
// when the truth comes from the flight integrator it is the bound of that
// assumed model along the real trajectory. Checked in 2-D against the
// published re-entry benchmark values (FiltersPcrlb.MatchesReferenceValues
// runs the same recursion in reentry_benchmark.cpp).
#pragma once

#include "sensors/measurement.hpp"
#include "tracking/estimator.hpp"
#include "tracking/motion_model.hpp"

namespace bulwark::tracking {

class PcrlbRecursion {
 public:
  PcrlbRecursion(const MotionModel& model, double max_step_s, const StateMatrix& initial_bound)
      : model_(model), max_step_s_(max_step_s), bound_(initial_bound) {}
  // Advances the bound over dt >= 0 from the true state at the current time.
  void predict(const StateVector& truth, double dt);
  // Adds the information of one measurement of z's kind and sigmas taken
  // from `site` at the true state.
  void add_measurement(const StateVector& truth, const sensors::Measurement& z,
                       const SensorSite& site);
  // Lower bound on the error covariance of any unbiased estimator.
  const StateMatrix& bound() const { return bound_; }

 private:
  MotionModel model_;
  double max_step_s_;
  StateMatrix bound_;
};

}  // namespace bulwark::tracking
