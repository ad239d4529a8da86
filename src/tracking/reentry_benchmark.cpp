#include "tracking/reentry_benchmark.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <chrono>
#include <cmath>

#include "tracking/particle_set.hpp"

namespace bulwark::tracking::reentry {

namespace {
Mat<4, 2> g_matrix(double T) {
  Mat<4, 2> G;
  G << T * T / 2.0, 0.0, T, 0.0, 0.0, T * T / 2.0, 0.0, T;
  return G;
}
Cov phi(double T) {
  Cov F = Cov::Identity();
  F(0, 1) = T;
  F(2, 3) = T;
  return F;
}
Mat<2, 4> position_matrix() {
  Mat<2, 4> H = Mat<2, 4>::Zero();
  H(0, 0) = 1.0;
  H(1, 2) = 1.0;
  return H;
}
constexpr double kRhoLow = 1.227, kKLow = 1.093e-4, kRhoHigh = 1.754, kKHigh = 1.49e-4;
constexpr double kHSwitch = 9144.0;
double density_slope(double h) {
  return h < kHSwitch ? -kKLow * kRhoLow * std::exp(-kKLow * h)
                      : -kKHigh * kRhoHigh * std::exp(-kKHigh * h);
}
}  // namespace

double density(double h_m) {
  return h_m < kHSwitch ? kRhoLow * std::exp(-kKLow * h_m) : kRhoHigh * std::exp(-kKHigh * h_m);
}

Vec<2> drag(const State& s, const Params& p) {
  const double V = std::hypot(s(1), s(3));
  const double c = -p.g_mps2 * density(s(2)) * V / (2.0 * p.beta_npm2);
  return Vec<2>(c * s(1), c * s(3));
}

Mat<2, 4> drag_jacobian(const State& s, const Params& p) {
  const double vx = s(1), vh = s(3);
  const double V = std::max(std::hypot(vx, vh), 1e-9);
  const double k = -p.g_mps2 / (2.0 * p.beta_npm2);
  const double rho = density(s(2));
  const double drho = density_slope(s(2));
  Mat<2, 4> J = Mat<2, 4>::Zero();
  J(0, 1) = k * rho * (V + vx * vx / V);
  J(0, 3) = k * rho * vx * vh / V;
  J(0, 2) = k * drho * V * vx;
  J(1, 1) = k * rho * vx * vh / V;
  J(1, 3) = k * rho * (V + vh * vh / V);
  J(1, 2) = k * drho * V * vh;
  return J;
}

State step(const State& s, const Params& p, bool with_drag) {
  const Mat<4, 2> G = g_matrix(p.T_s);
  Vec<2> a(0.0, -p.g_mps2);
  if (with_drag) a += drag(s, p);
  return phi(p.T_s) * s + G * a;
}

Cov transition_jacobian(const State& s, const Params& p, bool with_drag) {
  Cov F = phi(p.T_s);
  if (with_drag) F += g_matrix(p.T_s) * drag_jacobian(s, p);
  return F;
}

Cov process_noise(const Params& p, double q_scale) {
  const double T = p.T_s;
  Mat<2, 2> theta;
  theta << T * T * T / 3.0, T * T / 2.0, T * T / 2.0, T;
  Cov Q = Cov::Zero();
  Q.block<2, 2>(0, 0) = theta;
  Q.block<2, 2>(2, 2) = theta;
  return (q_scale * p.q_m2ps3) * Q;
}

Mat<2, 2> converted_covariance(double r, double eps, const Params& p) {
  const double sr2 = p.sigma_range_m * p.sigma_range_m;
  const double se2 = r * r * p.sigma_elev_rad * p.sigma_elev_rad;
  const double s = std::sin(eps), c = std::cos(eps);
  Mat<2, 2> R;
  R << sr2 * c * c + se2 * s * s, (sr2 - se2) * s * c, (sr2 - se2) * s * c,
      sr2 * s * s + se2 * c * c;
  return R;
}

Mat<2, 2> unbiased_covariance(double r, double eps, const Params& p) {
  const double s2 = p.sigma_elev_rad * p.sigma_elev_rad;
  const double sr2 = p.sigma_range_m * p.sigma_range_m;
  const double c2 = std::cos(eps) * std::cos(eps), n2 = std::sin(eps) * std::sin(eps);
  const double a = std::exp(-2.0 * s2);
  const double ch = std::cosh(2.0 * s2) - std::cosh(s2), sh = std::sinh(2.0 * s2) - std::sinh(s2);
  const double ch2 = 2.0 * std::cosh(2.0 * s2) - std::cosh(s2);
  const double sh2 = 2.0 * std::sinh(2.0 * s2) - std::sinh(s2);
  Mat<2, 2> R;
  R(0, 0) = r * r * a * (c2 * ch + n2 * sh) + sr2 * a * (c2 * ch2 + n2 * sh2);
  R(1, 1) = r * r * a * (n2 * ch + c2 * sh) + sr2 * a * (n2 * ch2 + c2 * sh2);
  R(0, 1) = R(1, 0) = std::sin(eps) * std::cos(eps) * std::exp(-4.0 * s2) *
                      (sr2 + (r * r + sr2) * (1.0 - std::exp(s2)));
  return R;
}

Measurement measure(const State& truth_state, const Params& p, Rng& rng) {
  std::normal_distribution<double> normal(0.0, 1.0);
  Measurement m;
  m.range_m = std::hypot(truth_state(0), truth_state(2)) + p.sigma_range_m * normal(rng);
  m.elev_rad = std::atan2(truth_state(2), truth_state(0)) + p.sigma_elev_rad * normal(rng);
  const double debias = std::exp(0.5 * p.sigma_elev_rad * p.sigma_elev_rad);
  m.z = debias * Vec<2>(m.range_m * std::cos(m.elev_rad), m.range_m * std::sin(m.elev_rad));
  return m;
}

Mat<2, 2> update_covariance(const State& x, const Cov& P, const Params& p) {
  const double r = std::hypot(x(0), x(2));
  const double eps = std::atan2(x(2), x(0));
  const Mat<2, 2> R0 = unbiased_covariance(r, eps, p);
  const Vec<2> u(-std::sin(eps), std::cos(eps));  // cross-range direction
  Mat<2, 2> Pp;
  Pp << P(0, 0), P(0, 2), P(2, 0), P(2, 2);
  const double s2 = u.dot(Pp * u) / (r * r);
  const Mat<2, 2> iso = 0.5 * R0.trace() * Mat<2, 2>::Identity();
  return iso + std::exp(-2.0 * s2) * (R0 - iso);
}

std::vector<State> truth(const Params& p, Rng* rng) {
  std::vector<State> xs;
  xs.reserve(static_cast<std::size_t>(p.scans));
  xs.push_back(p.initial);
  const Cov L = matrix_sqrt<4>(process_noise(p));
  std::normal_distribution<double> normal(0.0, 1.0);
  for (int k = 1; k < p.scans; ++k) {
    State next = step(xs.back(), p);
    if (rng != nullptr) {
      State w;
      for (int i = 0; i < 4; ++i) w(i) = normal(*rng);
      next += L * w;
    }
    xs.push_back(next);
  }
  return xs;
}

Cov two_point_covariance(const State& s, const Params& p) {
  const double r = std::hypot(s(0), s(2));
  const double eps = std::atan2(s(2), s(0));
  const Mat<2, 2> R = converted_covariance(r, eps, p);
  const double T = p.T_s;
  Cov P = Cov::Zero();
  const int pos[2] = {0, 2};
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 2; ++j) {
      P(pos[i], pos[j]) = R(i, j);
      P(pos[i], pos[j] + 1) = R(i, j) / T;
      P(pos[i] + 1, pos[j]) = R(i, j) / T;
      P(pos[i] + 1, pos[j] + 1) = 2.0 * R(i, j) / (T * T);
    }
  }
  return P;
}

