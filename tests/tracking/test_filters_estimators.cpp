// The 3-D estimators (EKF, UKF, IMM, PF) through the factory of
// src/tracking/filters.hpp: Monte Carlo consistency on a re-entry flown by
// the flight integrator, symmetric positive-definite covariances, PDA and
// clone semantics, track initialisation helpers and every kind of bad input.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <cmath>

#include "common/error.hpp"
#include "filters_test_support.hpp"
#include "tracking/filters.hpp"
#include "tracking/imm.hpp"

namespace bulwark::tracking {
namespace {

using Mat6 = Eigen::Matrix<double, 6, 6>;
using Vec6 = Eigen::Matrix<double, 6, 1>;

// Two-sided 95 % band of the MC mean NEES of an n-dimensional state over
// `runs` runs (Wilson-Hilferty quantiles of chi2(n runs) / runs).
std::pair<double, double> nees_band(int n, int runs) {
  const double nu = static_cast<double>(n * runs);
  const auto q = [nu](double z) {
    const double c = 2.0 / (9.0 * nu);
    return nu * std::pow(1.0 - c + z * std::sqrt(c), 3.0);
  };
  return {q(-1.959964) / runs, q(1.959964) / runs};
}

TrackReport prior_at(const physics::FlightState& s, Rng& rng, double sigma_r, double sigma_v) {
  TrackReport r;
  r.t_s = s.t_s;
  std::normal_distribution<double> n(0.0, 1.0);
  for (int i = 0; i < 3; ++i) {
    r.state(i) = s.r_ecef(i) + sigma_r * n(rng);
    r.state(3 + i) = s.v_ecef(i) + sigma_v * n(rng);
  }
  r.covariance = Mat6::Zero();
  r.covariance.diagonal() << Vec6::Constant(sigma_r * sigma_r).head<3>(),
      Vec6::Constant(sigma_v * sigma_v).head<3>();
  r.beta_kgpm2 = 5000.0;
  r.beta_sigma_kgpm2 = 1500.0;
  return r;
}

struct ConsistencyResult {
  double mean_nees = 0.0;       // position-velocity NEES, MC and time average
  double final_pos_rmse = 0.0;  // over the last 10 scans
  bool always_spd = true;
};

// Runs `runs` tracks of the re-entry (truth from physics::coast, radar at
// 45 N 41.8 E, 2 s scans, 15 m / 1 mrad / 1 m/s) from t = 10 s to 80 s.
ConsistencyResult consistency(FilterKind kind, int runs, int particles = 4000) {
  const physics::Trajectory truth = test::reentry_truth(90.0);
  const SensorSite site = test::make_site(45.0, 41.8);
  // The truth is a constant-beta coast: small process noise fits it.
  FilterOptions o;
  o.noise.q_drag_m2ps3 = 1e-3;
  o.noise.q_gamma_m4pkg2ps = 1e-14;
  o.pf.particles = particles;
  ConsistencyResult out;
  int count = 0, tail = 0;
  for (int run = 0; run < runs; ++run) {
    Rng rng = make_stream(21, static_cast<std::uint64_t>(run), 1);
    o.pf.replication = static_cast<std::uint64_t>(run);
    auto est =
        make_estimator(kind, o, prior_at(truth.at(10.0), rng, 200.0, 20.0), physics::EarthModel{});
    for (double t = 12.0; t <= 80.0; t += 2.0) {
      const physics::FlightState s = truth.at(t);
      est->predict(t);
      est->update(test::radar_measurement(t, s.r_ecef, s.v_ecef, site, {}, &rng), site);
      const TrackReport r = est->report(0);
      Vec6 d;
      d << r.state.head<3>() - s.r_ecef, r.state.tail<3>() - s.v_ecef;
      out.mean_nees += d.dot(r.covariance.ldlt().solve(d));
      ++count;
      if (t > 60.0) {
        out.final_pos_rmse += d.head<3>().squaredNorm();
        ++tail;
      }
      const bool spd = r.covariance.isApprox(r.covariance.transpose(), 1e-12) &&
                       r.covariance.llt().info() == Eigen::Success;
      out.always_spd = out.always_spd && spd;
    }
  }
  out.mean_nees /= count;
  out.final_pos_rmse = std::sqrt(out.final_pos_rmse / tail);
  return out;
}

// Consistency of the Gaussian filters (Bar-Shalom, Li & Kirubarajan 2001,
// sec. 5.4.2): the MC and time-averaged NEES of the 6-D position-velocity
// state over 40 runs x 35 scans lies within the 95 % band of the per-scan
// statistic (conservative for a time average). The truth follows the
// filters' drag model with a constant beta, so the filters run with a small
// process noise (q = 1e-3 m^2/s^3); with the default q = 1 they are
// conservative (NEES 4.2 against 6). The covariance stays symmetric
// positive-definite at every step.
TEST(FiltersConsistency, GaussianFiltersNeesInBandOnReentry) {
  const auto [lo, hi] = nees_band(6, 40);
  for (FilterKind kind : {FilterKind::ekf, FilterKind::ukf, FilterKind::imm}) {
    const ConsistencyResult r = consistency(kind, 40);
    EXPECT_GT(r.mean_nees, lo) << to_string(kind);
    EXPECT_LT(r.mean_nees, hi) << to_string(kind);
    EXPECT_TRUE(r.always_spd) << to_string(kind);
    // Radar-limited accuracy: 15 m range, 1 mrad at ~100 km: well under 100 m.
    EXPECT_LT(r.final_pos_rmse, 100.0) << to_string(kind);
  }
}

// The particle filter tracks the same re-entry to the same accuracy class
// (RMSE under 100 m over the last 10 scans, 5 runs x 2,000 particles).
TEST(FiltersConsistency, ParticleFilterTracksReentry) {
  const ConsistencyResult r = consistency(FilterKind::pf, 5, 2000);
  EXPECT_LT(r.final_pos_rmse, 100.0);
  EXPECT_TRUE(r.always_spd);
}

// The IMM recognises the flight phase: in the exo-atmospheric coast the
// ballistic model has the highest probability; deep in the atmosphere
// (below 30 km, drag > 1 g) the drag model does.
TEST(FiltersImm, ModelProbabilitiesFollowFlightPhase) {
  const physics::Trajectory truth = test::reentry_truth(90.0);
  const SensorSite site = test::make_site(45.0, 41.8);
  Rng rng = make_stream(4, 0, 1);
  Imm imm(MotionNoise{}, physics::EarthModel{}, 1.0, ImmOptions{},
          from_report(prior_at(truth.at(0.0), rng, 100.0, 10.0), 5000.0, 1500.0));
  double max_exo_ballistic = 0.0, drag_at_end = 0.0;
  for (double t = 2.0; t <= 80.0; t += 2.0) {
    const physics::FlightState s = truth.at(t);
    imm.predict(t);
    imm.update(test::radar_measurement(t, s.r_ecef, s.v_ecef, site, {}, &rng), site);
    const auto& mu = imm.probabilities();
    if (t <= 20.0) max_exo_ballistic = std::max(max_exo_ballistic, mu[1] - std::max(mu[0], mu[2]));
    drag_at_end = mu[2];
  }
  EXPECT_GT(max_exo_ballistic, 0.0);
  EXPECT_GT(drag_at_end, 0.5);
}

// A PDA update with one measurement of weight 1 is the standard update;
// with weight 0 the state is unchanged (covariance too).
TEST(FiltersPda, ReducesToStandardUpdate) {
  const physics::Trajectory truth = test::reentry_truth(40.0);
  const SensorSite site = test::make_site(45.0, 41.8);
  Rng rng = make_stream(5, 0, 1);
  const TrackReport prior = prior_at(truth.at(10.0), rng, 200.0, 20.0);
  const physics::FlightState s = truth.at(12.0);
  const sensors::Measurement z = test::radar_measurement(12.0, s.r_ecef, s.v_ecef, site, {}, &rng);
  const sensors::Measurement* zs[1] = {&z};
  for (FilterKind kind : {FilterKind::ekf, FilterKind::ukf, FilterKind::imm}) {
    auto a = make_estimator(kind, FilterOptions{}, prior, physics::EarthModel{});
    a->predict(12.0);
    auto b = a->clone();
    auto c = a->clone();
    a->update(z, site);
    const double one = 1.0, zero = 0.0;
    b->update_pda(zs, &one, 1, site);
    c->update_pda(zs, &zero, 1, site);
    const TrackReport ra = a->report(1), rb = b->report(1), rc = c->report(1);
    const TrackReport rp = [&] {
      auto p = make_estimator(kind, FilterOptions{}, prior, physics::EarthModel{});
      p->predict(12.0);
      return p->report(1);
    }();
    // Joseph form against the P - K S K' form: equal to 1e-6 relative.
    EXPECT_LT((ra.state - rb.state).norm(), 1e-6 * ra.state.norm()) << to_string(kind);
    EXPECT_LT((ra.covariance - rb.covariance).norm(), 1e-6 * ra.covariance.norm())
        << to_string(kind);
    EXPECT_LT((rc.state - rp.state).norm(), 1e-9 * rp.state.norm()) << to_string(kind);
  }
}

// clone() is a deep, independent copy: predicting the clone leaves the
// original where it was, and both give the same result for the same steps.
TEST(FiltersClone, IsIndependentCopy) {
  const physics::Trajectory truth = test::reentry_truth(40.0);
  Rng rng = make_stream(6, 0, 1);
  const TrackReport prior = prior_at(truth.at(10.0), rng, 200.0, 20.0);
  for (FilterKind kind : {FilterKind::ekf, FilterKind::ukf, FilterKind::imm, FilterKind::pf}) {
    FilterOptions o;
    o.pf.particles = 200;
    auto a = make_estimator(kind, o, prior, physics::EarthModel{});
    auto b = a->clone();
    b->predict(14.0);
    EXPECT_EQ(a->time(), 10.0) << to_string(kind);
    EXPECT_EQ(b->time(), 14.0) << to_string(kind);
    a->predict(14.0);
    EXPECT_LT((a->report(0).state - b->report(0).state).norm(), 1e-6) << to_string(kind);
  }
}

// Initialisation from noise-free radar measurements of the coasting re-entry
// at 120-100 km (gravity-dominated): the position is exact to 1e-6 m (it is
// the last measurement / the LS fit through exact points), and the velocity
// within 1 m/s for three points (gravity modelled; drag < 0.05 m/s^2 there)
// and within the |g| dt / 2 = 10 m/s of an uncorrected mean velocity for two
// points. With noise, the initial covariance is consistent: MC mean NEES of
// 200 draws inside its 95 % band.
TEST(FiltersInit, TwoAndThreePointInitialisation) {
  const physics::Trajectory truth = test::reentry_truth(20.0);
  const SensorSite s1 = test::make_site(45.0, 41.8);
  const SensorSite s2 = test::make_site(44.5, 41.0);
  const physics::FlightState a = truth.at(2.0), b = truth.at(4.0), c = truth.at(6.0);
  const auto exact = [&](const physics::FlightState& s, const SensorSite& site) {
    return test::radar_measurement(s.t_s, s.r_ecef, s.v_ecef, site, {}, nullptr);
  };
  const TrackReport two = two_point_init(exact(a, s1), s1, exact(b, s2), s2);
  EXPECT_LT((two.state.head<3>() - b.r_ecef).norm(), 1e-6);
  EXPECT_LT((two.state.tail<3>() - b.v_ecef).norm(), 2.0);
  EXPECT_EQ(two.t_s, 4.0);
  const TrackReport three =
      three_point_init(exact(a, s1), s1, exact(b, s2), s2, exact(c, s1), s1, {});
  EXPECT_LT((three.state.head<3>() - c.r_ecef).norm(), 0.5);
  EXPECT_LT((three.state.tail<3>() - c.v_ecef).norm(), 1.0);

  const auto [lo, hi] = nees_band(6, 200);
  double nees2 = 0.0, nees3 = 0.0;
  for (int i = 0; i < 200; ++i) {
    Rng rng = make_stream(8, static_cast<std::uint64_t>(i), 1);
    const auto noisy = [&](const physics::FlightState& s, const SensorSite& site) {
      return test::radar_measurement(s.t_s, s.r_ecef, s.v_ecef, site, {}, &rng);
    };
    const sensors::Measurement za = noisy(a, s1), zb = noisy(b, s2), zc = noisy(c, s1);
    const TrackReport t2 = two_point_init(za, s1, zb, s2);
    const TrackReport t3 = three_point_init(za, s1, zb, s2, zc, s1, {});
    Vec6 d2, d3;
    d2 << t2.state.head<3>() - b.r_ecef, t2.state.tail<3>() - b.v_ecef;
    d3 << t3.state.head<3>() - c.r_ecef, t3.state.tail<3>() - c.v_ecef;
    nees2 += d2.dot(t2.covariance.ldlt().solve(d2)) / 200.0;
    nees3 += d3.dot(t3.covariance.ldlt().solve(d3)) / 200.0;
  }
  // The unmodelled-acceleration allowance makes both conservative: only the
  // upper edge of the band applies (never over-confident), and the NEES must
  // not be absurdly low (above half the lower edge).
  EXPECT_LT(nees2, hi);
  EXPECT_LT(nees3, hi);
  EXPECT_GT(nees2, 0.5 * lo);
  EXPECT_GT(nees3, 0.5 * lo);
}

// Bad input: each case raises InputError naming its field, or DomainError
// for an impossible request.
TEST(FiltersBadInput, RejectedWithFieldNames) {
  const auto field_of = [](auto&& f) -> std::string {
    try {
      f();
    } catch (const InputError& e) {
      return e.where().field;
    }
    return "<no InputError>";
  };
  const physics::EarthModel earth;
  TrackReport good;
  good.state << 4e6, 3e6, 3e6, 1000.0, 0.0, 0.0;
  good.covariance = Mat6::Identity() * 100.0;

  TrackReport nan_state = good;
  nan_state.state(2) = NAN;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::ekf, {}, nan_state, earth); }),
            "initial.state");
  TrackReport bad_cov = good;
  bad_cov.covariance(0, 0) = -1.0;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::ukf, {}, bad_cov, earth); }),
            "initial.covariance");
  TrackReport asym = good;
  asym.covariance(0, 1) = 5.0;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::imm, {}, asym, earth); }),
            "initial.covariance");
  TrackReport nan_t = good;
  nan_t.t_s = NAN;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::ekf, {}, nan_t, earth); }), "initial.t_s");

  FilterOptions o;
  o.max_step_s = 0.0;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::ekf, o, good, earth); }),
            "filter.max_step_s");
  o = {};
  o.pf.particles = 1;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::pf, o, good, earth); }),
            "filter.pf.particles");
  o = {};
  o.noise.q_drag_m2ps3 = NAN;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::ekf, o, good, earth); }),
            "filter.noise.q_drag_m2ps3");
  o = {};
  o.beta_prior_kgpm2 = -3.0;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::ekf, o, good, earth); }),
            "filter.beta_prior_kgpm2");
  o = {};
  o.imm.sojourn_drag_s = 0.0;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::imm, o, good, earth); }),
            "filter.imm.sojourn_drag_s");
  o = {};
  o.noise.q_thrust_m2ps5 = -1.0;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::imm, o, good, earth); }),
            "filter.noise.q_thrust_m2ps5");
  o = {};
  o.imm.thrust_prior_sigma_mps2 = 0.0;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::imm, o, good, earth); }),
            "filter.imm.thrust_prior_sigma_mps2");
  o = {};
  o.imm.thrust_prior_mps2 = INFINITY;
  EXPECT_EQ(field_of([&] { make_estimator(FilterKind::imm, o, good, earth); }),
            "filter.imm.thrust_prior_mps2");
  EXPECT_EQ(field_of([] { parse_filter_kind("kalman", "--filter"); }), "--filter");
  EXPECT_EQ(parse_filter_kind("pf"), FilterKind::pf);

  // Measurements the filters cannot use.
  const SensorSite site = test::make_site(45.0, 41.8);
  sensors::Measurement z =
      test::radar_measurement(0.0, good.state.head<3>(), good.state.tail<3>(), site, {}, nullptr);
  for (FilterKind kind : {FilterKind::ekf, FilterKind::ukf, FilterKind::imm, FilterKind::pf}) {
    FilterOptions po;
    po.pf.particles = 50;
    auto est = make_estimator(kind, po, good, earth);
    sensors::Measurement bad = z;
    bad.range_m = NAN;
    EXPECT_EQ(field_of([&] { est->update(bad, site); }), "measurement.range_m") << to_string(kind);
    bad = z;
    bad.sigma_az_rad = 0.0;
    EXPECT_EQ(field_of([&] { est->update(bad, site); }), "measurement.sigma_az_rad");
    bad = z;
    bad.el_rad = INFINITY;
    EXPECT_EQ(field_of([&] { est->update(bad, site); }), "measurement.el_rad");
    bad = z;
    bad.sigma_range_rate_mps = -1.0;
    EXPECT_EQ(field_of([&] { est->update(bad, site); }), "measurement.sigma_range_rate_mps");
    EXPECT_THROW(est->predict(-1.0), DomainError) << to_string(kind);
  }
  // Initialisation needs range and distinct times.
  sensors::Measurement angles = z;
  angles.kind = sensors::MeasurementKind::angles_only;
  angles.range_m = NAN;
  EXPECT_THROW(two_point_init(angles, site, z, site), DomainError);
  EXPECT_THROW(two_point_init(z, site, z, site), DomainError);
  EXPECT_THROW(three_point_init(z, site, z, site, z, site, earth), DomainError);
}

}  // namespace
}  // namespace bulwark::tracking
