// Impact point prediction benchmark: the sigma-point sets (the default
// simplex with a beta pair, 10 coasts; the pure spherical simplex, 9; the
// symmetric set, 15) against the Monte Carlo reference (8,000 coasts) on the
// same track reports, in one run. Prints the speed ratio, the accuracy of the
// sigma-point ellipse against the Monte Carlo ellipse (semi-axis ratios,
// centre offset in Monte Carlo minor semi-axes), and the number of tracks one
// core can assess per battle-management cycle (2 s). Writes threat_ipp.json
// to $BULWARK_BENCH_OUT (default out/bench).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/units.hpp"
#include "threat/impact.hpp"

namespace {

using bulwark::deg_to_rad;
using bulwark::geo::Geodetic;
using bulwark::geo::Vec3;
namespace threat = bulwark::threat;

struct Case {
  std::string name;
  double alt_m;
  Vec3 velocity_enu;
  double pos_sigma_m, vel_sigma_mps, beta, beta_sigma;
};

bulwark::tracking::TrackReport report(const Case& c) {
  const Geodetic here{deg_to_rad(50.0), deg_to_rad(20.0), c.alt_m};
  const auto r = bulwark::geo::enu_rotation(here.lat_rad, here.lon_rad).transpose();
  bulwark::tracking::TrackReport rep;
  rep.t_s = 100.0;
  rep.state.head<3>() = bulwark::geo::to_ecef(here);
  rep.state.tail<3>() = r * c.velocity_enu;
  Eigen::Matrix<double, 6, 6> rot = Eigen::Matrix<double, 6, 6>::Zero();
  rot.topLeftCorner<3, 3>() = r;
  rot.bottomRightCorner<3, 3>() = r;
  Eigen::Matrix<double, 6, 1> s;
  s << c.pos_sigma_m, c.pos_sigma_m, c.pos_sigma_m, c.vel_sigma_mps, c.vel_sigma_mps,
      c.vel_sigma_mps;
  rep.covariance = rot * s.cwiseAbs2().asDiagonal() * rot.transpose();
  rep.beta_kgpm2 = c.beta;
  rep.beta_sigma_kgpm2 = c.beta_sigma;
  return rep;
}

template <class F>
double seconds_per_call(int calls, F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < calls; ++i) f(i);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / calls;
}

}  // namespace

int main() {
  const char* env = std::getenv("BULWARK_BENCH_OUT");
  const std::filesystem::path out_dir = env != nullptr ? env : "out/bench";
  std::filesystem::create_directories(out_dir);

  const std::vector<Case> cases = {
      {"reentry-120km", 120e3, Vec3(2000.0, 300.0, -700.0), 300.0, 8.0, 8000.0, 1500.0},
      {"midcourse-300km", 300e3, Vec3(2500.0, 500.0, 200.0), 500.0, 5.0, 8000.0, 1500.0},
      {"descending-60km", 60e3, Vec3(1500.0, 0.0, -900.0), 100.0, 3.0, 5000.0, 800.0}};
  const double cycle_s = 2.0;
  nlohmann::json results = nlohmann::json::array();
  struct Set {
    const char* name;
    threat::UnscentedParameters params;
  };
  threat::UnscentedParameters symmetric;
  symmetric.set = threat::SigmaSet::symmetric;
  threat::UnscentedParameters simplex;
  simplex.set = threat::SigmaSet::spherical_simplex;
  const threat::UnscentedParameters hybrid = threat::ImpactOptions{}.unscented;  // the default
  const std::vector<Set> sets = {
      {"simplex+beta-pair", hybrid}, {"simplex", simplex}, {"symmetric", symmetric}};
  std::printf("IPP: sigma-point sets vs Monte Carlo reference (8000 coasts), same run\n");
  std::printf("%-17s %-18s %6s %8s %8s %9s %9s %9s %11s %10s\n", "case", "set", "flights", "ms",
              "MC ms", "speed x", "a set/MC", "b set/MC", "offset/b", "tracks/2s");
  for (const Case& c : cases) {
    const auto rep = report(c);
    threat::ImpactOptions mc;
    mc.method = threat::Propagation::monte_carlo;
    mc.monte_carlo_samples = 8000;
    threat::ImpactPrediction b;
    const double t_mc = seconds_per_call(1, [&](int) { b = threat::predict_impact(rep, mc); });
    for (const Set& set : sets) {
      threat::ImpactOptions ut;
      ut.unscented = set.params;
      threat::ImpactPrediction a;
      const double t_ut = seconds_per_call(100, [&](int) { a = threat::predict_impact(rep, ut); });
      if (!a.valid || !b.valid) {
        std::fprintf(stderr, "%s: no impact (%s%s)\n", c.name.c_str(), a.reason.c_str(),
                     b.reason.c_str());
        return 1;
      }
      const double ra = a.ground.ellipse.semi_major_m / b.ground.ellipse.semi_major_m;
      const double rb = a.ground.ellipse.semi_minor_m / b.ground.ellipse.semi_minor_m;
      const double off = (a.impact_ecef - b.impact_ecef).norm() / b.ground.ellipse.semi_minor_m;
      const double per_cycle = cycle_s / t_ut;
      std::printf("%-17s %-18s %6d %8.3f %8.1f %9.1f %9.3f %9.3f %11.3f %10.0f\n", c.name.c_str(),
                  set.name, a.propagations, 1e3 * t_ut, 1e3 * t_mc, t_mc / t_ut, ra, rb, off,
                  per_cycle);
      results.push_back({{"case", c.name},
                         {"set", set.name},
                         {"propagations", a.propagations},
                         {"sigma_point_s", t_ut},
                         {"monte_carlo_s", t_mc},
                         {"speed_ratio", t_mc / t_ut},
                         {"semi_major_ratio", ra},
                         {"semi_minor_ratio", rb},
                         {"centre_offset_in_minor_axes", off},
                         {"mc_semi_major_m", b.ground.ellipse.semi_major_m},
                         {"mc_semi_minor_m", b.ground.ellipse.semi_minor_m},
                         {"tracks_per_cycle", per_cycle}});
    }
  }
  std::printf(
      "(a, b: 95 %% ellipse semi-major/minor; the Monte Carlo axes carry ~0.8 %% sampling "
      "error at 8000 samples)\n");
  std::ofstream(out_dir / "threat_ipp.json") << results.dump(2) << "\n";
  std::printf("wrote %s\n", (out_dir / "threat_ipp.json").string().c_str());
  return 0;
}
