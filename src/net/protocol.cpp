#include "net/protocol.hpp"

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "common/error.hpp"

namespace bulwark::net {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Serialised size of a sample, for the traffic figures: its numbers and
// counts as CDR carries them (8-byte doubles, 4-byte counts), without the
// RTPS headers.
std::size_t payload_bytes(const DwellSample& s) {
  return 8 * 3 + 12 * 8 + 4 + s.dwell.detections.size() * (13 * 8);
}
std::size_t payload_bytes(const ClockSample& s) {
  return 8 * 3 + 4 + 8 * s.dwells_sent.size();
}
std::size_t payload_bytes(const BatteryStatusSample&) {
  return 8 + 12;
}
std::size_t payload_bytes(const LocalTracksSample& s) {
  return 8 * 3 + 4 + s.tracks.size() * ((1 + 6 + 21 + 2) * 8 + 4);
}
std::size_t payload_bytes(const SystemTracksSample& s) {
  std::size_t n = 8 * 3 + 4;
  for (const auto& t : s.tracks) n += (1 + 6 + 21 + 2) * 8 + 8 + 4 + 4 * t.members.size();
  return n;
}
std::size_t payload_bytes(const ClaimsSample& s) {
  return 8 * 3 + 4 + s.claims.size() * 12 * 8;
}
std::size_t payload_bytes(const FireOrdersSample& s) {
  return 8 * 2 + 4 + s.orders.size() * 12 * 8;
}
std::size_t payload_bytes(const HeartbeatSample&) {
  return 8 * 3;
}
std::size_t payload_bytes(const EngagementResultSample&) {
  return 8 * 2 + 12 * 8 + 1;
}

template <class Sample>
void write(Writer<Sample>& w, const Sample& s, LinkStats& stats) {
  w.write(s);
  ++stats.samples_written;
  stats.bytes_written += payload_bytes(s);
}

// Samples of one topic keyed by (cycle, nation): a phase takes those of its
// cycle and keeps later ones (a faster node may already be ahead).
// Lockstep: wall seconds without a new clock after which a node sends its
// last Claims and FireOrders again (run_node).
constexpr double kResendAfterS = 2.0;
// Lockstep: how long the world watches a nation that looks lost before it
// believes it (the heartbeat liveliness lease, 2 s, and a margin).
constexpr int kLivenessRecheckMs = 2500;

template <class Sample>
class CycleInbox {
 public:
  void poll(Reader<Sample>& reader) {
    for (Sample& s : reader.take()) by_cycle_[s.cycle][s.nation] = std::move(s);
  }
  std::map<std::uint32_t, Sample>& at(std::uint64_t cycle) { return by_cycle_[cycle]; }
  void drop_before(std::uint64_t cycle) {
    by_cycle_.erase(by_cycle_.begin(), by_cycle_.lower_bound(cycle));
  }

