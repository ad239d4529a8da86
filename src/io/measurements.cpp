#include "io/measurements.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <unordered_map>

#include "common/error.hpp"
#include "io/csv.hpp"

namespace bulwark::io {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// A number with 17 significant digits (round-trips a double); NaN: empty cell.
void put(std::ostream& out, double v) {
  if (std::isnan(v)) return;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  out << buf;
}

std::ofstream open_out(const std::string& path) {
  std::ofstream out(path);
  if (!out) throw InputError({path, 0, ""}, "cannot write file");
  return out;
}

void check_written(std::ofstream& out, const std::string& path) {
  out.flush();
  if (!out) throw InputError({path, 0, ""}, "error while writing file");
}

// Enforces the time-order policy of the header.
void check_order(const CsvReader& csv, int t_col, double t, double& previous) {
  if (t < previous)
    csv.fail(t_col, "row out of time order (t_s " + std::to_string(t) + " after " +
                        std::to_string(previous) +
                        "); measurement and truth files must be sorted by time");
  previous = t;
}

}  // namespace

void write_measurements(std::ostream& out, const std::vector<sensors::Measurement>& rows,
                        const std::vector<sensors::SensorConfig>& sensors,
                        const std::vector<std::string>& truth_ids) {
  out << "t_s,sensor_id,range_m,az_rad,el_rad,range_rate_mps,sigma_range_m,sigma_az_rad,"
         "sigma_el_rad,sigma_range_rate_mps,snr_db,truth_id\n";
  for (const sensors::Measurement& m : rows) {
    const bool radar = m.kind == sensors::MeasurementKind::radar;
    const double absent = sensors::Measurement::kAbsent;
    put(out, m.t_s);
    out << ',' << sensors.at(m.sensor).id << ',';
    put(out, radar ? m.range_m : absent);
    out << ',';
    put(out, m.az_rad);
    out << ',';
    put(out, m.el_rad);
    out << ',';
    put(out, radar ? m.range_rate_mps : absent);
    out << ',';
    put(out, radar ? m.sigma_range_m : absent);
    out << ',';
    put(out, m.sigma_az_rad);
    out << ',';
    put(out, m.sigma_el_rad);
    out << ',';
    put(out, radar ? m.sigma_range_rate_mps : absent);
    out << ',';
    put(out, radar ? m.snr_db : absent);
    out << ',';
    if (m.truth >= 0) out << truth_ids.at(static_cast<std::size_t>(m.truth));
    out << '\n';
  }
}

void write_measurements(const std::string& path, const std::vector<sensors::Measurement>& rows,
                        const std::vector<sensors::SensorConfig>& sensors,
                        const std::vector<std::string>& truth_ids) {
  std::ofstream out = open_out(path);
  write_measurements(out, rows, sensors, truth_ids);
  check_written(out, path);
}

