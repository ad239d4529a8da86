#include "sim/engine.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sensors/dwell.hpp"
#include "sim/event_queue.hpp"
#include "sim/federation.hpp"

namespace bulwark::sim {
namespace {

std::string fmt_num(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", x);
  return buf;
}

}  // namespace

const char* to_string(Architecture a) {
  return a == Architecture::federated ? "federated" : "centralised";
}

std::optional<Architecture> architecture_from_string(std::string_view name) {
  if (name == "centralised") return Architecture::centralised;
  if (name == "federated") return Architecture::federated;
  return std::nullopt;
}

RunResult run_replication(const PreparedScenario& p, std::uint64_t replication,
                          const RunOptions& options) {
  const io::Scenario& s = p.scenario;
  RunResult result;
  result.replication = replication;
  World world(p, replication, options.world, &result.times);
  std::unique_ptr<CommandSide> own_c2;
  if (options.command_side == nullptr) {
    if (options.architecture == Architecture::federated) {
      own_c2 =
          std::make_unique<FederatedC2>(p, options.c2, replication, &result.times, options.release);
    } else {
      std::unique_ptr<TrackPicture> picture;
      if (!options.c2.perfect_information)
        picture = options.track_picture != nullptr ? options.track_picture(p, replication)
                                                   : default_track_picture(p, replication);
      own_c2 =
          std::make_unique<CommandAndControl>(p, options.c2, std::move(picture), &result.times);
    }
  }
  CommandSide& c2 = options.command_side != nullptr ? *options.command_side : *own_c2;
  result.threats.resize(s.threats.size());
  auto log = [&](double t, const char* type, const std::string& subject, std::string detail) {
    if (options.detailed) result.events.push_back({t, type, subject, std::move(detail)});
  };

  EventQueue queue;
  double first_launch = 1e300;
  double last_impact = 0.0;
  for (std::size_t i = 0; i < p.threats.size(); ++i) {
    queue.push(p.threats[i].launch_s, EventType::threat_launch, static_cast<std::int32_t>(i));
    queue.push(p.threats[i].impact_s, EventType::impact, static_cast<std::int32_t>(i));
    first_launch = std::min(first_launch, p.threats[i].launch_s);
    last_impact = std::max(last_impact, p.threats[i].impact_s);
  }
  if (p.threats.empty()) first_launch = 0.0;
  const double end_s = s.end_time_s > 0.0 ? s.end_time_s : last_impact + 1.0;
  if (!options.c2.perfect_information)
    for (std::size_t k = 0; k < s.sensors.size(); ++k) {
      const double period = sensors::revisit_period_s(s.sensors[k]);
      queue.push(std::floor(first_launch / period) * period, EventType::sensor_dwell,
                 static_cast<std::int32_t>(k));
    }
  queue.push(std::floor(first_launch / s.bm_cycle_s) * s.bm_cycle_s, EventType::bm_cycle, 0);

  SensorDwellMsg dwell;
  TruthPictureMsg truth;
  std::vector<BatteryStatusMsg> status;
  std::vector<FireOrderMsg> orders;
  std::vector<SkippedTrack> skipped;
  SkipLog skip_log;  // analysis: why unengaged threats were not engaged
  bool skips_known = true;
  std::vector<tracking::TrackReport> live;
  while (!queue.empty()) {
    const Event e = queue.pop();
    if (e.t_s > end_s) break;
    result.end_s = e.t_s;
    switch (e.type) {
      case EventType::threat_launch:
        world.launch(e.subject, e.t_s);
        log(e.t_s, "launch", s.threats[static_cast<std::size_t>(e.subject)].id,
            s.threats[static_cast<std::size_t>(e.subject)].threat_class);
        break;
      case EventType::impact: {
        const bool flying =
            world.threats()[static_cast<std::size_t>(e.subject)].fate == ThreatFate::flying;
        world.impact(e.subject, e.t_s);
        if (flying) {
          const auto& t = world.threats()[static_cast<std::size_t>(e.subject)];
          log(e.t_s, "impact", s.threats[static_cast<std::size_t>(e.subject)].id,
              t.assets_hit.empty() ? "no asset" : "assets hit");
          for (int a : t.assets_hit)
            log(e.t_s, "damage", s.assets[static_cast<std::size_t>(a)].id,
                "by " + s.threats[static_cast<std::size_t>(e.subject)].id);
        }
        break;
      }
      case EventType::intercept: {
        world.intercept(e.subject, e.t_s);
        const Shot& shot = world.shots()[static_cast<std::size_t>(e.subject)];
        log(e.t_s, shot.kill ? "kill" : "miss", s.batteries[shot.battery].id,
            shot.target >= 0 ? s.threats[static_cast<std::size_t>(shot.target)].id
                             : std::string("no target in divert radius"));
        if (shot.kill) result.engagements[static_cast<std::size_t>(shot.order)].kill = true;
        break;
      }
      case EventType::sensor_dwell: {
        const auto k = static_cast<std::size_t>(e.subject);
        world.dwell(e.subject, e.t_s, dwell);
        c2.on_dwell(dwell);
        if (options.detailed)
          for (const auto& m : dwell.detections) {
            if (m.truth < 0) continue;
            auto& rec = result.threats[static_cast<std::size_t>(m.truth)];
            if (rec.detected_s < 0.0) {
              rec.detected_s = e.t_s;
              log(e.t_s, "detect", s.threats[static_cast<std::size_t>(m.truth)].id,
                  "by " + s.sensors[k].id);
            }
          }
        const double next = e.t_s + sensors::revisit_period_s(s.sensors[k]);
        if (next <= end_s) queue.push(next, EventType::sensor_dwell, e.subject);
        break;
      }
      case EventType::bm_cycle: {
        if (options.c2.perfect_information) {
          world.truth_picture(e.t_s, truth);
          c2.on_truth(truth);
        }
        world.battery_status(e.t_s, status);
        orders.clear();
        c2.cycle(e.t_s, status, orders);
        if (c2.skipped(skipped))
          keep_strongest(skip_log, skipped);
        else
          skips_known = false;
        for (const FireOrderMsg& o : orders) {
          const std::vector<int> created = world.accept(o, e.t_s);
          c2.on_order_result(o, !created.empty());
          if (created.empty()) {
            log(e.t_s, "order_rejected", s.batteries[o.battery].id,
                "track " + std::to_string(o.track_id));
            continue;
          }
          EngagementRecord rec;
          rec.battery = static_cast<int>(o.battery);
          rec.track_id = o.track_id;
          rec.threat =
              world.nearest_live_threat(o.intercept_point_ecef, o.intercept_time_s, kTrackMatchM);
          rec.shots = o.shots;
          rec.order_s = e.t_s;
          rec.launch_s = o.launch_time_s;
          rec.intercept_s = o.intercept_time_s;
          if (rec.threat >= 0) {
            auto& tr = result.threats[static_cast<std::size_t>(rec.threat)];
            tr.shots += o.shots;
            tr.engagements.push_back(static_cast<int>(result.engagements.size()));
          }
          log(e.t_s, "order", s.batteries[o.battery].id,
              std::to_string(o.shots) + " shot(s) at " +
                  (rec.threat >= 0 ? s.threats[static_cast<std::size_t>(rec.threat)].id
                                   : "track " + std::to_string(o.track_id)) +
                  ", launch " + fmt_num(o.launch_time_s) + " s, intercept " +
                  fmt_num(o.intercept_time_s) + " s");
          result.engagements.push_back(rec);
          for (int shot : created) queue.push(o.intercept_time_s, EventType::intercept, shot);
        }
        if (options.detailed) {
          c2.live_tracks(live);
          for (const tracking::TrackReport& track : live) {
            const geo::Vec3 r = track.state.head<3>();
            const int threat = world.nearest_live_threat(r, track.t_s, kTrackMatchM);
            if (threat < 0) continue;
            auto& rec = result.threats[static_cast<std::size_t>(threat)];
            if (rec.first_track_s < 0.0) {
              rec.first_track_s = e.t_s;
              log(e.t_s, "track", s.threats[static_cast<std::size_t>(threat)].id,
                  "track " + std::to_string(track.track_id));
            }
          }
        }
        queue.push(e.t_s + s.bm_cycle_s, EventType::bm_cycle, 0);
        break;
      }
    }
    // all_resolved() is false while any threat is still to launch.
    if (world.all_resolved() && e.t_s >= first_launch) break;
  }

  // Summary.
  const auto& truths = world.threats();
  for (std::size_t i = 0; i < truths.size(); ++i) {
    ThreatRecord& rec = result.threats[i];
    rec.fate = truths[i].fate;
    rec.end_s = truths[i].end_s;
    rec.assets_hit = truths[i].assets_hit;
    if (!options.detailed) rec.detected_s = truths[i].first_detected_s;
    if (rec.fate == ThreatFate::impacted) ++result.leakers;
    if (rec.fate == ThreatFate::killed) ++result.killed;
    for (std::size_t a = 0; a < rec.engagements.size(); ++a)
      for (std::size_t b = a + 1; b < rec.engagements.size(); ++b) {
        const EngagementRecord& x =
            result.engagements[static_cast<std::size_t>(rec.engagements[a])];
        const EngagementRecord& y =
            result.engagements[static_cast<std::size_t>(rec.engagements[b])];
        if (x.launch_s > y.intercept_s || y.launch_s > x.intercept_s) continue;
        ++(x.track_id == y.track_id ? result.double_engagements : result.split_track_engagements);
      }
  }
  std::vector<ThreatOutcome> outcomes(truths.size());
  for (std::size_t i = 0; i < truths.size(); ++i) {
    const ThreatFate fate = truths[i].fate;
    outcomes[i] = {fate != ThreatFate::not_launched, fate == ThreatFate::impacted,
                   !result.threats[i].engagements.empty(), truths[i].end_s};
  }
  std::vector<SkippedTrack> skips;
  for (const auto& [id, k] : skip_log) skips.push_back(k);
  const UnengagedAccount account = account_unengaged(p, outcomes, skips);
  result.unengaged_with_window = account.count;
  result.unengaged_reasons_known = skips_known;
  if (skips_known) result.unengaged_reasons = account.reasons;
  result.architecture =
      options.command_side != nullptr ? Architecture::federated : options.architecture;
  result.shots = world.shots();
  result.rounds_left = world.rounds_left();
  result.asset_value_destroyed = world.asset_value_destroyed();
  for (double v : result.asset_value_destroyed) result.value_destroyed += v;
  result.fired_per_nation.assign(s.nations.size(), 0);
  result.rounds_left_per_nation.assign(s.nations.size(), 0);
  for (std::size_t b = 0; b < s.batteries.size(); ++b) {
    const int n = p.battery_nation[b];
    if (n < 0) continue;
    const int fired = s.batteries[b].ready_rounds - result.rounds_left[b];
    result.fired_per_nation[static_cast<std::size_t>(n)] += fired;
    result.rounds_left_per_nation[static_cast<std::size_t>(n)] += result.rounds_left[b];
    result.interceptors_fired += fired;
  }
  return result;
}

}  // namespace bulwark::sim
