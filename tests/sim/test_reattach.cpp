// The same-object rule of engagements numbered by another picture (issue 7,
// docs/federation.md "One numbering after the heal"): an engagement merged
// from a node that was cut off carries the report of the track it engaged
// there; this node attaches it to its own track of that object -- the one
// within the fusion gate in position AND velocity -- every cycle until its
// kill assessment, and to no track of a neighbouring threat.
#include <gtest/gtest.h>

#include <cmath>

#include "common/units.hpp"
#include "fixture.hpp"
#include "geo/frames.hpp"
#include "sim/c2.hpp"
#include "sim/federation.hpp"
#include "tracking/fusion.hpp"

namespace bulwark::sim {
namespace {

const double kGate = tracking::FusionOptions{}.gate_chi2;

// A threat in coast at 150 km over (50 N, 20 E): 3 km/s west, 0.5 km/s down,
// shifted by `offset_enu` (m) and `dv_enu` (m/s); covariance (100 m)^2 per
// position axis, (5 m/s)^2 per velocity axis.
tracking::TrackReport coasting(double t_s, std::uint32_t id,
                               const geo::Vec3& offset_enu = {0, 0, 0},
                               const geo::Vec3& dv_enu = {0, 0, 0}) {
  const double lat = deg_to_rad(50.0), lon = deg_to_rad(20.0);
  const geo::Mat3 to_ecef = geo::enu_rotation(lat, lon).transpose();
  tracking::TrackReport r;
  r.t_s = t_s;
  r.track_id = id;
  r.state.head<3>() = geo::to_ecef({lat, lon, 150000.0}) + to_ecef * offset_enu;
  r.state.tail<3>() = to_ecef * (geo::Vec3(-3000.0, 0.0, -500.0) + dv_enu);
  r.covariance.setZero();
  r.covariance.diagonal() << 1e4, 1e4, 1e4, 25.0, 25.0, 25.0;
  return r;
}

// `r` flown to t_s, with a fresh tracker's covariance (as another node's
// track of the same object would report it).
tracking::TrackReport later(const tracking::TrackReport& r, double t_s, std::uint32_t id) {
  tracking::TrackReport out = tracking::predict_report(r, t_s);
  out.track_id = id;
  out.covariance.setZero();
  out.covariance.diagonal() << 4e4, 4e4, 4e4, 100.0, 100.0, 100.0;
  return out;
}

engage::Engagement engaged_on(const tracking::TrackReport& r) {
  engage::Engagement e;
  e.track_id = r.track_id;
  e.track_report = r;
  e.intercept_time_s = r.t_s + 100.0;
  return e;
}

TEST(SameObject, PositionAndVelocityBothDecide) {
  const tracking::TrackReport mine = coasting(100.0, 2000025);
  const engage::Engagement e = engaged_on(mine);
  // The same object 60 s later, in another node's numbering, 300 m off
  // (1.5 sigma of that track): one object.
  tracking::TrackReport same = later(mine, 160.0, 1000047);
  same.state.head<3>() += geo::Vec3(300.0, 0.0, 0.0);
  const auto d2 = same_object(e, same, kGate);
  ASSERT_TRUE(d2.has_value());
  EXPECT_LT(*d2, kGate);
  // A neighbour at the very same place 60 s later but 80 m/s faster (a
  // threat of the same raid on another trajectory): position alone would
  // take it; the velocity rules it out.
  tracking::TrackReport faster = later(mine, 160.0, 1000048);
  faster.state.tail<3>() += faster.state.tail<3>().normalized() * 80.0;
  EXPECT_FALSE(same_object(e, faster, kGate).has_value());
  // A neighbour flying alongside 3 km away (same velocity): not it either.
  const tracking::TrackReport beside =
      later(coasting(100.0, 0, {0.0, 3000.0, 0.0}), 160.0, 1000049);
  EXPECT_FALSE(same_object(e, beside, kGate).has_value());
  // The order of the two reports in time does not matter.
  engage::Engagement newer = engaged_on(same);
  tracking::TrackReport older = mine;
  EXPECT_NEAR(*same_object(newer, older, kGate), *d2, 1e-6 * *d2);
  // Without the engaged track's report there is nothing to compare.
  engage::Engagement unknown = e;
  unknown.track_report = tracking::TrackReport{};
  EXPECT_FALSE(same_object(unknown, same, kGate).has_value());
}

FireOrderMsg order_on(std::uint32_t track_id, double intercept_s, const geo::Vec3& point) {
  FireOrderMsg o;
  o.battery = 0;
  o.track_id = track_id;
  o.shots = 1;
  o.order_time_s = intercept_s - 100.0;
  o.launch_time_s = intercept_s - 60.0;
  o.intercept_time_s = intercept_s;
  o.intercept_point_ecef = point;
  o.pk = 0.8;
  return o;
}

TEST(SameObject, MergedEngagementStaysUnattachedUntilItsObjectIsTracked) {
  test::Defence d;
  d.warheads = 1;
  const PreparedScenario p = prepare(test::wilkening_scenario(d), test::fixed_pk_options());
  C2Options options;
  CommandAndControl c2(p, options, nullptr, nullptr);

  // Another node engaged its track 2000025 at 100 s (intercept at 200 s);
  // this node holds no track of the object, only a neighbour 3 km away.
  const tracking::TrackReport theirs = coasting(100.0, 2000025);
  const tracking::TrackReport intercept = tracking::predict_report(theirs, 200.0);
  c2.commit(order_on(2000025, 200.0, intercept.state.head<3>()), theirs);
  const tracking::TrackReport neighbour =
      later(coasting(100.0, 0, {0.0, 3000.0, 0.0}), 110.0, 1000001);
  c2.reattach_engagements({neighbour});
  ASSERT_EQ(c2.engagements().size(), 1u);
  EXPECT_EQ(c2.engagements()[0].track_id, 2000025u) << "attached to a neighbouring threat";
  EXPECT_TRUE(c2.engagements()[0].renumbered);

  // Cycles later this node tracks the object (its own number): the
  // engagement moves to it in that cycle. Its report stays the one at the
  // order (the object's state, not whatever the track becomes).
  const tracking::TrackReport ours = later(theirs, 150.0, 1000047);
  c2.reattach_renumbered(150.0,
                         {later(coasting(100.0, 0, {0.0, 3000.0, 0.0}), 150.0, 1000001), ours});
  EXPECT_EQ(c2.engagements()[0].track_id, 1000047u);
  EXPECT_EQ(c2.engagements()[0].track_report.t_s, 100.0);

  // Its track jumps 4 km for one cycle (a system track's state can): the
  // engagement stays, though the object's other track fits; a second
  // cycle off and it moves to that track.
  tracking::TrackReport jumped = later(theirs, 152.0, 1000047);
  jumped.state.head<3>() += geo::Vec3(4000.0, 0.0, 0.0);
  c2.reattach_renumbered(152.0, {jumped, later(theirs, 152.0, 1000050)});
  EXPECT_EQ(c2.engagements()[0].track_id, 1000047u);
  c2.reattach_renumbered(154.0, {later(theirs, 154.0, 1000047), later(theirs, 154.0, 1000050)});
  EXPECT_EQ(c2.engagements()[0].track_id, 1000047u);
  jumped = later(theirs, 156.0, 1000047);
  jumped.state.head<3>() += geo::Vec3(4000.0, 0.0, 0.0);
  c2.reattach_renumbered(156.0, {jumped, later(theirs, 156.0, 1000050)});
  EXPECT_EQ(c2.engagements()[0].track_id, 1000047u) << "one cycle off, not two in a row";
  tracking::TrackReport jumped2 = later(theirs, 158.0, 1000047);
  jumped2.state.head<3>() += geo::Vec3(4000.0, 0.0, 0.0);
  c2.reattach_renumbered(158.0, {jumped2, later(theirs, 158.0, 1000050)});
  EXPECT_EQ(c2.engagements()[0].track_id, 1000050u);

  // After intercept + kill assessment it is no longer moved (its outcome
  // belongs to the track it was on).
  const double done = 200.0 + options.kill_assessment_delay_s;
  c2.reattach_renumbered(done, {later(theirs, done, 1000099)});
  EXPECT_EQ(c2.engagements()[0].track_id, 1000050u);

  // An order whose engaged report is not known (another track's report)
  // falls back on its intercept point: the track whose predicted position
  // at the intercept time is within 10 km of it.
  const tracking::TrackReport ours2 = later(theirs, 120.0, 1000060);
  tracking::TrackReport wrong = theirs;
  wrong.track_id = 7;
  c2.commit(order_on(2000026, 200.0, intercept.state.head<3>()), wrong);
  c2.reattach_engagements({ours2});
  EXPECT_EQ(c2.engagements()[1].track_id, 1000060u);

  // Own orders keep the report planned on; they are not renumbered.
  c2.commit(order_on(1000070, 200.0, intercept.state.head<3>()));
  EXPECT_FALSE(c2.engagements()[2].renumbered);
}

// A claim resolved from a node that planned on another numbering (it had
// not yet taken over the common picture after a heal) is renumbered: the
// claimed track's number is not in this node's picture, or is another
// object there. A claim on this node's own track of the object is not.
TEST(SameObject, AClaimOnAnotherNumberingIsRenumbered) {
  test::Defence d;
  d.warheads = 1;
  const PreparedScenario p = prepare(test::wilkening_scenario(d), test::fixed_pk_options());
  NationNode node(p, 0, C2Options{}, 0, nullptr);
  tracking::TrackReport local = coasting(100.0, 5);
  node.propose(100.0, {{0, local}}, {BatteryStatusMsg{0, 100, 100}});
  ASSERT_EQ(node.system_tracks().size(), 1u);
  const tracking::TrackReport mine = node.system_tracks()[0].report;  // 1000005

  auto claim = [&](std::uint32_t track, const tracking::TrackReport& engaged) {
    NationClaim c;
    c.nation = 1;
    c.order = order_on(track, 200.0, geo::Vec3::Zero());
    c.engaged = engaged;
    c.engaged.track_id = track;
    return c;
  };
  const tracking::TrackReport beside = coasting(100.0, 0, {0.0, 3000.0, 0.0});
  node.resolve({claim(mine.track_id, mine), claim(2000009, mine), claim(mine.track_id, beside)});
  const auto& e = node.c2().engagements();
  ASSERT_EQ(e.size(), 3u);
  EXPECT_FALSE(e[0].renumbered) << "this node's own track of the object";
  EXPECT_TRUE(e[1].renumbered) << "a number this node does not hold";
  EXPECT_TRUE(e[2].renumbered) << "a number this node holds for another object";
}

}  // namespace
}  // namespace bulwark::sim
