#include "sim/campaign.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <stdexcept>

#include "sim/reporting.hpp"

namespace bulwark::sim {
namespace {

std::string line(const char* name, const Estimate& e) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "  %-28s %10.3f   95%% CI [%.3f, %.3f]\n", name, e.mean, e.lo,
                e.hi);
  return buf;
}

// Every campaign figure is a count or value >= 0: the normal interval is
// clipped at 0 (it can only be wrong there for small, skewed samples).
Estimate nonnegative(Estimate e) {
  e.lo = std::max(0.0, e.lo);
  return e;
}

}  // namespace

CampaignResult run_campaign(const PreparedScenario& p, const CampaignOptions& options) {
  if (options.runs < 1) throw std::invalid_argument("campaign: runs must be >= 1");
  const auto start = std::chrono::steady_clock::now();
  const io::Scenario& s = p.scenario;
  CampaignResult r;
  r.runs = options.runs;
  r.threads = std::max(1, options.threads);
  r.perfect_information = options.run.c2.perfect_information;
  r.architecture = options.run.architecture;
  r.seed = s.seed;
  r.replications.resize(static_cast<std::size_t>(options.runs));
  std::vector<StageTimes> times(static_cast<std::size_t>(options.runs));

  std::mutex progress_mutex;
  std::atomic<int> done{0};
  RunOptions run = options.run;
  run.detailed = false;
  parallel_for(options.runs, r.threads, [&](int k) {
    const RunResult one =
        run_replication(p, options.first_replication + static_cast<std::uint64_t>(k), run);
    ReplicationSummary& sum = r.replications[static_cast<std::size_t>(k)];
    sum.leakers = one.leakers;
    sum.killed = one.killed;
    sum.interceptors_fired = one.interceptors_fired;
    sum.value_destroyed = one.value_destroyed;
    sum.asset_value_destroyed = one.asset_value_destroyed;
    sum.fired_per_nation = one.fired_per_nation;
    sum.double_engagements = one.double_engagements;
    sum.split_track_engagements = one.split_track_engagements;
    sum.unengaged_with_window = one.unengaged_with_window;
    sum.unengaged_reasons = one.unengaged_reasons;
    sum.unengaged_reasons_known = one.unengaged_reasons_known;
    times[static_cast<std::size_t>(k)] = one.times;
    const int n = ++done;
    if (options.progress) {
      const std::lock_guard<std::mutex> lock(progress_mutex);
      options.progress(n, options.runs);
    }
  });

  RunningStats leakers, killed, value, fired;
  std::size_t zero = 0;
  std::vector<RunningStats> asset(s.assets.size());
  std::vector<std::size_t> asset_hit(s.assets.size(), 0);
  std::vector<RunningStats> nation(s.nations.size());
  for (std::size_t k = 0; k < r.replications.size(); ++k) {
    const ReplicationSummary& x = r.replications[k];
    leakers.add(x.leakers);
    r.double_engagements += x.double_engagements;
    r.split_track_engagements += x.split_track_engagements;
    r.unengaged_with_window += x.unengaged_with_window;
    for (std::size_t i = 0; i < x.unengaged_reasons.size(); ++i)
      r.unengaged_reasons[i] += x.unengaged_reasons[i];
    r.unengaged_reasons_known = r.unengaged_reasons_known && x.unengaged_reasons_known;
    killed.add(x.killed);
    value.add(x.value_destroyed);
    fired.add(x.interceptors_fired);
    if (x.leakers == 0) ++zero;
    for (std::size_t a = 0; a < asset.size(); ++a) {
      asset[a].add(x.asset_value_destroyed[a]);
      if (x.asset_value_destroyed[a] > 0.0) ++asset_hit[a];
    }
    for (std::size_t n = 0; n < nation.size(); ++n) nation[n].add(x.fired_per_nation[n]);
    r.times += times[k];
  }
  r.leakers = nonnegative(leakers.interval());
  r.killed = nonnegative(killed.interval());
  r.value_destroyed = nonnegative(value.interval());
  r.interceptors_fired = nonnegative(fired.interval());
  r.p_zero_leakers = wilson_interval(zero, r.replications.size());
  for (std::size_t a = 0; a < asset.size(); ++a) {
    r.asset_ids.push_back(s.assets[a].id);
    r.asset_value_destroyed.push_back(nonnegative(asset[a].interval()));
    r.asset_p_destroyed.push_back(wilson_interval(asset_hit[a], r.replications.size()));
  }
  r.nations = s.nations;
  for (auto& n : nation) r.fired_per_nation.push_back(nonnegative(n.interval()));
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

std::string CampaignResult::report() const {
  std::string out;
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "Monte Carlo: %d replications on %d thread(s), %.1f s, seed %llu%s\n", runs,
                threads, seconds, static_cast<unsigned long long>(seed),
                perfect_information ? ", perfect information" : "");
  out += buf;
  out += line("leakers", leakers);
  out += line("P(zero leakers)", p_zero_leakers);
  out += line("threats killed", killed);
  out += line("value destroyed", value_destroyed);
  out += line("interceptors fired", interceptors_fired);
  std::snprintf(buf, sizeof buf,
                "Coordination (%s), over all replications: %d double engagements, %d on split "
                "tracks; %d leakers never engaged though a battery had a window",
                to_string(architecture), double_engagements, split_track_engagements,
                unengaged_with_window);
  out += buf;
  out += io::reason_counts_text(reason_counts(unengaged_reasons, unengaged_reasons_known)) + "\n";
  out += "Value destroyed per asset (expected):\n";
  for (std::size_t a = 0; a < asset_ids.size(); ++a)
    out += line(asset_ids[a].c_str(), asset_value_destroyed[a]);
  out += "Interceptors expended per nation (expected):\n";
  for (std::size_t n = 0; n < nations.size(); ++n)
    out += line(nations[n].c_str(), fired_per_nation[n]);
  return out;
}

}  // namespace bulwark::sim
