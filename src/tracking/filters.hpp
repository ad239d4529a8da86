// Single-track state estimators: the factory the tracker calls and the two-
// and three-point track initialisation helpers its initiator uses.
//
// Every estimator carries the 7-state x = [r_ecef (m), v_ecef (m/s),
// gamma = 1/beta (m^2/kg)] (motion_model.hpp) and implements
// tracking::Estimator (estimator.hpp):
//   ekf  extended Kalman filter, analytic Jacobians, standard-form update, Joseph fallback (ekf.hpp)
//   ukf  unscented Kalman filter, scaled sigma points (ukf.hpp)
//   imm  interacting multiple model over boost / ballistic / drag EKFs (imm.hpp)
//   pf   bootstrap particle filter with regularisation, the accuracy reference
//        (particle_filter.hpp); seeded from common/random.hpp streams.
// Equations, sources and measured accuracy: docs/models.md, "Tracking /
// Estimation".
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "physics/earth_model.hpp"
#include "sensors/measurement.hpp"
#include "tracking/estimator.hpp"
#include "tracking/motion_model.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::tracking {

enum class FilterKind { ekf, ukf, imm, pf };
const char* to_string(FilterKind kind);  // "ekf", "ukf", "imm", "pf"
// Parses "ekf" | "ukf" | "imm" | "pf"; throws InputError naming `field` otherwise.
FilterKind parse_filter_kind(const std::string& text, const std::string& field = "filter");

struct ImmOptions {
  // Mean sojourn time in each model (s); the Markov switching probability
  // over a step dt is p_ii = exp(-dt / sojourn), the rest split equally.
  // Boost: burn times of the catalog classes are 60-110 s, and a track
  // starts part-way through the burn.
  double sojourn_boost_s = 40.0;
  double sojourn_ballistic_s = 300.0;
  double sojourn_drag_s = 300.0;
  // Initial model probabilities [boost, ballistic, drag] (normalised).
  double initial_boost = 0.2;
  double initial_ballistic = 0.6;
  double initial_drag = 0.2;
  // Prior of the boost model's thrust acceleration a_T (motion_model.hpp),
  // also used by single-model filters with model = boost: the catalog
  // classes accelerate at 25-100 m/s^2 along the velocity.
  double thrust_prior_mps2 = 40.0;
  double thrust_prior_sigma_mps2 = 30.0;
};

struct ParticleOptions {
  int particles = 4000;
  std::uint64_t seed = 1;           // scenario seed
  std::uint64_t replication = 0;    // Monte Carlo replication
  std::uint64_t entity = 0;         // e.g. the track id
  double resample_threshold = 0.5;  // resample when N_eff < threshold * N
};

struct FilterOptions {
  // Model used by single-model filters (ekf, ukf, pf); the IMM uses all three.
  MotionModelKind model = MotionModelKind::drag;
  MotionNoise noise;        // process noise intensities (motion_model.hpp)
  double max_step_s = 5.0;  // largest integration sub-step in predict() (also rate-limited)
  // Used when the initial report has no beta (beta_kgpm2 <= 0): prior mean and
  // standard deviation of the ballistic coefficient.
  double beta_prior_kgpm2 = 5000.0;
  double beta_prior_sigma_kgpm2 = 5000.0;
  ImmOptions imm;
  ParticleOptions pf;
};

// Checks every field (positive, finite, in range); throws InputError with
// the field's name ("filter.max_step_s", ...).
void validate(const FilterOptions& options);

// An estimator of `kind` starting at initial.t_s from the mean and 6x6
// covariance in `initial` (and its beta / beta sigma when > 0, else the
// options' prior). Throws InputError when the initial state or covariance is
// not finite or the covariance is not positive-definite.
std::unique_ptr<Estimator> make_estimator(FilterKind kind, const FilterOptions& options,
                                          const TrackReport& initial,
                                          const physics::EarthModel& model);

// Position of a radar measurement in ECEF and its covariance (from range /
// az / el sigmas, linearised at the measurement). Requires range.
geo::Vec3 measurement_position_ecef(const sensors::Measurement& z, const SensorSite& site);
geo::Mat3 measurement_position_covariance(const sensors::Measurement& z, const SensorSite& site);

// Two-point differencing (Bar-Shalom, Li & Kirubarajan 2001, sec. 5.5.3):
// position from z2, velocity (p2 - p1)/(t2 - t1) + g dt / 2 (point-mass
// gravity at p2); covariance from both measurements' converted covariances,
// plus (a_u dt / 2)^2 per velocity axis for an unmodelled acceleration
// a_u = kInitUnmodelledAccel (drag, thrust). beta is left unset (0): the
// filter's prior applies. Requires two radar measurements with t2 > t1;
// throws DomainError otherwise.
constexpr double kInitUnmodelledAccel = 10.0;  // m/s^2
TrackReport two_point_init(const sensors::Measurement& z1, const SensorSite& s1,
                           const sensors::Measurement& z2, const SensorSite& s2);

// Three-point initialisation: weighted least squares for position and
// velocity at t3 of r(t) = r3 + v3 (t - t3) + g (t - t3)^2 / 2 through three
// converted radar positions, with g the ballistic acceleration (gravity with
// J2 and the rotation terms of `model`) at the middle point; covariance the
// inverse of the normal matrix plus (a_u T / 2)^2 per velocity axis, T the
// time span. Handles unequal time steps and different sensors. Throws
// DomainError on repeated times or a measurement without range.
TrackReport three_point_init(const sensors::Measurement& z1, const SensorSite& s1,
                             const sensors::Measurement& z2, const SensorSite& s2,
                             const sensors::Measurement& z3, const SensorSite& s3,
                             const physics::EarthModel& model);

}  // namespace bulwark::tracking
