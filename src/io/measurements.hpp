// Measurement CSV and truth CSV (`bulwark sense`, read by `bulwark track` and
// `bulwark track-eval`); docs/formats.md "Measurements and truth CSV".
//
// Measurements: one row per detection,
//   t_s,sensor_id,range_m,az_rad,el_rad,range_rate_mps,sigma_range_m,sigma_az_rad,
//   sigma_el_rad,sigma_range_rate_mps,snr_db,truth_id
// Azimuth from north clockwise, elevation above the local WGS84 ellipsoid
// horizon at the sensor, t_s in seconds after the scenario epoch. Angles-only
// rows (early-warning satellites) leave range_m, range_rate_mps, their sigmas
// and snr_db empty. truth_id is empty for false alarms and is never read by C2.
//
// Truth: t_s,truth_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps (ECEF), one row per
// measurement time of each target.
//
// Reading policy (the same for both files):
// * Columns are found by name (any order, extra columns ignored); a missing
//   column, a non-numeric or non-finite number, or a wrong cell count is an
//   InputError naming the file, the line and the column.
// * ROWS OUT OF TIME ORDER ARE REJECTED: a row whose t_s is smaller than the
//   previous row's is an InputError naming its line (equal times are fine and
//   keep file order). Silently reordering would hide bugs in the producer.
// * sensor_id must name a sensor of the scenario (InputError otherwise). A
//   row of a radar must carry range_m, range_rate_mps and both their sigmas;
//   a row of an ew-satellite must leave all four empty.
// * az_rad must lie in [-pi, 2pi] and is normalised to [0, 2pi); el_rad in
//   [-pi/2, pi/2]; range_m >= 0; every sigma > 0.
// * truth_id: any string; rows with the same id refer to the same target.
//   Measurement::truth is the index of the id in MeasurementSet::truth_ids
//   (first appearance order), -1 when empty.
#pragma once

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "geo/frames.hpp"
#include "sensors/measurement.hpp"
#include "sensors/sensor.hpp"

namespace bulwark::io {

struct MeasurementSet {
  std::vector<sensors::Measurement> measurements;  // file order (= time order)
  std::vector<std::string> truth_ids;              // Measurement::truth indexes this
};

struct TruthRecord {
  double t_s = 0.0;
  std::string truth_id;
  geo::Vec3 r_ecef = geo::Vec3::Zero();
  geo::Vec3 v_ecef = geo::Vec3::Zero();
};

// Writes the measurements; Measurement::sensor indexes `sensors` and
// Measurement::truth indexes `truth_ids` (-1: empty cell). Numbers are
// written with 17 significant digits so a file reads back bit-exact.
void write_measurements(std::ostream& out, const std::vector<sensors::Measurement>& rows,
                        const std::vector<sensors::SensorConfig>& sensors,
                        const std::vector<std::string>& truth_ids);
// Throws InputError when the file cannot be written.
void write_measurements(const std::string& path, const std::vector<sensors::Measurement>& rows,
                        const std::vector<sensors::SensorConfig>& sensors,
                        const std::vector<std::string>& truth_ids);

MeasurementSet read_measurements(std::istream& in, const std::string& name,
                                 const std::vector<sensors::SensorConfig>& sensors);
MeasurementSet read_measurements(const std::string& path,
                                 const std::vector<sensors::SensorConfig>& sensors);

void write_truth(std::ostream& out, const std::vector<TruthRecord>& rows);
void write_truth(const std::string& path, const std::vector<TruthRecord>& rows);
std::vector<TruthRecord> read_truth(std::istream& in, const std::string& name);
std::vector<TruthRecord> read_truth(const std::string& path);

}  // namespace bulwark::io
