// End-to-end: `bulwark assess` on a small scenario and a tracks file made
// from a flown SRBM-600 (physics::fly_to_aim), and every kind of bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/units.hpp"
#include "geo/geodesic.hpp"
#include "io/catalog.hpp"
#include "io/tracks.hpp"
#include "physics/flight.hpp"
#include "support/run_cli.hpp"

namespace bulwark {
namespace {

const char* kScenario = R"(epoch: "2026-11-26T00:00:00Z"
seed: 3
nations: [PL, LT]
threats:
  - id: T1
    class: SRBM-600
    launch: {lat_deg: 53.9, lon_deg: 28.0}
    aim: {lat_deg: 52.23, lon_deg: 21.01}
    launch_time_s: 0
    loft: minimum-energy
sensors:
  - {id: R1, nation: PL, type: radar, lat_deg: 52.4, lon_deg: 22.0, alt_m: 150}
assets:
  - {id: WARSAW, nation: PL, lat_deg: 52.23, lon_deg: 21.01, radius_m: 5000, value: 10}
  - {id: VILNIUS, nation: LT, lat_deg: 54.69, lon_deg: 25.28, radius_m: 5000, value: 8}
batteries:
  - {id: PL-LOW, nation: PL, interceptor: LOWER-TIER, lat_deg: 52.25, lon_deg: 21.4, ready_rounds: 4}
  - {id: LT-UP, nation: LT, interceptor: UPPER-TIER, lat_deg: 53.5, lon_deg: 24.5, ready_rounds: 4}
)";

struct Files {
  std::filesystem::path dir, scenario, tracks, out;
  physics::Trajectory truth;
};

// Track 1: the SRBM-600 after burnout, reported twice (the later is used);
// track 2: a state in orbit, which never lands.
const Files& files() {
  static const Files f = [] {
    Files x;
    x.dir = test::temp_dir("cli_assess");
    x.scenario = x.dir / "scenario.yaml";
    x.tracks = x.dir / "tracks.csv";
    x.out = x.dir / "threats.json";
    std::ofstream(x.scenario) << kScenario;
    const physics::Catalog cat = io::default_catalog();
    physics::ThreatLaunch launch;
    launch.launch = {deg_to_rad(53.9), deg_to_rad(28.0), 0.0};
    launch.aim = {deg_to_rad(52.23), deg_to_rad(21.01), 0.0};
    x.truth =
        physics::fly_to_aim(*cat.find_threat("SRBM-600"), launch, physics::EarthModel{}).trajectory;
    std::vector<tracking::TrackReport> rows;
    for (double t : {150.0, 200.0}) {
      const physics::FlightState s = x.truth.at(t);
      tracking::TrackReport r;
      r.t_s = t;
      r.track_id = 1;
      r.state << s.r_ecef, s.v_ecef;
      r.covariance.setZero();
      r.covariance.diagonal() << 1e4, 1e4, 1e4, 4.0, 4.0, 4.0;  // 100 m, 2 m/s
      rows.push_back(r);
    }
    tracking::TrackReport orbit;
    orbit.t_s = 200.0;
    orbit.track_id = 2;
    const double rr = geo::Wgs84::a + 600e3;
    orbit.state << rr, 0, 0, 0, std::sqrt(geo::Wgs84::gm / rr) - geo::Wgs84::omega * rr, 0;
    rows.push_back(orbit);
    io::write_tracks(x.tracks.string(), rows);
    return x;
  }();
  return f;
}

nlohmann::json run_ok(const std::string& extra = "") {
  const Files& f = files();
  const auto r = test::run_cli("assess " + f.scenario.string() + " --tracks " + f.tracks.string() +
                               " --out " + f.out.string() + " --beta 7000 " + extra);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("wrote"), std::string::npos);
  return nlohmann::json::parse(test::read_text(f.out));
}

