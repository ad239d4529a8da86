// Track-to-track fusion: covariance intersection against closed forms and a
// correlated-error Monte Carlo, report prediction against the motion model,
// and the system track table (association, numbering, splits).
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <random>

#include "common/error.hpp"
#include "common/random.hpp"
#include "tracking/chi_square.hpp"
#include "tracking/fusion.hpp"
#include "tracking/motion_model.hpp"

namespace bulwark::tracking {
namespace {

using Vec6 = Eigen::Matrix<double, 6, 1>;
using Mat6 = Eigen::Matrix<double, 6, 6>;

Mat6 diag6(double a, double b, double c, double d, double e, double f) {
  Vec6 v;
  v << a, b, c, d, e, f;
  return v.asDiagonal();
}

double min_eigenvalue(const Mat6& m) {
  return Eigen::SelfAdjointEigenSolver<Mat6>(0.5 * (m + m.transpose())).eigenvalues().minCoeff();
}

// A random symmetric positive definite covariance with variances of the
// order of s_r^2 (position) and s_v^2 (velocity).
Mat6 random_covariance(Rng& rng, double s_r, double s_v) {
  std::normal_distribution<double> n(0.0, 1.0);
  Mat6 a;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) a(i, j) = n(rng);
  const Vec6 s = (Vec6() << s_r, s_r, s_r, s_v, s_v, s_v).finished();
  const Mat6 m =
      s.asDiagonal() * (a * a.transpose() / 6.0 + 0.2 * Mat6::Identity()) * s.asDiagonal();
  return 0.5 * (m + m.transpose());
}

TEST(FusionCi, ScalarOptimumIsAtTheBoundAndGivesTheSmallerCovariance) {
  // Only the first component differs: det P(w) = 1 / (w/4 + (1-w)/9) is
  // monotone, so w sits at the bound and P = min(Pa, Pb) exactly.
  Estimate6 a, b;
  a.P = diag6(4, 1, 1, 1, 1, 1);
  b.P = diag6(9, 1, 1, 1, 1, 1);
  a.x.setConstant(1.0);
  b.x.setConstant(-2.0);
  double w = -1.0;
  Estimate6 f = covariance_intersection(a, b, &w);
  EXPECT_EQ(w, 1.0);
  EXPECT_EQ(f.P, a.P);
  EXPECT_EQ(f.x, a.x);
  f = covariance_intersection(b, a, &w);
  EXPECT_EQ(w, 0.0);
  EXPECT_EQ(f.P, a.P);
  EXPECT_EQ(f.x, a.x);
  // A scalar multiple of the identity: the same.
  a.P = 2.0 * Mat6::Identity();
  b.P = 3.0 * Mat6::Identity();
  f = covariance_intersection(a, b, &w);
  EXPECT_EQ(w, 1.0);
  EXPECT_EQ(f.P, a.P);
}

TEST(FusionCi, EqualCovariancesGiveTheSameCovarianceAndTheMeanOfTheStates) {
  Rng rng = make_stream(7, 0, 1);
  Estimate6 a, b;
  a.P = b.P = random_covariance(rng, 100.0, 10.0);
  a.x << 1, 2, 3, 4, 5, 6;
  b.x << 3, 2, 1, 0, -1, -2;
  double w = -1.0;
  const Estimate6 f = covariance_intersection(a, b, &w);
  EXPECT_EQ(w, 0.5);
  EXPECT_LT((f.P - a.P).norm(), 1e-9 * a.P.norm());
  EXPECT_LT((f.x - 0.5 * (a.x + b.x)).norm(), 1e-9);
}

TEST(FusionCi, OrthogonalEllipsesGiveHalfWeightAndTheAveragedInformation) {
  // Pa and Pb elongated along orthogonal axes of a plane rotated by 30 deg
  // (the other four components equal): w = 0.5 by symmetry and
  // P^-1 = (Pa^-1 + Pb^-1) / 2.
  const double c = std::cos(0.5236), s = std::sin(0.5236);
  Mat6 r = Mat6::Identity();
  r.topLeftCorner<2, 2>() << c, -s, s, c;
  Estimate6 a, b;
  a.P = r * diag6(100, 1, 5, 5, 2, 2) * r.transpose();
  b.P = r * diag6(1, 100, 5, 5, 2, 2) * r.transpose();
  a.x << 10, 0, 0, 0, 0, 0;
  b.x << 0, 10, 0, 0, 0, 0;
  double w = -1.0;
  const Estimate6 f = covariance_intersection(a, b, &w);
  EXPECT_NEAR(w, 0.5, 1e-6);
  const Mat6 ya = a.P.inverse(), yb = b.P.inverse();
  const Mat6 y = 0.5 * (ya + yb);
  EXPECT_LT((f.P.inverse() - y).norm(), 1e-8 * y.norm());
  const Vec6 x = y.inverse() * (0.5 * (ya * a.x + yb * b.x));
  EXPECT_LT((f.x - x).norm(), 1e-8);
  EXPECT_LE(f.P.determinant(), std::min(a.P.determinant(), b.P.determinant()));
}

TEST(FusionCi, DeterminantIsMinimalOverTheWeightAndNoLargerThanEitherInput) {
  Rng rng = make_stream(7, 0, 2);
  for (int trial = 0; trial < 50; ++trial) {
    Estimate6 a, b;
    a.P = random_covariance(rng, 100.0, 10.0);
    b.P = random_covariance(rng, 300.0, 3.0);
    double w = 0.0;
    const Estimate6 f = covariance_intersection(a, b, &w);
    const double det = f.P.determinant();
    EXPECT_LE(det, std::min(a.P.determinant(), b.P.determinant()) * (1.0 + 1e-9));
    // Brute force over a grid of w.
    const Mat6 ya = a.P.inverse(), yb = b.P.inverse();
    for (double u = 0.0; u <= 1.0; u += 0.01)
      EXPECT_LE(det, (u * ya + (1.0 - u) * yb).inverse().determinant() * (1.0 + 1e-6));
    EXPECT_GT(min_eigenvalue(f.P), 0.0);
  }
}

TEST(FusionCi, NearSingularAndSingularCovariancesStayFinite) {
  Rng rng = make_stream(7, 0, 3);
  Estimate6 a, b;
  b.P = random_covariance(rng, 100.0, 10.0);
  // Near-singular: one direction known to 1e-5 m against 1e2 m elsewhere.
  Mat6 q = Eigen::HouseholderQR<Mat6>(random_covariance(rng, 1.0, 1.0)).householderQ();
  a.P = q * diag6(1e-10, 1e4, 1e4, 1e2, 1e2, 1e2) * q.transpose();
  a.x.setConstant(5.0);
  Estimate6 f = covariance_intersection(a, b);
  EXPECT_TRUE(f.P.allFinite());
  EXPECT_TRUE(f.x.allFinite());
  EXPECT_EQ(Eigen::LLT<Mat6>(f.P).info(), Eigen::Success);
  EXPECT_LE(f.P.determinant(), std::min(a.P.determinant(), b.P.determinant()) * (1.0 + 1e-6));
  // Singular (a zero variance): loaded, still finite.
  a.P = diag6(0.0, 1e4, 1e4, 1e2, 1e2, 1e2);
  f = covariance_intersection(a, b);
  EXPECT_TRUE(f.P.allFinite());
  EXPECT_TRUE(f.x.allFinite());
  // Not a covariance at all.
  a.P = -Mat6::Identity();
  EXPECT_THROW(covariance_intersection(a, b), DomainError);
}

// Two estimates whose errors are correlated (rho = 0.9 per component of
// their whitened errors): the CI covariance bounds the true error
// covariance (closed form and Monte Carlo), while fusion as if independent
// is overconfident (Julier & Uhlmann 1997).
TEST(FusionCi, ConsistentUnderUnknownCorrelationWhereNaiveFusionIsNot) {
  Rng rng = make_stream(7, 0, 4);
  const double rho = 0.9;
  Estimate6 a, b;
  a.P = random_covariance(rng, 100.0, 10.0);
  b.P = random_covariance(rng, 150.0, 5.0);
  const Mat6 la = Eigen::LLT<Mat6>(a.P).matrixL(), lb = Eigen::LLT<Mat6>(b.P).matrixL();
  const Mat6 pab = rho * la * lb.transpose();  // cross-covariance of the errors

  // CI and naive fusion are linear in (xa, xb): x = Ka xa + Kb xb.
  double w = 0.0;
  const Estimate6 ci = covariance_intersection(a, b, &w);
  const Mat6 ya = a.P.inverse(), yb = b.P.inverse();
  const Mat6 ka = ci.P * w * ya, kb = ci.P * (1.0 - w) * yb;
  const Mat6 p_true = ka * a.P * ka.transpose() + kb * b.P * kb.transpose() +
                      ka * pab * kb.transpose() + kb * pab.transpose() * ka.transpose();
  EXPECT_GE(min_eigenvalue(ci.P - p_true), -1e-9 * ci.P.norm());
  const Mat6 p_naive = (ya + yb).inverse();
  const Mat6 na = p_naive * ya, nb = p_naive * yb;
  const Mat6 p_naive_true = na * a.P * na.transpose() + nb * b.P * nb.transpose() +
                            na * pab * nb.transpose() + nb * pab.transpose() * na.transpose();
  EXPECT_LT(min_eigenvalue(p_naive - p_naive_true), 0.0);

  // Monte Carlo NEES, truth x = 0: consistent means mean NEES <= 6 within
  // 3 sigma of the sample mean (sd of a chi2(6) mean: sqrt(12 / N)).
  const int n = 4000;
  std::normal_distribution<double> normal(0.0, 1.0);
  const Mat6 ci_info = ci.P.inverse(), naive_info = p_naive.inverse();
  double nees_ci = 0.0, nees_naive = 0.0;
  for (int i = 0; i < n; ++i) {
    Vec6 u, z;
    for (int k = 0; k < 6; ++k) {
      u(k) = normal(rng);
      z(k) = normal(rng);
    }
    const Vec6 v = rho * u + std::sqrt(1.0 - rho * rho) * z;
    Estimate6 sa = a, sb = b;
    sa.x = la * u;
    sb.x = lb * v;
    const Vec6 e_ci = covariance_intersection(sa, sb).x;
    const Vec6 e_naive = p_naive * (ya * sa.x + yb * sb.x);
    nees_ci += e_ci.dot(ci_info * e_ci) / n;
    nees_naive += e_naive.dot(naive_info * e_naive) / n;
  }
  const double bound = 6.0 + 3.0 * std::sqrt(12.0 / n);
  EXPECT_LE(nees_ci, bound);
  EXPECT_GT(nees_naive, bound);
  EXPECT_NEAR(nees_ci, (ci_info * p_true).trace(), 0.1 * 6.0);
}

// A coasting target 300 km up over central Europe, 3 km/s eastwards.
TrackReport target(double lat_deg, double lon_deg, double t_s = 100.0) {
  TrackReport r;
  r.t_s = t_s;
  const double lat = lat_deg * M_PI / 180.0, lon = lon_deg * M_PI / 180.0;
  r.state.head<3>() = geo::to_ecef({lat, lon, 300e3});
  r.state.tail<3>() = geo::enu_rotation(lat, lon).transpose() * geo::Vec3(3000.0, 0.0, -500.0);
  r.covariance =
      diag6(200.0 * 200.0, 200.0 * 200.0, 200.0 * 200.0, 20.0 * 20.0, 20.0 * 20.0, 20.0 * 20.0);
  return r;
}

LocalTrack local(std::uint32_t nation, std::uint32_t id, TrackReport r) {
  r.track_id = id;
  return {nation, r};
}

TEST(FusionPredict, MatchesTheMotionModelAndIsTheIdentityForZeroTime) {
  const physics::EarthModel earth;
  const MotionNoise noise;
  TrackReport r = target(50.0, 10.0);
  r.state.head<3>() = geo::to_ecef({50.0 * M_PI / 180.0, 10.0 * M_PI / 180.0, 40e3});
  for (const double beta : {0.0, 5000.0}) {
    r.beta_kgpm2 = beta;
    r.beta_sigma_kgpm2 = beta > 0.0 ? 500.0 : 0.0;
    const TrackReport p = predict_report(r, r.t_s + 2.5, earth, noise, 1.0);
    const MotionModel model(beta > 0.0 ? MotionModelKind::drag : MotionModelKind::ballistic, noise,
                            earth);
    StateVector x = StateVector::Zero();
    StateMatrix P = StateMatrix::Zero();
    x.head<6>() = r.state;
    P.topLeftCorner<6, 6>() = r.covariance;
    if (beta > 0.0) {
      x(6) = 1.0 / beta;
      P(6, 6) = std::pow(500.0 / (beta * beta), 2);
    }
    model.propagate(x, P, 2.5, 1.0);
    EXPECT_DOUBLE_EQ(p.t_s, r.t_s + 2.5);
    EXPECT_LT((p.state - x.head<6>()).norm(), 1e-9 * x.head<6>().norm());
    EXPECT_LT((p.covariance - P.topLeftCorner<6, 6>()).norm(), 1e-9 * P.norm());
    EXPECT_EQ(p.beta_kgpm2, beta);
    if (beta > 0.0) {
      EXPECT_NEAR(p.beta_sigma_kgpm2, std::sqrt(P(6, 6)) * beta * beta, 1e-9);
      EXPECT_GE(p.beta_sigma_kgpm2, 500.0);
      // Drag decelerates: the drag prediction differs from the ballistic one.
      TrackReport rb = r;
      rb.beta_kgpm2 = rb.beta_sigma_kgpm2 = 0.0;
      EXPECT_GT((predict_report(rb, r.t_s + 2.5).state - p.state).tail<3>().norm(), 1.0);
    }
    const TrackReport same = predict_report(r, r.t_s);
    EXPECT_EQ(same.state, r.state);
    EXPECT_EQ(same.covariance, r.covariance);
    EXPECT_EQ(same.beta_sigma_kgpm2, r.beta_sigma_kgpm2);
    EXPECT_THROW(predict_report(r, r.t_s - 1.0), DomainError);
  }
}

TEST(FusionTable, DefaultGateIsTheChiSquareQuantile) {
  EXPECT_NEAR(FusionOptions{}.gate_chi2, chi2_quantile(0.999, 6), 0.01);
}

// Two nations each see two targets 200 km apart: two system tracks of two
// members each, numbered by nation 0's keys (processed first), for any
// input order; then nation 0 drops a track (the id stays) and then the
// last member ends (the system track is dropped).
TEST(FusionTable, TwoNationsTwoTargetsStableNumbersAndDrops) {
  std::vector<LocalTrack> in;
  const TrackReport ta = target(50.0, 10.0), tb = target(50.0, 13.0);
  TrackReport ta1 = ta, tb1 = tb;
  ta1.state(0) += 150.0;
  tb1.state(4) -= 15.0;
  ta1.t_s = tb1.t_s = 100.4;  // nation 1 reports later: nation 0's are predicted
  in = {local(0, 5, ta), local(0, 6, tb), local(1, 2, ta1), local(1, 1, tb1)};
  SystemTrackTable table;
  const auto out = table.update(in);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].system_id, 1000005u);
  EXPECT_EQ(out[0].members, (std::vector<std::uint32_t>{1000005u, 2000002u}));
  EXPECT_EQ(out[1].system_id, 1000006u);
  EXPECT_EQ(out[1].members, (std::vector<std::uint32_t>{1000006u, 2000001u}));
  for (const SystemTrack& s : out) {
    EXPECT_EQ(s.report.track_id, s.system_id);
    EXPECT_DOUBLE_EQ(s.report.t_s, 100.4);
    // CI: det(P) no larger than any member's (at the common time).
    const double det = s.report.covariance.determinant();
    EXPECT_LE(det, ta1.covariance.determinant());
    EXPECT_LE(det, predict_report(ta, 100.4).covariance.determinant());
  }

  // Any input order gives the same picture, to the bit.
  Rng rng = make_stream(7, 0, 5);
  for (int k = 0; k < 5; ++k) {
    std::shuffle(in.begin(), in.end(), rng);
    SystemTrackTable other;
    const auto o = other.update(in);
    ASSERT_EQ(o.size(), out.size());
    for (std::size_t i = 0; i < o.size(); ++i) {
      EXPECT_EQ(o[i].system_id, out[i].system_id);
      EXPECT_EQ(o[i].members, out[i].members);
      EXPECT_EQ(o[i].report.state, out[i].report.state);
      EXPECT_EQ(o[i].report.covariance, out[i].report.covariance);
    }
  }

  // Cycle 2: all continue. Cycle 3: nation 0 drops track 5.
  auto next = [](const TrackReport& r) { return predict_report(r, r.t_s + 2.0); };
  in = {local(0, 5, next(ta)), local(0, 6, next(tb)), local(1, 2, next(ta1)),
        local(1, 1, next(tb1))};
  EXPECT_EQ(table.update(in).size(), 2u);
  in.erase(in.begin());
  auto o3 = table.update(in);
  ASSERT_EQ(o3.size(), 2u);
  EXPECT_EQ(o3[0].system_id, 1000005u);
  EXPECT_EQ(o3[0].members, (std::vector<std::uint32_t>{2000002u}));
  EXPECT_EQ(o3[0].report.state, in[1].report.state);  // a lone member is the picture
  // Cycle 4: the last member of 1000005 ends: dropped.
  in.erase(in.begin() + 1);
  o3 = table.update(in);
  ASSERT_EQ(o3.size(), 1u);
  EXPECT_EQ(o3[0].system_id, 1000006u);
  EXPECT_EQ(o3[0].members, (std::vector<std::uint32_t>{1000006u, 2000001u}));
  EXPECT_TRUE(table.update({}).empty());
}

