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

namespace {

double semi_major(geo::EarthShape shape) {
  return shape == geo::EarthShape::wgs84 ? geo::Wgs84::a : geo::kSphericalRadius;
}
double semi_minor(geo::EarthShape shape) {
  return shape == geo::EarthShape::wgs84 ? geo::Wgs84::a * (1.0 - geo::Wgs84::f)
                                         : geo::kSphericalRadius;
}

double angle_between(const geo::Vec3& u, const geo::Vec3& v) {
  return std::atan2(u.cross(v).norm(), u.dot(v));
}

// A lower bound of the geodesic ground range from the battery to the point
// at geocentric radius `radius` and geocentric angle `angle` from the
// battery's site (may_be_in_envelope explains it).
double ground_range_floor(const BatteryGeometry& battery, double radius, double angle, double b) {
  const double offset = 0.0035 * (std::max(radius - b, 0.0) + std::abs(battery.site.alt_m));
  return b * angle - offset;
}

// may_be_in_envelope from the point's radius and its angle from the site.
bool in_screen(const BatteryGeometry& battery, double radius, double angle, double a, double b) {
  constexpr double kMargin = 1.0;
  const physics::InterceptorClass& cls = *battery.interceptor;
  if (radius - b < cls.min_intercept_alt_m - kMargin) return false;
  if (radius - a > cls.max_intercept_alt_m + kMargin) return false;
  return ground_range_floor(battery, radius, angle, b) <= cls.max_range_m + kMargin;
}

// The largest speed of the path between states k and k + 1 as
// Trajectory::at interpolates it: the velocity of the cubic Hermite is a
// convex combination of v_a, 3 (r_b - r_a) / h - v_a - v_b and v_b (its
// Bezier form), so its norm is at most the largest of theirs.
double step_speed(const physics::FlightState& a, const physics::FlightState& b) {
  double v = std::max(a.v_ecef.norm(), b.v_ecef.norm());
  const double h = b.t_s - a.t_s;
  if (h > 0.0) v = std::max(v, (3.0 * (b.r_ecef - a.r_ecef) / h - a.v_ecef - b.v_ecef).norm());
  return v;
}

}  // namespace

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
  return in_screen(battery, r_ecef.norm(), angle_between(battery.site_ecef, r_ecef),
                   semi_major(shape), semi_minor(shape));
}

bool path_may_reach(const BatteryGeometry& battery, const physics::Trajectory& path, double from_s,
                    geo::EarthShape shape) {
  // Along a step of length <= h v the radius changes by at most h v and the
  // range bound falls by at most (1 + 0.0035) h v (the angle at 1 / |r| <=
  // 1 / b per metre, the offset at 0.0035 per metre); 1 % margin.
  const physics::InterceptorClass& cls = *battery.interceptor;
  const double a = semi_major(shape);
  const double b = semi_minor(shape);
  const auto& states = path.states;
  for (std::size_t i = 0; i < states.size(); ++i) {
    const bool last = i + 1 == states.size();
    if (states[i].t_s < from_s && (last || states[i + 1].t_s < from_s)) continue;
    const double flown =
        1.01 *
        (last ? 0.0 : (states[i + 1].t_s - states[i].t_s) * step_speed(states[i], states[i + 1]));
    const double radius = states[i].r_ecef.norm();
    if (radius - flown - a > cls.max_intercept_alt_m + 1.0) continue;  // above the band
    if (radius + flown - b < cls.min_intercept_alt_m - 1.0) continue;  // below it
    if (ground_range_floor(battery, radius, angle_between(battery.site_ecef, states[i].r_ecef), b) -
            flown <=
        cls.max_range_m + 1.0)
      return true;
  }
  return false;
}

