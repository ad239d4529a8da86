// Everything the sensors see over a time span, from truth trajectories:
// what `bulwark sense` writes. Each sensor looks at t = j * revisit_s
// (j integer, t in [t_begin_s, t_end_s]); looks are processed in order of
// (time, sensor index), each sensor drawing from its own stream
// make_stream(seed, replication, sensor_stream_key(sensor)), so adding a
// sensor does not change what the others see.
#pragma once

#include <cstdint>
#include <vector>

#include "geo/frames.hpp"
#include "physics/flight.hpp"
#include "physics/vehicle.hpp"
#include "sensors/measurement.hpp"
#include "sensors/sensor.hpp"

namespace bulwark::sensors {

// One flying object; its index in the list is Measurement::truth. It exists
// from the trajectory's first state (launch) until its last (impact), exclusive.
struct TruthObject {
  const physics::Trajectory* trajectory = nullptr;
  const physics::ThreatClass* threat_class = nullptr;  // RCS per phase
};

struct SenseOptions {
  double t_begin_s = 0.0;
  double t_end_s = -1.0;  // < 0: until the last object has landed
  std::uint64_t seed = 1;
  std::uint64_t replication = 0;
  double era0_rad = 0.0;  // Earth rotation angle at the epoch (epoch_rotation_angle)
};

// The true state of an object at a time it was measured.
struct TruthSample {
  double t_s = 0.0;
  std::int32_t truth = 0;
  geo::Vec3 r_ecef = geo::Vec3::Zero();
  geo::Vec3 v_ecef = geo::Vec3::Zero();
};

struct SenseResult {
  std::vector<Measurement> measurements;  // time order; ties by sensor index, then dwell order
  std::vector<TruthSample> truth;         // one per (time, object) measured, time order
  int dwells = 0;                         // looks made by all sensors
};

SenseResult sense(const std::vector<SensorConfig>& sensors, const std::vector<TruthObject>& objects,
                  const SenseOptions& options);

}  // namespace bulwark::sensors
