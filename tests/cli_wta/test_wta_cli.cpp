// End-to-end tests of `bulwark wta` (docs/formats.md, "WTA instance and
// solution JSON"): the solution JSON of each solver on a hand-checked
// instance, --out, limits honoured in the output, and one test per kind of
// bad input (each must exit with code 2 and name the file and the field).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/run_cli.hpp"

namespace bulwark {
namespace {

using nlohmann::json;

std::filesystem::path write_file(const std::string& name, const std::string& text) {
  static const auto dir = test::temp_dir("cli_wta");
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path;
}

// Two weapons, two targets. Assignments (A, B): (T1, T2) leaves 10*0.1 + 5*0.5
// = 3.5; (T1, T1) 10*0.1*0.5 + 5 = 5.5; (T2, T1) 5 + 10*0.5*0.5... = 7.5;
// (T2, T2) 10 + 5*0.5*0.5 = 11.25. Optimum 3.5: A -> T1, B -> T2.
const char* kSmall = R"({
  "weapons": [{"id": "A", "count": 1}, {"id": "B", "count": 1}],
  "targets": [{"id": "T1", "value": 10}, {"id": "T2", "value": 5}],
  "pk": [[0.9, 0.5], [0.5, 0.5]]
})";

TEST(CliWta, EachSolverFindsTheHandCheckedOptimum) {
  const auto path = write_file("small.json", kSmall);
  for (const std::string solver : {"exact", "greedy", "vlsn"}) {
    const auto r = test::run_cli("wta " + path.string() + " --solver " + solver);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json out = json::parse(r.out);
    EXPECT_EQ(out.at("solver"), solver);
    EXPECT_NEAR(out.at("objective").get<double>(), 3.5, 1e-12);
    ASSERT_EQ(out.at("assignment").size(), 2u);
    for (const json& s : out.at("assignment")) {
      EXPECT_EQ(s.at("shots"), 1);
      EXPECT_EQ(s.at("weapon").get<int>(), s.at("target").get<int>());  // A->T1, B->T2
      EXPECT_EQ(s.at("weapon_id").get<std::string>() == "A", s.at("target_id") == "T1");
    }
    EXPECT_LE(out.at("lower_bound").get<double>(), 3.5 + 1e-12);
    EXPECT_GE(out.at("seconds").get<double>(), 0.0);
    if (solver == "exact") {
      EXPECT_TRUE(out.at("proven_optimal").get<bool>());
    }
  }
}

TEST(CliWta, OutFileHoldsTheSameJson) {
  const auto path = write_file("small_out.json", kSmall);
  const auto out_path = path.parent_path() / "solution.json";
  const auto r =
      test::run_cli("wta " + path.string() + " --solver exact --out " + out_path.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json a = json::parse(r.out);
  const json b = json::parse(test::read_text(out_path));
  EXPECT_EQ(a.at("assignment"), b.at("assignment"));
  EXPECT_EQ(a.at("objective"), b.at("objective"));
}

// Multi-round types, channels, max shots and an unreachable pair: the output
// respects every limit.
TEST(CliWta, OutputRespectsLimits) {
  const auto path = write_file("limits.json", R"({
    "weapons": [{"id": 1, "count": 6, "channels": 2}, {"id": 2, "count": 3}],
    "targets": [{"id": "a", "value": 50, "max_shots": 2}, {"id": "b", "value": 40},
                {"id": "c", "value": 30, "max_shots": 1}, {"id": "d", "value": 20}],
    "pk": [[0.7, 0.6, 0.5, 0.4], [0.0, 0.3, 0.8, 0.9]]
  })");
  for (const std::string solver : {"exact", "greedy", "vlsn"}) {
    const auto r = test::run_cli("wta " + path.string() + " --solver " + solver);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json out = json::parse(r.out);
    int rounds[2] = {0, 0}, channels[2] = {0, 0}, shots[4] = {0, 0, 0, 0};
    for (const json& s : out.at("assignment")) {
      const int w = s.at("weapon"), t = s.at("target"), k = s.at("shots");
      rounds[w] += k;
      ++channels[w];
      shots[t] += k;
      EXPECT_FALSE(w == 1 && t == 0) << "p = 0 pair used";
      EXPECT_EQ(s.at("weapon_id"), w == 0 ? "1" : "2");  // numeric ids as their text
    }
    EXPECT_LE(rounds[0], 6);
    EXPECT_LE(rounds[1], 3);
    EXPECT_LE(channels[0], 2);
    EXPECT_LE(shots[0], 2);
    EXPECT_LE(shots[2], 1);
  }
}

struct BadCase {
  const char* name;
  const char* text;
  const char* expect;  // must appear in stderr
};