TEST(CliAssess, PredictsImpactLaunchClassAssetsAndWindows) {
  const nlohmann::json j = run_ok();
  ASSERT_EQ(j["threats"].size(), 2u);
  const auto& t = j["threats"][0];
  EXPECT_EQ(t["rank"], 1);
  EXPECT_EQ(t["track_id"], 1);
  EXPECT_DOUBLE_EQ(t["t_s"].get<double>(), 200.0);  // the latest report

  // Impact: the flown missile's impact (within 50 m of the aim point); the
  // prediction uses the same model with beta 7000 instead of the RV's Cd(Mach),
  // so allow 5 km; time to impact within 5 s.
  const physics::FlightState impact = files().truth.states.back();
  const geo::Geodetic ig = geo::to_geodetic(impact.r_ecef);
  const geo::Geodetic pred{deg_to_rad(t["impact"]["lat_deg"].get<double>()),
                           deg_to_rad(t["impact"]["lon_deg"].get<double>()), 0.0};
  EXPECT_LT(geo::geodesic_inverse(ig, pred).distance_m, 5000.0);
  EXPECT_NEAR(t["time_to_impact_s"].get<double>(), impact.t_s - 200.0, 5.0);
  EXPECT_GT(t["impact"]["ellipse"]["semi_major_m"].get<double>(), 0.0);
  EXPECT_NEAR(t["impact"]["ellipse"]["probability"].get<double>(), 0.95, 1e-12);

  // Launch point: ballistic back-projection, within the boost-phase bias.
  ASSERT_FALSE(t["launch"].is_null());
  const geo::Geodetic launch{deg_to_rad(53.9), deg_to_rad(28.0), 0.0};
  const geo::Geodetic lp{deg_to_rad(t["launch"]["lat_deg"].get<double>()),
                         deg_to_rad(t["launch"]["lon_deg"].get<double>()), 0.0};
  const double launch_error = geo::geodesic_inverse(launch, lp).distance_m;
  RecordProperty("launch_point_error_m", std::to_string(launch_error));
  EXPECT_LT(launch_error, 100e3);

  // Class: one of the catalog's, with a confidence; scores sum to 1.
  double sum = 0.0;
  for (const auto& s : t["classification"]["scores"]) sum += s["probability"].get<double>();
  EXPECT_NEAR(sum, 1.0, 1e-9);
  RecordProperty("class", t["classification"]["class"].get<std::string>());

  // Warsaw is hit, Vilnius is not at risk.
  ASSERT_GE(t["assets"].size(), 1u);
  EXPECT_EQ(t["assets"][0]["id"], "WARSAW");
  EXPECT_EQ(t["assets"][0]["nation"], "PL");
  EXPECT_GT(t["assets"][0]["probability"].get<double>(), 0.5);
  EXPECT_GT(t["value_at_risk"].get<double>(), 5.0);

  // The Polish lower-tier battery next to Warsaw has a window, opening no
  // earlier than the report time.
  ASSERT_EQ(t["batteries"].size(), 2u);
  const auto& low = t["batteries"][0];
  EXPECT_EQ(low["battery"], "PL-LOW");
  ASSERT_GE(low["windows"].size(), 1u);
  for (const auto& w : low["windows"]) {
    EXPECT_GE(w["open_s"].get<double>(), low["earliest_launch_s"].get<double>() - 1e-9);
    EXPECT_LE(w["open_s"].get<double>(), w["close_s"].get<double>());
    for (const auto& o : w["opportunities"]) {
      EXPECT_GE(o["intercept"]["alt_m"].get<double>(), 0.0);
      EXPECT_GT(o["pk"].get<double>(), 0.0);
    }
  }

  // The orbiting track: no impact, ranked last, no windows.
  const auto& orbit = j["threats"][1];
  EXPECT_EQ(orbit["track_id"], 2);
  EXPECT_TRUE(orbit["impact"].is_null());
  EXPECT_FALSE(orbit["impact_reason"].get<std::string>().empty());
  EXPECT_TRUE(orbit["time_to_impact_s"].is_null());
  for (const auto& b : orbit["batteries"]) EXPECT_TRUE(b["windows"].empty());
}

TEST(CliAssess, TimeSelectsTheEarlierReport) {
  const nlohmann::json j = run_ok("--time 170");
  ASSERT_EQ(j["threats"].size(), 1u);  // the orbit track starts at 200 s
  EXPECT_DOUBLE_EQ(j["threats"][0]["t_s"].get<double>(), 150.0);
}

struct Bad {
  const char* name;
  std::string args;
  const char* expected;  // in stderr
};

TEST(CliAssess, BadInputGivesOneClearLine) {
  const Files& f = files();
  const auto bad_tracks = f.dir / "bad_tracks.csv";
  std::ofstream(bad_tracks) << "t_s,track_id,x_m\n1,1,2\n";
  const auto nan_tracks = f.dir / "nan_tracks.csv";
  {
    std::string text = test::read_text(f.tracks);
    const auto pos = text.find('\n') + 1;
    const auto comma = text.find(',', text.find(',', pos) + 1);  // x_m of the first row
    text.replace(comma + 1, text.find(',', comma + 1) - comma - 1, "nan");
    std::ofstream(nan_tracks) << text;
  }
  const std::string scen = f.scenario.string();
  const std::string trk = " --tracks " + f.tracks.string();
  const std::string out = " --out " + (f.dir / "x.json").string();
  const Bad cases[] = {
      {"missing tracks file", scen + " --tracks " + (f.dir / "nope.csv").string() + out,
       "nope.csv"},
      {"missing column", scen + " --tracks " + bad_tracks.string() + out, "y_m"},
      {"nan in tracks", scen + " --tracks " + nan_tracks.string() + out, "x_m"},
      {"no report before time", scen + trk + out + " --time 10", "no track report"},
      {"missing scenario", (f.dir / "none.yaml").string() + trk + out, "none.yaml"},
      {"bad window step", scen + trk + out + " --window-step 0", "--window-step"},
      {"too few samples", scen + trk + out + " --samples 1", "--samples"},
      {"negative beta", scen + trk + out + " --beta -5", "--beta"},
      {"unwritable out", scen + trk + " --out " + (f.dir / "no_dir" / "x.json").string(), "no_dir"},
  };
  for (const Bad& c : cases) {
    const auto r = test::run_cli("assess " + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.name << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.name << ": " << r.err;
  }
  const auto r = test::run_cli("assess " + scen + " --method sideways" + trk);
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
}  // namespace bulwark
