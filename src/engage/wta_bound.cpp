// Lower bound for the WTA: the "slot" relaxation in the spirit of Ahuja et
// al.'s (2007) minimum-cost-flow bound, solved by Lagrangian relaxation.
//
// Relaxation. List the rounds fired at target j in order of decreasing p. The
// k-th of them, of type i, removes S_j * prod(q of the earlier rounds) * p_ij
// <= S_j q_ij^(k-1) p_ij of surviving value, because every earlier round has
// q <= q_ij. So every feasible assignment is dominated by an assignment of
// rounds to slots (j, k), one round per slot, with gain g_ijk = S_j p_ij
// q_ij^(k-1), and
//     optimum >= sum_j S_j - max { sum g_ijk y_ijk : sum_jk y_ijk <= c_i,
//                                  sum_i y_ijk <= 1 }.
// The bound is exact for identical weapons. Channel limits are dropped
// (a relaxation); the max-shot limit caps k.
//
// Lagrangian dual. Pricing each round of type i at lambda_i >= 0 gives
//     L(lambda) = sum_i lambda_i c_i + sum_{j,k} max(0, max_i (g_ijk - lambda_i))
// >= the maximum gain, for every lambda, so sum_j S_j - L(lambda) is a proven
// lower bound whatever lambda is. lambda is improved by projected subgradient
// steps (Polyak step towards the incumbent, Held, Wolfe & Crowder 1974). Since
// g_ijk decreases in k, the slots of target j are scanned only while some
// g_ijk exceeds lambda_i; lambda is kept >= a tiny floor so this stays short.
//
// Tighter per target. The slot term of target j is an upper bound on
// h_j(lambda) = max_x S_j (1 - prod_i q_ij^x_i) - sum_i lambda_i x_i, the
// exact Lagrangian subproblem of the target. When a small search solves h_j
// within its node budget (TargetSubproblem) h_j replaces the slot term; the
// bound is then the Lagrangian dual of the inventory constraints, far tighter
// when p is spread (benchmarks: within 0.5 % of the best solution on every
// instance of bench/engage_wta.cpp). Valid for any lambda >= 0 and any mix of
// exact and slot terms; checked <= the enumerated optimum in
// WtaExact.MatchesExhaustiveEnumeration.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "engage/wta_detail.hpp"

namespace bulwark::engage::detail {

namespace {

// Below this many steps (branch-and-bound nodes) the clock is not read.
constexpr int kNodeSteps = 16;
// Search nodes allowed per target for the exact per-target subproblem at the root.
constexpr int kRootBudget = 2000;

struct Evaluation {
  double lagrangian = 0.0;
  std::vector<int> usage;  // slots taken by each type
};

// The Lagrangian subproblem of one target solved exactly:
//   h_j(lambda) = max_x  S (1 - prod_i q_i^x_i) - sum_i lambda_i x_i,
//   x_i <= rounds of type i, sum_i x_i <= slots,
// by depth-first search over the candidate types (decreasing p), pruned with
// "n more rounds cost >= n min(lambda) and leave >= S' min(q)^n". It replaces
// the slot term of that target (h_j <= slot term, so the bound only rises).
// Gives up (returns false) after `budget` nodes; the slot term then stands.
class TargetSubproblem {
 public:
  bool solve(const WtaModel& m, int j, double survival, int slots, const std::vector<int>& cand,
             const std::vector<double>& lambda, const std::vector<int>& rounds, int budget) {
    const std::size_t n = cand.size();
    type_ = cand;
    std::stable_sort(type_.begin(), type_.end(),
                     [&](int a, int b) { return m.p(a, j) > m.p(b, j); });
    q_.resize(n);
    lam_.resize(n);
    cap_.resize(n);
    for (std::size_t t = 0; t < n; ++t) {
      const auto ui = static_cast<std::size_t>(type_[t]);
      q_[t] = m.q(type_[t], j);
      lam_[t] = lambda[ui];
      cap_[t] = std::min(rounds[ui], slots);
    }
    qmin_.assign(n + 1, 1.0);
    lmin_.assign(n + 1, std::numeric_limits<double>::infinity());
    for (std::size_t t = n; t-- > 0;) {
      qmin_[t] = std::min(qmin_[t + 1], q_[t]);
      lmin_[t] = std::min(lmin_[t + 1], lam_[t]);
    }
    x_.assign(n, 0);
    best_x_.assign(n, 0);
    s0_ = survival;
    best_ = 0.0;
    nodes_ = 0;
    budget_ = budget;
    aborted_ = false;
    dfs(0, survival, 0.0, slots);
    return !aborted_;
  }
  double value() const { return best_; }
  void add_usage(std::vector<int>& usage) const {
    for (std::size_t t = 0; t < type_.size(); ++t)
      usage[static_cast<std::size_t>(type_[t])] += best_x_[t];
  }