MeasurementSet read_measurements(std::istream& in, const std::string& name,
                                 const std::vector<sensors::SensorConfig>& sensors) {
  CsvReader csv(in, name);
  const int c_t = csv.column("t_s"), c_sensor = csv.column("sensor_id");
  const int c_range = csv.column("range_m"), c_az = csv.column("az_rad");
  const int c_el = csv.column("el_rad"), c_rr = csv.column("range_rate_mps");
  const int c_srange = csv.column("sigma_range_m"), c_saz = csv.column("sigma_az_rad");
  const int c_sel = csv.column("sigma_el_rad"), c_srr = csv.column("sigma_range_rate_mps");
  const int c_snr = csv.column("snr_db"), c_truth = csv.column("truth_id");

  std::unordered_map<std::string, std::uint32_t> sensor_index;
  for (std::size_t i = 0; i < sensors.size(); ++i)
    sensor_index.emplace(sensors[i].id, static_cast<std::uint32_t>(i));
  std::unordered_map<std::string, std::int32_t> truth_index;

  MeasurementSet set;
  double previous = -INFINITY;
  while (csv.next()) {
    sensors::Measurement m;
    m.t_s = csv.number(c_t);
    check_order(csv, c_t, m.t_s, previous);

    const std::string sensor_id(csv.text(c_sensor));
    const auto s = sensor_index.find(sensor_id);
    if (s == sensor_index.end())
      csv.fail(c_sensor, "unknown sensor id '" + sensor_id + "' (not in the scenario)");
    m.sensor = s->second;
    const bool radar = sensors[s->second].type == sensors::SensorType::radar;
    m.kind = radar ? sensors::MeasurementKind::radar : sensors::MeasurementKind::angles_only;

    m.az_rad = csv.number(c_az);
    if (m.az_rad < -std::numbers::pi || m.az_rad > kTwoPi)
      csv.fail(c_az, "azimuth out of range [-pi, 2 pi]");
    if (m.az_rad < 0.0) m.az_rad += kTwoPi;
    if (m.az_rad >= kTwoPi) m.az_rad -= kTwoPi;
    m.el_rad = csv.number(c_el);
    if (std::abs(m.el_rad) > std::numbers::pi / 2)
      csv.fail(c_el, "elevation out of range [-pi/2, pi/2]");
    m.sigma_az_rad = csv.number(c_saz);
    if (!(m.sigma_az_rad > 0.0)) csv.fail(c_saz, "sigma must be > 0");
    m.sigma_el_rad = csv.number(c_sel);
    if (!(m.sigma_el_rad > 0.0)) csv.fail(c_sel, "sigma must be > 0");

    const int range_cols[] = {c_range, c_rr, c_srange, c_srr};
    for (int col : range_cols) {
      const bool present = !csv.text(col).empty();
      if (radar && !present)
        csv.fail(col, "empty cell: sensor '" + sensor_id +
                          "' is a radar (range, range-rate and their sigmas required)");
      if (!radar && present)
        csv.fail(col, "sensor '" + sensor_id +
                          "' is angles-only: range, range-rate and their sigmas must be empty");
    }
    if (radar) {
      m.range_m = csv.number(c_range);
      if (m.range_m < 0.0) csv.fail(c_range, "range must be >= 0");
      m.range_rate_mps = csv.number(c_rr);
      m.sigma_range_m = csv.number(c_srange);
      if (!(m.sigma_range_m > 0.0)) csv.fail(c_srange, "sigma must be > 0");
      m.sigma_range_rate_mps = csv.number(c_srr);
      if (!(m.sigma_range_rate_mps > 0.0)) csv.fail(c_srr, "sigma must be > 0");
    }
    m.snr_db = csv.optional_number(c_snr).value_or(sensors::Measurement::kAbsent);

    const std::string truth(csv.text(c_truth));
    if (!truth.empty()) {
      const auto [it, added] =
          truth_index.emplace(truth, static_cast<std::int32_t>(set.truth_ids.size()));
      if (added) set.truth_ids.push_back(truth);
      m.truth = it->second;
    }
    set.measurements.push_back(m);
  }
  return set;
}

MeasurementSet read_measurements(const std::string& path,
                                 const std::vector<sensors::SensorConfig>& sensors) {
  std::ifstream in(path);
  if (!in) throw InputError({path, 0, ""}, "cannot open file");
  return read_measurements(in, path, sensors);
}

void write_truth(std::ostream& out, const std::vector<TruthRecord>& rows) {
  out << "t_s,truth_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps\n";
  for (const TruthRecord& r : rows) {
    put(out, r.t_s);
    out << ',' << r.truth_id;
    for (int i = 0; i < 3; ++i) {
      out << ',';
      put(out, r.r_ecef[i]);
    }
    for (int i = 0; i < 3; ++i) {
      out << ',';
      put(out, r.v_ecef[i]);
    }
    out << '\n';
  }
}

void write_truth(const std::string& path, const std::vector<TruthRecord>& rows) {
  std::ofstream out = open_out(path);
  write_truth(out, rows);
  check_written(out, path);
}

std::vector<TruthRecord> read_truth(std::istream& in, const std::string& name) {
  CsvReader csv(in, name);
  const int c_t = csv.column("t_s"), c_id = csv.column("truth_id");
  const int cols[6] = {csv.column("x_m"),    csv.column("y_m"),    csv.column("z_m"),
                       csv.column("vx_mps"), csv.column("vy_mps"), csv.column("vz_mps")};
  std::vector<TruthRecord> rows;
  double previous = -INFINITY;
  while (csv.next()) {
    TruthRecord r;
    r.t_s = csv.number(c_t);
    check_order(csv, c_t, r.t_s, previous);
    r.truth_id = std::string(csv.text(c_id));
    if (r.truth_id.empty()) csv.fail(c_id, "empty truth_id");
    for (int i = 0; i < 3; ++i) r.r_ecef[i] = csv.number(cols[i]);
    for (int i = 0; i < 3; ++i) r.v_ecef[i] = csv.number(cols[3 + i]);
    rows.push_back(r);
  }
  return rows;
}

std::vector<TruthRecord> read_truth(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError({path, 0, ""}, "cannot open file");
  return read_truth(in, path);
}

}  // namespace bulwark::io
