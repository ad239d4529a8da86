#include "tracking/tracker.hpp"

#include <chrono>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "tracking/gnn.hpp"

namespace bulwark::tracking {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

const char* to_string(AssociationKind kind) {
  return kind == AssociationKind::gnn ? "gnn" : "jpda";
}

Tracker::Tracker(SensorSites sites, Gater gater, std::unique_ptr<Associator> associator,
                 std::unique_ptr<Initiator> initiator, std::unique_ptr<Deleter> deleter,
                 std::uint32_t first_track_id)
    : sites_(std::move(sites)),
      gater_(std::move(gater)),
      associator_(std::move(associator)),
      initiator_(std::move(initiator)),
      deleter_(std::move(deleter)),
      next_id_(first_track_id) {
  if (!associator_ || !initiator_ || !deleter_)
    throw DomainError("tracker needs an associator, an initiator and a deleter");
}

void Tracker::process(std::span<const sensors::Measurement> measurements,
                      std::vector<TrackReport>& reports) {
  std::size_t begin = 0;
  while (begin < measurements.size()) {
    std::size_t end = begin + 1;
    while (end < measurements.size() && measurements[end].sensor == measurements[begin].sensor &&
           measurements[end].t_s == measurements[begin].t_s)
      ++end;
    process_scan(measurements.subspan(begin, end - begin), reports);
    begin = end;
  }
}

void Tracker::process_scan(std::span<const sensors::Measurement> z,
                           std::vector<TrackReport>& reports) {
  if (z.empty()) return;
  process_scan(z.front().sensor, z.front().t_s, z, reports);
}

void Tracker::process_scan(std::uint32_t sensor, double t, std::span<const sensors::Measurement> z,
                           std::vector<TrackReport>& reports) {
  if (!std::isfinite(t)) throw DomainError("scan time must be finite");
  if (t < last_t_s_)
    throw DomainError("measurement at t = " + std::to_string(t) +
                      " s is earlier than one already processed (" + std::to_string(last_t_s_) +
                      " s): measurements must be in time order");
  for (const auto& m : z)
    if (m.sensor != sensor || m.t_s != t)
      throw DomainError("a scan must hold measurements of one sensor at one time");
  Scan scan;
  scan.sensor = sensor;
  scan.t_s = t;
  scan.kind = sites_.config(sensor).type == sensors::SensorType::radar  // throws if unknown
                  ? sensors::MeasurementKind::radar
                  : sensors::MeasurementKind::angles_only;
  if (!z.empty()) scan.kind = z.front().kind;
  scan.site = sites_.at(scan.sensor, t);
  scan.z = z;
  last_t_s_ = t;
  ++stats_.scans;
  stats_.measurements += static_cast<long>(z.size());

  auto t0 = Clock::now();
  gater_.gate(tracks_, scan, edges_);
  stats_.gating_s += seconds_since(t0);

  t0 = Clock::now();
  associator_->associate(edges_, static_cast<int>(tracks_.size()), static_cast<int>(z.size()),
                         gater_.threshold(scan), assoc_);
  stats_.association_s += seconds_since(t0);

  t0 = Clock::now();
  updated_.assign(tracks_.size(), 0);
  for (std::size_t k = 0; k < assoc_.pairs.size();) {
    const int ti = assoc_.pairs[k].track;
    std::size_t e = k;
    while (e < assoc_.pairs.size() && assoc_.pairs[e].track == ti) ++e;
    Track& track = tracks_[static_cast<std::size_t>(ti)];
    if (e - k == 1 && assoc_.pairs[k].weight == 1.0) {
      track.estimator->update(z[static_cast<std::size_t>(assoc_.pairs[k].meas)], scan.site);
    } else {
      pda_z_.clear();
      pda_w_.clear();
      for (std::size_t q = k; q < e; ++q) {
        pda_z_.push_back(&z[static_cast<std::size_t>(assoc_.pairs[q].meas)]);
        pda_w_.push_back(assoc_.pairs[q].weight);
      }
      track.estimator->update_pda(pda_z_.data(), pda_w_.data(), static_cast<int>(e - k), scan.site);
    }
    track.refresh();
    ++track.hits;
    ++track.opportunities;
    track.consecutive_misses = 0;
    track.last_update_s = t;
    updated_[static_cast<std::size_t>(ti)] = 1;
    reports.push_back(track.report);
    ++stats_.updates;
    k = e;
  }
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    if (updated_[i]) continue;
    if (sites_.covers(scan.sensor, scan.site, gater_.extrapolated(static_cast<int>(i)))) {
      ++tracks_[i].opportunities;
      ++tracks_[i].consecutive_misses;
    }
  }
  stats_.update_s += seconds_since(t0);

  t0 = Clock::now();
  new_tracks_.clear();
  initiator_->process(scan, assoc_.meas_used, sites_, new_tracks_);
  for (Track& track : new_tracks_) {
    track.id = next_id_++;
    track.refresh();
    reports.push_back(track.report);
    tracks_.push_back(std::move(track));
    ++stats_.tracks_confirmed;
  }
  stats_.initiation_s += seconds_since(t0);

  const auto removed =
      std::erase_if(tracks_, [&](const Track& track) { return deleter_->should_delete(track, t); });
  stats_.tracks_deleted += static_cast<long>(removed);
}

Tracker make_tracker(const TrackerConfig& config, SensorSites sites) {
  std::unique_ptr<Associator> associator;
  if (config.association == AssociationKind::gnn) {
    associator = std::make_unique<GnnAssociator>();
  } else {
    JpdaOptions jpda = config.jpda;
    jpda.pg = config.gater.gate_probability;
    associator = std::make_unique<JpdaAssociator>(jpda);
  }
  InitiatorOptions init = config.initiator;
  init.gater = config.gater;
  return Tracker(std::move(sites), Gater(config.gater), std::move(associator),
                 std::make_unique<MofNInitiator>(init),
                 std::make_unique<MissOrCovarianceDeleter>(config.deleter), config.first_track_id);
}

}  // namespace bulwark::tracking
