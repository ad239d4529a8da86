#include "threat/asset_risk.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <array>
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

// The Gaussian's figures every disc of one impact shares.
struct Spread {
  Eigen::Matrix2d p;  // regularised covariance
  Eigen::Matrix2d w;  // its inverse
  double sigma_max = 0.0;
};

Spread spread_of(const Eigen::Matrix2d& covariance_en_m2) {
  Spread s;
  s.p = 0.5 * (covariance_en_m2 + covariance_en_m2.transpose());
  s.p += 1.0 * Eigen::Matrix2d::Identity();  // regularisation (1 m^2)
  s.w = s.p.inverse();
  s.sigma_max = std::sqrt(s.p.selfadjointView<Eigen::Lower>().eigenvalues().maxCoeff());
  return s;
}

Eigen::Vector2d ray(int i, int n) {
  const double th = 2.0 * std::numbers::pi * (i + 0.5) / n;
  return {std::cos(th), std::sin(th)};
}

// The rays of the default angular_points, computed once (the same values).
constexpr int kTabulatedRays = 256;  // probability_in_disc's default, asset_risks' choice
const std::array<Eigen::Vector2d, kTabulatedRays>& tabulated_rays() {
  static const auto table = [] {
    std::array<Eigen::Vector2d, kTabulatedRays> t;
    for (int i = 0; i < kTabulatedRays; ++i)
      t[static_cast<std::size_t>(i)] = ray(i, kTabulatedRays);
    return t;
  }();
  return table;
}

double probability(const Spread& s, const Eigen::Vector2d& mean_en,
                   const Eigen::Vector2d& centre_en, double radius_m, int angular_points) {
  if (!(radius_m > 0.0)) return 0.0;
  const Eigen::Matrix2d& w = s.w;
  const Eigen::Vector2d d0 = centre_en - mean_en;  // disc centre relative to the mean
  const double dist = d0.norm();
  if (dist - radius_m > 10.0 * s.sigma_max) return 0.0;
  if (radius_m - dist > 10.0 * s.sigma_max) return 1.0;
  const double c = d0.dot(w * d0);
  double sum = 0.0;
  const int n = std::max(angular_points, 8);
  const auto& table = tabulated_rays();
  for (int i = 0; i < n; ++i) {
    const Eigen::Vector2d u = n == kTabulatedRays ? table[static_cast<std::size_t>(i)] : ray(i, n);
    sum += radial_integral(u.dot(w * u), u.dot(w * d0), c, radius_m);
  }
  const double prob =
      sum * (2.0 * std::numbers::pi / n) / (2.0 * std::numbers::pi * std::sqrt(s.p.determinant()));
  return std::clamp(prob, 0.0, 1.0);
}

}  // namespace

double probability_in_disc(const Eigen::Vector2d& mean_en, const Eigen::Matrix2d& covariance_en_m2,
                           const Eigen::Vector2d& centre_en, double radius_m, int angular_points) {
  if (!(radius_m > 0.0)) return 0.0;
  return probability(spread_of(covariance_en_m2), mean_en, centre_en, radius_m, angular_points);
}

std::vector<AssetRisk> asset_risks(const ImpactPrediction& impact, const std::vector<Asset>& assets,
                                   geo::EarthShape shape, double min_probability) {
  std::vector<AssetRisk> out;
  if (!impact.valid) return out;
  // The local frame at the mean impact and the spread's figures, once for
  // every asset (geo::ecef_to_enu's operations, in its order).
  const geo::Mat3 rotation =
      geo::enu_rotation(impact.ground.mean.lat_rad, impact.ground.mean.lon_rad);
  const geo::Vec3 origin = geo::to_ecef(impact.ground.mean, shape);
  const Spread spread = spread_of(impact.ground.covariance_en_m2);
  for (const auto& asset : assets) {
    geo::Geodetic ground = asset.position;
    ground.alt_m = 0.0;
    const geo::Vec3 enu = rotation * (geo::to_ecef(ground, shape) - origin);
    const double p =
        probability(spread, Eigen::Vector2d::Zero(), enu.head<2>(), asset.radius_m, kTabulatedRays);
    if (p > min_probability) out.push_back({asset.id, p, p * asset.value});
  }
  return out;
}

}  // namespace bulwark::threat