 private:
  std::map<std::uint64_t, std::map<std::uint32_t, Sample>> by_cycle_;
};

// Waits until `inbox` holds cycle k's sample of every live nation, or the
// deadline. Lockstep: the deadline is the timeout, and a missing node that
// is still live after it is an error.
template <class Sample>
bool gather(Reader<Sample>& reader, CycleInbox<Sample>& inbox, std::uint64_t cycle,
            Reader<HeartbeatSample>& heartbeats, const std::vector<std::uint32_t>& extra_live,
            Clock::time_point deadline, double* waited_s) {
  const auto t0 = Clock::now();
  for (;;) {
    inbox.poll(reader);
    std::vector<std::uint32_t> live = heartbeats.live_nations();
    live.insert(live.end(), extra_live.begin(), extra_live.end());
    const auto& got = inbox.at(cycle);
    const bool complete =
        std::all_of(live.begin(), live.end(), [&](std::uint32_t n) { return got.count(n) > 0; });
    if (complete || Clock::now() >= deadline) {
      if (waited_s != nullptr) *waited_s += seconds_since(t0);
      return complete;
    }
    reader.wait(0.02);
  }
}

// The operator at a node with release authority `approve` and no script:
// open requests are listed on stderr; lines "approve TRACK BATTERY_ID" or
// "deny TRACK BATTERY_ID" on stdin decide them (read without blocking).
// `shown`: the requests last listed (so each list is printed once).
void operator_decisions(sim::NationNode& node, const sim::PreparedScenario& p, double t_s,
                        std::vector<std::pair<std::uint32_t, std::uint32_t>>& shown) {
  const auto open = node.open_requests();
  if (open != shown) {
    for (const auto& [track, battery] : open)
      std::fprintf(stderr,
                   "t = %.0f s: approve engagement of track %u by %s? (approve|deny %u %s)\n", t_s,
                   track, p.scenario.batteries[battery].id.c_str(), track,
                   p.scenario.batteries[battery].id.c_str());
    shown = open;
  }
  pollfd fd{0, POLLIN, 0};
  while (::poll(&fd, 1, 0) > 0 && (fd.revents & POLLIN) != 0) {
    char line[256];
    if (std::fgets(line, sizeof line, stdin) == nullptr) break;
    char verb[16], battery_id[128];
    unsigned track = 0;
    if (std::sscanf(line, "%15s %u %127s", verb, &track, battery_id) != 3) continue;
    for (std::size_t b = 0; b < p.scenario.batteries.size(); ++b)
      if (p.scenario.batteries[b].id == battery_id)
        node.decide(track, static_cast<std::uint32_t>(b), std::string(verb) == "approve", t_s);
  }
}

}  // namespace

double monotonic_s() {
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

std::optional<Pace> pace_from_string(const std::string& text) {
  Pace p;
  if (text == "lockstep") return p;
  std::string rest;
  if (text.rfind("realtime", 0) != 0) return std::nullopt;
  rest = text.substr(8);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == 'x')) rest.erase(0, 1);
  p.lockstep = false;
  if (rest.empty()) return p;
  try {
    std::size_t used = 0;
    p.speed = std::stod(rest, &used);
    if (used != rest.size() || !(p.speed > 0.0) || p.speed > 1000.0) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return p;
}

Limits scenario_limits(const sim::PreparedScenario& prepared) {
  const io::Scenario& s = prepared.scenario;
  Limits l;
  l.nations = static_cast<std::uint32_t>(s.nations.size());
  l.sensors = static_cast<std::uint32_t>(s.sensors.size());
  l.batteries = static_cast<std::uint32_t>(s.batteries.size());
  for (int n : prepared.battery_nation) l.battery_nation.push_back(static_cast<std::uint32_t>(n));
  l.nation_codes = s.nations;
  return l;
}

// ---------------------------------------------------------------- world ---

struct RemoteCommand::Impl {
  Impl(Participant& participant, const sim::PreparedScenario& prepared, Pace pace_)
      : p(prepared),
        pace(pace_),
        limits(scenario_limits(prepared)),
        clock(participant),
        status(participant),
        orders(participant, limits),
        system(participant, limits),
        heartbeats(participant, limits),
        results(participant) {
    for (const std::string& code : prepared.scenario.nations)
      dwell_writers.emplace_back(participant, code);
    for (const auto& s : prepared.scenario.sensors)
      sensor_nation.push_back(prepared.nation_index(s.nation));
    dwells_sent.assign(prepared.scenario.nations.size(), 0);
  }

  // A nation live at the last cycle whose FireOrders k have not come.
  bool missing_orders(std::uint64_t k) {
    order_inbox.poll(orders);
    const auto& got = order_inbox.at(k);
    return std::any_of(live_last.begin(), live_last.end(),
                       [&](std::uint32_t n) { return got.count(n) == 0; });
  }

