#include "threat/launch_point.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "physics/flight.hpp"

namespace bulwark::threat {

namespace {

struct State {
  geo::Vec3 r;
  geo::Vec3 v;
};

State rk4_step(const State& s, double h, double beta, const physics::EarthModel& m) {
  auto acc = [&](const geo::Vec3& r, const geo::Vec3& v) {
    return physics::ballistic_acceleration(r, v, beta, m);
  };
  const geo::Vec3 k1r = s.v;
  const geo::Vec3 k1v = acc(s.r, s.v);
  const geo::Vec3 k2r = s.v + 0.5 * h * k1v;
  const geo::Vec3 k2v = acc(s.r + 0.5 * h * k1r, k2r);
  const geo::Vec3 k3r = s.v + 0.5 * h * k2v;
  const geo::Vec3 k3v = acc(s.r + 0.5 * h * k2r, k3r);
  const geo::Vec3 k4r = s.v + h * k3v;
  const geo::Vec3 k4v = acc(s.r + h * k3r, k4r);
  return {s.r + h / 6.0 * (k1r + 2.0 * k2r + 2.0 * k3r + k4r),
          s.v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v)};
}

}  // namespace

bool fly_back_to_ground(const geo::Vec3& r_ecef, const geo::Vec3& v_ecef, double t_s,
                        double beta_kgpm2, const LaunchPointOptions& options, GroundCrossing& out) {
  const double beta = options.use_drag ? beta_kgpm2 : 0.0;
  State s{r_ecef, v_ecef};
  if (physics::altitude(s.r, options.model) <= 0.0) return false;
  const double h = -std::abs(options.step_s);
  for (double back = 0.0; back < options.max_back_s; back += options.step_s) {
    const State next = rk4_step(s, h, beta, options.model);
    if (physics::altitude(next.r, options.model) <= 0.0) {
      // Bisection on the length of this last step: altitude is positive at lo, <= 0 at hi.
      double lo = 0.0;
      double hi = std::abs(h);
      while (hi - lo > 1e-3) {
        const double mid = 0.5 * (lo + hi);
        const State m = rk4_step(s, -mid, beta, options.model);
        (physics::altitude(m.r, options.model) > 0.0 ? lo : hi) = mid;
      }
      const double tau = 0.5 * (lo + hi);
      out.r_ecef = rk4_step(s, -tau, beta, options.model).r;
      out.t_s = t_s - back - tau;
      return true;
    }
    s = next;
  }
  return false;
}

LaunchPointEstimate estimate_launch_point(const tracking::TrackReport& report,
                                          const LaunchPointOptions& options) {
  LaunchPointEstimate out;
  if (!report.state.allFinite() || !report.covariance.allFinite() || !std::isfinite(report.t_s)) {
    out.reason = "track report is not finite";
    return out;
  }
  // Beta does not enter a drag-free backward flight: propagate the 6-D state only.
  const Eigen::VectorXd mean = report.state;
  const Eigen::MatrixXd cov = report.covariance;
  const SigmaPoints sp = unscented_points(mean, cov, options.unscented);
  const auto count = sp.points.cols();
  std::vector<geo::Vec3> points(static_cast<std::size_t>(count));
  Eigen::VectorXd times(count);
  for (Eigen::Index k = 0; k < count; ++k) {
    GroundCrossing c;
    if (!fly_back_to_ground(sp.points.col(k).head<3>(), sp.points.col(k).segment<3>(3), report.t_s,
                            report.beta_kgpm2, options, c)) {
      out.reason = "no ground crossing within max_back_s going backward";
      return out;
    }
    points[static_cast<std::size_t>(k)] = c.r_ecef;
    times(k) = c.t_s;
  }
  out.ground = ground_spread(points, sp.w_mean, sp.w_cov, options.probability, options.model.shape);
  out.launch_time_s = sp.w_mean.dot(times);
  double var_t = 0.0;
  for (Eigen::Index k = 0; k < count; ++k)
    var_t += sp.w_cov(k) * (times(k) - out.launch_time_s) * (times(k) - out.launch_time_s);
  out.launch_time_sigma_s = std::sqrt(std::max(var_t, 0.0));
  out.valid = true;
  return out;
}

}  // namespace bulwark::threat
