#include "net_support.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

extern char** environ;

namespace bulwark::net::test {

Limits test_limits() {
  Limits l;
  l.nations = 3;
  l.sensors = 4;
  l.batteries = 5;
  l.battery_nation = {0, 0, 1, 1, 2};
  l.nation_codes = {"PL", "DE", "IT"};
  return l;
}

int test_domain() {
  return 20 + static_cast<int>(getpid() % 200);
}

NetConfig loopback_config(const std::string& identity) {
  NetConfig c;
  c.domain = test_domain();
  c.identity = identity;
  return c;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::uint32_t battery_of(std::uint32_t nation) {
  return nation == 0 ? 1 : nation == 1 ? 2 : 4;
}

tracking::TrackReport make_report(std::uint32_t id, double t) {
  tracking::TrackReport r;
  r.t_s = t;
  r.track_id = id;
  r.state << 4.1e6 + id, 1.2e6, 4.6e6, -1200.0, 350.5, -2100.25;
  Eigen::Matrix<double, 6, 6> a;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) a(i, j) = 0.1 * (i + 1) - 0.05 * j + (i == j ? 3.0 : 0.0);
  r.covariance = a * a.transpose();
  r.beta_kgpm2 = 4500.0;
  r.beta_sigma_kgpm2 = 300.0;
  return r;
}

sim::FireOrderMsg make_order(std::uint32_t battery, std::uint32_t track) {
  sim::FireOrderMsg o;
  o.battery = battery;
  o.track_id = track;
  o.shots = 2;
  o.order_time_s = 100.0;
  o.launch_time_s = 104.5;
  o.intercept_time_s = 160.25;
  o.intercept_point_ecef = geo::Vec3(4.0e6, 1.3e6, 4.7e6);
  o.pk = 0.7;
  return o;
}

bool same_double(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

bool same(const tracking::TrackReport& a, const tracking::TrackReport& b) {
  return a.t_s == b.t_s && a.track_id == b.track_id && a.state == b.state &&
         (a.covariance - b.covariance).cwiseAbs().maxCoeff() <= 1e-12 * a.covariance.norm() &&
         a.beta_kgpm2 == b.beta_kgpm2 && a.beta_sigma_kgpm2 == b.beta_sigma_kgpm2;
}

bool same(const sim::FireOrderMsg& a, const sim::FireOrderMsg& b) {
  return a.battery == b.battery && a.track_id == b.track_id && a.shots == b.shots &&
         a.order_time_s == b.order_time_s && a.launch_time_s == b.launch_time_s &&
         a.intercept_time_s == b.intercept_time_s &&
         a.intercept_point_ecef == b.intercept_point_ecef && a.pk == b.pk;
}

bool same(const sensors::Measurement& a, const sensors::Measurement& b) {
  return a.t_s == b.t_s && a.sensor == b.sensor && a.kind == b.kind &&
         same_double(a.range_m, b.range_m) && a.az_rad == b.az_rad && a.el_rad == b.el_rad &&
         same_double(a.range_rate_mps, b.range_rate_mps) &&
         same_double(a.sigma_range_m, b.sigma_range_m) && a.sigma_az_rad == b.sigma_az_rad &&
         a.sigma_el_rad == b.sigma_el_rad &&
         same_double(a.sigma_range_rate_mps, b.sigma_range_rate_mps) &&
         same_double(a.snr_db, b.snr_db) && a.truth == b.truth;
}

template <class T>
bool same_all(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same(a[i], b[i])) return false;
  return true;
}

}  // namespace

tracking::TrackReport track_report(std::uint32_t id, double t) {
  return make_report(id, t);
}

bool same_report(const tracking::TrackReport& a, const tracking::TrackReport& b) {
  return same(a, b);
}

