// Liveliness: a node process that dies (SIGKILL) drops out of the heartbeat
// reader's live nations within its lease (2 s) plus discovery slack.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "net/dds.hpp"
#include "net_support.hpp"

namespace bulwark::net {
namespace {

using Clock = std::chrono::steady_clock;

bool has(const std::vector<std::uint32_t>& v, std::uint32_t n) {
  return std::find(v.begin(), v.end(), n) != v.end();
}

// Polls live_nations() until every nation in `nations` is alive (or, with
// alive false, none is); the seconds it took, or -1 on timeout.
double wait_for(Reader<HeartbeatSample>& reader, const std::vector<std::uint32_t>& nations,
                bool alive, double timeout_s) {
  const auto t0 = Clock::now();
  while (std::chrono::duration<double>(Clock::now() - t0).count() < timeout_s) {
    const auto live = reader.live_nations();
    if (std::all_of(nations.begin(), nations.end(),
                    [&](std::uint32_t n) { return has(live, n) == alive; }))
      return std::chrono::duration<double>(Clock::now() - t0).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1.0;
}

TEST(NetLiveliness, KilledNodeDropsOutWithinItsLease) {
  Participant world(test::loopback_config("world"));
  Reader<HeartbeatSample> heartbeats(world, test::test_limits());
  const auto t0 = Clock::now();
  test::Child de({"heartbeat", std::to_string(test::test_domain()), "1"});
  test::Child it({"heartbeat", std::to_string(test::test_domain()), "2"});
  ASSERT_TRUE(wait_for_participants(world, 2, 10.0));
  std::printf("discovery: 2 child processes' participants seen after %.3f s\n",
              std::chrono::duration<double>(Clock::now() - t0).count());
  ASSERT_GE(wait_for(heartbeats, {1, 2}, true, 10.0), 0.0)
      << "no heartbeat from the child processes";
  EXPECT_FALSE(has(heartbeats.live_nations(), 0));

  de.kill();  // SIGKILL: no goodbye on the wire
  const double detect_s = wait_for(heartbeats, {1}, false, 10.0);
  std::printf("heartbeat liveliness: SIGKILLed node not alive after %.3f s (lease 2 s)\n",
              detect_s);
  ASSERT_GE(detect_s, 0.0) << "a killed node still alive after 10 s";
  EXPECT_LT(detect_s, 3.5);                        // documented bound (docs/federation.md)
  EXPECT_TRUE(has(heartbeats.live_nations(), 2));  // the other node is unaffected

  // A restarted node is alive again as soon as it writes.
  test::Child de_again({"heartbeat", std::to_string(test::test_domain()), "1"});
  EXPECT_GE(wait_for(heartbeats, {1}, true, 10.0), 0.0);
  EXPECT_EQ(heartbeats.drops().total(), 0u);
}

TEST(NetLiveliness, StoppedNodeDropsOutAndComesBack) {
  // SIGSTOP is a cut link as far as the others can tell: no traffic at all.
  // BULWARK_NET_STOP_S sets the stop (default 2 s; past the 5 s participant
  // lease the world forgets the node and rediscovers it on SIGCONT).
  const double stop_s =
      std::getenv("BULWARK_NET_STOP_S") ? std::atof(std::getenv("BULWARK_NET_STOP_S")) : 2.0;
  Participant world(test::loopback_config("world"));
  Reader<HeartbeatSample> heartbeats(world, test::test_limits());
  test::Child de({"heartbeat", std::to_string(test::test_domain()), "1"});
  ASSERT_GE(wait_for(heartbeats, {1}, true, 10.0), 0.0);
  ::kill(de.pid(), SIGSTOP);
  const double lost_s = wait_for(heartbeats, {1}, false, 5.0);
  ASSERT_GE(lost_s, 0.0);
  std::this_thread::sleep_for(std::chrono::duration<double>(std::max(0.0, stop_s - lost_s)));
  ::kill(de.pid(), SIGCONT);
  const double back_s = wait_for(heartbeats, {1}, true, 30.0);
  std::printf(
      "heartbeat liveliness: stopped node lost after %.3f s, back %.3f s after SIGCONT (stopped "
      "%.1f s)\n",
      lost_s, back_s, stop_s);
  ASSERT_GE(back_s, 0.0);
  EXPECT_LT(back_s, 1.0);
}

TEST(NetLiveliness, DeadReaderDoesNotBlockTheWriter) {
  // Until the dead node's participant lease expires, its reader stays
  // matched and acknowledges nothing: a reliable keep-all writer must keep
  // writing (to the live readers) without blocking past its limit.
  Participant world(test::loopback_config("world"));
  Writer<DwellSample> to_de(world, "DE");
  test::Child de({"dwell-reader", std::to_string(test::test_domain()), "1"});
  ASSERT_TRUE(to_de.wait_for_readers(1, 10.0));
  de.kill();
  DwellSample big = test::make_dwell(1);
  big.dwell.detections.resize(100, big.dwell.detections[0]);  // ~10 kB
  const auto t0 = Clock::now();
  double worst_s = 0.0;
  for (int i = 0; i < 3000; ++i) {  // ~30 MB
    const auto t = Clock::now();
    ASSERT_NO_THROW(to_de.write(big)) << "write " << i;
    worst_s = std::max(worst_s, std::chrono::duration<double>(Clock::now() - t).count());
  }
  std::printf(
      "dead reader: 3000 x 10 kB dwells written in %.3f s, slowest write %.3f s; "
      "matched readers now %u\n",
      std::chrono::duration<double>(Clock::now() - t0).count(), worst_s, to_de.matched_readers());
}

TEST(NetLiveliness, NodeLeavingCleanlyDropsOutAtOnce) {
  Participant world(test::loopback_config("world"));
  Reader<HeartbeatSample> heartbeats(world, test::test_limits());
  {
    Participant node(test::loopback_config("PL"));
    Writer<HeartbeatSample> w(node);
    ASSERT_TRUE(w.wait_for_readers(1, 5.0));
    w.write(test::make_heartbeat(0));
    ASSERT_GE(wait_for(heartbeats, {0}, true, 5.0), 0.0);
  }
  const double gone_s = wait_for(heartbeats, {0}, false, 5.0);
  std::printf("heartbeat liveliness: node that left not alive after %.4f s\n", gone_s);
  ASSERT_GE(gone_s, 0.0);
  EXPECT_LT(gone_s, 0.5);
}

}  // namespace
}  // namespace bulwark::net
