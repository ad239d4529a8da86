#include "tracking/imm.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "common/error.hpp"
#include "tracking/ekf.hpp"
#include "tracking/filters.hpp"
#include "tracking/measurement_model.hpp"

namespace bulwark::tracking {
namespace {

constexpr MotionModelKind kKinds[Imm::kModels] = {
    MotionModelKind::boost, MotionModelKind::ballistic, MotionModelKind::drag};
bool same_x6(int i, int j) {
  return has_gamma(kKinds[i]) == has_gamma(kKinds[j]);
}
// Same bits (NaN-safe): a cached linearisation is reused only for the very
// same input.
bool same(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}
bool same_measurement(const sensors::Measurement& a, const sensors::Measurement& b) {
  return a.kind == b.kind && same(a.range_m, b.range_m) && same(a.az_rad, b.az_rad) &&
         same(a.el_rad, b.el_rad) && same(a.range_rate_mps, b.range_rate_mps) &&
         same(a.sigma_range_m, b.sigma_range_m) && same(a.sigma_az_rad, b.sigma_az_rad) &&
         same(a.sigma_el_rad, b.sigma_el_rad) &&
         same(a.sigma_range_rate_mps, b.sigma_range_rate_mps);
}
bool same_site(const SensorSite& a, const SensorSite& b) {
  return std::memcmp(a.position_ecef.data(), b.position_ecef.data(), sizeof(double) * 3) == 0 &&
         std::memcmp(a.ecef_to_enu.data(), b.ecef_to_enu.data(), sizeof(double) * 9) == 0;
}

// `s` with x6 (and its variance) taken from `owner`, uncorrelated with r, v.
GaussianState adopt_x6(const GaussianState& s, const GaussianState& owner) {
  return with_x6(s, owner.x(6), std::sqrt(std::max(owner.P(6, 6), 0.0)));
}

}  // namespace

Imm::Imm(const MotionNoise& noise, const physics::EarthModel& earth, double max_step_s,
         const ImmOptions& options, const GaussianState& initial)
    : models_{MotionModel(MotionModelKind::boost, noise, earth),
              MotionModel(MotionModelKind::ballistic, noise, earth),
              MotionModel(MotionModelKind::drag, noise, earth)},
      max_step_s_(max_step_s),
      sojourn_s_{options.sojourn_boost_s, options.sojourn_ballistic_s, options.sojourn_drag_s},
      states_{with_x6(initial, options.thrust_prior_mps2, options.thrust_prior_sigma_mps2), initial,
              initial},
      mu_{options.initial_boost, options.initial_ballistic, options.initial_drag} {
  prior6_[0] = {options.thrust_prior_mps2, options.thrust_prior_sigma_mps2};
  prior6_[1] = prior6_[2] = {initial.x(6), std::sqrt(std::max(initial.P(6, 6), 0.0))};
  const double sum = mu_[0] + mu_[1] + mu_[2];
  for (double& m : mu_) m /= sum;
}

void Imm::predict(double t_s) {
  if (!(t_s >= time())) throw DomainError("estimator: predict to a time before the state's time");
  const double dt = t_s - time();
  if (dt > 0.0) {
    // Interaction: p_ij is the probability of switching from i to j over dt.
    double p[kModels][kModels];
    for (int i = 0; i < kModels; ++i) {
      const double stay = std::exp(-dt / sojourn_s_[i]);
      for (int j = 0; j < kModels; ++j) p[i][j] = i == j ? stay : 0.5 * (1.0 - stay);
    }
    std::array<GaussianState, kModels> mixed;
    std::array<GaussianState, kModels> in;
    std::array<double, kModels> c{};
    for (int j = 0; j < kModels; ++j) {
      for (int i = 0; i < kModels; ++i) c[j] += p[i][j] * mu_[i];
      double w[kModels];
      for (int i = 0; i < kModels; ++i) {
        w[i] = c[j] > 0.0 ? p[i][j] * mu_[i] / c[j] : 0.0;
        in[i] = same_x6(i, j) ? states_[i] : with_x6(states_[i], prior6_[j][0], prior6_[j][1]);
      }
      mixed[j] = merge(in.data(), w, kModels);
    }
    states_ = mixed;
    mu_ = c;
  }
  for (int j = 0; j < kModels; ++j) ekf_predict(models_[j], max_step_s_, states_[j], t_s);
  ++version_;
}

MeasurementPrediction Imm::predict_measurement(const sensors::Measurement& z,
                                               const SensorSite& site) const {
  std::array<MeasurementPrediction, kModels> p;
  for (int j = 0; j < kModels; ++j) p[j] = ekf_predict_measurement(states_[j], z, site);
  MeasurementPrediction out;
  out.dim = p[0].dim;
  const int ia = azimuth_index(out.dim);
  std::array<MeasVector, kModels> dz;
  MeasVector mean = MeasVector::Zero();
  for (int j = 0; j < kModels; ++j) {
    dz[j] = p[j].z_hat - p[0].z_hat;
    dz[j](ia) = wrap_angle(dz[j](ia));
    mean += mu_[j] * dz[j];
  }
  out.z_hat = p[0].z_hat + mean;
  out.z_hat(ia) = wrap_angle(out.z_hat(ia));
  out.S.setZero();
  for (int j = 0; j < kModels; ++j) {
    const MeasVector d = dz[j] - mean;
    out.S += mu_[j] * (p[j].S + d * d.transpose());
  }
  return out;
}

void Imm::reweight(const std::array<double, kModels>& log_lik) {
  const double top = *std::max_element(log_lik.begin(), log_lik.end());
  double sum = 0.0;
  for (int j = 0; j < kModels; ++j) {
    mu_[j] *= std::exp(log_lik[j] - top);
    sum += mu_[j];
  }
  if (!(sum > 0.0) || !std::isfinite(sum)) {
    mu_.fill(1.0 / kModels);
    return;
  }
  for (double& m : mu_) m /= sum;
}

const Imm::Gated* Imm::find_gated(const sensors::Measurement& z, const SensorSite& site) const {
  for (const Gated& g : gated_)
    if (g.version == version_ && same_measurement(g.z, z) && same_site(g.site, site)) return &g;
  return nullptr;
}

void Imm::update(const sensors::Measurement& z, const SensorSite& site) {
  std::array<double, kModels> ll;
  if (const Gated* g = find_gated(z, site)) {
    check_measurement(z);
    for (int j = 0; j < kModels; ++j)
      ekf_update_linearised(states_[j], z, g->lin[static_cast<std::size_t>(j)]);
    ll = g->log_likelihood;
  } else {
    for (int j = 0; j < kModels; ++j) ll[j] = ekf_update(states_[j], z, site, true);
  }
  ++version_;
  reweight(ll);
}

void Imm::update_pda(const sensors::Measurement* const* zs, const double* weights, int n,
                     const SensorSite& site) {
  if (n <= 0) return;
  std::array<double, kModels> ll;
  for (int j = 0; j < kModels; ++j) ll[j] = ekf_update_pda(states_[j], zs, weights, n, site);
  ++version_;
  reweight(ll);
}

Imm::GateFigures Imm::gate(const sensors::Measurement& z, const SensorSite& site) const {
  GateFigures g;
  g.d2 = std::numeric_limits<double>::infinity();
  double best_ll = -std::numeric_limits<double>::infinity();
  std::array<double, kModels> ll;
  Gated& kept = gated_[gated_next_];
  gated_next_ = (gated_next_ + 1) % kGatedKept;
  for (int j = 0; j < kModels; ++j) {
    kept.lin[static_cast<std::size_t>(j)] = ekf_linearise(states_[j], z, site);
    const InnovationFigures f = kept.lin[static_cast<std::size_t>(j)].prediction.figures(z);
    ll[j] = f.log_likelihood;
    if (mu_[j] >= kGateMinProbability) g.d2 = std::min(g.d2, f.d2);
    best_ll = std::max(best_ll, ll[j]);
  }
  kept.version = version_;
  kept.z = z;
  kept.site = site;
  kept.log_likelihood = ll;
  double sum = 0.0;
  for (int j = 0; j < kModels; ++j) sum += mu_[j] * std::exp(ll[j] - best_ll);
  g.log_likelihood = best_ll + std::log(std::max(sum, 1e-300));
  return g;
}

GaussianState Imm::combined() const {
  // gamma: the mixture of the gamma models; the boost model joins the r, v
  // mixture with that gamma (unbiased mixing, as in predict()).
  const double wg = mu_[1] + mu_[2];
  GaussianState gamma_mix = states_[1];
  if (wg > 0.0) {
    const double w[2] = {mu_[1] / wg, mu_[2] / wg};
    gamma_mix = merge(states_.data() + 1, w, 2);
  }
  const std::array<GaussianState, kModels> in = {adopt_x6(states_[0], gamma_mix), states_[1],
                                                 states_[2]};
  return merge(in.data(), mu_.data(), kModels);
}

TrackReport Imm::report(std::uint32_t track_id) const {
  return to_report(combined(), track_id);
}

}  // namespace bulwark::tracking
