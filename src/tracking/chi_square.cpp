#include "tracking/chi_square.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "common/error.hpp"

namespace bulwark::tracking {
namespace {

void check_dof(int k) {
  if (k < 1 || k > 200)
    throw DomainError("chi-square degrees of freedom must be in [1, 200], got " +
                      std::to_string(k));
}

}  // namespace

double chi2_cdf(double x, int k) {
  check_dof(k);
  if (!(x > 0.0)) return 0.0;
  const double h = 0.5 * x;
  if (k % 2 == 0) {
    // 1 - exp(-h) sum_{i=0}^{k/2-1} h^i / i!   (A&S 26.4.21)
    double term = 1.0, sum = 1.0;
    for (int i = 1; i < k / 2; ++i) {
      term *= h / i;
      sum += term;
    }
    return 1.0 - std::exp(-h) * sum;
  }
  // erf(sqrt(h)) - sqrt(x) phi-like series: 2 Q(sqrt x) form (A&S 26.4.4).
  const double s = std::sqrt(x);
  double result = std::erf(s / std::numbers::sqrt2);
  if (k > 1) {
    // + ... - 2 phi(sqrt x) sum_{r=1}^{(k-1)/2} x^{(2r-1)/2} / (1*3*...*(2r-1))
    const double phi = std::exp(-h) / std::sqrt(2.0 * std::numbers::pi);
    double term = s, sum = s;
    for (int r = 2; r <= (k - 1) / 2; ++r) {
      term *= x / (2 * r - 1);
      sum += term;
    }
    result -= 2.0 * phi * sum;
  }
  return result;
}

double chi2_quantile(double p, int k) {
  check_dof(k);
  if (!(p > 0.0 && p < 1.0))
    throw DomainError("chi-square probability must be in (0, 1), got " + std::to_string(p));
  double lo = 0.0, hi = 1.0;
  while (chi2_cdf(hi, k) < p) hi *= 2.0;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (chi2_cdf(mid, k) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace bulwark::tracking
