#include "physics/interceptor.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.hpp"
#include "common/units.hpp"
#include "geo/geodesic.hpp"
#include "physics/flight_engine.hpp"

namespace bulwark::physics {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// Flies the interceptor with its thrust along a fixed Earth-fixed direction
// (unit vector in ECEF) for the whole boost, then coasts the kill vehicle.
Trajectory fly_direction(const InterceptorClass& cls, const geo::Vec3& pad_ecef,
                         const geo::Vec3& direction, double launch_time_s, const EarthModel& model,
                         bool stop_at_point, const geo::Vec3& point) {
  FlightSetup setup;
  double mass = cls.kill_vehicle_mass_kg;
  for (const Stage& s : cls.stages) mass += s.propellant_mass_kg + s.dry_mass_kg;
  setup.start.t_s = launch_time_s;
  setup.start.r_ecef = pad_ecef;
  setup.start.v_ecef = geo::Vec3::Zero();
  setup.start.mass_kg = mass;
  setup.start.phase = Phase::boost;
  double t = launch_time_s;
  for (const Stage& s : cls.stages) {
    const double mdot = s.propellant_mass_kg / s.burn_time_s;
    t += s.burn_time_s;
    mass -= s.propellant_mass_kg + s.dry_mass_kg;
    setup.burns.push_back(
        {t, kStandardGravity * s.isp_s * mdot, mdot, cls.reference_area_m2, &cls.drag, mass});
  }
  setup.thrust_direction_ecef = [direction](double) { return direction; };
  setup.coast.area_m2 = cls.reference_area_m2;
  setup.coast.drag = &cls.drag;
  setup.t_end_s = launch_time_s + cls.max_time_of_flight_s;
  setup.stop_at_closest_approach = stop_at_point;
  setup.approach_point_ecef = point;
  IntegratorOptions opt;
  opt.rel_tol = 1e-9;
  opt.max_step_s = 5.0;
  return integrate_flight(setup, model, opt);
}

// Closest point of the trajectory to p among its stored states (the flight
// stops at the closest approach, so that is its last state when reached).
double distance_at_end(const Trajectory& t, const geo::Vec3& p) {
  return (t.states.back().r_ecef - p).norm();
}

}  // namespace

Trajectory fly_interceptor(const InterceptorClass& cls, const geo::Geodetic& site,
                           const geo::Vec3& aim_ecef, double launch_time_s,
                           const EarthModel& model) {
  if (cls.stages.empty()) throw DomainError("interceptor class " + cls.name + " has no stages");
  const geo::Geodetic pad{site.lat_rad, site.lon_rad, site.alt_m};
  const geo::Vec3 pad_ecef = geo::to_ecef(pad, model.shape);
  // Virtual aim point iteration: aim the boost at a point shifted against
  // the last miss (gravity drop, drag), until the miss is under a metre.
  geo::Vec3 virtual_aim = aim_ecef;
  Trajectory best;
  double best_miss = std::numeric_limits<double>::infinity();
  for (int it = 0; it < 12; ++it) {
    const geo::Vec3 dir = (virtual_aim - pad_ecef).normalized();
    Trajectory t = fly_direction(cls, pad_ecef, dir, launch_time_s, model, true, aim_ecef);
    const double miss = distance_at_end(t, aim_ecef);
    const geo::Vec3 miss_vec = t.states.back().r_ecef - aim_ecef;
    const bool better = miss < best_miss;
    if (better) {
      best_miss = miss;
      best = std::move(t);
    }
    if (best_miss < 1.0 || !better) break;
    virtual_aim -= miss_vec;
  }
  return best;
}

std::optional<double> EnvelopeTable::time_of_flight(double range_m, double alt) const {
  if (ground_range_m.size() < 2 || alt_m.size() < 2) return std::nullopt;
  if (!(range_m >= ground_range_m.front() && range_m <= ground_range_m.back())) return std::nullopt;
  if (!(alt >= alt_m.front() && alt <= alt_m.back())) return std::nullopt;
  auto cell = [](const std::vector<double>& g, double x) {
    const auto it = std::upper_bound(g.begin(), g.end(), x);
    std::size_t i = static_cast<std::size_t>(it - g.begin());
    i = std::clamp<std::size_t>(i, 1, g.size() - 1) - 1;
    return std::pair<std::size_t, double>(i, (x - g[i]) / (g[i + 1] - g[i]));
  };
  const auto [i, fr] = cell(ground_range_m, range_m);
  const auto [j, fa] = cell(alt_m, alt);
  const std::size_t na = alt_m.size();
  const double t00 = tof_s[i * na + j], t01 = tof_s[i * na + j + 1];
  const double t10 = tof_s[(i + 1) * na + j], t11 = tof_s[(i + 1) * na + j + 1];
  if (std::isnan(t00) || std::isnan(t01) || std::isnan(t10) || std::isnan(t11)) return std::nullopt;
  return (1 - fr) * ((1 - fa) * t00 + fa * t01) + fr * ((1 - fa) * t10 + fa * t11);
}

