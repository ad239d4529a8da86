// Kinematic classification (threat/classify.hpp) on a hand-built catalog.
#include <gtest/gtest.h>

#include <cmath>

#include "common/units.hpp"
#include "physics/gravity.hpp"
#include "threat/classify.hpp"

namespace bulwark::threat {
namespace {

physics::ThreatClass make_class(const std::string& name, double min_km, double max_km,
                                double propellant_kg, double dry_kg, double isp_s, double rv_kg) {
  physics::ThreatClass c;
  c.name = name;
  c.stages = {{propellant_kg, dry_kg, isp_s, 60.0}};
  c.rv_mass_kg = rv_kg;
  c.min_range_m = km_to_m(min_km);
  c.max_range_m = km_to_m(max_km);
  return c;
}

physics::Catalog catalog() {
  physics::Catalog cat;
  cat.threats = {make_class("SHORT", 100, 300, 3000, 800, 230, 500),
                 make_class("MEDIUM", 200, 600, 4000, 700, 250, 500),
                 make_class("LONG", 800, 1500, 12000, 1500, 260, 700)};
  return cat;
}

// Tsiolkovsky: dv = g0 Isp ln(m0/mf); two stages stack (upper stage is payload).
TEST(Classify, IdealDeltaVIsTheRocketEquation) {
  physics::ThreatClass c = make_class("X", 1, 2, 3000, 800, 230, 500);
  EXPECT_NEAR(ideal_delta_v(c), kStandardGravity * 230 * std::log(4300.0 / 1300.0), 1e-9);
  c.stages.push_back({1000, 200, 280, 40});  // second stage above the first
  const double upper = kStandardGravity * 280 * std::log(1700.0 / 700.0);
  const double lower = kStandardGravity * 230 * std::log((1700.0 + 3800.0) / (1700.0 + 800.0));
  EXPECT_NEAR(ideal_delta_v(c), upper + lower, 1e-9);
}

TEST(Classify, RangeSelectsTheClassesThatCanFlyIt) {
  const physics::Catalog cat = catalog();
  KinematicFeatures f;
  f.speed_mps = 1000.0;
  f.ground_range_m = 1.2e6;
  f.ground_range_sigma_m = 10e3;
  Classification c = classify_threat(f, cat);
  EXPECT_EQ(c.threat_class, "LONG");
  EXPECT_GT(c.confidence, 0.99);
  ASSERT_EQ(c.scores.size(), 3u);
  double sum = 0.0;
  for (const auto& s : c.scores) sum += s.probability;
  EXPECT_NEAR(sum, 1.0, 1e-12);

  // 250 km: SHORT and MEDIUM both fit; SHORT's narrower range band makes it
  // twice as likely per km (1/200 vs 1/400).
  f.ground_range_m = 250e3;
  c = classify_threat(f, cat);
  EXPECT_EQ(c.threat_class, "SHORT");
  EXPECT_NEAR(c.confidence, 2.0 / 3.0, 0.02);
}

TEST(Classify, SpeedBeyondAClassesDeltaVExcludesIt) {
  const physics::Catalog cat = catalog();
  KinematicFeatures f;
  f.ground_range_m = 250e3;
  f.speed_mps = 1.05 * ideal_delta_v(cat.threats[0]) + 600.0;  // 6 speed sigmas too fast for SHORT
  ASSERT_LT(f.speed_mps, ideal_delta_v(cat.threats[1]));
  const Classification c = classify_threat(f, cat);
  EXPECT_EQ(c.threat_class, "MEDIUM");
  EXPECT_GT(c.confidence, 0.99);
}

TEST(Classify, NothingFitsGivesUnknown) {
  KinematicFeatures f;
  f.speed_mps = 20000.0;
  const Classification c = classify_threat(f, catalog());
  EXPECT_EQ(c.threat_class, "unknown");
  EXPECT_EQ(c.confidence, 0.0);
  EXPECT_EQ(classify_threat(f, physics::Catalog{}).threat_class, "unknown");
}

// Two-body oracle on a non-rotating sphere: a horizontal velocity at radius r
// is an apsis; below circular speed it is the apogee (altitude unchanged).
// Vis-viva gives the speed at 20 km: v^2 = v0^2 + 2 mu (1/r20 - 1/r0).
TEST(Classify, ApogeeAndReentrySpeedAreTwoBody) {
  physics::EarthModel m;
  m.shape = geo::EarthShape::spherical;
  m.rotation = false;
  m.atmosphere = false;
  const double r0 = geo::kSphericalRadius + 300e3;
  tracking::TrackReport rep;
  rep.state << r0, 0, 0, 0, 3000.0, 0;
  const KinematicFeatures f = kinematic_features(rep, m);
  EXPECT_NEAR(f.altitude_m, 300e3, 1e-3);
  EXPECT_NEAR(f.apogee_alt_m, 300e3, 1e-3);
  const double mu = physics::earth_gm(m);
  const double v20 =
      std::sqrt(3000.0 * 3000.0 + 2.0 * mu * (1.0 / (geo::kSphericalRadius + 20e3) - 1.0 / r0));
  EXPECT_NEAR(f.reentry_speed_mps, v20, 1e-6);
  EXPECT_NEAR(f.speed_mps, 3000.0, 1e-9);
}

}  // namespace
}  // namespace bulwark::threat
