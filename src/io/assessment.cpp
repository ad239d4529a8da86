#include "io/assessment.hpp"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/units.hpp"

namespace bulwark::io {

namespace {

using nlohmann::json;

// JSON has no NaN or infinity: such values are written as null.
json number(double x) {
  return std::isfinite(x) ? json(x) : json(nullptr);
}

json ellipse_json(const threat::GroundEllipse& e) {
  return {{"probability", e.probability},
          {"semi_major_m", number(e.semi_major_m)},
          {"semi_minor_m", number(e.semi_minor_m)},
          {"orientation_deg", number(rad_to_deg(e.orientation_rad))}};
}

json ground_json(const threat::GroundSpread& g) {
  const Eigen::Matrix2d& c = g.covariance_en_m2;
  return {{"lat_deg", rad_to_deg(g.mean.lat_rad)},
          {"lon_deg", rad_to_deg(g.mean.lon_rad)},
          {"covariance_en_m2",
           {{number(c(0, 0)), number(c(0, 1))}, {number(c(1, 0)), number(c(1, 1))}}},
          {"ellipse", ellipse_json(g.ellipse)}};
}

json opportunity_json(const engage::InterceptOpportunity& o) {
  const geo::Geodetic g = geo::to_geodetic(o.intercept_ecef);
  return {{"launch_time_s", o.launch_time_s},
          {"intercept_time_s", o.intercept_time_s},
          {"intercept",
           {{"lat_deg", rad_to_deg(g.lat_rad)},
            {"lon_deg", rad_to_deg(g.lon_rad)},
            {"alt_m", g.alt_m}}},
          {"ground_range_m", o.ground_range_m},
          {"time_of_flight_s", o.time_of_flight_s},
          {"crossing_angle_deg", rad_to_deg(o.crossing_angle_rad)},
          {"pk", o.pk}};
}

json threat_json(const AssessedThreat& t, const AssessmentReport& report) {
  const threat::ThreatAssessment& a = t.assessment;
  json j;
  j["rank"] = a.rank;
  j["track_id"] = a.track_id;
  j["t_s"] = a.t_s;
  if (a.impact.valid) {
    json imp = ground_json(a.impact.ground);
    imp["time_s"] = a.impact.impact_time_s;
    imp["time_sigma_s"] = a.impact.impact_time_sigma_s;
    j["impact"] = imp;
    j["time_to_impact_s"] = a.impact.time_to_impact_s;
  } else {
    j["impact"] = nullptr;
    j["impact_reason"] = a.impact.reason;
    j["time_to_impact_s"] = nullptr;
  }
  if (a.launch.valid) {
    json l = ground_json(a.launch.ground);
    l["time_s"] = a.launch.launch_time_s;
    l["time_sigma_s"] = a.launch.launch_time_sigma_s;
    j["launch"] = l;
  } else {
    j["launch"] = nullptr;
    j["launch_reason"] = a.launch.reason;
  }
  json scores = json::array();
  for (const auto& s : a.classification.scores)
    scores.push_back({{"class", s.threat_class}, {"probability", s.probability}});
  j["classification"] = {{"class", a.classification.threat_class},
                         {"confidence", a.classification.confidence},
                         {"scores", scores}};
  j["kinematics"] = {{"speed_mps", a.features.speed_mps},
                     {"altitude_m", a.features.altitude_m},
                     {"apogee_alt_m", number(a.features.apogee_alt_m)},
                     {"reentry_speed_mps", a.features.reentry_speed_mps},
                     {"ground_range_m", a.features.ground_range_m ? json(*a.features.ground_range_m)
                                                                  : json(nullptr)}};
  json assets = json::array();
  for (const auto& r : a.risks) {
    std::string nation;
    for (const auto& asset : report.assets)
      if (asset.id == r.asset_id) nation = asset.nation;
    assets.push_back({{"id", r.asset_id},
                      {"nation", nation},
                      {"probability", r.probability},
                      {"value_at_risk", r.value_at_risk}});
  }
  j["assets"] = assets;
  j["value_at_risk"] = a.value_at_risk;
  json batteries = json::array();
  for (const auto& b : t.batteries) {
    json windows = json::array();
    for (const auto& w : b.windows) {
      json opps = json::array();
      for (const auto& o : w.opportunities) opps.push_back(opportunity_json(o));
      windows.push_back({{"open_s", w.open_s}, {"close_s", w.close_s}, {"opportunities", opps}});
    }
    batteries.push_back({{"battery", b.battery_id},
                         {"nation", b.nation},
                         {"interceptor", b.interceptor},
                         {"earliest_launch_s", b.earliest_launch_s},
                         {"windows", windows}});
  }
  j["batteries"] = batteries;
  return j;
}

}  // namespace

std::string assessment_json(const AssessmentReport& report) {
  json threats = json::array();
  for (const auto& t : report.threats) threats.push_back(threat_json(t, report));
  const json root = {{"scenario", report.scenario},
                     {"epoch_utc", report.epoch_utc},
                     {"tracks_file", report.tracks_file},
                     {"threats", threats}};
  return root.dump(2) + "\n";
}

void write_assessment(const std::string& path, const AssessmentReport& report) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error(path + ": cannot open the file for writing");
  out << assessment_json(report);
  if (!out) throw std::runtime_error(path + ": write failed");
}

}  // namespace bulwark::io
