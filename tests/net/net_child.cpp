// The roles a net test's child process plays. Child (net_support.hpp) runs
// this executable again with BULWARK_NET_CHILD set to the role and its
// arguments; the role runs during static initialisation, before GoogleTest
// starts, and exits the process.
//
//   heartbeat DOMAIN NATION [SECURITY_DIR]
//       writes a heartbeat every 50 ms until killed (with DDS Security as
//       the nation's identity when SECURITY_DIR is given).
//   dwell-reader DOMAIN NATION
//       takes the nation's dwells until killed.
//   secure-orders DOMAIN SECURITY_DIR IDENTITY NATION CYCLE SECONDS
//       with DDS Security as IDENTITY (none if SECURITY_DIR is "-"): writes a fire-order sample of
//       NATION (cycle CYCLE) every 50 ms for SECONDS while reading the clock; exits 0 if it
//       received a clock sample, 3 if not, 2 on an error.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "net_support.hpp"

namespace bulwark::net::test {
namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == '\x1f')
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

int heartbeat(const std::vector<std::string>& a) {
  const auto nation = static_cast<std::uint32_t>(std::stoul(a.at(2)));
  NetConfig c = loopback_config(test_limits().nation_codes.at(nation));
  c.domain = std::stoi(a.at(1));
  if (a.size() > 3) c.security_dir = a.at(3);
  Participant p(c);
  Writer<HeartbeatSample> w(p);
  for (std::uint64_t cycle = 0;; ++cycle) {
    HeartbeatSample h = make_heartbeat(nation);
    h.cycle = cycle;
    w.write(h);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int secure_orders(const std::vector<std::string>& a) {
  NetConfig c = loopback_config(a.at(3));
  c.domain = std::stoi(a.at(1));
  if (a.at(2) != "-") c.security_dir = a.at(2);
  const auto nation = static_cast<std::uint32_t>(std::stoul(a.at(4)));
  const std::uint64_t cycle = std::stoull(a.at(5));
  const double seconds = std::stod(a.at(6));
  Participant p(c);
  Writer<FireOrdersSample> w(p);
  Reader<ClockSample> clock(p, test_limits());
  bool got_clock = false;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    FireOrdersSample s = make_fire_orders(nation);
    s.cycle = cycle;
    w.write(s);
    if (!clock.take().empty()) got_clock = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return got_clock ? 0 : 3;
}

int dwell_reader(const std::vector<std::string>& a) {
  const auto nation = static_cast<std::uint32_t>(std::stoul(a.at(2)));
  NetConfig c = loopback_config(test_limits().nation_codes.at(nation));
  c.domain = std::stoi(a.at(1));
  Participant p(c);
  Reader<DwellSample> r(p, test_limits());
  for (;;) {
    r.wait(1.0);
    r.take();
  }
}

int run_child_if_asked() {
  const char* role = std::getenv("BULWARK_NET_CHILD");
  if (role == nullptr) return 0;
  int rc = 2;
  try {
    const std::vector<std::string> a = split(role);
    if (a.at(0) == "heartbeat") rc = heartbeat(a);
    if (a.at(0) == "secure-orders") rc = secure_orders(a);
    if (a.at(0) == "dwell-reader") rc = dwell_reader(a);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "net child %s: %s\n", role, e.what());
    rc = 2;
  }
  std::fflush(stderr);
  std::_Exit(rc);
}

[[maybe_unused]] const int kChild = run_child_if_asked();

}  // namespace
}  // namespace bulwark::net::test