namespace {

// What the exact test needs of the battery, computed once per search.
struct SiteFacts {
  geo::Vec3 foot_ecef = geo::Vec3::Zero();  // the site's point on the Earth shape
  double a = 0.0;                           // semi-axes of the shape
  double b = 0.0;
  physics::EarthModel model;  // its shape, for radial_altitude
};

SiteFacts site_facts(const BatteryGeometry& battery, geo::EarthShape shape) {
  SiteFacts f;
  geo::Geodetic foot = battery.site;
  foot.alt_m = 0.0;
  f.foot_ecef = geo::to_ecef(foot, shape);
  f.a = semi_major(shape);
  f.b = semi_minor(shape);
  f.model.shape = shape;
  return f;
}

// Index of the grid cell [g[i], g[i+1]] that EnvelopeTable::time_of_flight
// interpolates in for x (the same upper_bound and clamp).
std::size_t grid_cell(const std::vector<double>& g, double x) {
  const auto i = static_cast<std::size_t>(std::upper_bound(g.begin(), g.end(), x) - g.begin());
  return std::clamp<std::size_t>(i, 1, g.size() - 1) - 1;
}

// A necessary condition for the time of flight to a point whose geodetic
// altitude lies in [alt_lo, alt_hi] and geodesic ground range in
// [range_lo, range_hi] to exist and to be at most max_tof_s (the launch at
// or after the earliest launch time): false only when time_of_flight would
// return nullopt or a larger value. time_of_flight interpolates in one cell
// and bilinear interpolation never falls below the smallest corner of its
// cell (1 us margin for round-off).
bool tof_may_fit(const physics::EnvelopeTable& env, double range_lo, double range_hi, double alt_lo,
                 double alt_hi, double max_tof_s) {
  const auto& gr = env.ground_range_m;
  const auto& ga = env.alt_m;
  if (gr.size() < 2 || ga.size() < 2) return false;
  if (alt_lo > ga.back() || alt_hi < ga.front()) return false;
  if (range_lo > gr.back() || range_hi < gr.front()) return false;
  const std::size_t j_lo = grid_cell(ga, std::max(alt_lo, ga.front()));
  const std::size_t j_hi = grid_cell(ga, std::min(alt_hi, ga.back()));
  const std::size_t i_lo = grid_cell(gr, std::max(range_lo, gr.front()));
  const std::size_t i_hi = grid_cell(gr, std::min(range_hi, gr.back()));
  const std::size_t na = ga.size();
  for (std::size_t i = i_lo; i <= i_hi; ++i) {
    for (std::size_t j = j_lo; j <= j_hi; ++j) {
      const double t00 = env.tof_s[i * na + j], t01 = env.tof_s[i * na + j + 1];
      const double t10 = env.tof_s[(i + 1) * na + j], t11 = env.tof_s[(i + 1) * na + j + 1];
      if (std::isnan(t00) || std::isnan(t01) || std::isnan(t10) || std::isnan(t11)) continue;
      if (std::min({t00, t01, t10, t11}) - 1e-6 <= max_tof_s) return true;
    }
  }
  return false;
}

// Ground-range bounds from the geocentric angle theta between the two
// surface points: b theta <= range (the geodesic never dips below radius b)
// and range <= a theta (1 + 1e-5) (the plane section through the Earth's
// centre is a path of that length at most: radius <= a, slope <= a e'^2 / 2);
// round-off margins of 1e-9 relative and 1 mm.
double range_floor(const SiteFacts& site, double theta) {
  return site.b * std::max(theta, 0.0) * (1.0 - 1e-9) - 1e-3;
}
double range_ceiling(const SiteFacts& site, double theta) {
  return site.a * theta * (1.0 + 1e-5) + 1e-3;
}

// The geocentric angle between the two surface points (site foot, point
// foot) differs from `angle` (site -> point) by at most the two feet's
// offsets: 0.0035 h / b each (may_be_in_envelope).
double feet_angle_slack(const BatteryGeometry& battery, const SiteFacts& site, double h) {
  return 0.0035 * (std::max(h, 0.0) + std::abs(battery.site.alt_m)) / site.b;
}

// intercept_at with the launch time checked against earliest_launch_s (none
// when -infinity). Before the geodetic conversion and the geodesic (the
// costly steps) the envelope table is asked, with bounds on the altitude and
// the ground range, whether a time of flight could exist and launch late
// enough, so most points are rejected exactly as the full test would:
// 1. from the radial altitude hr > 0: the geodetic altitude h lies in
//    [hr (1 - 1e-5), hr] (h is the distance to the convex Earth shape, at most
//    that to the surface point below on the radius, at least that to its
//    tangent plane, whose normal is within 3.4e-3 rad of the radius), and
//    the point's foot is within 0.0035 h / b rad of the point's own
//    geocentric direction (the site's likewise, feet_angle_slack);
// 2. from the geodetic coordinates: the exact altitude and the foot itself.
// `s` is the path's state at intercept_time_s; `coarse`, when given, gets
// the point's radial height and geocentric angle from the site.
struct Coarse {
  double hr = 0.0;
  double angle = 0.0;
};
std::optional<InterceptOpportunity> evaluate(const BatteryGeometry& battery, const SiteFacts& site,
                                             const physics::FlightState& s, double intercept_time_s,
                                             const WindowOptions& options, double earliest_launch_s,
                                             Coarse* coarse = nullptr) {
  const physics::InterceptorClass& cls = *battery.interceptor;
  const double angle = angle_between(battery.site_ecef, s.r_ecef);
  const double hr = physics::radial_altitude(s.r_ecef, site.model);
  if (coarse != nullptr) *coarse = {hr, angle};
  if (!in_screen(battery, s.r_ecef.norm(), angle, site.a, site.b)) return std::nullopt;
  const double max_tof = std::min(cls.max_time_of_flight_s, intercept_time_s - earliest_launch_s);
  if (hr > 0.0) {
    const double h_lo = hr * (1.0 - 1e-5) - 1e-3;
    const double h_hi = hr + 1e-3;
    const double slack = feet_angle_slack(battery, site, h_hi);
    if (!tof_may_fit(*battery.envelope, range_floor(site, angle - slack),
                     range_ceiling(site, angle + slack), h_lo, h_hi, max_tof))
      return std::nullopt;
  }
  const geo::Geodetic g = geo::to_geodetic(s.r_ecef, options.shape);
  if (g.alt_m < cls.min_intercept_alt_m || g.alt_m > cls.max_intercept_alt_m) return std::nullopt;
  {
    const double cl = std::cos(g.lat_rad);
    const geo::Vec3 normal(cl * std::cos(g.lon_rad), cl * std::sin(g.lon_rad), std::sin(g.lat_rad));
    const double theta = angle_between(site.foot_ecef, s.r_ecef - g.alt_m * normal);
    const double lo = range_floor(site, theta);
    if (lo > cls.max_range_m) return std::nullopt;
    if (!tof_may_fit(*battery.envelope, lo, range_ceiling(site, theta), g.alt_m, g.alt_m, max_tof))
      return std::nullopt;
  }
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
  if (o.launch_time_s < earliest_launch_s) return std::nullopt;
  return o;
}

}  // namespace