DwellSample make_dwell(std::uint32_t nation) {
  DwellSample s;
  s.nation = nation;
  s.seq = 17;
  s.dwell.t_s = 12.5;
  s.dwell.sensor = 2;
  s.dwell.site.position_ecef = geo::Vec3(3.9e6, 1.4e6, 4.8e6);
  s.dwell.site.ecef_to_enu << -0.34, 0.94, 0.0, -0.72, -0.26, 0.64, 0.60, 0.22, 0.77;
  sensors::Measurement radar;
  radar.t_s = 12.5;
  radar.sensor = 2;
  radar.kind = sensors::MeasurementKind::radar;
  radar.range_m = 812345.5;
  radar.az_rad = 1.25;
  radar.el_rad = 0.31;
  radar.range_rate_mps = -2500.5;
  radar.sigma_range_m = 25.0;
  radar.sigma_az_rad = 1e-3;
  radar.sigma_el_rad = 1.2e-3;
  radar.sigma_range_rate_mps = 5.0;
  radar.snr_db = 21.5;
  radar.truth = -1;
  sensors::Measurement angles;
  angles.t_s = 12.5;
  angles.sensor = 2;
  angles.kind = sensors::MeasurementKind::angles_only;
  angles.az_rad = -0.5;
  angles.el_rad = 0.05;
  angles.sigma_az_rad = 2e-4;
  angles.sigma_el_rad = 2e-4;
  angles.snr_db = kNaN;
  angles.truth = -1;
  s.dwell.detections = {radar, angles};
  return s;
}

ClockSample make_clock() {
  ClockSample s;
  s.cycle = 42;
  s.t_s = 84.0;
  s.dwells_sent = {10, 20, 30};
  s.final = true;
  return s;
}

BatteryStatusSample make_battery_status() {
  BatteryStatusSample s;
  s.cycle = 42;
  s.status.battery = 3;
  s.status.rounds_left = 11;
  s.status.free_channels = 2;
  return s;
}

LocalTracksSample make_local_tracks(std::uint32_t nation) {
  LocalTracksSample s;
  s.nation = nation;
  s.cycle = 42;
  s.t_s = 84.0;
  s.tracks = {make_report(5, 83.5), make_report(9, 83.9)};
  return s;
}

SystemTracksSample make_system_tracks(std::uint32_t nation) {
  SystemTracksSample s;
  s.nation = nation;
  s.cycle = 42;
  s.t_s = 84.0;
  tracking::SystemTrack t;
  t.system_id = (nation + 1) * tracking::kNationStride + 5;
  t.members = {tracking::kNationStride + 5, 2 * tracking::kNationStride + 8};
  t.report = make_report(t.system_id, 83.9);
  s.tracks = {t};
  return s;
}

ClaimsSample make_claims(std::uint32_t nation) {
  ClaimsSample s;
  s.nation = nation;
  s.cycle = 42;
  s.t_s = 84.0;
  s.claims = {Claim{make_order(battery_of(nation), 1000005), make_report(1000005, 83.9)},
              Claim{make_order(battery_of(nation), 2000008), make_report(2000008, 83.9)}};
  return s;
}

FireOrdersSample make_fire_orders(std::uint32_t nation) {
  FireOrdersSample s;
  s.nation = nation;
  s.cycle = 42;
  s.orders = {make_order(battery_of(nation), 1000005)};
  s.engaged = {make_report(1000005, 83.9)};
  return s;
}

EngagementResultSample make_engagement_result(std::uint32_t nation) {
  EngagementResultSample s;
  s.cycle = 42;
  s.nation = nation;
  s.order = make_order(battery_of(nation), 1000005);
  s.accepted = true;
  s.engaged = make_report(1000005, 83.9);
  return s;
}

HeartbeatSample make_heartbeat(std::uint32_t nation) {
  HeartbeatSample s;
  s.nation = nation;
  s.cycle = 42;
  s.wall_s = 1234.5;
  return s;
}

