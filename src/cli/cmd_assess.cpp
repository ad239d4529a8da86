// `bulwark assess SCENARIO --tracks tracks.csv [--out threats.json]
// [--time T] [--method simplex|unscented|monte-carlo] [--samples N] [--seed S]
// [--beta B] [--window-step S]`: threat evaluation of each track's latest
// report (at or before --time): impact point and 95 % ellipse, time to
// impact, launch point, class and confidence, defended assets at risk, the
// ranked threat list, and every battery's launch windows. Writes the JSON of
// docs/formats.md ("Threat assessment JSON") and prints one line per threat.
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "common/units.hpp"
#include "engage/windows.hpp"
#include "io/assessment.hpp"
#include "io/scenario.hpp"
#include "io/tracks.hpp"
#include "physics/interceptor.hpp"
#include "threat/assessment.hpp"

namespace bulwark::cli {
namespace {

struct AssessArgs {
  std::string scenario;
  std::string tracks;
  std::string out = "threats.json";
  double time_s = std::numeric_limits<double>::infinity();
  std::string method = "simplex";
  int samples = 500;
  std::uint64_t seed = 1;
  double beta_kgpm2 = 0.0;
  double window_step_s = 1.0;
};

void check_positive(double x, const char* option) {
  if (!std::isfinite(x) || x <= 0.0)
    throw InputError({"command line", 0, option}, "must be a positive number");
}

// The latest report of each track at or before t_s, in track id order.
std::vector<tracking::TrackReport> latest_reports(const std::vector<tracking::TrackReport>& rows,
                                                  double t_s) {
  std::map<std::uint32_t, tracking::TrackReport> last;
  for (const auto& r : rows) {
    if (r.t_s > t_s) continue;
    auto it = last.find(r.track_id);
    if (it == last.end() || r.t_s >= it->second.t_s) last[r.track_id] = r;
  }
  std::vector<tracking::TrackReport> out;
  for (const auto& [id, r] : last) out.push_back(r);
  return out;
}

void run_assess(const AssessArgs& a) {
  check_positive(a.window_step_s, "--window-step");
  if (a.samples < 2) throw InputError({"command line", 0, "--samples"}, "must be at least 2");
  if (!std::isfinite(a.beta_kgpm2) || a.beta_kgpm2 < 0.0)
    throw InputError({"command line", 0, "--beta"}, "must be a number >= 0 (0 = no drag)");
  if (std::isnan(a.time_s)) throw InputError({"command line", 0, "--time"}, "must be a number");

  const io::Scenario scenario = io::load_scenario(a.scenario, io::ScenarioParts::full);
  const std::vector<tracking::TrackReport> rows = io::read_tracks(a.tracks);
  const std::vector<tracking::TrackReport> reports = latest_reports(rows, a.time_s);
  if (reports.empty())
    throw InputError({a.tracks, 0, "t_s"}, "no track report at or before the requested time");

  threat::AssessmentOptions options;
  options.impact.method =
      a.method == "monte-carlo" ? threat::Propagation::monte_carlo : threat::Propagation::unscented;
  options.impact.unscented.set =
      a.method == "unscented" ? threat::SigmaSet::symmetric : threat::SigmaSet::spherical_simplex;
  options.impact.monte_carlo_samples = a.samples;
  options.impact.seed = a.seed;
  options.impact.default_beta_kgpm2 = a.beta_kgpm2;

  // One envelope table per interceptor class in use.
  const physics::EarthModel model = options.impact.model;
  std::map<std::string, physics::EnvelopeTable> envelopes;
  std::vector<engage::BatteryGeometry> geometry;
  for (const auto& b : scenario.batteries) {
    const physics::InterceptorClass* cls = scenario.catalog.find_interceptor(b.interceptor);
    if (cls == nullptr)
      throw InputError({a.scenario, 0, "batteries." + b.id + ".interceptor"},
                       "unknown interceptor class '" + b.interceptor + "'");
    auto it = envelopes.find(cls->name);
    if (it == envelopes.end())
      it = envelopes.emplace(cls->name, physics::build_envelope(*cls, model)).first;
    geometry.push_back(engage::battery_geometry(b, *cls, it->second));
  }
  // The map's nodes are stable: the geometry's pointers stay valid.

  engage::WindowOptions window_options;
  window_options.step_s = a.window_step_s;

  std::vector<threat::ThreatAssessment> assessments;
  for (const auto& r : reports)
    assessments.push_back(threat::assess_track(r, scenario.assets, scenario.catalog, options));
  threat::rank_threats(assessments);

  io::AssessmentReport report;
  report.scenario = scenario.name;
  report.epoch_utc = scenario.epoch_utc;
  report.tracks_file = a.tracks;
  report.assets = scenario.assets;
  for (auto& t : assessments) {
    io::AssessedThreat at;
    for (std::size_t i = 0; i < scenario.batteries.size(); ++i) {
      const engage::Battery& b = scenario.batteries[i];
      io::BatteryWindows bw;
      bw.battery_id = b.id;
      bw.nation = b.nation;
      bw.interceptor = b.interceptor;
      bw.earliest_launch_s = t.t_s + b.reaction_time_s;
      if (t.impact.valid)
        bw.windows = engage::launch_windows(geometry[i], t.impact.mean_path, bw.earliest_launch_s,
                                            window_options);
      at.batteries.push_back(std::move(bw));
    }
    at.assessment = std::move(t);
    report.threats.push_back(std::move(at));
  }
  io::write_assessment(a.out, report);

  std::printf("%-4s %-8s %-14s %-6s %-22s %-10s %-12s %s\n", "rank", "track", "class", "conf",
              "impact lat,lon (deg)", "tti (s)", "value@risk", "batteries with a window");
  for (const auto& at : report.threats) {
    const threat::ThreatAssessment& t = at.assessment;
    int with_window = 0;
    for (const auto& b : at.batteries) with_window += b.windows.empty() ? 0 : 1;
    char impact[64] = "none";
    char tti[32] = "-";
    if (t.impact.valid) {
      std::snprintf(impact, sizeof impact, "%.4f,%.4f", rad_to_deg(t.impact.ground.mean.lat_rad),
                    rad_to_deg(t.impact.ground.mean.lon_rad));
      std::snprintf(tti, sizeof tti, "%.1f", t.impact.time_to_impact_s);
    }
    std::printf("%-4d %-8u %-14s %-6.2f %-22s %-10s %-12.3f %d\n", t.rank, t.track_id,
                t.classification.threat_class.c_str(), t.classification.confidence, impact, tti,
                t.value_at_risk, with_window);
  }
  std::printf("wrote %s (%zu threats)\n", a.out.c_str(), report.threats.size());
}

}  // namespace

void add_assess(CLI::App& app) {
  auto args = std::make_shared<AssessArgs>();
  auto* cmd = app.add_subcommand(
      "assess",
      "Threat evaluation of tracks: impact points, launch points, class, assets at risk, "
      "ranking, launch windows");
  cmd->add_option("scenario", args->scenario, "Scenario YAML (assets, batteries, catalog)")
      ->required();
  cmd->add_option("--tracks", args->tracks, "Tracks CSV (bulwark track)")->required();
  cmd->add_option("--out", args->out, "Threat assessment JSON to write (default threats.json)");
  cmd->add_option("--time", args->time_s,
                  "Assess each track's latest report at or before this time (s after epoch; "
                  "default: its last report)");
  cmd->add_option("--method", args->method,
                  "Impact spread: simplex (spherical simplex sigma points, n+2) | unscented "
                  "(symmetric sigma points, 2n+1) | monte-carlo (default simplex)")
      ->check(CLI::IsMember({"simplex", "unscented", "monte-carlo"}));
  cmd->add_option("--samples", args->samples, "Monte Carlo samples (default 500)");
  cmd->add_option("--seed", args->seed, "Monte Carlo seed (default 1)");
  cmd->add_option("--beta", args->beta_kgpm2,
                  "Ballistic coefficient (kg/m^2) for tracks without one (default 0 = no drag)");
  cmd->add_option("--window-step", args->window_step_s,
                  "Sampling of launch windows in intercept time, s (default 1)");
  cmd->callback([args] { run_assess(*args); });
}

}  // namespace bulwark::cli
