// Motion and measurement models of the filters (src/tracking/motion_model.hpp,
// measurement_model.hpp): against the flight physics they must reproduce,
// and analytic Jacobians against central differences.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "filters_test_support.hpp"
#include "physics/flight.hpp"
#include "tracking/filters.hpp"
#include "tracking/measurement_model.hpp"
#include "tracking/motion_model.hpp"

namespace bulwark::tracking {
namespace {

StateVector reentry_state(double alt_m, double speed_mps) {
  const double lat = 0.8, lon = 0.7;
  StateVector x;
  const geo::Mat3 C = geo::enu_rotation(lat, lon);
  x << geo::to_ecef({lat, lon, alt_m}),
      C.transpose() * geo::Vec3(0.8 * speed_mps, 0.3 * speed_mps, -0.5 * speed_mps), 1.0 / 3000.0;
  return x;
}

// Oracle: physics::ballistic_acceleration, the integrator's right-hand side
// (same equations: J2 gravity, rotation, USSA-76 drag). Agreement to 1e-9
// relative (round-off of two codings of the same formula).
TEST(FiltersModels, DerivativeMatchesFlightPhysics) {
  const physics::EarthModel earth;
  for (double alt : {150e3, 60e3, 20e3, 5e3}) {
    const StateVector x = reentry_state(alt, 3000.0);
    const geo::Vec3 a_drag =
        physics::ballistic_acceleration(x.head<3>(), x.segment<3>(3), 1.0 / x(6), earth);
    const geo::Vec3 a_coast =
        physics::ballistic_acceleration(x.head<3>(), x.segment<3>(3), 0.0, earth);
    const MotionModel drag(MotionModelKind::drag, {}, earth);
    const MotionModel coast(MotionModelKind::ballistic, {}, earth);
    EXPECT_LT((drag.derivative(x).segment<3>(3) - a_drag).norm(), 1e-9 * a_drag.norm())
        << "alt " << alt;
    EXPECT_LT((coast.derivative(x).segment<3>(3) - a_coast).norm(), 1e-9 * a_coast.norm());
    EXPECT_EQ(drag.derivative(x).head<3>(), x.segment<3>(3));
  }
}

// The analytic Jacobian against central differences. The gravity gradient
// omits J2, whose gradient terms reach ~7.5 J2 (a/r)^2 = 8e-3 of the
// point-mass gradient, and the density slope is a 50 m central difference,
// so the tolerance is 1e-2 of the largest entry of each block (measured
// worst: 5.6e-3, position block at 80 km).
TEST(FiltersModels, JacobianMatchesCentralDifferences) {
  const physics::EarthModel earth;
  const MotionModel model(MotionModelKind::drag, {}, earth);
  for (double alt : {80e3, 30e3, 8e3}) {
    const StateVector x = reentry_state(alt, 2500.0);
    const StateMatrix A = model.jacobian(x);
    const double step[kStateDim] = {1.0, 1.0, 1.0, 1e-2, 1e-2, 1e-2, 1e-8};
    StateMatrix N;
    for (int j = 0; j < kStateDim; ++j) {
      StateVector xp = x, xm = x;
      xp(j) += step[j];
      xm(j) -= step[j];
      N.col(j) = (model.derivative(xp) - model.derivative(xm)) / (2.0 * step[j]);
    }
    const auto blocks = {std::pair{0, 0}, std::pair{0, 3}, std::pair{0, 6}};
    for (const auto& [r0, c0] : blocks) {
      const int cols = c0 == 6 ? 1 : 3;
      const Eigen::MatrixXd a = A.block(3, c0, 3, cols);
      const Eigen::MatrixXd n = N.block(3, c0, 3, cols);
      EXPECT_LT((a - n).cwiseAbs().maxCoeff(), 1e-2 * n.cwiseAbs().maxCoeff() + 1e-12)
          << "alt " << alt << " block col " << c0 << " row " << r0;
    }
  }
}

// RK4 prediction over 20 s in 1 s sub-steps against the Dormand-Prince
// integrator at 1e-10 (physics::coast) through the densest part of a
// re-entry: within 0.5 m and 0.5 m/s, far below the 15 m radar noise
// (measured: see the EXPECT values' failure messages when it regresses).
TEST(FiltersModels, Rk4PredictionMatchesFlightIntegrator) {
  const physics::Trajectory truth = test::reentry_truth(200.0);
  const MotionModel model(MotionModelKind::drag, {}, physics::EarthModel{});
  for (double t0 : {20.0, 50.0, 70.0}) {
    const physics::FlightState a = truth.at(t0);
    const physics::FlightState b = truth.at(t0 + 20.0);
    if (b.t_s < t0 + 20.0 - 1e-9) continue;  // impact inside the window
    StateVector x;
    x << a.r_ecef, a.v_ecef, 1.0 / 5000.0;
    model.propagate(x, 20.0, 1.0);
    EXPECT_LT((x.head<3>() - b.r_ecef).norm(), 0.5) << "t0 " << t0;
    EXPECT_LT((x.segment<3>(3) - b.v_ecef).norm(), 0.5) << "t0 " << t0;
  }
}

// Rate-limited sub-steps (MotionModel::step_limit, up to the filters'
// default 5 s; 1 s for boost) against 0.02 s sub-steps, over 20 s: the drag
// model through the densest part of a re-entry, the ballistic model in
// midcourse and the boost model during a burn. Mean within 0.5 m and
// 0.05 m/s (measured 0.06 m, 1.3e-3 m/s); covariance, each element against
// sqrt(P_ii P_jj), within 1 % (measured 0.33 % drag, 1e-5 ballistic) and 3 %
// for boost (2.6 %: its thrust noise's coupling within a step, step_cap).
// The 1 s fixed sub-steps used before gave 6.4 % in the densest case.
TEST(FiltersModels, RateLimitedSubStepsMatchFineSteps) {
  const physics::Trajectory truth = test::reentry_truth(200.0);
  const double coarse = FilterOptions{}.max_step_s;
  struct Case {
    MotionModelKind kind;
    StateVector x;
  };
  std::vector<Case> cases;
  for (double t0 : {20.0, 50.0, 70.0}) {
    const physics::FlightState a = truth.at(t0);
    if (a.t_s + 20.0 > truth.states.back().t_s) continue;
    StateVector x;
    x << a.r_ecef, a.v_ecef, 1.0 / 5000.0;
    cases.push_back({MotionModelKind::drag, x});
  }
  cases.push_back({MotionModelKind::ballistic, reentry_state(300e3, 3000.0)});
  StateVector burn = reentry_state(40e3, 1200.0);
  burn(6) = 50.0;
  cases.push_back({MotionModelKind::boost, burn});
  for (const Case& c : cases) {
    const MotionModel model(c.kind, {}, physics::EarthModel{});
    StateMatrix P0 = StateMatrix::Identity();
    P0.diagonal() << 1e4, 1e4, 1e4, 1e2, 1e2, 1e2, c.kind == MotionModelKind::boost ? 1e2 : 1e-9;
    StateVector xa = c.x, xb = c.x;
    StateMatrix pa = P0, pb = P0;
    model.propagate(xa, pa, 20.0, coarse);
    model.propagate(xb, pb, 20.0, 0.02);
    double dp = 0.0;
    for (int i = 0; i < kStateDim; ++i)
      for (int j = 0; j < kStateDim; ++j)
        dp = std::max(dp, std::abs(pa(i, j) - pb(i, j)) / std::sqrt(pb(i, i) * pb(j, j)));
    const double dr = (xa.head<3>() - xb.head<3>()).norm();
    const double dv = (xa.segment<3>(3) - xb.segment<3>(3)).norm();
    std::printf("%-9s position %.3g m velocity %.3g m/s covariance %.3g\n", to_string(c.kind), dr,
                dv, dp);
    EXPECT_LT(dr, 0.5) << to_string(c.kind);
    EXPECT_LT(dv, 0.05) << to_string(c.kind);
    EXPECT_LT(dp, c.kind == MotionModelKind::boost ? 3e-2 : 1e-2) << to_string(c.kind);
  }
}

// The measurement model against geo::enu_to_aer, and its Jacobian against
// central differences (1e-6 relative: smooth functions, 1e-3 m steps).
TEST(FiltersModels, MeasurementModelAndJacobian) {
  const SensorSite site = test::make_site(45.0, 41.0, 100.0);
  const StateVector x = reentry_state(60e3, 3000.0);
  for (auto kind : {sensors::MeasurementKind::radar, sensors::MeasurementKind::angles_only}) {
    sensors::Measurement z =
        test::radar_measurement(0.0, x.head<3>(), x.segment<3>(3), site, {}, nullptr);
    z.kind = kind;
    if (kind == sensors::MeasurementKind::angles_only) z.range_rate_mps = z.range_m = NAN;
    MeasJacobian H;
    const MeasVector h = measure(x, z, site, &H);
    const MeasVector zv = measurement_vector(z);
    const int dim = measurement_dim(z);
    EXPECT_EQ(dim, kind == sensors::MeasurementKind::radar ? 4 : 2);
    for (int i = 0; i < dim; ++i) {
      const double d = i == azimuth_index(dim) ? wrap_angle(h(i) - zv(i)) : h(i) - zv(i);
      EXPECT_NEAR(d, 0.0, 1e-9 * std::max(1.0, std::abs(zv(i)))) << "row " << i;
    }
    for (int j = 0; j < 6; ++j) {
      StateVector xp = x, xm = x;
      const double e = 1e-3;
      xp(j) += e;
      xm(j) -= e;
      MeasVector n = (measure(xp, z, site) - measure(xm, z, site)) / (2.0 * e);
      for (int i = 0; i < dim; ++i) {
        EXPECT_NEAR(H(i, j), n(i), 1e-6 * std::max(H.row(i).cwiseAbs().maxCoeff(), 1e-12))
            << "row " << i << " col " << j;
      }
    }
  }
}

TEST(FiltersModels, ProcessNoiseFactorReproducesProcessNoise) {
  const MotionModel model(MotionModelKind::boost, {}, physics::EarthModel{});
  for (double h : {0.1, 1.0, 4.0}) {
    const StateMatrix L = model.process_noise_factor(h);
    const StateMatrix Q = model.process_noise(h);
    EXPECT_LT((L * L.transpose() - Q).norm(), 1e-12 * Q.norm()) << "h " << h;
  }
}

}  // namespace
}  // namespace bulwark::tracking
