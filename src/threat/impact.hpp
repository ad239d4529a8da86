// Impact point prediction (IPP) from one track report: the state (ECEF
// position and velocity), its 6x6 covariance and the ballistic coefficient
// beta with its sigma are propagated to the ground through the full flight
// model (physics::coast: gravity with J2, drag in USSA-76, Earth rotation), by
// sigma points (by default a spherical simplex on the kinematic state and a
// symmetric pair on beta: 10 points with beta; or the symmetric 2n+1 set) or
// by a seeded Monte Carlo reference. Not a linearisation through re-entry.
//
// Result: mean impact point, time of impact and its sigma, 2-D covariance of
// the impact points in the local East-North plane at the mean impact, and the
// 95 % impact ellipse (ground_ellipse.hpp).
//
// Valid for unpowered flight (midcourse and re-entry). A track still in boost
// is treated as if the motor stopped at the report time, so its IPP falls
// short of the real impact until burnout. Beta sigma points are clamped to at
// least ImpactOptions::min_beta_kgpm2 (a negative beta has no meaning).
// Accuracy: with the 95 % ellipse, the true impact lies inside it in
// 95 +/- 3 % of noisy track states (test ImpactCoverage.TrueImpactInside95PercentEllipse).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>

#include "physics/earth_model.hpp"
#include "physics/flight.hpp"
#include "threat/ground_ellipse.hpp"
#include "threat/sigma_points.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::threat {

enum class Propagation { unscented, monte_carlo };

// Looser than the truth flyout: an IPP needs metres, not millimetres. Over
// 12 midcourse and re-entry coasts the path (interpolated every 0.25 s)
// stays within 1.1 m of the same flown at 1e-11 (0.43 m at rel 1e-8 / 1 cm,
// with 47 % more derivative evaluations; docs/models.md).
inline physics::IntegratorOptions prediction_integrator() {
  physics::IntegratorOptions o;
  o.rel_tol = 1e-7;
  o.abs_tol_position_m = 0.1;
  o.abs_tol_velocity_mps = 1e-4;
  o.event_time_tol_s = 1e-4;
  return o;
}

// Looser still for the sigma points around the mean: their impact points
// set a spread of hundreds of metres to kilometres, so a metre matters not.
// Against the same points flown at 1e-10, over 120 noisy midcourse and
// re-entry track states (docs/models.md, threat evaluation), the ellipse
// centre moves < 1.2 m, its axes < 1.5 m (< 1.3e-4 relative), the impact
// time < 6 ms; about 30 % fewer derivative evaluations than rel 1e-6 / 0.3 m
// with 20 s steps.
inline physics::IntegratorOptions spread_integrator_default() {
  physics::IntegratorOptions o;
  o.rel_tol = 1e-5;
  o.abs_tol_position_m = 3.0;
  o.abs_tol_velocity_mps = 3e-3;
  o.max_step_s = 60.0;
  o.event_time_tol_s = 1e-4;
  o.impact_only = true;  // no apogee / re-entry events, the landing state only
  return o;
}

struct ImpactOptions {
  Propagation method = Propagation::unscented;
  // Spherical simplex over the kinematic state and a symmetric pair on beta
  // (its 1/beta response is the most nonlinear): 10 points, 9 flights beside
  // the mean's path, against 14 for the symmetric set (docs/models.md).
  // symmetric_tail is dropped when the report has no beta.
  UnscentedParameters unscented = {.set = SigmaSet::spherical_simplex, .symmetric_tail = 1};
  int monte_carlo_samples = 500;
  std::uint64_t seed = 1;  // Monte Carlo stream: make_stream(seed, replication, track_id)
  std::uint64_t replication = 0;
  double horizon_s = 3600.0;      // give up when no impact within this time after the report
  double min_beta_kgpm2 = 100.0;  // lower clamp of beta sigma points / samples
  // Beta used when the report has none (beta_kgpm2 == 0); 0 = no drag (vacuum).
  double default_beta_kgpm2 = 0.0;
  double probability = 0.95;                                        // of the impact ellipse
  physics::EarthModel model;                                        // full model by default
  physics::IntegratorOptions integrator = prediction_integrator();  // the mean path
  // The other sigma points / samples: only their impact spread (km) is used.
  physics::IntegratorOptions spread_integrator = spread_integrator_default();
};

struct ImpactPrediction {
  bool valid = false;
  std::string reason;   // why not valid ("no ground impact within horizon", ...)
  GroundSpread ground;  // mean impact point (alt 0), East-North covariance, ellipse
  geo::Vec3 impact_ecef = geo::Vec3::Zero();
  double impact_time_s = 0.0;     // after the scenario epoch
  double time_to_impact_s = 0.0;  // from the report time
  double impact_time_sigma_s = 0.0;
  physics::Trajectory mean_path;  // coast of the mean state: the predicted threat path
  int propagations = 0;           // coast() calls
};

ImpactPrediction predict_impact(const tracking::TrackReport& report, const ImpactOptions& options);

// Only the predicted path: the coast of the report's mean state (one
// propagation; ImpactPrediction::mean_path). False when the report is not
// finite or the path does not reach the ground within the horizon.
bool predict_mean_path(const tracking::TrackReport& report, const ImpactOptions& options,
                       physics::Trajectory& path);

// The same path flown only until t_end_s (or the ground, or the horizon,
// whichever comes first): the states before the last step are those of
// predict_mean_path. False when the report is not finite.
bool predict_mean_path_until(const tracking::TrackReport& report, const ImpactOptions& options,
                             double t_end_s, physics::Trajectory& path);

// predict_impact reusing `mean_path` from predict_mean_path(report, options):
// the same result with one propagation fewer (C2 looks at the path first and
// pays for the sigma points only when the track can be engaged).
ImpactPrediction predict_impact(const tracking::TrackReport& report, const ImpactOptions& options,
                                physics::Trajectory mean_path);

// The augmented mean (state, then beta when estimated) and covariance used by
// predict_impact and the launch point estimate.
struct AugmentedState {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
  bool has_beta = false;
};
AugmentedState augmented_state(const tracking::TrackReport& report);

}  // namespace bulwark::threat
