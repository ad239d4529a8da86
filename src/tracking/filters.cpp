#include "tracking/filters.hpp"

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "physics/gravity.hpp"
#include "tracking/ekf.hpp"
#include "tracking/filter_errors.hpp"
#include "tracking/imm.hpp"
#include "tracking/particle_filter.hpp"
#include "tracking/ukf.hpp"

namespace bulwark::tracking {

const char* to_string(FilterKind kind) {
  switch (kind) {
    case FilterKind::ekf:
      return "ekf";
    case FilterKind::ukf:
      return "ukf";
    case FilterKind::imm:
      return "imm";
    case FilterKind::pf:
      return "pf";
  }
  return "?";
}

FilterKind parse_filter_kind(const std::string& text, const std::string& field) {
  if (text == "ekf") return FilterKind::ekf;
  if (text == "ukf") return FilterKind::ukf;
  if (text == "imm") return FilterKind::imm;
  if (text == "pf") return FilterKind::pf;
  throw_filter_input_error(field, "unknown filter '" + text + "' (expected ekf, ukf, imm or pf)");
}

namespace {
void require(bool ok, const std::string& field, const std::string& what) {
  if (!ok) throw_filter_input_error("filter." + field, what);
}
void require_positive(double v, const std::string& field) {
  require(std::isfinite(v) && v > 0.0, field, "must be finite and positive");
}
void require_non_negative(double v, const std::string& field) {
  require(std::isfinite(v) && v >= 0.0, field, "must be finite and non-negative");
}
}  // namespace

void validate(const FilterOptions& o) {
  require_positive(o.max_step_s, "max_step_s");
  require_non_negative(o.noise.q_boost_m2ps3, "noise.q_boost_m2ps3");
  require_non_negative(o.noise.q_ballistic_m2ps3, "noise.q_ballistic_m2ps3");
  require_non_negative(o.noise.q_drag_m2ps3, "noise.q_drag_m2ps3");
  require_non_negative(o.noise.q_gamma_m4pkg2ps, "noise.q_gamma_m4pkg2ps");
  require_non_negative(o.noise.q_thrust_m2ps5, "noise.q_thrust_m2ps5");
  require(std::isfinite(o.imm.thrust_prior_mps2), "imm.thrust_prior_mps2", "must be finite");
  require_positive(o.imm.thrust_prior_sigma_mps2, "imm.thrust_prior_sigma_mps2");
  require_positive(o.beta_prior_kgpm2, "beta_prior_kgpm2");
  require_positive(o.beta_prior_sigma_kgpm2, "beta_prior_sigma_kgpm2");
  require_positive(o.imm.sojourn_boost_s, "imm.sojourn_boost_s");
  require_positive(o.imm.sojourn_ballistic_s, "imm.sojourn_ballistic_s");
  require_positive(o.imm.sojourn_drag_s, "imm.sojourn_drag_s");
  require_non_negative(o.imm.initial_boost, "imm.initial_boost");
  require_non_negative(o.imm.initial_ballistic, "imm.initial_ballistic");
  require_non_negative(o.imm.initial_drag, "imm.initial_drag");
  require(o.imm.initial_boost + o.imm.initial_ballistic + o.imm.initial_drag > 0.0, "imm.initial_*",
          "initial model probabilities must not all be 0");
  require(o.pf.particles >= 10 && o.pf.particles <= 10000000, "pf.particles",
          "must be between 10 and 10,000,000");
  require(std::isfinite(o.pf.resample_threshold) && o.pf.resample_threshold >= 0.0 &&
              o.pf.resample_threshold <= 1.0,
          "pf.resample_threshold", "must be in [0, 1]");
}

std::unique_ptr<Estimator> make_estimator(FilterKind kind, const FilterOptions& options,
                                          const TrackReport& initial,
                                          const physics::EarthModel& model) {
  validate(options);
  GaussianState s = from_report(initial, options.beta_prior_kgpm2, options.beta_prior_sigma_kgpm2);
  if (!has_gamma(options.model) && kind != FilterKind::imm)
    s = with_x6(s, options.imm.thrust_prior_mps2, options.imm.thrust_prior_sigma_mps2);
  const MotionModel motion(options.model, options.noise, model);
  switch (kind) {
    case FilterKind::ekf:
      return std::make_unique<Ekf>(motion, options.max_step_s, s);
    case FilterKind::ukf:
      return std::make_unique<Ukf>(motion, options.max_step_s, s);
    case FilterKind::imm:
      return std::make_unique<Imm>(options.noise, model, options.max_step_s, options.imm, s);
    case FilterKind::pf:
      return std::make_unique<ParticleFilter>(motion, options.max_step_s, options.pf, s);
  }
  throw DomainError("make_estimator: unknown filter kind");
}

namespace {
void require_range(const sensors::Measurement& z) {
  if (z.kind != sensors::MeasurementKind::radar || !std::isfinite(z.range_m) ||
      !std::isfinite(z.az_rad) || !std::isfinite(z.el_rad) || !std::isfinite(z.sigma_range_m) ||
      !std::isfinite(z.sigma_az_rad) || !std::isfinite(z.sigma_el_rad)) {
    throw DomainError("track initialisation needs radar measurements with finite range and angles");
  }
}

}  // namespace

geo::Vec3 measurement_position_ecef(const sensors::Measurement& z, const SensorSite& site) {
  const double ce = std::cos(z.el_rad);
  const geo::Vec3 enu(z.range_m * ce * std::sin(z.az_rad), z.range_m * ce * std::cos(z.az_rad),
                      z.range_m * std::sin(z.el_rad));
  return site.position_ecef + site.ecef_to_enu.transpose() * enu;
}

geo::Mat3 measurement_position_covariance(const sensors::Measurement& z, const SensorSite& site) {
  const double r = z.range_m;
  const double sa = std::sin(z.az_rad), ca = std::cos(z.az_rad);
  const double se = std::sin(z.el_rad), ce = std::cos(z.el_rad);
  geo::Mat3 J;                              // d enu / d (range, az, el)
  J << ce * sa, r * ce * ca, -r * se * sa,  //
      ce * ca, -r * ce * sa, -r * se * ca,  //
      se, 0.0, r * ce;
  const geo::Vec3 var(z.sigma_range_m * z.sigma_range_m, z.sigma_az_rad * z.sigma_az_rad,
                      z.sigma_el_rad * z.sigma_el_rad);
  const geo::Mat3 c_enu = J * var.asDiagonal() * J.transpose();
  return site.ecef_to_enu.transpose() * c_enu * site.ecef_to_enu;
}

TrackReport two_point_init(const sensors::Measurement& z1, const SensorSite& s1,
                           const sensors::Measurement& z2, const SensorSite& s2) {
  require_range(z1);
  require_range(z2);
  const double dt = z2.t_s - z1.t_s;
  if (!(dt > 1e-9)) throw DomainError("two-point initialisation needs t2 > t1");
  const geo::Vec3 p1 = measurement_position_ecef(z1, s1);
  const geo::Vec3 p2 = measurement_position_ecef(z2, s2);
  const geo::Mat3 R1 = measurement_position_covariance(z1, s1);
  const geo::Mat3 R2 = measurement_position_covariance(z2, s2);
  TrackReport r;
  r.t_s = z2.t_s;
  r.state << p2, (p2 - p1) / dt + physics::point_mass_gravity(p2) * (0.5 * dt);
  r.covariance.topLeftCorner<3, 3>() = R2;
  r.covariance.topRightCorner<3, 3>() = R2 / dt;
  r.covariance.bottomLeftCorner<3, 3>() = R2 / dt;
  const double au = kInitUnmodelledAccel * dt / 2.0;
  r.covariance.bottomRightCorner<3, 3>() = (R1 + R2) / (dt * dt) + au * au * geo::Mat3::Identity();
  return r;
}

TrackReport three_point_init(const sensors::Measurement& z1, const SensorSite& s1,
                             const sensors::Measurement& z2, const SensorSite& s2,
                             const sensors::Measurement& z3, const SensorSite& s3,
                             const physics::EarthModel& model) {
  const sensors::Measurement* zs[3] = {&z1, &z2, &z3};
  const SensorSite* sites[3] = {&s1, &s2, &s3};
  for (const auto* z : zs) require_range(*z);
  if (std::abs(z1.t_s - z2.t_s) < 1e-9 || std::abs(z2.t_s - z3.t_s) < 1e-9 ||
      std::abs(z1.t_s - z3.t_s) < 1e-9) {
    throw DomainError("three-point initialisation needs three distinct times");
  }
  geo::Vec3 p[3];
  geo::Mat3 Rinv[3];
  for (int i = 0; i < 3; ++i) {
    p[i] = measurement_position_ecef(*zs[i], *sites[i]);
    Rinv[i] = measurement_position_covariance(*zs[i], *sites[i]).inverse();
  }
  StateVector x = StateVector::Zero();
  x.head<3>() = p[1];
  x.segment<3>(3) = (p[2] - p[0]) / (z3.t_s - z1.t_s);
  const MotionModel ballistic(MotionModelKind::ballistic, MotionNoise{}, model);
  const geo::Vec3 g = ballistic.derivative(x).segment<3>(3);

  Eigen::Matrix<double, 6, 6> N = Eigen::Matrix<double, 6, 6>::Zero();
  Eigen::Matrix<double, 6, 1> b = Eigen::Matrix<double, 6, 1>::Zero();
  double span = 0.0;
  for (int i = 0; i < 3; ++i) {
    const double tau = zs[i]->t_s - z3.t_s;
    span = std::max(span, std::abs(tau));
    Eigen::Matrix<double, 3, 6> A;
    A << geo::Mat3::Identity(), tau * geo::Mat3::Identity();
    N += A.transpose() * Rinv[i] * A;
    b += A.transpose() * Rinv[i] * (p[i] - 0.5 * tau * tau * g);
  }
  const Eigen::LDLT<Eigen::Matrix<double, 6, 6>> ldlt(N);
  TrackReport r;
  r.t_s = z3.t_s;
  r.state = ldlt.solve(b);
  r.covariance = ldlt.solve(Eigen::Matrix<double, 6, 6>::Identity());
  r.covariance = 0.5 * (r.covariance + r.covariance.transpose()).eval();
  const double au = kInitUnmodelledAccel * span / 2.0;
  r.covariance.bottomRightCorner<3, 3>() += au * au * geo::Mat3::Identity();
  return r;
}

}  // namespace bulwark::tracking
