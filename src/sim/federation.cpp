#include "sim/federation.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "common/error.hpp"
#include "sim/engine.hpp"

namespace bulwark::sim {

// C2's picture on a node: the fused system tracks of the last phase 2.
class NationNode::SystemPicture final : public TrackPicture {
 public:
  void ingest(const SensorDwellMsg& /*dwell*/) override {}  // dwells go to the local tracker
  void tracks(double /*t_s*/, std::vector<tracking::TrackReport>& out) override { out = reports; }
  std::vector<tracking::TrackReport> reports;
};

std::vector<NationClaim> winning_claims(const std::vector<NationClaim>& claims) {
  // Per track, the winning nation: earliest intercept, then lower battery.
  std::map<std::uint32_t, const NationClaim*> best;
  for (const NationClaim& c : claims) {
    const NationClaim*& b = best[c.order.track_id];
    if (b == nullptr || c.order.intercept_time_s < b->order.intercept_time_s ||
        (c.order.intercept_time_s == b->order.intercept_time_s &&
         c.order.battery < b->order.battery))
      b = &c;
  }
  std::vector<NationClaim> out;
  for (const NationClaim& c : claims)
    if (best[c.order.track_id]->nation == c.nation) out.push_back(c);
  return out;
}

NationNode::NationNode(const PreparedScenario& prepared, std::uint32_t nation,
                       const C2Options& options, std::uint64_t replication, StageTimes* times,
                       std::uint32_t first_track_id)
    : p_(&prepared), nation_(nation), times_(times) {
  std::unique_ptr<TrackPicture> picture;
  if (!options.perfect_information) {
    tracker_ = default_track_picture(prepared, replication, first_track_id);
    auto system = std::make_unique<SystemPicture>();
    picture_ = system.get();
    picture = std::move(system);
  }
  c2_ = std::make_unique<CommandAndControl>(prepared, options, std::move(picture), times);
}

NationNode::~NationNode() = default;
NationNode::NationNode(NationNode&&) noexcept = default;

void NationNode::on_dwell(const SensorDwellMsg& dwell) {
  if (!tracker_) return;
  const auto& sensor = p_->scenario.sensors[dwell.sensor];
  if (p_->nation_index(sensor.nation) != static_cast<int>(nation_)) return;
  StageTimer timer(times_, Stage::tracking);
  tracker_->ingest(dwell);
}

void NationNode::on_truth(const TruthPictureMsg& truth) {
  c2_->on_truth(truth);
}

std::vector<tracking::TrackReport> NationNode::local_tracks(double t_s) {
  std::vector<tracking::TrackReport> out;
  if (!tracker_) return out;
  StageTimer timer(times_, Stage::tracking);
  tracker_->tracks(t_s, out);
  // As the network carries it (the upper triangle, net/codec.cpp), so the
  // in-process federation fuses bit for bit what the nodes over DDS fuse.
  for (tracking::TrackReport& r : out)
    for (int i = 0; i < 6; ++i)
      for (int j = i + 1; j < 6; ++j)
        r.covariance(i, j) = r.covariance(j, i) = 0.5 * (r.covariance(i, j) + r.covariance(j, i));
  return out;
}

void NationNode::fuse(const std::vector<tracking::LocalTrack>& local) {
  if (picture_ == nullptr) return;
  StageTimer timer(times_, Stage::tracking);
  try {
    const auto& system = table_.update(local);
    picture_->reports.clear();
    for (const tracking::SystemTrack& s : system) picture_->reports.push_back(s.report);
  } catch (const DomainError&) {
    // Local tracks fusion refuses (duplicate keys, a covariance that cannot
    // be inverted) leave the table as it was: plan on the last picture.
    ++rejected_fusions_;
  }
}

std::vector<NationClaim> NationNode::propose(double t_s,
                                             const std::vector<tracking::LocalTrack>& local,
                                             const std::vector<BatteryStatusMsg>& status) {
  fuse(local);
  if (picture_ != nullptr) c2_->reattach_renumbered(t_s, picture_->reports);
  std::vector<NationClaim> claims;
  planned_tracks_.clear();
  withheld_tracks_.clear();
  for (const FireOrderMsg& o : c2_->plan(t_s, status)) {
    planned_tracks_.push_back(o.track_id);
    if (p_->battery_nation[o.battery] != static_cast<int>(nation_)) continue;
    if (release_allows(o, t_s))
      claims.push_back({nation_, o, engaged_track(o)});
    else
      withheld_tracks_.push_back(o.track_id);
  }
  std::vector<SkippedTrack> skipped;
  c2_->skipped(skipped);
  keep_strongest(skip_log_, skipped);
  return claims;
}

std::vector<NationClaim> NationNode::plan_all(double t_s,
                                              const std::vector<tracking::LocalTrack>& local,
                                              const std::vector<BatteryStatusMsg>& status) {
  fuse(local);
  if (picture_ != nullptr) c2_->reattach_renumbered(t_s, picture_->reports);
  std::vector<NationClaim> out;
  for (const FireOrderMsg& o : c2_->plan(t_s, status))
    out.push_back({static_cast<std::uint32_t>(p_->battery_nation[o.battery]), o});
  return out;
}

bool NationNode::release_allows(const FireOrderMsg& order, double t_s) {
  if (!release_.approve) return true;
  const auto key = std::make_pair(order.track_id, order.battery);
  auto [it, fresh] = requests_.try_emplace(key, Request{t_s, 0});
  if (fresh) ++release_stats_.requests;
  Request& r = it->second;
  if (r.state == 0 && release_.approve_after_s >= 0.0 &&
      t_s >= r.requested_s + release_.approve_after_s)
    decide(order.track_id, order.battery, true, t_s);
  return r.state == 1;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> NationNode::open_requests() const {
  std::vector<std::pair<double, std::pair<std::uint32_t, std::uint32_t>>> open;
  for (const auto& [key, r] : requests_)
    if (r.state == 0) open.push_back({r.requested_s, key});
  std::sort(open.begin(), open.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const auto& o : open) out.push_back(o.second);
  return out;
}

void NationNode::decide(std::uint32_t track_id, std::uint32_t battery, bool approve, double t_s) {
  const auto it = requests_.find({track_id, battery});
  if (it == requests_.end() || it->second.state != 0) return;
  it->second.state = approve ? 1 : -1;
  if (approve) {
    ++release_stats_.approved;
    release_stats_.max_wait_s = std::max(release_stats_.max_wait_s, t_s - it->second.requested_s);
  } else {
    ++release_stats_.denied;
  }
}

std::vector<FireOrderMsg> NationNode::resolve(const std::vector<NationClaim>& claims) {
  std::vector<FireOrderMsg> own;
  std::vector<std::uint32_t> won;
  for (const NationClaim& c : winning_claims(claims)) {
    if (other_numbering(c))
      c2_->commit(c.order, c.engaged);
    else
      c2_->commit(c.order);
    won.push_back(c.order.track_id);
    if (c.nation == nation_) own.push_back(c.order);
  }
  // Planned tracks nobody fired at this cycle, and why.
  std::vector<SkippedTrack> missed;
  for (std::uint32_t id : planned_tracks_) {
    if (std::find(won.begin(), won.end(), id) != won.end()) continue;
    const auto it = c2_->plans().find(id);
    if (it == c2_->plans().end()) continue;
    const bool withheld =
        std::find(withheld_tracks_.begin(), withheld_tracks_.end(), id) != withheld_tracks_.end();
    missed.push_back({id, it->second.last.t_s, it->second.last.state.head<3>(),
                      withheld ? engage::NoShot::unreleased : engage::NoShot::unclaimed});
  }
  keep_strongest(skip_log_, missed);
  return own;
}

void NationNode::set_nation_live(std::uint32_t nation, bool live) {
  for (std::size_t b = 0; b < p_->battery_nation.size(); ++b)
    if (p_->battery_nation[b] == static_cast<int>(nation))
      c2_->set_operational(static_cast<std::uint32_t>(b), live);
}

void NationNode::commit(const FireOrderMsg& order) {
  c2_->commit(order);
}

void NationNode::merge(const FireOrderMsg& order, const tracking::TrackReport& engaged) {
  // Attached by its report at the next plan, on that cycle's picture
  // (propose, plan_all); without one, by its intercept point now.
  c2_->commit(order, engaged);
  if (picture_ != nullptr && engaged.track_id != order.track_id)
    c2_->reattach_engagements(picture_->reports);
}

bool NationNode::other_numbering(const NationClaim& claim) const {
  if (claim.nation == nation_ || picture_ == nullptr) return false;
  if (claim.engaged.track_id == 0 || claim.engaged.track_id != claim.order.track_id) return false;
  const auto mine = std::find_if(picture_->reports.begin(), picture_->reports.end(),
                                 [&](const auto& r) { return r.track_id == claim.order.track_id; });
  return mine == picture_->reports.end() ||
         !(tracking::track_distance2(claim.engaged, *mine) <= tracking::FusionOptions{}.gate_chi2);
}

tracking::TrackReport NationNode::engaged_track(const FireOrderMsg& order) const {
  const auto it = c2_->plans().find(order.track_id);
  return it != c2_->plans().end() ? it->second.last : tracking::TrackReport{};
}

void NationNode::restore_picture(const std::vector<tracking::SystemTrack>& tracks) {
  table_.restore(tracks);
  if (picture_ != nullptr) {
    picture_->reports.clear();
    for (const tracking::SystemTrack& s : table_.tracks()) picture_->reports.push_back(s.report);
    c2_->reattach_engagements(picture_->reports);
  }
}

FederatedC2::FederatedC2(const PreparedScenario& prepared, const C2Options& options,
                         std::uint64_t replication, StageTimes* times,
                         const std::vector<ReleaseAuthority>& release)
    : p_(prepared) {
  for (std::size_t n = 0; n < prepared.scenario.nations.size(); ++n) {
    nodes_.emplace_back(prepared, static_cast<std::uint32_t>(n), options, replication, times);
    if (n < release.size()) nodes_.back().set_release(release[n]);
  }
  for (const auto& s : prepared.scenario.sensors)
    sensor_nation_.push_back(prepared.nation_index(s.nation));
}

void FederatedC2::on_dwell(const SensorDwellMsg& dwell) {
  const int n = sensor_nation_[dwell.sensor];
  if (n >= 0) nodes_[static_cast<std::size_t>(n)].on_dwell(dwell);
}

void FederatedC2::on_truth(const TruthPictureMsg& truth) {
  for (NationNode& node : nodes_) node.on_truth(truth);
}

void FederatedC2::cycle(double t_s, const std::vector<BatteryStatusMsg>& status,
                        std::vector<FireOrderMsg>& orders) {
  std::vector<tracking::LocalTrack> local;
  for (NationNode& node : nodes_)
    for (const tracking::TrackReport& r : node.local_tracks(t_s))
      local.push_back({node.nation(), r});
  if (nodes_.empty()) return;
  NationNode& planner = nodes_.front();
  std::vector<NationClaim> claims;
  std::vector<std::uint32_t> withheld;
  for (const NationClaim& c : planner.plan_all(t_s, local, status)) {
    if (nodes_[c.nation].release_allows(c.order, t_s))
      claims.push_back(c);
    else
      withheld.push_back(c.order.track_id);
  }
  std::stable_sort(claims.begin(), claims.end(),
                   [](const NationClaim& a, const NationClaim& b) { return a.nation < b.nation; });
  planner.c2().skipped(skipped_);
  for (const NationClaim& c : winning_claims(claims)) {
    planner.commit(c.order);
    orders.push_back(c.order);
    std::erase(withheld, c.order.track_id);
  }
  std::sort(withheld.begin(), withheld.end());
  withheld.erase(std::unique(withheld.begin(), withheld.end()), withheld.end());
  for (std::uint32_t id : withheld) {
    const tracking::TrackReport& r = planner.c2().plans().at(id).last;
    skipped_.push_back({id, r.t_s, r.state.head<3>(), engage::NoShot::unreleased});
  }
}

bool FederatedC2::skipped(std::vector<SkippedTrack>& out) const {
  out = skipped_;
  return true;
}

void FederatedC2::live_tracks(std::vector<tracking::TrackReport>& out) const {
  if (nodes_.empty()) {
    out.clear();
    return;
  }
  nodes_.front().c2().live_tracks(out);
}

}  // namespace bulwark::sim
