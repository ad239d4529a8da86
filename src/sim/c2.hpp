// The command-and-control side of a simulation: air picture -> threat
// evaluation -> battle management -> fire orders. It sees only what a real
// C2 node sees (messages.hpp): sensor dwells, battery status, and the
// scenario's own defence (batteries, assets, doctrine, catalog) -- never the
// threats' truth. Under perfect information the world hands it the true
// picture and it predicts from truth (the analyst's reference case).
//
// It composes the other modules and adds only the bookkeeping between
// cycles:
// 1. Picture: live tracks -- the tracker's tracks updated within
//    stale_track_s (TrackPicture), or the truth picture.
// 2. Threat evaluation and launch windows per track (assess()): only with
//    new measurements, every prediction_refresh_s (immature_refresh_s while
//    aim uncertainty alone keeps it from being engageable); fire-control
//    quality first (latest_aim_time: no intercept time with aim sigma <=
//    max_aim_sigma_m -> nothing else is computed); then the predicted path
//    (threat::predict_mean_path_until, flown only as far as needed), the
//    windows per battery on it (engage::launch_windows, sampled every
//    window_step_s, up to a launch horizon) keeping opportunities of
//    fire-control quality, and only when one is kept the full assessment
//    (threat::assess_track: unscented impact prediction, class, value at
//    risk). Under perfect information: the true impact, class and value,
//    and windows precomputed on the truth path.
// 3. Kill assessment by the sensors: an engagement is `planned` until its
//    launch, `in_flight` until intercept + kill_assessment_delay_s, then
//    `killed` when the track is no longer live (a killed threat stops being
//    detected, so its track dies) and `survived` otherwise.
// 4. Battle management (engage::plan_cycle: doctrine, windows, reserve,
//    channels, WTA) on that picture, every bm_cycle_s; its fire orders
//    become FireOrderMsg.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engage/battle.hpp"
#include "sim/messages.hpp"
#include "sim/prepared.hpp"
#include "sim/stage_timer.hpp"
#include "threat/assessment.hpp"

namespace bulwark::sim {

struct C2Options {
  bool perfect_information = false;
  double stale_track_s = 8.0;            // a track not updated for this long is not live
  double kill_assessment_delay_s = 6.0;  // after intercept, before the look
  double prediction_refresh_s = 20.0;    // re-assess a track this often (with new measurements)
  // Fire-control quality: an opportunity is usable only when the assessed
  // track's position uncertainty, propagated to the intercept time, is at
  // most max_aim_sigma_m (3-D RMS; linear propagation of the track
  // covariance). 1 km against the notional 2 km divert radius keeps the
  // Gaussian chance of a miss beyond the divert below 1 %.
  double max_aim_sigma_m = 1000.0;
  // A track that only its aim uncertainty keeps from being engageable is
  // re-assessed this often (with new measurements) instead.
  double immature_refresh_s = 4.0;
  // Intercept-time sampling of C2's window search on predicted paths (window
  // edges are still refined to WindowOptions::edge_tolerance_s). Coarser
  // than the truth windows' 0.5 s: battle management takes the earliest
  // sample after now + reaction time each 2 s cycle, so a sample at most
  // 1 s later costs nothing that matters and halves the search.
  double window_step_s = 1.0;
  engage::BattleOptions battle;
  threat::AssessmentOptions assessment = [] {
    threat::AssessmentOptions a;
    a.estimate_launch_point = false;  // not needed to engage
    return a;
  }();
};

// The tracker behind the picture: ingests dwells, reports live tracks.
class TrackPicture {
 public:
  virtual ~TrackPicture() = default;
  virtual void ingest(const SensorDwellMsg& dwell) = 0;
  virtual void tracks(double t_s, std::vector<tracking::TrackReport>& out) = 0;
};

// Per track, what C2 remembers between cycles.
struct TrackPlan {
  std::uint32_t track_id = 0;
  tracking::TrackReport last;
  bool live = false;
  double assessed_at_s = -1e300;
  double assessed_report_s = -1e300;  // time of the track report last assessed
  bool fire_quality = false;          // engageable, or not kept from it by aim uncertainty
  bool predicted = false;
  double impact_s = 0.0;
  double value = 0.0;
  std::string threat_class = "unknown";
  int truth = -1;  // perfect information only: the threat index
  std::vector<std::vector<Opportunity>> opportunities;  // per battery (tracker mode)
};

// A live track that wanted a shot and got no fire order in a cycle, and why
// (analysis: were the threats that leaked unengaged engageable?).
struct SkippedTrack {
  std::uint32_t track_id = 0;
  double t_s = 0.0;  // of the track report
  geo::Vec3 position_ecef = geo::Vec3::Zero();
  engage::NoShot reason = engage::NoShot::no_window;
};

// The command-and-control side as the engine sees it: one C2 in one
// process (CommandAndControl), the nations' nodes in one process
// (sim/federation.hpp), or the nodes in other processes over DDS (net/).
class CommandSide {
 public:
  virtual ~CommandSide() = default;
  virtual void on_dwell(const SensorDwellMsg& dwell) = 0;
  virtual void on_truth(const TruthPictureMsg& truth) = 0;
  // One battle-management cycle; appends fire orders to `orders`.
  virtual void cycle(double t_s, const std::vector<BatteryStatusMsg>& status,
                     std::vector<FireOrderMsg>& orders) = 0;
  // The live tracks of the picture the last cycle planned on (analysis:
  // first-track times).
  virtual void live_tracks(std::vector<tracking::TrackReport>& out) const = 0;
  // The world's answer to one of the cycle's orders.
  virtual void on_order_result(const FireOrderMsg& /*order*/, bool /*accepted*/) {}
  // The tracks the last cycle skipped; false when this side cannot say
  // (C2 in other processes).
  virtual bool skipped(std::vector<SkippedTrack>& out) const {
    out.clear();
    return false;
  }
};

class CommandAndControl final : public CommandSide {
 public:
  // `picture` is the tracker; null under perfect information.
  CommandAndControl(const PreparedScenario& prepared, const C2Options& options,
                    std::unique_ptr<TrackPicture> picture, StageTimes* times);