  // Realtime: sleeps until the wall-clock time of sim time t_s.
  void pace_to(double t_s) {
    if (pace.lockstep) return;
    if (!started) {
      started = true;
      t0_sim = t_s;
      t0_wall = Clock::now();
    }
    const auto due = t0_wall + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>((t_s - t0_sim) / pace.speed));
    std::this_thread::sleep_until(due);
  }

  const sim::PreparedScenario& p;
  Pace pace;
  Limits limits;
  std::vector<Writer<DwellSample>> dwell_writers;  // per nation (its partition)
  Writer<ClockSample> clock;
  Writer<BatteryStatusSample> status;
  Reader<FireOrdersSample> orders;
  Reader<SystemTracksSample> system;
  Reader<HeartbeatSample> heartbeats;
  Writer<EngagementResultSample> results;
  CycleInbox<FireOrdersSample> order_inbox;
  std::vector<std::uint32_t> live_last;  // nations live at the last cycle (lockstep recheck)
  CycleInbox<SystemTracksSample> system_inbox;
  std::vector<int> sensor_nation;
  std::vector<std::uint64_t> dwells_sent;
  std::uint64_t cycle = 0;
  std::vector<tracking::TrackReport> picture;
  // The cycle's orders with their engaged reports, in the order the engine
  // answers them (on_order_result), and the next to answer.
  std::vector<std::pair<sim::FireOrderMsg, tracking::TrackReport>> engaged;
  std::size_t next_result = 0;
  bool started = false;
  double t0_sim = 0.0;
  Clock::time_point t0_wall;
};

RemoteCommand::RemoteCommand(Participant& participant, const sim::PreparedScenario& prepared,
                             Pace pace)
    : impl_(std::make_unique<Impl>(participant, prepared, pace)) {
  stats_.lost_nation_at_s.assign(prepared.scenario.nations.size(), -1.0);
}

RemoteCommand::~RemoteCommand() = default;

bool RemoteCommand::wait_for_nodes(double timeout_s) {
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(timeout_s));
  const std::size_t n = impl_->p.scenario.nations.size();
  while (Clock::now() < deadline) {
    if (impl_->heartbeats.live_nations().size() >= n) {
      // Every node's readers matched too, so the first dwells are not lost.
      bool matched = impl_->orders.matched_writers() >= n;
      for (auto& w : impl_->dwell_writers) matched = matched && w.matched_readers() >= 1;
      if (matched) return true;
    }
    impl_->heartbeats.wait(0.05);
  }
  std::fprintf(stderr, "world: %zu of %zu nodes live, fire-order writers matched %u\n",
               impl_->heartbeats.live_nations().size(), n, impl_->orders.matched_writers());
  return false;
}

void RemoteCommand::finish(double t_s) {
  ClockSample c;
  c.cycle = impl_->cycle + 1;
  c.t_s = t_s;
  c.dwells_sent = impl_->dwells_sent;
  c.final = true;
  write(impl_->clock, c, stats_);
}

void RemoteCommand::on_dwell(const sim::SensorDwellMsg& dwell) {
  Impl& m = *impl_;
  const int n = m.sensor_nation[dwell.sensor];
  if (n < 0) return;
  m.pace_to(dwell.t_s);
  DwellSample s;
  s.nation = static_cast<std::uint32_t>(n);
  s.seq = ++m.dwells_sent[static_cast<std::size_t>(n)];
  s.sent_wall_s = monotonic_s();
  s.dwell = dwell;
  write(m.dwell_writers[static_cast<std::size_t>(n)], s, stats_);
}

void RemoteCommand::on_truth(const sim::TruthPictureMsg& /*truth*/) {
  throw DomainError("the federation runs on tracks: --perfect-information is not available");
}

