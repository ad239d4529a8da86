#include "sim/c2.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "geo/geodesic.hpp"
#include "tracking/fusion.hpp"

namespace bulwark::sim {

namespace {

// Distance from a track's predicted position at the engagement's intercept
// time to its intercept point.
double miss_distance(const tracking::TrackReport& r, const engage::Engagement& e) {
  const tracking::TrackReport at = tracking::predict_report(r, std::max(r.t_s, e.intercept_time_s));
  return (at.state.head<3>() - e.intercept_ecef).norm();
}

}  // namespace

std::optional<double> same_object(const engage::Engagement& e, const tracking::TrackReport& track,
                                  double gate_chi2) {
  if (e.track_report.track_id == 0) return std::nullopt;
  const double d2 = tracking::track_distance2(e.track_report, track);
  if (!(d2 <= gate_chi2)) return std::nullopt;
  return d2;
}

namespace {

// An engagement whose engaged report is not known (an order from a node
// that did not send it) moves to the track of `picture` whose predicted
// position at its intercept time is nearest its intercept point, within
// max_distance_m (its own track first); it stays where it is when none is.
void attach_by_intercept(engage::Engagement& e, const std::vector<tracking::TrackReport>& picture,
                         double max_distance_m) {
  const auto own = std::find_if(picture.begin(), picture.end(),
                                [&](const auto& r) { return r.track_id == e.track_id; });
  if (own != picture.end() && miss_distance(*own, e) <= max_distance_m) return;
  double best = max_distance_m;
  for (const tracking::TrackReport& r : picture) {
    const double d = miss_distance(r, e);
    if (d < best) {
      best = d;
      e.track_id = r.track_id;
    }
  }
}

// An engagement whose engaged report is known stays on its track while the
// track is the same object (same_object), and also while it has failed the
// test in at most `patience` consecutive calls (one call per cycle);
// otherwise it moves to the track of `picture` that is the same object, the
// smallest d^2 when several are, and stays where it is when none is.
void attach_same_object(engage::Engagement& e, const std::vector<tracking::TrackReport>& picture,
                        int patience) {
  const auto own = std::find_if(picture.begin(), picture.end(),
                                [&](const auto& r) { return r.track_id == e.track_id; });
  const double gate = tracking::FusionOptions{}.gate_chi2;
  if (own != picture.end()) {
    if (same_object(e, *own, gate)) {
      e.diverged = 0;
      return;
    }
    if (patience > 0 && ++e.diverged <= patience) return;
  }
  // The others at one time (the latest report), the engagement's report
  // predicted once; a coarse distance first, since most are far away.
  double t_ref = e.track_report.t_s;
  for (const tracking::TrackReport& r : picture) t_ref = std::max(t_ref, r.t_s);
  const tracking::TrackReport at = tracking::predict_report(e.track_report, t_ref);
  const double sigma_at = std::sqrt(std::max(at.covariance.topLeftCorner<3, 3>().trace(), 0.0));
  const tracking::TrackReport* best = nullptr;
  double best_d2 = gate;
  for (const tracking::TrackReport& r : picture) {
    if (r.track_id == e.track_id) continue;
    const double dt = t_ref - r.t_s;
    const double sigma_r =
        std::sqrt(std::max(r.covariance.topLeftCorner<3, 3>().trace(), 0.0)) +
        std::sqrt(std::max(r.covariance.bottomRightCorner<3, 3>().trace(), 0.0)) * dt;
    // Within sqrt(gate) sigmas, plus 50 g of unmodelled acceleration over dt.
    const double reach = std::sqrt(gate) * (sigma_at + sigma_r) + 250.0 * dt * dt + 500.0;
    if ((r.state.head<3>() + r.state.tail<3>() * dt - at.state.head<3>()).norm() > reach) continue;
    const double d2 = tracking::track_distance2(at, r);
    if (d2 <= best_d2) {
      best_d2 = d2;
      best = &r;
    }
  }
  if (best == nullptr) return;
  e.track_id = best->track_id;
  e.diverged = 0;
}

}  // namespace

std::vector<engage::LaunchWindow> cycle_windows(const std::vector<Opportunity>& sorted,
                                                double not_before_s, double horizon_s) {
  std::vector<engage::LaunchWindow> out;
  auto it = std::lower_bound(sorted.begin(), sorted.end(), not_before_s,
                             [](const Opportunity& o, double t) { return o.launch_time_s < t; });
  if (it == sorted.end()) return out;
  engage::LaunchWindow w;
  for (; it != sorted.end() && it->launch_time_s <= horizon_s; ++it) w.opportunities.push_back(*it);
  if (it != sorted.end()) w.opportunities.push_back(*it);
  w.open_s = w.opportunities.front().launch_time_s;
  w.close_s = w.opportunities.back().launch_time_s;
  out.push_back(std::move(w));
  return out;
}

double aim_sigma_m(const tracking::TrackReport& report, double t_s) {
  const double dt = t_s - report.t_s;
  const auto& p = report.covariance;
  const double var = p.topLeftCorner<3, 3>().trace() + 2.0 * dt * p.topRightCorner<3, 3>().trace() +
                     dt * dt * p.bottomRightCorner<3, 3>().trace();
  return std::sqrt(std::max(var, 0.0));
}

std::optional<double> latest_aim_time(const tracking::TrackReport& report, double t_from_s,
                                      double max_sigma_m) {
  const auto& p = report.covariance;
  // var(dt) = a + 2 b dt + c dt^2 <= m^2 (m with a 1e-9 relative margin, so
  // round-off never drops a time aim_sigma_m accepts), dt from report.t_s.
  const double a = p.topLeftCorner<3, 3>().trace();
  const double b = p.topRightCorner<3, 3>().trace();
  const double c = p.bottomRightCorner<3, 3>().trace();
  const double m = max_sigma_m * (1.0 + 1e-9);
  const double dt_from = t_from_s - report.t_s;
  double dt_last = std::numeric_limits<double>::infinity();
  if (c > 0.0) {
    const double disc = b * b - c * (a - m * m);
    if (disc < 0.0) return std::nullopt;
    dt_last = (-b + std::sqrt(disc)) / c;
  } else if (b > 0.0) {
    dt_last = (m * m - a) / (2.0 * b);
  } else if (b == 0.0 && a > m * m) {
    return std::nullopt;
  }
  if (dt_last < dt_from) return std::nullopt;
  return report.t_s + dt_last;
}

CommandAndControl::CommandAndControl(const PreparedScenario& prepared, const C2Options& options,
                                     std::unique_ptr<TrackPicture> picture, StageTimes* times)
    : p_(prepared), options_(options), picture_(std::move(picture)), times_(times) {
  input_.doctrine = p_.scenario.doctrine;
  input_.hold_reserve = true;  // C2 never knows the raid is over
  for (const auto& b : p_.scenario.batteries) {
    min_reaction_s_ = std::min(min_reaction_s_, std::max(b.reaction_time_s, 0.0));
    max_reaction_s_ = std::max(max_reaction_s_, b.reaction_time_s);
    engage::BatteryStatus s;
    s.battery = b;
    s.rounds_left = b.ready_rounds;
    input_.batteries.push_back(s);
  }
}

void CommandAndControl::on_dwell(const SensorDwellMsg& dwell) {
  if (!picture_) return;
  StageTimer timer(times_, Stage::tracking);
  picture_->ingest(dwell);
}

void CommandAndControl::on_truth(const TruthPictureMsg& truth) {
  for (auto& [id, plan] : plans_) plan.live = false;
  for (const auto& r : truth.tracks) {
    TrackPlan& plan = plans_[r.track_id];
    plan.track_id = r.track_id;
    plan.last = r;
    plan.live = true;
    plan.truth = static_cast<int>(r.track_id) - 1;
  }
}

void CommandAndControl::refresh_picture(double t_s) {
  if (!picture_) return;
  {
    StageTimer timer(times_, Stage::tracking);
    picture_->tracks(t_s, reports_);
  }
  for (auto& [id, plan] : plans_) plan.live = false;
  for (const auto& r : reports_) {
    TrackPlan& plan = plans_[r.track_id];
    plan.track_id = r.track_id;
    plan.last = r;
    plan.live = t_s - r.t_s <= options_.stale_track_s;
  }
}

const std::vector<Opportunity>& CommandAndControl::opportunities(const TrackPlan& plan,
                                                                 int battery) const {
  if (plan.truth >= 0) return p_.opportunities(plan.truth, battery);
  return plan.opportunities[static_cast<std::size_t>(battery)];
}

void CommandAndControl::assess(TrackPlan& plan, double t_s) {
  if (plan.truth >= 0) {
    if (plan.predicted) return;
    // Perfect information: the true impact, class and value.
    StageTimer timer(times_, Stage::threat_evaluation);
    const PreparedThreat& pt = p_.threats[static_cast<std::size_t>(plan.truth)];
    plan.impact_s = pt.impact_s;
    plan.threat_class = p_.threat_class(plan.truth).name;
    plan.value = 0.0;
    for (const auto& a : p_.scenario.assets)
      if (geo::geodesic_inverse(pt.impact, a.position).distance_m <= a.radius_m)
        plan.value += a.value;
    plan.predicted = true;
    plan.assessed_at_s = t_s;
    return;
  }
  // Only a track with measurements since its last assessment can change its
  // prediction; an immature one (no fire-control quality) is refreshed sooner.
  if (plan.last.t_s <= plan.assessed_report_s) return;
  const double refresh =
      plan.fire_quality ? options_.prediction_refresh_s : options_.immature_refresh_s;
  if (t_s - plan.assessed_at_s < refresh) return;
  plan.assessed_at_s = t_s;
  plan.assessed_report_s = plan.last.t_s;
  // The intercept times the track's uncertainty allows (no intercept is
  // possible before the shortest reaction time from now).
  const std::optional<double> latest =
      latest_aim_time(plan.last, t_s + min_reaction_s_, options_.max_aim_sigma_m);
  if (!latest) {
    // No opportunity could be used: skip the prediction's cost.
    plan.fire_quality = false;
    for (auto& o : plan.opportunities) o.clear();
    return;
  }
  // 1. The predicted path (one propagation), flown only as far as the
  // window search needs: one sample step past the latest usable intercept.
  const double cut = *latest + (options_.window_step_s > 0.0 ? options_.window_step_s : 0.5);
  physics::Trajectory path;
  bool whole = true;  // the path reaches the ground
  {
    StageTimer timer(times_, Stage::threat_evaluation);
    if (std::isfinite(cut)) {
      if (!threat::predict_mean_path_until(plan.last, options_.assessment.impact, cut, path))
        return;
      whole = !path.events.empty() && path.events.back().kind == physics::EventKind::impact;
    } else if (!threat::predict_mean_path(plan.last, options_.assessment.impact, path)) {
      return;
    }
  }
  // 2. Opportunities per battery with fire-control quality.
  const std::size_t nb = p_.scenario.batteries.size();
  std::vector<std::vector<Opportunity>> kept(nb);
  bool dropped = !whole;  // later intercept times
  bool any = false;
  {
    StageTimer timer(times_, Stage::battle_management);
    // Launch times battle management can use before the next assessment
    // (the track refreshes within prediction_refresh_s while it is updated,
    // and is no longer live stale_track_s after its last update); later
    // windows are found again then, so only their existence is needed now.
    engage::WindowOptions wo = p_.options.windows;
    wo.step_s = options_.window_step_s;
    wo.launch_horizon_s = t_s + options_.prediction_refresh_s + options_.stale_track_s +
                          max_reaction_s_ + options_.battle.commit_horizon_s;
    for (std::size_t b = 0; b < nb; ++b) {
      if (!engage::path_may_reach(p_.battery_geometry[b], path, t_s)) continue;
      const std::vector<Opportunity> all =
          flatten(engage::launch_windows(p_.battery_geometry[b], path, t_s, wo));
      for (const Opportunity& o : all) {
        if (aim_sigma_m(plan.last, o.intercept_time_s) <= options_.max_aim_sigma_m)
          kept[b].push_back(o);
        else
          dropped = true;
      }
      any = any || !kept[b].empty();
    }
  }
  // Immature: uncertainty alone keeps it from being engageable now.
  plan.fire_quality = any || !dropped;
  if (!any) {
    // Nothing to engage yet: the sigma points would change nothing battle
    // management sees (a threat without windows is not in its picture).
    for (auto& o : plan.opportunities) o.clear();
    return;
  }
  // 3. The full assessment (unscented impact prediction, class, value) only
  // for a track battle management can engage.
  threat::ThreatAssessment a;
  {
    StageTimer timer(times_, Stage::threat_evaluation);
    a = whole ? threat::assess_track(plan.last, p_.scenario.assets, p_.scenario.catalog,
                                     options_.assessment, std::move(path))
              : threat::assess_track(plan.last, p_.scenario.assets, p_.scenario.catalog,
                                     options_.assessment);
  }
  if (!a.impact.valid) return;
  plan.predicted = true;
  plan.impact_s = a.impact.impact_time_s;
  plan.value = a.value_at_risk;
  plan.threat_class = a.classification.threat_class;
  plan.opportunities = std::move(kept);
}

std::vector<FireOrderMsg> CommandAndControl::plan(double t_s,
                                                  const std::vector<BatteryStatusMsg>& status) {
  std::vector<FireOrderMsg> orders;
  refresh_picture(t_s);
  const auto& batteries = p_.scenario.batteries;
  input_.now_s = t_s;
  for (std::size_t b = 0; b < batteries.size(); ++b) {
    input_.batteries[b].rounds_left = status[b].rounds_left;
    input_.batteries[b].channels_busy = batteries[b].fire_channels - status[b].free_channels;
  }
  // Kill assessment of the engagements so far.
  for (auto& e : input_.engagements) {
    if (e.state == engage::EngagementState::killed || e.state == engage::EngagementState::survived)
      continue;
    if (t_s < e.launch_time_s) {
      e.state = engage::EngagementState::planned;
    } else if (t_s < e.intercept_time_s + options_.kill_assessment_delay_s) {
      e.state = engage::EngagementState::in_flight;
    } else {
      const auto it = plans_.find(e.track_id);
      const bool live = it != plans_.end() && it->second.live;
      e.state = live ? engage::EngagementState::survived : engage::EngagementState::killed;
    }
  }
  // Threat evaluation only for tracks battle management may engage now:
  // not while an engagement is pending or after a kill or the last shot.
  std::map<std::uint32_t, int> shots_spent;
  std::map<std::uint32_t, bool> blocked;
  for (const auto& e : input_.engagements) {
    shots_spent[e.track_id] += e.shots;
    if (e.state != engage::EngagementState::survived) blocked[e.track_id] = true;
  }
  std::vector<std::uint32_t> wanting;  // tracks battle management may engage now
  for (auto& [id, plan] : plans_) {
    if (!plan.live || blocked.count(id) > 0) continue;
    if (shots_spent[id] >= input_.doctrine.rule_for(plan.threat_class).max_shots_per_threat)
      continue;
    assess(plan, t_s);
    wanting.push_back(id);
  }
  StageTimer timer(times_, Stage::battle_management);
  input_.threats.clear();
  for (const auto& [id, plan] : plans_) {
    if (!plan.live || !plan.predicted || plan.impact_s <= t_s) continue;
    engage::ThreatPicture tp;
    tp.track_id = id;
    tp.threat_class = plan.threat_class;
    tp.value = plan.value;
    tp.impact_time_s = plan.impact_s;
    tp.windows.resize(batteries.size());
    bool any = false;
    for (std::size_t b = 0; b < batteries.size(); ++b) {
      const double not_before = t_s + batteries[b].reaction_time_s;
      tp.windows[b] = cycle_windows(opportunities(plan, static_cast<int>(b)), not_before,
                                    not_before + options_.battle.commit_horizon_s);
      any = any || !tp.windows[b].empty();
    }
    if (any) input_.threats.push_back(std::move(tp));
  }
  skipped_.clear();
  const auto skip = [&](std::uint32_t id, engage::NoShot reason) {
    const TrackPlan& tp = plans_.at(id);
    skipped_.push_back({id, tp.last.t_s, tp.last.state.head<3>(), reason});
  };
  std::size_t next = 0;  // input_.threats is in track order, like `wanting`
  for (std::uint32_t id : wanting) {
    while (next < input_.threats.size() && input_.threats[next].track_id < id) ++next;
    if (next < input_.threats.size() && input_.threats[next].track_id == id) continue;
    const TrackPlan& tp = plans_.at(id);
    if (tp.predicted && tp.impact_s <= t_s) continue;
    skip(id, tp.predicted && tp.fire_quality ? engage::NoShot::no_window
                                             : engage::NoShot::no_fire_quality);
  }
  if (input_.threats.empty()) return orders;

  const engage::BattlePlan plan = engage::plan_cycle(input_, options_.battle);
  for (const engage::SkippedThreat& k : plan.skipped) skip(k.track_id, k.reason);
  for (const engage::FireOrder& f : plan.orders) {
    std::size_t b = 0;
    while (b < batteries.size() && batteries[b].id != f.battery_id) ++b;
    if (b == batteries.size()) continue;
    FireOrderMsg order;
    order.battery = static_cast<std::uint32_t>(b);
    order.track_id = f.track_id;
    order.shots = f.shots;
    order.order_time_s = t_s;
    order.launch_time_s = f.launch_time_s;
    order.intercept_time_s = f.intercept_time_s;
    order.intercept_point_ecef = f.intercept_ecef;
    order.pk = f.pk;
    orders.push_back(order);
  }
  return orders;
}

void CommandAndControl::commit(const FireOrderMsg& order) {
  const auto& battery = p_.scenario.batteries[order.battery];
  engage::Engagement e;
  e.track_id = order.track_id;
  e.battery_id = battery.id;
  e.nation = battery.nation;
  e.shots = order.shots;
  e.launch_time_s = order.launch_time_s;
  e.intercept_time_s = order.intercept_time_s;
  e.intercept_ecef = order.intercept_point_ecef;
  e.state = engage::EngagementState::planned;
  const auto it = plans_.find(order.track_id);
  if (it != plans_.end()) e.track_report = it->second.last;
  input_.engagements.push_back(e);
}

void CommandAndControl::commit(const FireOrderMsg& order, const tracking::TrackReport& engaged) {
  commit(order);
  engage::Engagement& e = input_.engagements.back();
  // Another node's report of another node's track: only when it names the
  // order's track is it the engaged object's.
  e.track_report =
      engaged.track_id == order.track_id && order.track_id != 0 ? engaged : tracking::TrackReport{};
  e.renumbered = true;
}

void CommandAndControl::reattach_engagements(const std::vector<tracking::TrackReport>& picture,
                                             double max_distance_m) {
  for (engage::Engagement& e : input_.engagements)
    if (e.state != engage::EngagementState::killed &&
        e.state != engage::EngagementState::survived) {
      e.renumbered = true;
      if (e.track_report.track_id == 0)
        attach_by_intercept(e, picture, max_distance_m);
      else
        attach_same_object(e, picture, 0);
    }
}

void CommandAndControl::reattach_renumbered(double t_s,
                                            const std::vector<tracking::TrackReport>& picture) {
  for (engage::Engagement& e : input_.engagements)
    if (e.renumbered && e.state != engage::EngagementState::killed &&
        e.state != engage::EngagementState::survived && e.track_report.track_id != 0 &&
        t_s < e.intercept_time_s + options_.kill_assessment_delay_s)
      attach_same_object(e, picture, tracking::FusionOptions{}.split_cycles - 1);
}

void CommandAndControl::cycle(double t_s, const std::vector<BatteryStatusMsg>& status,
                              std::vector<FireOrderMsg>& orders) {
  for (const FireOrderMsg& o : plan(t_s, status)) {
    commit(o);
    orders.push_back(o);
  }
}

void CommandAndControl::set_operational(std::uint32_t battery, bool operational) {
  input_.batteries[battery].operational = operational;
}

bool CommandAndControl::skipped(std::vector<SkippedTrack>& out) const {
  out = skipped_;
  return true;
}

void CommandAndControl::live_tracks(std::vector<tracking::TrackReport>& out) const {
  out.clear();
  for (const auto& [id, plan] : plans_)
    if (plan.live) out.push_back(plan.last);
}

}  // namespace bulwark::sim
