// The plain messages between the two sides of a simulation (DESIGN.md, issue 7):
//
//   world  --SensorDwellMsg, BatteryStatusMsg, (TruthPictureMsg)-->  command and control
//   world  <--FireOrderMsg--------------------------------------------  command and control
//
// Command and control (C2) sees only measurements and battery status and
// answers with fire orders; it never reads truth. The one exception is the
// analyst's `--perfect-information` switch, where the world hands C2 the
// true picture (TruthPictureMsg) instead of measurements. The simulation
// passes these by value in one process; the federation will carry the same
// structs over DDS, so they hold only numbers and stable indices (into the
// scenario's sensor, battery and threat lists), never pointers.
#pragma once

#include <cstdint>
#include <vector>

#include "geo/frames.hpp"
#include "sensors/measurement.hpp"
#include "tracking/estimator.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::sim {

// Everything one sensor saw in one dwell (look), with where it looked from.
struct SensorDwellMsg {
  double t_s = 0.0;
  std::uint32_t sensor = 0;                      // index into Scenario::sensors
  tracking::SensorSite site;                     // sensor position and ENU rotation at t_s
  std::vector<sensors::Measurement> detections;  // Measurement::truth is never read by C2
};

struct BatteryStatusMsg {
  std::uint32_t battery = 0;  // index into Scenario::batteries
  int rounds_left = 0;
  int free_channels = 0;
};

// Perfect information only: the true state of every threat in flight, with
// its index as track id (track_id = threat index + 1).
struct TruthPictureMsg {
  double t_s = 0.0;
  std::vector<tracking::TrackReport> tracks;
};

// C2 -> world: fire `shots` interceptors from `battery` at `track_id`,
// launching at launch_time_s toward the predicted intercept point.
struct FireOrderMsg {
  std::uint32_t battery = 0;
  std::uint32_t track_id = 0;
  int shots = 1;
  double order_time_s = 0.0;
  double launch_time_s = 0.0;
  double intercept_time_s = 0.0;
  geo::Vec3 intercept_point_ecef = geo::Vec3::Zero();
  double pk = 0.0;  // the shot's single-shot kill probability as planned
};

}  // namespace bulwark::sim
