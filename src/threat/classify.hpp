// Threat classification from kinematics against the catalog classes.
//
// Features (kinematic_features): ECEF speed and altitude of the track, the
// two-body (Kepler) apogee altitude and vacuum re-entry speed at 20 km from
// the inertial specific energy and angular momentum (Vallado 2013, sec. 2.2),
// and the ground range launch point -> impact point when both are estimated.
//
// Model (classify_threat): each class c has a uniform prior over its aimable
// ground range [min_range_m, max_range_m] from the catalog; the range estimate
// R with sigma s gives the likelihood
//   L_R(c) = [Phi((Rmax - R)/s) - Phi((Rmin - R)/s)] / (Rmax - Rmin),
// and the observed speed must not exceed the class's ideal (rocket-equation)
// velocity increment dv_c = sum g0 Isp ln(m0/mf) over its stages:
//   L_v(c) = Phi((margin dv_c - v)/speed_sigma).
// Posterior P(c) proportional to L_R L_v (uniform class prior); confidence is
// the best class's posterior. Without a range estimate only L_v is used.
// A kinematic classifier cannot tell two classes apart when both can fly the
// observed range with the observed energy; the confidence then says so.
// Test: Classify.* (tests/threat/test_classify.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "physics/earth_model.hpp"
#include "physics/vehicle.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::threat {

struct KinematicFeatures {
  double speed_mps = 0.0;  // ECEF
  double altitude_m = 0.0;
  double apogee_alt_m = 0.0;             // two-body, inertial
  double reentry_speed_mps = 0.0;        // vacuum, at 20 km, inertial
  std::optional<double> ground_range_m;  // launch -> impact
  double ground_range_sigma_m = 0.0;
};

struct ClassScore {
  std::string threat_class;
  double probability = 0.0;
};

struct ClassifyOptions {
  double range_sigma_floor_m = 20e3;  // floor of s: covers the ballistic launch point bias
  double speed_margin = 1.05;         // on the ideal velocity increment
  double speed_sigma_mps = 100.0;
};

struct Classification {
  std::string threat_class;        // best class, "unknown" when no class fits
  double confidence = 0.0;         // posterior of the best class
  std::vector<ClassScore> scores;  // every catalog class, descending probability
};

KinematicFeatures kinematic_features(const tracking::TrackReport& report,
                                     const physics::EarthModel& model);

// Ideal velocity increment of a class, rocket equation over its stages with
// the RV as payload (m/s).
double ideal_delta_v(const physics::ThreatClass& cls);

Classification classify_threat(const KinematicFeatures& features, const physics::Catalog& catalog,
                               const ClassifyOptions& options = {});

}  // namespace bulwark::threat
