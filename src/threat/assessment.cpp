#include "threat/assessment.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "geo/geodesic.hpp"

namespace bulwark::threat {

namespace {

ThreatAssessment assess(const tracking::TrackReport& report, const std::vector<Asset>& assets,
                        const physics::Catalog& catalog, const AssessmentOptions& options,
                        physics::Trajectory* mean_path) {
  ThreatAssessment a;
  a.track_id = report.track_id;
  a.t_s = report.t_s;
  const geo::EarthShape shape = options.impact.model.shape;
  a.impact = mean_path != nullptr ? predict_impact(report, options.impact, std::move(*mean_path))
                                  : predict_impact(report, options.impact);
  if (options.estimate_launch_point) a.launch = estimate_launch_point(report, options.launch);
  a.features = kinematic_features(report, options.impact.model);
  if (a.impact.valid && a.launch.valid) {
    a.features.ground_range_m =
        geo::geodesic_inverse(a.launch.ground.mean, a.impact.ground.mean, shape).distance_m;
    a.features.ground_range_sigma_m = std::sqrt(a.launch.ground.covariance_en_m2.trace() +
                                                a.impact.ground.covariance_en_m2.trace());
  }
  a.classification = classify_threat(a.features, catalog, options.classify);
  a.risks = asset_risks(a.impact, assets, shape);
  for (const auto& r : a.risks) a.value_at_risk += r.value_at_risk;
  return a;
}

}  // namespace

ThreatAssessment assess_track(const tracking::TrackReport& report, const std::vector<Asset>& assets,
                              const physics::Catalog& catalog, const AssessmentOptions& options) {
  return assess(report, assets, catalog, options, nullptr);
}

ThreatAssessment assess_track(const tracking::TrackReport& report, const std::vector<Asset>& assets,
                              const physics::Catalog& catalog, const AssessmentOptions& options,
                              physics::Trajectory mean_path) {
  return assess(report, assets, catalog, options, &mean_path);
}

void rank_threats(std::vector<ThreatAssessment>& threats) {
  std::stable_sort(threats.begin(), threats.end(),
                   [](const ThreatAssessment& x, const ThreatAssessment& y) {
                     if (x.impact.valid != y.impact.valid) return x.impact.valid;
                     const double tol = 1e-9 * std::max({1.0, x.value_at_risk, y.value_at_risk});
                     if (std::abs(x.value_at_risk - y.value_at_risk) > tol)
                       return x.value_at_risk > y.value_at_risk;
                     return x.impact.time_to_impact_s < y.impact.time_to_impact_s;
                   });
  for (std::size_t i = 0; i < threats.size(); ++i) threats[i].rank = static_cast<int>(i) + 1;
}

}  // namespace bulwark::threat
