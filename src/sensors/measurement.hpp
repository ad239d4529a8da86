// One detection from one sensor: the plain record that flows from sensors to
// tracking (and, in the federation, over the network to the owning nation's
// node). Polar measurements in the sensor's local ENU frame: azimuth from
// north clockwise, elevation above the local ellipsoid horizon.
#pragma once

#include <cstdint>
#include <limits>

namespace bulwark::sensors {

enum class MeasurementKind : std::uint8_t {
  radar,        // range, azimuth, elevation, range-rate
  angles_only,  // azimuth, elevation (space early warning); range fields NaN
};

struct Measurement {
  static constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();
  double t_s = 0.0;          // seconds after the scenario epoch
  std::uint32_t sensor = 0;  // index into the scenario's sensor list
  MeasurementKind kind = MeasurementKind::radar;
  double range_m = kAbsent;
  double az_rad = 0.0;
  double el_rad = 0.0;
  double range_rate_mps = kAbsent;
  double sigma_range_m = kAbsent;  // standard deviations the tracker must use
  double sigma_az_rad = 0.0;
  double sigma_el_rad = 0.0;
  double sigma_range_rate_mps = kAbsent;
  double snr_db = 0.0;      // mean SNR of the detection; kAbsent (NaN) for angles-only
  std::int32_t truth = -1;  // index of the true object, -1 for a false alarm; never read by C2
};

}  // namespace bulwark::sensors
