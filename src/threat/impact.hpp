// Impact point prediction (IPP) from one track report: the state (ECEF
// position and velocity), its 6x6 covariance and the ballistic coefficient
// beta with its sigma are propagated to the ground through the full flight
// model (physics::coast: gravity with J2, drag in USSA-76, Earth rotation), by
// the unscented transform (2n+1 sigma points, n = 7 with beta, 6 without) or
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

// Looser than the truth flyout: an IPP needs metres, not millimetres.
inline physics::IntegratorOptions prediction_integrator() {
  physics::IntegratorOptions o;
  o.rel_tol = 1e-8;
  o.abs_tol_position_m = 1e-2;
  o.abs_tol_velocity_mps = 1e-5;
  o.event_time_tol_s = 1e-4;
  return o;
}

struct ImpactOptions {
  Propagation method = Propagation::unscented;
  UnscentedParameters unscented;
  int monte_carlo_samples = 500;
  std::uint64_t seed = 1;  // Monte Carlo stream: make_stream(seed, replication, track_id)
  std::uint64_t replication = 0;
  double horizon_s = 3600.0;      // give up when no impact within this time after the report
  double min_beta_kgpm2 = 100.0;  // lower clamp of beta sigma points / samples
  // Beta used when the report has none (beta_kgpm2 == 0); 0 = no drag (vacuum).
  double default_beta_kgpm2 = 0.0;
  double probability = 0.95;  // of the impact ellipse
  physics::EarthModel model;  // full model by default
  physics::IntegratorOptions integrator = prediction_integrator();
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

// The augmented mean (state, then beta when estimated) and covariance used by
// predict_impact and the launch point estimate.
struct AugmentedState {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
  bool has_beta = false;
};
AugmentedState augmented_state(const tracking::TrackReport& report);

}  // namespace bulwark::threat
