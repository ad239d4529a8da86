// The interface between one track's state estimator (EKF, UKF, IMM, PF) and
// the multi-target machinery (gating, association, track management).
//
// Stone Soup splits this into predictor and updater objects; here one
// estimator object per track holds its own state and does both, so a tracker
// can keep tracks of different filter kinds side by side and the update path
// allocates nothing. The equations each implementation computes are in its
// own header and in docs/models.md.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>

#include "geo/frames.hpp"
#include "sensors/measurement.hpp"
#include "tracking/track_report.hpp"

namespace bulwark::tracking {

// Where a measurement was taken from, at its time: the sensor's ECEF position
// and the rotation to its local ENU frame (satellites move, radars do not).
struct SensorSite {
  geo::Vec3 position_ecef = geo::Vec3::Zero();
  geo::Mat3 ecef_to_enu = geo::Mat3::Identity();
};

// Measurement vector [range, az, el, range_rate]; angles-only uses the
// first `dim` entries of [az, el].
constexpr int kMaxMeasDim = 4;
using MeasVector = Eigen::Matrix<double, kMaxMeasDim, 1>;
using MeasMatrix = Eigen::Matrix<double, kMaxMeasDim, kMaxMeasDim>;

// nu' S^-1 nu and log N(nu; 0, S) of one innovation (infinity and -infinity
// when S is not positive-definite).
struct InnovationFigures {
  double d2 = 0.0;
  double log_likelihood = 0.0;
};

struct MeasurementPrediction {
  int dim = 0;                            // 4 for radar, 2 for angles-only
  MeasVector z_hat = MeasVector::Zero();  // predicted measurement (first dim entries)
  MeasMatrix S = MeasMatrix::Identity();  // innovation covariance (top-left dim x dim)
  MeasVector innovation(const sensors::Measurement& z) const;  // azimuth wrapped to (-pi, pi]
  double mahalanobis2(const sensors::Measurement& z) const;    // nu' S^-1 nu
  double log_likelihood(const sensors::Measurement& z) const;  // log N(nu; 0, S)
  // Both from one factorisation of S (the same values as the two above).
  InnovationFigures figures(const sensors::Measurement& z) const;
};

class Estimator {
 public:
  virtual ~Estimator() = default;
  // Propagates the state to t_s (>= current time) through the motion model.
  virtual void predict(double t_s) = 0;
  // The measurement this state predicts for z's sensor and kind (for gating
  // and association), at the current (predicted) time.
  virtual MeasurementPrediction predict_measurement(const sensors::Measurement& z,
                                                    const SensorSite& site) const = 0;
  // Standard update with one measurement taken at the current time.
  virtual void update(const sensors::Measurement& z, const SensorSite& site) = 0;
  // PDA update (JPDA): the measurements with their association weights
  // beta_i and the no-detection weight beta_0 = 1 - sum beta_i
  // (Bar-Shalom, Willett & Tian 2011, sec. 3.4).
  virtual void update_pda(const sensors::Measurement* const* zs, const double* weights, int n,
                          const SensorSite& site) = 0;
  // Gating figures of z against the current (predicted) state: the squared
  // Mahalanobis distance the gate and GNN cost use, and the log-likelihood
  // (JPDA). Default: nu' S^-1 nu and log N(nu; 0, S) of predict_measurement.
  // The IMM overrides it with the union of its model-conditioned gates.
  struct GateFigures {
    double d2 = 0.0;
    double log_likelihood = 0.0;
  };
  virtual GateFigures gate(const sensors::Measurement& z, const SensorSite& site) const;
  virtual double time() const = 0;
  // Position-velocity mean and covariance (ECEF) and the ballistic
  // coefficient estimate when the filter carries one.
  virtual TrackReport report(std::uint32_t track_id) const = 0;
  virtual std::unique_ptr<Estimator> clone() const = 0;
};

}  // namespace bulwark::tracking
