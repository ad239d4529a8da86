#include "sim/analytic_leakage.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace bulwark::sim {
namespace {

void check(const DefenceParams& d) {
  if (d.warheads < 1) throw std::invalid_argument("leakage: warheads must be >= 1");
  for (double p : {d.pk, d.p_detect, d.p_system})
    if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("leakage: probability outside [0, 1]");
}

// K(m) = P_d [1 - (1 - p)^m]
double kill_given_shots(const DefenceParams& d, int m) {
  return d.p_detect * (1.0 - std::pow(1.0 - d.pk, m));
}

}  // namespace

double binomial_pmf(int n, int k, double q) {
  if (k < 0 || k > n) return 0.0;
  const double log_choose = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
  if (q <= 0.0) return k == 0 ? 1.0 : 0.0;
  if (q >= 1.0) return k == n ? 1.0 : 0.0;
  return std::exp(log_choose + k * std::log(q) + (n - k) * std::log1p(-q));
}

LeakageFigures salvo_leakage(const DefenceParams& d, int shots_per_warhead) {
  check(d);
  if (shots_per_warhead < 0) throw std::invalid_argument("leakage: negative shots");
  const double k = kill_given_shots(d, shots_per_warhead);
  const int n = d.warheads;
  LeakageFigures f;
  f.p_kill_per_warhead = k;
  f.p_no_leaker = d.p_system * std::pow(k, n);
  f.expected_leakers = n * (1.0 - d.p_system * k);
  f.expected_shots = n * d.p_detect * shots_per_warhead;
  return f;
}

LeakageFigures salvo_leakage_limited(const DefenceParams& d, int shots_per_warhead, int inventory) {
  check(d);
  const int n = d.warheads;
  if (inventory >= shots_per_warhead * n) return salvo_leakage(d, shots_per_warhead);
  if (inventory < 0) throw std::invalid_argument("leakage: negative inventory");
  const int a = inventory / n;
  const int b = inventory - a * n;
  const double ka1 = kill_given_shots(d, a + 1);
  const double ka = kill_given_shots(d, a);
  LeakageFigures f;
  f.p_kill_per_warhead = (b * ka1 + (n - b) * ka) / n;
  f.p_no_leaker = d.p_system * std::pow(ka1, b) * std::pow(ka, n - b);
  f.expected_leakers = n - d.p_system * (b * ka1 + (n - b) * ka);
  f.expected_shots = d.p_detect * inventory;
  return f;
}

LeakageFigures shoot_look_shoot_leakage(const DefenceParams& d, int n1, int n2, double p_ka) {
  check(d);
  if (n1 < 0 || n2 < 0) throw std::invalid_argument("leakage: negative shots");
  const double q1 = std::pow(1.0 - d.pk, n1);
  const double q2 = std::pow(1.0 - d.pk, n2);
  const double k = d.p_detect * (1.0 - q1 * (1.0 - p_ka * (1.0 - q2)));
  const int n = d.warheads;
  LeakageFigures f;
  f.p_kill_per_warhead = k;
  f.p_no_leaker = d.p_system * std::pow(k, n);
  f.expected_leakers = n * (1.0 - d.p_system * k);
  f.expected_shots = n * d.p_detect * (n1 + n2 * p_ka * q1);
  return f;
}

LeakageFigures shoot_look_shoot_limited(const DefenceParams& d, int n1, int n2, int inventory) {
  check(d);
  const int n = d.warheads;
  if (inventory < n1 * n) throw std::invalid_argument("leakage: inventory below n1 N");
  const int m = n2 > 0 ? (inventory - n1 * n) / n2 : n;
  const double q1 = std::pow(1.0 - d.pk, n1);
  const double k2 = 1.0 - std::pow(1.0 - d.pk, n2);
  double sum = 0.0;
  for (int s = 0; s <= std::min(m, n); ++s) sum += binomial_pmf(n, s, q1) * std::pow(k2, s);
  LeakageFigures f;
  f.p_no_leaker = d.p_system * std::pow(d.p_detect, n) * sum;
  return f;
}

}  // namespace bulwark::sim