void RemoteCommand::cycle(double t_s, const std::vector<sim::BatteryStatusMsg>& status,
                          std::vector<sim::FireOrderMsg>& orders) {
  Impl& m = *impl_;
  m.pace_to(t_s);
  if (hook_) hook_(t_s);
  const std::uint64_t k = ++m.cycle;
  if (stats_.cycles++ == 0) stats_.first_t_s = t_s;
  stats_.last_t_s = t_s;
  for (const auto& b : status) write(m.status, BatteryStatusSample{k, b}, stats_);
  ClockSample c;
  c.cycle = k;
  c.t_s = t_s;
  c.dwells_sent = m.dwells_sent;
  write(m.clock, c, stats_);

  const double budget = m.pace.lockstep
                            ? m.pace.lockstep_timeout_s
                            : 3.0 * m.pace.phase_share * m.p.scenario.bm_cycle_s / m.pace.speed;
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(budget));
  double waited = 0.0;
  bool complete = gather(m.orders, m.order_inbox, k, m.heartbeats, {}, deadline, &waited);
  if (m.pace.lockstep && complete && m.missing_orders(k)) {
    // Lockstep: a nation without orders counts as lost only if it stays
    // not live for a lease while this process watches. Stopped or starved
    // itself (SIGSTOP, heavy load), the world finds every lease lapsed when
    // it runs again, before it has read the heartbeats waiting for it; a
    // second look tells that from a real loss. The sim clock does not move
    // meanwhile, so a real loss is noticed in the same cycle as before.
    const auto recheck = Clock::now() + std::chrono::milliseconds(kLivenessRecheckMs);
    while (Clock::now() < recheck && m.missing_orders(k)) m.orders.wait(0.02);
    complete = gather(m.orders, m.order_inbox, k, m.heartbeats, {}, deadline, &waited);
  }
  if (!complete && m.pace.lockstep)
    throw DomainError("federation: a live node sent no fire orders for cycle " + std::to_string(k) +
                      " within " + std::to_string(budget) + " s");
  stats_.phase_wait_s.push_back(waited);
  // A nation whose orders for this cycle came in is live whatever its lease
  // says: after a stall its heartbeat can still wait behind those orders.
  std::vector<std::uint32_t> live = m.heartbeats.live_nations();
  for (const auto& entry : m.order_inbox.at(k))
    if (std::find(live.begin(), live.end(), entry.first) == live.end()) live.push_back(entry.first);
  std::sort(live.begin(), live.end());
  m.live_last = live;
  for (std::uint32_t n = 0; n < stats_.lost_nation_at_s.size(); ++n)
    if (std::find(live.begin(), live.end(), n) == live.end() && stats_.lost_nation_at_s[n] < 0.0)
      stats_.lost_nation_at_s[n] = t_s;
  // Orders in nation order, each node's in its own order (as in process).
  m.engaged.clear();
  m.next_result = 0;
  for (const auto& [nation, sample] : m.order_inbox.at(k)) {
    orders.insert(orders.end(), sample.orders.begin(), sample.orders.end());
    for (std::size_t i = 0; i < sample.orders.size(); ++i)
      m.engaged.emplace_back(sample.orders[i], i < sample.engaged.size() ? sample.engaged[i]
                                                                         : tracking::TrackReport{});
  }
  // The picture for the analysis: the lowest live nation's system tracks.
  m.system_inbox.poll(m.system);
  m.picture.clear();
  const auto& sys = m.system_inbox.at(k);
  if (!sys.empty())
    for (const auto& t : sys.begin()->second.tracks) m.picture.push_back(t.report);
  m.order_inbox.drop_before(k + 1);
  m.system_inbox.drop_before(k + 1);
  stats_.drops = m.orders.drops();
  stats_.drops += m.system.drops();
}

void RemoteCommand::on_order_result(const sim::FireOrderMsg& order, bool accepted) {
  EngagementResultSample r;
  r.cycle = impl_->cycle;
  r.nation = static_cast<std::uint32_t>(impl_->p.battery_nation[order.battery]);
  r.order = order;
  r.accepted = accepted;
  Impl& m = *impl_;
  if (m.next_result < m.engaged.size()) {
    const auto& [sent, engaged] = m.engaged[m.next_result++];
    if (sent.battery == order.battery && sent.track_id == order.track_id &&
        sent.launch_time_s == order.launch_time_s)
      r.engaged = engaged;
  }
  write(impl_->results, r, stats_);
}

void RemoteCommand::live_tracks(std::vector<tracking::TrackReport>& out) const {
  out = impl_->picture;
}

// ----------------------------------------------------------------- node ---

