// 3-DOF point-mass flight on a rotating Earth, integrated in ECEF with an
// adaptive embedded Runge-Kutta method (Dormand-Prince 5(4)) and event
// detection in the manner of Orekit: each event is a switching function
// g(state) whose sign change is located to a tolerance (burnout, staging,
// apogee, altitude crossings, ground impact).
//
// Equations of motion in ECEF (Vallado 2013, sec. 3.7; Zarchan 2012, ch. 37):
//   dr/dt = v
//   dv/dt = g(r) + (T/m) u_thrust + a_drag - 2 w x v - w x (w x r)
//   dm/dt = -T / (g0 Isp)
// drag a_drag = -(rho |v_air| / (2 beta)) v_air with beta = m / (Cd A), v_air = v
// (the atmosphere co-rotates with the Earth, so air velocity is the ECEF velocity).
//
// Measured accuracy (tests/physics/test_flight_oracles.cpp): burnout to
// impact matches Kepler two-body to ~1e-9 (FlightOracle.BurnoutToImpact...);
// minimum-energy angle/speed to < 1e-6; rotation effect vs inertial Kepler
// plus Earth turn ~1e-9; Allen-Eggers re-entry speed 0.21 %; impact altitude
// < 1 mm; fly_to_aim miss < 1 m (limit 50 m) in typically 3-6 Newton
// iterations, 10-30 ms (bench/physics_flight.cpp).
#pragma once

#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

#include "geo/frames.hpp"
#include "physics/earth_model.hpp"
#include "physics/vehicle.hpp"

