// End-to-end tests of `bulwark run` and `bulwark mc` (issue 5), and the bad
// scenario input table for run, mc and validate.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "support/run_cli.hpp"

namespace bulwark::test {
namespace {

namespace fs = std::filesystem;

std::string source_file(const std::string& rel) {
  return read_text(fs::path(BULWARK_SOURCE_DIR) / rel);
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p);
  out << text;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos;
       pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

// A small scenario with a known outcome: interceptors that always kill
// (sspk 1 in a copied catalog), perfect information, T1 flies over an
// upper-tier battery and is killed; T2 flies far from any battery and
// destroys the asset it is aimed at.
fs::path write_known_outcome(const fs::path& dir) {
  std::string catalog = source_file("data/catalog.yaml");
  const std::regex sspk("sspk: *[0-9.]+");
  catalog = std::regex_replace(catalog, sspk, "sspk: 1.0");
  write_file(dir / "catalog.yaml", catalog);
  const std::string yaml = R"(name: known outcome
epoch: "2026-11-26T00:00:00Z"
seed: 11
catalog: catalog.yaml
nations: [AA, BB]
threats:
  - {id: T1, class: SRBM-600, launch: {lat_deg: 50.0, lon_deg: 27.0}, aim: {lat_deg: 50.0, lon_deg: 20.5}}
  - {id: T2, class: SRBM-300, launch: {lat_deg: 40.0, lon_deg: 0.0}, aim: {lat_deg: 41.5, lon_deg: 1.5}}
sensors:
  - {id: R1, nation: AA, type: radar, lat_deg: 50.0, lon_deg: 21.0, alt_m: 100}
assets:
  - {id: TOWN-A, nation: AA, kind: capital, lat_deg: 50.0, lon_deg: 20.5, radius_m: 5000, value: 100}
  - {id: TOWN-B, nation: BB, kind: port, lat_deg: 41.5, lon_deg: 1.5, radius_m: 3000, value: 40}
batteries:
  - {id: AA-U1, nation: AA, interceptor: UPPER-TIER, lat_deg: 50.0, lon_deg: 21.0,
     ready_rounds: 4, fire_channels: 2, reaction_time_s: 10}
doctrine:
  rules:
    - {policy: salvo, salvo_size: 1, max_shots_per_threat: 1}
)";
  write_file(dir / "known.yaml", yaml);
  return dir / "known.yaml";
}

TEST(CliRun, KnownOutcomeWithPerfectInformation) {
  const fs::path dir = temp_dir("cli_run_known");
  const fs::path scenario = write_known_outcome(dir);
  const CliResult r = run_cli("run " + scenario.string() + " --perfect-information --out " +
                              (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Totals: 2 threats, 1 killed, 1 leakers"), std::string::npos) << r.out;
  const auto report = nlohmann::json::parse(read_text(dir / "out/report.json"));
  ASSERT_EQ(report["threats"].size(), 2u);
  const auto& t1 = report["threats"][0];
  EXPECT_EQ(t1["id"], "T1");
  EXPECT_EQ(t1["outcome"], "killed");
  EXPECT_EQ(t1["shots"], 1);
  ASSERT_EQ(t1["engagements"].size(), 1u);
  EXPECT_EQ(t1["engagements"][0]["battery"], "AA-U1");
  EXPECT_EQ(t1["engagements"][0]["nation"], "AA");
  EXPECT_TRUE(t1["engagements"][0]["kill"].get<bool>());
  const auto& t2 = report["threats"][1];
  EXPECT_EQ(t2["outcome"], "leaked");
  EXPECT_EQ(t2["assets_hit"][0], "TOWN-B");
  EXPECT_FALSE(report["assets"][0]["hit"].get<bool>());
  EXPECT_TRUE(report["assets"][1]["hit"].get<bool>());
  EXPECT_EQ(report["nations"][0]["interceptors_fired"], 1);
  EXPECT_EQ(report["nations"][0]["rounds_left"], 3);
  EXPECT_EQ(report["totals"]["value_destroyed"], 40.0);
  // Event log and CZML.
  const std::string events = read_text(dir / "out/events.csv");
  EXPECT_EQ(events.rfind("t_s,event,subject,detail\n", 0), 0u);
  EXPECT_NE(events.find(",kill,AA-U1,T1"), std::string::npos) << events;
  EXPECT_NE(events.find(",damage,TOWN-B,"), std::string::npos);
  const auto czml = nlohmann::json::parse(read_text(dir / "out/scenario.czml"));
  ASSERT_TRUE(czml.is_array());
  EXPECT_EQ(czml[0]["id"], "document");
  bool threat_path = false, interceptor_path = false, radar = false;
  for (const auto& p : czml) {
    const std::string id = p["id"];
    threat_path = threat_path || (id == "threat/T1" && p["position"]["cartesian"].size() > 8);
    interceptor_path = interceptor_path || id.rfind("interceptor/AA-U1", 0) == 0;
    radar = radar || id == "radar/R1";
  }
  EXPECT_TRUE(threat_path);
  EXPECT_TRUE(interceptor_path);
  EXPECT_TRUE(radar);
}

TEST(CliRun, TrackerChainDetectsTracksAndEngages) {
  const fs::path dir = temp_dir("cli_run_tracker");
  const fs::path scenario = write_known_outcome(dir);
  const CliResult r = run_cli("run " + scenario.string() + " --out " + (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto report = nlohmann::json::parse(read_text(dir / "out/report.json"));
  const auto& t1 = report["threats"][0];
  // The radar beside the battery sees T1 and the tracker holds it before
  // battle management engages it; T2 is never seen (no radar near it).
  ASSERT_FALSE(t1["detected_s"].is_null());
  ASSERT_FALSE(t1["first_track_s"].is_null());
  EXPECT_LE(t1["detected_s"].get<double>(), t1["first_track_s"].get<double>());
  EXPECT_GE(t1["shots"].get<int>(), 1);
  EXPECT_TRUE(report["threats"][1]["detected_s"].is_null());
  EXPECT_EQ(report["threats"][1]["outcome"], "leaked");
}

TEST(CliMc, IdenticalJsonForAnyThreadCount) {
  const fs::path dir = temp_dir("cli_mc_threads");
  const fs::path scenario = write_known_outcome(dir);
  const std::string base = "mc " + scenario.string() + " --runs 6 --quiet --out ";
  const CliResult one = run_cli(base + (dir / "one.json").string() + " --threads 1");
  const CliResult two = run_cli(base + (dir / "two.json").string() + " --threads 2");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(two.exit_code, 0) << two.err;
  const std::string a = read_text(dir / "one.json");
  EXPECT_EQ(a, read_text(dir / "two.json"));
  const auto j = nlohmann::json::parse(a);
  EXPECT_EQ(j["runs"], 6);
  EXPECT_LE(j["p_zero_leakers"]["ci95_lo"].get<double>(),
            j["p_zero_leakers"]["mean"].get<double>());
  EXPECT_EQ(j["assets"].size(), 2u);
  EXPECT_EQ(j["nations"].size(), 2u);
  // T2 is undefended: it leaks in every replication.
  EXPECT_GE(j["leakers"]["mean"].get<double>(), 1.0);
  EXPECT_NE(one.out.find("P(zero leakers)"), std::string::npos);
}

TEST(CliMc, ProgressBarOnStderr) {
  const fs::path dir = temp_dir("cli_mc_progress");
  const fs::path scenario = write_known_outcome(dir);
  const CliResult r = run_cli("mc " + scenario.string() + " --runs 3 --perfect-information");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("3/3"), std::string::npos) << r.err;
}

// Bad scenarios: each edit of the example scenario must be refused by run,
// mc and validate with exit code 2 and a message naming the field.
struct BadCase {
  const char* name;
  const char* from;
  const char* to;
  const char* field;
};

TEST(CliRun, BadScenarioTable) {
  const std::string good = source_file("scenarios/examples/small_defence.yaml");
  const std::vector<BadCase> cases = {
      {"missing field", "radius_m: 5000, value: 100}", "value: 100}", "assets[0].radius_m"},
      {"unknown threat class", "class: SRBM-300", "class: SRBM-999", "raids[0].class"},
      {"unknown interceptor", "interceptor: UPPER-TIER", "interceptor: MID-TIER",
       "batteries[1].interceptor"},
      {"unknown sensor type", "type: ew-satellite, orbit: geostationary",
       "type: sonar, orbit: geostationary", "sensors[2].type"},
      {"aim out of range", "aim: {lat_deg: 52.23, lon_deg: 21.01}",
       "aim: {lat_deg: 42.23, lon_deg: 1.01}", "threats[0].aim"},
      {"negative count", "count: 4", "count: -4", "raids[0].count"},
      {"negative rounds", "ready_rounds: 8", "ready_rounds: -8", "batteries[0].ready_rounds"},
      {"NaN", "radius_m: 5000, value: 100", "radius_m: 5000, value: .nan", "assets[0].value"},
      {"duplicate asset id", "id: KUN", "id: VNO", "assets[2].id"},
      {"duplicate battery id", "id: PL-B1", "id: DE-B1", "batteries[1].id"},
      {"negative cycle", "bm_cycle_s: 2", "bm_cycle_s: -2", "bm_cycle_s"},
      {"latitude out of range", "lat_deg: 52.4, lon_deg: 22.0", "lat_deg: 152.4, lon_deg: 22.0",
       "sensors[0].lat_deg"},
  };
  const fs::path dir = temp_dir("cli_run_bad");
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_NE(good.find(c.from), std::string::npos) << "example scenario changed: " << c.from;
    const fs::path file = dir / (std::string("bad_") + std::to_string(&c - cases.data()) + ".yaml");
    write_file(file, replace_all(good, c.from, c.to));
    for (const std::string& cmd :
         {"run " + file.string() + " --perfect-information --out " + (dir / "o").string(),
          "mc " + file.string() + " --runs 2 --quiet", "validate " + file.string()}) {
      const CliResult r = run_cli(cmd);
      EXPECT_EQ(r.exit_code, 2) << cmd;
      EXPECT_NE(r.err.find(std::string("field '") + c.field + "'"), std::string::npos)
          << cmd << ": " << r.err;
      EXPECT_NE(r.err.find(file.string()), std::string::npos) << r.err;
    }
  }
}

TEST(CliRun, BadArguments) {
  EXPECT_EQ(run_cli("run /nonexistent/scenario.yaml").exit_code, 2);
  EXPECT_NE(run_cli("mc --runs 0").exit_code, 0);
  EXPECT_NE(run_cli("mc --runs 2 --threads 0").exit_code, 0);
}

}  // namespace
}  // namespace bulwark::test
