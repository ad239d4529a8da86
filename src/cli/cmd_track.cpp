// `bulwark track SCENARIO --measurements meas.csv --out tracks.csv
//  [--filter ekf|ukf|imm|pf] [--association gnn|jpda]`: runs the
// multi-sensor multi-target tracker (tracking/tracker.hpp) over a
// measurement file and writes one row per track update (docs/formats.md
// "Tracks CSV"). Only the scenario's sensor list is read; the measurement
// file may come from any producer (rows must be in time order: see
// io/measurements.hpp). Prints a one-object JSON summary on stdout.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "common/error.hpp"
#include "io/measurements.hpp"
#include "io/scenario.hpp"
#include "io/tracks.hpp"
#include "sensors/pose.hpp"
#include "tracking/filters.hpp"
#include "tracking/tracker.hpp"

namespace bulwark::cli {
namespace {

struct TrackArgs {
  std::string scenario;
  std::string measurements;
  std::string out = "tracks.csv";
  std::string filter = "imm";  // holds tracks through boost (docs/models.md, Tracking)
  std::string association = "gnn";
};

tracking::AssociationKind parse_association(const std::string& text) {
  if (text == "gnn") return tracking::AssociationKind::gnn;
  if (text == "jpda") return tracking::AssociationKind::jpda;
  throw InputError({"<command line>", 0, "--association"},
                   "unknown association '" + text + "' (expected gnn or jpda)");
}

void run_track(const TrackArgs& args) {
  const io::Scenario scenario = io::load_scenario(args.scenario, io::ScenarioParts::sensors_only);
  const tracking::FilterKind kind = tracking::parse_filter_kind(args.filter, "--filter");
  tracking::TrackerConfig config;
  config.association = parse_association(args.association);
  config.initiator.filter = kind;
  config.initiator.filter_options.pf.seed = scenario.seed;
  const io::MeasurementSet set = io::read_measurements(args.measurements, scenario.sensors);

  const double era0 = sensors::epoch_rotation_angle(scenario.epoch_utc);
  tracking::Tracker tracker =
      tracking::make_tracker(config, tracking::SensorSites(scenario.sensors, era0));
  std::vector<tracking::TrackReport> reports;
  tracker.process(set.measurements, reports);
  io::write_tracks(args.out, reports);

  const tracking::TrackerStats& st = tracker.stats();
  const nlohmann::ordered_json summary = {{"filter", tracking::to_string(kind)},
                                          {"association", tracking::to_string(config.association)},
                                          {"measurements", st.measurements},
                                          {"scans", st.scans},
                                          {"tracks_confirmed", st.tracks_confirmed},
                                          {"tracks_deleted", st.tracks_deleted},
                                          {"tracks_at_end", tracker.tracks().size()},
                                          {"track_updates", st.updates},
                                          {"rows_written", reports.size()},
                                          {"out", args.out}};
  std::printf("%s\n", summary.dump(2).c_str());
}

}  // namespace

void add_track(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "track", "Track the targets in a measurement file (multi-sensor, multi-target)");
  auto args = std::make_shared<TrackArgs>();
  cmd->add_option("SCENARIO", args->scenario, "scenario YAML (only its sensors are read)")
      ->required();
  cmd->add_option("--measurements", args->measurements, "measurement CSV to read")->required();
  cmd->add_option("--out", args->out, "tracks CSV to write")->capture_default_str();
  cmd->add_option("--filter", args->filter, "estimator: ekf, ukf, imm or pf")
      ->capture_default_str();
  cmd->add_option("--association", args->association, "data association: gnn or jpda")
      ->capture_default_str();
  cmd->callback([args] { run_track(*args); });
}

}  // namespace bulwark::cli
