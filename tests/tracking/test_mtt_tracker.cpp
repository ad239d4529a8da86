// The multi-sensor multi-target tracker end to end on generated scenarios:
// ballistic targets seen by two radars with missed detections and clutter,
// early-warning cueing, gating completeness, ids and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "common/error.hpp"
#include "mtt_support.hpp"
#include "sensors/pose.hpp"
#include "tracking/filters.hpp"
#include "tracking/gater.hpp"
#include "tracking/metrics.hpp"
#include "tracking/tracker.hpp"

namespace bulwark::tracking {
namespace {

using namespace mtt_test;

struct ScenarioRun {
  std::vector<TrackReport> reports;
  std::vector<TruthSample> truth;
  TrackerStats stats;
  std::size_t final_tracks = 0;
};

// n targets 3 km apart, radars A and B with revisit 2 s (B offset by 1 s),
// detection probability pd, `clutter` false alarms per scan uniform in a
// 100 km box around the group, for `duration` seconds.
ScenarioRun run_scenario(const TrackerConfig& config, int n, double pd, int clutter,
                         double duration, std::uint64_t seed) {
  const physics::EarthModel earth;
  std::vector<sensors::SensorConfig> sensors = {radar("A", 50.5, 11.5), radar("B", 51.5, 13.5)};
  const SensorSite sites[2] = {site_of(sensors[0]), site_of(sensors[1])};
  Tracker tracker = make_tracker(config, SensorSites(sensors, 0.0));
  std::vector<Truth> truth = targets(n, 3000.0);
  Rng rng = make_stream(seed, 0, 1);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  ScenarioRun run;
  std::vector<sensors::Measurement> scan;
  const double dt = 1.0;
  for (double t = 0.0; t <= duration; t += dt) {
    for (int i = 0; i < n; ++i)
      run.truth.push_back(
          {t, i, truth[static_cast<std::size_t>(i)].r, truth[static_cast<std::size_t>(i)].v});
    const auto s = static_cast<std::uint32_t>(static_cast<int>(t) % 2);
    scan.clear();
    for (int i = 0; i < n; ++i)
      if (u01(rng) < pd)
        scan.push_back(measure(sites[s], s, t, truth[static_cast<std::size_t>(i)].r,
                               truth[static_cast<std::size_t>(i)].v, {}, rng, i));
    for (int k = 0; k < clutter; ++k) {
      const geo::Vec3 centre = truth[static_cast<std::size_t>(n / 2)].r;
      const geo::Vec3 p = centre + geo::Vec3(u01(rng) - 0.5, u01(rng) - 0.5, u01(rng) - 0.5) * 1e5;
      auto z = measure(sites[s], s, t, p, geo::Vec3::Zero(), {}, rng, -1);
      z.range_rate_mps = (u01(rng) - 0.5) * 6000.0;
      scan.push_back(z);
    }
    tracker.process(scan, run.reports);
    for (auto& tr : truth) coast(tr, dt, earth);
  }
  run.stats = tracker.stats();
  run.final_tracks = tracker.tracks().size();
  return run;
}

MetricsOptions eval_options() {
  MetricsOptions o;
  o.cutoff_m = 2000.0;
  o.epoch_dt_s = 1.0;
  o.max_track_age_s = 5.0;
  return o;
}

// Five targets 3 km apart (about ten cross-range sigmas), Pd = 0.9, 10
// false alarms per scan: one track per target, held without swaps or
// breaks, no false track, and the position error well under the 250 m
// cross-range measurement sigma (filtering over two radars).
TEST(MttTracker, HoldsCloseTargetsThroughClutterWithGnn) {
  TrackerConfig config;
  const ScenarioRun run = run_scenario(config, 5, 0.9, 10, 60.0, 11);
  const MetricsResult m = evaluate_tracks(run.truth, run.reports, eval_options());
  EXPECT_EQ(m.track_count, 5);
  EXPECT_EQ(m.false_tracks, 0);
  EXPECT_EQ(m.id_swaps, 0);
  EXPECT_EQ(m.track_breaks, 0);
  EXPECT_EQ(run.final_tracks, 5u);
  for (const auto& ts : m.truths) EXPECT_LE(ts.first_tracked_s, 6.0);  // M = 3 hits, 1 s apart
  EXPECT_LT(m.position_rmse_m, 150.0);
  EXPECT_GT(run.stats.updates, 5 * 45);
}

TEST(MttTracker, HoldsCloseTargetsThroughClutterWithJpda) {
  TrackerConfig config;
  config.association = AssociationKind::jpda;
  const ScenarioRun run = run_scenario(config, 5, 0.9, 10, 60.0, 12);
  const MetricsResult m = evaluate_tracks(run.truth, run.reports, eval_options());
  EXPECT_EQ(m.track_count, 5);
  EXPECT_EQ(m.false_tracks, 0);
  EXPECT_EQ(m.id_swaps, 0);
  EXPECT_LT(m.position_rmse_m, 150.0);
}

// Three-point re-initialisation at the third hit (three_point_init) keeps
// the same picture.
TEST(MttTracker, ThreePointInitialisationHoldsTheTargetsToo) {
  TrackerConfig config;
  config.initiator.three_point = true;
  const ScenarioRun run = run_scenario(config, 5, 0.9, 10, 40.0, 14);
  const MetricsResult m = evaluate_tracks(run.truth, run.reports, eval_options());
  EXPECT_EQ(m.track_count, 5);
  EXPECT_EQ(m.false_tracks, 0);
  EXPECT_EQ(m.id_swaps, 0);
  EXPECT_LT(m.position_rmse_m, 150.0);
}

// Coverage decides whether a track without an update counts a miss: a radar
// facing east does not cover a point to its west, nor one beyond its range.
TEST(MttSensorSites, RadarCoverageSectorAndRange) {
  sensors::SensorConfig east = radar("E", 50.0, 10.0);
  east.radar.boresight_az_rad = deg_to_rad(90.0);
  east.radar.az_half_width_rad = deg_to_rad(45.0);
  east.radar.max_range_m = 1.0e6;
  const SensorSites sites({east}, 0.0);
  const SensorSite s = sites.at(0, 0.0);
  const geo::Mat3 to_ecef = s.ecef_to_enu.transpose();
  EXPECT_TRUE(sites.covers(0, s, s.position_ecef + to_ecef * geo::Vec3(300e3, 0.0, 150e3)));
  EXPECT_FALSE(sites.covers(0, s, s.position_ecef + to_ecef * geo::Vec3(-300e3, 0.0, 150e3)));
  EXPECT_FALSE(sites.covers(0, s, s.position_ecef + to_ecef * geo::Vec3(1.2e6, 0.0, 300e3)));
  EXPECT_THROW(sites.at(1, 0.0), DomainError);
}

TEST(MttTracker, IdsStartAtTheConfiguredBaseAndAreNeverReused) {
  TrackerConfig config;
  config.first_track_id = 7000;
  const ScenarioRun run = run_scenario(config, 3, 1.0, 0, 20.0, 13);
  std::set<std::uint32_t> ids;
  for (const auto& r : run.reports) ids.insert(r.track_id);
  EXPECT_EQ(ids, (std::set<std::uint32_t>{7000, 7001, 7002}));
}

// Without measurements a track coasts in coverage, counts a miss for every
// radar scan (also one with no detection at all, as the simulation's dwells
// give) and is deleted after max_consecutive_misses; a tentative track in
// coverage counts the miss too and is dropped. The legacy overload cannot
// tell which sensor an empty span came from, so it ignores it.
TEST(MttTracker, EmptyScansCountMissesAndDeleteTheTrack) {
  TrackerConfig config;
  config.deleter.max_consecutive_misses = 3;
  config.deleter.max_coast_s = 1000.0;  // only the misses may delete it
  const physics::EarthModel earth;
  std::vector<sensors::SensorConfig> sensors = {radar("A", 50.5, 11.5)};
  const SensorSite site = site_of(sensors[0]);
  Tracker tracker = make_tracker(config, SensorSites(sensors, 0.0));
  Truth truth = targets(1, 0.0)[0];
  Rng rng = make_stream(1, 0, 2);
  std::vector<TrackReport> reports;
  for (int k = 0; k < 5; ++k) {
    const sensors::Measurement z = measure(site, 0, 2.0 * k, truth.r, truth.v, {}, rng, 0);
    tracker.process_scan({&z, 1}, reports);
    coast(truth, 2.0, earth);
  }
  ASSERT_EQ(tracker.tracks().size(), 1u);
  EXPECT_EQ(tracker.tracks()[0].consecutive_misses, 0);

  tracker.process_scan(std::span<const sensors::Measurement>{}, reports);  // no sensor: ignored
  EXPECT_EQ(tracker.stats().scans, 5);
  EXPECT_EQ(tracker.tracks()[0].consecutive_misses, 0);

  for (int k = 5; k < 8; ++k) {
    ASSERT_EQ(tracker.tracks().size(), 1u) << "scan " << k;
    EXPECT_EQ(tracker.tracks()[0].consecutive_misses, k - 5);
    tracker.process_scan(0, 2.0 * k, {}, reports);
  }
  EXPECT_EQ(tracker.stats().scans, 8);
  EXPECT_EQ(tracker.tracks().size(), 0u);
  EXPECT_EQ(tracker.stats().tracks_deleted, 1);

  // A tentative track (two hits, needs a third within N = 4) is dropped by
  // two empty scans in its coverage.
  for (int k = 8; k < 10; ++k) {
    const sensors::Measurement z = measure(site, 0, 2.0 * k, truth.r, truth.v, {}, rng, 0);
    tracker.process_scan({&z, 1}, reports);
    coast(truth, 2.0, earth);
  }
  EXPECT_EQ(tracker.initiator().tentative_count(), 1);
  tracker.process_scan(0, 20.0, {}, reports);
  EXPECT_EQ(tracker.initiator().tentative_count(), 1);
  tracker.process_scan(0, 22.0, {}, reports);
  EXPECT_EQ(tracker.initiator().tentative_count(), 0);
  EXPECT_EQ(tracker.tracks().size(), 0u);

  // Empty scans keep the time-order and sensor checks.
  EXPECT_THROW(tracker.process_scan(0, 10.0, {}, reports), DomainError);
  EXPECT_THROW(tracker.process_scan(9, 30.0, {}, reports), DomainError);
  const sensors::Measurement z = measure(site, 0, 40.0, truth.r, truth.v, {}, rng, 0);
  EXPECT_THROW(tracker.process_scan(0, 41.0, {&z, 1}, reports), DomainError);
}

// An early-warning line of sight through the target lets the radar confirm
// at two-point initialisation (m_cued = 2) instead of the third hit (m = 3);
// later angles-only looks update the confirmed track.
TEST(MttTracker, EarlyWarningCueConfirmsEarlierAndUpdatesTracks) {
  const physics::EarthModel earth;
  sensors::SensorConfig ew;
  ew.id = "EW";
  ew.nation = "XX";
  ew.type = sensors::SensorType::ew_satellite;
  ew.ew.sub_lon_rad = deg_to_rad(12.0);
  const std::vector<sensors::SensorConfig> sensors = {radar("A", 50.5, 11.5), ew};
  const SensorSite radar_site = site_of(sensors[0]);
  const auto pose = sensors::sensor_pose(ew, 0.0, 0.0);
  const SensorSite ew_site{pose.position_ecef, pose.ecef_to_enu};

  for (bool with_cue : {false, true}) {
    Tracker tracker = make_tracker(TrackerConfig{}, SensorSites(sensors, 0.0));
    Truth truth = targets(1, 0.0)[0];
    Rng rng = make_stream(5, 0, 3);
    std::vector<TrackReport> reports;
    auto ew_look = [&](double t) {
      const geo::AzElRange aer =
          geo::enu_to_aer(ew_site.ecef_to_enu * (truth.r - ew_site.position_ecef));
      sensors::Measurement z;
      z.t_s = t;
      z.sensor = 1;
      z.kind = sensors::MeasurementKind::angles_only;
      z.az_rad = aer.az_rad;
      z.el_rad = aer.el_rad;
      z.sigma_az_rad = z.sigma_el_rad = 5e-5;
      tracker.process_scan({&z, 1}, reports);
    };
    if (with_cue) ew_look(0.0);
    coast(truth, 1.0, earth);
    for (double t : {1.0, 3.0}) {
      const sensors::Measurement z = measure(radar_site, 0, t, truth.r, truth.v, {}, rng, 0);
      tracker.process_scan({&z, 1}, reports);
      coast(truth, 2.0, earth);
    }
    EXPECT_EQ(tracker.tracks().size(), with_cue ? 1u : 0u) << "cue " << with_cue;
    if (!with_cue) continue;
    EXPECT_TRUE(tracker.tracks()[0].cued);
    const long before = tracker.stats().updates;
    ew_look(5.0);
    EXPECT_EQ(tracker.stats().updates, before + 1);
    EXPECT_EQ(reports.back().t_s, 5.0);
  }
}

// The coarse stage must keep every pair the chi-square gate keeps: compare
// with predicting every track and testing every measurement.
TEST(MttGater, CoarseGateKeepsEveryChiSquarePair) {
  const physics::EarthModel earth;
  const auto cfg = radar("A", 50.5, 11.5);
  const SensorSite site = site_of(cfg);
  Rng rng = make_stream(3, 0, 4);
  std::normal_distribution<double> n01(0.0, 1.0);
  std::vector<Truth> truth = targets(40, 800.0);
  std::vector<Track> tracks, copies;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    TrackReport init;
    init.t_s = 0.0;
    init.state << truth[i].r + 300.0 * geo::Vec3(n01(rng), n01(rng), n01(rng)),
        truth[i].v + 20.0 * geo::Vec3(n01(rng), n01(rng), n01(rng));
    init.covariance.setIdentity();
    init.covariance.topLeftCorner<3, 3>() *= 300.0 * 300.0;
    init.covariance.bottomRightCorner<3, 3>() *= 20.0 * 20.0;
    for (auto* list : {&tracks, &copies}) {
      Track tr;
      tr.estimator = make_estimator(FilterKind::ekf, {}, init, earth);
      tr.refresh();
      list->push_back(std::move(tr));
    }
  }
  for (auto& tr : truth) coast(tr, 4.0, earth);
  std::vector<sensors::Measurement> z;
  for (std::size_t i = 0; i < truth.size(); ++i)
    z.push_back(measure(site, 0, 4.0, truth[i].r, truth[i].v, {}, rng, static_cast<int>(i)));
  Scan scan;
  scan.t_s = 4.0;
  scan.site = site;
  scan.z = z;
  Gater gater;
  std::vector<GateEdge> edges;
  gater.gate(tracks, scan, edges);
  std::vector<std::pair<int, int>> brute;
  for (std::size_t i = 0; i < copies.size(); ++i) {
    copies[i].estimator->predict(4.0);
    for (std::size_t j = 0; j < z.size(); ++j)
      if (copies[i].estimator->predict_measurement(z[j], site).mahalanobis2(z[j]) <=
          gater.threshold(4))
        brute.emplace_back(static_cast<int>(i), static_cast<int>(j));
  }
  std::vector<std::pair<int, int>> got;
  for (const auto& e : edges) got.emplace_back(e.track, e.meas);
  EXPECT_EQ(got, brute);
  EXPECT_GE(brute.size(), truth.size() - 2);  // nearly every target gates its own detection
  EXPECT_LT(gater.coarse_pairs(), static_cast<long>(truth.size() * truth.size() / 2));
}

TEST(MttTracker, RejectsOutOfOrderMeasurementsAndUnknownSensors) {
  const std::vector<sensors::SensorConfig> sensors = {radar("A", 50.5, 11.5)};
  Tracker tracker = make_tracker(TrackerConfig{}, SensorSites(sensors, 0.0));
  Rng rng = make_stream(1, 0, 5);
  const Truth truth = targets(1, 0.0)[0];
  const SensorSite site = site_of(sensors[0]);
  std::vector<TrackReport> reports;
  sensors::Measurement z = measure(site, 0, 10.0, truth.r, truth.v, {}, rng, 0);
  tracker.process_scan({&z, 1}, reports);
  z.t_s = 9.0;
  EXPECT_THROW(tracker.process_scan({&z, 1}, reports), DomainError);
  z.t_s = 11.0;
  z.sensor = 3;
  EXPECT_THROW(tracker.process_scan({&z, 1}, reports), DomainError);
  const sensors::Measurement mixed[2] = {measure(site, 0, 12.0, truth.r, truth.v, {}, rng, 0),
                                         measure(site, 0, 12.5, truth.r, truth.v, {}, rng, 0)};
  EXPECT_THROW(tracker.process_scan(mixed, reports), DomainError);
}

}  // namespace
}  // namespace bulwark::tracking
