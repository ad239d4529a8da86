// The Dormand-Prince integrator and its event detection against problems
// with exact solutions.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "physics/dormand_prince.hpp"

namespace bulwark::physics {
namespace {

using V2 = Eigen::Matrix<double, 2, 1>;

// Harmonic oscillator x'' = -x over 10 periods: exact x = cos t. At rel/abs
// tolerance 1e-10 the global error of a 5th-order method stays ~1e-9.
TEST(DormandPrince, HarmonicOscillatorOverTenPeriods) {
  auto f = [](double, const V2& y) { return V2(y[1], -y[0]); };
  DormandPrinceOptions<2> opt;
  opt.rel_tol = 1e-10;
  opt.abs_tol = V2::Constant(1e-10);
  V2 last = V2::Zero();
  double t_last = 0;
  std::vector<EventDetector<2>> none;
  const double t_end = 20.0 * std::numbers::pi;
  const auto sum = dormand_prince<2>(f, 0.0, V2(1.0, 0.0), t_end, opt, none,
                                     [&](double t, const V2& y, const V2&) {
                                       t_last = t;
                                       last = y;
                                     });
  EXPECT_DOUBLE_EQ(t_last, t_end);
  EXPECT_NEAR(last[0], 1.0, 1e-8);
  EXPECT_NEAR(last[1], 0.0, 1e-8);
  EXPECT_GT(sum.accepted_steps, 50);
  EXPECT_LT(sum.accepted_steps, 5000);
}

// Events: zero crossings of x = cos t located to the time tolerance; a
// decreasing-only detector sees only t = pi/2 + 2 pi k; a reset handler
// changes the state (a bounce) and the integration continues from it.
TEST(DormandPrince, LocatesEventsAndHonoursDirectionAndReset) {
  auto f = [](double, const V2& y) { return V2(y[1], -y[0]); };
  DormandPrinceOptions<2> opt;
  opt.abs_tol = V2::Constant(1e-12);
  opt.event_time_tol = 1e-9;
  std::vector<double> down_times;
  std::vector<EventDetector<2>> events(1);
  events[0].g = [](double, const V2& y) { return y[0]; };
  events[0].direction = -1;
  events[0].handler = [&](double t, V2&) {
    down_times.push_back(t);
    return EventAction::proceed;
  };
  dormand_prince<2>(f, 0.0, V2(1.0, 0.0), 4.0 * std::numbers::pi, opt, events,
                    [](double, const V2&, const V2&) {});
  ASSERT_EQ(down_times.size(), 2u);
  EXPECT_NEAR(down_times[0], 0.5 * std::numbers::pi, 1e-8);
  EXPECT_NEAR(down_times[1], 2.5 * std::numbers::pi, 1e-8);

  // Free fall y'' = -g from 10 m with a perfectly elastic bounce, stopped at
  // the second ground contact: t = sqrt(2 h / g) * 3.
  auto fall = [](double, const V2& y) { return V2(y[1], -9.81); };
  opt.max_step = 0.5;  // a whole bounce inside one step would not be seen
  int bounces = 0;
  double t_stop = 0;
  std::vector<EventDetector<2>> ground(1);
  ground[0].g = [](double, const V2& y) { return y[0]; };
  ground[0].direction = -1;
  ground[0].handler = [&](double t, V2& y) {
    t_stop = t;
    if (++bounces == 2) return EventAction::stop;
    y[1] = -y[1];
    return EventAction::reset;
  };
  const auto sum = dormand_prince<2>(fall, 0.0, V2(10.0, 0.0), 100.0, opt, ground,
                                     [](double, const V2&, const V2&) {});
  EXPECT_TRUE(sum.stopped_by_event);
  EXPECT_EQ(bounces, 2);
  EXPECT_NEAR(t_stop, 3.0 * std::sqrt(2.0 * 10.0 / 9.81), 1e-8);
}

TEST(DormandPrince, HermiteIsExactForCubics) {
  // y = t^3 - 2t: values and slopes at 1 and 3 determine it exactly.
  auto y = [](double t) { return Eigen::Matrix<double, 1, 1>(t * t * t - 2 * t); };
  auto d = [](double t) { return Eigen::Matrix<double, 1, 1>(3 * t * t - 2); };
  for (double t : {1.0, 1.7, 2.5, 3.0})
    EXPECT_NEAR(hermite(1.0, y(1.0), d(1.0), 3.0, y(3.0), d(3.0), t)[0], y(t)[0], 1e-12);
}

}  // namespace
}  // namespace bulwark::physics
