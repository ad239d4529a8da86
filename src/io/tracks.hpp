// Tracks CSV (`bulwark track`, read by `bulwark assess` and `bulwark
// track-eval`); docs/formats.md "Tracks CSV".
//
// One row per track update:
//   t_s,track_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,beta_kgpm2,
//   c_xx,c_xy,c_xz,c_xvx,c_xvy,c_xvz,c_yy,c_yz,c_yvx,c_yvy,c_yvz,c_zz,c_zvx,c_zvy,c_zvz,
//   c_vxvx,c_vxvy,c_vxvz,c_vyvy,c_vyvz,c_vzvz
// State and covariance in ECEF (m, m/s, m^2, m^2/s, m^2/s^2): the 21
// upper-triangle entries of the 6x6 position-velocity covariance, row by row.
// beta_kgpm2 is the ballistic coefficient estimate, 0 when not estimated.
// Numbers are written with 17 significant digits (bit-exact read-back).
//
// Reading: columns by name (any order, extra columns ignored); missing
// column, non-numeric or non-finite cell -> InputError naming file, line and
// column; track_id must be a whole number in [0, 2^32); beta_kgpm2 >= 0; the
// covariance diagonal must be >= 0. Rows may come in any time order (a
// reader that needs order sorts them); they are returned in file order.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "tracking/track_report.hpp"

namespace bulwark::io {

// The 21 covariance column names in file order.
const std::vector<std::string>& track_covariance_columns();

void write_tracks(std::ostream& out, const std::vector<tracking::TrackReport>& rows);
// Throws InputError when the file cannot be written.
void write_tracks(const std::string& path, const std::vector<tracking::TrackReport>& rows);

std::vector<tracking::TrackReport> read_tracks(std::istream& in, const std::string& name);
std::vector<tracking::TrackReport> read_tracks(const std::string& path);

}  // namespace bulwark::io
