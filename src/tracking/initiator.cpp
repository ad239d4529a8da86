#include "tracking/initiator.hpp"

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "tracking/measurement_model.hpp"

namespace bulwark::tracking {

MofNInitiator::MofNInitiator(const InitiatorOptions& options)
    : options_(options), gater_(options.gater) {
  if (options_.m < 2 || options_.n < options_.m || options_.m_cued < 2 ||
      options_.m_cued > options_.m)
    throw DomainError("M-of-N initiation needs 2 <= m_cued <= m <= n");
  if (!(options_.max_speed_mps > 0.0) || !(options_.max_seed_age_s > 0.0) ||
      !(options_.min_pair_dt_s > 0.0) || !(options_.cue_lifetime_s >= 0.0) ||
      !(options_.cue_match_s >= 0.0))
    throw DomainError("initiator speeds and ages must be positive");
}

MofNInitiator::Point MofNInitiator::make_point(const sensors::Measurement& z,
                                               const SensorSite& site) const {
  Point p;
  p.z = z;
  p.site = site;
  p.p = measurement_position_ecef(z, site);
  p.sigma_m = std::max(z.sigma_range_m, z.range_m * std::max(z.sigma_az_rad, z.sigma_el_rad));
  return p;
}

bool MofNInitiator::cued(const Point& p) const {
  for (const Cue& c : cues_) {
    const double dt = std::abs(p.z.t_s - c.t_s);
    if (dt > options_.cue_match_s) continue;
    const geo::Vec3 d = p.p - c.origin;
    const double along = d.dot(c.los);
    if (along <= 0.0) continue;
    const double angle = std::atan2((d - along * c.los).norm(), along);
    if (angle <= 3.0 * c.sigma_rad + options_.max_speed_mps * dt / d.norm()) return true;
  }
  return false;
}

void MofNInitiator::process(const Scan& scan, std::span<const char> meas_used,
                            const SensorSites& sites, std::vector<Track>& confirmed) {
  const double t = scan.t_s;
  std::erase_if(cues_, [&](const Cue& c) { return t - c.t_s > options_.cue_lifetime_s; });
  std::erase_if(seeds_, [&](const Point& p) { return t - p.z.t_s > options_.max_seed_age_s; });
  free_.clear();
  for (std::size_t j = 0; j < scan.z.size(); ++j)
    if (!meas_used[j]) free_.push_back(scan.z[j]);
  if (scan.kind == sensors::MeasurementKind::angles_only) {
    for (const auto& z : free_) {
      const geo::Vec3 los =
          scan.site.ecef_to_enu.transpose() * geo::aer_to_enu({z.az_rad, z.el_rad, 1.0});
      const double sigma = std::max(z.sigma_el_rad, z.sigma_az_rad * std::cos(z.el_rad));
      cues_.push_back({t, scan.site.position_ecef, los, sigma});
    }
    return;
  }
  Scan sub = scan;
  sub.z = free_;
  update_tentative(sub, sites);
  pair_seeds(sub);
  for (std::size_t j = 0; j < free_.size(); ++j)
    if (!free_taken_[j]) seeds_.push_back(make_point(free_[j], scan.site));
  settle(confirmed, t);
}

void MofNInitiator::update_tentative(const Scan& scan, const SensorSites& sites) {
  free_taken_.assign(scan.z.size(), 0);
  if (tentative_.empty() || scan.z.empty()) {
    for (std::size_t i = 0; i < tentative_.size(); ++i) {
      Track& tr = tentative_[i];
      const TrackReport& r = tr.report;
      const double dt = scan.t_s - r.t_s;
      const geo::Vec3 q = r.state.head<3>() + r.state.tail<3>() * dt;
      if (sites.covers(scan.sensor, scan.site, q)) {
        ++tr.opportunities;
        ++tr.consecutive_misses;
      }
    }
    return;
  }
  gater_.gate(tentative_, scan, edges_);
  gnn_.associate(edges_, static_cast<int>(tentative_.size()), static_cast<int>(scan.z.size()),
                 gater_.threshold(scan), assoc_);
  std::size_t next = 0;
  for (std::size_t i = 0; i < tentative_.size(); ++i) {
    Track& tr = tentative_[i];
    if (next < assoc_.pairs.size() && assoc_.pairs[next].track == static_cast<int>(i)) {
      const auto j = static_cast<std::size_t>(assoc_.pairs[next++].meas);
      free_taken_[j] = 1;
      const sensors::Measurement& z = scan.z[j];
      tr.estimator->update(z, scan.site);
      ++tr.hits;
      ++tr.opportunities;
      tr.consecutive_misses = 0;
      tr.last_update_s = z.t_s;
      if (tr.hits <= 3)
        points_[i][static_cast<std::size_t>(tr.hits - 1)] = make_point(z, scan.site);
      if (options_.three_point && tr.hits == 3) {
        const auto& pts = points_[i];
        try {
          const TrackReport init = three_point_init(pts[0].z, pts[0].site, pts[1].z, pts[1].site,
                                                    pts[2].z, pts[2].site, options_.earth);
          tr.estimator =
              make_estimator(options_.filter, options_.filter_options, init, options_.earth);
        } catch (const std::exception&) {
          ++failed_;  // keep the two-point track
        }
      }
      tr.refresh();
    } else if (sites.covers(scan.sensor, scan.site, gater_.extrapolated(static_cast<int>(i)))) {
      ++tr.opportunities;
      ++tr.consecutive_misses;
    }
  }
}

void MofNInitiator::pair_seeds(const Scan& scan) {
  const std::size_t m = scan.z.size();
  if (seeds_.empty() || m == 0) return;
  free_points_.resize(m);
  order_.clear();
  for (std::size_t j = 0; j < m; ++j) {
    if (free_taken_[j]) continue;
    free_points_[j] = make_point(scan.z[j], scan.site);
    order_.push_back(static_cast<int>(j));
  }
  std::sort(order_.begin(), order_.end(), [&](int a, int b) {
    return free_points_[static_cast<std::size_t>(a)].p.x() <
           free_points_[static_cast<std::size_t>(b)].p.x();
  });
  sorted_x_.resize(order_.size());
  double max_sigma = 0.0;
  for (std::size_t k = 0; k < order_.size(); ++k) {
    const auto& fp = free_points_[static_cast<std::size_t>(order_[k])];
    sorted_x_[k] = fp.p.x();
    max_sigma = std::max(max_sigma, fp.sigma_m);
  }
  pair_edges_.clear();
  for (std::size_t s = 0; s < seeds_.size(); ++s) {
    const Point& seed = seeds_[s];
    const double dt = scan.t_s - seed.z.t_s;
    if (dt < options_.min_pair_dt_s) continue;
    const double reach = options_.max_speed_mps * dt;
    const double widest = reach + 3.0 * (seed.sigma_m + max_sigma);
    auto it = std::lower_bound(sorted_x_.begin(), sorted_x_.end(), seed.p.x() - widest);
    for (; it != sorted_x_.end() && *it <= seed.p.x() + widest; ++it) {
      const int j = order_[static_cast<std::size_t>(it - sorted_x_.begin())];
      const Point& fp = free_points_[static_cast<std::size_t>(j)];
      const double dist = (fp.p - seed.p).norm();
      const double limit = reach + 3.0 * (seed.sigma_m + fp.sigma_m);
      if (dist > limit) continue;
      pair_edges_.push_back({static_cast<int>(s), j, (dist * dist) / (limit * limit), 0.0});
    }
  }
  if (pair_edges_.empty()) return;
  std::sort(pair_edges_.begin(), pair_edges_.end(), [](const GateEdge& a, const GateEdge& b) {
    return a.track != b.track ? a.track < b.track : a.meas < b.meas;
  });
  // Costs are normalised to the reach (<= 1), so not pairing costs just over 1.
  gnn_.associate(pair_edges_, static_cast<int>(seeds_.size()), static_cast<int>(m), 1.01, assoc_);
  seed_taken_.assign(seeds_.size(), 0);
  for (const WeightedPair& pr : assoc_.pairs) {
    const Point& seed = seeds_[static_cast<std::size_t>(pr.track)];
    const Point& fp = free_points_[static_cast<std::size_t>(pr.meas)];
    try {
      const TrackReport init = two_point_init(seed.z, seed.site, fp.z, fp.site);
      Track tr;
      tr.estimator = make_estimator(options_.filter, options_.filter_options, init, options_.earth);
      tr.hits = 2;
      tr.opportunities = 2;
      tr.last_update_s = fp.z.t_s;
      tr.cued = cued(seed) || cued(fp);
      tr.refresh();
      tentative_.push_back(std::move(tr));
      points_.push_back({seed, fp, fp});
    } catch (const std::exception&) {
      ++failed_;
      continue;
    }
    seed_taken_[static_cast<std::size_t>(pr.track)] = 1;
    free_taken_[static_cast<std::size_t>(pr.meas)] = 1;
  }
  std::size_t keep = 0;
  for (std::size_t s = 0; s < seeds_.size(); ++s)
    if (!seed_taken_[s]) seeds_[keep++] = seeds_[s];
  seeds_.resize(keep);
}

void MofNInitiator::settle(std::vector<Track>& confirmed, double t_s) {
  std::size_t keep = 0;
  for (std::size_t i = 0; i < tentative_.size(); ++i) {
    Track& tr = tentative_[i];
    const int need = tr.cued ? options_.m_cued : options_.m;
    const bool stale = t_s - tr.last_update_s > options_.max_seed_age_s;
    if (tr.hits >= need) {
      confirmed.push_back(std::move(tr));
      continue;
    }
    if (stale || tr.opportunities - tr.hits > options_.n - need) continue;  // dropped
    if (keep != i) {
      tentative_[keep] = std::move(tr);
      points_[keep] = points_[i];
    }
    ++keep;
  }
  tentative_.resize(keep);
  points_.resize(keep);
}

}  // namespace bulwark::tracking
