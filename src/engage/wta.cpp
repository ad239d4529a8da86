// solve_wta() dispatch, feasibility and objective checks, the model and the
// assignment state shared by the solvers.
#include "engage/wta.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "engage/wta_detail.hpp"

namespace bulwark::engage {

namespace detail {

namespace {
std::size_t uz(int k) {
  return static_cast<std::size_t>(k);
}
}  // namespace

WtaModel::WtaModel(const WtaProblem& problem) {
  weapons = static_cast<int>(problem.weapon_count.size());
  targets = static_cast<int>(problem.target_value.size());
  if (problem.pk.rows() != weapons || problem.pk.cols() != targets)
    throw std::invalid_argument("WTA: pk must be weapons x targets");
  if (!problem.weapon_channels.empty() && problem.weapon_channels.size() != uz(weapons))
    throw std::invalid_argument("WTA: weapon_channels must be empty or one per weapon");
  if (!problem.max_shots_per_target.empty() && problem.max_shots_per_target.size() != uz(targets))
    throw std::invalid_argument("WTA: max_shots_per_target must be empty or one per target");
  count = problem.weapon_count;
  value = problem.target_value;
  channels.assign(uz(weapons), kUnlimited);
  max_shots.assign(uz(targets), kUnlimited);
  for (int i = 0; i < weapons; ++i) {
    if (count[uz(i)] < 0) throw std::invalid_argument("WTA: negative weapon count");
    if (!problem.weapon_channels.empty() && problem.weapon_channels[uz(i)] >= 0) {
      channels[uz(i)] = problem.weapon_channels[uz(i)];
      limited = true;
    }
  }
  for (int j = 0; j < targets; ++j) {
    if (!(value[uz(j)] >= 0.0) || !std::isfinite(value[uz(j)]))
      throw std::invalid_argument("WTA: target values must be finite and >= 0");
    if (!problem.max_shots_per_target.empty() && problem.max_shots_per_target[uz(j)] >= 0) {
      max_shots[uz(j)] = problem.max_shots_per_target[uz(j)];
      limited = true;
    }
  }
  for (int i = 0; i < weapons; ++i)
    for (int j = 0; j < targets; ++j) {
      const double pij = problem.pk(i, j);
      if (!(pij >= 0.0 && pij <= 1.0)) throw std::invalid_argument("WTA: pk outside [0, 1]");
    }
  p = problem.pk;
  q = (1.0 - p.array()).matrix();
}

int WtaModel::total_rounds() const {
  int n = 0;
  for (int c : count) n += c;
  return n;
}

WtaState::WtaState(const WtaModel& model)
    : m_(&model),
      x_(Eigen::MatrixXi::Zero(model.weapons, model.targets)),
      used_(uz(model.weapons), 0),
      channels_used_(uz(model.weapons), 0),
      shots_(uz(model.targets), 0),
      prod_(uz(model.targets), 1.0),
      zeros_(uz(model.targets), 0) {}

double WtaState::objective() const {
  double f = 0.0;
  for (int j = 0; j < m_->targets; ++j) f += survival(j);
  return f;
}

bool WtaState::channel_ok_after_move(int i, int from, int to) const {
  if (x_(i, to) > 0) return true;
  int used = channels_used_[idx(i)] + 1;
  if (from >= 0 && x_(i, from) == 1) --used;
  return used <= m_->channels[idx(i)];
}

void WtaState::add(int i, int j) {
  if (x_(i, j)++ == 0) ++channels_used_[idx(i)];
  ++used_[idx(i)];
  ++shots_[idx(j)];
  const double qij = m_->q(i, j);
  if (qij > 0.0)
    prod_[idx(j)] *= qij;
  else
    ++zeros_[idx(j)];
}

void WtaState::remove(int i, int j) {
  if (--x_(i, j) == 0) --channels_used_[idx(i)];
  --used_[idx(i)];
  --shots_[idx(j)];
  const double qij = m_->q(i, j);
  if (qij > 0.0)
    prod_[idx(j)] /= qij;
  else
    --zeros_[idx(j)];
}

void WtaState::set(const std::vector<WtaShot>& shots) {
  *this = WtaState(*m_);
  for (const WtaShot& s : shots)
    for (int k = 0; k < s.shots; ++k) add(s.weapon, s.target);
}

std::vector<WtaShot> WtaState::shots() const {
  std::vector<WtaShot> out;
  for (int i = 0; i < m_->weapons; ++i)
    for (int j = 0; j < m_->targets; ++j)
      if (x_(i, j) > 0) out.push_back({i, j, x_(i, j)});
  return out;
}

void WtaState::refresh() {
  for (int j = 0; j < m_->targets; ++j) {
    double prod = 1.0;
    for (int i = 0; i < m_->weapons; ++i) {
      const double qij = m_->q(i, j);
      if (x_(i, j) > 0 && qij > 0.0) prod *= std::pow(qij, x_(i, j));
    }
    prod_[idx(j)] = prod;
  }
}

}  // namespace detail

const char* to_string(WtaSolver s) {
  switch (s) {
    case WtaSolver::exact:
      return "exact";
    case WtaSolver::greedy:
      return "greedy";
    case WtaSolver::vlsn:
      return "vlsn";
  }
  return "?";
}

std::optional<WtaSolver> solver_from_string(std::string_view text) {
  for (WtaSolver s : {WtaSolver::exact, WtaSolver::greedy, WtaSolver::vlsn})
    if (text == to_string(s)) return s;
  return std::nullopt;
}

double WtaResult::gap() const {
  if (lower_bound < 0.0) return std::nan("");
  if (objective <= 0.0) return objective - lower_bound <= 0.0 ? 0.0 : std::nan("");
  return (objective - lower_bound) / objective;
}

std::string WtaResult::report() const {
  std::ostringstream os;
  os << "WTA " << to_string(solver) << ": expected surviving value " << objective;
  if (lower_bound >= 0.0)
    os << ", lower bound " << lower_bound << " (gap " << 100.0 * gap() << " %)";
  os << ", " << assignment.size() << " weapon-target pairs, " << (proven_optimal ? "" : "not ")
     << "proven optimal, " << iterations << " iterations, " << seconds
     << " s, stopped: " << termination << ".";
  return os.str();
}

WtaResult solve_wta(const WtaProblem& problem, const WtaOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const detail::WtaModel model(problem);
  if (!(options.time_limit_s >= 0.0))
    throw std::invalid_argument("WTA: negative or NaN time limit");
  WtaOptions o = options;
  o.time_limit_s = std::min(o.time_limit_s, 1e7);  // "no limit" without clock overflow
  WtaResult r;
  switch (o.solver) {
    case WtaSolver::greedy:
      r = detail::solve_greedy(model, o);
      break;
    case WtaSolver::vlsn:
      r = detail::solve_vlsn(model, o);
      break;
    case WtaSolver::exact:
      r = detail::solve_exact(model, o);
      break;
  }
  r.solver = options.solver;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

double wta_lower_bound(const WtaProblem& problem, double time_limit_s) {
  const detail::WtaModel model(problem);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(time_limit_s));
  return detail::root_lower_bound(model, std::numeric_limits<double>::infinity(), deadline);
}

double surviving_value(const WtaProblem& problem, const std::vector<WtaShot>& assignment) {
  std::vector<double> survive(problem.target_value);
  for (const WtaShot& s : assignment) {
    if (s.target < 0 || s.target >= static_cast<int>(survive.size()) || s.weapon < 0 ||
        s.weapon >= problem.pk.rows() || s.shots < 0)
      throw std::invalid_argument("WTA: assignment entry out of range");
    survive[static_cast<std::size_t>(s.target)] *=
        std::pow(1.0 - problem.pk(s.weapon, s.target), s.shots);
  }
  double f = 0.0;
  for (double v : survive) f += v;
  return f;
}

bool is_feasible(const WtaProblem& problem, const std::vector<WtaShot>& assignment) {
  const auto nw = problem.weapon_count.size();
  const auto nt = problem.target_value.size();
  std::vector<int> rounds(nw, 0), channels(nw, 0), shots(nt, 0);
  std::vector<std::vector<int>> seen(nw, std::vector<int>(nt, 0));
  for (const WtaShot& s : assignment) {
    if (s.weapon < 0 || s.target < 0 || static_cast<std::size_t>(s.weapon) >= nw ||
        static_cast<std::size_t>(s.target) >= nt || s.shots < 0)
      return false;
    const auto i = static_cast<std::size_t>(s.weapon);
    const auto j = static_cast<std::size_t>(s.target);
    if (s.shots == 0) continue;
    if (problem.pk(s.weapon, s.target) <= 0.0) return false;
    if (seen[i][j]++ == 0) ++channels[i];
    rounds[i] += s.shots;
    shots[j] += s.shots;
  }
  for (std::size_t i = 0; i < nw; ++i) {
    if (rounds[i] > problem.weapon_count[i]) return false;
    if (!problem.weapon_channels.empty() && problem.weapon_channels[i] >= 0 &&
        channels[i] > problem.weapon_channels[i])
      return false;
  }
  for (std::size_t j = 0; j < nt; ++j)
    if (!problem.max_shots_per_target.empty() && problem.max_shots_per_target[j] >= 0 &&
        shots[j] > problem.max_shots_per_target[j])
      return false;
  return true;
}

}  // namespace bulwark::engage
