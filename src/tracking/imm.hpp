// Interacting multiple model estimator (Blom & Bar-Shalom 1988; Bar-Shalom,
// Li & Kirubarajan 2001, sec. 11.6) over three EKFs on the 7-state:
// boost (thrust a_T along the velocity, a_T in x6), exo-atmospheric
// ballistic, and endo-atmospheric drag with gamma = 1/beta in x6
// (motion_model.hpp). Markov switching over a step dt: p_ii = exp(-dt/tau_i),
// the remainder split equally between the other two models. Each predict()
// mixes (interaction), then predicts each model; each update() weights the
// models by their measurement likelihoods.
// x6 means a_T in the boost model and gamma in the others, so the states are
// mixed as states of unequal meaning, in the manner of the "unbiased mixing"
// of Yuan, Bar-Shalom, Willett et al., IEEE TAES 48(4), 2012: when model i's x6 means
// something else than model j's, model i enters j's mixture with j's x6
// *prior* (uncorrelated with r, v): the thrust prior of ImmOptions, or the
// track's initial gamma. (Taking j's own x6 instead lets the gamma models,
// updated through a whole burn at low probability, explain thrust by a
// negative drag and leave burnout with a wrong gamma; with the prior the
// receiving model restarts that component each step it is mostly fed by
// the other kind.)
// Reported state: the moment-matched mixture of r, v over all models, and
// beta from the gamma models only.
// Gating (gate()): the union of the model-conditioned gates of the models
// with probability >= kGateMinProbability (d2 = the smallest of their
// nu_j' S_j^-1 nu_j) and the mixture likelihood sum_j mu_j N(nu_j; 0, S_j);
// so the detection after burnout, far outside the boost model's gate but
// inside the ballistic one, still reaches the track (the union of the
// model-conditioned validation regions, a usual IMM-PDAF choice).
// The PDA update uses as model likelihood the
// association-weighted sum of the measurement likelihoods (an
// approximation of the IMM-PDA of Bar-Shalom, Willett & Tian 2011, sec. 4.4,
// that treats the no-detection hypothesis as model-independent).
// Accuracy: re-entry benchmark RMSE/PCRLB and NEES in docs/benchmarks.md;
// test FiltersConsistency.GaussianFiltersNeesInBandOnReentry. Through boost
// (notional SRBM-600, one radar): every detection inside the 99.97 % gate
// through burnout, mean thrust error 7 m/s^2
// (FiltersBoost.ImmHoldsABoostingMissileThroughBurnout).
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "tracking/ekf.hpp"
#include "tracking/estimator.hpp"
#include "tracking/gaussian_state.hpp"
#include "tracking/motion_model.hpp"

namespace bulwark::tracking {

struct ImmOptions;

class Imm final : public Estimator {
 public:
  static constexpr int kModels = 3;  // boost, ballistic, drag
  static constexpr double kGateMinProbability = 1e-3;
  Imm(const MotionNoise& noise, const physics::EarthModel& earth, double max_step_s,
      const ImmOptions& options, const GaussianState& initial);
  void predict(double t_s) override;
  MeasurementPrediction predict_measurement(const sensors::Measurement& z,
                                            const SensorSite& site) const override;
  void update(const sensors::Measurement& z, const SensorSite& site) override;
  void update_pda(const sensors::Measurement* const* zs, const double* weights, int n,
                  const SensorSite& site) override;
  GateFigures gate(const sensors::Measurement& z, const SensorSite& site) const override;
  double time() const override { return states_[0].t_s; }
  TrackReport report(std::uint32_t track_id) const override;
  std::unique_ptr<Estimator> clone() const override { return std::make_unique<Imm>(*this); }
  // Current model probabilities [boost, ballistic, drag].
  const std::array<double, kModels>& probabilities() const { return mu_; }
  // r, v mixture over all models with x6 = the gamma models' mixture.
  GaussianState combined() const;
  // The boost model's thrust acceleration estimate a_T (m/s^2).
  double thrust_mps2() const { return states_[0].x(6); }

 private:
  // The models' linearisations of a gated measurement, which update() reuses
  // while the states are unchanged (the gater and the update see the same
  // predicted state), so a detection is linearised once per model.
  struct Gated {
    std::uint64_t version = 0;  // of the states it was made on; 0 = empty
    sensors::Measurement z;
    SensorSite site;
    std::array<EkfLinearisation, kModels> lin;
    std::array<double, kModels> log_likelihood{};
  };
  static constexpr std::size_t kGatedKept = 4;
  const Gated* find_gated(const sensors::Measurement& z, const SensorSite& site) const;
  void reweight(const std::array<double, kModels>& log_lik);
  mutable std::array<Gated, kGatedKept> gated_;
  mutable std::size_t gated_next_ = 0;
  std::uint64_t version_ = 1;  // bumped whenever the states change
  std::array<MotionModel, kModels> models_;
  double max_step_s_;
  std::array<double, kModels> sojourn_s_;
  std::array<GaussianState, kModels> states_;
  std::array<double, kModels> mu_;
  std::array<std::array<double, 2>, kModels> prior6_;  // x6 prior (mean, sigma) per model
};

}  // namespace bulwark::tracking
