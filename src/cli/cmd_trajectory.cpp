// `bulwark trajectory`: flies one notional threat from a launch point to an
// aim point (physics::fly_to_aim) and writes the trajectory CSV and a JSON
// summary (docs/formats.md, "Trajectory CSV and JSON").
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "common/units.hpp"
#include "geo/geodesic.hpp"
#include "io/catalog.hpp"
#include "physics/flight.hpp"

namespace bulwark::cli {
namespace {

struct TrajectoryArgs {
  std::string cls;
  std::string launch;
  std::string aim;
  std::string loft = "minimum-energy";
  double dt_s = 1.0;
  std::string out;
  std::string earth = "wgs84";
  std::string rotation = "on";
  std::string atmosphere = "on";
  std::string catalog;
};

constexpr double kReentrySpeedAltitude_m = 20e3;

[[noreturn]] void bad_arg(const std::string& option, const std::string& what) {
  throw InputError({"command line", 0, option}, what);
}

double parse_number(const std::string& text, const std::string& option) {
  double v = 0.0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr != last || !std::isfinite(v))
    bad_arg(option, "'" + text + "' is not a number");
  return v;
}

// "LAT,LON" in degrees; latitude in [-90, 90], longitude in [-180, 180].
geo::Geodetic parse_lat_lon(const std::string& text, const std::string& option) {
  const auto comma = text.find(',');
  if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
    bad_arg(option, "expected LAT,LON in degrees, got '" + text + "'");
  const double lat = parse_number(text.substr(0, comma), option);
  const double lon = parse_number(text.substr(comma + 1), option);
  if (lat < -90.0 || lat > 90.0)
    bad_arg(option, "latitude " + text.substr(0, comma) + " is out of range [-90, 90]");
  if (lon < -180.0 || lon > 180.0)
    bad_arg(option, "longitude " + text.substr(comma + 1) + " is out of range [-180, 180]");
  return {deg_to_rad(lat), deg_to_rad(lon), 0.0};
}

bool parse_switch(const std::string& v, const std::string& option) {
  if (v == "on") return true;
  if (v == "off") return false;
  bad_arg(option, "expected on or off, got '" + v + "'");
}

physics::Loft parse_loft(const std::string& v) {
  if (const auto l = physics::loft_from_string(v)) return *l;
  bad_arg("--loft", "expected minimum-energy, lofted or depressed, got '" + v + "'");
}

nlohmann::json lat_lon_json(const geo::Geodetic& g) {
  return {{"lat_deg", rad_to_deg(g.lat_rad)}, {"lon_deg", rad_to_deg(g.lon_rad)}};
}

// Speed when the trajectory first descends through `alt_m` (bisection on
// the trajectory's interpolation), or NaN when it never does.
double speed_descending_through(const physics::Trajectory& traj, double alt_m,
                                const physics::EarthModel& model) {
  const auto& s = traj.states;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const double a0 = physics::altitude(s[i - 1].r_ecef, model) - alt_m;
    const double a1 = physics::altitude(s[i].r_ecef, model) - alt_m;
    if (!(a0 > 0.0 && a1 <= 0.0) || s[i].phase == physics::Phase::boost) continue;
    double lo = s[i - 1].t_s, hi = s[i].t_s;
    for (int k = 0; k < 60 && hi - lo > 1e-6; ++k) {
      const double mid = 0.5 * (lo + hi);
      (physics::altitude(traj.at(mid).r_ecef, model) > alt_m ? lo : hi) = mid;
    }
    return traj.at(hi).v_ecef.norm();
  }
  return std::nan("");
}

void write_csv(const std::string& path, const physics::Trajectory& traj, double dt_s,
               const physics::EarthModel& model) {
  std::ofstream out(path);
  if (!out) throw InputError({path, 0, "--out"}, "cannot write the trajectory CSV");
  // Rows on the output grid and at every event, in time order.
  std::vector<physics::FlightState> rows;
  const double t0 = traj.states.front().t_s;
  const double t1 = traj.states.back().t_s;
  for (long k = 0;; ++k) {
    const double t = t0 + static_cast<double>(k) * dt_s;
    if (t >= t1) break;
    rows.push_back(traj.at(t));
  }
  for (const auto& e : traj.events) rows.push_back(e.state);
  rows.push_back(traj.states.back());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.t_s < b.t_s; });
  // One row per time; an event row replaces a grid row at the same time.
  std::vector<physics::FlightState> unique;
  for (const auto& r : rows) {
    if (!unique.empty() && std::abs(unique.back().t_s - r.t_s) < 1e-9)
      unique.back() = r;
    else
      unique.push_back(r);
  }
  out << "t_s,lat_deg,lon_deg,alt_m,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,speed_mps,mass_kg,phase\n";
  char line[512];
  for (const auto& r : unique) {
    const geo::Geodetic g = geo::to_geodetic(r.r_ecef, model.shape);
    std::snprintf(line, sizeof line,
                  "%.6f,%.8f,%.8f,%.3f,%.3f,%.3f,%.3f,%.4f,%.4f,%.4f,%.4f,%.3f,%s\n", r.t_s,
                  rad_to_deg(g.lat_rad), rad_to_deg(g.lon_rad), g.alt_m, r.r_ecef.x(), r.r_ecef.y(),
                  r.r_ecef.z(), r.v_ecef.x(), r.v_ecef.y(), r.v_ecef.z(), r.v_ecef.norm(),
                  r.mass_kg, physics::to_string(r.phase));
    out << line;
  }
  if (!out) throw InputError({path, 0, "--out"}, "error while writing the trajectory CSV");
}

