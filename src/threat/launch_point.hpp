// Launch point estimation: each sigma point of the track state is flown
// BACKWARD in time (fixed-step classical Runge-Kutta 4 with a negative step on
// physics::ballistic_acceleration: gravity with J2 and Earth rotation, no drag
// by default) until it crosses the ground; the crossing is located by
// bisection on the last step to < 1e-3 s. Mean launch point, launch time and
// their uncertainty come from the unscented transform (ground_ellipse.hpp).
//
// Boost-phase approximation: the powered ascent is replaced by the ballistic
// arc through the observed (post-burnout) state. The estimate is therefore the
// "ballistic launch point": for a real missile it lies along the ground track,
// displaced from the true launch point by the difference between the powered
// and the ballistic ascent (of the order of the burnout ground range, tens of
// km for the notional SRBMs, growing with burn time), and the launch time is
// the ballistic one. For a purely ballistic flight it is exact up to the
// integrator: recovered to < 10 m (test LaunchPoint.RecoversBallisticLaunchPoint).
// Uncertainty shrinks with track length because the state covariance does
// (test LaunchPoint.ErrorShrinksWithTrackLength).
#pragma once

#include <string>

#include "physics/earth_model.hpp"
#include "threat/ground_ellipse.hpp"
#include "threat/sigma_points.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::threat {

struct LaunchPointOptions {
  UnscentedParameters unscented;
  double step_s = 0.5;         // RK4 step (backward)
  double max_back_s = 3600.0;  // give up when no ground crossing within this time
  bool use_drag = false;       // drag with the report's beta on the way back
  double probability = 0.95;
  physics::EarthModel model;
};

struct LaunchPointEstimate {
  bool valid = false;
  std::string reason;
  GroundSpread ground;         // launch point (alt 0), East-North covariance, ellipse
  double launch_time_s = 0.0;  // after the scenario epoch
  double launch_time_sigma_s = 0.0;
};

LaunchPointEstimate estimate_launch_point(const tracking::TrackReport& report,
                                          const LaunchPointOptions& options);

// One backward ballistic flight from (r, v) at t to the ground: returns false
// when it does not reach altitude 0 within max_back_s.
struct GroundCrossing {
  geo::Vec3 r_ecef = geo::Vec3::Zero();
  double t_s = 0.0;
};
bool fly_back_to_ground(const geo::Vec3& r_ecef, const geo::Vec3& v_ecef, double t_s,
                        double beta_kgpm2, const LaunchPointOptions& options, GroundCrossing& out);

}  // namespace bulwark::threat
