#include "threat/impact.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace bulwark::threat {

AugmentedState augmented_state(const tracking::TrackReport& report) {
  AugmentedState a;
  a.has_beta = report.beta_kgpm2 > 0.0 && report.beta_sigma_kgpm2 > 0.0;
  const Eigen::Index n = a.has_beta ? 7 : 6;
  a.mean.setZero(n);
  a.covariance.setZero(n, n);
  a.mean.head<6>() = report.state;
  a.covariance.topLeftCorner<6, 6>() = report.covariance;
  if (a.has_beta) {
    a.mean(6) = report.beta_kgpm2;
    a.covariance(6, 6) = report.beta_sigma_kgpm2 * report.beta_sigma_kgpm2;
  }
  return a;
}

namespace {

// Coasts one sample to the ground; returns false when it does not land.
bool coast_to_ground(const Eigen::VectorXd& x, double t0, double beta, const ImpactOptions& o,
                     physics::Trajectory& path, bool spread = false) {
  physics::FlightState start;
  start.t_s = t0;
  start.r_ecef = x.head<3>();
  start.v_ecef = x.segment<3>(3);
  start.phase = physics::Phase::midcourse;
  path = physics::coast(start, beta, o.model, t0 + o.horizon_s,
                        spread ? o.spread_integrator : o.integrator);
  return !path.events.empty() && path.events.back().kind == physics::EventKind::impact;
}

bool all_finite(const tracking::TrackReport& r) {
  return r.state.allFinite() && r.covariance.allFinite() && std::isfinite(r.t_s) &&
         std::isfinite(r.beta_kgpm2) && std::isfinite(r.beta_sigma_kgpm2);
}

double nominal_beta(const tracking::TrackReport& report, const ImpactOptions& options) {
  return report.beta_kgpm2 > 0.0 ? report.beta_kgpm2 : std::max(options.default_beta_kgpm2, 0.0);
}

ImpactPrediction predict(const tracking::TrackReport& report, const ImpactOptions& options,
                         physics::Trajectory* mean_path) {
  ImpactPrediction out;
  if (!all_finite(report)) {
    out.reason = "track report is not finite";
    return out;
  }
  const AugmentedState a = augmented_state(report);
  // The symmetric tail is beta's pair: none when the state has no beta.
  UnscentedParameters unscented = options.unscented;
  if (!a.has_beta) unscented.symmetric_tail = 0;
  const SigmaPoints sp = options.method == Propagation::unscented
                             ? unscented_points(a.mean, a.covariance, unscented)
                             : gaussian_samples(a.mean, a.covariance, options.monte_carlo_samples,
                                                options.seed, options.replication, report.track_id);
  const double beta_nominal = nominal_beta(report, options);

  // The mean state's own flight is the predicted path (kept for intercept windows).
  if (mean_path != nullptr) {
    out.mean_path = std::move(*mean_path);  // flown by predict_mean_path
    if (out.mean_path.events.empty() ||
        out.mean_path.events.back().kind != physics::EventKind::impact) {
      out.reason = "no ground impact within horizon";
      return out;
    }
  } else if (!coast_to_ground(a.mean, report.t_s, beta_nominal, options, out.mean_path)) {
    out.reason = "no ground impact within horizon";
    return out;
  } else {
    ++out.propagations;
  }

  const auto count = sp.points.cols();
  std::vector<geo::Vec3> impacts(static_cast<std::size_t>(count));
  Eigen::VectorXd times(count);
  physics::Trajectory path;
  for (Eigen::Index k = 0; k < count; ++k) {
    const Eigen::VectorXd x = sp.points.col(k);
    const double beta = a.has_beta ? std::max(x(6), options.min_beta_kgpm2) : beta_nominal;
    // Column 0 of the unscented points is the mean, already flown.
    const bool reuse_mean = k == 0 && options.method == Propagation::unscented;
    if (!reuse_mean) {
      ++out.propagations;
      if (!coast_to_ground(x, report.t_s, beta, options, path, true)) {
        out.reason = "a sigma point or sample does not reach the ground within horizon";
        return out;
      }
    }
    const physics::FlightState& last =
        reuse_mean ? out.mean_path.states.back() : path.states.back();
    impacts[static_cast<std::size_t>(k)] = last.r_ecef;
    times(k) = last.t_s;
  }
  out.ground =
      ground_spread(impacts, sp.w_mean, sp.w_cov, options.probability, options.model.shape);
  out.impact_ecef = geo::to_ecef(out.ground.mean, options.model.shape);
  out.impact_time_s = sp.w_mean.dot(times);
  double var_t = 0.0;
  for (Eigen::Index k = 0; k < count; ++k)
    var_t += sp.w_cov(k) * (times(k) - out.impact_time_s) * (times(k) - out.impact_time_s);
  out.impact_time_sigma_s = std::sqrt(std::max(var_t, 0.0));
  out.time_to_impact_s = out.impact_time_s - report.t_s;
  out.valid = true;
  return out;
}

}  // namespace

ImpactPrediction predict_impact(const tracking::TrackReport& report, const ImpactOptions& options) {
  return predict(report, options, nullptr);
}

bool predict_mean_path(const tracking::TrackReport& report, const ImpactOptions& options,
                       physics::Trajectory& path) {
  if (!all_finite(report)) return false;
  const AugmentedState a = augmented_state(report);
  return coast_to_ground(a.mean, report.t_s, nominal_beta(report, options), options, path);
}

bool predict_mean_path_until(const tracking::TrackReport& report, const ImpactOptions& options,
                             double t_end_s, physics::Trajectory& path) {
  if (!all_finite(report) || !std::isfinite(t_end_s)) return false;
  const AugmentedState a = augmented_state(report);
  physics::FlightState start;
  start.t_s = report.t_s;
  start.r_ecef = a.mean.head<3>();
  start.v_ecef = a.mean.segment<3>(3);
  start.phase = physics::Phase::midcourse;
  path = physics::coast(start, nominal_beta(report, options), options.model,
                        std::min(t_end_s, report.t_s + options.horizon_s), options.integrator);
  return !path.states.empty();
}

ImpactPrediction predict_impact(const tracking::TrackReport& report, const ImpactOptions& options,
                                physics::Trajectory mean_path) {
  return predict(report, options, &mean_path);
}

}  // namespace bulwark::threat
