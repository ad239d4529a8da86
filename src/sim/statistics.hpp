// Confidence intervals for Monte Carlo estimates.
//
// * Mean of a sample: normal approximation, mean +- z s / sqrt(n) with the
//   unbiased sample standard deviation s (central limit theorem; adequate for
//   n >= 30, which the campaign figures use).
// * A proportion (P(zero leakers)): Wilson score interval (Wilson, JASA 22,
//   1927; Brown, Cai & DasGupta, Stat. Sci. 16, 2001), which stays inside
//   [0, 1] and keeps near-nominal coverage when the proportion is near 0 or 1.
#pragma once

#include <cstddef>

namespace bulwark::sim {

constexpr double kZ95 = 1.959963984540054;  // two-sided 95 % normal quantile

struct Estimate {
  double mean = 0.0;
  double lo = 0.0;  // confidence interval
  double hi = 0.0;
  double stddev = 0.0;  // sample standard deviation (0 for proportions)
};

// Streaming mean/variance (Welford 1962), exact regardless of order of
// magnitude; merging is not needed since campaigns fold in replication order.
class RunningStats {
 public:
  void add(double x);
  std::size_t count() const { return n_; }
  double mean() const { return mean_; }
  double variance() const;  // unbiased; 0 for n < 2
  Estimate interval(double z = kZ95) const;

 private:
  std::size_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
};

// Wilson score interval for `successes` out of `trials` (trials > 0).
Estimate wilson_interval(std::size_t successes, std::size_t trials, double z = kZ95);

}  // namespace bulwark::sim
