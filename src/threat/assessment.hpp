// Threat assessment of one track: impact point prediction, launch point
// estimate, classification, defended assets at risk, and the ranking of all
// threats. Pure functions on plain structs; C2 side only (reads tracks, never
// truth).
//
// Ranking (rank_threats): by value at risk = sum over assets of
// value x P(impact within the asset's radius), descending; ties (within 1e-9
// relative) by time to impact, ascending; threats without a valid impact
// prediction last.
#pragma once

#include <cstdint>
#include <vector>

#include "physics/vehicle.hpp"
#include "threat/asset.hpp"
#include "threat/asset_risk.hpp"
#include "threat/classify.hpp"
#include "threat/impact.hpp"
#include "threat/launch_point.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::threat {

struct AssessmentOptions {
  ImpactOptions impact;
  LaunchPointOptions launch;
  ClassifyOptions classify;
  bool estimate_launch_point = true;
};

struct ThreatAssessment {
  std::uint32_t track_id = 0;
  double t_s = 0.0;  // time of the track report assessed
  ImpactPrediction impact;
  LaunchPointEstimate launch;
  KinematicFeatures features;
  Classification classification;
  std::vector<AssetRisk> risks;  // assets with a non-negligible probability
  double value_at_risk = 0.0;    // sum of risks[].value_at_risk
  int rank = 0;                  // 1 = most threatening, set by rank_threats()
};

ThreatAssessment assess_track(const tracking::TrackReport& report, const std::vector<Asset>& assets,
                              const physics::Catalog& catalog, const AssessmentOptions& options);

// The same, reusing the report's predicted path from threat::predict_mean_path
// (one propagation fewer).
ThreatAssessment assess_track(const tracking::TrackReport& report, const std::vector<Asset>& assets,
                              const physics::Catalog& catalog, const AssessmentOptions& options,
                              physics::Trajectory mean_path);

// Sorts by the ranking above and sets rank = 1, 2, ...
void rank_threats(std::vector<ThreatAssessment>& threats);

}  // namespace bulwark::threat
