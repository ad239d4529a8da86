// Tracking metrics (src/tracking/metrics.hpp) on hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>

#include "common/error.hpp"
#include "tracking/chi_square.hpp"
#include "tracking/metrics.hpp"

namespace bulwark::tracking {
namespace {

TruthSample truth_at(double t, int id, const geo::Vec3& r) {
  return {t, id, r, geo::Vec3::Zero()};
}

TrackReport track_at(double t, std::uint32_t id, const geo::Vec3& r) {
  TrackReport rep;
  rep.t_s = t;
  rep.track_id = id;
  rep.state << r, 0.0, 0.0, 0.0;
  rep.covariance = Eigen::Matrix<double, 6, 6>::Identity();
  rep.covariance.topLeftCorner<3, 3>() *= 100.0 * 100.0;
  return rep;
}

const geo::Vec3 kA(7.0e6, 0.0, 0.0);
const geo::Vec3 kB(7.0e6, 1.0e5, 0.0);
const geo::Vec3 kFar(7.0e6, -3.0e5, 0.0);

MetricsOptions options() {
  MetricsOptions o;
  o.cutoff_m = 1000.0;
  o.order_p = 2.0;
  o.epoch_dt_s = 1.0;
  o.max_track_age_s = 0.5;
  return o;
}

// Two stationary truths A, B at epochs 0, 1, 2. Track 1 follows A 30 m off,
// track 2 follows B 40 m off at t = 0, 1 and track 3 takes over B at t = 2
// (an ID swap); track 9 is far from everything (a false track). At every
// epoch: n = 2 truths, m = 3 tracks, A = (30^2 - c^2) + (40^2 - c^2), so
// GOSPA^2 = 2500 + c^2 (5/2 - 2) and OSPA^2 = (2500 + c^2) / 3 (c = 1000, p = 2).
TEST(MttMetrics, OspaGospaRmseSwapsAndFalseTracksByHand) {
  std::vector<TruthSample> truth;
  std::vector<TrackReport> tracks;
  const geo::Vec3 dx(30.0, 0.0, 0.0), dy(0.0, 40.0, 0.0);
  for (int k = 0; k < 3; ++k) {
    const double t = k;
    truth.push_back(truth_at(t, 0, kA));
    truth.push_back(truth_at(t, 1, kB));
    tracks.push_back(track_at(t, 1, kA + dx));
    tracks.push_back(track_at(t, k < 2 ? 2 : 3, kB + dy));
    tracks.push_back(track_at(t, 9, kFar));
  }
  const MetricsResult r = evaluate_tracks(truth, tracks, options());
  ASSERT_EQ(r.epochs.size(), 3u);
  for (const auto& ep : r.epochs) {
    EXPECT_EQ(ep.truths, 2);
    EXPECT_EQ(ep.tracks, 3);
    EXPECT_EQ(ep.assigned, 2);
    EXPECT_NEAR(ep.position_rmse_m, std::sqrt(1250.0), 1e-6);
    EXPECT_NEAR(ep.velocity_rmse_mps, 0.0, 1e-9);
    EXPECT_NEAR(ep.gospa_m, std::sqrt(2500.0 + 0.5e6), 1e-6);
    EXPECT_NEAR(ep.ospa_m, std::sqrt((2500.0 + 1.0e6) / 3.0), 1e-6);
  }
  EXPECT_EQ(r.track_count, 4);
  EXPECT_EQ(r.false_tracks, 1);
  EXPECT_EQ(r.id_swaps, 1);
  EXPECT_EQ(r.track_breaks, 0);
  EXPECT_NEAR(r.position_rmse_m, std::sqrt(1250.0), 1e-6);
  // NEES = e' P^-1 e with P_rr = (100 m)^2 I: 0.09 for A's track, 0.16 for B's.
  EXPECT_EQ(r.nees_samples, 6);
  EXPECT_NEAR(r.nees_mean, (3 * 0.09 + 3 * 0.16) / 6.0, 1e-9);
  EXPECT_EQ(r.truths[0].first_tracked_s, 0.0);
  EXPECT_EQ(r.truths[1].id_swaps, 1);
}

// A track that vanishes for one epoch and comes back under the same id is a
// break, not a swap; a truth never tracked has first_tracked_s = -1.
TEST(MttMetrics, BreakIsCountedOnceAndUntrackedTruthIsReported) {
  std::vector<TruthSample> truth;
  std::vector<TrackReport> tracks;
  for (int k = 0; k < 4; ++k) {
    truth.push_back(truth_at(k, 0, kA));
    truth.push_back(truth_at(k, 5, kB));
    if (k != 1) tracks.push_back(track_at(k, 4, kA));
  }
  const MetricsResult r = evaluate_tracks(truth, tracks, options());
  EXPECT_EQ(r.track_breaks, 1);
  EXPECT_EQ(r.id_swaps, 0);
  EXPECT_EQ(r.false_tracks, 0);
  ASSERT_EQ(r.truths.size(), 2u);
  EXPECT_EQ(r.truths[0].epochs_tracked, 3);
  EXPECT_EQ(r.truths[1].truth, 5);
  EXPECT_EQ(r.truths[1].first_tracked_s, -1.0);
  // Epoch 1: 2 truths, 0 tracks -> OSPA = c, GOSPA = sqrt(2 c^2 / 2) = c.
  EXPECT_NEAR(r.epochs[1].ospa_m, 1000.0, 1e-9);
  EXPECT_NEAR(r.epochs[1].gospa_m, 1000.0, 1e-9);
  // Epoch 0: one perfect pair, one missed truth: GOSPA^2 = c^2/2, OSPA^2 = c^2/2.
  EXPECT_NEAR(r.epochs[0].gospa_m, std::sqrt(0.5e6), 1e-6);
  EXPECT_NEAR(r.epochs[0].ospa_m, std::sqrt(0.5e6), 1e-6);
}

// Truth between samples is the cubic Hermite interpolant: exact for a
// trajectory r(t) = r0 + v t + a t^2 / 2 (a cubic reproduces a quadratic).
TEST(MttMetrics, TruthInterpolationIsExactForConstantAcceleration) {
  const geo::Vec3 r0(7.0e6, 0.0, 0.0), v(100.0, 2000.0, -50.0), a(-9.0, 1.0, 0.5);
  std::vector<TruthSample> truth;
  for (double t : {0.0, 10.0}) truth.push_back({t, 0, r0 + v * t + 0.5 * a * t * t, v + a * t});
  std::vector<TrackReport> tracks;
  for (double t : {2.5, 7.0}) {
    TrackReport rep = track_at(t, 1, r0 + v * t + 0.5 * a * t * t);
    rep.state.tail<3>() = v + a * t;
    tracks.push_back(rep);
  }
  MetricsOptions o = options();
  o.epoch_dt_s = 0.5;
  const MetricsResult r = evaluate_tracks(truth, tracks, o);
  EXPECT_EQ(r.nees_samples, 2);
  EXPECT_LT(r.nees_mean, 1e-12);
}

// Oracle: the band from the chi-square quantile itself (chi_square.hpp,
// checked against A&S table 26.8) up to 200 degrees of freedom; beyond, the
// Wilson-Hilferty approximation, within 2e-4 of the exact quantile at 200.
TEST(MttMetrics, NeesBandMatchesChiSquareQuantiles) {
  double lo = 0, hi = 0;
  nees_band(3, 6, lo, hi);
  EXPECT_NEAR(lo, chi2_quantile(0.025, 18) / 3.0, 1e-9);
  EXPECT_NEAR(hi, chi2_quantile(0.975, 18) / 3.0, 1e-9);
  nees_band(40, 5, lo, hi);  // 200 dof: exact
  const double exact_lo = chi2_quantile(0.025, 200) / 40.0;
  const double exact_hi = chi2_quantile(0.975, 200) / 40.0;
  EXPECT_NEAR(lo, exact_lo, 1e-9);
  nees_band(201, 1, lo, hi);  // 201 dof: Wilson-Hilferty, close to the 200-dof band
  EXPECT_NEAR(lo * 201.0, exact_lo * 40.0 + 1.0, 2e-3 * lo * 201.0);
  EXPECT_NEAR(hi * 201.0, exact_hi * 40.0 + 1.0, 2e-3 * hi * 201.0);
  nees_band(0, 6, lo, hi);
  EXPECT_EQ(lo, 0.0);
}

TEST(MttMetrics, RejectsBadOptions) {
  MetricsOptions o;
  o.cutoff_m = 0.0;
  EXPECT_THROW(evaluate_tracks({}, {}, o), DomainError);
  o = {};
  o.order_p = 0.5;
  EXPECT_THROW(evaluate_tracks({}, {}, o), DomainError);
  const MetricsResult empty = evaluate_tracks({}, {}, {});
  EXPECT_TRUE(empty.epochs.empty());
}

}  // namespace
}  // namespace bulwark::tracking