TEST(FusionTable, FarApartTracksAndTracksOfOneNationNeverFuse) {
  SystemTrackTable table;
  // 50 km apart (250 sigma): two system tracks.
  auto out = table.update({local(0, 1, target(50.0, 10.0)), local(1, 1, target(50.45, 10.0))});
  EXPECT_EQ(out.size(), 2u);
  // Two identical tracks of nation 0 stay apart; nation 1's joins one of them.
  SystemTrackTable same;
  out = same.update({local(0, 1, target(50.0, 10.0)), local(0, 2, target(50.0, 10.0))});
  ASSERT_EQ(out.size(), 2u);
  out = same.update({local(0, 1, target(50.0, 10.0, 102.0)), local(0, 2, target(50.0, 10.0, 102.0)),
                     local(1, 7, target(50.0, 10.0, 102.0))});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].members.size() + out[1].members.size(), 3u);
  EXPECT_EQ(out[0].members, (std::vector<std::uint32_t>{1000001u, 2000007u}));
}

// The gate, coarse stage included, against d2 computed directly: a pair
// fuses exactly when d2 <= G at the later report time.
TEST(FusionTable, JoinsExactlyWhenInsideTheChiSquareGate) {
  Rng rng = make_stream(7, 0, 6);
  std::uniform_real_distribution<double> u(-1.0, 1.0), dt(0.0, 2.0);
  const double gate = FusionOptions{}.gate_chi2;
  int joined = 0, apart = 0;
  for (int trial = 0; trial < 1000; ++trial) {
    const TrackReport a = target(50.0, 10.0);
    TrackReport b = predict_report(a, a.t_s + dt(rng));
    const double scale = 2.0 * std::abs(u(rng));
    for (int k = 0; k < 3; ++k) {
      b.state(k) += scale * 700.0 * u(rng);
      b.state(k + 3) += scale * 70.0 * u(rng);
    }
    const TrackReport pa = predict_report(a, b.t_s);
    const Vec6 d = pa.state - b.state;
    const double d2 = d.dot((pa.covariance + b.covariance).inverse() * d);
    if (std::abs(d2 - gate) < 1e-6) continue;
    SystemTrackTable table;
    const auto out = table.update({local(1, 3, b), local(0, 4, a)});
    EXPECT_EQ(out.size() == 1u, d2 <= gate) << "d2 " << d2;
    (out.size() == 1u ? joined : apart)++;
  }
  EXPECT_GT(joined, 200);
  EXPECT_GT(apart, 200);
}

