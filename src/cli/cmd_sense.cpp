// `bulwark sense SCENARIO --out meas.csv --truth truth.csv`: flies every
// threat of the scenario to its aim point (physics::fly_to_aim, full Earth
// model) and writes what the scenario's sensors see (sensors::sense) and the
// truth at every measurement time (docs/formats.md "Measurements and truth CSV").
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "io/measurements.hpp"
#include "io/scenario.hpp"
#include "physics/flight.hpp"
#include "sensors/pose.hpp"
#include "sensors/sense.hpp"

namespace bulwark::cli {
namespace {

struct SenseArgs {
  std::string scenario;
  std::string out = "measurements.csv";
  std::string truth = "truth.csv";
  std::uint64_t replication = 0;
  double end_s = -1.0;
};

void run_sense(const SenseArgs& args) {
  const io::Scenario s = io::load_scenario(args.scenario);
  std::vector<physics::Trajectory> trajectories;
  trajectories.reserve(s.threats.size());
  std::vector<sensors::TruthObject> objects;
  std::vector<std::string> ids;
  for (const io::ThreatSpec& t : s.threats) {
    const physics::ThreatClass* cls = s.catalog.find_threat(t.threat_class);
    trajectories.push_back(physics::fly_to_aim(*cls, t.launch, physics::EarthModel{}).trajectory);
    ids.push_back(t.id);
  }
  for (std::size_t i = 0; i < trajectories.size(); ++i)
    objects.push_back({&trajectories[i], s.catalog.find_threat(s.threats[i].threat_class)});

  sensors::SenseOptions options;
  options.seed = s.seed;
  options.replication = args.replication;
  options.era0_rad = sensors::epoch_rotation_angle(s.epoch_utc);
  options.t_end_s = args.end_s >= 0.0 ? args.end_s : (s.end_time_s > 0.0 ? s.end_time_s : -1.0);
  const sensors::SenseResult result = sensors::sense(s.sensors, objects, options);

  std::vector<io::TruthRecord> truth;
  truth.reserve(result.truth.size());
  for (const sensors::TruthSample& sample : result.truth)
    truth.push_back(
        {sample.t_s, ids[static_cast<std::size_t>(sample.truth)], sample.r_ecef, sample.v_ecef});
  io::write_measurements(args.out, result.measurements, s.sensors, ids);
  io::write_truth(args.truth, truth);

  std::size_t false_alarms = 0;
  for (const auto& m : result.measurements) false_alarms += m.truth < 0;
  std::printf(
      "%zu measurements (%zu false alarms) from %zu sensors in %d looks of %zu threats -> %s\n"
      "%zu truth rows -> %s\n",
      result.measurements.size(), false_alarms, s.sensors.size(), result.dwells, s.threats.size(),
      args.out.c_str(), truth.size(), args.truth.c_str());
}

}  // namespace

void add_sense(CLI::App& app) {
  auto* cmd = app.add_subcommand("sense", "Write the measurements the scenario's sensors produce");
  auto args = std::make_shared<SenseArgs>();
  cmd->add_option("SCENARIO", args->scenario, "scenario YAML file")->required();
  cmd->add_option("--out", args->out, "measurement CSV to write")->capture_default_str();
  cmd->add_option("--truth", args->truth, "truth CSV to write")->capture_default_str();
  cmd->add_option("--replication", args->replication,
                  "replication number (selects the random streams with the scenario seed)")
      ->capture_default_str();
  cmd->add_option("--end", args->end_s,
                  "last look time, s after the epoch (default: end_time_s, else last impact)");
  cmd->callback([args] { run_sense(*args); });
}

}  // namespace bulwark::cli
