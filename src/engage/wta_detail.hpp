// Internal building blocks shared by the WTA solvers (not part of the public
// interface; see wta.hpp). A WtaModel is the validated problem with the
// limits made explicit; a WtaState is an assignment with the per-target
// survival products kept up to date so a move is evaluated in O(1).
#pragma once

#include <Eigen/Core>
#include <chrono>
#include <limits>
#include <vector>

#include "engage/wta.hpp"

namespace bulwark::engage::detail {

using Clock = std::chrono::steady_clock;

constexpr int kUnlimited = std::numeric_limits<int>::max() / 4;

struct WtaModel {
  int weapons = 0;
  int targets = 0;
  std::vector<int> count;      // rounds per weapon type
  std::vector<int> channels;   // targets a type may engage (kUnlimited when < 0)
  std::vector<int> max_shots;  // rounds a target may receive (kUnlimited when < 0)
  std::vector<double> value;   // V_j
  Eigen::MatrixXd p;           // weapons x targets
  Eigen::MatrixXd q;           // 1 - p
  bool limited = false;        // any finite channel or max-shot limit

  // Throws std::invalid_argument on inconsistent dimensions or values.
  explicit WtaModel(const WtaProblem& problem);
  int total_rounds() const;
};

// An assignment x (weapons x targets) with its bookkeeping.
class WtaState {
 public:
  explicit WtaState(const WtaModel& model);

  const WtaModel& model() const { return *m_; }
  int x(int i, int j) const { return x_(i, j); }
  int rounds_left(int i) const { return m_->count[static_cast<std::size_t>(i)] - used_[idx(i)]; }
  int shots_at(int j) const { return shots_[idx(j)]; }
  int channels_used(int i) const { return channels_used_[idx(i)]; }
  // Expected surviving value of target j.
  double survival(int j) const {
    return zeros_[idx(j)] > 0 ? 0.0 : m_->value[idx(j)] * prod_[idx(j)];
  }
  double objective() const;

  // One more round of type i at target j is allowed (p > 0, rounds, channels, max shots).
  bool can_add(int i, int j) const {
    if (m_->p(i, j) <= 0.0 || rounds_left(i) <= 0) return false;
    if (shots_[idx(j)] >= m_->max_shots[idx(j)]) return false;
    return x_(i, j) > 0 || channels_used_[idx(i)] < m_->channels[idx(i)];
  }
  // Channel check only, for a round of type i moving onto j while one leaves `from`.
  bool channel_ok_after_move(int i, int from, int to) const;
  void add(int i, int j);
  void remove(int i, int j);
  // Survival of target j with one round of type `in` added (in >= 0) and one of
  // type `out` removed (out >= 0); -1 means none.
  double survival_with(int j, int in, int out) const {
    int zeros = zeros_[idx(j)];
    double prod = prod_[idx(j)];
    if (in >= 0) {
      const double qin = m_->q(in, j);
      if (qin > 0.0)
        prod *= qin;
      else
        ++zeros;
    }
    if (out >= 0) {
      const double qout = m_->q(out, j);
      if (qout > 0.0)
        prod /= qout;
      else
        --zeros;
    }
    return zeros > 0 ? 0.0 : m_->value[idx(j)] * prod;
  }

  void set(const std::vector<WtaShot>& shots);
  std::vector<WtaShot> shots() const;
  void refresh();  // recomputes the products from x (limits rounding drift)

 private:
  static std::size_t idx(int k) { return static_cast<std::size_t>(k); }
  const WtaModel* m_;
  Eigen::MatrixXi x_;
  std::vector<int> used_;           // rounds used per type
  std::vector<int> channels_used_;  // targets engaged per type
  std::vector<int> shots_;          // rounds at each target
  std::vector<double> prod_;        // product of q over rounds with q > 0
  std::vector<int> zeros_;          // rounds with q == 0 (p == 1)
};

// Lower bound on the optimum of the subproblem left by `state`: the rounds
// still unassigned (rounds_left) are distributed over the targets, target j
// starting from survival(j). `min_target[i]` (optional, may be empty) forbids
// type i from targets below it (the branch-and-bound's symmetry rule).
// `lambda` (size weapons) holds the Lagrange multipliers: used as the start
// and returned improved. Performs up to `iterations` subgradient steps aiming
// at `target` (the incumbent's objective) and stops early once the bound
// reaches it. With target_budget > 0 each target's Lagrangian subproblem is
// solved exactly when that many search nodes suffice (a tighter bound).
// The result is valid for any lambda; see wta_bound.cpp.
double slot_bound(const WtaState& state, const std::vector<int>& min_target,
                  std::vector<double>& lambda, int iterations, double target,
                  Clock::time_point deadline = Clock::time_point::max(), int target_budget = 0);

// Maximum-marginal-return greedy completion of `state` (adds rounds only).
// Returns the smallest marginal gain of a round it fired (0 if none).
double greedy_fill(WtaState& state);

// Local search from `state` until no improving move is left or the deadline.
// Returns the number of improving moves made.
int local_search(WtaState& state, Clock::time_point deadline, std::uint64_t seed);

WtaResult solve_greedy(const WtaModel& model, const WtaOptions& options);
WtaResult solve_vlsn(const WtaModel& model, const WtaOptions& options);
WtaResult solve_exact(const WtaModel& model, const WtaOptions& options);

// Root lower bound (slot relaxation, Lagrangian dual by subgradient).
double root_lower_bound(const WtaModel& model, double incumbent, Clock::time_point deadline);

}  // namespace bulwark::engage::detail