TEST(FusionTable, FusedBetaComesFromTheMostCertainMember) {
  TrackReport a = target(50.0, 10.0), b = a, c = a;
  b.beta_kgpm2 = 4000.0;
  b.beta_sigma_kgpm2 = 300.0;
  c.beta_kgpm2 = 5000.0;
  c.beta_sigma_kgpm2 = 100.0;
  SystemTrackTable table;
  auto out = table.update({local(0, 1, a), local(1, 1, b), local(2, 1, c)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].members.size(), 3u);
  EXPECT_EQ(out[0].report.beta_kgpm2, 5000.0);
  EXPECT_EQ(out[0].report.beta_sigma_kgpm2, 100.0);
  out = table.update({local(0, 1, a)});
  EXPECT_EQ(out[0].report.beta_kgpm2, 0.0);
}

// A member whose local track drifts 20 km off (100 sigma) for two cycles
// splits off and founds a system track numbered by its own key; the first
// cycle above the gate is tolerated.
TEST(FusionTable, DivergingMemberSplitsOffAfterTwoCycles) {
  SystemTrackTable table;
  auto at = [](double t) { return target(50.0, 10.0, t); };
  auto off = [](TrackReport r) {
    r.state(1) += 20e3;
    return r;
  };
  ASSERT_EQ(table.update({local(0, 1, at(100)), local(1, 1, at(100))}).size(), 1u);
  ASSERT_EQ(table.update({local(0, 1, at(102)), local(1, 1, off(at(102)))}).size(), 1u);
  auto out = table.update({local(0, 1, at(104)), local(1, 1, off(at(104)))});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].system_id, 1000001u);
  EXPECT_EQ(out[0].members, (std::vector<std::uint32_t>{1000001u}));
  EXPECT_EQ(out[1].system_id, 2000001u);
  EXPECT_EQ(out[1].members, (std::vector<std::uint32_t>{2000001u}));
  // A divergence of one cycle only resets the count.
  SystemTrackTable once;
  once.update({local(0, 1, at(100)), local(1, 1, at(100))});
  once.update({local(0, 1, at(102)), local(1, 1, off(at(102)))});
  once.update({local(0, 1, at(104)), local(1, 1, at(104))});
  EXPECT_EQ(once.update({local(0, 1, at(106)), local(1, 1, off(at(106)))}).size(), 1u);
}