std::vector<Cov> pcrlb(const std::vector<State>& xs, const Params& p) {
  std::vector<Cov> out;
  out.reserve(xs.size());
  const Mat<2, 4> H = position_matrix();
  const Cov Q = process_noise(p);
  Cov J = two_point_covariance(xs[0], p).inverse();
  out.push_back(J.inverse());
  for (std::size_t k = 1; k < xs.size(); ++k) {
    const Cov F = transition_jacobian(xs[k - 1], p);
    const double r = std::hypot(xs[k](0), xs[k](2));
    const double eps = std::atan2(xs[k](2), xs[k](0));
    const Mat<2, 2> R = converted_covariance(r, eps, p);
    J = (Q + F * J.inverse() * F.transpose()).inverse() + H.transpose() * R.inverse() * H;
    out.push_back(J.inverse());
  }
  return out;
}

double position_bound(const Cov& crlb) {
  return std::sqrt(crlb(0, 0) + crlb(2, 2));
}

namespace {

// Model-matched EKF with the linear converted-measurement update.
struct EkfCore {
  State x;
  Cov P;
  bool with_drag = true;
  double q_scale = 1.0;
  void predict(const Params& p) {
    const Cov F = transition_jacobian(x, p, with_drag);
    x = step(x, p, with_drag);
    P = F * P * F.transpose() + process_noise(p, q_scale);
    symmetrize<4>(P);
  }
  // Returns the log-likelihood of the measurement before the update.
  double update(const Measurement& m, const Params& p) {
    const Mat<2, 4> H = position_matrix();
    const Vec<2> nu = m.z - H * x;
    const Mat<2, 2> S = joseph_update<4, 2>(x, P, H, update_covariance(x, P, p), nu);
    return -0.5 * (nu.dot(S.inverse() * nu) + std::log(S.determinant())) -
           std::log(2.0 * 3.141592653589793);
  }
};

class EkfFilter final : public Filter {
 public:
  EkfFilter(const Params& p, const State& x0, const Cov& P0) : p_(p), core_{x0, P0} {}
  void predict() override { core_.predict(p_); }
  void update(const Measurement& m) override { core_.update(m, p_); }
  State mean() const override { return core_.x; }
  Cov covariance() const override { return core_.P; }

