// Sensor definitions: ground/sea radars and space early-warning satellites.
// Plain data from the scenario (io/scenario validates ranges); the models
// that use them are in radar.hpp and early_warning.hpp, their positions in
// pose.hpp, one look of any sensor in dwell.hpp and a whole time span in
// sense.hpp. Defaults are notional and documented in docs/formats.md.
#pragma once

#include <string>

#include "geo/frames.hpp"

namespace bulwark::sensors {

enum class SensorType { radar, ew_satellite };

struct RadarParams {
  double boresight_az_rad = 0.0;                 // centre of the azimuth sector
  double az_half_width_rad = 3.141592653589793;  // pi: full circle
  double min_el_rad = 0.0;                       // elevation limits of the face
  double max_el_rad = 1.5707963267948966;
  double revisit_s = 2.0;          // scan (revisit) period
  double max_range_m = 3.0e6;      // instrumented range
  double ref_range_1m2_m = 1.0e6;  // range at which a 1 m^2 target gives ref_snr_db
  double ref_snr_db = 13.0;
  double pfa = 1.0e-6;                 // false-alarm probability per resolution cell
  double false_alarms_per_scan = 0.0;  // mean number, Poisson, uniform in the volume
  double sigma_range_m = 15.0;         // range noise (independent of SNR)
  double beamwidth_rad = 0.02;         // angle sigma = beamwidth / (k sqrt(2 SNR)) (docs/models.md)
  double sigma_range_rate_mps = 1.0;
  double monopulse_slope = 1.6;                    // k_m in the angle-sigma formula (Barton 1988)
  double false_alarm_max_range_rate_mps = 3000.0;  // false alarms: range-rate uniform in +-this
};

struct EwSatelliteParams {
  enum class Orbit { geostationary, low_earth } orbit = Orbit::geostationary;
  double sub_lon_rad = 0.0;        // geostationary: longitude of the sub-satellite point
  double altitude_m = 35786000.0;  // geostationary altitude; LEO: circular orbit altitude
  double inclination_rad = 0.0;    // LEO only
  double raan_rad = 0.0;           // LEO only, at the epoch
  double arg_latitude_rad = 0.0;   // LEO only, at the epoch
  double revisit_s = 10.0;
  double sigma_angle_rad = 5.0e-5;  // line-of-sight noise
  double pd = 0.95;                 // probability of detecting a burning motor per look
};

struct SensorConfig {
  std::string id;
  std::string nation;
  SensorType type = SensorType::radar;
  geo::Geodetic site;  // radars: the antenna; satellites: ignored
  RadarParams radar;
  EwSatelliteParams ew;
};

}  // namespace bulwark::sensors
