// Very-large-scale neighbourhood search for the WTA (after Ahuja, Kumar, Jha
// & Orlin 2007). From the greedy assignment it applies improving moves until
// none is left:
//   * add      — fire an unused round where the limits allow (greedy_fill);
//   * relocate — move one round to another target;
//   * replace  — swap an assigned round for an unused round of another type;
//   * swap     — exchange two rounds of different types between two targets;
//   * cyclic multi-exchange — rounds a1 -> target(a2) -> ... -> ak -> target(a1)
//     over distinct targets, found as a negative cycle (length 3..kMaxCycle) in
//     Ahuja et al.'s improvement graph, whose arc a -> b costs the change of
//     target(b)'s surviving value when a's round replaces b's. The search
//     grows paths whose partial cost stays negative (every negative cycle has
//     such a rotation) over each node's kCandidates cheapest arcs;
//   * then ruin-and-recreate kicks (kick_and_descend below).
#include <algorithm>
#include <array>
#include <chrono>
#include <random>
#include <vector>

#include "common/random.hpp"
#include "engage/wta_detail.hpp"

namespace bulwark::engage::detail {

namespace {

constexpr int kMaxCycle = 4;
constexpr int kCandidates = 8;

struct Node {
  int weapon;
  int target;
};

double eps_for(const WtaModel& m) {
  double total = 0.0;
  for (double v : m.value) total += v;
  return 1e-12 * (total + 1.0);
}

std::vector<Node> assigned(const WtaState& s) {
  std::vector<Node> out;
  for (int i = 0; i < s.model().weapons; ++i)
    for (int j = 0; j < s.model().targets; ++j)
      if (s.x(i, j) > 0) out.push_back({i, j});
  return out;
}

// Relocate/replace/swap passes with first improvement. A move only changes
// the targets it touches, so a pass re-examines a move only if one of its
// targets changed in this pass or the previous one ("don't look" marks).
class PairwiseSearch {
 public:
  PairwiseSearch(WtaState& s, double eps)
      : s_(s), eps_(eps), changed_(static_cast<std::size_t>(s.model().targets), 1) {}

  // Marks target j as changed outside this search (by a cyclic exchange).
  void mark(int j) { touch(j); }

  // Runs passes until one improves nothing; returns the moves made.
  int run(Clock::time_point deadline) {
    int moves = 0;
    for (;;) {
      ++pass_;
      const int made = one_pass(deadline);
      moves += made;
      if (made == 0 || Clock::now() >= deadline) return moves;
    }
  }

 private:
  bool recent(int j) const { return changed_[static_cast<std::size_t>(j)] >= pass_ - 1; }
  void touch(int j) { changed_[static_cast<std::size_t>(j)] = pass_; }

  int one_pass(Clock::time_point deadline) {
    const WtaModel& m = s_.model();
    const std::vector<Node> pairs = assigned(s_);
    std::vector<int> spare;  // types with unused rounds
    for (int i = 0; i < m.weapons; ++i)
      if (s_.rounds_left(i) > 0) spare.push_back(i);
    int moves = 0;
    for (std::size_t a = 0; a < pairs.size(); ++a) {
      if ((a & 63) == 0 && Clock::now() >= deadline) break;
      const int i = pairs[a].weapon;
      const int j = pairs[a].target;
      if (s_.x(i, j) == 0) continue;
      const bool fresh = recent(j);
      // relocate one round of i from j to j2: worth it when the value it
      // removes at j2, S_j2 p_ij2, exceeds what j regains without it
      double loss = s_.survival_with(j, -1, i) - s_.survival(j);
      for (int j2 = 0; j2 < m.targets && s_.x(i, j) > 0; ++j2) {
        if (j2 == j || (!fresh && !recent(j2)) || s_.survival(j2) * m.p(i, j2) <= loss + eps_)
          continue;
        if (s_.shots_at(j2) >= m.max_shots[static_cast<std::size_t>(j2)]) continue;
        const double delta = loss + s_.survival_with(j2, i, -1) - s_.survival(j2);
        if (delta < -eps_ && s_.channel_ok_after_move(i, j, j2)) {
          s_.remove(i, j);
          s_.add(i, j2);
          touch(j);
          touch(j2);
          ++moves;
          if (s_.x(i, j) > 0) loss = s_.survival_with(j, -1, i) - s_.survival(j);
        }
      }
      // replace the round of i at j by an unused round of a better type i2
      for (int i2 : spare) {
        if (s_.x(i, j) == 0) break;
        if (i2 == i || s_.rounds_left(i2) <= 0 || m.p(i2, j) <= m.p(i, j)) continue;
        if (s_.x(i2, j) == 0 && s_.channels_used(i2) >= m.channels[static_cast<std::size_t>(i2)])
          continue;
        s_.remove(i, j);
        s_.add(i2, j);
        touch(j);
        ++moves;
        spare.push_back(i);
      }
      // swap with a round of another type i2 at another target j2
      for (std::size_t b = a + 1; b < pairs.size() && s_.x(i, j) > 0; ++b) {
        const int i2 = pairs[b].weapon;
        const int j2 = pairs[b].target;
        if (i2 == i || j2 == j || (!fresh && !recent(j2)) || s_.x(i2, j2) == 0 ||
            m.p(i, j2) <= 0.0 || m.p(i2, j) <= 0.0)
          continue;
        const double delta = s_.survival_with(j, i2, i) - s_.survival(j) +
                             s_.survival_with(j2, i, i2) - s_.survival(j2);
        if (delta < -eps_ && s_.channel_ok_after_move(i, j, j2) &&
            s_.channel_ok_after_move(i2, j2, j)) {
          s_.remove(i, j);
          s_.remove(i2, j2);
          s_.add(i, j2);
          s_.add(i2, j);
          touch(j);
          touch(j2);
          ++moves;
        }
      }
    }
    if (moves > 0) {
      s_.refresh();
      greedy_fill(s_);  // a replaced round may fit elsewhere
    }
    return moves;
  }

