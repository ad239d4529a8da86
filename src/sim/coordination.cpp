#include "sim/coordination.hpp"

#include <algorithm>

#include "sim/engine.hpp"

namespace bulwark::sim {

const char* unengaged_reason_name(std::size_t index) {
  return index == kUntracked ? "untracked" : engage::to_string(static_cast<engage::NoShot>(index));
}

void keep_strongest(SkipLog& log, const std::vector<SkippedTrack>& cycle) {
  for (const SkippedTrack& k : cycle) {
    auto [it, added] = log.try_emplace(k.track_id, k);
    if (!added && k.reason > it->second.reason) it->second = k;
  }
}

UnengagedAccount account_unengaged(const PreparedScenario& p,
                                   const std::vector<ThreatOutcome>& threats,
                                   const std::vector<SkippedTrack>& skips) {
  std::vector<int> strongest(threats.size(), -1);
  for (const SkippedTrack& k : skips) {
    int best = -1;
    double best_d = kTrackMatchM;
    for (std::size_t i = 0; i < threats.size(); ++i) {
      const PreparedThreat& pt = p.threats[i];
      if (!threats[i].launched || k.t_s < pt.launch_s || k.t_s > threats[i].end_s) continue;
      const double d = (pt.nominal.at(k.t_s).r_ecef - k.position_ecef).norm();
      if (d <= best_d) {
        best_d = d;
        best = static_cast<int>(i);
      }
    }
    if (best >= 0)
      strongest[static_cast<std::size_t>(best)] =
          std::max(strongest[static_cast<std::size_t>(best)], static_cast<int>(k.reason));
  }
  UnengagedAccount out;
  const int batteries = static_cast<int>(p.scenario.batteries.size());
  for (std::size_t i = 0; i < threats.size(); ++i) {
    if (!threats[i].leaked || threats[i].engaged) continue;
    for (int b = 0; b < batteries; ++b)
      if (!p.opportunities(static_cast<int>(i), b).empty()) {
        ++out.count;
        ++out.reasons[strongest[i] < 0 ? kUntracked : static_cast<std::size_t>(strongest[i])];
        break;
      }
  }
  return out;
}

}  // namespace bulwark::sim
