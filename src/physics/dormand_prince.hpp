// Adaptive Dormand-Prince 5(4) integrator with dense output and event
// detection in the manner of Orekit's event detectors.
//
// Method: the embedded Runge-Kutta pair RK5(4)7M of Dormand & Prince (1980),
// "A family of embedded Runge-Kutta formulae", J. Comp. Appl. Math. 6(1);
// coefficients as in Hairer, Norsett & Wanner, Solving ODEs I, Table 5.2
// (FSAL: the last stage of a step is the first of the next). Local
// extrapolation (the 5th-order solution is propagated); the step is accepted
// when the RMS of the 4th/5th-order difference, scaled by
// abs_tol + rel_tol * |y|, is <= 1, and resized by 0.9 err^(-1/5) within
// [0.2, 5] times.
//
// Dense output: cubic Hermite interpolation between the ends of an accepted
// step from the values and derivatives there (3rd order in the step, enough
// to locate events; the state AT an event is then integrated exactly by one
// Dormand-Prince step of the right length, so interpolation error never
// enters the trajectory).
//
// Events: a detector is a continuous switching function g(t, y) with a
// direction (+1: only increasing crossings, -1: only decreasing, 0: both).
// After each accepted step the integrator evaluates every g; on a sign
// change it locates the root on the dense output by the Illinois method to
// event_time_tol, takes the earliest, integrates to it, and calls the
// detector's handler, which may stop, continue, or reset the state (the
// right-hand side may read mode variables the handler changed). Sign changes
// that happen and undo themselves within one step are not seen; max_step
// bounds that.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <span>

