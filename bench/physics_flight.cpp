// Physics benchmark (docs/benchmarks.md, "Physics"): trajectories solved to
// aim per second against the 50 ms per-solve budget, integrator steps per
// second and real-time factor, and the Dormand-Prince integrator's step
// count and error against a fine fixed-step RK4 reference computed here.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "common/units.hpp"
#include "geo/geodesic.hpp"
#include "io/catalog.hpp"
#include "physics/flight.hpp"

using namespace bulwark;
using namespace bulwark::physics;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The classes come from the embedded notional catalog, so the figures follow it.
const ThreatClass& catalog_class(const std::string& name) {
  static const Catalog catalog = io::default_catalog();
  const ThreatClass* cls = catalog.find_threat(name);
  if (!cls) {
    std::fprintf(stderr, "physics_flight: class %s missing from the catalog\n", name.c_str());
    std::exit(1);
  }
  return *cls;
}

struct SolveFigures {
  double per_second = 0.0;
  double mean_ms = 0.0;
  double max_ms = 0.0;
  double max_miss_m = 0.0;
  double mean_iterations = 0.0;
};

SolveFigures solve_rate(const ThreatClass& cls, int n) {
  std::mt19937_64 rng(42);  // fixed seed: the same aims every run
  std::uniform_real_distribution<double> az(0.0, 2.0 * kPi);
  std::uniform_real_distribution<double> frac(0.3, 0.95);
  std::uniform_real_distribution<double> lat(-50.0, 50.0);
  SolveFigures f;
  const auto t0 = Clock::now();
  for (int i = 0; i < n; ++i) {
    const geo::Geodetic launch{deg_to_rad(lat(rng)), deg_to_rad(lat(rng)), 0.0};
    const double range = cls.min_range_m + frac(rng) * (cls.max_range_m - cls.min_range_m);
    const geo::Geodetic aim = geo::geodesic_direct(launch, az(rng), range);
    const auto t1 = Clock::now();
    const AimResult r = fly_to_aim(cls, {launch, aim, Loft::minimum_energy, 0.0}, EarthModel{});
    const double ms = 1e3 * seconds_since(t1);
    f.max_ms = std::max(f.max_ms, ms);
    f.max_miss_m = std::max(f.max_miss_m, r.miss_m);
    f.mean_iterations += r.iterations;
  }
  const double total = seconds_since(t0);
  f.per_second = n / total;
  f.mean_ms = 1e3 * total / n;
  f.mean_iterations /= n;
  return f;
}

// Fixed-step classical RK4 on the same equations (ballistic_acceleration).
FlightState rk4(const FlightState& s0, double beta, const EarthModel& model, double t_end,
                double dt) {
  geo::Vec3 r = s0.r_ecef, v = s0.v_ecef;
  const long n = std::lround((t_end - s0.t_s) / dt);
  for (long i = 0; i < n; ++i) {
    const geo::Vec3 a1 = ballistic_acceleration(r, v, beta, model);
    const geo::Vec3 r2 = r + 0.5 * dt * v, v2 = v + 0.5 * dt * a1;
    const geo::Vec3 a2 = ballistic_acceleration(r2, v2, beta, model);
    const geo::Vec3 r3 = r + 0.5 * dt * v2, v3 = v + 0.5 * dt * a2;
    const geo::Vec3 a3 = ballistic_acceleration(r3, v3, beta, model);
    const geo::Vec3 r4 = r + dt * v3, v4 = v + dt * a3;
    const geo::Vec3 a4 = ballistic_acceleration(r4, v4, beta, model);
    r += dt / 6.0 * (v + 2.0 * v2 + 2.0 * v3 + v4);
    v += dt / 6.0 * (a1 + 2.0 * a2 + 2.0 * a3 + a4);
  }
  FlightState s = s0;
  s.t_s = t_end;
  s.r_ecef = r;
  s.v_ecef = v;
  return s;
}

}  // namespace

