// Regularised particle filter on the 7-state of motion_model.hpp, the
// accuracy reference of the trackers (Gordon, Salmond & Smith 1993; Musso,
// Oudjane & Le Gland 2001; Ristic, Arulampalam & Gordon 2004, ch. 3).
// Particles are drawn from the Gaussian prior (widened 1.5 times and
// importance-weighted, particle_set.hpp) and propagated by the model's
// RK4 with a sample of the discrete process noise; the Gaussian measurement
// likelihood (diagonal R, azimuth wrapped) is applied by progressive
// correction with systematic resampling and a Gaussian regularisation kernel
// between stages (particle_set.hpp): a radar likelihood is far narrower than
// the predicted cloud (15 m against hundreds), which defeats a plain
// bootstrap filter in 7 dimensions. A negative 1/beta is reflected to its
// absolute value. All draws come from make_stream(seed, replication,
// entity). Allocates only at construction; cost O(N) per step, speed is
// secondary (docs/benchmarks.md).
#pragma once

#include <memory>

#include "common/random.hpp"
#include "tracking/estimator.hpp"
#include "tracking/gaussian_state.hpp"
#include "tracking/motion_model.hpp"
#include "tracking/particle_set.hpp"

namespace bulwark::tracking {

struct ParticleOptions;

class ParticleFilter final : public Estimator {
 public:
  ParticleFilter(const MotionModel& model, double max_step_s, const ParticleOptions& options,
                 const GaussianState& initial);
  void predict(double t_s) override;
  MeasurementPrediction predict_measurement(const sensors::Measurement& z,
                                            const SensorSite& site) const override;
  void update(const sensors::Measurement& z, const SensorSite& site) override;
  void update_pda(const sensors::Measurement* const* zs, const double* weights, int n,
                  const SensorSite& site) override;
  double time() const override { return t_s_; }
  TrackReport report(std::uint32_t track_id) const override;
  std::unique_ptr<Estimator> clone() const override {
    return std::make_unique<ParticleFilter>(*this);
  }
  GaussianState moments() const;
  double effective_sample_size() const { return set_.effective_sample_size(); }

 private:
  MotionModel model_;
  double max_step_s_;
  double t_s_;
  Rng rng_;
  ParticleSet<kStateDim> set_;
};

}  // namespace bulwark::tracking
