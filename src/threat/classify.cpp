#include "threat/classify.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "common/units.hpp"
#include "physics/gravity.hpp"

namespace bulwark::threat {

namespace {

double phi(double x) {
  return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

}  // namespace

KinematicFeatures kinematic_features(const tracking::TrackReport& report,
                                     const physics::EarthModel& model) {
  KinematicFeatures f;
  const geo::Vec3 r = report.state.head<3>();
  const geo::Vec3 v = report.state.segment<3>(3);
  f.speed_mps = v.norm();
  const geo::Geodetic g = geo::to_geodetic(r, model.shape);
  f.altitude_m = g.alt_m;
  // Inertial velocity: the ECEF velocity plus the Earth's rotation at r.
  const geo::Vec3 omega(0.0, 0.0, model.rotation ? geo::Wgs84::omega : 0.0);
  const geo::Vec3 vi = v + omega.cross(r);
  const double mu = physics::earth_gm(model);
  const double rn = r.norm();
  const double energy = 0.5 * vi.squaredNorm() - mu / rn;
  const double local_radius = rn - g.alt_m;  // Earth radius under the track
  const double h = r.cross(vi).norm();
  if (energy < 0.0) {
    const double a = -mu / (2.0 * energy);
    const double e = std::sqrt(std::max(0.0, 1.0 + 2.0 * energy * h * h / (mu * mu)));
    f.apogee_alt_m = a * (1.0 + e) - local_radius;
  } else {
    f.apogee_alt_m = std::numeric_limits<double>::infinity();
  }
  f.reentry_speed_mps = std::sqrt(std::max(0.0, 2.0 * (energy + mu / (local_radius + 20e3))));
  return f;
}

double ideal_delta_v(const physics::ThreatClass& cls) {
  double payload = cls.rv_mass_kg;
  double dv = 0.0;
  // From the last stage down: each stage carries everything above it.
  for (auto it = cls.stages.rbegin(); it != cls.stages.rend(); ++it) {
    const double m0 = payload + it->dry_mass_kg + it->propellant_mass_kg;
    const double mf = payload + it->dry_mass_kg;
    if (mf > 0.0 && m0 > mf) dv += kStandardGravity * it->isp_s * std::log(m0 / mf);
    payload = m0;
  }
  return dv;
}

Classification classify_threat(const KinematicFeatures& features, const physics::Catalog& catalog,
                               const ClassifyOptions& options) {
  Classification out;
  double total = 0.0;
  for (const auto& cls : catalog.threats) {
    double l = phi((options.speed_margin * ideal_delta_v(cls) - features.speed_mps) /
                   options.speed_sigma_mps);
    if (features.ground_range_m) {
      const double s = std::max(features.ground_range_sigma_m, options.range_sigma_floor_m);
      const double r = *features.ground_range_m;
      const double width = std::max(cls.max_range_m - cls.min_range_m, 1.0);
      l *= (phi((cls.max_range_m - r) / s) - phi((cls.min_range_m - r) / s)) / width;
    }
    out.scores.push_back({cls.name, l});
    total += l;
  }
  if (total <= 0.0 || !std::isfinite(total)) {
    out.threat_class = "unknown";
    for (auto& s : out.scores) s.probability = 0.0;
    return out;
  }
  for (auto& s : out.scores) s.probability /= total;
  std::stable_sort(
      out.scores.begin(), out.scores.end(),
      [](const ClassScore& a, const ClassScore& b) { return a.probability > b.probability; });
  out.threat_class = out.scores.front().threat_class;
  out.confidence = out.scores.front().probability;
  return out;
}

}  // namespace bulwark::threat
