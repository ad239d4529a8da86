// Why leakers went unengaged (issue 7's "no unengaged engageable threat"):
// C2 reports, each cycle, the tracks that wanted a shot and got no order
// and why (SkippedTrack, engage::NoShot); after the run each such track is
// matched to the threat it was following, and each leaker that was never
// engaged though some battery had a window on its true path gets the
// strongest reason any of its tracks was skipped for. The engine does this
// in process; `bulwark federate` does it from the nodes' records.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "sim/c2.hpp"
#include "sim/prepared.hpp"

namespace bulwark::sim {

// Indexed by engage::NoShot, then kUntracked: no track of the threat ever
// wanted a shot (never tracked, or only after its windows).
constexpr std::size_t kUntracked = static_cast<std::size_t>(engage::NoShot::dropped) + 1;
using UnengagedReasons = std::array<int, kUntracked + 1>;
const char* unengaged_reason_name(std::size_t index);

// Per track, the record of its strongest reason so far (the first with it).
using SkipLog = std::map<std::uint32_t, SkippedTrack>;
void keep_strongest(SkipLog& log, const std::vector<SkippedTrack>& cycle);

// A threat's flight as the run ended.
struct ThreatOutcome {
  bool launched = false;
  bool leaked = false;
  bool engaged = false;
  double end_s = 0.0;  // kill or impact time
};

struct UnengagedAccount {
  int count = 0;  // leakers never engaged though a battery had a window
  UnengagedReasons reasons{};
};

// The account over `threats` (scenario order), matching each skip record to
// the threat in flight whose true position was within kTrackMatchM of it
// (nearest); `skips` may come from several nodes (the strongest counts).
UnengagedAccount account_unengaged(const PreparedScenario& prepared,
                                   const std::vector<ThreatOutcome>& threats,
                                   const std::vector<SkippedTrack>& skips);

}  // namespace bulwark::sim
