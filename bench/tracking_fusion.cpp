// Track-to-track fusion benchmark (issue 7): the time of one
// SystemTrackTable::update() for 100 and 1,000 targets seen by 5 nations,
// as a ratio to the 2 s battle-management cycle. Every nation holds a local
// track of every target (the worst case), reported 0.1 s apart per nation,
// with errors drawn from its covariance (200 m, 20 m/s per axis), half of
// them common to all nations (correlated errors, as CI assumes). The first
// cycle founds and associates every track; the next ones are steady state
// (continuity, divergence checks, CI of 5 members). The picture is checked
// too: system tracks with all 5 nations, so speed is not bought by
// splitting targets. Writes tracking_fusion.json to $BULWARK_BENCH_OUT
// (default out/bench).
//
// Truth: targets at 150-350 km altitude over central Europe, 3 km/s in random
// horizontal directions, 0.5 km/s down, at least ~60 km apart on average,
// moved between cycles with the fusion's own prediction (notional).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "common/random.hpp"
#include "tracking/fusion.hpp"

namespace {

using namespace bulwark;
using tracking::LocalTrack;
using tracking::TrackReport;

constexpr int kNations = 5;
constexpr double kCycle = 2.0;
constexpr int kSteadyCycles = 5;
constexpr double kSigmaR = 200.0, kSigmaV = 20.0;

struct Result {
  int targets = 0;
  double first_s = 0.0, steady_s = 0.0;
  std::size_t system_tracks = 0, full_tracks = 0;
};

Result run(int targets) {
  Rng rng = make_stream(2024, 0, static_cast<std::uint64_t>(targets));
  std::uniform_real_distribution<double> lat(45.0, 55.0), lon(0.0, 25.0), alt(150e3, 350e3),
      heading(0.0, 2.0 * M_PI);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<TrackReport> truth(static_cast<std::size_t>(targets));
  for (TrackReport& t : truth) {
    const double la = lat(rng) * M_PI / 180.0, lo = lon(rng) * M_PI / 180.0, h = heading(rng);
    t.t_s = 100.0;
    t.state.head<3>() = geo::to_ecef({la, lo, alt(rng)});
    t.state.tail<3>() = geo::enu_rotation(la, lo).transpose() *
                        geo::Vec3(3000.0 * std::sin(h), 3000.0 * std::cos(h), -500.0);
    t.covariance.setZero();
  }
  Eigen::Matrix<double, 6, 1> sigma;
  sigma << kSigmaR, kSigmaR, kSigmaR, kSigmaV, kSigmaV, kSigmaV;
  auto observe = [&](double t0) {
    std::vector<LocalTrack> local;
    for (std::size_t i = 0; i < truth.size(); ++i) {
      Eigen::Matrix<double, 6, 1> common;
      for (int k = 0; k < 6; ++k) common(k) = normal(rng);
      for (int n = 0; n < kNations; ++n) {
        TrackReport r = tracking::predict_report(truth[i], t0 + 0.1 * n);
        for (int k = 0; k < 6; ++k)
          r.state(k) += sigma(k) * std::sqrt(0.5) * (common(k) + normal(rng));
        r.covariance = sigma.cwiseAbs2().asDiagonal();
        r.track_id = static_cast<std::uint32_t>(i * 7 % 100000 + 1);  // ids differ from targets
        local.push_back({static_cast<std::uint32_t>(n), r});
      }
    }
    return local;
  };

  Result res;
  res.targets = targets;
  tracking::SystemTrackTable table;
  using clock = std::chrono::steady_clock;
  double t = 100.0;
  for (int cycle = 0; cycle <= kSteadyCycles; ++cycle) {
    auto local = observe(t);
    const auto start = clock::now();
    const auto& out = table.update(std::move(local));
    const double s = std::chrono::duration<double>(clock::now() - start).count();
    if (cycle == 0)
      res.first_s = s;
    else
      res.steady_s += s / kSteadyCycles;
    res.system_tracks = out.size();
    res.full_tracks = static_cast<std::size_t>(std::count_if(
        out.begin(), out.end(), [](const auto& st) { return st.members.size() == kNations; }));
    t += kCycle;
    for (TrackReport& tr : truth) tr = tracking::predict_report(tr, t);
  }
  return res;
}

}  // namespace

int main() {
  const char* env = std::getenv("BULWARK_BENCH_OUT");
  const std::filesystem::path out_dir = env != nullptr ? env : "out/bench";
  nlohmann::json json = nlohmann::json::array();
  std::printf("%8s %8s %12s %12s %14s %14s %10s %10s\n", "targets", "nations", "first_ms",
              "steady_ms", "first/cycle", "steady/cycle", "sys_tracks", "5-nation");
  for (const int targets : {100, 1000}) {
    const Result r = run(targets);
    std::printf("%8d %8d %12.2f %12.2f %14.4f %14.4f %10zu %10zu\n", r.targets, kNations,
                1e3 * r.first_s, 1e3 * r.steady_s, r.first_s / kCycle, r.steady_s / kCycle,
                r.system_tracks, r.full_tracks);
    json.push_back({{"targets", r.targets},
                    {"nations", kNations},
                    {"first_cycle_s", r.first_s},
                    {"steady_cycle_s", r.steady_s},
                    {"first_over_cycle", r.first_s / kCycle},
                    {"steady_over_cycle", r.steady_s / kCycle},
                    {"system_tracks", r.system_tracks},
                    {"tracks_with_all_nations", r.full_tracks}});
  }
  std::filesystem::create_directories(out_dir);
  std::ofstream(out_dir / "tracking_fusion.json") << json.dump(2) << "\n";
  return 0;
}