// Three members, the founder diverges: it leaves, the others keep the
// number, and the founder's new track takes the reissued number.
TEST(FusionTable, DivergingFounderLeavesTheNumberToTheOthers) {
  SystemTrackTable table;
  auto at = [](double t) { return target(50.0, 10.0, t); };
  auto off = [](TrackReport r) {
    r.state(2) += 20e3;
    return r;
  };
  table.update({local(0, 1, at(100)), local(1, 1, at(100)), local(2, 1, at(100))});
  table.update({local(0, 1, off(at(102))), local(1, 1, at(102)), local(2, 1, at(102))});
  const auto out =
      table.update({local(0, 1, off(at(104))), local(1, 1, at(104)), local(2, 1, at(104))});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].system_id, 1000001u);
  EXPECT_EQ(out[0].members, (std::vector<std::uint32_t>{2000001u, 3000001u}));
  EXPECT_EQ(out[1].system_id, kReissuedIdBase + 1000001u);
  EXPECT_EQ(out[1].members, (std::vector<std::uint32_t>{1000001u}));
}

// An ended local id that comes back while its old system track lives on
// (nation 1 still holds it) cannot take the number again: it is reissued.
TEST(FusionTable, ReturningLocalIdGetsAReissuedNumberWhileItsOldOneLives) {
  SystemTrackTable table;
  table.update({local(0, 1, target(50.0, 10.0)), local(1, 1, target(50.0, 10.0))});
  auto out = table.update({local(1, 1, target(50.0, 10.0, 102.0))});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].system_id, 1000001u);
  out = table.update(
      {local(0, 1, target(52.0, 10.0, 104.0)), local(1, 1, target(50.0, 10.0, 104.0))});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].system_id, 1000001u);
  EXPECT_EQ(out[0].members, (std::vector<std::uint32_t>{2000001u}));
  EXPECT_EQ(out[1].system_id, kReissuedIdBase + 1000001u);
  EXPECT_EQ(out[1].members, (std::vector<std::uint32_t>{1000001u}));
}

TEST(FusionTable, RejectsDuplicatesAndBadIdsLeavingTheTableUnchanged) {
  SystemTrackTable table;
  const auto first =
      table.update({local(0, 1, target(50.0, 10.0)), local(1, 1, target(50.0, 10.0))});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_THROW(table.update({local(0, 1, target(50.0, 10.0)), local(0, 1, target(51.0, 10.0))}),
               DomainError);
  EXPECT_THROW(table.update({local(0, kNationStride, target(50.0, 10.0))}), DomainError);
  TrackReport bad = target(50.0, 10.0);
  bad.covariance = -Mat6::Identity();
  EXPECT_THROW(table.update({local(0, 1, target(50.0, 10.0)), local(1, 1, bad)}), DomainError);
  ASSERT_EQ(table.tracks().size(), 1u);
  EXPECT_EQ(table.tracks()[0].members, (std::vector<std::uint32_t>{1000001u, 2000001u}));
  // And it goes on as if the bad cycles never happened.
  const auto next = table.update(
      {local(0, 1, target(50.0, 10.0, 102.0)), local(1, 1, target(50.0, 10.0, 102.0))});
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].members, (std::vector<std::uint32_t>{1000001u, 2000001u}));
}

}  // namespace
}  // namespace bulwark::tracking
