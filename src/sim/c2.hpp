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
// 2. Threat evaluation (threat::assess_track: impact prediction, class,
//    value at risk), refreshed every prediction_refresh_s per track, and
//    launch windows per battery on the predicted path
//    (engage::launch_windows). Under perfect information: the true impact,
//    class and value, and windows precomputed on the truth path.
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
  double prediction_refresh_s = 20.0;    // re-assess a track this often
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
  bool predicted = false;
  double impact_s = 0.0;
  double value = 0.0;
  std::string threat_class = "unknown";
  int truth = -1;  // perfect information only: the threat index
  std::vector<std::vector<Opportunity>> opportunities;  // per battery (tracker mode)
};

class CommandAndControl {
 public:
  // `picture` is the tracker; null under perfect information.
  CommandAndControl(const PreparedScenario& prepared, const C2Options& options,
                    std::unique_ptr<TrackPicture> picture, StageTimes* times);

  void on_dwell(const SensorDwellMsg& dwell);
  void on_truth(const TruthPictureMsg& truth);
  // One battle-management cycle; appends fire orders to `orders`.
  void cycle(double t_s, const std::vector<BatteryStatusMsg>& status,
             std::vector<FireOrderMsg>& orders);

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
  engage::BattleInput input_;                   // reused; holds the engagement history
};

// A coarse, conservative screen: false only when no state of `path` after
// from_s comes within the battery's maximum range (so launch_windows would
// find nothing). Saves the exact window search for far-away batteries.
bool may_reach(const engage::BatteryGeometry& battery, const physics::Trajectory& path,
               double from_s);

// The opportunities of `sorted` that battle management can use in a cycle:
// those launching in [not_before_s, horizon_s], plus the first later one
// (so plan_cycle still sees whether a later window exists), as one window.
std::vector<engage::LaunchWindow> cycle_windows(const std::vector<Opportunity>& sorted,
                                                double not_before_s, double horizon_s);

}  // namespace bulwark::sim
