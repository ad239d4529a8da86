#include "io/tracks.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <fstream>

#include "common/error.hpp"
#include "io/csv.hpp"

namespace bulwark::io {
namespace {

constexpr std::array<const char*, 6> kAxis = {"x", "y", "z", "vx", "vy", "vz"};

}  // namespace

const std::vector<std::string>& track_covariance_columns() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (std::size_t i = 0; i < 6; ++i)
      for (std::size_t j = i; j < 6; ++j) v.push_back(std::string("c_") + kAxis[i] + kAxis[j]);
    return v;
  }();
  return names;
}

void write_tracks(std::ostream& out, const std::vector<tracking::TrackReport>& rows) {
  out << "t_s,track_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,beta_kgpm2";
  for (const auto& c : track_covariance_columns()) out << ',' << c;
  out << '\n';
  std::string line;
  for (const auto& r : rows) {
    line = fmt::format("{:.17g},{}", r.t_s, r.track_id);
    for (int i = 0; i < 6; ++i) line += fmt::format(",{:.17g}", r.state(i));
    line += fmt::format(",{:.17g}", r.beta_kgpm2);
    for (int i = 0; i < 6; ++i)
      for (int j = i; j < 6; ++j) line += fmt::format(",{:.17g}", r.covariance(i, j));
    out << line << '\n';
  }
}

void write_tracks(const std::string& path, const std::vector<tracking::TrackReport>& rows) {
  std::ofstream out(path);
  if (!out) throw InputError({path, 0, ""}, "cannot open file for writing");
  write_tracks(out, rows);
  out.flush();
  if (!out) throw InputError({path, 0, ""}, "error while writing");
}

std::vector<tracking::TrackReport> read_tracks(std::istream& in, const std::string& name) {
  CsvReader csv(in, name);
  const int c_t = csv.column("t_s");
  const int c_id = csv.column("track_id");
  const std::array<int, 6> c_state = {csv.column("x_m"),    csv.column("y_m"),
                                      csv.column("z_m"),    csv.column("vx_mps"),
                                      csv.column("vy_mps"), csv.column("vz_mps")};
  const int c_beta = csv.column("beta_kgpm2");
  std::array<int, 21> c_cov{};
  for (std::size_t k = 0; k < 21; ++k) c_cov[k] = csv.column(track_covariance_columns()[k]);

  std::vector<tracking::TrackReport> rows;
  while (csv.next()) {
    tracking::TrackReport r;
    r.t_s = csv.number(c_t);
    const double id = csv.number(c_id);
    if (id < 0.0 || id > 4294967295.0 || id != std::floor(id))
      csv.fail(c_id, "track_id must be a whole number in [0, 4294967295]");
    r.track_id = static_cast<std::uint32_t>(id);
    for (int i = 0; i < 6; ++i) r.state(i) = csv.number(c_state[static_cast<std::size_t>(i)]);
    r.beta_kgpm2 = csv.number(c_beta);
    if (r.beta_kgpm2 < 0.0) csv.fail(c_beta, "ballistic coefficient must be >= 0");
    std::size_t k = 0;
    for (int i = 0; i < 6; ++i)
      for (int j = i; j < 6; ++j, ++k) {
        const double v = csv.number(c_cov[k]);
        if (i == j && v < 0.0) csv.fail(c_cov[k], "covariance variance must be >= 0");
        r.covariance(i, j) = r.covariance(j, i) = v;
      }
    rows.push_back(r);
  }
  return rows;
}

std::vector<tracking::TrackReport> read_tracks(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError({path, 0, ""}, "cannot open file");
  return read_tracks(in, path);
}

}  // namespace bulwark::io