namespace bulwark::physics {

enum class EventAction { proceed, reset, stop };

template <int N>
struct EventDetector {
  using Vec = Eigen::Matrix<double, N, 1>;
  std::function<double(double t, const Vec& y)> g;
  // Optional cheaper watch function with the sign of g at every state (zero
  // exactly where g is zero): when set, the integrator looks for sign
  // changes in it and evaluates g only at the ends of a step where the sign
  // changed and inside it, so events are found exactly as with g alone.
  std::function<double(double t, const Vec& y)> sign_of_g;
  int direction = 0;
  // Called at the event with the integrated state there; may change y (and
  // any mode the right-hand side reads) when it returns reset.
  std::function<EventAction(double t, Vec& y)> handler;
};

template <int N>
struct DormandPrinceOptions {
  double rel_tol = 1e-10;
  Eigen::Matrix<double, N, 1> abs_tol = Eigen::Matrix<double, N, 1>::Constant(1e-8);
  double max_step = std::numeric_limits<double>::infinity();
  double initial_step = 0.0;  // 0: chosen from the derivative (Hairer et al., II.4)
  double event_time_tol = 1e-6;
  long max_steps = 1000000;
};

struct IntegrationSummary {
  long accepted_steps = 0;
  long rejected_steps = 0;
  long rhs_evaluations = 0;
  double t_final = 0.0;
  bool stopped_by_event = false;
  bool reached_max_steps = false;
};

// Cubic Hermite interpolation at t between (t0, y0, f0) and (t1, y1, f1).
template <class V>
V hermite(double t0, const V& y0, const V& f0, double t1, const V& y1, const V& f1, double t) {
  const double h = t1 - t0;
  if (h == 0.0) return y1;
  const double s = (t - t0) / h;
  const double s2 = s * s, s3 = s2 * s;
  const double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s;
  const double h01 = -2 * s3 + 3 * s2, h11 = s3 - s2;
  return h00 * y0 + (h10 * h) * f0 + h01 * y1 + (h11 * h) * f1;
}

// Integrates dy/dt = f(t, y) from (t0, y0) to t_end. `on_step(t, y, dy)` is
// called at the start, after every accepted step and at every event (after
// its handler). Returns what the integrator did.
template <int N, class Rhs, class OnStep>
IntegrationSummary dormand_prince(Rhs&& f, double t0, Eigen::Matrix<double, N, 1> y0, double t_end,
                                  const DormandPrinceOptions<N>& opt,
                                  std::span<EventDetector<N>> events, OnStep&& on_step) {
  using Vec = Eigen::Matrix<double, N, 1>;
  constexpr double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
  constexpr double a21 = 1.0 / 5;
  constexpr double a31 = 3.0 / 40, a32 = 9.0 / 40;
  constexpr double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
  constexpr double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561,
                   a54 = -212.0 / 729;
  constexpr double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
                   a65 = -5103.0 / 18656;
  constexpr double b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784,
                   b6 = 11.0 / 84;
  constexpr double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200,
                   e6 = 22.0 / 525, e7 = -1.0 / 40;

  IntegrationSummary sum;
  double t = t0;
  Vec y = y0;
  Vec k1 = f(t, y);
  ++sum.rhs_evaluations;
  on_step(t, y, k1);

  // One Dormand-Prince step of length h from (t, y) with derivative k1.
  Vec k2, k3, k4, k5, k6, k7, y_new, err_vec;
  auto step = [&](double h) {
    k2 = f(t + c2 * h, y + h * (a21 * k1));
    k3 = f(t + c3 * h, y + h * (a31 * k1 + a32 * k2));
    k4 = f(t + c4 * h, y + h * (a41 * k1 + a42 * k2 + a43 * k3));
    k5 = f(t + c5 * h, y + h * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4));
    k6 = f(t + h, y + h * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5));
    y_new = y + h * (b1 * k1 + b3 * k3 + b4 * k4 + b5 * k5 + b6 * k6);
    k7 = f(t + h, y_new);
    err_vec = h * (e1 * k1 + e3 * k3 + e4 * k4 + e5 * k5 + e6 * k6 + e7 * k7);
    sum.rhs_evaluations += 6;
  };
  auto error_norm = [&]() {
    const Vec scale =
        opt.abs_tol.array() + opt.rel_tol * y.cwiseAbs().cwiseMax(y_new.cwiseAbs()).array();
    return std::sqrt((err_vec.array() / scale.array()).square().mean());
  };

  // Initial step (Hairer, Norsett & Wanner, sec. II.4, simplified).
  double h = opt.initial_step;
  if (h <= 0.0) {
    const Vec scale = opt.abs_tol.array() + opt.rel_tol * y.cwiseAbs().array();
    const double d0 = std::sqrt((y.array() / scale.array()).square().mean());
    const double d1 = std::sqrt((k1.array() / scale.array()).square().mean());
    h = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
  }
  h = std::min(h, opt.max_step);

  const std::size_t ne = events.size();
  // Watched values at the current state and at the end of the trial step.
  auto watch = [&](std::size_t i, double tt, const Vec& yy) {
    return events[i].sign_of_g ? events[i].sign_of_g(tt, yy) : events[i].g(tt, yy);
  };
  std::vector<double> g_prev(ne), g_next(ne);
  for (std::size_t i = 0; i < ne; ++i) g_prev[i] = watch(i, t, y);

  auto crossed = [](int dir, double a, double b) {
    const bool up = a < 0.0 && b >= 0.0;
    const bool down = a > 0.0 && b <= 0.0;
    return dir > 0 ? up : dir < 0 ? down : (up || down);
  };

  while (t < t_end) {
    if (sum.accepted_steps >= opt.max_steps) {
      sum.reached_max_steps = true;
      break;
    }
    const bool last = t + h >= t_end;
    const double h_try = last ? t_end - t : h;
    step(h_try);
    const double err = error_norm();
    if (!(err <= 1.0)) {  // also rejects NaN
      ++sum.rejected_steps;
      const double fac = std::isfinite(err) ? std::max(0.2, 0.9 * std::pow(err, -0.2)) : 0.2;
      h = h_try * fac;
      if (h < 1e-12 * std::max(1.0, std::abs(t))) break;  // cannot make progress
      continue;
    }
    const double t_new = last ? t_end : t + h_try;
    ++sum.accepted_steps;

    // Events: earliest root of any detector whose sign changed in this step.
    std::size_t fired = ne;
    double t_event = t_new;
    for (std::size_t i = 0; i < ne; ++i) {
      g_next[i] = watch(i, t_new, y_new);
      if (!crossed(events[i].direction, g_prev[i], g_next[i])) continue;
      auto g_at = [&](double tt) {
        return events[i].g(tt, hermite<Vec>(t, y, k1, t_new, y_new, k7, tt));
      };
      // Illinois method on the bracket [lo, hi] with g(lo), g(hi) of opposite sign.
      double lo = t, hi = t_new, glo = g_prev[i], ghi = g_next[i];
      if (events[i].sign_of_g) {
        glo = events[i].g(t, y);
        ghi = events[i].g(t_new, y_new);
      }
      int side = 0;
      while (hi - lo > opt.event_time_tol) {
        double tm = (lo * ghi - hi * glo) / (ghi - glo);
        if (!(tm > lo && tm < hi)) tm = 0.5 * (lo + hi);
        const double gm = g_at(tm);
        if ((gm > 0.0) == (ghi > 0.0) && gm != 0.0) {
          hi = tm;
          ghi = gm;
          if (side == 1) glo *= 0.5;
          side = 1;
        } else {
          lo = tm;
          glo = gm;
          if (side == -1) ghi *= 0.5;
          side = -1;
          if (gm == 0.0) hi = tm;
        }
      }
      if (hi < t_event || fired == ne) {
        t_event = std::min(t_event, hi);
        fired = i;
      }
    }

    if (fired == ne) {
      t = t_new;
      y = y_new;
      k1 = k7;
      g_prev.swap(g_next);  // no handler ran: the same values as evaluating again
      on_step(t, y, k1);
      const double fac = err > 0.0 ? std::min(5.0, 0.9 * std::pow(err, -0.2)) : 5.0;
      if (!last) h = std::min(h_try * fac, opt.max_step);
      continue;
    }

    // Integrate exactly to the event, then hand it to the detector.
    if (t_event > t) {
      step(t_event - t);
      y = y_new;
    }
    t = t_event;
    const EventAction action = events[fired].handler(t, y);
    k1 = f(t, y);
    ++sum.rhs_evaluations;
    on_step(t, y, k1);
    if (action == EventAction::stop) {
      sum.stopped_by_event = true;
      break;
    }
    for (std::size_t i = 0; i < ne; ++i) g_prev[i] = watch(i, t, y);
    g_prev[fired] = 0.0;  // the crossing just handled is not seen again
    h = std::min(h, opt.max_step);
  }
  sum.t_final = t;
  return sum;
}

}  // namespace bulwark::physics