  void on_dwell(const SensorDwellMsg& dwell) override;
  void on_truth(const TruthPictureMsg& truth) override;
  // plan() and every order of it committed.
  void cycle(double t_s, const std::vector<BatteryStatusMsg>& status,
             std::vector<FireOrderMsg>& orders) override;
  void live_tracks(std::vector<tracking::TrackReport>& out) const override;
  bool skipped(std::vector<SkippedTrack>& out) const override;

  // One cycle's plan without committing it: picture refresh, kill
  // assessment, threat evaluation, engage::plan_cycle. A federated node
  // claims the orders of its own batteries from it (sim/federation.hpp).
  std::vector<FireOrderMsg> plan(double t_s, const std::vector<BatteryStatusMsg>& status);
  // Records an order (this node's or another's) as an engagement: the
  // threat is not planned again while it is pending.
  void commit(const FireOrderMsg& order);
  // An order of another node this node did not resolve (merged after a
  // partition, or on a restart), with the report of the track it engaged
  // there (`engaged`, in that node's numbering): recorded as renumbered.
  void commit(const FireOrderMsg& order, const tracking::TrackReport& engaged);
  // Pending engagements (numbered by another node's picture: merged, or a
  // picture taken over) stay on their track when it is the same object
  // (same_object), else move to the track of `picture` that is (smallest
  // d^2); an engagement whose engaged report is not known moves by its
  // intercept point instead (the track whose predicted position at the
  // intercept time is nearest, within max_distance_m). None fits: it stays
  // where it is. Each is marked renumbered.
  void reattach_engagements(const std::vector<tracking::TrackReport>& picture,
                            double max_distance_m = 10000.0);
  // Every cycle, for the renumbered engagements with a known report still
  // pending at t_s (before intercept + kill assessment): one whose object
  // this node did not track when it came blocks that object from the first
  // cycle a track of it passes the test. A track that fails it in one cycle
  // only keeps its engagement (a system track's state can jump for a cycle:
  // seen 2.6 and 4.7 km, then back); after tracking::FusionOptions::
  // split_cycles consecutive failures the engagement moves.
  void reattach_renumbered(double t_s, const std::vector<tracking::TrackReport>& picture);
  // A battery that is not operational is left out of planning (its nation's
  // node was lost).
  void set_operational(std::uint32_t battery, bool operational);

  const std::map<std::uint32_t, TrackPlan>& plans() const { return plans_; }
  const std::vector<engage::Engagement>& engagements() const { return input_.engagements; }

 private:
  void refresh_picture(double t_s);
  void assess(TrackPlan& plan, double t_s);
  const std::vector<Opportunity>& opportunities(const TrackPlan& plan, int battery) const;

  const PreparedScenario& p_;
  C2Options options_;
  std::unique_ptr<TrackPicture> picture_;
  StageTimes* times_;
  std::map<std::uint32_t, TrackPlan> plans_;
  std::vector<tracking::TrackReport> reports_;  // reused
  std::vector<SkippedTrack> skipped_;           // of the last plan()
  engage::BattleInput input_;                   // reused; holds the engagement history
  double min_reaction_s_ = 1e300;               // shortest battery reaction time
  double max_reaction_s_ = 0.0;                 // longest battery reaction time
};

// The same-object rule of an engagement numbered by another picture
// (docs/federation.md, "One numbering after the heal"): the fusion gate's
// statistic (tracking::track_distance2: position and velocity, 6 dof, at the
// later time) between the engagement's track report (at the order) and
// `track`, when it is at most gate_chi2; nullopt when it is not, or when the
// engagement's report is not known.
std::optional<double> same_object(const engage::Engagement& e, const tracking::TrackReport& track,
                                  double gate_chi2);

// The 3-D RMS position uncertainty (m) of `report` propagated linearly to
// t_s: sqrt(trace(Prr + dt (Prv + Pvr) + dt^2 Pvv)), dt = t_s - report.t_s.
double aim_sigma_m(const tracking::TrackReport& report, double t_s);

// The latest intercept time t >= t_from_s with aim_sigma_m(report, t) <=
// max_sigma_m (+infinity when the uncertainty never grows past it); nullopt
// when there is none, so no opportunity can have fire-control quality.
std::optional<double> latest_aim_time(const tracking::TrackReport& report, double t_from_s,
                                      double max_sigma_m);

// The opportunities of `sorted` that battle management can use in a cycle:
// those launching in [not_before_s, horizon_s], plus the first later one
// (so plan_cycle still sees whether a later window exists), as one window.
std::vector<engage::LaunchWindow> cycle_windows(const std::vector<Opportunity>& sorted,
                                                double not_before_s, double horizon_s);

}  // namespace bulwark::sim
