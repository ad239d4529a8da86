#include "sim/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace bulwark::sim {

void RunningStats::add(double x) {
  ++n_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(n_);
  m2_ += delta * (x - mean_);
}

double RunningStats::variance() const {
  return n_ < 2 ? 0.0 : m2_ / static_cast<double>(n_ - 1);
}

Estimate RunningStats::interval(double z) const {
  Estimate e;
  e.mean = mean_;
  e.stddev = std::sqrt(variance());
  const double half = n_ > 0 ? z * e.stddev / std::sqrt(static_cast<double>(n_)) : 0.0;
  e.lo = mean_ - half;
  e.hi = mean_ + half;
  return e;
}

Estimate wilson_interval(std::size_t successes, std::size_t trials, double z) {
  if (trials == 0) throw std::invalid_argument("wilson_interval: no trials");
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
  const double half = z / (1.0 + z2 / n) * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
  Estimate e;
  e.mean = p;
  e.lo = std::max(0.0, centre - half);
  e.hi = std::min(1.0, centre + half);
  return e;
}

}  // namespace bulwark::sim
