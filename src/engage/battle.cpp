#include "engage/battle.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace bulwark::engage {

const char* to_string(EngagementState state) {
  switch (state) {
    case EngagementState::planned:
      return "planned";
    case EngagementState::in_flight:
      return "in_flight";
    case EngagementState::killed:
      return "killed";
    case EngagementState::survived:
      return "survived";
  }
  return "unknown";
}

const char* to_string(NoShot reason) {
  switch (reason) {
    case NoShot::no_fire_quality:
      return "no_fire_quality";
    case NoShot::no_window:
      return "no_window";
    case NoShot::no_battery:
      return "no_battery";
    case NoShot::reserve:
      return "reserve";
    case NoShot::outbid:
      return "outbid";
    case NoShot::unclaimed:
      return "unclaimed";
    case NoShot::unreleased:
      return "unreleased";
    case NoShot::dropped:
      return "dropped";
  }
  return "unknown";
}

namespace {

struct ThreatNeed {
  std::size_t index = 0;  // into input.threats
  int shots = 0;          // this engagement
  int engagement_number = 1;
  FirePolicy policy = FirePolicy::salvo;
};

// What the doctrine allows against this threat now; nullopt when nothing.
std::optional<ThreatNeed> need_of(const ThreatPicture& t, std::size_t index,
                                  const BattleInput& in) {
  int spent = 0;
  int count = 0;
  for (const auto& e : in.engagements) {
    if (e.track_id != t.track_id) continue;
    if (e.state == EngagementState::killed || e.state == EngagementState::planned ||
        e.state == EngagementState::in_flight)
      return std::nullopt;  // dead, or claimed and awaiting its look
    spent += e.shots;
    ++count;
  }
  const DoctrineRule& rule = in.doctrine.rule_for(t.threat_class);
  if (rule.policy == FirePolicy::salvo && count > 0) return std::nullopt;  // salvo: one engagement
  const int left = rule.max_shots_per_threat - spent;
  if (left <= 0) return std::nullopt;
  ThreatNeed n;
  n.index = index;
  n.policy = rule.policy;
  n.shots = std::min(std::max(rule.salvo_size, 1), left);
  n.engagement_number = count + 1;
  return n;
}

bool own(const Battery& b, const std::vector<std::string>& nations) {
  return nations.empty() || std::find(nations.begin(), nations.end(), b.nation) != nations.end();
}

using PairOpportunities = std::vector<std::vector<std::optional<InterceptOpportunity>>>;

// Why each target the WTA gave nothing got nothing (BattlePlan::skipped).
std::vector<SkippedThreat> skipped_threats(const BattleInput& in, const BattleOptions& options,
                                           const std::vector<ThreatNeed>& targets,
                                           const std::vector<std::size_t>& weapons,
                                           const PairOpportunities& opp,
                                           const std::vector<int>& usable_rounds,
                                           const std::vector<int>& free_channels,
                                           const WtaResult& wta) {
  std::vector<int> rounds_spare = usable_rounds;
  std::vector<int> channels_spare = free_channels;
  std::vector<bool> assigned(targets.size(), false);
  for (const WtaShot& shot : wta.assignment) {
    if (shot.shots <= 0) continue;
    const auto w = static_cast<std::size_t>(shot.weapon);
    rounds_spare[w] -= shot.shots;
    channels_spare[w] -= 1;
    assigned[static_cast<std::size_t>(shot.target)] = true;
  }
  std::vector<SkippedThreat> out;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (assigned[t]) continue;
    const ThreatPicture& tp = in.threats[targets[t].index];
    NoShot reason = NoShot::no_window;
    for (std::size_t b = 0; b < in.batteries.size() && b < tp.windows.size(); ++b) {
      const double not_before = in.now_s + in.batteries[b].battery.reaction_time_s;
      const auto o = earliest_opportunity(tp.windows[b], not_before);
      if (o && o->launch_time_s <= not_before + options.commit_horizon_s && o->pk >= options.min_pk)
        reason = std::max(reason, NoShot::no_battery);
    }
    for (std::size_t w = 0; w < weapons.size(); ++w) {
      if (!opp[w][t]) continue;
      if (usable_rounds[w] <= 0)
        reason = std::max(reason, NoShot::reserve);
      else if (rounds_spare[w] > 0 && channels_spare[w] > 0)
        reason = NoShot::dropped;
      else
        reason = std::max(reason, NoShot::outbid);
    }
    out.push_back({tp.track_id, reason});
  }
  return out;
}

}  // namespace

