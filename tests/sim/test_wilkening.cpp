// Validation of the engine against Wilkening's closed forms (Science &
// Global Security 8, 2000; /work/shared/refs/leakage.md).
//
// The ENGINE plays each case (real flyouts, launch windows, battle
// management, kill draws, kill assessment) with perfect information
// (P_d = 1), no common-mode failure (P_s = 1) and a fixed single-shot kill
// probability. Every threat is engageable (fixture.hpp), so the closed forms'
// assumptions hold exactly, and the Monte Carlo estimate must agree with the
// closed form within the Monte Carlo confidence interval. We use 99.9 %
// intervals (z = 3.29) because the suite checks 3 figures in each of
// several cases: at 95 % one of them would be expected to miss by chance
// alone; at 99.9 % a miss means the engine is wrong. The seeds are fixed, so
// the outcome is reproducible.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "fixture.hpp"
#include "sim/analytic_leakage.hpp"
#include "sim/campaign.hpp"

namespace bulwark::sim {
namespace {

constexpr double kZ999 = 3.2905267314919255;

struct Case {
  int warheads;
  double pk;
  engage::FirePolicy policy;
  int salvo_size;
  int max_shots;
  int rounds;  // inventory
};

CampaignResult play(const Case& c, int runs, bool align_windows = false) {
  test::Defence d;
  d.warheads = c.warheads;
  d.pk = c.pk;
  d.policy = c.policy;
  d.salvo_size = c.salvo_size;
  d.max_shots = c.max_shots;
  d.rounds = c.rounds;
  io::Scenario scenario = test::wilkening_scenario(d);
  if (align_windows) {
    // Delay each launch so that every threat's first launch opportunity
    // comes at the same time as the latest one's.
    const PreparedScenario first = prepare(scenario, test::fixed_pk_options());
    double latest = 0.0;
    for (int i = 0; i < c.warheads; ++i)
      latest = std::max(latest, first.opportunities(i, 0).front().launch_time_s);
    for (int i = 0; i < c.warheads; ++i)
      scenario.threats[static_cast<std::size_t>(i)].launch.launch_time_s =
          latest - first.opportunities(i, 0).front().launch_time_s;
  }
  const PreparedScenario p = prepare(scenario, test::fixed_pk_options());
  CampaignOptions o;
  o.runs = runs;
  o.threads = 2;
  o.run.c2.perfect_information = true;
  if (align_windows) o.run.c2.battle.commit_horizon_s = 10.0;
  return run_campaign(p, o);
}

void expect_match(const CampaignResult& r, const LeakageFigures& f, bool check_shots) {
  const double n = r.runs;
  const double se_leak = r.leakers.stddev / std::sqrt(n);
  EXPECT_NEAR(r.leakers.mean, f.expected_leakers, kZ999 * std::max(se_leak, 1e-9))
      << "leakers: MC " << r.leakers.mean << " vs closed form " << f.expected_leakers;
  const std::size_t zero = static_cast<std::size_t>(std::lround(r.p_zero_leakers.mean * n));
  const Estimate w = wilson_interval(zero, static_cast<std::size_t>(n), kZ999);
  EXPECT_LE(w.lo, f.p_no_leaker) << "P(0 leakers) MC " << r.p_zero_leakers.mean;
  EXPECT_GE(w.hi, f.p_no_leaker) << "P(0 leakers) MC " << r.p_zero_leakers.mean;
  if (check_shots) {
    const double se_shots = r.interceptors_fired.stddev / std::sqrt(n);
    EXPECT_NEAR(r.interceptors_fired.mean, f.expected_shots, kZ999 * std::max(se_shots, 1e-9))
        << "shots: MC " << r.interceptors_fired.mean << " vs " << f.expected_shots;
  }
}

TEST(Wilkening, SalvoMatchesClosedForm) {
  for (const Case c : {Case{4, 0.8, engage::FirePolicy::salvo, 2, 2, 100},
                       Case{6, 0.5, engage::FirePolicy::salvo, 1, 1, 100},
                       Case{3, 0.6, engage::FirePolicy::salvo, 3, 3, 100}}) {
    SCOPED_TRACE("N=" + std::to_string(c.warheads) + " p=" + std::to_string(c.pk) +
                 " n=" + std::to_string(c.salvo_size));
    const CampaignResult r = play(c, 400);
    expect_match(r, salvo_leakage({c.warheads, c.pk, 1.0, 1.0}, c.salvo_size), true);
  }
}

// The closed form spreads the inventory over the whole raid at once. The
// threats' windows open a few seconds apart (their ranges from the battery
// differ), so the launches are staggered to make the windows open together
// and battle management gets a 10 s commit horizon (several cycles): every
// threat is then in the same cycle's assignment, as the closed form assumes.
TEST(Wilkening, SalvoLimitedInventoryMatchesEvenSpread) {
  const Case c{6, 0.6, engage::FirePolicy::salvo, 2, 2, 9};  // 3 warheads get 2, 3 get 1
  const CampaignResult r = play(c, 400, true);
  expect_match(r, salvo_leakage_limited({c.warheads, c.pk, 1.0, 1.0}, 2, c.rounds), true);
}

TEST(Wilkening, ShootLookShootMatchesClosedForm) {
  for (const Case c : {Case{4, 0.8, engage::FirePolicy::shoot_look_shoot, 1, 2, 100},
                       Case{5, 0.5, engage::FirePolicy::shoot_look_shoot, 1, 2, 100}}) {
    SCOPED_TRACE("N=" + std::to_string(c.warheads) + " p=" + std::to_string(c.pk));
    const CampaignResult r = play(c, 400);
    expect_match(r, shoot_look_shoot_leakage({c.warheads, c.pk, 1.0, 1.0}, 1, 1), true);
  }
}

}  // namespace
}  // namespace bulwark::sim
