// Probability of impact within a defended asset's radius
// (threat/asset_risk.hpp) against closed forms and Monte Carlo.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "common/random.hpp"
#include "threat/asset_risk.hpp"

namespace bulwark::threat {
namespace {

// Circular Gaussian centred on the disc: P = 1 - exp(-R^2 / (2 sigma^2))
// (Rayleigh distribution of the miss distance). The method is quadrature of a
// closed-form radial integral, accurate to round-off here.
TEST(AssetRisk, CentredCircularMatchesRayleigh) {
  for (double sigma : {50.0, 500.0, 5000.0}) {
    for (double radius : {100.0, 1000.0, 3000.0}) {
      Eigen::Matrix2d cov =
          Eigen::Matrix2d::Identity() * (sigma * sigma - 1.0);  // +1 m^2 regularisation
      const double p =
          probability_in_disc(Eigen::Vector2d::Zero(), cov, Eigen::Vector2d::Zero(), radius);
      EXPECT_NEAR(p, 1.0 - std::exp(-radius * radius / (2.0 * sigma * sigma)), 1e-9)
          << sigma << " " << radius;
    }
  }
}

// Correlated, offset cases against 10^6 Monte Carlo draws: the binomial
// standard error is sqrt(p(1-p)/N) <= 5e-4; tolerance 4 standard errors.
TEST(AssetRisk, MatchesMonteCarlo) {
  struct Case {
    Eigen::Vector2d centre;
    double sxx, syy, sxy, radius;
  };
  const Case cases[] = {{{2000.0, -1000.0}, 3000.0, 1000.0, 0.6, 2000.0},
                        {{500.0, 300.0}, 400.0, 1500.0, -0.3, 800.0},
                        {{9000.0, 0.0}, 3000.0, 3000.0, 0.0, 1500.0},
                        {{100.0, 0.0}, 50.0, 20.0, 0.9, 120.0}};
  Rng rng = make_stream(5, 0, stable_hash("asset-risk"));
  std::normal_distribution<double> n01(0.0, 1.0);
  const int draws = 1000000;
  for (const Case& c : cases) {
    Eigen::Matrix2d cov;
    cov << c.sxx * c.sxx, c.sxy * c.sxx * c.syy, c.sxy * c.sxx * c.syy, c.syy * c.syy;
    const Eigen::Matrix2d l = (cov + Eigen::Matrix2d::Identity()).llt().matrixL();
    int inside = 0;
    for (int k = 0; k < draws; ++k) {
      const Eigen::Vector2d x = l * Eigen::Vector2d(n01(rng), n01(rng));
      if ((x - c.centre).norm() <= c.radius) ++inside;
    }
    const double mc = static_cast<double>(inside) / draws;
    const double se = std::sqrt(std::max(mc * (1.0 - mc), 1e-6) / draws);
    EXPECT_NEAR(probability_in_disc(Eigen::Vector2d::Zero(), cov, c.centre, c.radius), mc, 4.0 * se)
        << c.centre.transpose();
  }
}

TEST(AssetRisk, FarAndDeepCasesAndBadRadius) {
  const Eigen::Matrix2d cov = Eigen::Matrix2d::Identity() * 1e4;  // 100 m
  EXPECT_EQ(probability_in_disc({0, 0}, cov, {1e5, 0}, 1000.0), 0.0);
  EXPECT_EQ(probability_in_disc({0, 0}, cov, {0, 0}, 1e5), 1.0);
  EXPECT_EQ(probability_in_disc({0, 0}, cov, {0, 0}, 0.0), 0.0);
  EXPECT_EQ(probability_in_disc({0, 0}, cov, {0, 0}, std::nan("")), 0.0);
}

// asset_risks shares the local frame and the spread's figures between
// assets: the same bits as probability_in_disc per asset in its own frame.
TEST(AssetRisk, AssetRisksAreProbabilityInDiscPerAsset) {
  ImpactPrediction impact;
  impact.valid = true;
  impact.ground.mean = {0.7, 0.25, 0.0};
  impact.ground.covariance_en_m2 << 4e6, 1.2e6, 1.2e6, 1e6;  // 2 km x 1 km, tilted
  std::vector<Asset> assets;
  const double offsets[][2] = {{0.0, 0.0}, {3e-4, -2e-4}, {-5e-4, 1e-4}, {0.01, 0.01}};
  for (const auto& o : offsets) {
    Asset a;
    a.id = "A" + std::to_string(assets.size());
    a.position = {0.7 + o[0], 0.25 + o[1], 150.0};
    a.radius_m = 1500.0;
    a.value = 10.0;
    assets.push_back(a);
  }
  const std::vector<AssetRisk> risks = asset_risks(impact, assets, geo::EarthShape::wgs84);
  std::size_t k = 0;
  for (const Asset& a : assets) {
    geo::Geodetic ground = a.position;
    ground.alt_m = 0.0;
    const geo::Vec3 enu = geo::ecef_to_enu(geo::to_ecef(ground), impact.ground.mean);
    const double p = probability_in_disc(Eigen::Vector2d::Zero(), impact.ground.covariance_en_m2,
                                         enu.head<2>(), a.radius_m);
    if (p <= 1e-6) continue;
    ASSERT_LT(k, risks.size());
    EXPECT_EQ(risks[k].asset_id, a.id);
    EXPECT_EQ(risks[k].probability, p);
    ++k;
  }
  EXPECT_EQ(k, risks.size());
  EXPECT_GE(k, 3u);  // the far one (~1,100 km) has none
}

}  // namespace
}  // namespace bulwark::threat
