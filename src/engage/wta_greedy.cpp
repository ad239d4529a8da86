// Maximum-marginal-return greedy (den Broeder, Ellison & Emerling 1959):
// repeatedly fire the round that removes the most expected surviving value,
// V_j(x) p_ij, among the rounds the limits still allow. Optimal when p depends
// only on the target (identical weapons) and no channel or max-shot limit binds;
// a fast heuristic otherwise. O(N (T + W)) for N rounds on average.
#include <chrono>
#include <vector>

#include "engage/wta_detail.hpp"

namespace bulwark::engage::detail {

namespace {

// Best type to fire next at target j (-1 if none may) and its gain.
int best_weapon(const WtaState& s, int j, double& gain) {
  const WtaModel& m = s.model();
  int best = -1;
  double best_p = 0.0;
  for (int i = 0; i < m.weapons; ++i) {
    if (m.p(i, j) > best_p && s.can_add(i, j)) {
      best_p = m.p(i, j);
      best = i;
    }
  }
  gain = best < 0 ? 0.0 : s.survival(j) * best_p;
  return best;
}

}  // namespace

double greedy_fill(WtaState& s) {
  double last_gain = 0.0;
  const WtaModel& m = s.model();
  std::vector<int> best(static_cast<std::size_t>(m.targets));
  std::vector<double> gain(static_cast<std::size_t>(m.targets));
  for (int j = 0; j < m.targets; ++j)
    best[static_cast<std::size_t>(j)] = best_weapon(s, j, gain[static_cast<std::size_t>(j)]);
  for (;;) {
    int jbest = -1;
    double g = 0.0;
    for (int j = 0; j < m.targets; ++j)
      if (best[static_cast<std::size_t>(j)] >= 0 && gain[static_cast<std::size_t>(j)] > g) {
        g = gain[static_cast<std::size_t>(j)];
        jbest = j;
      }
    if (jbest < 0) return last_gain;
    last_gain = g;
    const int i = best[static_cast<std::size_t>(jbest)];
    s.add(i, jbest);
    // Type i may now be exhausted or out of channels: re-price the targets
    // that counted on it (and jbest, whose survival and shot count changed).
    for (int j = 0; j < m.targets; ++j) {
      const auto uj = static_cast<std::size_t>(j);
      if (j == jbest || (best[uj] == i && !s.can_add(i, j))) best[uj] = best_weapon(s, j, gain[uj]);
    }
  }
}

WtaResult solve_greedy(const WtaModel& model, const WtaOptions& options) {
  const auto start = Clock::now();
  WtaState s(model);
  greedy_fill(s);
  WtaResult r;
  r.objective = s.objective();
  r.assignment = s.shots();
  for (const WtaShot& shot : r.assignment) r.iterations += shot.shots;  // rounds fired
  r.termination = "greedy complete";
  if (options.compute_lower_bound) {
    const auto limit = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(options.time_limit_s));
    r.lower_bound = root_lower_bound(model, r.objective, start + limit);
  }
  return r;
}

}  // namespace bulwark::engage::detail