EnvelopeTable build_envelope(const InterceptorClass& cls, const EarthModel& model) {
  constexpr int kRanges = 41, kAlts = 31, kFan = 60;
  EnvelopeTable env;
  for (int i = 0; i < kRanges; ++i)
    env.ground_range_m.push_back(cls.max_range_m * i / (kRanges - 1));
  for (int j = 0; j < kAlts; ++j)
    env.alt_m.push_back(cls.min_intercept_alt_m +
                        (cls.max_intercept_alt_m - cls.min_intercept_alt_m) * j / (kAlts - 1));
  env.tof_s.assign(static_cast<std::size_t>(kRanges * kAlts), kNan);

  // A fan of flyouts north from a site on the equator, elevations 3..90 deg.
  const geo::Geodetic site{0.0, 0.0, 0.0};
  const geo::Vec3 pad = geo::to_ecef(site, model.shape);
  const geo::Mat3 enu_to_ecef = geo::enu_rotation(0.0, 0.0).transpose();
  // crossing[k][j]: (ground range, time) where flyout k first climbs through alt_m[j].
  std::vector<std::vector<std::pair<double, double>>> crossing(
      kFan, std::vector<std::pair<double, double>>(kAlts, {kNan, kNan}));
  for (int k = 0; k < kFan; ++k) {
    const double el = deg_to_rad(3.0 + (90.0 - 3.0) * k / (kFan - 1));
    const geo::Vec3 dir = enu_to_ecef * geo::Vec3(0.0, std::cos(el), std::sin(el));
    const Trajectory t = fly_direction(cls, pad, dir, 0.0, model, false, geo::Vec3::Zero());
    std::size_t s = 1;
    for (int j = 0; j < kAlts; ++j) {
      const double h = env.alt_m[static_cast<std::size_t>(j)];
      while (s < t.states.size() && altitude(t.states[s].r_ecef, model) < h) ++s;
      if (s >= t.states.size()) break;
      if (altitude(t.states[s - 1].r_ecef, model) > h) continue;  // started above (h = 0)
      double lo = t.states[s - 1].t_s, hi = t.states[s].t_s;
      for (int b = 0; b < 40 && hi - lo > 1e-4; ++b) {
        const double mid = 0.5 * (lo + hi);
        (altitude(t.at(mid).r_ecef, model) < h ? lo : hi) = mid;
      }
      const geo::Geodetic g = geo::to_geodetic(t.at(hi).r_ecef, model.shape);
      const double range = geo::geodesic_inverse(site, g, model.shape).distance_m;
      crossing[static_cast<std::size_t>(k)][static_cast<std::size_t>(j)] = {range, hi};
    }
  }
  // Each grid point: fastest time among pairs of neighbouring flyouts whose
  // crossings of that altitude bracket its ground range (linear in range).
  for (int j = 0; j < kAlts; ++j) {
    for (int i = 0; i < kRanges; ++i) {
      const double r = env.ground_range_m[static_cast<std::size_t>(i)];
      double best = kNan;
      for (int k = 0; k + 1 < kFan; ++k) {
        const auto [r0, t0] = crossing[static_cast<std::size_t>(k)][static_cast<std::size_t>(j)];
        const auto [r1, t1] =
            crossing[static_cast<std::size_t>(k + 1)][static_cast<std::size_t>(j)];
        if (std::isnan(r0) || std::isnan(r1)) continue;
        const double lo = std::min(r0, r1), hi = std::max(r0, r1);
        if (r < lo || r > hi) continue;
        const double f = hi > lo ? (r - r0) / (r1 - r0) : 0.0;
        const double tof = t0 + f * (t1 - t0);
        if (std::isnan(best) || tof < best) best = tof;
      }
      // Below the steepest flyout's range (near-vertical shots): use it when
      // it is within one grid cell.
      if (std::isnan(best)) {
        for (int k = 0; k < kFan; ++k) {
          const auto [rk, tk] = crossing[static_cast<std::size_t>(k)][static_cast<std::size_t>(j)];
          if (!std::isnan(rk) && r <= rk && rk - r <= cls.max_range_m / (kRanges - 1) &&
              (std::isnan(best) || tk < best))
            best = tk;
        }
      }
      if (!std::isnan(best) && best <= cls.max_time_of_flight_s)
        env.tof_s[static_cast<std::size_t>(i * kAlts + j)] = best;
    }
  }
  return env;
}

}  // namespace bulwark::physics