std::optional<InterceptOpportunity> intercept_at(const BatteryGeometry& battery,
                                                 const physics::Trajectory& path,
                                                 double intercept_time_s,
                                                 const WindowOptions& options) {
  if (battery.interceptor == nullptr || battery.envelope == nullptr) return std::nullopt;
  if (path.states.empty() || intercept_time_s < path.states.front().t_s ||
      intercept_time_s > path.states.back().t_s)
    return std::nullopt;
  return evaluate(battery, site_facts(battery, options.shape), path.at(intercept_time_s),
                  intercept_time_s, options, -std::numeric_limits<double>::infinity());
}

namespace {

std::optional<InterceptOpportunity> feasible_at(const BatteryGeometry& b, const SiteFacts& site,
                                                const physics::Trajectory& path, double t_i,
                                                double earliest_launch_s, const WindowOptions& o) {
  // A feasible time of flight is > 0, so an intercept at or before the
  // earliest launch time would launch too early.
  if (t_i <= earliest_launch_s) return std::nullopt;
  if (path.states.empty() || t_i < path.states.front().t_s || t_i > path.states.back().t_s)
    return std::nullopt;
  return evaluate(b, site, path.at(t_i), t_i, o, earliest_launch_s);
}

// The largest speed of the path as Trajectory::at interpolates it.
double max_speed(const physics::Trajectory& path) {
  double v = 0.0;
  for (std::size_t k = 0; k + 1 < path.states.size(); ++k)
    v = std::max(v, step_speed(path.states[k], path.states[k + 1]));
  if (path.states.size() == 1) v = path.states.front().v_ecef.norm();
  return v;
}

// The earliest time at which an intercept could be feasible, from the
// bounds c of the state at t_s of a path never faster than v_max: the lower bounds of
// evaluate() on the ground range and the geodetic altitude change at most at
// (1 + 0.0035) v_max (the geocentric angle at v / r, the foot's offset with
// the altitude), so while they stay beyond the class's range and ceiling no
// sample can be feasible (a 1 % margin on the rate).
double feasible_not_before(const BatteryGeometry& battery, const SiteFacts& site, double t_s,
                           const Coarse& c, double v_max) {
  const physics::InterceptorClass& cls = *battery.interceptor;
  const double hr = c.hr;
  if (!(hr > 0.0) || !(v_max > 0.0)) return t_s;
  const double rate = 1.01 * v_max;
  double wait = 0.0;
  const double h_lo = hr * (1.0 - 1e-5) - 1e-3;
  if (h_lo > cls.max_intercept_alt_m) wait = (h_lo - cls.max_intercept_alt_m) / rate;
  const double range_lo = range_floor(site, c.angle - feet_angle_slack(battery, site, hr + 1e-3));
  if (range_lo > cls.max_range_m) wait = std::max(wait, (range_lo - cls.max_range_m) / rate);
  return t_s + wait;
}

// Bisection between an infeasible time `bad` and a feasible time `good`; returns
// the feasible opportunity closest to the edge.
InterceptOpportunity refine_edge(const BatteryGeometry& b, const SiteFacts& site,
                                 const physics::Trajectory& path, double bad, double good,
                                 InterceptOpportunity good_opp, double earliest_launch_s,
                                 const WindowOptions& o) {
  while (std::abs(good - bad) > o.edge_tolerance_s) {
    const double mid = 0.5 * (good + bad);
    if (auto m = feasible_at(b, site, path, mid, earliest_launch_s, o)) {
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
  const SiteFacts site = site_facts(battery, options.shape);
  const double v_max = max_speed(path);

  // Runs of feasible intercept-time samples, edges refined. Samples before
  // feasible_not_before() of the last one tried are infeasible unseen.
  std::vector<std::vector<InterceptOpportunity>> runs;
  std::vector<InterceptOpportunity> run;
  double prev_t = t0;
  bool prev_ok = false;
  double not_before = -std::numeric_limits<double>::infinity();
  std::size_t cursor = 0;  // samples go forward along the path
  for (long i = 0; i <= n + 1; ++i) {
    const double t = std::min(t0 + static_cast<double>(i) * step, t1);
    std::optional<InterceptOpportunity> opp;
    if (t >= not_before && t > earliest_launch_s) {
      Coarse c;
      opp = evaluate(battery, site, path.at(t, cursor), t, options, earliest_launch_s, &c);
      if (!opp) not_before = feasible_not_before(battery, site, t, c, v_max);
    }
    if (opp && !prev_ok && i > 0)
      run.push_back(refine_edge(battery, site, path, prev_t, t, *opp, earliest_launch_s, options));
    if (!opp && prev_ok) {
      run.push_back(
          refine_edge(battery, site, path, t, prev_t, run.back(), earliest_launch_s, options));
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
