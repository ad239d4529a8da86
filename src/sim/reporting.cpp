#include "sim/reporting.hpp"

#include <algorithm>

#include "common/units.hpp"

namespace bulwark::sim {
namespace {

const char* outcome_of(ThreatFate f) {
  switch (f) {
    case ThreatFate::killed:
      return "killed";
    case ThreatFate::impacted:
      return "leaked";
    case ThreatFate::flying:
      return "in flight";
    case ThreatFate::not_launched:
      return "not launched";
  }
  return "unknown";
}

io::Interval interval(const Estimate& e) {
  return {e.mean, e.lo, e.hi};
}

void sample_path(const physics::Trajectory& path, double from_s, double to_s, double step_s,
                 std::vector<std::pair<double, geo::Vec3>>& out) {
  if (path.states.empty() || to_s < from_s) return;
  for (double t = from_s; t < to_s; t += step_s) out.emplace_back(t, path.at(t).r_ecef);
  out.emplace_back(to_s, path.at(to_s).r_ecef);
}

}  // namespace

io::RunReport make_run_report(const PreparedScenario& p, const RunResult& r,
                              bool perfect_information) {
  const io::Scenario& s = p.scenario;
  io::RunReport rep;
  rep.scenario = s.name;
  rep.source = s.source;
  rep.seed = s.seed;
  rep.replication = r.replication;
  rep.perfect_information = perfect_information;
  rep.end_s = r.end_s;
  for (const auto& a : s.assets) {
    io::AssetReport ar;
    ar.id = a.id;
    ar.nation = a.nation;
    ar.kind = a.kind;
    ar.value = a.value;
    rep.assets.push_back(ar);
    rep.value_defended += a.value;
  }
  for (std::size_t i = 0; i < s.threats.size(); ++i) {
    const ThreatRecord& t = r.threats[i];
    io::ThreatReport tr;
    tr.id = s.threats[i].id;
    tr.threat_class = s.threats[i].threat_class;
    tr.launch_s = p.threats[i].launch_s;
    tr.planned_impact_s = p.threats[i].impact_s;
    tr.planned_impact = p.threats[i].impact;
    if (t.detected_s >= 0.0) tr.detected_s = t.detected_s;
    if (t.first_track_s >= 0.0) tr.first_track_s = t.first_track_s;
    for (int e : t.engagements) {
      const EngagementRecord& g = r.engagements[static_cast<std::size_t>(e)];
      const auto& b = s.batteries[static_cast<std::size_t>(g.battery)];
      tr.engagements.push_back(
          {b.id, b.nation, g.shots, g.order_s, g.launch_s, g.intercept_s, g.kill});
    }
    tr.shots = t.shots;
    tr.outcome = outcome_of(t.fate);
    tr.end_s = t.end_s;
    for (int a : t.assets_hit) {
      tr.assets_hit.push_back(s.assets[static_cast<std::size_t>(a)].id);
      rep.assets[static_cast<std::size_t>(a)].hit = true;
      rep.assets[static_cast<std::size_t>(a)].hit_by.push_back(tr.id);
    }
    rep.threats.push_back(tr);
  }
  for (std::size_t n = 0; n < s.nations.size(); ++n)
    rep.nations.push_back({s.nations[n], r.fired_per_nation[n], r.rounds_left_per_nation[n]});
  rep.threats_total = static_cast<int>(s.threats.size());
  rep.killed = r.killed;
  rep.leakers = r.leakers;
  rep.interceptors_fired = r.interceptors_fired;
  rep.value_destroyed = r.value_destroyed;
  rep.architecture = to_string(r.architecture);
  rep.double_engagements = r.double_engagements;
  rep.split_track_engagements = r.split_track_engagements;
  rep.unengaged_with_window = r.unengaged_with_window;
  rep.unengaged_reasons = reason_counts(r.unengaged_reasons, r.unengaged_reasons_known);
  return rep;
}

std::vector<io::EventRow> make_event_rows(const RunResult& r) {
  std::vector<io::EventRow> rows;
  rows.reserve(r.events.size());
  for (const auto& e : r.events) rows.push_back({e.t_s, e.type, e.subject, e.detail});
  return rows;
}

std::string make_czml(const PreparedScenario& p, const RunResult& r, double sample_s) {
  const io::Scenario& s = p.scenario;
  std::vector<io::CzmlPath> paths;
  std::vector<io::CzmlPlace> places;
  for (std::size_t i = 0; i < s.threats.size(); ++i) {
    const ThreatRecord& t = r.threats[i];
    if (t.fate == ThreatFate::not_launched) continue;
    const double end = t.fate == ThreatFate::flying ? r.end_s : t.end_s;
    io::CzmlPath path;
    path.id = s.threats[i].id;
    path.kind = "threat";
    path.description = s.threats[i].threat_class + ", " + outcome_of(t.fate);
    sample_path(p.threats[i].nominal, p.threats[i].launch_s, end, sample_s, path.samples);
    paths.push_back(std::move(path));
    if (t.fate == ThreatFate::impacted)
      places.push_back({s.threats[i].id, "impact", "impact of " + s.threats[i].id,
                        p.threats[i].impact, t.end_s});
  }
  for (std::size_t k = 0; k < r.engagements.size(); ++k) {
    const EngagementRecord& g = r.engagements[k];
    const auto b = static_cast<std::size_t>(g.battery);
    const Shot* shot = nullptr;
    for (const auto& sh : r.shots)
      if (sh.order == static_cast<int>(k)) {
        shot = &sh;
        break;
      }
    if (shot == nullptr) continue;
    const physics::Trajectory fly =
        physics::fly_interceptor(p.interceptor(g.battery), s.batteries[b].position, shot->aim_ecef,
                                 g.launch_s, p.options.model);
    io::CzmlPath path;
    path.id = s.batteries[b].id + "-" + std::to_string(k + 1);
    path.kind = "interceptor";
    path.description = std::to_string(g.shots) + " x " + s.batteries[b].interceptor + " from " +
                       s.batteries[b].id + (g.kill ? ", kill" : ", no kill");
    sample_path(fly, g.launch_s,
                std::min(g.intercept_s, fly.states.empty() ? g.intercept_s : fly.states.back().t_s),
                std::max(1.0, sample_s / 5.0), path.samples);
    const std::string id = path.id;
    paths.push_back(std::move(path));
    places.push_back({id, "intercept", g.kill ? "kill" : "no kill",
                      geo::to_geodetic(shot->aim_ecef), g.intercept_s});
  }
  for (const auto& sensor : s.sensors)
    if (sensor.type == sensors::SensorType::radar)
      places.push_back({sensor.id, "radar", "radar of " + sensor.nation, sensor.site, {}});
  for (const auto& b : s.batteries)
    places.push_back({b.id, "battery", b.interceptor + " battery of " + b.nation, b.position, {}});
  for (const auto& a : s.assets)
    places.push_back({a.id, "asset", a.kind + " (" + a.nation + ")", a.position, {}});
  return io::czml(s.name, s.epoch_utc.empty() ? "2026-01-01T00:00:00Z" : s.epoch_utc, r.end_s,
                  paths, places);
}

io::McReport make_mc_report(const PreparedScenario& p, const CampaignResult& c) {
  const io::Scenario& s = p.scenario;
  io::McReport m;
  m.scenario = s.name;
  m.source = s.source;
  m.seed = s.seed;
  m.runs = c.runs;
  m.perfect_information = c.perfect_information;
  m.leakers = interval(c.leakers);
  m.p_zero_leakers = interval(c.p_zero_leakers);
  m.killed = interval(c.killed);
  m.value_destroyed = interval(c.value_destroyed);
  m.interceptors_fired = interval(c.interceptors_fired);
  m.architecture = to_string(c.architecture);
  m.double_engagements = c.double_engagements;
  m.split_track_engagements = c.split_track_engagements;
  m.unengaged_with_window = c.unengaged_with_window;
  m.unengaged_reasons = reason_counts(c.unengaged_reasons, c.unengaged_reasons_known);
  for (std::size_t a = 0; a < s.assets.size(); ++a)
    m.assets.push_back({s.assets[a].id, s.assets[a].value, interval(c.asset_value_destroyed[a]),
                        interval(c.asset_p_destroyed[a])});
  for (std::size_t n = 0; n < s.nations.size(); ++n)
    m.nations.push_back({s.nations[n], interval(c.fired_per_nation[n])});
  return m;
}

io::ReasonCounts reason_counts(const UnengagedReasons& reasons, bool known) {
  io::ReasonCounts out;
  if (!known) return out;
  for (std::size_t i = 0; i < reasons.size(); ++i)
    out.emplace_back(unengaged_reason_name(i), reasons[i]);
  return out;
}

}  // namespace bulwark::sim
