// Static weapon-target assignment (WTA): choose how many rounds x_ij of each
// weapon type i to fire at each target j to minimise the expected surviving
// value  sum_j V_j prod_i (1 - p_ij)^x_ij  subject to
//   sum_j x_ij <= count_i                      (inventory)
//   #{j : x_ij > 0} <= channels_i              (fire channels; < 0 = unlimited)
//   sum_i x_ij <= max_shots_per_target_j       (doctrine; < 0 = unlimited)
//   x_ij = 0 where p_ij = 0                    (cannot reach)
// (Manne 1958; Ahuja, Kumar, Jha & Orlin, Operations Research 55(6), 2007).
// All solvers sit behind solve_wta(); Ceres style: options in, result out.
//
// Solvers (docs/models.md, "Weapon-target assignment"): greedy = maximum
// marginal return (den Broeder et al. 1959; optimal for identical weapons);
// vlsn = local search with cyclic multi-exchanges (after Ahuja et al. 2007)
// and ruin-and-recreate kicks; exact = branch and bound with a Lagrangian
// bound, proven optimal within relative_gap when it finishes in time. Every
// solver's lower bound is that Lagrangian bound (valid for any multipliers).
// Accuracy: exact equals exhaustive enumeration on 180 tiny instances with
// multi-round types, p in {0, 1} and limits
// (WtaExact.MatchesExhaustiveEnumeration, ...OnMultiRoundInstances). Speed and
// gaps on Ahuja-type instances up to 1000 x 1000: docs/benchmarks.md. For a
// per-cycle call where speed matters, set compute_lower_bound = false.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::engage {

struct WtaProblem {
  std::vector<int> weapon_count;          // rounds of each weapon type (>= 0)
  std::vector<int> weapon_channels;       // empty or per weapon; < 0 = unlimited
  std::vector<double> target_value;       // V_j > 0
  std::vector<int> max_shots_per_target;  // empty or per target; < 0 = unlimited
  Eigen::MatrixXd pk;                     // weapons x targets, in [0, 1]
};

enum class WtaSolver { exact, greedy, vlsn };
const char* to_string(WtaSolver solver);  // "exact", "greedy", "vlsn"
// The solver named by its to_string() text; nullopt for any other text.
std::optional<WtaSolver> solver_from_string(std::string_view text);

struct WtaOptions {
  WtaSolver solver = WtaSolver::vlsn;
  double time_limit_s = 10.0;  // wall-clock limit (exact and vlsn)
  double relative_gap = 1e-6;  // exact: stop when (ub - lb) / ub is below this
  std::uint64_t seed = 1;      // for randomised neighbourhood order, if any
  bool compute_lower_bound = true;
};

struct WtaShot {
  int weapon = 0;
  int target = 0;
  int shots = 0;
};

struct WtaResult {
  WtaSolver solver = WtaSolver::vlsn;
  double objective = 0.0;     // expected surviving value of the assignment
  double lower_bound = -1.0;  // proven lower bound on the optimum; < 0 when unknown
  bool proven_optimal = false;
  std::vector<WtaShot> assignment;  // only entries with shots > 0
  double seconds = 0.0;
  int iterations = 0;          // solver-specific (B&B nodes, VLSN improving moves, ...)
  std::string termination;     // "optimal", "time limit", "local optimum", ...
  double gap() const;          // (objective - lower_bound) / objective, or NaN
  std::string report() const;  // human-readable summary, one paragraph
};

// Throws InputError-free std::invalid_argument on inconsistent dimensions;
// files are validated by io/wta_json before this is reached.
WtaResult solve_wta(const WtaProblem& problem, const WtaOptions& options = {});

// Proven lower bound on the optimum alone: Lagrangian relaxation of the
// inventory limits, per-target subproblems solved exactly or bounded by the
// slot relaxation of Ahuja et al.'s flow bound (src/engage/wta_bound.cpp).
// Throws std::invalid_argument like solve_wta.
double wta_lower_bound(const WtaProblem& problem, double time_limit_s = 10.0);

// Expected surviving value of an assignment (for checking and tests).
double surviving_value(const WtaProblem& problem, const std::vector<WtaShot>& assignment);
// True when the assignment respects every constraint of the problem.
bool is_feasible(const WtaProblem& problem, const std::vector<WtaShot>& assignment);

}  // namespace bulwark::engage
