// Weighted particle set shared by the particle filters (3-D tracker and 2-D
// re-entry benchmark): moments, effective sample size, systematic
// resampling with a Gaussian regularisation kernel (Musso, Oudjane & Le
// Gland 2001) and the measurement update by progressive correction
// (Oudjane & Musso 2000): the likelihood L is applied as L^d1 L^d2 ... with
// d1 + d2 + ... = 1, each d the largest (bisection) that keeps the
// effective sample size above threshold * N, resampling and jittering
// between stages, so that a likelihood much narrower than the predicted
// cloud does not collapse it onto a few particles. At most 12 stages; the
// last takes what remains. Storage is allocated at construction only.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "common/random.hpp"
#include "tracking/kalman.hpp"

namespace bulwark::tracking {

template <int N>
class ParticleSet {
 public:
  using State = Vec<N>;
  using Cov = Mat<N, N>;
  static constexpr double kKernelScale = 0.5;  // of the optimal bandwidth

  ParticleSet(int n, double resample_threshold)
      : x_(static_cast<std::size_t>(n)),
        scratch_(x_.size()),
        w_(x_.size(), 1.0 / n),
        log_w_(x_.size()),
        log_l_(x_.size()),
        idx_(x_.size()),
        threshold_(resample_threshold) {}

  std::vector<State>& particles() { return x_; }
  const std::vector<State>& particles() const { return x_; }
  const std::vector<double>& weights() const { return w_; }

  State mean() const {
    State m = State::Zero();
    for (std::size_t i = 0; i < x_.size(); ++i) m += w_[i] * x_[i];
    return m;
  }
  Cov covariance() const {
    const State m = mean();
    Cov P = Cov::Zero();
    for (std::size_t i = 0; i < x_.size(); ++i) {
      const State d = x_[i] - m;
      P += w_[i] * d * d.transpose();
    }
    return P;
  }
  double effective_sample_size() const {
    double s = 0.0;
    for (double w : w_) s += w * w;
    return 1.0 / s;
  }

  // Draws from N(0, I) with `rng`.
  static State gaussian(Rng& rng) {
    std::normal_distribution<double> normal(0.0, 1.0);
    State e;
    for (int i = 0; i < N; ++i) e(i) = normal(rng);
    return e;
  }

  // Draws the particles from N(mean, c^2 P) with c = kPriorSpread and
  // weights them by the ratio N(x; mean, P) / N(x; mean, c^2 P) =
  // exp(-(c^2 - 1) |e|^2 / 2) (defensive importance sampling): the tails of
  // the prior are covered, so a truth 3-4 sigma out still has particles near
  // it when the process noise is too small to bring them there.
  static constexpr double kPriorSpread = 1.5;
  template <class Fix>
  void sample_prior(const State& mean, const Cov& P, Rng& rng, const Fix& fix) {
    const Cov L = matrix_sqrt<N>(P);
    const double c = kPriorSpread;
    for (std::size_t i = 0; i < x_.size(); ++i) {
      const State e = gaussian(rng);
      x_[i] = mean + c * (L * e);
      fix(x_[i]);
      log_l_[i] = -0.5 * (c * c - 1.0) * e.squaredNorm();
    }
    std::fill(w_.begin(), w_.end(), 1.0 / static_cast<double>(x_.size()));
    set_weights(1.0);
  }

  // Measurement update with log-likelihood log_lik(state); `fix(state)`
  // projects a jittered particle back into the state space (e.g. 1/beta >= 0).
  template <class LogLik, class Fix>
  void update(const LogLik& log_lik, Rng& rng, const Fix& fix) {
    constexpr int kMaxStages = 12;
    const double n = static_cast<double>(x_.size());
    const double target = std::max(threshold_, 1e-3) * n;
    for (std::size_t i = 0; i < x_.size(); ++i) log_l_[i] = log_lik(x_[i]);
    double remaining = 1.0;
    for (int stage = 0; stage < kMaxStages && remaining > 0.0; ++stage) {
      double d = remaining;
      if (stage + 1 < kMaxStages && ess_with(d) < target) {
        double lo = 0.0, hi = remaining;
        for (int it = 0; it < 30; ++it) {
          const double mid = 0.5 * (lo + hi);
          (ess_with(mid) >= target ? lo : hi) = mid;
        }
        d = std::max(lo, 1e-3 * remaining);
      }
      set_weights(d);
      remaining = remaining - d > 1e-12 ? remaining - d : 0.0;
      if (remaining > 0.0 || effective_sample_size() < threshold_ * n) {
        resample_and_jitter(rng, fix);
        if (remaining > 0.0) {
          for (std::size_t i = 0; i < x_.size(); ++i) log_l_[i] = log_lik(x_[i]);
        }
      }
    }
  }

 private:
  // N_eff of the weights w_i L_i^d (log_w_ as scratch).
  double ess_with(double d) {
    double top = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < w_.size(); ++i) {
      log_w_[i] = std::log(w_[i]) + d * log_l_[i];
      top = std::max(top, log_w_[i]);
    }
    double sum = 0.0, sum2 = 0.0;
    for (double lw : log_w_) {
      const double w = std::exp(lw - top);
      sum += w;
      sum2 += w * w;
    }
    return sum > 0.0 ? sum * sum / sum2 : 0.0;
  }

  void set_weights(double d) {
    const double n = static_cast<double>(w_.size());
    ess_with(d);  // fills log_w_
    const double top = *std::max_element(log_w_.begin(), log_w_.end());
    double sum = 0.0;
    for (std::size_t i = 0; i < w_.size(); ++i) {
      w_[i] = std::exp(log_w_[i] - top);
      sum += w_[i];
    }
    if (!(sum > 0.0) || !std::isfinite(sum)) {
      std::fill(w_.begin(), w_.end(), 1.0 / n);
      return;
    }
    for (double& w : w_) w /= sum;
  }

  template <class Fix>
  void resample_and_jitter(Rng& rng, const Fix& fix) {
    const double n = static_cast<double>(w_.size());
    const Cov P = covariance();
    systematic_resample(w_, rng, idx_);
    for (std::size_t i = 0; i < x_.size(); ++i) scratch_[i] = x_[static_cast<std::size_t>(idx_[i])];
    x_.swap(scratch_);
    std::fill(w_.begin(), w_.end(), 1.0 / n);
    constexpr double kN = N;
    const double h_opt = std::pow(4.0 / (n * (kN + 2.0)), 1.0 / (kN + 4.0));
    const Cov L = (kKernelScale * h_opt) * matrix_sqrt<N>(P);
    for (State& x : x_) {
      x += L * gaussian(rng);
      fix(x);
    }
  }

  std::vector<State> x_, scratch_;
  std::vector<double> w_, log_w_, log_l_;
  std::vector<int> idx_;
  double threshold_;
};

}  // namespace bulwark::tracking
