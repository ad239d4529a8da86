#include "threat/sigma_points.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <random>
#include <stdexcept>

#include "common/random.hpp"

namespace bulwark::threat {

Eigen::MatrixXd psd_sqrt(const Eigen::MatrixXd& covariance) {
  const Eigen::MatrixXd sym = 0.5 * (covariance + covariance.transpose());
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(sym);
  if (eig.info() != Eigen::Success)
    throw std::invalid_argument("psd_sqrt: eigen-decomposition failed");
  const Eigen::VectorXd root = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return eig.eigenvectors() * root.asDiagonal() * eig.eigenvectors().transpose();
}

namespace {

// Unit points (zero mean, identity covariance under the weights), all at
// radius r = sqrt(n / (1 - W0)) from the mean: over the first m = n - k
// coordinates the spherical simplex of Julier (2003), table 1 (X_0 = 0; for
// j = 2..m the first j points get -1/sqrt(j (j+1) W1) in coordinate j and
// point j+1 gets j/sqrt(j (j+1) W1)), each of weight W1 = m / ((m+1) r^2);
// over the last k, the pairs +/- r e_j of weight 1 / (2 r^2).
SigmaPoints spherical_simplex(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance,
                              double w0, int tail) {
  if (!(w0 >= 0.0 && w0 < 1.0))
    throw std::invalid_argument("unscented_points: simplex_w0 must be in [0, 1)");
  const Eigen::Index n = mean.size();
  const Eigen::Index k = tail;
  if (k < 0 || k >= n)
    throw std::invalid_argument("unscented_points: symmetric_tail must be in [0, n)");
  const Eigen::Index m = n - k;
  const double r2 = static_cast<double>(n) / (1.0 - w0);
  const double w1 = static_cast<double>(m) / (static_cast<double>(m + 1) * r2);
  const Eigen::Index count = 1 + (m + 1) + 2 * k;
  Eigen::MatrixXd unit = Eigen::MatrixXd::Zero(n, count);
  unit(0, 1) = -1.0 / std::sqrt(2.0 * w1);
  unit(0, 2) = 1.0 / std::sqrt(2.0 * w1);
  for (Eigen::Index j = 2; j <= m; ++j) {
    const double jd = static_cast<double>(j);
    const double c = 1.0 / std::sqrt(jd * (jd + 1.0) * w1);
    for (Eigen::Index i = 1; i <= j; ++i) unit(j - 1, i) = -c;
    unit(j - 1, j + 1) = jd * c;
  }
  SigmaPoints sp;
  sp.w_mean.setConstant(count, w1);
  sp.w_mean(0) = w0;
  for (Eigen::Index j = 0; j < k; ++j) {
    unit(m + j, m + 2 + 2 * j) = std::sqrt(r2);
    unit(m + j, m + 3 + 2 * j) = -std::sqrt(r2);
    sp.w_mean(m + 2 + 2 * j) = sp.w_mean(m + 3 + 2 * j) = 0.5 / r2;
  }
  sp.points = (psd_sqrt(covariance) * unit).colwise() + mean;
  sp.w_cov = sp.w_mean;
  return sp;
}

}  // namespace

SigmaPoints unscented_points(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance,
                             const UnscentedParameters& params) {
  if (params.set == SigmaSet::spherical_simplex)
    return spherical_simplex(mean, covariance, params.simplex_w0, params.symmetric_tail);
  const auto n = mean.size();
  const double nd = static_cast<double>(n);
  const double lambda = params.alpha * params.alpha * (nd + params.kappa) - nd;
  if (nd + lambda <= 0.0) throw std::invalid_argument("unscented_points: n + lambda must be > 0");
  const Eigen::MatrixXd s = psd_sqrt((nd + lambda) * covariance);
  SigmaPoints sp;
  sp.points.resize(n, 2 * n + 1);
  sp.w_mean.setConstant(2 * n + 1, 0.5 / (nd + lambda));
  sp.w_cov = sp.w_mean;
  sp.points.col(0) = mean;
  for (Eigen::Index i = 0; i < n; ++i) {
    sp.points.col(1 + i) = mean + s.col(i);
    sp.points.col(1 + n + i) = mean - s.col(i);
  }
  sp.w_mean(0) = lambda / (nd + lambda);
  sp.w_cov(0) = sp.w_mean(0) + (1.0 - params.alpha * params.alpha + params.beta);
  return sp;
}

SigmaPoints gaussian_samples(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance,
                             int count, std::uint64_t seed, std::uint64_t replication,
                             std::uint64_t entity) {
  if (count < 2) throw std::invalid_argument("gaussian_samples: need at least 2 samples");
  Rng rng = make_stream(seed, replication, entity);
  std::normal_distribution<double> normal(0.0, 1.0);
  const Eigen::MatrixXd s = psd_sqrt(covariance);
  const auto n = mean.size();
  SigmaPoints sp;
  sp.points.resize(n, count);
  Eigen::VectorXd z(n);
  for (int k = 0; k < count; ++k) {
    for (Eigen::Index i = 0; i < n; ++i) z(i) = normal(rng);
    sp.points.col(k) = mean + s * z;
  }
  sp.w_mean.setConstant(count, 1.0 / count);
  // Unbiased sample covariance.
  sp.w_cov.setConstant(count, 1.0 / (count - 1));
  return sp;
}

}  // namespace bulwark::threat
