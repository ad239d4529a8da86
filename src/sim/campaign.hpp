// Monte Carlo campaign: N replications of one prepared scenario on a pool
// of std::threads, folded into estimates with 95 % confidence intervals.
// Ceres style: CampaignOptions in, CampaignResult out; the library never
// prints (progress goes to a callback the CLI draws).
//
// Replication r uses streams make_stream(seed, r, entity) only (engine.hpp),
// each worker takes the next replication index from a shared counter and
// stores its summary at index r, and the fold runs in index order -- so the
// result is identical for any number of threads, bit for bit.
//
// Figures: expected leakers (mean, normal CI), P(zero leakers) (Wilson score
// interval), expected value destroyed per asset and in total (normal CI), and
// interceptors expended per nation (normal CI).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/statistics.hpp"

namespace bulwark::sim {

struct CampaignOptions {
  int runs = 100;
  int threads = 1;
  std::uint64_t first_replication = 0;
  RunOptions run;
  // Called from worker threads (serialised by the runner) after each
  // replication with (done, total); may be empty.
  std::function<void(int done, int total)> progress;
};

struct ReplicationSummary {
  int leakers = 0;
  int killed = 0;
  int interceptors_fired = 0;
  double value_destroyed = 0.0;
  std::vector<double> asset_value_destroyed;  // per asset
  std::vector<int> fired_per_nation;          // per nation
  int double_engagements = 0;                 // RunResult's coordination figures
  int split_track_engagements = 0;
  int unengaged_with_window = 0;
  UnengagedReasons unengaged_reasons{};
  bool unengaged_reasons_known = false;
};

struct CampaignResult {
  int runs = 0;
  int threads = 0;
  bool perfect_information = false;
  Architecture architecture = Architecture::centralised;
  std::uint64_t seed = 0;
  // Coordination, summed over the replications (RunResult).
  int double_engagements = 0;
  int split_track_engagements = 0;
  int unengaged_with_window = 0;
  UnengagedReasons unengaged_reasons{};
  bool unengaged_reasons_known = true;
  Estimate leakers;
  Estimate p_zero_leakers;  // Wilson
  Estimate killed;
  Estimate value_destroyed;
  Estimate interceptors_fired;
  std::vector<std::string> asset_ids;
  std::vector<Estimate> asset_value_destroyed;  // per asset
  std::vector<Estimate> asset_p_destroyed;      // Wilson, per asset
  std::vector<std::string> nations;
  std::vector<Estimate> fired_per_nation;
  std::vector<ReplicationSummary> replications;  // in replication order
  StageTimes times;                              // summed over replications (CPU seconds)
  double seconds = 0.0;                          // wall clock
  std::string report() const;                    // human-readable summary
};

CampaignResult run_campaign(const PreparedScenario& prepared, const CampaignOptions& options);

}  // namespace bulwark::sim
