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

SigmaPoints unscented_points(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance,
                             const UnscentedParameters& params) {
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
