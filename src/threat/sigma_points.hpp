// Sigma points of the scaled unscented transform (Julier & Uhlmann 2004,
// "Unscented filtering and nonlinear estimation", Proc. IEEE 92(3); Wan & van
// der Merwe 2000) and Gaussian Monte Carlo samples, for propagating a state
// and its covariance through a nonlinear function (impact and launch point
// prediction). 2n+1 points: the mean and mean +/- columns of
// sqrt((n + lambda) P), lambda = alpha^2 (n + kappa) - n.
//
// The matrix square root is the symmetric one from an eigen-decomposition, so
// a positive semi-definite covariance (a zero-variance component) is accepted;
// negative eigenvalues from round-off are clamped to zero.
#pragma once

#include <Eigen/Core>
#include <cstdint>

namespace bulwark::threat {

struct UnscentedParameters {
  double alpha = 1.0;  // spread; 1 keeps the points at sqrt(n + kappa) sigma
  double beta = 2.0;   // prior knowledge of the distribution (2 is optimal for a Gaussian)
  double kappa = 0.0;  // secondary scaling; 0 gives mean weight 0 and positive weights
};

struct SigmaPoints {
  Eigen::MatrixXd points;  // n x (2n+1); column 0 is the mean
  Eigen::VectorXd w_mean;  // weights for the mean
  Eigen::VectorXd w_cov;   // weights for the covariance
};

// Symmetric square root S (S S^T = P) of a symmetric positive semi-definite matrix.
Eigen::MatrixXd psd_sqrt(const Eigen::MatrixXd& covariance);

SigmaPoints unscented_points(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance,
                             const UnscentedParameters& params);

// `count` samples of N(mean, covariance) (columns), equally weighted, drawn
// from the stream make_stream(seed, replication, entity).
SigmaPoints gaussian_samples(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance,
                             int count, std::uint64_t seed, std::uint64_t replication,
                             std::uint64_t entity);

}  // namespace bulwark::threat
