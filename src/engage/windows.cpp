#include "engage/windows.hpp"

#include <algorithm>
#include <cmath>

#include "geo/geodesic.hpp"

namespace bulwark::engage {

BatteryGeometry battery_geometry(const Battery& battery, const physics::InterceptorClass& cls,
                                 const physics::EnvelopeTable& envelope, geo::EarthShape shape) {
  BatteryGeometry g;
  g.site = battery.position;
  g.site_ecef = geo::to_ecef(battery.position, shape);
  g.interceptor = &cls;
  g.envelope = &envelope;
  return g;
}

bool may_be_in_envelope(const BatteryGeometry& battery, const geo::Vec3& r_ecef,
                        geo::EarthShape shape) {
  // Bounds that need no geodetic conversion and no geodesic (both exact
  // consequences of the ellipsoid's geometry, so the screen never rejects a
  // feasible point; a 1 m margin absorbs round-off):
  // * altitude: a point at geodetic height h >= 0 has geocentric radius
  //   between b + h and a + h (a, b the semi-axes), so h lies in
  //   [|r| - a, |r| - b];
  // * ground range: the geodesic between the two surface points never dips
  //   below radius b, so it is at least b times their geocentric angle; a
  //   surface point and the point h above it differ in geocentric direction
  //   by at most h * 0.00337 / b (the largest angle between the normal and
  //   the radius on WGS84 is 0.00336 rad), hence the h * 0.0035 margin.
  const double a = shape == geo::EarthShape::wgs84 ? geo::Wgs84::a : geo::kSphericalRadius;
  const double b = shape == geo::EarthShape::wgs84 ? geo::Wgs84::a * (1.0 - geo::Wgs84::f)
                                                   : geo::kSphericalRadius;
  constexpr double kMargin = 1.0;
  const physics::InterceptorClass& cls = *battery.interceptor;
  const double radius = r_ecef.norm();
  if (radius - b < cls.min_intercept_alt_m - kMargin) return false;
  if (radius - a > cls.max_intercept_alt_m + kMargin) return false;
  const double angle =
      std::atan2(battery.site_ecef.cross(r_ecef).norm(), battery.site_ecef.dot(r_ecef));
  const double offset = 0.0035 * (std::max(radius - b, 0.0) + std::abs(battery.site.alt_m));
  return b * angle - offset <= cls.max_range_m + kMargin;
}

std::optional<InterceptOpportunity> intercept_at(const BatteryGeometry& battery,
                                                 const physics::Trajectory& path,
                                                 double intercept_time_s,
                                                 const WindowOptions& options) {
  if (path.states.empty() || intercept_time_s < path.states.front().t_s ||
      intercept_time_s > path.states.back().t_s)
    return std::nullopt;
  const physics::InterceptorClass& cls = *battery.interceptor;
  const physics::FlightState s = path.at(intercept_time_s);
  if (!may_be_in_envelope(battery, s.r_ecef, options.shape)) return std::nullopt;
  const geo::Geodetic g = geo::to_geodetic(s.r_ecef, options.shape);
  if (g.alt_m < cls.min_intercept_alt_m || g.alt_m > cls.max_intercept_alt_m) return std::nullopt;
  const double range = geo::geodesic_inverse(battery.site, g, options.shape).distance_m;
  if (range > cls.max_range_m) return std::nullopt;
  const std::optional<double> tof = battery.envelope->time_of_flight(range, g.alt_m);
  if (!tof || !std::isfinite(*tof) || *tof <= 0.0 || *tof > cls.max_time_of_flight_s)
    return std::nullopt;
  // Crossing angle between the threat velocity and the line intercept point -> battery.
  const geo::Vec3 back = battery.site_ecef - s.r_ecef;
  const double speed = s.v_ecef.norm();
  const double chi =
      speed > 0.0 && back.norm() > 0.0
          ? std::acos(std::clamp(s.v_ecef.dot(back) / (speed * back.norm()), -1.0, 1.0))
          : 0.0;
  if (chi > options.max_crossing_angle_rad) return std::nullopt;
  double factor = 1.0;
  if (chi > options.full_pk_crossing_angle_rad) {
    const double span = options.max_crossing_angle_rad - options.full_pk_crossing_angle_rad;
    const double x = span > 0.0 ? (chi - options.full_pk_crossing_angle_rad) / span : 1.0;
    factor = 1.0 - x * (1.0 - options.min_geometry_factor);
  }
  InterceptOpportunity o;
  o.intercept_time_s = intercept_time_s;
  o.time_of_flight_s = *tof;
  o.launch_time_s = intercept_time_s - *tof;
  o.intercept_ecef = s.r_ecef;
  o.altitude_m = g.alt_m;
  o.ground_range_m = range;
  o.crossing_angle_rad = chi;
  o.pk = cls.sspk * factor;
  return o;
}

namespace {

std::optional<InterceptOpportunity> feasible_at(const BatteryGeometry& b,
                                                const physics::Trajectory& path, double t_i,
                                                double earliest_launch_s, const WindowOptions& o) {
  // A feasible time of flight is > 0, so an intercept at or before the
  // earliest launch time would launch too early.
  if (t_i <= earliest_launch_s) return std::nullopt;
  auto opp = intercept_at(b, path, t_i, o);
  if (opp && opp->launch_time_s < earliest_launch_s) return std::nullopt;
  return opp;
}

// Bisection between an infeasible time `bad` and a feasible time `good`; returns
// the feasible opportunity closest to the edge.
InterceptOpportunity refine_edge(const BatteryGeometry& b, const physics::Trajectory& path,
                                 double bad, double good, InterceptOpportunity good_opp,
                                 double earliest_launch_s, const WindowOptions& o) {
  while (std::abs(good - bad) > o.edge_tolerance_s) {
    const double mid = 0.5 * (good + bad);
    if (auto m = feasible_at(b, path, mid, earliest_launch_s, o)) {
      good = mid;
      good_opp = *m;
    } else {
      bad = mid;
    }
  }
  return good_opp;
}

}  // namespace

std::vector<LaunchWindow> launch_windows(const BatteryGeometry& battery,
                                         const physics::Trajectory& path, double earliest_launch_s,
                                         const WindowOptions& options) {
  std::vector<LaunchWindow> windows;
  if (path.states.empty() || battery.interceptor == nullptr || battery.envelope == nullptr)
    return windows;
  const double t0 = path.states.front().t_s;
  const double t1 = path.states.back().t_s;
  const double step = options.step_s > 0.0 ? options.step_s : 0.5;
  const auto n = static_cast<long>(std::floor((t1 - t0) / step));
  const double last_needed = options.launch_horizon_s + battery.interceptor->max_time_of_flight_s;

  // Runs of feasible intercept-time samples, edges refined.
  std::vector<std::vector<InterceptOpportunity>> runs;
  std::vector<InterceptOpportunity> run;
  double prev_t = t0;
  bool prev_ok = false;
  for (long i = 0; i <= n + 1; ++i) {
    const double t = std::min(t0 + static_cast<double>(i) * step, t1);
    auto opp = feasible_at(battery, path, t, earliest_launch_s, options);
    if (opp && !prev_ok && i > 0)
      run.push_back(refine_edge(battery, path, prev_t, t, *opp, earliest_launch_s, options));
    if (!opp && prev_ok) {
      run.push_back(refine_edge(battery, path, t, prev_t, run.back(), earliest_launch_s, options));
      runs.push_back(std::move(run));
      run.clear();
    }
    if (opp) run.push_back(*opp);
    // One feasible sample past the horizon is enough.
    if (opp && (t > last_needed || opp->launch_time_s > options.launch_horizon_s)) break;
    prev_ok = opp.has_value();
    prev_t = t;
    if (t >= t1) break;
  }
  if (!run.empty()) runs.push_back(std::move(run));

  for (auto& r : runs) {
    std::sort(r.begin(), r.end(), [](const InterceptOpportunity& a, const InterceptOpportunity& b) {
      return a.launch_time_s < b.launch_time_s ||
             (a.launch_time_s == b.launch_time_s && a.intercept_time_s < b.intercept_time_s);
    });
    LaunchWindow w;
    w.open_s = r.front().launch_time_s;
    w.close_s = r.back().launch_time_s;
    w.opportunities = std::move(r);
    windows.push_back(std::move(w));
  }
  std::sort(windows.begin(), windows.end(),
            [](const LaunchWindow& a, const LaunchWindow& b) { return a.open_s < b.open_s; });
  // Merge overlapping launch-time intervals.
  std::vector<LaunchWindow> merged;
  for (auto& w : windows) {
    if (!merged.empty() && w.open_s <= merged.back().close_s) {
      LaunchWindow& m = merged.back();
      m.close_s = std::max(m.close_s, w.close_s);
      m.opportunities.insert(m.opportunities.end(), w.opportunities.begin(), w.opportunities.end());
      std::sort(m.opportunities.begin(), m.opportunities.end(),
                [](const InterceptOpportunity& a, const InterceptOpportunity& b) {
                  return a.launch_time_s < b.launch_time_s;
                });
    } else {
      merged.push_back(std::move(w));
    }
  }
  return merged;
}

std::optional<InterceptOpportunity> earliest_opportunity(const std::vector<LaunchWindow>& windows,
                                                         double not_before_s) {
  std::optional<InterceptOpportunity> best;
  for (const auto& w : windows) {
    if (w.close_s < not_before_s) continue;
    for (const auto& o : w.opportunities) {
      if (o.launch_time_s < not_before_s) continue;
      if (!best || o.launch_time_s < best->launch_time_s ||
          (o.launch_time_s == best->launch_time_s && o.intercept_time_s < best->intercept_time_s))
        best = o;
      break;  // sorted by launch time: the first one is this window's earliest
    }
    if (best) break;  // windows are in increasing time
  }
  return best;
}

}  // namespace bulwark::engage
