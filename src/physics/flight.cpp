#include <algorithm>
#include <array>
#include <cmath>

#include "common/units.hpp"
#include "physics/atmosphere.hpp"
#include "physics/dormand_prince.hpp"
#include "physics/flight_engine.hpp"
#include "physics/gravity.hpp"

namespace bulwark::physics {
namespace {

using Y = Eigen::Matrix<double, 7, 1>;
constexpr double kTopOfAtmosphere_m = 1000e3;

double density_at(double alt_m, const EarthModel& model) {
  return model.density ? model.density(alt_m) : ussa76_density(alt_m);
}

// Outward normal of the Earth shape through r (ellipsoid gradient); its dot
// product with v is the rate of change of altitude to O(e^2 h / R).
geo::Vec3 up_direction(const geo::Vec3& r, const EarthModel& model) {
  if (model.shape != geo::EarthShape::wgs84) return r.normalized();
  constexpr double b = geo::Wgs84::a * (1.0 - geo::Wgs84::f);
  constexpr double ratio = geo::Wgs84::a * geo::Wgs84::a / (b * b);
  return geo::Vec3(r.x(), r.y(), r.z() * ratio).normalized();
}

}  // namespace

const char* to_string(Loft loft) {
  switch (loft) {
    case Loft::minimum_energy:
      return "minimum-energy";
    case Loft::lofted:
      return "lofted";
    case Loft::depressed:
      return "depressed";
  }
  return "unknown";
}

std::optional<Loft> loft_from_string(std::string_view text) {
  for (Loft l : {Loft::minimum_energy, Loft::lofted, Loft::depressed})
    if (text == to_string(l)) return l;
  return std::nullopt;
}

const char* to_string(Phase phase) {
  switch (phase) {
    case Phase::boost:
      return "boost";
    case Phase::midcourse:
      return "midcourse";
    case Phase::reentry:
      return "reentry";
    case Phase::impact:
      return "impact";
  }
  return "unknown";
}

double altitude(const geo::Vec3& r_ecef, const EarthModel& model) {
  if (model.shape != geo::EarthShape::wgs84) return r_ecef.norm() - geo::kSphericalRadius;
  return geo::to_geodetic(r_ecef, geo::EarthShape::wgs84).alt_m;
}

double flight_path_angle(const geo::Vec3& r_ecef, const geo::Vec3& v_ecef,
                         const EarthModel& model) {
  const double speed = v_ecef.norm();
  if (speed == 0.0) return 0.0;
  const double s = std::clamp(up_direction(r_ecef, model).dot(v_ecef) / speed, -1.0, 1.0);
  return std::asin(s);
}

geo::Vec3 drag_acceleration(const geo::Vec3& r_ecef, const geo::Vec3& v_ecef, double mass_kg,
                            double area_m2, const DragTable& drag, const EarthModel& model) {
  if (!model.atmosphere || area_m2 <= 0.0 || mass_kg <= 0.0) return geo::Vec3::Zero();
  const double alt = radial_altitude(r_ecef, model);
  if (alt > kTopOfAtmosphere_m) return geo::Vec3::Zero();
  const double speed = v_ecef.norm();
  if (speed == 0.0) return geo::Vec3::Zero();
  const double rho = density_at(alt, model);
  const double cd =
      drag.mach_cd.size() <= 1 ? drag.cd(0.0) : drag.cd(speed / ussa76(alt).speed_of_sound_mps);
  return -(0.5 * rho * speed * cd * area_m2 / mass_kg) * v_ecef;
}

geo::Vec3 ballistic_acceleration(const geo::Vec3& r_ecef, const geo::Vec3& v_ecef,
                                 double beta_kgpm2, const EarthModel& model) {
  geo::Vec3 a = gravity_ecef(r_ecef, model) + frame_acceleration(r_ecef, v_ecef, model);
  if (model.atmosphere && beta_kgpm2 > 0.0 && std::isfinite(beta_kgpm2)) {
    const double alt = radial_altitude(r_ecef, model);
    if (alt <= kTopOfAtmosphere_m)
      a -= (density_at(alt, model) * v_ecef.norm() / (2.0 * beta_kgpm2)) * v_ecef;
  }
  return a;
}

Trajectory integrate_flight(const FlightSetup& setup, const EarthModel& model,
                            const IntegratorOptions& options, FlightSummary* summary) {
  Trajectory traj;
  std::size_t burn = 0;  // index of the burning segment; == burns.size() when coasting
  Phase phase = setup.start.phase;
  if (!setup.burns.empty()) phase = Phase::boost;
  const auto& burns = setup.burns;

  auto rhs = [&](double t, const Y& y) -> Y {
    const geo::Vec3 r = y.head<3>();
    const geo::Vec3 v = y.segment<3>(3);
    const double m = std::max(y[6], 1e-3);
    geo::Vec3 a = gravity_ecef(r, model) + frame_acceleration(r, v, model);
    double dm = 0.0;
    if (burn < burns.size()) {
      const BurnSegment& b = burns[burn];
      a += (b.thrust_n / m) * setup.thrust_direction_ecef(t);
      if (b.drag) a += drag_acceleration(r, v, m, b.area_m2, *b.drag, model);
      dm = -b.mass_flow_kgps;
    } else if (setup.coast.drag) {
      a += drag_acceleration(r, v, m, setup.coast.area_m2, *setup.coast.drag, model);
    } else if (setup.coast.beta_kgpm2 > 0.0 && model.atmosphere) {
      const double alt = radial_altitude(r, model);
      if (alt <= kTopOfAtmosphere_m)
        a -= (density_at(alt, model) * v.norm() / (2.0 * setup.coast.beta_kgpm2)) * v;
    }
    Y dy;  // element-wise, not the comma initializer (its dynamic blocks are slow here)
    dy.head<3>() = v;
    dy.segment<3>(3) = a;
    dy[6] = dm;
    return dy;
  };

  auto state_of = [&](double t, const Y& y) {
    return FlightState{t, y.head<3>(), y.segment<3>(3), y[6], phase};
  };
  auto record = [&](EventKind kind, double t, const Y& y) {
    traj.events.push_back({kind, state_of(t, y)});
  };

  using Detector = EventDetector<7>;
  std::array<Detector, 5> detectors;
  // Staging / burnout: a time event at the end of the burning segment.
  detectors[0].g = [&](double t, const Y&) {
    return burn < burns.size() ? t - burns[burn].t_end_s : -1.0;
  };
  detectors[0].direction = +1;
  detectors[0].handler = [&](double t, Y& y) {
    y[6] = burns[burn].mass_after_kg;
    ++burn;
    if (burn == burns.size()) {
      phase = Phase::midcourse;
      record(EventKind::burnout, t, y);
    } else {
      record(EventKind::staging, t, y);
    }
    return EventAction::reset;
  };
  // Ground impact: geodetic altitude crosses zero downwards. The radial
  // altitude has its sign (both measure whether the point is outside the
  // Earth shape) and differs from it by under 1e-5 of itself, so it is
  // watched instead, with the geodetic one within a metre of the ground.
  detectors[1].g = [&](double, const Y& y) { return altitude(y.head<3>(), model); };
  detectors[1].sign_of_g = [&](double, const Y& y) {
    const double h = radial_altitude(y.head<3>(), model);
    return std::abs(h) > 1.0 ? h : altitude(y.head<3>(), model);
  };
  detectors[1].direction = -1;
  detectors[1].handler = [&](double t, Y& y) {
    phase = Phase::impact;
    record(EventKind::impact, t, y);
    return EventAction::stop;
  };
  // Apogee: the rate of change of altitude crosses zero downwards after burnout.
  detectors[2].g = [&](double, const Y& y) {
    if (burn < burns.size()) return 1.0;
    return up_direction(y.head<3>(), model).dot(y.segment<3>(3));
  };
  detectors[2].direction = -1;
  detectors[2].handler = [&](double t, Y& y) {
    record(EventKind::apogee, t, y);
    if (phase == Phase::midcourse && altitude(y.head<3>(), model) < kReentryInterfaceAltitude_m) {
      phase = Phase::reentry;
      record(EventKind::reentry_interface, t, y);
    }
    return EventAction::proceed;
  };
  // Re-entry interface: altitude crosses kReentryInterfaceAltitude_m downwards in midcourse.
  detectors[3].g = [&](double, const Y& y) {
    if (phase != Phase::midcourse) return 1.0;
    return altitude(y.head<3>(), model) - kReentryInterfaceAltitude_m;
  };
  // The same sign from the radial altitude away from the interface (the two
  // altitudes differ by h d^2 / 2 < 6e-6 h, radial_altitude in flight.hpp).
  detectors[3].sign_of_g = [&](double, const Y& y) {
    if (phase != Phase::midcourse) return 1.0;
    const double d = radial_altitude(y.head<3>(), model) - kReentryInterfaceAltitude_m;
    return std::abs(d) > 1.0 + 1e-5 * kReentryInterfaceAltitude_m
               ? d
               : altitude(y.head<3>(), model) - kReentryInterfaceAltitude_m;
  };
  detectors[3].direction = -1;
  detectors[3].handler = [&](double t, Y& y) {
    phase = Phase::reentry;
    record(EventKind::reentry_interface, t, y);
    return EventAction::proceed;
  };
  // Without flight events (impact_only) the burn end and the impact alone.
  std::size_t n_detectors = options.impact_only ? 2 : 4;
  if (setup.stop_at_closest_approach) {
    // Closest approach to a point (interceptors): (r - p) . v crosses zero upwards.
    Detector& d = detectors[n_detectors++];
    d.g = [&](double, const Y& y) {
      return (y.head<3>() - setup.approach_point_ecef).dot(y.segment<3>(3));
    };
    d.sign_of_g = nullptr;
    d.direction = +1;
    d.handler = [](double, Y&) { return EventAction::stop; };
  }

  DormandPrinceOptions<7> dp;
  dp.rel_tol = options.rel_tol;
  dp.abs_tol << Eigen::Vector3d::Constant(options.abs_tol_position_m),
      Eigen::Vector3d::Constant(options.abs_tol_velocity_mps), 1e-3;
  dp.max_step = options.max_step_s;
  dp.event_time_tol = options.event_time_tol_s;

  Y y0;
  y0 << setup.start.r_ecef, setup.start.v_ecef, setup.start.mass_kg;
  auto on_step = [&](double t, const Y& y, const Y&) {
    if (options.impact_only && !traj.states.empty())
      traj.states.back() = state_of(t, y);
    else if (!traj.states.empty() && traj.states.back().t_s == t)
      traj.states.back() = state_of(t, y);
    else
      traj.states.push_back(state_of(t, y));
  };
  // A body starting below ground and descending has already impacted.
  if (altitude(setup.start.r_ecef, model) < 0.0 && burns.empty() &&
      up_direction(setup.start.r_ecef, model).dot(setup.start.v_ecef) <= 0.0) {
    phase = Phase::impact;
    traj.states.push_back(state_of(setup.start.t_s, y0));
    traj.events.push_back({EventKind::impact, traj.states.back()});
    return traj;
  }
  const IntegrationSummary s =
      dormand_prince<7>(rhs, setup.start.t_s, y0, setup.t_end_s, dp,
                        std::span<Detector>(detectors.data(), n_detectors), on_step);
  if (summary) {
    summary->steps = s.accepted_steps;
    summary->rhs_evaluations = s.rhs_evaluations;
  }
  return traj;
}

Trajectory coast(const FlightState& start, double beta_kgpm2, const EarthModel& model,
                 double t_end_s, const IntegratorOptions& options) {
  FlightSetup setup;
  setup.start = start;
  if (setup.start.phase == Phase::boost) setup.start.phase = Phase::midcourse;
  setup.coast.beta_kgpm2 = std::isfinite(beta_kgpm2) ? beta_kgpm2 : 0.0;
  setup.t_end_s = std::min(t_end_s, start.t_s + options.max_time_s);
  return integrate_flight(setup, model, options);
}

namespace {

// Cubic Hermite between the stored states a and b (a.t_s <= t_s < b.t_s).
FlightState hermite(const FlightState& a, const FlightState& b, double t_s) {
  const double h = b.t_s - a.t_s;
  if (h <= 0.0) return b;
  const double s = (t_s - a.t_s) / h;
  const double s2 = s * s, s3 = s2 * s;
  FlightState out;
  out.t_s = t_s;
  out.r_ecef = (2 * s3 - 3 * s2 + 1) * a.r_ecef + ((s3 - 2 * s2 + s) * h) * a.v_ecef +
               (-2 * s3 + 3 * s2) * b.r_ecef + ((s3 - s2) * h) * b.v_ecef;
  // Velocity: derivative of the position cubic.
  out.v_ecef = ((6 * s2 - 6 * s) / h) * a.r_ecef + (3 * s2 - 4 * s + 1) * a.v_ecef +
               ((-6 * s2 + 6 * s) / h) * b.r_ecef + (3 * s2 - 2 * s) * b.v_ecef;
  out.mass_kg = a.mass_kg + s * (b.mass_kg - a.mass_kg);
  out.phase = a.phase;
  return out;
}

}  // namespace

FlightState Trajectory::at(double t_s) const {
  if (states.empty()) return {};
  if (t_s <= states.front().t_s) return states.front();
  if (t_s >= states.back().t_s) return states.back();
  const auto hi = std::upper_bound(states.begin(), states.end(), t_s,
                                   [](double t, const FlightState& s) { return t < s.t_s; });
  return hermite(*(hi - 1), *hi, t_s);
}

FlightState Trajectory::at(double t_s, std::size_t& cursor) const {
  if (states.empty()) return {};
  if (t_s <= states.front().t_s) return states.front();
  if (t_s >= states.back().t_s) return states.back();
  // The segment upper_bound finds: the last state at or before t_s.
  if (cursor >= states.size() || states[cursor].t_s > t_s) cursor = 0;
  while (states[cursor + 1].t_s <= t_s) ++cursor;
  return hermite(states[cursor], states[cursor + 1], t_s);
}

const FlightEvent* Trajectory::find(EventKind kind) const {
  const auto it = std::find_if(events.begin(), events.end(),
                               [&](const FlightEvent& e) { return e.kind == kind; });
  return it == events.end() ? nullptr : &*it;
}

}  // namespace bulwark::physics
