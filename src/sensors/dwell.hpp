// One look of any sensor: the per-dwell API the simulation calls from its
// event loop (the world side). Dispatches to radar_dwell or ew_dwell.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/random.hpp"
#include "sensors/measurement.hpp"
#include "sensors/pose.hpp"
#include "sensors/sensor.hpp"
#include "sensors/target.hpp"

namespace bulwark::sensors {

// Seconds between two looks of the sensor (radar revisit or satellite revisit).
double revisit_period_s(const SensorConfig& sensor);

// Entity key of the sensor's random stream: stable_hash(sensor id). Use
// make_stream(seed, replication, sensor_stream_key(sensor)) and keep the
// stream for all of that sensor's dwells of one replication.
std::uint64_t sensor_stream_key(const SensorConfig& sensor);

// Appends to `out` what the sensor detects at t_s among `targets` (objects
// in flight at t_s), including false alarms. `pose` is sensor_pose(sensor,
// t_s, era0) (constant for radars: compute it once). The measurements carry
// sensor = sensor_index and t_s.
void dwell(const SensorConfig& sensor, std::uint32_t sensor_index, const SensorPose& pose,
           double t_s, std::span<const TargetSnapshot> targets, Rng& rng,
           std::vector<Measurement>& out);

}  // namespace bulwark::sensors