  WtaState& s_;
  double eps_;
  std::vector<int> changed_;  // pass in which each target last changed
  int pass_ = 1;
};

class CycleSearch {
 public:
  CycleSearch(WtaState& s, double eps) : s_(s), eps_(eps) {}

  // Builds the improvement graph and applies negative cycles over targets
  // that no earlier cycle of this pass touched; returns how many it applied.
  int improve(Clock::time_point deadline) {
    const WtaModel& m = s_.model();
    nodes_ = assigned(s_);
    const int n = static_cast<int>(nodes_.size());
    if (n < 3) return 0;
    dirty_.assign(static_cast<std::size_t>(m.targets), 0);
    arcs_.assign(static_cast<std::size_t>(n), {});
    std::vector<std::pair<double, int>> row;
    for (int a = 0; a < n; ++a) {
      row.clear();
      const Node& na = node(a);
      for (int b = 0; b < n; ++b) {
        const Node& nb = node(b);
        if (na.target == nb.target || na.weapon == nb.weapon || m.p(na.weapon, nb.target) <= 0.0)
          continue;
        const double cost =
            s_.survival_with(nb.target, na.weapon, nb.weapon) - s_.survival(nb.target);
        row.emplace_back(cost, b);
      }
      const auto k = std::min<std::size_t>(row.size(), kCandidates);
      std::partial_sort(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(k), row.end());
      row.resize(k);
      arcs_[static_cast<std::size_t>(a)] = row;
      if ((a & 63) == 0 && Clock::now() >= deadline) return 0;
    }
    int applied = 0;
    for (int a = 0; a < n; ++a) {
      if (dirty_[static_cast<std::size_t>(node(a).target)]) continue;
      path_[0] = a;
      if (extend(1, 0.0)) ++applied;
      if ((a & 63) == 0 && Clock::now() >= deadline) break;
    }
    return applied;
  }

  bool touched(int j) const { return dirty_[static_cast<std::size_t>(j)] != 0; }

 private:
  const Node& node(int a) const { return nodes_[static_cast<std::size_t>(a)]; }

  double arc_cost(int a, int b) const {
    const Node& na = node(a);
    const Node& nb = node(b);
    return s_.survival_with(nb.target, na.weapon, nb.weapon) - s_.survival(nb.target);
  }

  bool extend(int len, double partial) {
    const int last = path_[static_cast<std::size_t>(len - 1)];
    for (const auto& [cost, b] : arcs_[static_cast<std::size_t>(last)]) {
      const double sum = partial + cost;
      if (sum >= -eps_) break;  // arcs are sorted: no cheaper continuation
      bool clash = dirty_[static_cast<std::size_t>(node(b).target)] != 0;
      for (int k = 0; k < len; ++k)
        if (node(path_[static_cast<std::size_t>(k)]).target == node(b).target) clash = true;
      if (clash) continue;
      path_[static_cast<std::size_t>(len)] = b;
      if (len + 1 >= 3) {
        const double total = sum + arc_cost(b, path_[0]);
        const Node& n0 = node(path_[0]);
        if (total < -eps_ && s_.model().p(node(b).weapon, n0.target) > 0.0 && apply(len + 1))
          return true;
      }
      if (len + 1 < kMaxCycle && extend(len + 1, sum)) return true;
    }
    return false;
  }

