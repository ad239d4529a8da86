// Sigma points for propagating a state and its covariance through a
// nonlinear function (impact and launch point prediction), and Gaussian
// Monte Carlo samples as the reference:
//  * symmetric set of the scaled unscented transform (Julier & Uhlmann 2004,
//    "Unscented filtering and nonlinear estimation", Proc. IEEE 92(3); Wan &
//    van der Merwe 2000): 2n+1 points, the mean and mean +/- columns of
//    sqrt((n + lambda) P), lambda = alpha^2 (n + kappa) - n. Odd moments are
//    zero, so the mean is right to third order.
//  * spherical simplex set (Julier 2003, "The spherical simplex unscented
//    transformation", Proc. American Control Conference, 2430-2434): n+2
//    points, the mean with weight W0 and n+1 points of equal weight
//    (1 - W0)/(n+1) on a sphere of radius sqrt(n / (1 - W0)) sigma. Mean and
//    covariance exact as above (second order), with n+1 propagations instead
//    of 2n beside the mean's. Optionally the last k components get symmetric
//    pairs at the same radius instead (a component whose response is
//    strongly nonlinear, the ballistic coefficient): n - k + 1 + 2k points.
//
// The matrix square root is the symmetric one from an eigen-decomposition, so
// a positive semi-definite covariance (a zero-variance component) is accepted;
// negative eigenvalues from round-off are clamped to zero.
#pragma once

#include <Eigen/Core>
#include <cstdint>

namespace bulwark::threat {

enum class SigmaSet { symmetric, spherical_simplex };

struct UnscentedParameters {
  SigmaSet set = SigmaSet::symmetric;
  // Symmetric set.
  double alpha = 1.0;  // spread; 1 keeps the points at sqrt(n + kappa) sigma
  double beta = 2.0;   // prior knowledge of the distribution (2 is optimal for a Gaussian)
  double kappa = 0.0;  // secondary scaling; 0 gives mean weight 0 and positive weights
  // Spherical simplex set: weight of the mean point, in [0, 1), and the
  // number of last components (in [0, n)) that get a symmetric pair each
  // instead of simplex points, at the same radius.
  double simplex_w0 = 0.0;
  int symmetric_tail = 0;
};

struct SigmaPoints {
  Eigen::MatrixXd points;  // n x (2n+1) or n x (n+2); column 0 is the mean
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