namespace bulwark::physics {

enum class Phase { boost, midcourse, reentry, impact };

// Altitude of the re-entry interface (descending): phase midcourse -> reentry.
// When the apogee is lower, re-entry starts at the apogee.
constexpr double kReentryInterfaceAltitude_m = 100e3;
const char* to_string(Phase phase);  // "boost", "midcourse", "reentry", "impact"

struct FlightState {
  double t_s = 0.0;  // seconds after the scenario epoch
  geo::Vec3 r_ecef = geo::Vec3::Zero();
  geo::Vec3 v_ecef = geo::Vec3::Zero();
  double mass_kg = 0.0;
  Phase phase = Phase::boost;
};

enum class EventKind { staging, burnout, apogee, reentry_interface, impact };
struct FlightEvent {
  EventKind kind;
  FlightState state;
};

struct Trajectory {
  std::vector<FlightState> states;  // integrator steps, every event included, time-ordered
  std::vector<FlightEvent>
      events;  // in time order; the last is `impact` when the flight ended on the ground
  // State at time t by cubic Hermite interpolation between stored states
  // (positions and velocities); clamps to the first/last state outside.
  FlightState at(double t_s) const;
  // The same for times that mostly increase from call to call: `cursor`
  // (start it at 0) keeps the last segment, so a forward sweep walks on
  // instead of searching; any t_s gives at(t_s)'s result to the bit.
  FlightState at(double t_s, std::size_t& cursor) const;
  const FlightEvent* find(EventKind kind) const;  // first event of that kind, or nullptr
};

struct IntegratorOptions {
  double rel_tol = 1e-10;
  double abs_tol_position_m = 1e-4;
  double abs_tol_velocity_mps = 1e-7;
  double max_step_s = 20.0;
  double event_time_tol_s = 1e-6;  // events located to this in time (impact altitude << 1 m)
  double max_time_s = 7200.0;      // safety stop, after launch
  // Only where the flight lands matters (impact-point spread): no apogee or
  // re-entry interface events (the integrator neither locates them nor
  // steps to them) and only the last state is kept. The landing state then
  // differs from a full flight's by the integrator's own error (the steps
  // are not cut at those events; Coast.ImpactOnlyLandsWhereTheFullFlightDoes).
  bool impact_only = false;
};

enum class Loft { minimum_energy, lofted, depressed };
const char* to_string(Loft loft);  // "minimum-energy", "lofted", "depressed"
// The loft named by its to_string() text; nullopt for any other text.
std::optional<Loft> loft_from_string(std::string_view text);

struct ThreatLaunch {
  geo::Geodetic launch;  // on the ground
  geo::Geodetic aim;     // intended impact point
  Loft loft = Loft::minimum_energy;
  double launch_time_s = 0.0;
};

struct AimResult {
  Trajectory trajectory;         // launch to impact
  double azimuth_rad = 0.0;      // solved launch azimuth
  double pitch_parameter = 0.0;  // solved parameter of the pitch programme (docs/models.md)
  double miss_m = 0.0;           // geodesic distance impact - aim
  int iterations = 0;            // shooting iterations
  double cutoff_fraction = 1.0;  // solved fraction of the last stage's burn (thrust termination)
};

// The pitch programme of a threat (docs/models.md, "Pitch programme"): thrust
// along the local vertical for vertical_rise_s, then its elevation in the
// launch site's (Earth-fixed) East-North-Up frame falls linearly with time to
// burnout_elevation_rad at engine cut-off, at the given azimuth. Cut-off is
// at cutoff_fraction of the last stage's burn time (range control by thrust
// termination); the unburnt propellant leaves with the stage.
struct PitchProgramme {
  double azimuth_rad = 0.0;
  double burnout_elevation_rad = 0.7;
  double cutoff_fraction = 1.0;  // (0, 1]
  double vertical_rise_s = 0.0;  // <= 0: the class default (vertical_rise_time)
};
double vertical_rise_time(const ThreatClass& cls);  // 10 % of the first stage's burn, <= 10 s

// Flies a threat with a given programme from launch to impact (or max_time_s).
Trajectory fly_programme(const ThreatClass& cls, const geo::Geodetic& launch, double launch_time_s,
                         const PitchProgramme& programme, const EarthModel& model,
                         const IntegratorOptions& options = {});

// Target burnout flight-path angle (ECEF velocity above the local horizontal)
// for a loft over a range angle theta: the minimum-energy angle
// (pi - theta) / 4 (Wheelon 1959), +15 deg lofted, -15 deg depressed.
double loft_flight_path_angle(Loft loft, double range_angle_rad);
constexpr double kLoftOffset_rad = 15.0 * 3.14159265358979323846 / 180.0;

// Flight-path angle of an ECEF velocity at an ECEF position, above the local
// (geodetic) horizontal of the model's Earth shape.
double flight_path_angle(const geo::Vec3& r_ecef, const geo::Vec3& v_ecef, const EarthModel& model);

// Height above the Earth shape along the radius, the hot-path altitude of
// the integrator and the trackers' motion models. Differs from the geodetic
// height by h d^2 / 2 (d <= 3.4e-3 rad, the angle between radius and normal):
// < 0.6 m below 100 km, < 6 m at 1000 km, far inside the atmosphere's accuracy.
// Inline: the integrator's hot path.
inline double radial_altitude(const geo::Vec3& r_ecef, const EarthModel& model) {
  const double rn = r_ecef.norm();
  if (model.shape != geo::EarthShape::wgs84) return rn - geo::kSphericalRadius;
  constexpr double a = geo::Wgs84::a;
  constexpr double b = a * (1.0 - geo::Wgs84::f);
  const double s = r_ecef.z() / rn;
  const double s2 = s * s;
  return rn - a * b / std::sqrt(b * b * (1.0 - s2) + a * a * s2);
}

// Coriolis and centrifugal accelerations -2 w x v - w x (w x r) of the
// rotating ECEF frame (zero when the model does not rotate).
inline geo::Vec3 frame_acceleration(const geo::Vec3& r, const geo::Vec3& v,
                                    const EarthModel& model) {
  if (!model.rotation) return geo::Vec3::Zero();
  constexpr double w = geo::Wgs84::omega;
  return {2.0 * w * v.y() + w * w * r.x(), -2.0 * w * v.x() + w * w * r.y(), 0.0};
}

// Geodetic altitude of an ECEF point on the model's Earth shape.
double altitude(const geo::Vec3& r_ecef, const EarthModel& model);

// Flies `cls` from launch so that it lands on aim (within 50 m under the full
// model), solving the launch azimuth and pitch programme by shooting.
// Throws DomainError naming the class and ranges when aim is out of reach.
AimResult fly_to_aim(const ThreatClass& cls, const ThreatLaunch& launch, const EarthModel& model,
                     const IntegratorOptions& options = {});

// Acceleration of an unpowered body in ECEF: gravity + drag (ballistic
// coefficient beta = m / (Cd A), kg/m^2; beta <= 0 or infinite means no
// drag) + Coriolis and centrifugal terms when the model rotates. The same
// function the integrator uses; trackers and impact prediction call it too.
geo::Vec3 ballistic_acceleration(const geo::Vec3& r_ecef, const geo::Vec3& v_ecef,
                                 double beta_kgpm2, const EarthModel& model);

// Coasts an unpowered body from `start` until ground impact (altitude 0,
// found to < 1 m) or t_end_s, whichever comes first.
Trajectory coast(const FlightState& start, double beta_kgpm2, const EarthModel& model,
                 double t_end_s, const IntegratorOptions& options = {});

}  // namespace bulwark::physics