  // Moves the round of path[k] to the target of path[k+1] (cyclically); keeps
  // the result only if the channel limits still hold and it improves.
  bool apply(int len) {
    const WtaModel& m = s_.model();
    const double before = s_.objective();
    for (int k = 0; k < len; ++k) {
      const Node& a = node(path_[static_cast<std::size_t>(k)]);
      s_.remove(a.weapon, a.target);
    }
    for (int k = 0; k < len; ++k) {
      const Node& a = node(path_[static_cast<std::size_t>(k)]);
      const Node& b = node(path_[static_cast<std::size_t>((k + 1) % len)]);
      s_.add(a.weapon, b.target);
    }
    bool ok = s_.objective() < before - eps_;
    for (int k = 0; k < len && ok; ++k) {
      const int i = node(path_[static_cast<std::size_t>(k)]).weapon;
      if (s_.channels_used(i) > m.channels[static_cast<std::size_t>(i)]) ok = false;
    }
    if (ok) {
      for (int k = 0; k < len; ++k)
        dirty_[static_cast<std::size_t>(node(path_[static_cast<std::size_t>(k)]).target)] = 1;
      return true;
    }
    for (int k = 0; k < len; ++k) {
      const Node& a = node(path_[static_cast<std::size_t>(k)]);
      const Node& b = node(path_[static_cast<std::size_t>((k + 1) % len)]);
      s_.remove(a.weapon, b.target);
    }
    for (int k = 0; k < len; ++k) {
      const Node& a = node(path_[static_cast<std::size_t>(k)]);
      s_.add(a.weapon, a.target);
    }
    return false;
  }

  WtaState& s_;
  double eps_;
  std::vector<Node> nodes_;
  std::vector<char> dirty_;  // targets changed by a cycle of this pass
  std::vector<std::vector<std::pair<double, int>>> arcs_;
  std::array<int, kMaxCycle> path_{};
};

}  // namespace

int local_search(WtaState& s, Clock::time_point deadline, std::uint64_t /*seed*/) {
  const double eps = eps_for(s.model());
  greedy_fill(s);
  PairwiseSearch pairwise(s, eps);
  CycleSearch cycles(s, eps);
  int moves = 0;
  for (;;) {
    moves += pairwise.run(deadline);
    const int applied = Clock::now() >= deadline ? 0 : cycles.improve(deadline);
    if (applied == 0) break;
    moves += applied;
    for (int j = 0; j < s.model().targets; ++j)
      if (cycles.touched(j)) pairwise.mark(j);
    s.refresh();
  }
  s.refresh();
  return moves;
}

namespace {

// Iterated local search on top of the neighbourhood: "ruin and recreate"
// kicks clear every round from 2-4 random engaged targets (and, every other
// kick, every round of one random type), refill greedily and descend again;
// a kick is kept only if it improves. Each kick costs
// O(W T), so their number is min(kMaxKicks, kKickWork / (W T)) and large
// raids keep their speed; the draws come from a seeded stream, so
// the result is reproducible (unless the time limit cuts it short).
constexpr int kMaxKicks = 300;
constexpr double kKickWork = 2e6;

int kick_and_descend(WtaState& best, Clock::time_point deadline, std::uint64_t seed) {
  const WtaModel& m = best.model();
  Rng rng = make_stream(seed, 0, stable_hash("wta-vlsn-kicks"));
  const double cells = static_cast<double>(m.weapons) * m.targets;
  const int kicks = static_cast<int>(std::min<double>(kMaxKicks, kKickWork / (cells + 1.0)));
  const double eps = eps_for(m);
  double best_f = best.objective();
  int improved = 0;
  for (int k = 0; k < kicks && Clock::now() < deadline; ++k) {
    WtaState trial = best;
    std::vector<int> engaged;
    for (int j = 0; j < m.targets; ++j)
      if (trial.shots_at(j) > 0) engaged.push_back(j);
    if (engaged.empty()) break;
    std::uniform_int_distribution<std::size_t> pick(0, engaged.size() - 1);
    for (int r = 0; r < 2 + k % 3; ++r) {
      const int j = engaged[pick(rng)];
      for (int i = 0; i < m.weapons; ++i)
        while (trial.x(i, j) > 0) trial.remove(i, j);
    }
    if (k % 2 == 1) {  // and every round of one type
      std::uniform_int_distribution<int> type(0, m.weapons - 1);
      const int i = type(rng);
      for (int j = 0; j < m.targets; ++j)
        while (trial.x(i, j) > 0) trial.remove(i, j);
    }
    trial.refresh();
    greedy_fill(trial);
    PairwiseSearch(trial, eps).run(deadline);
    trial.refresh();
    const double f = trial.objective();
    if (f < best_f - eps) {
      best = trial;
      best_f = f;
      ++improved;
    }
  }
  return improved;
}

}  // namespace

WtaResult solve_vlsn(const WtaModel& model, const WtaOptions& options) {
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(options.time_limit_s));
  WtaState s(model);
  WtaResult r;
  r.iterations = local_search(s, deadline, options.seed);
  if (kick_and_descend(s, deadline, options.seed) > 0)
    r.iterations += local_search(s, deadline, options.seed);  // cyclic exchanges again
  r.objective = s.objective();
  r.assignment = s.shots();
  r.termination = Clock::now() >= deadline ? "time limit" : "local optimum";
  if (options.compute_lower_bound) r.lower_bound = root_lower_bound(model, r.objective, deadline);
  return r;
}

}  // namespace bulwark::engage::detail