 private:
  void dfs(std::size_t t, double surv, double cost, int left) {
    if (aborted_ || ++nodes_ > budget_) {
      aborted_ = true;
      return;
    }
    const double val = s0_ - surv - cost;
    if (val > best_) {
      best_ = val;
      best_x_ = x_;
    }
    if (t == type_.size() || left == 0) return;
    // Upper bound on what more rounds from types t.. can add.
    double extra = 0.0, gain = 0.0, keep = surv;
    for (int k = 0; k < left; ++k) {
      const double step = keep * (1.0 - qmin_[t]) - lmin_[t];
      if (step <= 0.0) break;
      gain += step;
      keep *= qmin_[t];
      extra = std::max(extra, gain);
    }
    if (val + extra <= best_) return;
    for (int x = std::min(cap_[t], left); x >= 0; --x) {
      x_[t] = x;
      dfs(t + 1, surv * std::pow(q_[t], x), cost + x * lam_[t], left - x);
      if (aborted_) break;
    }
    x_[t] = 0;
  }

  std::vector<int> type_, cap_, x_, best_x_;
  std::vector<double> q_, lam_, qmin_, lmin_;
  double s0_ = 0.0, best_ = 0.0;
  long nodes_ = 0, budget_ = 0;
  bool aborted_ = false;
};

void evaluate(const WtaState& s, const std::vector<int>& min_target,
              const std::vector<double>& lambda, std::vector<int>& rounds, Evaluation& e,
              std::vector<int>& cand, std::vector<double>& g, int target_budget,
              TargetSubproblem& sub) {
  const WtaModel& m = s.model();
  e.usage.assign(static_cast<std::size_t>(m.weapons), 0);
  e.lagrangian = 0.0;
  int total = 0;
  for (int i = 0; i < m.weapons; ++i) {
    e.lagrangian += lambda[static_cast<std::size_t>(i)] * rounds[static_cast<std::size_t>(i)];
    total += rounds[static_cast<std::size_t>(i)];
  }
  for (int j = 0; j < m.targets; ++j) {
    const double sj = s.survival(j);
    const int slots = std::min(total, m.max_shots[static_cast<std::size_t>(j)] - s.shots_at(j));
    if (sj <= 0.0 || slots <= 0) continue;
    cand.clear();
    g.clear();
    for (int i = 0; i < m.weapons; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      if (rounds[ui] <= 0 || (!min_target.empty() && j < min_target[ui])) continue;
      const double gain = sj * m.p(i, j);
      if (gain <= lambda[ui] || !s.can_add(i, j)) continue;
      cand.push_back(i);
      g.push_back(gain);
    }
    if (target_budget > 0 && !cand.empty() &&
        sub.solve(m, j, sj, slots, cand, lambda, rounds, target_budget)) {
      e.lagrangian += sub.value();
      sub.add_usage(e.usage);
      continue;
    }
    for (int k = 0; k < slots && !cand.empty(); ++k) {
      double best = 0.0;
      int arg = -1;
      for (std::size_t c = 0; c < cand.size(); ++c) {
        const double red = g[c] - lambda[static_cast<std::size_t>(cand[c])];
        if (red > best) {
          best = red;
          arg = cand[c];
        }
      }
      if (arg < 0) break;
      e.lagrangian += best;
      ++e.usage[static_cast<std::size_t>(arg)];
      for (std::size_t c = 0; c < cand.size(); ++c) g[c] *= m.q(cand[c], j);
    }
  }
}

}  // namespace

double slot_bound(const WtaState& s, const std::vector<int>& min_target,
                  std::vector<double>& lambda, int iterations, double target,
                  Clock::time_point deadline, int target_budget) {
  const WtaModel& m = s.model();
  double start_value = 0.0;
  double vmax = 0.0;
  for (int j = 0; j < m.targets; ++j) {
    start_value += s.survival(j);
    vmax = std::max(vmax, m.value[static_cast<std::size_t>(j)]);
  }
  const double floor = 1e-9 * (vmax + 1.0);
  std::vector<int> rounds(static_cast<std::size_t>(m.weapons));
  for (int i = 0; i < m.weapons; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    const bool barred = !min_target.empty() && min_target[ui] >= m.targets;
    rounds[ui] = barred ? 0 : s.rounds_left(i);
  }
  if (lambda.size() != static_cast<std::size_t>(m.weapons)) {
    // Start every price at the last (smallest) marginal gain of greedy from
    // here: the optimal dual for identical weapons, a fair start otherwise.
    WtaState greedy = s;
    const double price = greedy_fill(greedy);
    lambda.assign(static_cast<std::size_t>(m.weapons), price);
  }
  for (double& l : lambda) l = std::max(l, floor);

  Evaluation e;
  std::vector<int> cand;
  std::vector<double> g;
  TargetSubproblem sub;
  std::vector<double> trial = lambda;
  evaluate(s, min_target, trial, rounds, e, cand, g, target_budget, sub);
  double best = start_value - e.lagrangian;
  double theta = 1.0;
  int stale = 0;
  for (int it = 0; it < iterations && best < target; ++it) {
    if (iterations > kNodeSteps && Clock::now() >= deadline) break;
    double norm2 = 0.0;
    for (int i = 0; i < m.weapons; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      double d = rounds[ui] - e.usage[ui];
      if (d > 0.0 && trial[ui] <= floor) d = 0.0;  // projected: cannot go lower
      norm2 += d * d;
    }
    if (norm2 == 0.0) break;  // lambda is optimal for the dual
    const double excess = e.lagrangian - (start_value - target);
    const double step = theta * std::max(excess, 1e-9 * (start_value + 1.0)) / norm2;
    for (int i = 0; i < m.weapons; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      trial[ui] = std::max(floor, trial[ui] - step * (rounds[ui] - e.usage[ui]));
    }
    evaluate(s, min_target, trial, rounds, e, cand, g, target_budget, sub);
    const double value = start_value - e.lagrangian;
    if (value > best) {
      best = value;
      lambda = trial;
      stale = 0;
    } else if (++stale >= 5) {
      theta *= 0.5;
      stale = 0;
      if (theta < 1e-4) break;
    }
  }
  return std::max(0.0, best);
}

double root_lower_bound(const WtaModel& model, double incumbent, Clock::time_point deadline) {
  const WtaState empty(model);
  if (!std::isfinite(incumbent)) {
    WtaState greedy(model);
    greedy_fill(greedy);
    incumbent = greedy.objective();
  }
  std::vector<double> lambda;
  double best = 0.0;
  // Rounds of 50 subgradient steps until the deadline or convergence.
  for (int round = 0; round < 20; ++round) {
    const double b = slot_bound(empty, {}, lambda, 50, incumbent, deadline, kRootBudget);
    if (b <= best * (1.0 + 1e-9) && round > 0) {
      best = std::max(best, b);
      break;
    }
    best = std::max(best, b);
    if (best >= incumbent || Clock::now() >= deadline) break;
  }
  return best;
}

}  // namespace bulwark::engage::detail