void run(const TrajectoryArgs& a) {
  const physics::Catalog catalog =
      a.catalog.empty() ? io::default_catalog() : io::load_catalog(a.catalog);
  const physics::ThreatClass* cls = catalog.find_threat(a.cls);
  if (!cls) {
    std::string names;
    for (const auto& c : catalog.threats) names += (names.empty() ? "" : ", ") + c.name;
    bad_arg("--class", "unknown threat class '" + a.cls + "' (catalog has: " + names + ")");
  }
  physics::ThreatLaunch launch;
  launch.launch = parse_lat_lon(a.launch, "--launch");
  launch.aim = parse_lat_lon(a.aim, "--aim");
  launch.loft = parse_loft(a.loft);
  if (!(a.dt_s > 0.0) || !std::isfinite(a.dt_s)) bad_arg("--dt", "must be a positive number");
  physics::EarthModel model;
  if (a.earth == "spherical") {
    model.shape = geo::EarthShape::spherical;
    model.j2 = false;
  } else if (a.earth != "wgs84") {
    bad_arg("--earth", "expected wgs84 or spherical, got '" + a.earth + "'");
  }
  model.rotation = parse_switch(a.rotation, "--rotation");
  model.atmosphere = parse_switch(a.atmosphere, "--atmosphere");

  const physics::AimResult res = physics::fly_to_aim(*cls, launch, model);
  const physics::Trajectory& traj = res.trajectory;
  const physics::FlightEvent* impact = traj.find(physics::EventKind::impact);
  const physics::FlightEvent* burnout = traj.find(physics::EventKind::burnout);
  if (!impact || !burnout) throw DomainError(cls->name + ": the flight did not reach the ground");
  if (!a.out.empty()) write_csv(a.out, traj, a.dt_s, model);

  const geo::Geodetic impact_geo = geo::to_geodetic(impact->state.r_ecef, model.shape);
  double apogee_m = 0.0;
  if (const auto* ap = traj.find(physics::EventKind::apogee))
    apogee_m = physics::altitude(ap->state.r_ecef, model);
  for (const auto& s : traj.states)
    apogee_m = std::max(apogee_m, physics::altitude(s.r_ecef, model));
  const auto& bo = burnout->state;
  nlohmann::json j;
  j["class"] = cls->name;
  j["loft"] = a.loft;
  j["launch"] = lat_lon_json(launch.launch);
  j["aim"] = lat_lon_json(launch.aim);
  j["impact"] = lat_lon_json(impact_geo);
  j["miss_m"] = res.miss_m;
  j["ground_range_km"] =
      m_to_km(geo::geodesic_inverse(launch.launch, impact_geo, model.shape).distance_m);
  j["apogee_km"] = m_to_km(apogee_m);
  j["flight_time_s"] = impact->state.t_s - traj.states.front().t_s;
  j["burnout"] = {{"t_s", bo.t_s},
                  {"alt_km", m_to_km(physics::altitude(bo.r_ecef, model))},
                  {"speed_mps", bo.v_ecef.norm()},
                  {"flight_path_angle_deg",
                   rad_to_deg(physics::flight_path_angle(bo.r_ecef, bo.v_ecef, model))},
                  {"position_ecef_m", {bo.r_ecef.x(), bo.r_ecef.y(), bo.r_ecef.z()}},
                  {"velocity_ecef_mps", {bo.v_ecef.x(), bo.v_ecef.y(), bo.v_ecef.z()}}};
  const double reentry_speed = speed_descending_through(traj, kReentrySpeedAltitude_m, model);
  j["reentry_speed_mps"] = std::isfinite(reentry_speed) ? nlohmann::json(reentry_speed) : nullptr;
  j["solution"] = {{"azimuth_deg", rad_to_deg(res.azimuth_rad)},
                   {"burnout_elevation_deg", rad_to_deg(res.pitch_parameter)},
                   {"cutoff_fraction", res.cutoff_fraction},
                   {"iterations", res.iterations}};
  j["model"] = {{"earth", a.earth}, {"rotation", a.rotation}, {"atmosphere", a.atmosphere}};
  std::cout << j.dump(2) << "\n";
}

}  // namespace

void add_trajectory(CLI::App& app) {
  auto args = std::make_shared<TrajectoryArgs>();
  auto* cmd = app.add_subcommand("trajectory",
                                 "Fly a notional threat class from a launch point to an aim point");
  cmd->add_option("--class", args->cls, "Threat class from the catalog, e.g. SRBM-600")->required();
  cmd->add_option("--launch", args->launch, "Launch point LAT,LON (degrees)")->required();
  cmd->add_option("--aim", args->aim, "Aim point LAT,LON (degrees)")->required();
  cmd->add_option("--loft", args->loft, "minimum-energy (default), lofted or depressed");
  cmd->add_option("--dt", args->dt_s, "Output step of the CSV in seconds (default 1)");
  cmd->add_option("--out", args->out, "Write the trajectory CSV to this file");
  cmd->add_option("--earth", args->earth, "wgs84 (default) or spherical (validation)");
  cmd->add_option("--rotation", args->rotation, "Earth rotation on (default) or off");
  cmd->add_option("--atmosphere", args->atmosphere, "Atmosphere (drag) on (default) or off");
  cmd->add_option("--catalog", args->catalog, "Catalog YAML file overriding the built-in one");
  cmd->callback([args] { run(*args); });
}

}  // namespace bulwark::cli