LinkStats run_node(Participant& participant, const sim::PreparedScenario& prepared,
                   const NodeOptions& o) {
  const Limits limits = scenario_limits(prepared);
  const std::string& code = prepared.scenario.nations.at(o.nation);
  const std::size_t nations = prepared.scenario.nations.size();
  LinkStats stats;
  stats.lost_nation_at_s.assign(nations, -1.0);
  stats.replanned_wall_s.assign(nations, -1.0);
  stats.back_nation_at_s.assign(nations, -1.0);
  std::vector<std::uint32_t> just_lost;
  bool first_cycle = true;
  bool came_back = false;
  std::map<std::uint32_t, SystemTracksSample> latest_system;  // per nation

  Reader<ClockSample> clock(participant, limits);
  Reader<DwellSample> dwells(participant, limits, code);
  Reader<BatteryStatusSample> status_reader(participant, limits);
  Reader<LocalTracksSample> local_reader(participant, limits);
  Reader<ClaimsSample> claims_reader(participant, limits);
  Reader<HeartbeatSample> heartbeats(participant, limits);
  Reader<EngagementResultSample> results(participant, limits);
  Reader<SystemTracksSample> system_reader(participant, limits);
  Writer<LocalTracksSample> local_writer(participant);
  Writer<SystemTracksSample> system_writer(participant);
  Writer<ClaimsSample> claims_writer(participant);
  Writer<FireOrdersSample> orders_writer(participant);

  const auto t_start = Clock::now();
  // The heartbeat writer exists from the start (so it is discovered early)
  // but writes only once the node takes part: a nation's heartbeat instance
  // is alive only after a sample, so a restarted node is not waited for
  // before it has rejoined.
  Writer<HeartbeatSample> heartbeat_writer(participant);
  auto beat = [&](std::uint64_t cycle) {
    write(heartbeat_writer, HeartbeatSample{o.nation, cycle, seconds_since(t_start)}, stats);
  };
  std::map<std::uint64_t, ClockSample> clocks;
  // A clock already there (durable) means the run is under way: this node
  // was restarted and rejoins. Otherwise it announces itself and waits for
  // the world, which starts only when every node is there.
  while (seconds_since(t_start) < o.rejoin_probe_s && clocks.empty()) {
    for (ClockSample& c : clock.take()) clocks.emplace(c.cycle, std::move(c));
    if (clocks.empty()) clock.wait(0.05);
  }
  if (!clocks.empty() && clocks.rbegin()->second.final) return stats;  // the run is over
  const bool rejoin = !clocks.empty();
  std::uint32_t first_id = 1;
  if (rejoin) {
    // The durable history (the others' pictures, the world's results, the
    // old incarnation's tracks) arrives once the writers are matched, and
    // the first heartbeat must find every reader.
    const auto until = Clock::now() + std::chrono::seconds(3);
    while (Clock::now() < until &&
           (system_reader.matched_writers() + 1 < nations || results.matched_writers() < 1 ||
            local_reader.matched_writers() + 1 < nations ||
            heartbeat_writer.matched_readers() < nations))
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    // Continue after the old incarnation's local ids (its last LocalTracks
    // sample is durable), so other nodes never mistake a new track for one
    // of the old.
    for (const LocalTracksSample& s : local_reader.take())
      if (s.nation == o.nation)
        for (const auto& r : s.tracks) first_id = std::max(first_id, r.track_id + 1);
  }
  sim::NationNode node(prepared, o.nation, o.c2, o.replication, nullptr, first_id);
  node.set_release(o.release);
  const bool interactive = o.release.approve && o.release.approve_after_s < 0.0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> shown_requests;
  // Engagements ordered by cycles this node did not resolve itself (it was
  // cut off or not running) are taken from the world's results.
  std::set<std::pair<std::uint32_t, std::uint64_t>> resolved;  // (nation, cycle)
  std::map<std::uint64_t, std::vector<EngagementResultSample>> pending_results;
  auto merge_results = [&](std::uint64_t before_cycle) {
    for (EngagementResultSample& r : results.take())
      pending_results[r.cycle].push_back(std::move(r));
    while (!pending_results.empty() && pending_results.begin()->first < before_cycle) {
      for (const EngagementResultSample& r : pending_results.begin()->second)
        if (r.accepted && resolved.count({r.nation, r.cycle}) == 0) {
          node.merge(r.order, r.engaged);
          ++stats.merged_engagements;
        }
      pending_results.erase(pending_results.begin());
    }
  };
  bool joined = !rejoin;
  std::uint64_t skip_through_cycle = 0;
  std::uint64_t dwells_done = 0;
  if (rejoin) {
    const ClockSample& now = clocks.rbegin()->second;
    skip_through_cycle = now.cycle;
    if (now.dwells_sent.size() > o.nation) dwells_done = now.dwells_sent[o.nation];
    // The picture: the latest system tracks another node published.
    const SystemTracksSample* best = nullptr;
    std::vector<SystemTracksSample> pictures = system_reader.take();
    for (const SystemTracksSample& s : pictures)
      if (s.nation != o.nation && (best == nullptr || s.cycle > best->cycle)) best = &s;
    if (best != nullptr) node.restore_picture(best->tracks);
    merge_results(now.cycle + 1);
    if (o.verbose)
      std::fprintf(stderr,
                   "node %s: rejoining at cycle %llu with %zu system tracks, %llu engagements\n",
                   code.c_str(), static_cast<unsigned long long>(now.cycle),
                   best != nullptr ? best->tracks.size() : std::size_t{0},
                   static_cast<unsigned long long>(stats.merged_engagements));
    clocks.clear();
  } else {
    beat(0);
  }

  std::map<std::uint64_t, DwellSample> dwell_buffer;  // by seq
  std::vector<double> sent_walls;  // of the dwells processed since the last picture
  std::map<std::uint32_t, sim::BatteryStatusMsg> status_by_battery;
  std::map<std::uint32_t, std::uint64_t> status_cycle;
  CycleInbox<LocalTracksSample> local_inbox;
  CycleInbox<ClaimsSample> claims_inbox;
  std::vector<bool> live(nations, true);
  auto last_clock = Clock::now();
  auto last_beat = Clock::now();
  // Lockstep: this node's Claims and FireOrders of its last cycle, sent
  // again while no new clock comes (below).
  std::optional<ClaimsSample> last_claims;
  std::optional<FireOrdersSample> last_fire;
  auto last_sent = Clock::now();

  auto drain_dwells = [&] {
    for (DwellSample& d : dwells.take())
      if (d.seq > dwells_done) dwell_buffer.emplace(d.seq, std::move(d));
    while (!dwell_buffer.empty() && dwell_buffer.begin()->first == dwells_done + 1) {
      node.on_dwell(dwell_buffer.begin()->second.dwell);
      sent_walls.push_back(dwell_buffer.begin()->second.sent_wall_s);
      dwell_buffer.erase(dwell_buffer.begin());
      ++dwells_done;
    }
  };

  for (;;) {
    for (ClockSample& c : clock.take()) clocks.emplace(c.cycle, std::move(c));
    drain_dwells();
    if (clocks.empty()) {
      if (seconds_since(last_clock) > o.pace.lockstep_timeout_s)
        throw DomainError("node " + code + ": no clock from the world for " +
                          std::to_string(o.pace.lockstep_timeout_s) + " s");
      // Heartbeats while idle, so a world that starts later sees this node.
      if (joined && seconds_since(last_beat) > 0.2) {
        beat(0);
        last_beat = Clock::now();
      }
      // Claims and FireOrders are volatile: a sample written while a reader
      // was unmatched for a moment (a participant lease lapsing under heavy
      // load) is gone, and lockstep would wait for it until the timeout.
      // So while no clock comes they are sent again; readers keep one
      // sample per nation and cycle, so a copy changes nothing.
      if (o.pace.lockstep && last_fire && seconds_since(last_sent) > kResendAfterS) {
        write(claims_writer, *last_claims, stats);
        write(orders_writer, *last_fire, stats);
        last_sent = Clock::now();
        ++stats.resent;
      }
      clock.wait(0.02);
      continue;
    }
    last_clock = Clock::now();
    const ClockSample c = clocks.begin()->second;
    clocks.erase(clocks.begin());
    if (c.final) break;
    if (c.cycle <= skip_through_cycle) continue;  // before this node rejoined
    const bool first_after_rejoin = !joined;
    if (!joined) {
      joined = true;
      beat(c.cycle);
    }
    merge_results(c.cycle);
    if (o.die_at_s >= 0.0 && c.t_s >= o.die_at_s) {
      if (!o.death_note.empty())
        if (FILE* f = std::fopen(o.death_note.c_str(), "w")) {
          std::fprintf(f, "%.9f\n", monotonic_s());
          std::fclose(f);
        }
      std::fflush(nullptr);
      std::raise(SIGKILL);
    }
    const double cycle_wall =
        o.pace.lockstep ? o.pace.lockstep_timeout_s
                        : o.pace.phase_share * prepared.scenario.bm_cycle_s / o.pace.speed;
    auto deadline = [&] {
      return Clock::now() +
             std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(cycle_wall));
    };
    double waited = 0.0;
    // Phase 0: every dwell the clock counts, and the battery status.
    const std::uint64_t need = c.dwells_sent.size() > o.nation ? c.dwells_sent[o.nation] : 0;
    {
      const auto t0 = Clock::now();
      const auto until = first_after_rejoin ? Clock::now() + std::chrono::seconds(2) : deadline();
      for (;;) {
        drain_dwells();
        for (const BatteryStatusSample& s : status_reader.take())
          if (s.cycle >= status_cycle[s.status.battery]) {
            status_cycle[s.status.battery] = s.cycle;
            status_by_battery[s.status.battery] = s.status;
          }
        bool have_status = true;
        for (std::uint32_t b = 0; b < limits.batteries; ++b)
          have_status = have_status && status_cycle.count(b) > 0 && status_cycle[b] >= c.cycle;
        if ((dwells_done >= need && have_status) || Clock::now() >= until) break;
        dwells.wait(0.01);
      }
      waited += seconds_since(t0);
    }
    if (first_after_rejoin && dwells_done < need) {
      // Dwells sent before this node's reader was matched are gone; start
      // from the next one.
      dwell_buffer.erase(dwell_buffer.begin(), dwell_buffer.upper_bound(need));
      dwells_done = need;
    }
    if (o.pace.lockstep && dwells_done < need)
      throw DomainError("node " + code + ": dwells of cycle " + std::to_string(c.cycle) +
                        " did not arrive");
    std::vector<sim::BatteryStatusMsg> status;
    for (std::uint32_t b = 0; b < limits.batteries; ++b) {
      sim::BatteryStatusMsg s =
          status_by_battery.count(b) > 0 ? status_by_battery[b] : sim::BatteryStatusMsg{b, 0, 0};
      s.battery = b;
      status.push_back(s);
    }
    // Which nations are live (a lost one's batteries are not planned). At
    // the first cycle of a fresh start every node is up (the world waited
    // for them), but this node may not have discovered them all yet.
    if (std::exchange(first_cycle, false) && !rejoin) {
      const auto until = Clock::now() + std::chrono::seconds(10);
      auto others = [&] {
        const auto alive = heartbeats.live_nations();
        return std::count_if(alive.begin(), alive.end(),
                             [&](std::uint32_t n) { return n != o.nation; });
      };
      while (static_cast<std::size_t>(others()) + 1 < nations && Clock::now() < until)
        heartbeats.wait(0.02);
    }
    {
      const std::vector<std::uint32_t> alive = heartbeats.live_nations();
      for (std::uint32_t n = 0; n < nations; ++n) {
        const bool is_live =
            n == o.nation || std::find(alive.begin(), alive.end(), n) != alive.end();
        if (is_live != live[n]) {
          node.set_nation_live(n, is_live);
          live[n] = is_live;
          if (!is_live && stats.lost_nation_at_s[n] < 0.0) {
            stats.lost_nation_at_s[n] = c.t_s;
            just_lost.push_back(n);
          }
          if (is_live && stats.lost_nation_at_s[n] >= 0.0) stats.back_nation_at_s[n] = c.t_s;
          came_back = came_back || is_live;
          if (o.verbose)
            std::fprintf(stderr, "node %s: nation %s %s at t = %.1f s\n", code.c_str(),
                         prepared.scenario.nations[n].c_str(), is_live ? "back" : "lost", c.t_s);
        }
      }
    }
    // Whoever was apart numbered its system tracks its own way: when a
    // nation comes back, every node takes the picture of the lowest live
    // nation (its last SystemTracks), so the federation has one numbering
    // again, and pending engagements move to it by their intercept points.
    for (SystemTracksSample& s : system_reader.take()) latest_system[s.nation] = std::move(s);
    if (std::exchange(came_back, false)) {
      std::uint32_t lowest = 0;
      while (lowest < nations && !live[lowest]) ++lowest;
      if (lowest != o.nation && latest_system.count(lowest) > 0) {
        node.restore_picture(latest_system[lowest].tracks);
        ++stats.pictures_adopted;
      }
    }
    if (interactive) operator_decisions(node, prepared, c.t_s, shown_requests);
    // Phase 1: local tracks.
    LocalTracksSample mine;
    mine.nation = o.nation;
    mine.cycle = c.cycle;
    mine.t_s = c.t_s;
    mine.tracks = node.local_tracks(c.t_s);
    write(local_writer, mine, stats);
    gather(local_reader, local_inbox, c.cycle, heartbeats, {o.nation}, deadline(), &waited);
    std::vector<tracking::LocalTrack> all;
    for (const auto& [nation, sample] : local_inbox.at(c.cycle))
      for (const auto& r : sample.tracks) all.push_back({nation, r});
    // Phase 2: fusion, plan, claims.
    const std::vector<sim::NationClaim> proposed = node.propose(c.t_s, all, status);
    SystemTracksSample sys;
    sys.nation = o.nation;
    sys.cycle = c.cycle;
    sys.t_s = c.t_s;
    sys.tracks = node.system_tracks();
    write(system_writer, sys, stats);
    const double published = monotonic_s();
    for (double sent : sent_walls)
      if (sent > 0.0) stats.latency_s.push_back(published - sent);
    sent_walls.clear();
    ClaimsSample claims;
    claims.nation = o.nation;
    claims.cycle = c.cycle;
    claims.t_s = c.t_s;
    for (const auto& pc : proposed) claims.claims.push_back({pc.order, pc.engaged});
    write(claims_writer, claims, stats);
    gather(claims_reader, claims_inbox, c.cycle, heartbeats, {o.nation}, deadline(), &waited);
    std::vector<sim::NationClaim> every;
    for (const auto& [nation, sample] : claims_inbox.at(c.cycle))
      for (const Claim& cl : sample.claims) every.push_back({nation, cl.order, cl.engaged});
    // Phase 3: the winners; fire orders for own batteries.
    FireOrdersSample fire;
    fire.nation = o.nation;
    fire.cycle = c.cycle;
    fire.orders = node.resolve(every);
    for (const sim::FireOrderMsg& order : fire.orders)
      fire.engaged.push_back(node.engaged_track(order));
    for (const auto& entry : claims_inbox.at(c.cycle)) resolved.insert({entry.first, c.cycle});
    write(orders_writer, fire, stats);
    last_claims = std::move(claims);
    last_fire = std::move(fire);
    last_sent = Clock::now();
    for (std::uint32_t n : just_lost) stats.replanned_wall_s[n] = monotonic_s();
    just_lost.clear();
    beat(c.cycle);
    local_inbox.drop_before(c.cycle + 1);
    claims_inbox.drop_before(c.cycle + 1);
    stats.phase_wait_s.push_back(waited);
    if (stats.cycles++ == 0) stats.first_t_s = c.t_s;
    stats.last_t_s = c.t_s;
  }
  for (const auto& [id, k] : node.skip_log()) stats.skipped.push_back(k);
  stats.drops = dwells.drops();
  stats.drops += status_reader.drops();
  stats.drops += local_reader.drops();
  stats.drops += claims_reader.drops();
  stats.drops += clock.drops();
  return stats;
}

}  // namespace bulwark::net
