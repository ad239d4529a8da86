// Publish/subscribe on loopback between two participants of one process:
// every topic delivers what was written; partitions, late joiners and bad
// samples written raw through the IDL types behave as documented.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "common/error.hpp"
#include "net/dds.hpp"
#include "net_support.hpp"

namespace bulwark::net {
namespace {

using test::loopback_config;
using test::test_limits;

constexpr double kTimeout = 5.0;  // s; delivery on loopback takes milliseconds

// Takes until n samples arrived or the timeout passed.
template <class Sample>
std::vector<Sample> take_n(Reader<Sample>& reader, std::size_t n, double timeout_s = kTimeout) {
  std::vector<Sample> got;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (got.size() < n && std::chrono::steady_clock::now() < end) {
    reader.wait(0.05);
    for (Sample& s : reader.take()) got.push_back(std::move(s));
  }
  return got;
}

// Written by `identity`, read by PL's node.
template <class Sample>
void expect_delivered(const Sample& sample, const std::string& identity) {
  Participant a(loopback_config(identity));
  Participant b(loopback_config("PL"));
  Reader<Sample> reader(b, test_limits());
  Writer<Sample> writer = [&] {
    if constexpr (Topic<Sample>::partition == PartitionRule::addressed)
      return Writer<Sample>(a, "PL");
    else
      return Writer<Sample>(a);
  }();
  ASSERT_TRUE(writer.wait_for_readers(1, kTimeout)) << Topic<Sample>::name;
  writer.write(sample);
  const std::vector<Sample> got = take_n(reader, 1);
  ASSERT_EQ(got.size(), 1u) << Topic<Sample>::name;
  EXPECT_TRUE(test::same(got[0], sample)) << Topic<Sample>::name;
  EXPECT_EQ(reader.drops().total(), 0u) << Topic<Sample>::name;
}

TEST(NetPubSub, EveryTopicDelivers) {
  expect_delivered(test::make_dwell(0), "world");
  expect_delivered(test::make_clock(), "world");
  expect_delivered(test::make_battery_status(), "world");
  expect_delivered(test::make_local_tracks(1), "DE");
  expect_delivered(test::make_system_tracks(2), "IT");
  expect_delivered(test::make_claims(0), "PL");
  expect_delivered(test::make_fire_orders(1), "DE");
  expect_delivered(test::make_engagement_result(1), "world");
  expect_delivered(test::make_heartbeat(2), "IT");
}

TEST(NetPubSub, KeepAllDeliversEverySampleInOrder) {
  Participant a(loopback_config("DE")), b(loopback_config("world"));
  Reader<FireOrdersSample> reader(b, test_limits());
  Writer<FireOrdersSample> writer(a);
  ASSERT_TRUE(writer.wait_for_readers(1, kTimeout));
  for (std::uint64_t c = 0; c < 200; ++c) {
    FireOrdersSample s = test::make_fire_orders(1);
    s.cycle = c;
    writer.write(s);
  }
  const auto got = take_n(reader, 200);
  ASSERT_EQ(got.size(), 200u);
  for (std::uint64_t c = 0; c < 200; ++c) EXPECT_EQ(got[c].cycle, c);
}

TEST(NetPubSub, DwellReachesOnlyTheAddressedNation) {
  Participant world(loopback_config("world")), pl(loopback_config("PL")), de(loopback_config("DE"));
  Reader<DwellSample> pl_reader(pl, test_limits()), de_reader(de, test_limits());
  Writer<DwellSample> to_pl(world, "PL"), to_de(world, "DE");
  ASSERT_TRUE(to_pl.wait_for_readers(1, kTimeout));
  ASSERT_TRUE(to_de.wait_for_readers(1, kTimeout));
  EXPECT_EQ(to_pl.matched_readers(), 1u);  // not DE's reader
  to_pl.write(test::make_dwell(0));
  to_de.write(test::make_dwell(1));
  const auto pl_got = take_n(pl_reader, 1);
  const auto de_got = take_n(de_reader, 1);
  ASSERT_EQ(pl_got.size(), 1u);
  ASSERT_EQ(de_got.size(), 1u);
  EXPECT_EQ(pl_got[0].nation, 0u);
  EXPECT_EQ(de_got[0].nation, 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(pl_reader.take().empty());
  EXPECT_TRUE(de_reader.take().empty());
}

TEST(NetPubSub, SampleForAnotherNationThanItsPartitionIsDropped) {
  // PL writes in its own partition a claim that says it is DE's, with DE's
  // batteries: the battery check passes, the partition check does not.
  Participant pl(loopback_config("PL")), world(loopback_config("world"));
  Reader<ClaimsSample> reader(world, test_limits());
  Writer<ClaimsSample> writer(pl);
  ASSERT_TRUE(writer.wait_for_readers(1, kTimeout));
  writer.write(test::make_claims(1));
  writer.write(test::make_claims(0));
  const auto got = take_n(reader, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].nation, 0u);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(reader.take().empty());
  EXPECT_EQ(reader.drops().wrong_partition, 1u);
}

TEST(NetPubSub, LateReaderCatchesUpOnTransientLocalTopics) {
  Participant world(loopback_config("world"));
  Writer<BatteryStatusSample> status(world);
  Writer<ClockSample> clock(world);
  for (std::uint32_t b = 0; b < 5; ++b)
    for (int round = 0; round < 3; ++round) {
      BatteryStatusSample s = test::make_battery_status();
      s.status.battery = b;
      s.status.rounds_left = 10 - round;
      status.write(s);
    }
  clock.write(test::make_clock());

  Participant late(loopback_config("IT"));  // a node (re)started afterwards
  Reader<BatteryStatusSample> status_reader(late, test_limits());
  Reader<ClockSample> clock_reader(late, test_limits());
  const auto got = take_n(status_reader, 5);
  ASSERT_EQ(got.size(), 5u);  // keep-last 1 per battery
  for (const auto& s : got) EXPECT_EQ(s.status.rounds_left, 8);
  EXPECT_EQ(take_n(clock_reader, 1).size(), 1u);
}

TEST(NetPubSub, WaitTimesOutWithoutData) {
  Participant p(loopback_config("PL"));
  Reader<ClockSample> reader(p, test_limits());
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(reader.wait(0.2));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(150));
}

TEST(NetPubSub, PartitionedWritersNeedAnIdentityOrAPartition) {
  Participant anonymous(loopback_config(""));
  EXPECT_THROW(Writer<ClaimsSample>{anonymous}, DomainError);
  EXPECT_THROW(Writer<DwellSample>{anonymous}, DomainError);
  EXPECT_NO_THROW(Writer<DwellSample>(anonymous, "PL"));
}

TEST(NetPubSub, DifferentConfigurationOfOneDomainRefused) {
  Participant p(loopback_config("PL"));
  NetConfig other = loopback_config("DE");
  other.peers = {"127.0.0.2"};
  EXPECT_THROW(Participant{other}, DomainError);
}

TEST(NetPubSub, ConfigurationPinsTheInterface) {
  NetConfig c = loopback_config();
  std::string xml = cyclone_config_xml(c);
  EXPECT_NE(xml.find("<NetworkInterface address=\"127.0.0.1\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<AllowMulticast>false</AllowMulticast>"), std::string::npos);
  EXPECT_NE(xml.find("<Peer address=\"127.0.0.1\"/>"), std::string::npos);
  c.interface = "eth1";
  EXPECT_THROW(cyclone_config_xml(c), DomainError);  // loopback only, yet eth1
  c.loopback_only = false;
  xml = cyclone_config_xml(c);
  EXPECT_NE(xml.find("<NetworkInterface name=\"eth1\"/>"), std::string::npos);
  EXPECT_EQ(xml.find("AllowMulticast"), std::string::npos);
}

// ---- bad samples written raw through the IDL types

// A raw DDS writer of Sample's topic in `partition`, bypassing the codec.
template <class Sample>
struct RawWriter {
  RawWriter(const Participant& p, const std::string& partition) {
    dds_qos_t* qos = topic_qos<Sample>();
    topic = dds_create_topic(p.handle(), &Topic<Sample>::descriptor(), Topic<Sample>::name, qos,
                             nullptr);
    dds_qos_t* pq = dds_create_qos();
    if (!partition.empty()) dds_qset_partition1(pq, partition.c_str());
    publisher = dds_create_publisher(p.handle(), pq, nullptr);
    writer = dds_create_writer(publisher, topic, qos, nullptr);
    dds_delete_qos(pq);
    dds_delete_qos(qos);
  }
  ~RawWriter() {
    dds_delete(publisher);
    dds_delete(topic);
  }
  bool wait_for_reader() const {
    for (int i = 0; i < 500; ++i) {
      dds_publication_matched_status_t st;
      if (dds_get_publication_matched_status(writer, &st) == 0 && st.current_count > 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  void write(const typename Topic<Sample>::Idl& idl) const {
    ASSERT_EQ(dds_write(writer, &idl), 0);
  }
  dds_entity_t topic = 0, publisher = 0, writer = 0;
};

TEST(NetPubSub, BadRawSamplesAreDroppedAndCounted) {
  Participant node(loopback_config("PL")), rogue(loopback_config("PL"));
  Reader<LocalTracksSample> tracks(node, test_limits());
  Reader<ClaimsSample> claims(node, test_limits());
  Reader<DwellSample> dwells(node, test_limits());
  RawWriter<LocalTracksSample> raw_tracks(rogue, "PL");
  RawWriter<ClaimsSample> raw_claims(rogue, "PL");
  RawWriter<DwellSample> raw_dwells(rogue, "PL");
  ASSERT_TRUE(raw_tracks.wait_for_reader());
  ASSERT_TRUE(raw_claims.wait_for_reader());
  ASSERT_TRUE(raw_dwells.wait_for_reader());

  // A NaN state; then a sample from a nation the scenario does not have.
  bulwark_net_idl_LocalTracks t{};
  encode(test::make_local_tracks(0), t);
  t.tracks._buffer[0].state[0] = std::numeric_limits<double>::quiet_NaN();
  raw_tracks.write(t);
  t.nation = 77;
  raw_tracks.write(t);
  free_contents(&t, bulwark_net_idl_LocalTracks_desc);

  // A claim for battery 1000 and one for IT's battery 4, by PL.
  bulwark_net_idl_Claims c{};
  encode(test::make_claims(0), c);
  c.claimed._buffer[0].battery = 1000;
  c.claimed._buffer[1].battery = 4;
  raw_claims.write(c);
  free_contents(&c, bulwark_net_idl_Claims_desc);

  // A dwell of sensor 12 (the scenario has 4).
  bulwark_net_idl_Dwell d{};
  encode(test::make_dwell(0), d);
  d.sensor = 12;
  raw_dwells.write(d);
  free_contents(&d, bulwark_net_idl_Dwell_desc);

  const auto got_tracks = take_n(tracks, 1);
  ASSERT_EQ(got_tracks.size(), 1u);  // the first sample, without its NaN track
  EXPECT_EQ(got_tracks[0].tracks.size(), 1u);
  const auto got_claims = take_n(claims, 1);
  ASSERT_EQ(got_claims.size(), 1u);  // an envelope with no valid claim left
  EXPECT_TRUE(got_claims[0].claims.empty());
  EXPECT_TRUE(take_n(dwells, 1, 0.5).empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(tracks.take().empty());

  EXPECT_EQ(tracks.drops().nan, 1u);
  EXPECT_EQ(tracks.drops().out_of_range, 1u);
  EXPECT_EQ(claims.drops().unknown_battery, 1u);
  EXPECT_EQ(claims.drops().foreign_battery, 1u);
  EXPECT_EQ(dwells.drops().out_of_range, 1u);
}

}  // namespace
}  // namespace bulwark::net
