#include "tracking/motion_model.hpp"

#include <algorithm>
#include <cmath>

#include "physics/atmosphere.hpp"
#include "physics/flight.hpp"
#include "physics/gravity.hpp"

namespace bulwark::tracking {

namespace {
constexpr double kOmega = geo::Wgs84::omega;
// Below this speed the velocity gives no thrust direction (a track never
// starts this slow: radars see a missile from a few km altitude).
constexpr double kMinThrustSpeed = 1.0;
}  // namespace

const char* to_string(MotionModelKind kind) {
  switch (kind) {
    case MotionModelKind::boost:
      return "boost";
    case MotionModelKind::ballistic:
      return "ballistic";
    case MotionModelKind::drag:
      return "drag";
  }
  return "?";
}

MotionModel::MotionModel(MotionModelKind kind, const MotionNoise& noise,
                         const physics::EarthModel& earth)
    : kind_(kind), noise_(noise), earth_(earth) {
  if (earth_.shape == geo::EarthShape::spherical) earth_.j2 = false;
  gm_ = physics::earth_gm(earth_);
  drag_ = kind_ == MotionModelKind::drag && earth_.atmosphere;
}

double MotionModel::altitude(const geo::Vec3& r) const {
  return physics::radial_altitude(r, earth_);
}

double MotionModel::density(double alt_m) const {
  if (!earth_.atmosphere) return 0.0;
  return earth_.density != nullptr ? earth_.density(alt_m) : physics::ussa76_density(alt_m);
}

StateVector MotionModel::derivative(const StateVector& x) const {
  const geo::Vec3 r = x.head<3>();
  const geo::Vec3 v = x.segment<3>(3);
  // Gravity (point mass + J2) and the rotating frame's terms: the same
  // functions the flight integrator uses.
  geo::Vec3 a = physics::gravity_ecef(r, earth_) + physics::frame_acceleration(r, v, earth_);
  if (drag_) {
    const double rho = density(altitude(r));
    a -= (0.5 * rho * v.norm() * x(6)) * v;
  }
  if (kind_ == MotionModelKind::boost) {
    const double speed = v.norm();
    if (speed > kMinThrustSpeed) a += (x(6) / speed) * v;
  }
  StateVector dx;  // element-wise, not the comma initializer (slow in this hot path)
  dx.head<3>() = v;
  dx.segment<3>(3) = a;
  dx[6] = 0.0;
  return dx;
}

StateMatrix MotionModel::jacobian(const StateVector& x) const {
  const geo::Vec3 r = x.head<3>();
  const geo::Vec3 v = x.segment<3>(3);
  const double r2 = r.squaredNorm();
  const double rn = std::sqrt(r2);
  StateMatrix A = StateMatrix::Zero();
  A.block<3, 3>(0, 3).setIdentity();
  // Point-mass gravity gradient: -gm/r^3 (I - 3 u u').
  const geo::Vec3 u = r / rn;
  A.block<3, 3>(3, 0) = (-gm_ / (r2 * rn)) * (geo::Mat3::Identity() - 3.0 * u * u.transpose());
  if (earth_.rotation) {
    A(3, 0) += kOmega * kOmega;
    A(4, 1) += kOmega * kOmega;
    A(3, 4) += 2.0 * kOmega;
    A(4, 3) += -2.0 * kOmega;
  }
  if (drag_) {
    const double h = altitude(r);
    const double rho = density(h);
    constexpr double kDh = 25.0;
    const double drho = (density(h + kDh) - density(h - kDh)) / (2.0 * kDh);
    const double speed = v.norm();
    const double gamma = x(6);
    // a_d = -(rho |v| gamma / 2) v
    A.block<3, 3>(3, 0) -= (0.5 * drho * speed * gamma) * v * u.transpose();
    if (speed > 0.0) {
      A.block<3, 3>(3, 3) -=
          (0.5 * rho * gamma) * (speed * geo::Mat3::Identity() + v * v.transpose() / speed);
    }
    A.block<3, 1>(3, 6) = (-0.5 * rho * speed) * v;
  }
  if (kind_ == MotionModelKind::boost) {
    const double speed = v.norm();
    if (speed > kMinThrustSpeed) {
      // a_T v/|v|: d/dv = a_T (I - u_v u_v') / |v|, d/da_T = u_v.
      const geo::Vec3 uv = v / speed;
      A.block<3, 3>(3, 3) += (x(6) / speed) * (geo::Mat3::Identity() - uv * uv.transpose());
      A.block<3, 1>(3, 6) = uv;
    }
  }
  return A;
}

void MotionModel::rk4_step(StateVector& x, double h, const StateVector& k1) const {
  const StateVector k2 = derivative(x + 0.5 * h * k1);
  const StateVector k3 = derivative(x + 0.5 * h * k2);
  const StateVector k4 = derivative(x + h * k3);
  x += (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
}

namespace {

// The shortest sub-step taken whatever the dynamics (a guard against a
// pathological state, e.g. a track deep below ground).
constexpr double kMinStep = 0.01;

int substeps(double dt, double h) {
  return dt <= 0.0 ? 0 : static_cast<int>(std::ceil(dt / h - 1e-9));
}

}  // namespace

double MotionModel::step_limit(const StateMatrix& A, double max_step_s) {
  // The fastest time scale of the linearised dynamics: 1/rate with rate the
  // larger of |dv'/dv| (drag, thrust, Coriolis; 1/s) and sqrt|dv'/dr|
  // (gravity gradient, density gradient; 1/s^2), infinity norms.
  const double dv = A.block<3, 3>(3, 3).cwiseAbs().rowwise().sum().maxCoeff();
  const double dr = A.block<3, 3>(3, 0).cwiseAbs().rowwise().sum().maxCoeff();
  const double rate = std::max(dv, std::sqrt(dr));
  const double h = rate > 0.0 ? kRateStep / rate : max_step_s;
  return std::clamp(h, std::min(kMinStep, max_step_s), max_step_s);
}

double MotionModel::step_cap(double max_step_s) const {
  // The boost model's process noise per sub-step leaves out how the thrust
  // random walk feeds velocity and position within the step, which grows
  // with the step: kept at 1 s (5 % of the covariance at 2 s sub-steps).
  return kind_ == MotionModelKind::boost ? std::min(max_step_s, kBoostMaxStep) : max_step_s;
}

void MotionModel::propagate(StateVector& x, double dt, double max_step_s) const {
  double left = dt;
  while (left > 0.0) {
    const int n = substeps(left, step_limit(jacobian(x), step_cap(max_step_s)));
    const double h = n == 1 ? left : left / n;
    rk4_step(x, h, derivative(x));
    left = n == 1 ? 0.0 : left - h;
  }
}

void MotionModel::propagate(StateVector& x, StateMatrix& P, double dt, double max_step_s) const {
  double left = dt;
  while (left > 0.0) {
    const StateMatrix A = jacobian(x);
    // Equal sub-steps over what is left at the current rate, so no sliver
    // is left at the end; the rate is looked at again every sub-step.
    const int n = substeps(left, step_limit(A, step_cap(max_step_s)));
    const double h = n == 1 ? left : left / n;
    const StateVector k1 = derivative(x);
    const StateMatrix Ah = jacobian(x + (0.5 * h) * k1) * h;
    const StateMatrix F = StateMatrix::Identity() + Ah + 0.5 * Ah * Ah;
    rk4_step(x, h, k1);
    P = F * P * F.transpose() + process_noise(h);
    P = 0.5 * (P + P.transpose()).eval();
    left = n == 1 ? 0.0 : left - h;
  }
}

StateMatrix MotionModel::process_noise(double h) const {
  double q = noise_.q_drag_m2ps3;
  if (kind_ == MotionModelKind::boost) q = noise_.q_boost_m2ps3;
  if (kind_ == MotionModelKind::ballistic) q = noise_.q_ballistic_m2ps3;
  StateMatrix Q = StateMatrix::Zero();
  const geo::Mat3 I = geo::Mat3::Identity();
  Q.block<3, 3>(0, 0) = (q * h * h * h / 3.0) * I;
  Q.block<3, 3>(0, 3) = (q * h * h / 2.0) * I;
  Q.block<3, 3>(3, 0) = (q * h * h / 2.0) * I;
  Q.block<3, 3>(3, 3) = (q * h) * I;
  Q(6, 6) = (kind_ == MotionModelKind::boost ? noise_.q_thrust_m2ps5 : noise_.q_gamma_m4pkg2ps) * h;
  return Q;
}

StateMatrix MotionModel::process_noise_factor(double h) const {
  // Per axis the 2x2 block q [h^3/3, h^2/2; h^2/2, h] has the Cholesky factor
  // sqrt(q) [sqrt(h^3/3), 0; sqrt(3 h)/2, sqrt(h)/2].
  const StateMatrix Q = process_noise(h);
  const double q = Q(3, 3) / h;
  StateMatrix L = StateMatrix::Zero();
  const double sq = std::sqrt(q);
  for (int i = 0; i < 3; ++i) {
    L(i, i) = sq * std::sqrt(h * h * h / 3.0);
    L(3 + i, i) = sq * std::sqrt(3.0 * h) / 2.0;
    L(3 + i, 3 + i) = sq * std::sqrt(h) / 2.0;
  }
  L(6, 6) = std::sqrt(Q(6, 6));
  return L;
}

}  // namespace bulwark::tracking
