// The statistics of a cloud of weighted ground points (propagated sigma points
// or Monte Carlo samples): mean point on the ellipsoid, 2-D covariance in the
// local East-North plane at the mean, and the confidence ellipse
//   d^T P^-1 d <= k,  k = -2 ln(1 - p)
// (the chi-square quantile with 2 degrees of freedom, exact: 5.991 for p = 0.95).
// Semi-axes sqrt(k lambda_i) from the eigenvalues of P; orientation is the
// azimuth of the major axis, clockwise from north, in [0, pi).
#pragma once

#include <Eigen/Core>
#include <vector>

#include "geo/frames.hpp"

namespace bulwark::threat {

struct GroundEllipse {
  double probability = 0.95;
  double semi_major_m = 0.0;
  double semi_minor_m = 0.0;
  double orientation_rad = 0.0;  // azimuth of the major axis from north, clockwise, [0, pi)
};

struct GroundSpread {
  geo::Geodetic mean;                                          // altitude 0
  Eigen::Matrix2d covariance_en_m2 = Eigen::Matrix2d::Zero();  // East-North at `mean`
  GroundEllipse ellipse;
};

// k = -2 ln(1 - p): chi-square quantile, 2 dof.
double chi2_2dof_quantile(double probability);

GroundEllipse confidence_ellipse(const Eigen::Matrix2d& covariance_en_m2, double probability);

// Mean of the points (ECEF, weighted by w_mean) projected to altitude 0, and
// the covariance of their East-North offsets at that mean (weights w_cov).
GroundSpread ground_spread(const std::vector<geo::Vec3>& points_ecef, const Eigen::VectorXd& w_mean,
                           const Eigen::VectorXd& w_cov, double probability, geo::EarthShape shape);

// Squared Mahalanobis distance of `point` from the spread's mean in its East-North plane.
double mahalanobis2(const GroundSpread& spread, const geo::Vec3& point_ecef, geo::EarthShape shape);

}  // namespace bulwark::threat