BattlePlan plan_cycle(const BattleInput& in, const BattleOptions& options) {
  BattlePlan plan;

  // Weapons: own operational batteries with rounds and free channels.
  std::vector<std::size_t> weapons;
  std::vector<int> usable_rounds;
  std::vector<int> free_channels;
  for (std::size_t i = 0; i < in.batteries.size(); ++i) {
    const BatteryStatus& s = in.batteries[i];
    const int channels = s.battery.fire_channels - s.channels_busy;
    if (!s.operational || !own(s.battery, in.own_nations) || s.rounds_left <= 0 || channels <= 0)
      continue;
    weapons.push_back(i);
    usable_rounds.push_back(s.rounds_left);
    free_channels.push_back(channels);
  }

  // Targets: threats the doctrine lets us engage now.
  std::vector<ThreatNeed> targets;
  for (std::size_t j = 0; j < in.threats.size(); ++j)
    if (auto n = need_of(in.threats[j], j, in)) targets.push_back(*n);

  // Engageable pairs: the earliest opportunity within the commit horizon.
  const auto nw = static_cast<Eigen::Index>(weapons.size());
  const auto nt = static_cast<Eigen::Index>(targets.size());
  std::vector<std::vector<std::optional<InterceptOpportunity>>> opp(
      weapons.size(), std::vector<std::optional<InterceptOpportunity>>(targets.size()));
  WtaProblem problem;
  problem.pk = Eigen::MatrixXd::Zero(nw, nt);
  std::vector<bool> reachable(targets.size(), false);
  for (Eigen::Index w = 0; w < nw; ++w) {
    const std::size_t bi = weapons[static_cast<std::size_t>(w)];
    const BatteryStatus& s = in.batteries[bi];
    const double not_before = in.now_s + s.battery.reaction_time_s;
    const double horizon = not_before + options.commit_horizon_s;
    bool last_chance = false;  // some threat this battery can reach has no later window
    for (Eigen::Index t = 0; t < nt; ++t) {
      const ThreatPicture& tp = in.threats[targets[static_cast<std::size_t>(t)].index];
      if (bi >= tp.windows.size()) continue;
      auto o = earliest_opportunity(tp.windows[bi], not_before);
      if (!o || o->launch_time_s > horizon || o->pk < options.min_pk) continue;
      problem.pk(w, t) = std::min(o->pk, 1.0);
      opp[static_cast<std::size_t>(w)][static_cast<std::size_t>(t)] = o;
      reachable[static_cast<std::size_t>(t)] = true;
      ++plan.engageable_pairs;
      if (!earliest_opportunity(tp.windows[bi], horizon + 1e-9)) last_chance = true;
    }
    if (in.hold_reserve && !last_chance) {
      const double reserve =
          std::ceil(in.doctrine.reserve_fraction * s.battery.ready_rounds - 1e-9);
      auto& rounds = usable_rounds[static_cast<std::size_t>(w)];
      rounds = std::max(0, rounds - static_cast<int>(reserve));
    }
  }
  for (std::size_t t = 0; t < targets.size(); ++t)
    if (!reachable[t]) plan.unengageable.push_back(in.threats[targets[t].index].track_id);
  if (plan.engageable_pairs > 0) {
    problem.weapon_count = usable_rounds;
    problem.weapon_channels = free_channels;
    for (const auto& n : targets) {
      problem.target_value.push_back(std::max(in.threats[n.index].value, options.value_floor));
      problem.max_shots_per_target.push_back(n.shots);
    }
    plan.wta = solve_wta(problem, options.wta);
  }
  plan.skipped =
      skipped_threats(in, options, targets, weapons, opp, usable_rounds, free_channels, plan.wta);

  for (const WtaShot& shot : plan.wta.assignment) {
    const auto w = static_cast<std::size_t>(shot.weapon);
    const auto t = static_cast<std::size_t>(shot.target);
    const auto& o = opp[w][t];
    if (shot.shots <= 0 || !o) continue;  // never outside a window
    const BatteryStatus& s = in.batteries[weapons[w]];
    const ThreatNeed& n = targets[t];
    FireOrder f;
    f.battery_id = s.battery.id;
    f.nation = s.battery.nation;
    f.track_id = in.threats[n.index].track_id;
    f.shots = shot.shots;
    f.launch_time_s = o->launch_time_s;
    f.intercept_time_s = o->intercept_time_s;
    f.intercept_ecef = o->intercept_ecef;
    f.pk = o->pk;
    f.policy = n.policy;
    f.engagement_number = n.engagement_number;
    plan.orders.push_back(f);
  }
  std::sort(plan.orders.begin(), plan.orders.end(), [](const FireOrder& a, const FireOrder& b) {
    return a.launch_time_s < b.launch_time_s ||
           (a.launch_time_s == b.launch_time_s && a.track_id < b.track_id);
  });
  return plan;
}

}  // namespace bulwark::engage
