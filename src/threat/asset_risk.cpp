#include "threat/asset_risk.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace bulwark::threat {

namespace {

// int_0^R r exp(-(A r^2 + 2 B r + C)/2) dr, A > 0, C - B^2/A >= 0.
double radial_integral(double a, double b, double c, double radius) {
  const double s0 = b / a;  // completed square: A (r + B/A)^2 + C - B^2/A
  const double s1 = radius + s0;
  const double k = std::sqrt(0.5 * a);
  const double floor_q = std::max(c - b * b / a, 0.0);
  // Exponential part: -(1/A) [exp(-q(R)/2) - exp(-q(0)/2)].
  const double e_part =
      (std::exp(-0.5 * c) - std::exp(-0.5 * (a * radius * radius + 2.0 * b * radius + c))) / a;
  // Error-function part: -(B/A) sqrt(pi/(2A)) exp(-floor/2) [erf(k s1) - erf(k s0)].
  const double diff =
      s0 >= 0.0 ? std::erfc(k * s0) - std::erfc(k * s1) : std::erf(k * s1) - std::erf(k * s0);
  const double erf_part =
      s0 * std::sqrt(std::numbers::pi / (2.0 * a)) * std::exp(-0.5 * floor_q) * diff;
  return e_part - erf_part;
}

}  // namespace

double probability_in_disc(const Eigen::Vector2d& mean_en, const Eigen::Matrix2d& covariance_en_m2,
                           const Eigen::Vector2d& centre_en, double radius_m, int angular_points) {
  if (!(radius_m > 0.0)) return 0.0;
  Eigen::Matrix2d p = 0.5 * (covariance_en_m2 + covariance_en_m2.transpose());
  p += 1.0 * Eigen::Matrix2d::Identity();  // regularisation (1 m^2)
  const Eigen::Matrix2d w = p.inverse();
  const Eigen::Vector2d d0 = centre_en - mean_en;  // disc centre relative to the mean
  const double sigma_max = std::sqrt(p.selfadjointView<Eigen::Lower>().eigenvalues().maxCoeff());
  const double dist = d0.norm();
  if (dist - radius_m > 10.0 * sigma_max) return 0.0;
  if (radius_m - dist > 10.0 * sigma_max) return 1.0;
  const double c = d0.dot(w * d0);
  double sum = 0.0;
  const int n = std::max(angular_points, 8);
  for (int i = 0; i < n; ++i) {
    const double th = 2.0 * std::numbers::pi * (i + 0.5) / n;
    const Eigen::Vector2d u(std::cos(th), std::sin(th));
    sum += radial_integral(u.dot(w * u), u.dot(w * d0), c, radius_m);
  }
  const double prob =
      sum * (2.0 * std::numbers::pi / n) / (2.0 * std::numbers::pi * std::sqrt(p.determinant()));
  return std::clamp(prob, 0.0, 1.0);
}

std::vector<AssetRisk> asset_risks(const ImpactPrediction& impact, const std::vector<Asset>& assets,
                                   geo::EarthShape shape, double min_probability) {
  std::vector<AssetRisk> out;
  if (!impact.valid) return out;
  for (const auto& asset : assets) {
    geo::Geodetic ground = asset.position;
    ground.alt_m = 0.0;
    const geo::Vec3 enu = geo::ecef_to_enu(geo::to_ecef(ground, shape), impact.ground.mean, shape);
    const double p = probability_in_disc(Eigen::Vector2d::Zero(), impact.ground.covariance_en_m2,
                                         enu.head<2>(), asset.radius_m);
    if (p > min_probability) out.push_back({asset.id, p, p * asset.value});
  }
  return out;
}

}  // namespace bulwark::threat
