// `bulwark validate SCENARIO [--sensors-only]`: parses and validates a
// scenario (docs/formats.md "Scenario (YAML)") and prints a one-line summary;
// any problem is an InputError (file, line, field) -> exit code 2.
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "io/scenario.hpp"

namespace bulwark::cli {

void add_validate(CLI::App& app) {
  auto* cmd = app.add_subcommand("validate", "Check a scenario file and say what is wrong");
  auto path = std::make_shared<std::string>();
  auto sensors_only = std::make_shared<bool>(false);
  cmd->add_option("SCENARIO", *path, "scenario YAML file")->required();
  cmd->add_flag("--sensors-only", *sensors_only,
                "only require a sensor list (what `bulwark track` reads)");
  cmd->callback([path, sensors_only] {
    const io::Scenario s = io::load_scenario(
        *path, *sensors_only ? io::ScenarioParts::sensors_only : io::ScenarioParts::full);
    int radars = 0;
    for (const auto& sensor : s.sensors) radars += sensor.type == sensors::SensorType::radar;
    std::printf(
        "OK: %zu threats (%zu raids), %zu sensors (%d radars, %d ew-satellites), %zu assets, "
        "%zu batteries, %zu nations\n",
        s.threats.size(), s.raids.size(), s.sensors.size(), radars,
        static_cast<int>(s.sensors.size()) - radars, s.assets.size(), s.batteries.size(),
        s.nations.size());
  });
}

}  // namespace bulwark::cli
