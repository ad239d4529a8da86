// The codec: every sample type survives C++ -> IDL -> C++ unchanged, and
// every kind of bad value is dropped with its reason counted.
#include <gtest/gtest.h>

#include <limits>

#include "net/codec.hpp"
#include "net/topics.hpp"
#include "net_support.hpp"

namespace bulwark::net {
namespace {

using test::test_limits;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Encodes, then decodes; the IDL value's buffers are freed either way.
template <class Sample>
bool roundtrip(const Sample& in, Sample& out, DropCounts& drops,
               const Limits& limits = test_limits()) {
  typename Topic<Sample>::Idl idl{};
  encode(in, idl);
  const bool ok = decode(idl, limits, out, drops);
  free_contents(&idl, Topic<Sample>::descriptor());
  return ok;
}

template <class Sample>
void expect_roundtrip(const Sample& in) {
  Sample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(in, out, drops));
  EXPECT_EQ(drops.total(), 0u);
  EXPECT_TRUE(test::same(in, out));
}

TEST(NetCodec, RoundtripEverySampleType) {
  expect_roundtrip(test::make_dwell(1));
  expect_roundtrip(test::make_clock());
  expect_roundtrip(test::make_battery_status());
  expect_roundtrip(test::make_local_tracks(2));
  expect_roundtrip(test::make_system_tracks(1));
  expect_roundtrip(test::make_claims(0));
  expect_roundtrip(test::make_fire_orders(1));
  expect_roundtrip(test::make_engagement_result(2));
  expect_roundtrip(test::make_heartbeat(2));
}

TEST(NetCodec, CovarianceTravelsAsUpperTriangle) {
  LocalTracksSample s = test::make_local_tracks();
  bulwark_net_idl_LocalTracks idl{};
  encode(s, idl);
  const auto& P = s.tracks[0].covariance;
  EXPECT_EQ(idl.tracks._buffer[0].covariance[0], P(0, 0));
  EXPECT_EQ(idl.tracks._buffer[0].covariance[5], P(0, 5));
  EXPECT_EQ(idl.tracks._buffer[0].covariance[6], P(1, 1));
  EXPECT_EQ(idl.tracks._buffer[0].covariance[20], P(5, 5));
  free_contents(&idl, bulwark_net_idl_LocalTracks_desc);
}

TEST(NetCodec, DetectionTruthIsNotSent) {
  DwellSample s = test::make_dwell();
  s.dwell.detections[0].truth = 7;
  DwellSample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(s, out, drops));
  EXPECT_EQ(out.dwell.detections[0].truth, -1);
}

TEST(NetCodec, NaNStateDropsTheTrackOnly) {
  LocalTracksSample s = test::make_local_tracks();
  s.tracks[0].state[3] = kNaN;
  LocalTracksSample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(s, out, drops));
  ASSERT_EQ(out.tracks.size(), 1u);
  EXPECT_EQ(out.tracks[0].track_id, s.tracks[1].track_id);
  EXPECT_EQ(drops.nan, 1u);
  EXPECT_EQ(drops.total(), 1u);
}

TEST(NetCodec, BadCovarianceIsOutOfRange) {
  LocalTracksSample s = test::make_local_tracks();
  s.tracks[0].covariance(2, 2) = -1.0;  // negative variance
  s.tracks[1].covariance(0, 4) = s.tracks[1].covariance(4, 0) =
      10.0 * std::sqrt(s.tracks[1].covariance(0, 0) * s.tracks[1].covariance(4, 4));
  LocalTracksSample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(s, out, drops));
  EXPECT_TRUE(out.tracks.empty());
  EXPECT_EQ(drops.out_of_range, 2u);
}

TEST(NetCodec, InfiniteCovarianceIsNaN) {
  SystemTracksSample s = test::make_system_tracks();
  s.tracks[0].report.covariance(1, 3) = kInf;
  SystemTracksSample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(s, out, drops));
  EXPECT_TRUE(out.tracks.empty());
  EXPECT_EQ(drops.nan, 1u);
}

