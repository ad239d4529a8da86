// Motion models of a ballistic missile for the trackers, one per flight
// phase, all on the same 7-state x = [r (m), v (m/s), gamma (m^2/kg)] in ECEF,
// gamma = 1/beta the inverse ballistic coefficient (beta = m / (Cd A)).
//
//   dr/dt = v
//   dv/dt = g_J2(r) - 2 w x v - w x (w x r) + a_model + w_a(t)
//   dgamma/dt = w_gamma(t)
// with a_model:
//   boost      0; the unknown thrust acceleration is the white noise w_a of
//              large intensity q_boost (a "random thrust" model, Li & Jilkov,
//              "Survey of maneuvering target tracking, part II", 2002, sec. 3)
//   ballistic  0 (exo-atmospheric coast), small q_ballistic
//   drag       -(rho(h) |v| gamma / 2) v, rho from USSA-76 (physics/atmosphere.hpp),
//              with gamma a random walk of intensity q_gamma
// Gravity: point mass + J2 (Vallado 2013, eq. 8-30), the same terms as
// physics::ballistic_acceleration; the rotation terms and atmosphere follow
// the EarthModel switches (and its density function when set). Altitude for
// the density is the height above the ellipsoid along the radius, as in the
// flight integrator (< 0.6 m from the geodetic height below 100 km).
//
// Discretisation (Bar-Shalom, Li & Kirubarajan 2001, sec. 6.2 and 10.3):
// the mean is integrated with classical RK4 in sub-steps of at most
// max_step_s; over a sub-step h the transition is F = I + A h + A^2 h^2 / 2
// with A = df/dx analytic (point-mass gravity gradient, rotation, drag
// including d rho / dh), and the process noise is the continuous white-noise
// acceleration model Q = q [h^3/3 I, h^2/2 I; h^2/2 I, h I] plus q_gamma h.
// Accuracy: test_filters_models.cpp (Jacobian against central differences,
// RK4 mean against a fine integration) — see docs/models.md.
#pragma once

#include <Eigen/Core>

#include "geo/frames.hpp"
#include "physics/earth_model.hpp"

namespace bulwark::tracking {

constexpr int kStateDim = 7;
using StateVector = Eigen::Matrix<double, kStateDim, 1>;
using StateMatrix = Eigen::Matrix<double, kStateDim, kStateDim>;

enum class MotionModelKind { boost, ballistic, drag };
const char* to_string(MotionModelKind kind);

// Process noise intensities (power spectral densities of the white noises).
struct MotionNoise {
  double q_boost_m2ps3 = 400.0;     // unknown thrust: ~20 m/s^2 per sqrt(s)
  double q_ballistic_m2ps3 = 0.01;  // unmodelled forces in coast
  double q_drag_m2ps3 = 1.0;        // unmodelled lift, density error
  double q_gamma_m4pkg2ps = 1e-11;  // random walk of 1/beta, (m^2/kg)^2 / s
};

class MotionModel {
 public:
  MotionModel(MotionModelKind kind, const MotionNoise& noise, const physics::EarthModel& earth);

  MotionModelKind kind() const { return kind_; }
  const physics::EarthModel& earth() const { return earth_; }

  // dx/dt of the noise-free model.
  StateVector derivative(const StateVector& x) const;
  // A = d(dx/dt)/dx, analytic (J2 omitted from the gravity gradient: ~1e-3 of it).
  StateMatrix jacobian(const StateVector& x) const;
  // Propagates x over dt >= 0 by RK4 in sub-steps of at most max_step_s.
  void propagate(StateVector& x, double dt, double max_step_s) const;
  // Same, and propagates the covariance P (EKF): P <- F P F' + Q per sub-step.
  void propagate(StateVector& x, StateMatrix& P, double dt, double max_step_s) const;
  // Discrete process noise over a step h of the white-noise model.
  StateMatrix process_noise(double h) const;
  // Lower-triangular factor of process_noise(h), for sampling (particle filter).
  StateMatrix process_noise_factor(double h) const;

  // Altitude above the ellipsoid used for the density (see header comment).
  double altitude(const geo::Vec3& r) const;
  // Air density at the altitude (0 when the model has no atmosphere).
  double density(double alt_m) const;

 private:
  void rk4_step(StateVector& x, double h) const;
  MotionModelKind kind_;
  MotionNoise noise_;
  physics::EarthModel earth_;
  double gm_;
  double re_;
  double flattening_;
  bool drag_;
};

}  // namespace bulwark::tracking
