#include "tracking/gater.hpp"

#include <algorithm>
#include <cmath>

#include "physics/gravity.hpp"
#include "tracking/chi_square.hpp"
#include "tracking/measurement_model.hpp"

namespace bulwark::tracking {
namespace {

geo::Vec3 line_of_sight_ecef(const sensors::Measurement& z, const SensorSite& site) {
  const geo::Vec3 enu = geo::aer_to_enu({z.az_rad, z.el_rad, 1.0});
  return site.ecef_to_enu.transpose() * enu;
}

}  // namespace

Gater::Gater(const GaterOptions& options) : options_(options) {
  for (int dim = 1; dim <= 4; ++dim)
    threshold_[dim] = chi2_quantile(options_.gate_probability, dim);
}

double Gater::threshold(const Scan& scan) const {
  return scan.z.empty() ? threshold(4) : threshold(measurement_dim(scan.z.front()));
}

void Gater::gate(std::span<Track> tracks, const Scan& scan, std::vector<GateEdge>& edges) {
  edges.clear();
  const std::size_t n = tracks.size();
  extrapolated_.resize(n);
  track_radius_.resize(n);
  const double k = std::sqrt(threshold(scan));
  for (std::size_t i = 0; i < n; ++i) {
    const TrackReport& rep = tracks[i].report;
    const double dt = std::max(0.0, scan.t_s - rep.t_s);
    const geo::Vec3 r = rep.state.head<3>(), v = rep.state.tail<3>();
    extrapolated_[i] = r + v * dt + 0.5 * dt * dt * physics::point_mass_gravity(r);
    const double sr = std::sqrt(std::max(0.0, rep.covariance.topLeftCorner<3, 3>().trace()));
    const double sv = std::sqrt(std::max(0.0, rep.covariance.bottomRightCorner<3, 3>().trace()));
    track_radius_[i] =
        k * (sr + sv * dt) + 0.5 * options_.max_accel_mps2 * dt * dt + options_.margin_m;
  }
  candidates_.clear();
  if (scan.kind == sensors::MeasurementKind::radar)
    coarse_radar(tracks, scan);
  else
    coarse_angles(tracks, scan);
  coarse_pairs_ = static_cast<long>(candidates_.size());
  std::sort(candidates_.begin(), candidates_.end());

  const double gate_d2 = threshold(scan);
  for (const auto& [ti, mj] : candidates_) {
    Track& track = tracks[static_cast<std::size_t>(ti)];
    if (track.estimator->time() > scan.t_s) continue;  // cannot go back in time
    if (track.estimator->time() < scan.t_s) {
      track.estimator->predict(scan.t_s);
      track.refresh();
    }
    const auto& z = scan.z[static_cast<std::size_t>(mj)];
    const Estimator::GateFigures g = track.estimator->gate(z, scan.site);
    if (g.d2 <= gate_d2) edges.push_back({ti, mj, g.d2, g.log_likelihood});
  }
}

void Gater::coarse_radar(std::span<Track> tracks, const Scan& scan) {
  const std::size_t m = scan.z.size();
  const double k = std::sqrt(threshold(scan));
  meas_pos_.resize(m);
  meas_radius_.resize(m);
  order_.resize(m);
  sorted_x_.resize(m);
  double max_meas_radius = 0.0;
  for (std::size_t j = 0; j < m; ++j) {
    const auto& z = scan.z[j];
    meas_pos_[j] = scan.site.position_ecef + line_of_sight_ecef(z, scan.site) * z.range_m;
    const double cross = z.range_m * std::max(z.sigma_az_rad, z.sigma_el_rad);
    meas_radius_[j] = k * std::max(z.sigma_range_m, cross);
    max_meas_radius = std::max(max_meas_radius, meas_radius_[j]);
    order_[j] = static_cast<int>(j);
  }
  std::sort(order_.begin(), order_.end(), [&](int a, int b) {
    return meas_pos_[static_cast<std::size_t>(a)].x() < meas_pos_[static_cast<std::size_t>(b)].x();
  });
  for (std::size_t j = 0; j < m; ++j)
    sorted_x_[j] = meas_pos_[static_cast<std::size_t>(order_[j])].x();
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const geo::Vec3& q = extrapolated_[i];
    const double reach = track_radius_[i] + max_meas_radius;
    auto it = std::lower_bound(sorted_x_.begin(), sorted_x_.end(), q.x() - reach);
    for (; it != sorted_x_.end() && *it <= q.x() + reach; ++it) {
      const int j = order_[static_cast<std::size_t>(it - sorted_x_.begin())];
      const double r = track_radius_[i] + meas_radius_[static_cast<std::size_t>(j)];
      if ((meas_pos_[static_cast<std::size_t>(j)] - q).squaredNorm() <= r * r)
        candidates_.emplace_back(static_cast<int>(i), j);
    }
  }
}

void Gater::coarse_angles(std::span<Track> tracks, const Scan& scan) {
  const std::size_t m = scan.z.size();
  const double k = std::sqrt(threshold(scan));
  meas_pos_.resize(m);  // here: unit lines of sight
  for (std::size_t j = 0; j < m; ++j) meas_pos_[j] = line_of_sight_ecef(scan.z[j], scan.site);
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const geo::Vec3 d = extrapolated_[i] - scan.site.position_ecef;
    const double dn = d.norm();
    for (std::size_t j = 0; j < m; ++j) {
      const geo::Vec3& u = meas_pos_[j];
      const double along = d.dot(u);
      if (along <= 0.0) continue;
      const double off = (d - along * u).norm();
      const auto& z = scan.z[j];
      if (off <= track_radius_[i] + k * std::max(z.sigma_az_rad, z.sigma_el_rad) * dn)
        candidates_.emplace_back(static_cast<int>(i), static_cast<int>(j));
    }
  }
}

}  // namespace bulwark::tracking
