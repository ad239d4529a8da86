// Threat assessment JSON (`bulwark assess`): per track, the impact point
// prediction with its 95 % ellipse, time to impact, launch point estimate,
// class and confidence, defended assets at risk, rank, and the launch
// windows of every battery. Schema in docs/formats.md, "Threat assessment
// JSON". Angles in degrees, lengths in metres, times in seconds after the
// scenario epoch.
#pragma once

#include <string>
#include <vector>

#include "engage/battery.hpp"
#include "engage/windows.hpp"
#include "threat/assessment.hpp"

namespace bulwark::io {

struct BatteryWindows {
  std::string battery_id;
  std::string nation;
  std::string interceptor;
  double earliest_launch_s = 0.0;  // report time + reaction time
  std::vector<engage::LaunchWindow> windows;
};

struct AssessedThreat {
  threat::ThreatAssessment assessment;
  std::vector<BatteryWindows> batteries;  // every battery, in scenario order
};

struct AssessmentReport {
  std::string scenario;  // scenario name
  std::string epoch_utc;
  std::string tracks_file;
  std::vector<threat::Asset> assets;    // for nation and value of each asset at risk
  std::vector<AssessedThreat> threats;  // ranked
};

std::string assessment_json(const AssessmentReport& report);
// Throws std::runtime_error naming the path when it cannot be written.
void write_assessment(const std::string& path, const AssessmentReport& report);

}  // namespace bulwark::io
