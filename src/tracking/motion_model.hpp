// Motion models of a ballistic missile for the trackers, one per flight
// phase, all on a 7-state x = [r (m), v (m/s), x6] in ECEF. For ballistic
// and drag x6 = gamma = 1/beta, the inverse ballistic coefficient
// (beta = m / (Cd A)); for boost x6 = a_T, the thrust specific force along
// the velocity (m/s^2). The IMM mixes the two meanings of x6 by unbiased
// mixing (imm.hpp); has_gamma(kind) tells which one a model uses.
//
//   dr/dt = v
//   dv/dt = g_J2(r) - 2 w x v - w x (w x r) + a_model + w_a(t)
//   dx6/dt = w_6(t)
// with a_model:
//   boost      a_T v/|v|: thrust along the velocity (a gravity turn; the
//              notional pitch programmes of physics/flight.hpp keep the
//              specific force within ~5 % of it until the last seconds), with
//              a_T a random walk of intensity q_thrust (the motor's
//              acceleration grows as propellant burns, ~0.5-2 m/s^3 for the
//              catalog classes) and the white noise w_a of intensity q_boost
//              for the thrust's turn away from the velocity (up to ~20 m/s^2
//              at burnout); the "thrusting projectile" model of Yuan,
//              Bar-Shalom, Willett et al., IEEE TAES 48(4), 2012, with the
//              thrust magnitude as a state
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
// max_step_s and at most kRateStep times the fastest time scale of the
// dynamics (step_limit: 1 s in the densest re-entry, the whole interval in
// vacuum); over a sub-step h the transition is F = I + A h + A^2 h^2 / 2
// with A = df/dx analytic (point-mass gravity gradient, rotation, drag
// including d rho / dh), and the process noise is the continuous white-noise
// acceleration model Q = q [h^3/3 I, h^2/2 I; h^2/2 I, h I] plus q_6 h on x6
// (q_gamma, or q_thrust for boost).
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
// True when the model's x6 is gamma = 1/beta (ballistic, drag), false when it
// is the thrust acceleration a_T (boost).
constexpr bool has_gamma(MotionModelKind kind) {
  return kind != MotionModelKind::boost;
}

// Process noise intensities (power spectral densities of the white noises).
struct MotionNoise {
  double q_boost_m2ps3 = 100.0;     // thrust off the velocity: ~10 m/s^2 per sqrt(s)
  double q_thrust_m2ps5 = 4.0;      // random walk of a_T: ~2 m/s^2 per sqrt(s)
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
  // Propagates x over dt >= 0 by RK4 in sub-steps of at most
  // step_limit(jacobian(x), max_step_s), looked at every sub-step.
  void propagate(StateVector& x, double dt, double max_step_s) const;
  // Same, and propagates the covariance P (EKF): P <- F P F' + Q per sub-step.
  void propagate(StateVector& x, StateMatrix& P, double dt, double max_step_s) const;
  // Largest sub-step at the Jacobian A: kRateStep / rate, rate the larger of
  // |dv'/dv| and sqrt(|dv'/dr|) (infinity norms), within [0.01 s, max_step_s].
  static constexpr double kRateStep = 0.1;
  static double step_limit(const StateMatrix& A, double max_step_s);
  // max_step_s, at most kBoostMaxStep for the boost model.
  static constexpr double kBoostMaxStep = 1.0;
  double step_cap(double max_step_s) const;
  // Discrete process noise over a step h of the white-noise model.
  StateMatrix process_noise(double h) const;
  // Lower-triangular factor of process_noise(h), for sampling (particle filter).
  StateMatrix process_noise_factor(double h) const;

  // Altitude above the ellipsoid used for the density (see header comment).
  double altitude(const geo::Vec3& r) const;
  // Air density at the altitude (0 when the model has no atmosphere).
  double density(double alt_m) const;

 private:
  // One RK4 step from x with its derivative k1 = derivative(x).
  void rk4_step(StateVector& x, double h, const StateVector& k1) const;
  MotionModelKind kind_;
  MotionNoise noise_;
  physics::EarthModel earth_;
  double gm_;
  bool drag_;
};

}  // namespace bulwark::tracking
