// Wall-clock time spent in each stage of the chain, for the campaign
// benchmark (bench/sim_campaign.cpp). steady_clock; the two reads per timed
// call cost ~50 ns, small beside the work they time.
#pragma once

#include <array>
#include <chrono>

namespace bulwark::sim {

enum class Stage { physics, sensors, tracking, threat_evaluation, battle_management };
constexpr int kStageCount = 5;
constexpr std::array<const char*, kStageCount> kStageNames = {
    "physics", "sensors", "tracking", "threat_evaluation", "battle_management"};

struct StageTimes {
  std::array<double, kStageCount> seconds{};
  double& operator[](Stage s) { return seconds[static_cast<std::size_t>(s)]; }
  double operator[](Stage s) const { return seconds[static_cast<std::size_t>(s)]; }
  StageTimes& operator+=(const StageTimes& o) {
    for (std::size_t i = 0; i < seconds.size(); ++i) seconds[i] += o.seconds[i];
    return *this;
  }
};

// Adds the lifetime of the object to one stage's total.
class StageTimer {
 public:
  StageTimer(StageTimes* times, Stage stage)
      : times_(times), stage_(stage), start_(std::chrono::steady_clock::now()) {}
  ~StageTimer() {
    if (times_ != nullptr)
      (*times_)[stage_] +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  StageTimer(const StageTimer&) = delete;
  StageTimer& operator=(const StageTimer&) = delete;

 private:
  StageTimes* times_;
  Stage stage_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace bulwark::sim
