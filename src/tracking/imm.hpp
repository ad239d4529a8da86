// Interacting multiple model estimator (Blom & Bar-Shalom 1988; Bar-Shalom,
// Li & Kirubarajan 2001, sec. 11.6) over three EKFs sharing the 7-state:
// boost (unknown thrust as strong white acceleration), exo-atmospheric
// ballistic, and endo-atmospheric drag with 1/beta in the state
// (motion_model.hpp). Markov switching over a step dt: p_ii = exp(-dt/tau_i),
// the remainder split equally between the other two models. Each predict()
// mixes (interaction), then predicts each model; each update() weights the
// models by their measurement likelihoods. The reported state is the
// moment-matched mixture. The PDA update uses as model likelihood the
// association-weighted sum of the measurement likelihoods (an
// approximation of the IMM-PDA of Bar-Shalom, Willett & Tian 2011, sec. 4.4,
// that treats the no-detection hypothesis as model-independent).
// Accuracy: re-entry benchmark RMSE/PCRLB and NEES in docs/benchmarks.md;
// test FiltersConsistency.ImmNeesInBandOnBallisticTrack.
#pragma once

#include <array>
#include <memory>

#include "tracking/estimator.hpp"
#include "tracking/gaussian_state.hpp"
#include "tracking/motion_model.hpp"

namespace bulwark::tracking {

struct ImmOptions;

class Imm final : public Estimator {
 public:
  static constexpr int kModels = 3;  // boost, ballistic, drag
  Imm(const MotionNoise& noise, const physics::EarthModel& earth, double max_step_s,
      const ImmOptions& options, const GaussianState& initial);
  void predict(double t_s) override;
  MeasurementPrediction predict_measurement(const sensors::Measurement& z,
                                            const SensorSite& site) const override;
  void update(const sensors::Measurement& z, const SensorSite& site) override;
  void update_pda(const sensors::Measurement* const* zs, const double* weights, int n,
                  const SensorSite& site) override;
  double time() const override { return states_[0].t_s; }
  TrackReport report(std::uint32_t track_id) const override;
  std::unique_ptr<Estimator> clone() const override { return std::make_unique<Imm>(*this); }
  // Current model probabilities [boost, ballistic, drag].
  const std::array<double, kModels>& probabilities() const { return mu_; }
  GaussianState combined() const;

 private:
  void reweight(const std::array<double, kModels>& log_lik);
  std::array<MotionModel, kModels> models_;
  double max_step_s_;
  std::array<double, kModels> sojourn_s_;
  std::array<GaussianState, kModels> states_;
  std::array<double, kModels> mu_;
};

}  // namespace bulwark::tracking
