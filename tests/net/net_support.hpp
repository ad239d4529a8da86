// Shared pieces of the net tests: a small notional scenario's limits, one
// sample of each type, a DDS domain id per test process, and child
// processes (this test executable run again in a role, net_child.cpp).
#pragma once

#include <sys/types.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "net/codec.hpp"
#include "net/dds.hpp"

namespace bulwark::net::test {

// Three nations (PL, DE, IT), four sensors, five batteries: 0-1 PL, 2-3 DE, 4 IT.
Limits test_limits();

// A domain id of this process (pid-derived), so parallel test processes do
// not hear each other.
int test_domain();

// A loopback configuration in the test domain.
NetConfig loopback_config(const std::string& identity = "");

// One valid sample of each type (of nation `nation` where it has one).
DwellSample make_dwell(std::uint32_t nation = 0);
ClockSample make_clock();
BatteryStatusSample make_battery_status();
LocalTracksSample make_local_tracks(std::uint32_t nation = 0);
SystemTracksSample make_system_tracks(std::uint32_t nation = 0);
ClaimsSample make_claims(std::uint32_t nation = 0);
FireOrdersSample make_fire_orders(std::uint32_t nation = 0);
EngagementResultSample make_engagement_result(std::uint32_t nation = 0);
HeartbeatSample make_heartbeat(std::uint32_t nation = 0);
tracking::TrackReport track_report(std::uint32_t id, double t);

// Field-by-field equality (NaN equal to NaN; covariances to 1e-12).
bool same_report(const tracking::TrackReport& a, const tracking::TrackReport& b);
bool same(const DwellSample& a, const DwellSample& b);
bool same(const ClockSample& a, const ClockSample& b);
bool same(const BatteryStatusSample& a, const BatteryStatusSample& b);
bool same(const LocalTracksSample& a, const LocalTracksSample& b);
bool same(const SystemTracksSample& a, const SystemTracksSample& b);
bool same(const ClaimsSample& a, const ClaimsSample& b);
bool same(const FireOrdersSample& a, const FireOrdersSample& b);
bool same(const EngagementResultSample& a, const EngagementResultSample& b);
bool same(const HeartbeatSample& a, const HeartbeatSample& b);

// A child process running this executable in a role (net_child.cpp);
// SIGKILLed and reaped on destruction, so none outlives its test.
class Child {
 public:
  explicit Child(const std::vector<std::string>& role);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  pid_t pid() const { return pid_; }
  void kill();                 // SIGKILL, now
  int wait(double timeout_s);  // exit code; -1 on timeout (then killed), -2 if signalled

 private:
  pid_t pid_ = -1;
};

// Makes the federation's security material with scripts/federation-ca into
// a fresh temporary directory; returns it ("" if the script failed).
std::string make_federation_ca(const std::vector<std::string>& nations);

}  // namespace bulwark::net::test