TEST(NetCodec, BatteryIndexOutOfRange) {
  FireOrdersSample s = test::make_fire_orders(0);
  s.orders[0].battery = 5;  // the scenario has 5 batteries
  FireOrdersSample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(s, out, drops));
  EXPECT_TRUE(out.orders.empty());
  EXPECT_EQ(drops.unknown_battery, 1u);

  BatteryStatusSample b = test::make_battery_status();
  b.status.battery = 99;
  BatteryStatusSample bout;
  EXPECT_FALSE(roundtrip(b, bout, drops));
  EXPECT_EQ(drops.unknown_battery, 2u);
}

TEST(NetCodec, ClaimForAnotherNationsBatteryIsForeign) {
  ClaimsSample s = test::make_claims(0);  // PL
  s.claims[1].order.battery = 4;          // IT's battery
  ClaimsSample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(s, out, drops));
  ASSERT_EQ(out.claims.size(), 1u);
  EXPECT_EQ(out.claims[0].order.battery, s.claims[0].order.battery);
  EXPECT_EQ(drops.foreign_battery, 1u);
  EXPECT_EQ(drops.total(), 1u);
}

TEST(NetCodec, RejectedResultMayNameAForeignBatteryAcceptedMayNot) {
  EngagementResultSample s = test::make_engagement_result(0);
  s.order.battery = 2;  // DE's
  s.accepted = false;
  EngagementResultSample out;
  DropCounts drops;
  EXPECT_TRUE(roundtrip(s, out, drops));
  s.accepted = true;
  EXPECT_FALSE(roundtrip(s, out, drops));
  EXPECT_EQ(drops.foreign_battery, 1u);
}

TEST(NetCodec, UnknownSensorOrNationDropsTheDwell) {
  DwellSample s = test::make_dwell();
  s.dwell.sensor = 4;  // four sensors: 0..3
  for (auto& m : s.dwell.detections) m.sensor = 4;
  DwellSample out;
  DropCounts drops;
  EXPECT_FALSE(roundtrip(s, out, drops));
  EXPECT_EQ(drops.out_of_range, 1u);
  s = test::make_dwell(3);  // three nations: 0..2
  EXPECT_FALSE(roundtrip(s, out, drops));
  EXPECT_EQ(drops.out_of_range, 2u);
}

TEST(NetCodec, BadDetectionsAreDroppedOneByOne) {
  DwellSample s = test::make_dwell();
  const sensors::Measurement good = s.dwell.detections[0];
  sensors::Measurement nan_az = good, zero_sigma = good, other_sensor = good, no_range = good;
  nan_az.az_rad = kNaN;
  zero_sigma.sigma_el_rad = 0.0;
  other_sensor.sensor = 1;
  no_range.range_m = kNaN;  // a radar detection must have a range
  s.dwell.detections = {nan_az, good, zero_sigma, other_sensor, no_range};
  DwellSample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(s, out, drops));
  ASSERT_EQ(out.dwell.detections.size(), 1u);
  EXPECT_EQ(drops.nan, 2u);
  EXPECT_EQ(drops.out_of_range, 1u);
  EXPECT_EQ(drops.malformed, 1u);
}

TEST(NetCodec, UnknownMeasurementKindIsMalformed) {
  bulwark_net_idl_Dwell idl{};
  encode(test::make_dwell(), idl);
  idl.detections._buffer[0].kind = 7;
  DwellSample out;
  DropCounts drops;
  EXPECT_TRUE(decode(idl, test_limits(), out, drops));
  EXPECT_EQ(out.dwell.detections.size(), 1u);
  EXPECT_EQ(drops.malformed, 1u);
  free_contents(&idl, bulwark_net_idl_Dwell_desc);
}

TEST(NetCodec, ClockNeedsOneDwellCountPerNation) {
  ClockSample s = test::make_clock();
  s.dwells_sent.pop_back();
  ClockSample out;
  DropCounts drops;
  EXPECT_FALSE(roundtrip(s, out, drops));
  EXPECT_EQ(drops.malformed, 1u);
  s = test::make_clock();
  s.t_s = kInf;
  EXPECT_FALSE(roundtrip(s, out, drops));
  EXPECT_EQ(drops.nan, 1u);
}

