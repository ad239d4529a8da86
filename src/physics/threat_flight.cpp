// Threat flights: the pitch programme (fly_programme) and the shooting
// solver that aims it (fly_to_aim). See docs/models.md, "Pitch programme and
// aiming".
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "common/units.hpp"
#include "geo/geodesic.hpp"
#include "physics/flight.hpp"
#include "physics/flight_engine.hpp"
#include "physics/gravity.hpp"

namespace bulwark::physics {
namespace {

std::string km(double m) {
  return std::to_string(static_cast<long>(std::lround(m / 1000.0)));
}

// Impact relative to the aim: geodesic distance and its components along
// (down-range) and across (cross-range, positive to the right) the
// launch-to-aim direction at the aim.
struct Miss {
  double down_m = 0.0;
  double cross_m = 0.0;
  double distance_m = 0.0;
};

Miss miss_of(const geo::Geodetic& impact, const geo::Geodetic& aim, double downrange_az_rad,
             geo::EarthShape shape) {
  const geo::GeodesicInverse inv = geo::geodesic_inverse(aim, impact, shape);
  const double rel = inv.azimuth1_rad - downrange_az_rad;
  return {inv.distance_m * std::cos(rel), inv.distance_m * std::sin(rel), inv.distance_m};
}

}  // namespace

double vertical_rise_time(const ThreatClass& cls) {
  if (cls.stages.empty()) return 0.0;
  return std::min(10.0, 0.1 * cls.stages.front().burn_time_s);
}

double loft_flight_path_angle(Loft loft, double range_angle_rad) {
  const double me = 0.25 * (kPi - range_angle_rad);
  switch (loft) {
    case Loft::lofted:
      return me + kLoftOffset_rad;
    case Loft::depressed:
      return me - kLoftOffset_rad;
    case Loft::minimum_energy:
      break;
  }
  return me;
}

Trajectory fly_programme(const ThreatClass& cls, const geo::Geodetic& launch, double launch_time_s,
                         const PitchProgramme& programme, const EarthModel& model,
                         const IntegratorOptions& options) {
  if (cls.stages.empty()) throw DomainError("threat class " + cls.name + " has no stages");
  const double tau = std::clamp(programme.cutoff_fraction, 1e-3, 1.0);
  FlightSetup setup;
  double mass = cls.rv_mass_kg;
  for (const Stage& s : cls.stages) mass += s.propellant_mass_kg + s.dry_mass_kg;
  const geo::Geodetic pad{launch.lat_rad, launch.lon_rad, launch.alt_m};
  setup.start.t_s = launch_time_s;
  setup.start.r_ecef = geo::to_ecef(pad, model.shape);
  setup.start.v_ecef = geo::Vec3::Zero();
  setup.start.mass_kg = mass;
  setup.start.phase = Phase::boost;

  double t = launch_time_s;
  for (std::size_t k = 0; k < cls.stages.size(); ++k) {
    const Stage& s = cls.stages[k];
    const bool last = k + 1 == cls.stages.size();
    const double mdot = s.propellant_mass_kg / s.burn_time_s;
    const double burn = last ? tau * s.burn_time_s : s.burn_time_s;
    t += burn;
    mass -= s.propellant_mass_kg + s.dry_mass_kg;  // what remains after separation
    BurnSegment b;
    b.t_end_s = t;
    b.thrust_n = kStandardGravity * s.isp_s * mdot;
    b.mass_flow_kgps = mdot;
    b.area_m2 = cls.reference_area_m2;
    b.drag = &cls.drag;
    b.mass_after_kg = mass;
    setup.burns.push_back(b);
  }
  const double t_cut = t - launch_time_s;
  const double t_rise =
      programme.vertical_rise_s > 0.0 ? programme.vertical_rise_s : vertical_rise_time(cls);
  const geo::Mat3 enu_to_ecef = geo::enu_rotation(launch.lat_rad, launch.lon_rad).transpose();
  const double sa = std::sin(programme.azimuth_rad), ca = std::cos(programme.azimuth_rad);
  const double elev_end = programme.burnout_elevation_rad;
  const double t_pitch = std::max(t_cut - t_rise, 1e-3);
  setup.thrust_direction_ecef = [=](double time_s) {
    const double tr = time_s - launch_time_s;
    const double f = std::clamp((tr - t_rise) / t_pitch, 0.0, 1.0);
    const double el = 0.5 * kPi - f * (0.5 * kPi - elev_end);
    const double ce = std::cos(el);
    return geo::Vec3(enu_to_ecef * geo::Vec3(ce * sa, ce * ca, std::sin(el)));
  };
  setup.coast.area_m2 = cls.rv_reference_area_m2;
  setup.coast.drag = &cls.rv_drag;
  setup.t_end_s = launch_time_s + options.max_time_s;
  return integrate_flight(setup, model, options);
}

AimResult fly_to_aim(const ThreatClass& cls, const ThreatLaunch& launch, const EarthModel& model,
                     const IntegratorOptions& options) {
  const geo::EarthShape shape = model.shape;
  const geo::GeodesicInverse path = geo::geodesic_inverse(launch.launch, launch.aim, shape);
  const double range = path.distance_m;
  const std::string limits = "aimable range of " + cls.name + " is " + km(cls.min_range_m) + "-" +
                             km(cls.max_range_m) + " km";
  constexpr double kSlack_m = 1e-3;  // round-off of geodesic computations at the limits
  if (!(range >= cls.min_range_m - kSlack_m && range <= cls.max_range_m + kSlack_m))
    throw DomainError(cls.name + " cannot reach " + km(range) + " km: " + limits);
  const double downrange_az = path.azimuth2_rad;
  const double gamma_target = loft_flight_path_angle(launch.loft, range / earth_radius(model));

  struct Eval {
    Trajectory traj;
    Eigen::Vector3d residual;  // down-range miss, cross-range miss (m), FPA error (rad, scaled)
    double miss_m = 0.0;
    bool impacted = false;
  };
  // The FPA error is scaled to metres so the three residuals weigh alike.
  const double fpa_scale = range;
  auto evaluate = [&](const Eigen::Vector3d& x, const IntegratorOptions& opt) {
    PitchProgramme p;
    p.azimuth_rad = x[0];
    p.burnout_elevation_rad = x[1];
    p.cutoff_fraction = x[2];
    Eval e;
    e.traj = fly_programme(cls, launch.launch, launch.launch_time_s, p, model, opt);
    const FlightEvent* bo = e.traj.find(EventKind::burnout);
    const FlightEvent* hit = e.traj.find(EventKind::impact);
    e.impacted = bo && hit;
    if (!e.impacted) {
      e.residual = Eigen::Vector3d::Constant(1e9);
      e.miss_m = 1e9;
      return e;
    }
    const geo::Geodetic impact = geo::to_geodetic(hit->state.r_ecef, shape);
    const Miss m = miss_of(impact, launch.aim, downrange_az, shape);
    const double gamma = flight_path_angle(bo->state.r_ecef, bo->state.v_ecef, model);
    e.residual << m.down_m, m.cross_m, (gamma - gamma_target) * fpa_scale;
    e.miss_m = m.distance_m;
    return e;
  };

  // Jacobians come from looser flights: they need a few digits only.
  IntegratorOptions coarse = options;
  coarse.rel_tol = std::max(options.rel_tol, 1e-9);

  Eigen::Vector3d x(path.azimuth1_rad, gamma_target, 1.0);
  Eval cur = evaluate(x, options);
  AimResult result;
  constexpr int kMaxIterations = 30;
  constexpr double kMissTol_m = 1.0;
  const double fpa_tol = 1e-4 * fpa_scale;
  int at_full_burn_short = 0;
  int it = 0;
  for (; it < kMaxIterations; ++it) {
    if (cur.impacted && cur.miss_m < kMissTol_m && std::abs(cur.residual[2]) < fpa_tol) break;
    Eigen::Matrix3d jac;
    const Eigen::Vector3d steps(1e-6, 1e-5, 1e-5);
    for (int j = 0; j < 3; ++j) {
      Eigen::Vector3d xp = x;
      double h = steps[j];
      if (j == 2 && xp[2] + h > 1.0) h = -h;  // stay within a full burn
      xp[j] += h;
      jac.col(j) = (evaluate(xp, coarse).residual - cur.residual) / h;
    }
    Eigen::Vector3d dx = -jac.fullPivLu().solve(cur.residual);
    if (!dx.allFinite()) break;
    // Damp large steps: azimuth 0.1 rad, elevation 0.2 rad, cut-off 0.3.
    const double damp =
        std::min({1.0, 0.1 / std::abs(dx[0]), 0.2 / std::abs(dx[1]), 0.3 / std::abs(dx[2])});
    Eigen::Vector3d xn = x + damp * dx;
    xn[1] = std::clamp(xn[1], 0.02, 0.5 * kPi - 0.02);
    xn[2] = std::clamp(xn[2], 0.02, 1.0);
    // Backtrack while the residual grows.
    Eval next = evaluate(xn, options);
    for (int b = 0; b < 6 && next.residual.norm() > cur.residual.norm(); ++b) {
      xn = x + 0.5 * (xn - x);
      next = evaluate(xn, options);
    }
    // Short of the aim at full burn: out of reach for this loft.
    if (xn[2] >= 1.0 && next.residual[0] < -kMissTol_m) {
      if (++at_full_burn_short >= 3) break;
    } else {
      at_full_burn_short = 0;
    }
    x = xn;
    cur = std::move(next);
  }
  if (!cur.impacted || cur.miss_m > 50.0 || std::abs(cur.residual[2]) > 10 * fpa_tol)
    throw DomainError(cls.name + " cannot reach " + km(range) + " km on a " +
                      to_string(launch.loft) + " trajectory (" + limits +
                      " for minimum-energy; lofted and depressed reach less)");
  result.trajectory = std::move(cur.traj);
  result.azimuth_rad = std::fmod(x[0] + 4.0 * kPi, 2.0 * kPi);
  result.pitch_parameter = x[1];
  result.cutoff_fraction = x[2];
  result.miss_m = cur.miss_m;
  result.iterations = it;
  return result;
}

}  // namespace bulwark::physics
