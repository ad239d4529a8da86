#include "threat/ground_ellipse.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace bulwark::threat {

double chi2_2dof_quantile(double probability) {
  if (!(probability > 0.0 && probability < 1.0))
    throw std::invalid_argument("confidence probability must be in (0, 1)");
  return -2.0 * std::log1p(-probability);
}

GroundEllipse confidence_ellipse(const Eigen::Matrix2d& covariance_en_m2, double probability) {
  const double k = chi2_2dof_quantile(probability);
  const Eigen::Matrix2d sym = 0.5 * (covariance_en_m2 + covariance_en_m2.transpose());
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(sym);
  GroundEllipse e;
  e.probability = probability;
  // Eigenvalues ascending: index 1 is the major axis.
  e.semi_major_m = std::sqrt(k * std::max(eig.eigenvalues()(1), 0.0));
  e.semi_minor_m = std::sqrt(k * std::max(eig.eigenvalues()(0), 0.0));
  const Eigen::Vector2d major = eig.eigenvectors().col(1);  // (east, north)
  double az = std::atan2(major(0), major(1));
  if (az < 0.0) az += std::numbers::pi;
  if (az >= std::numbers::pi) az -= std::numbers::pi;
  e.orientation_rad = az;
  return e;
}

GroundSpread ground_spread(const std::vector<geo::Vec3>& points_ecef, const Eigen::VectorXd& w_mean,
                           const Eigen::VectorXd& w_cov, double probability,
                           geo::EarthShape shape) {
  if (points_ecef.empty() || static_cast<Eigen::Index>(points_ecef.size()) != w_mean.size() ||
      w_mean.size() != w_cov.size())
    throw std::invalid_argument("ground_spread: points and weights differ in size");
  geo::Vec3 mean = geo::Vec3::Zero();
  for (std::size_t i = 0; i < points_ecef.size(); ++i)
    mean += w_mean(static_cast<Eigen::Index>(i)) * points_ecef[i];
  GroundSpread s;
  s.mean = geo::to_geodetic(mean, shape);
  s.mean.alt_m = 0.0;
  const geo::Mat3 rot = geo::enu_rotation(s.mean.lat_rad, s.mean.lon_rad);
  const geo::Vec3 origin = geo::to_ecef(s.mean, shape);
  std::vector<Eigen::Vector2d> en(points_ecef.size());
  Eigen::Vector2d en_mean = Eigen::Vector2d::Zero();
  for (std::size_t i = 0; i < points_ecef.size(); ++i) {
    en[i] = (rot * (points_ecef[i] - origin)).head<2>();
    en_mean += w_mean(static_cast<Eigen::Index>(i)) * en[i];
  }
  for (std::size_t i = 0; i < points_ecef.size(); ++i) {
    const Eigen::Vector2d d = en[i] - en_mean;
    s.covariance_en_m2 += w_cov(static_cast<Eigen::Index>(i)) * d * d.transpose();
  }
  s.ellipse = confidence_ellipse(s.covariance_en_m2, probability);
  return s;
}

double mahalanobis2(const GroundSpread& spread, const geo::Vec3& point_ecef,
                    geo::EarthShape shape) {
  const geo::Vec3 enu = geo::ecef_to_enu(point_ecef, spread.mean, shape);
  const Eigen::Vector2d d = enu.head<2>();
  const Eigen::Matrix2d p = spread.covariance_en_m2 + 1e-9 * Eigen::Matrix2d::Identity();
  return d.dot(p.ldlt().solve(d));
}

}  // namespace bulwark::threat