 private:
  Params p_;
  EkfCore core_;
};

class UkfFilter final : public Filter {
 public:
  UkfFilter(const Params& p, const State& x0, const Cov& P0) : p_(p), x_(x0), P_(P0) {}
  void predict() override {
    SigmaPoints<4> sp;
    make_sigma_points<4>(x_, P_, UnscentedParams{}, sp);
    State mean = State::Zero();
    for (int i = 0; i < 9; ++i) {
      sp.points[i] = step(sp.points[i], p_);
      mean += sp.wm(i) * sp.points[i];
    }
    Cov P = process_noise(p_);
    for (int i = 0; i < 9; ++i) {
      const State d = sp.points[i] - mean;
      P += sp.wc(i) * d * d.transpose();
    }
    x_ = mean;
    P_ = P;
    symmetrize<4>(P_);
  }
  // The measurement is linear: the unscented update equals the Kalman update.
  void update(const Measurement& m) override {
    const Mat<2, 4> H = position_matrix();
    joseph_update<4, 2>(x_, P_, H, update_covariance(x_, P_, p_), Vec<2>(m.z - H * x_));
  }
  State mean() const override { return x_; }
  Cov covariance() const override { return P_; }

 private:
  Params p_;
  State x_;
  Cov P_;
};

class ImmFilter final : public Filter {
 public:
  static constexpr double kStay = 0.99;  // per scan
  ImmFilter(const Params& p, const State& x0, const Cov& P0)
      : p_(p), m_{EkfCore{x0, P0, true, 1.0}, EkfCore{x0, P0, false, 1.0}}, mu_{0.5, 0.5} {}
  void predict() override {
    const double pij[2][2] = {{kStay, 1.0 - kStay}, {1.0 - kStay, kStay}};
    EkfCore mixed[2] = {m_[0], m_[1]};
    double c[2];
    for (int j = 0; j < 2; ++j) {
      c[j] = pij[0][j] * mu_[0] + pij[1][j] * mu_[1];
      State x = State::Zero();
      double w[2];
      for (int i = 0; i < 2; ++i) {
        w[i] = pij[i][j] * mu_[i] / c[j];
        x += w[i] * m_[i].x;
      }
      Cov P = Cov::Zero();
      for (int i = 0; i < 2; ++i) {
        const State d = m_[i].x - x;
        P += w[i] * (m_[i].P + d * d.transpose());
      }
      mixed[j].x = x;
      mixed[j].P = P;
    }
    for (int j = 0; j < 2; ++j) {
      m_[j] = mixed[j];
      m_[j].predict(p_);
      mu_[j] = c[j];
    }
  }
  void update(const Measurement& m) override {
    const double l0 = m_[0].update(m, p_);
    const double l1 = m_[1].update(m, p_);
    const double top = std::max(l0, l1);
    mu_[0] *= std::exp(l0 - top);
    mu_[1] *= std::exp(l1 - top);
    const double s = mu_[0] + mu_[1];
    mu_[0] /= s;
    mu_[1] /= s;
  }
  State mean() const override { return mu_[0] * m_[0].x + mu_[1] * m_[1].x; }
  Cov covariance() const override {
    const State x = mean();
    Cov P = Cov::Zero();
    for (int j = 0; j < 2; ++j) {
      const State d = m_[j].x - x;
      P += mu_[j] * (m_[j].P + d * d.transpose());
    }
    return P;
  }