// One case per kind of bad input the format forbids.
const BadCase kBad[] = {
    {"truncated", R"({"weapons": [{"id": "A", "count": 1}], "targets": [)",
     "malformed JSON at line 1"},
    {"nan_literal",
     "{\"weapons\": [{\"id\": \"A\", \"count\": 1}],\n \"targets\": [{\"id\": \"T\", \"value\": "
     "NaN}], \"pk\": [[0.5]]}",
     "malformed JSON at line 2"},
    {"nan_string",
     R"({"weapons": [{"id": "A", "count": 1}], "targets": [{"id": "T", "value": 1}], "pk": [["NaN"]]})",
     "field 'pk[0][0]': expected a number, got string"},
    {"p_above_one",
     R"({"weapons": [{"id": "A", "count": 1}, {"id": "B", "count": 1}], "targets": [{"id": "T", "value": 1}, {"id": "U", "value": 1}], "pk": [[0.5, 0.5], [0.5, 1.5]]})",
     "field 'pk[1][1]': kill probability 1.5 outside [0, 1]"},
    {"p_negative",
     R"({"weapons": [{"id": "A", "count": 1}], "targets": [{"id": "T", "value": 1}], "pk": [[-0.1]]})",
     "field 'pk[0][0]': kill probability -0.1 outside [0, 1]"},
    {"ragged",
     R"({"weapons": [{"id": "A", "count": 1}, {"id": "B", "count": 1}], "targets": [{"id": "T", "value": 1}, {"id": "U", "value": 1}], "pk": [[0.5, 0.5], [0.5]]})",
     "field 'pk[1]': has 1 entries; expected one per target (2)"},
    {"rows",
     R"({"weapons": [{"id": "A", "count": 1}, {"id": "B", "count": 1}], "targets": [{"id": "T", "value": 1}], "pk": [[0.5]]})",
     "field 'pk': has 1 rows; expected one per weapon (2)"},
    {"negative_value",
     R"({"weapons": [{"id": "A", "count": 1}], "targets": [{"id": "T", "value": -3}], "pk": [[0.5]]})",
     "field 'targets[0].value': must be >= 0"},
    {"negative_count",
     R"({"weapons": [{"id": "A", "count": 1}, {"id": "B", "count": -2}], "targets": [{"id": "T", "value": 1}], "pk": [[0.5], [0.5]]})",
     "field 'weapons[1].count': must be >= 0"},
    {"fractional_count",
     R"({"weapons": [{"id": "A", "count": 2.5}], "targets": [{"id": "T", "value": 1}], "pk": [[0.5]]})",
     "field 'weapons[0].count': expected a non-negative integer, got 2.5"},
    {"huge_count",
     R"({"weapons": [{"id": "A", "count": 1000000000}], "targets": [{"id": "T", "value": 1}], "pk": [[0.5]]})",
     "field 'weapons[0].count': must be at most"},
    {"negative_channels",
     R"({"weapons": [{"id": "A", "count": 1, "channels": -1}], "targets": [{"id": "T", "value": 1}], "pk": [[0.5]]})",
     "field 'weapons[0].channels': must be >= 0"},
    {"bad_max_shots",
     R"({"weapons": [{"id": "A", "count": 1}], "targets": [{"id": "T", "value": 1, "max_shots": "two"}], "pk": [[0.5]]})",
     "field 'targets[0].max_shots': expected a non-negative integer, got string"},
    {"weapons_not_array",
     R"({"weapons": {"id": "A"}, "targets": [{"id": "T", "value": 1}], "pk": [[0.5]]})",
     "field 'weapons': expected an array, got object"},
    {"missing_value",
     R"({"weapons": [{"id": "A", "count": 1}], "targets": [{"id": "T"}], "pk": [[0.5]]})",
     "field 'targets[0].value': missing required field"},
    {"missing_pk",
     R"({"weapons": [{"id": "A", "count": 1}], "targets": [{"id": "T", "value": 1}]})",
     "field 'pk': missing required field"},
    {"unknown_field",
     R"({"weapons": [{"id": "A", "count": 1}], "targets": [{"id": "T", "vaule": 1}], "pk": [[0.5]]})",
     "field 'targets[0].vaule': unknown field"},
    {"duplicate_id",
     R"({"weapons": [{"id": "A", "count": 1}], "targets": [{"id": "T", "value": 1}, {"id": "T", "value": 2}], "pk": [[0.5, 0.5]]})",
     "field 'targets[1].id': duplicate target id 'T'"},
    {"bad_id",
     R"({"weapons": [{"id": true, "count": 1}], "targets": [{"id": "T", "value": 1}], "pk": [[0.5]]})",
     "field 'weapons[0].id': expected a string or an integer, got boolean"},
    {"empty_targets", R"({"weapons": [{"id": "A", "count": 1}], "targets": [], "pk": [[]]})",
     "field 'targets': must list at least one target"},
    {"not_object", R"([1, 2, 3])", "expected an object, got array"},
    {"entry_not_object", R"({"weapons": [3], "targets": [{"id": "T", "value": 1}], "pk": [[0.5]]})",
     "field 'weapons[0]': expected an object, got number"},
};

TEST(CliWta, EveryBadInputIsAClearError) {
  for (const BadCase& c : kBad) {
    SCOPED_TRACE(c.name);
    const auto path = write_file(std::string(c.name) + ".json", c.text);
    const auto r = test::run_cli("wta " + path.string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find(path.string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
  }
}

TEST(CliWta, BadCommandLine) {
  const auto path = write_file("small_cmd.json", kSmall);
  auto r = test::run_cli("wta " + path.string() + " --solver simplex");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--solver"), std::string::npos) << r.err;
  r = test::run_cli("wta " + path.string() + " --time-limit -1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--time-limit"), std::string::npos) << r.err;
  r = test::run_cli("wta " + (path.parent_path() / "no_such_file.json").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no_such_file.json: cannot open file"), std::string::npos) << r.err;
  r = test::run_cli("wta");
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
}  // namespace bulwark
