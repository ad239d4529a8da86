// Exact WTA by depth-first branch and bound over rounds.
//
// Rounds are decided one at a time, grouped by weapon type (types with the
// largest single-shot gain first). A round goes to a target at or after the
// previous round of its type (so each multiset of targets is enumerated once),
// or — only when a channel or max-shot limit exists, since otherwise firing
// never hurts — it and the rest of its type stay unused. Children are tried in
// order of marginal gain. Each node is bounded by the slot Lagrangian bound of
// wta_bound.cpp (multipliers inherited from the parent, a few subgradient
// steps) and pruned when the bound reaches the incumbent, which starts from
// the VLSN solution. At the time limit the search stops and reports the
// incumbent and the smallest bound over the nodes left open.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "engage/wta_detail.hpp"

namespace bulwark::engage::detail {

namespace {

constexpr int kRootIterations = 300;
constexpr int kNodeIterations = 8;
// Search nodes per target for the exact per-target Lagrangian subproblem.
constexpr int kRootBudget = 2000;
constexpr int kNodeBudget = 64;
// Largest total number of rounds the branch and bound takes on.
constexpr int kMaxRounds = 4000;

class BranchAndBound {
 public:
  BranchAndBound(const WtaModel& m, const WtaOptions& o, Clock::time_point deadline)
      : m_(m), s_(m), deadline_(deadline), relative_gap_(std::max(0.0, o.relative_gap)) {
    std::vector<int> order(static_cast<std::size_t>(m.weapons));
    std::iota(order.begin(), order.end(), 0);
    std::vector<double> key(static_cast<std::size_t>(m.weapons), 0.0);
    for (int i = 0; i < m.weapons; ++i)
      for (int j = 0; j < m.targets; ++j)
        key[static_cast<std::size_t>(i)] = std::max(
            key[static_cast<std::size_t>(i)], m.value[static_cast<std::size_t>(j)] * m.p(i, j));
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return key[static_cast<std::size_t>(a)] > key[static_cast<std::size_t>(b)];
    });
    for (int i : order)
      for (int k = 0; k < m.count[static_cast<std::size_t>(i)]; ++k) unit_type_.push_back(i);
    min_target_.assign(static_cast<std::size_t>(m.weapons), 0);
    double total = 0.0;
    for (double v : m.value) total += v;
    abs_tol_ = 1e-12 * (total + 1.0);
  }

  void set_incumbent(const WtaState& s) {
    incumbent_ = s.objective();
    best_ = s.shots();
  }

  double root_bound() {
    std::vector<double> lambda;
    root_bound_ = slot_bound(s_, {}, lambda, kRootIterations, incumbent_, deadline_, kRootBudget);
    root_lambda_ = lambda;
    return root_bound_;
  }

  void run() { dfs(0, root_lambda_, root_bound_); }

  bool timed_out() const { return timed_out_; }
  long nodes() const { return nodes_; }
  double incumbent() const { return incumbent_; }
  const std::vector<WtaShot>& best() const { return best_; }
  double lower_bound() const { return std::min(incumbent_, std::max(root_bound_, open_min_)); }

 private:
  double tolerance() const { return std::max(abs_tol_, relative_gap_ * incumbent_); }

  // First unit of the next weapon type after unit d.
  int next_type(int d) const {
    const int n = static_cast<int>(unit_type_.size());
    const int i = unit_type_[static_cast<std::size_t>(d)];
    while (d < n && unit_type_[static_cast<std::size_t>(d)] == i) ++d;
    return d;
  }

  void dfs(int d, std::vector<double> lambda, double parent_bound) {
    ++nodes_;
    if (timed_out_ || Clock::now() >= deadline_) {
      timed_out_ = true;
      open_min_ = std::min(open_min_, parent_bound);
      return;
    }
    if (d == static_cast<int>(unit_type_.size())) {
      const double f = s_.objective();
      if (f < incumbent_) {
        incumbent_ = f;
        best_ = s_.shots();
      }
      return;
    }
    const auto never = Clock::time_point::max();
    double bound = slot_bound(s_, min_target_, lambda, 0, incumbent_, never, kNodeBudget);
    if (bound < incumbent_ - tolerance())
      bound = slot_bound(s_, min_target_, lambda, kNodeIterations, incumbent_, never, kNodeBudget);
    bound = std::max(bound, parent_bound);
    if (bound >= incumbent_ - tolerance()) {
      if (bound < incumbent_) open_min_ = std::min(open_min_, bound);
      return;
    }
    const int i = unit_type_[static_cast<std::size_t>(d)];
    const auto ui = static_cast<std::size_t>(i);
    std::vector<std::pair<double, int>> children;
    for (int j = min_target_[ui]; j < m_.targets; ++j)
      if (s_.can_add(i, j)) children.emplace_back(-s_.survival(j) * m_.p(i, j), j);
    std::sort(children.begin(), children.end());
    const int saved = min_target_[ui];
    for (const auto& child : children) {
      const int j = child.second;
      s_.add(i, j);
      min_target_[ui] = j;
      dfs(d + 1, lambda, bound);
      s_.remove(i, j);
      if (timed_out_) break;
    }
    if (!timed_out_ && (m_.limited || children.empty())) {
      min_target_[ui] = m_.targets;  // this round and the rest of its type stay unused
      dfs(next_type(d), lambda, bound);
    }
    min_target_[ui] = saved;
    if (timed_out_) open_min_ = std::min(open_min_, bound);
  }

  const WtaModel& m_;
  WtaState s_;
  Clock::time_point deadline_;
  double relative_gap_;
  double abs_tol_ = 0.0;
  std::vector<int> unit_type_;
  std::vector<int> min_target_;
  double incumbent_ = std::numeric_limits<double>::infinity();
  std::vector<WtaShot> best_;
  double root_bound_ = 0.0;
  std::vector<double> root_lambda_;
  double open_min_ = std::numeric_limits<double>::infinity();
  bool timed_out_ = false;
  long nodes_ = 0;
};

}  // namespace

WtaResult solve_exact(const WtaModel& model, const WtaOptions& options) {
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(options.time_limit_s));
  // Incumbent from the local search, given at most a quarter of the time.
  WtaState start_state(model);
  const auto search_deadline =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(0.25 * options.time_limit_s));
  local_search(start_state, search_deadline, options.seed);

  BranchAndBound bb(model, options, deadline);
  bb.set_incumbent(start_state);
  const double root = bb.root_bound();
  WtaResult r;
  if (model.total_rounds() > kMaxRounds) {
    // The search is one recursion level per round; beyond this it is neither
    // safe (stack depth) nor useful. Report the local optimum and the bound.
    r.objective = bb.incumbent();
    r.assignment = bb.best();
    r.lower_bound = std::min(root, r.objective);
    r.termination = "too many rounds for branch and bound (> " + std::to_string(kMaxRounds) + ")";
    return r;
  }
  bb.run();
  r.objective = bb.incumbent();
  r.assignment = bb.best();
  r.lower_bound = bb.lower_bound();
  r.proven_optimal = !bb.timed_out();
  r.iterations = static_cast<int>(std::min<long>(bb.nodes(), std::numeric_limits<int>::max()));
  r.termination = bb.timed_out() ? "time limit" : "optimal";
  return r;
}

}  // namespace bulwark::engage::detail
