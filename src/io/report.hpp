// The files a simulation writes (docs/formats.md, "Run report, events CSV,
// CZML (`bulwark run`) and Monte Carlo JSON (`bulwark mc`)"): plain report
// structs, filled by the simulation (sim/reporting.hpp), and their writers.
// io sits below sim in the module chain, so these structs are the file
// model, not the engine's records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geo/frames.hpp"

namespace bulwark::io {

// ---- report.json (one replication) ----

// Leakers never engaged though a battery had a window, by why C2 did not
// engage them (sim::RunResult::unengaged_reasons); empty when unknown.
using ReasonCounts = std::vector<std::pair<std::string, int>>;
// " (outbid 2, untracked 1)": the non-zero counts, or "" when none.
std::string reason_counts_text(const ReasonCounts& counts);

struct EngagementReport {
  std::string battery;
  std::string nation;
  int shots = 0;
  double order_s = 0.0;
  double launch_s = 0.0;
  double intercept_s = 0.0;
  bool kill = false;
};

struct ThreatReport {
  std::string id;
  std::string threat_class;
  double launch_s = 0.0;
  double planned_impact_s = 0.0;
  geo::Geodetic planned_impact;
  std::optional<double> detected_s;     // first detection by any sensor
  std::optional<double> first_track_s;  // first C2 track on it
  std::vector<EngagementReport> engagements;
  int shots = 0;
  std::string outcome;  // "killed", "leaked", "in flight" (run ended), "not launched"
  double end_s = 0.0;   // kill or impact time
  std::vector<std::string> assets_hit;
};

struct AssetReport {
  std::string id;
  std::string nation;
  std::string kind;
  double value = 0.0;
  bool hit = false;
  std::vector<std::string> hit_by;
};

struct NationReport {
  std::string id;
  int interceptors_fired = 0;
  int rounds_left = 0;
};

struct RunReport {
  std::string scenario;
  std::string source;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  bool perfect_information = false;
  std::string architecture = "centralised";  // or "federated" (issue 7)
  double end_s = 0.0;
  std::vector<ThreatReport> threats;
  std::vector<AssetReport> assets;
  std::vector<NationReport> nations;
  int threats_total = 0;
  int killed = 0;
  int leakers = 0;
  int interceptors_fired = 0;
  double value_destroyed = 0.0;
  double value_defended = 0.0;  // total value of all assets
  int double_engagements = 0;   // see sim::RunResult
  int split_track_engagements = 0;
  int unengaged_with_window = 0;
  ReasonCounts unengaged_reasons;
};

std::string run_report_json(const RunReport& report);  // pretty-printed JSON text
// A readable multi-line summary for the terminal (per threat, asset, nation, totals).
std::string run_report_text(const RunReport& report);

// ---- events.csv ----

struct EventRow {
  double t_s = 0.0;
  std::string type;
  std::string subject;
  std::string detail;
};
// Header t_s,event,subject,detail; fields with commas or quotes are quoted (RFC 4180).
std::string events_csv(const std::vector<EventRow>& events);

// ---- CZML (Cesium) ----

struct CzmlPath {
  std::string id;
  std::string kind;  // "threat" or "interceptor"
  std::string description;
  std::vector<std::pair<double, geo::Vec3>> samples;  // (t_s after epoch, ECEF m), time-ordered
};

struct CzmlPlace {
  std::string id;
  std::string kind;  // "radar", "asset", "battery", "intercept", "impact"
  std::string description;
  geo::Geodetic position;
  std::optional<double> from_s;  // shown from this time on (intercepts, impacts)
};

// A CZML document (https://github.com/AnalyticalGraphicsInc/czml-writer/wiki/CZML-Guide):
// a clock over [0, end_s] after the ISO-8601 epoch; paths as sampled
// positions in the Earth-fixed frame; places as points with labels.
std::string czml(const std::string& name, const std::string& epoch_utc, double end_s,
                 const std::vector<CzmlPath>& paths, const std::vector<CzmlPlace>& places);

// ISO-8601 UTC text of epoch + seconds (whole milliseconds).
std::string iso8601_plus(const std::string& epoch_utc, double seconds);

// ---- Monte Carlo JSON ----

struct Interval {
  double mean = 0.0;
  double lo = 0.0;
  double hi = 0.0;
};

struct McReport {
  std::string scenario;
  std::string source;
  std::uint64_t seed = 0;
  int runs = 0;
  bool perfect_information = false;
  Interval leakers;
  Interval p_zero_leakers;  // Wilson
  Interval killed;
  Interval value_destroyed;
  Interval interceptors_fired;
  std::string architecture = "centralised";
  int double_engagements = 0;  // summed over the replications
  int split_track_engagements = 0;
  int unengaged_with_window = 0;
  ReasonCounts unengaged_reasons;
  struct Asset {
    std::string id;
    double value = 0.0;
    Interval value_destroyed;
    Interval p_destroyed;  // Wilson
  };
  std::vector<Asset> assets;
  struct Nation {
    std::string id;
    Interval interceptors_fired;
  };
  std::vector<Nation> nations;
};

// Deterministic text: no wall-clock time or thread count, so the same
// campaign gives the same bytes on any number of threads.
std::string mc_report_json(const McReport& report);

// Writes text to a file, creating parent directories; throws
// std::runtime_error naming the path when it cannot.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace bulwark::io