TEST(NetCodec, SystemTrackMembersChecked) {
  SystemTracksSample s = test::make_system_tracks();
  tracking::SystemTrack unsorted = s.tracks[0], unknown_nation = s.tracks[0],
                        renumbered = s.tracks[0];
  std::swap(unsorted.members[0], unsorted.members[1]);
  unknown_nation.members.push_back(9 * tracking::kNationStride + 1);
  renumbered.report.track_id += 1;  // report.track_id must be the system id
  s.tracks = {unsorted, s.tracks[0], unknown_nation, renumbered};
  SystemTracksSample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(s, out, drops));
  EXPECT_EQ(out.tracks.size(), 1u);
  EXPECT_EQ(drops.malformed, 2u);
  EXPECT_EQ(drops.out_of_range, 1u);
}

TEST(NetCodec, OrderValuesChecked) {
  FireOrdersSample s = test::make_fire_orders(1);
  sim::FireOrderMsg good = s.orders[0], no_shots = good, pk = good, nan_time = good;
  no_shots.shots = 0;
  pk.pk = 1.5;
  nan_time.launch_time_s = kNaN;
  s.orders = {no_shots, pk, good, nan_time};
  FireOrdersSample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(s, out, drops));
  EXPECT_EQ(out.orders.size(), 1u);
  EXPECT_EQ(drops.out_of_range, 2u);
  EXPECT_EQ(drops.nan, 1u);
}

// An order and the report of the track it engages stand or fall together;
// an order sent without one arrives with it not known (track_id 0).
TEST(NetCodec, FireOrderAndItsEngagedTrackTravelTogether) {
  FireOrdersSample s = test::make_fire_orders(1);
  s.orders.push_back(s.orders[0]);
  s.orders[1].track_id = 1000006;
  s.engaged.push_back(test::track_report(1000006, 83.9));
  s.engaged[0].state[3] = kNaN;
  FireOrdersSample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(s, out, drops));
  ASSERT_EQ(out.orders.size(), 1u);
  ASSERT_EQ(out.engaged.size(), 1u);
  EXPECT_EQ(out.orders[0].track_id, 1000006u);
  EXPECT_TRUE(test::same_report(out.engaged[0], s.engaged[1]));
  EXPECT_EQ(drops.nan, 1u);

  s.engaged.clear();
  ASSERT_TRUE(roundtrip(s, out, drops));
  ASSERT_EQ(out.engaged.size(), 2u);
  EXPECT_EQ(out.engaged[0].track_id, 0u);

  EngagementResultSample r = test::make_engagement_result(0);
  r.engaged.covariance(2, 2) = -1.0;
  EngagementResultSample rout;
  EXPECT_FALSE(roundtrip(r, rout, drops));
  EXPECT_EQ(drops.out_of_range, 1u);
}

TEST(NetCodec, LocalTrackIdBelowNationStride) {
  LocalTracksSample s = test::make_local_tracks();
  s.tracks[1].track_id = tracking::kNationStride;
  LocalTracksSample out;
  DropCounts drops;
  ASSERT_TRUE(roundtrip(s, out, drops));
  EXPECT_EQ(out.tracks.size(), 1u);
  EXPECT_EQ(drops.out_of_range, 1u);
}

TEST(NetCodec, NegativeInventoryAndBadHeartbeat) {
  BatteryStatusSample b = test::make_battery_status();
  b.status.rounds_left = -1;
  BatteryStatusSample bout;
  DropCounts drops;
  EXPECT_FALSE(roundtrip(b, bout, drops));
  EXPECT_EQ(drops.out_of_range, 1u);
  HeartbeatSample h = test::make_heartbeat();
  h.wall_s = kNaN;
  HeartbeatSample hout;
  EXPECT_FALSE(roundtrip(h, hout, drops));
  EXPECT_EQ(drops.nan, 1u);
}

TEST(NetCodec, DropCountsAddUp) {
  DropCounts a, b;
  a.add(DropReason::nan);
  a.add(DropReason::wrong_partition);
  b.add(DropReason::malformed);
  b.add(DropReason::none);
  a += b;
  EXPECT_EQ(a.total(), 3u);
  EXPECT_STREQ(to_string(DropReason::foreign_battery), "foreign_battery");
}

}  // namespace
}  // namespace bulwark::net