 private:
  Params p_;
  EkfCore m_[2];
  double mu_[2];
};

// Regularised particle filter with the exact polar likelihood, applied by
// progressive correction (particle_set.hpp, as the 3-D particle filter).
class ParticleFilter4 final : public Filter {
 public:
  ParticleFilter4(const Params& p, const State& x0, const Cov& P0, int n, Rng rng)
      : p_(p), rng_(rng), set_(n, 0.5) {
    set_.sample_prior(x0, P0, rng_, [](State&) {});
    lq_ = matrix_sqrt<4>(process_noise(p_));
  }
  void predict() override {
    for (State& x : set_.particles()) x = step(x, p_) + lq_ * ParticleSet<4>::gaussian(rng_);
  }
  void update(const Measurement& m) override {
    const double sr2 = p_.sigma_range_m * p_.sigma_range_m;
    const double se2 = p_.sigma_elev_rad * p_.sigma_elev_rad;
    set_.update(
        [&](const State& x) {
          const double dr = m.range_m - std::hypot(x(0), x(2));
          const double de = m.elev_rad - std::atan2(x(2), x(0));
          return -0.5 * (dr * dr / sr2 + de * de / se2);
        },
        rng_, [](State&) {});
  }
  State mean() const override { return set_.mean(); }
  Cov covariance() const override { return set_.covariance(); }

 private:
  Params p_;
  Rng rng_;
  ParticleSet<4> set_;
  Cov lq_;
};

}  // namespace

std::unique_ptr<Filter> make_filter(FilterKind kind, const Params& p, const State& x0,
                                    const Cov& P0, int particles, std::uint64_t seed,
                                    std::uint64_t replication) {
  switch (kind) {
    case FilterKind::ekf:
      return std::make_unique<EkfFilter>(p, x0, P0);
    case FilterKind::ukf:
      return std::make_unique<UkfFilter>(p, x0, P0);
    case FilterKind::imm:
      return std::make_unique<ImmFilter>(p, x0, P0);
    case FilterKind::pf:
      return std::make_unique<ParticleFilter4>(p, x0, P0, particles,
                                               make_stream(seed, replication, 0x5046));
  }
  return nullptr;
}

MonteCarloResult run_monte_carlo(const Params& p, const MonteCarloOptions& o) {
  const std::size_t nf = o.filters.size();
  const std::size_t ns = static_cast<std::size_t>(p.scans);
  MonteCarloResult res;
  for (const Cov& c : pcrlb(truth(p), p)) res.bound_m.push_back(position_bound(c));
  res.rmse_m.assign(nf, std::vector<double>(ns, 0.0));
  res.nees.assign(nf, std::vector<double>(ns, 0.0));
  res.seconds.assign(nf, 0.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (int run = 0; run < o.runs; ++run) {
    const auto rep = static_cast<std::uint64_t>(run);
    Rng truth_rng = make_stream(o.seed, rep, 1);
    Rng meas_rng = make_stream(o.seed, rep, 2);
    Rng prior_rng = make_stream(o.seed, rep, 3);
    const std::vector<State> xs = truth(p, &truth_rng);
    std::vector<Measurement> ms;
    for (const State& x : xs) ms.push_back(measure(x, p, meas_rng));
    const Cov P0 = two_point_covariance(xs[0], p);
    const State e(normal(prior_rng), normal(prior_rng), normal(prior_rng), normal(prior_rng));
    const State x0 = xs[0] + matrix_sqrt<4>(P0) * e;
    for (std::size_t f = 0; f < nf; ++f) {
      const auto start = std::chrono::steady_clock::now();
      auto filter = make_filter(o.filters[f], p, x0, P0, o.particles, o.seed, rep);
      for (std::size_t k = 0; k < ns; ++k) {
        if (k > 0) {
          filter->predict();
          filter->update(ms[k]);
        }
        const State d = filter->mean() - xs[k];
        res.rmse_m[f][k] += d(0) * d(0) + d(2) * d(2);
        res.nees[f][k] += d.dot(filter->covariance().inverse() * d);
      }
      res.seconds[f] +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
  }
  for (std::size_t f = 0; f < nf; ++f) {
    for (std::size_t k = 0; k < ns; ++k) {
      res.rmse_m[f][k] = std::sqrt(res.rmse_m[f][k] / o.runs);
      res.nees[f][k] /= o.runs;
    }
  }
  return res;
}

}  // namespace bulwark::tracking::reentry