int main() {
  const char* env = std::getenv("BULWARK_BENCH_OUT");
  const std::filesystem::path out_dir = env ? env : "out/bench";
  std::filesystem::create_directories(out_dir);
  constexpr double kBudgetMs = 50.0;

  std::printf(
      "physics_flight: notional SRBM-600 / MRBM-3000, full model (WGS84, J2, rotation, "
      "USSA-76)\n\n");
  const SolveFigures s600 = solve_rate(catalog_class("SRBM-600"), 60);
  const SolveFigures s3000 = solve_rate(catalog_class("MRBM-3000"), 60);
  for (const auto& [name, f] : {std::pair{"SRBM-600", s600}, std::pair{"MRBM-3000", s3000}}) {
    std::printf(
        "fly_to_aim %-9s: %6.1f solves/s, mean %5.1f ms = %.2f x budget (50 ms), "
        "max %5.1f ms = %.2f x budget, %.1f iterations, max miss %.3f m (limit 50 m)\n",
        name, f.per_second, f.mean_ms, f.mean_ms / kBudgetMs, f.max_ms, f.max_ms / kBudgetMs,
        f.mean_iterations, f.max_miss_m);
  }

  // A re-entry vehicle coasting from 120 km through re-entry to 2 s before
  // its impact, against RK4 at 0.01 s; RK4 at 0.02 s bounds the reference's
  // own error (RK4 error scales as dt^4: ~1/15 of the difference).
  const EarthModel model;
  FlightState s0;
  s0.r_ecef = geo::to_ecef({deg_to_rad(35.0), deg_to_rad(45.0), 120e3});
  s0.v_ecef = geo::enu_rotation(deg_to_rad(35.0), deg_to_rad(45.0)).transpose() *
              geo::Vec3(-3000.0, 2000.0, 1500.0);
  s0.mass_kg = 1000.0;
  s0.phase = Phase::midcourse;
  const double beta = 8000.0;
  const double t_impact = coast(s0, beta, model, 1e4).states.back().t_s;
  const double t_end = std::floor(t_impact) - 2.0;
  const int reps = 200;
  auto t0 = Clock::now();
  Trajectory dp;
  for (int i = 0; i < reps; ++i) dp = coast(s0, beta, model, t_end);
  const double dp_s = seconds_since(t0) / reps;
  const long dp_steps = static_cast<long>(dp.states.size()) - 1;
  t0 = Clock::now();
  const FlightState ref = rk4(s0, beta, model, t_end, 0.01);
  const double rk_s = seconds_since(t0);
  const FlightState ref2 = rk4(s0, beta, model, t_end, 0.02);
  const long rk_steps = std::lround(t_end / 0.01);
  const double dp_err = (dp.states.back().r_ecef - ref.r_ecef).norm();
  const double ref_err = (ref2.r_ecef - ref.r_ecef).norm() / 15.0;
  std::printf("\ncoast %.0f s from 120 km through re-entry to 2 s before impact (full model):\n",
              t_end);
  std::printf("  Dormand-Prince: %ld steps, %.0f steps/s, %.0f x real time\n", dp_steps,
              dp_steps / dp_s, t_end / dp_s);
  std::printf("  RK4 reference : %ld steps (dt 0.01 s), reference error ~%.1e m\n", rk_steps,
              ref_err);
  std::printf(
      "  steps ratio DP/RK4 = %.4f, final-position difference %.3e m, "
      "time ratio DP/RK4 = %.4f\n",
      static_cast<double>(dp_steps) / static_cast<double>(rk_steps), dp_err, dp_s / rk_s);

  std::ofstream json(out_dir / "physics_flight.json");
  json << "{\n"
       << "  \"fly_to_aim\": {\n"
       << "    \"srbm600\": {\"solves_per_s\": " << s600.per_second
       << ", \"mean_ms\": " << s600.mean_ms << ", \"max_ms\": " << s600.max_ms
       << ", \"budget_ms\": " << kBudgetMs << ", \"max_miss_m\": " << s600.max_miss_m << "},\n"
       << "    \"mrbm3000\": {\"solves_per_s\": " << s3000.per_second
       << ", \"mean_ms\": " << s3000.mean_ms << ", \"max_ms\": " << s3000.max_ms
       << ", \"budget_ms\": " << kBudgetMs << ", \"max_miss_m\": " << s3000.max_miss_m << "}\n"
       << "  },\n"
       << "  \"integrator\": {\"dp_steps\": " << dp_steps
       << ", \"dp_steps_per_s\": " << dp_steps / dp_s << ", \"real_time_factor\": " << t_end / dp_s
       << ", \"rk4_steps\": " << rk_steps
       << ", \"steps_ratio\": " << static_cast<double>(dp_steps) / static_cast<double>(rk_steps)
       << ", \"final_position_error_m\": " << dp_err << ", \"reference_error_m\": " << ref_err
       << "}\n}\n";
  std::printf("\nwrote %s\n", (out_dir / "physics_flight.json").string().c_str());
  return 0;
}
