// DDS Security with certificates from scripts/federation-ca: valid nations
// talk (encrypted); a participant whose certificate another CA signed hears
// nothing and is not heard; a nation cannot write fire orders in another
// nation's partition.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "common/error.hpp"
#include "net/dds.hpp"
#include "net_support.hpp"

namespace bulwark::net {
namespace {

class NetSecurity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ca_dir_ = test::make_federation_ca({"PL", "DE", "IT"});
    rogue_dir_ = test::make_federation_ca({"PL", "DE", "IT"});  // another CA
  }
  static void TearDownTestSuite() {
    if (!ca_dir_.empty()) std::filesystem::remove_all(ca_dir_);
    if (!rogue_dir_.empty()) std::filesystem::remove_all(rogue_dir_);
  }
  void SetUp() override {
    ASSERT_FALSE(ca_dir_.empty()) << "scripts/federation-ca failed";
    ASSERT_FALSE(rogue_dir_.empty()) << "scripts/federation-ca failed";
  }
  static NetConfig secure(const std::string& dir, const std::string& identity) {
    NetConfig c = test::loopback_config(identity);
    c.security_dir = dir;
    return c;
  }
  static std::string ca_dir_, rogue_dir_;
};
std::string NetSecurity::ca_dir_, NetSecurity::rogue_dir_;

TEST_F(NetSecurity, CaScriptLaysOutTheFiles) {
  for (const char* f : {"ca/identity_ca.pem", "ca/permissions_ca.pem", "ca/governance.p7s",
                        "PL/cert.pem", "PL/key.pem", "PL/permissions.p7s", "world/cert.pem",
                        "world/key.pem", "world/permissions.p7s"})
    EXPECT_TRUE(std::filesystem::is_regular_file(ca_dir_ + "/" + f)) << f;
}

TEST_F(NetSecurity, ValidNationsTalkOthersAreShutOut) {
  const std::string domain = std::to_string(test::test_domain());
  // Child processes (each its own DDS domain instance and identity), each
  // writing fire orders for 3 s and telling by its exit code whether it
  // heard the world's clock: a valid PL node; a rogue "PL" whose
  // certificate another CA signed; a plain participant without security.
  test::Child valid({"secure-orders", domain, ca_dir_, "PL", "0", "1001", "3"});
  test::Child rogue({"secure-orders", domain, rogue_dir_, "PL", "0", "666", "3"});
  test::Child plain({"secure-orders", domain, "-", "PL", "0", "777", "3"});

  Participant world(secure(ca_dir_, "world"));
  Writer<ClockSample> clock(world);
  Reader<FireOrdersSample> orders(world, test::test_limits());
  std::size_t from_valid = 0, from_rogue = 0, from_plain = 0;
  const auto start = std::chrono::steady_clock::now();
  double first_s = -1.0;  // authentication, key exchange and discovery
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(2500)) {
    clock.write(test::make_clock());
    orders.wait(0.1);
    for (const FireOrdersSample& s : orders.take()) {
      if (s.cycle == 1001 && first_s < 0.0)
        first_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      from_valid += s.cycle == 1001;
      from_rogue += s.cycle == 666;
      from_plain += s.cycle == 777;
    }
  }
  std::printf("secure: first fire orders from the valid node %.3f s after the world started\n",
              first_s);
  EXPECT_GT(from_valid, 0u) << "nothing from the valid PL node";
  EXPECT_EQ(from_rogue, 0u) << "the rogue participant was heard";
  EXPECT_EQ(from_plain, 0u) << "the participant without security was heard";
  EXPECT_EQ(valid.wait(10.0), 0) << "the valid PL node did not hear the world's clock";
  EXPECT_EQ(rogue.wait(10.0), 3) << "the rogue participant heard the world's clock";
  EXPECT_EQ(plain.wait(10.0), 3) << "the participant without security heard the world's clock";
}

TEST_F(NetSecurity, KilledSecureNodeDropsOutWithinItsLease) {
  // Liveliness messages are encrypted too (governance): same 2 s lease.
  Participant world(secure(ca_dir_, "world"));
  Reader<HeartbeatSample> heartbeats(world, test::test_limits());
  test::Child it({"heartbeat", std::to_string(test::test_domain()), "2", ca_dir_});
  auto alive = [&] {
    const auto v = heartbeats.live_nations();
    return std::find(v.begin(), v.end(), 2u) != v.end();
  };
  const auto until = [&](bool want, double timeout_s) {
    const auto t0 = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - t0 < std::chrono::duration<double>(timeout_s)) {
      if (alive() == want)
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1.0;
  };
  ASSERT_GE(until(true, 10.0), 0.0) << "no heartbeat from the secure node";
  it.kill();
  const double detect_s = until(false, 10.0);
  std::printf("secure heartbeat liveliness: SIGKILLed node not alive after %.3f s\n", detect_s);
  ASSERT_GE(detect_s, 0.0);
  EXPECT_LT(detect_s, 3.5);
}

TEST_F(NetSecurity, NationCannotWriteInAnotherNationsPartition) {
  Participant pl(secure(ca_dir_, "PL"));
  EXPECT_NO_THROW(Writer<FireOrdersSample>{pl});  // its own partition
  try {
    Writer<FireOrdersSample> w(pl, "DE");
    FAIL() << "PL created a fire-order writer in DE's partition";
  } catch (const DomainError& e) {
    std::printf("refused as expected: %s\n", e.what());
  }
  EXPECT_THROW(Writer<ClaimsSample>(pl, "IT"), DomainError);
  EXPECT_THROW(Writer<ClockSample>{pl}, DomainError);  // only the world keeps time
  EXPECT_THROW(Reader<DwellSample>(pl, test::test_limits(), "DE"), DomainError);
}

TEST_F(NetSecurity, MissingCertificateNamed) {
  NetConfig c = secure(ca_dir_, "FR");  // no such identity
  try {
    Participant p(c);
    FAIL() << "a participant without certificate was created";
  } catch (const DomainError& e) {
    EXPECT_NE(std::string(e.what()).find("FR/cert.pem"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace bulwark::net