bool same(const DwellSample& a, const DwellSample& b) {
  return a.nation == b.nation && a.seq == b.seq && a.dwell.t_s == b.dwell.t_s &&
         a.dwell.sensor == b.dwell.sensor &&
         a.dwell.site.position_ecef == b.dwell.site.position_ecef &&
         a.dwell.site.ecef_to_enu == b.dwell.site.ecef_to_enu &&
         same_all(a.dwell.detections, b.dwell.detections);
}
bool same(const ClockSample& a, const ClockSample& b) {
  return a.cycle == b.cycle && a.t_s == b.t_s && a.dwells_sent == b.dwells_sent &&
         a.final == b.final;
}
bool same(const BatteryStatusSample& a, const BatteryStatusSample& b) {
  return a.cycle == b.cycle && a.status.battery == b.status.battery &&
         a.status.rounds_left == b.status.rounds_left &&
         a.status.free_channels == b.status.free_channels;
}
bool same(const LocalTracksSample& a, const LocalTracksSample& b) {
  return a.nation == b.nation && a.cycle == b.cycle && a.t_s == b.t_s &&
         same_all(a.tracks, b.tracks);
}
bool same(const SystemTracksSample& a, const SystemTracksSample& b) {
  if (a.nation != b.nation || a.cycle != b.cycle || a.t_s != b.t_s ||
      a.tracks.size() != b.tracks.size())
    return false;
  for (std::size_t i = 0; i < a.tracks.size(); ++i)
    if (a.tracks[i].system_id != b.tracks[i].system_id ||
        a.tracks[i].members != b.tracks[i].members || !same(a.tracks[i].report, b.tracks[i].report))
      return false;
  return true;
}
bool same(const ClaimsSample& a, const ClaimsSample& b) {
  if (a.nation != b.nation || a.cycle != b.cycle || a.t_s != b.t_s ||
      a.claims.size() != b.claims.size())
    return false;
  for (std::size_t i = 0; i < a.claims.size(); ++i)
    if (!same(a.claims[i].order, b.claims[i].order) ||
        !same(a.claims[i].engaged, b.claims[i].engaged))
      return false;
  return true;
}
bool same(const FireOrdersSample& a, const FireOrdersSample& b) {
  return a.nation == b.nation && a.cycle == b.cycle && same_all(a.orders, b.orders) &&
         same_all(a.engaged, b.engaged);
}
bool same(const EngagementResultSample& a, const EngagementResultSample& b) {
  return a.cycle == b.cycle && a.nation == b.nation && same(a.order, b.order) &&
         a.accepted == b.accepted && same(a.engaged, b.engaged);
}
bool same(const HeartbeatSample& a, const HeartbeatSample& b) {
  return a.nation == b.nation && a.cycle == b.cycle && a.wall_s == b.wall_s;
}

// ---- child processes

Child::Child(const std::vector<std::string>& role) {
  // Everything exec needs is built before fork: the child only execs.
  std::string value;
  for (const std::string& a : role) value.append(value.empty() ? "" : "\x1f").append(a);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e)
    if (std::string(*e).rfind("BULWARK_NET_CHILD=", 0) != 0) env_strings.emplace_back(*e);
  env_strings.push_back("BULWARK_NET_CHILD=" + value);
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::string arg0 = "test_net";
  char* argv[] = {arg0.data(), nullptr};
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test process
    if (getppid() != parent) _exit(126);
    execve(self.c_str(), argv, envp.data());
    _exit(127);
  }
}

Child::~Child() {
  kill();
}

void Child::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int Child::wait(double timeout_s) {
  if (pid_ <= 0) return -2;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      kill();
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string make_federation_ca(const std::vector<std::string>& nations) {
  char tmpl[] = "/tmp/bulwark_net_ca_XXXXXX";
  const char* dir = mkdtemp(tmpl);
  if (dir == nullptr) return "";
  std::string cmd = std::string(BULWARK_SOURCE_DIR) + "/scripts/federation-ca " + dir;
  for (const std::string& n : nations) cmd += " " + n;
  cmd += " >/dev/null";
  return std::system(cmd.c_str()) == 0 ? std::string(dir) : std::string();
}

}  // namespace bulwark::net::test
