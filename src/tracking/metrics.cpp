#include "tracking/metrics.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "common/error.hpp"
#include "physics/gravity.hpp"
#include "tracking/chi_square.hpp"
#include "tracking/gnn.hpp"

namespace bulwark::tracking {
namespace {

struct State {
  geo::Vec3 r, v;
};

// Cubic Hermite interpolation of one object's time-sorted samples at t
// (t within the samples' span).
State interpolate(const std::vector<TruthSample>& s, double t) {
  auto it = std::upper_bound(s.begin(), s.end(), t,
                             [](double x, const TruthSample& a) { return x < a.t_s; });
  if (it == s.begin()) return {s.front().r_ecef, s.front().v_ecef};
  if (it == s.end()) return {s.back().r_ecef, s.back().v_ecef};
  const TruthSample& a = *(it - 1);
  const TruthSample& b = *it;
  const double h = b.t_s - a.t_s;
  if (!(h > 0.0)) return {a.r_ecef, a.v_ecef};
  const double u = (t - a.t_s) / h, u2 = u * u, u3 = u2 * u;
  State out;
  out.r = (2 * u3 - 3 * u2 + 1) * a.r_ecef + (u3 - 2 * u2 + u) * h * a.v_ecef +
          (-2 * u3 + 3 * u2) * b.r_ecef + (u3 - u2) * h * b.v_ecef;
  out.v = ((6 * u2 - 6 * u) / h) * a.r_ecef + (3 * u2 - 4 * u + 1) * a.v_ecef +
          ((-6 * u2 + 6 * u) / h) * b.r_ecef + (3 * u2 - 2 * u) * b.v_ecef;
  return out;
}

State extrapolate(const TrackReport& rep, double t) {
  const double dt = t - rep.t_s;
  const geo::Vec3 r = rep.state.head<3>(), v = rep.state.tail<3>();
  const geo::Vec3 g = physics::point_mass_gravity(r);
  return {r + v * dt + 0.5 * dt * dt * g, v + g * dt};
}

double wilson_hilferty(double p_z, double k) {
  const double a = 2.0 / (9.0 * k);
  const double c = 1.0 - a + p_z * std::sqrt(a);
  return k * c * c * c;
}

}  // namespace

void nees_band(long n, int dof, double& low, double& high) {
  if (n <= 0) {
    low = high = 0.0;
    return;
  }
  if (n * dof <= 200) {
    const int k = static_cast<int>(n) * dof;
    low = chi2_quantile(0.025, k) / static_cast<double>(n);
    high = chi2_quantile(0.975, k) / static_cast<double>(n);
    return;
  }
  const double k = static_cast<double>(n) * dof;
  constexpr double z975 = 1.959963984540054;
  low = wilson_hilferty(-z975, k) / static_cast<double>(n);
  high = wilson_hilferty(z975, k) / static_cast<double>(n);
}

MetricsResult evaluate_tracks(std::span<const TruthSample> truth,
                              std::span<const TrackReport> tracks, const MetricsOptions& options) {
  if (!(options.cutoff_m > 0.0) || !(options.order_p >= 1.0) || !(options.epoch_dt_s > 0.0) ||
      !(options.max_track_age_s >= 0.0))
    throw DomainError("metrics need cutoff > 0, order >= 1, epoch step > 0 and age >= 0");
  MetricsResult result;
  result.options = options;
  const double c = options.cutoff_m, p = options.order_p;
  const double cp = std::pow(c, p);

  // Truth objects, each with its samples sorted by time.
  std::map<int, std::vector<TruthSample>> by_truth;
  for (const auto& s : truth) by_truth[s.truth].push_back(s);
  std::vector<int> truth_ids;
  std::vector<std::vector<TruthSample>> objects;
  for (auto& [id, samples] : by_truth) {
    std::stable_sort(samples.begin(), samples.end(),
                     [](const TruthSample& a, const TruthSample& b) { return a.t_s < b.t_s; });
    truth_ids.push_back(id);
    objects.push_back(std::move(samples));
  }
  // Tracks, each with its reports sorted by time.
  std::map<std::uint32_t, std::vector<const TrackReport*>> by_track;
  for (const auto& r : tracks) by_track[r.track_id].push_back(&r);
  std::vector<std::uint32_t> track_ids;
  std::vector<std::vector<const TrackReport*>> series;
  for (auto& [id, reps] : by_track) {
    std::stable_sort(reps.begin(), reps.end(),
                     [](const TrackReport* a, const TrackReport* b) { return a->t_s < b->t_s; });
    track_ids.push_back(id);
    series.push_back(std::move(reps));
  }
  result.track_count = static_cast<int>(track_ids.size());
  result.truths.resize(objects.size());
  for (std::size_t i = 0; i < objects.size(); ++i) result.truths[i].truth = truth_ids[i];

  double t_first = INFINITY, t_last = -INFINITY;
  for (const auto& o : objects) {
    t_first = std::min(t_first, o.front().t_s);
    t_last = std::max(t_last, o.back().t_s);
  }
  for (const auto& s : series) {
    t_first = std::min(t_first, s.front()->t_s);
    t_last = std::max(t_last, s.back()->t_s);
  }
  if (!(t_first <= t_last)) return result;
  const long n_epochs = static_cast<long>(std::floor((t_last - t_first) / options.epoch_dt_s)) + 1;

  // Per track: (epoch, truth object) pairs; per truth: last assigned track.
  std::vector<std::vector<std::pair<long, int>>> assigned_truth(series.size());
  std::vector<long> last_track(objects.size(), -1);
  std::vector<char> was_tracked(objects.size(), 0);
  std::vector<std::size_t> cursor(series.size(), 0);

  std::vector<int> present_truth, present_track;
  std::vector<State> truth_state, track_state;
  std::vector<GateEdge> edges;
  std::vector<int> order;
  AssociationResult assoc;
  GnnAssociator solver;
  double pos_sq_sum = 0.0, vel_sq_sum = 0.0, ospa_sum = 0.0, gospa_sum = 0.0;
  long pairs_total = 0;

  result.epochs.resize(static_cast<std::size_t>(n_epochs));
  for (long k = 0; k < n_epochs; ++k) {
    const double t = t_first + static_cast<double>(k) * options.epoch_dt_s;
    present_truth.clear();
    truth_state.clear();
    for (std::size_t i = 0; i < objects.size(); ++i) {
      if (t < objects[i].front().t_s || t > objects[i].back().t_s) continue;
      present_truth.push_back(static_cast<int>(i));
      truth_state.push_back(interpolate(objects[i], t));
      ++result.truths[i].epochs_present;
    }
    present_track.clear();
    track_state.clear();
    for (std::size_t j = 0; j < series.size(); ++j) {
      auto& cur = cursor[j];
      while (cur + 1 < series[j].size() && series[j][cur + 1]->t_s <= t) ++cur;
      const TrackReport& rep = *series[j][cur];
      if (rep.t_s > t || t - rep.t_s > options.max_track_age_s) continue;
      present_track.push_back(static_cast<int>(j));
      track_state.push_back(extrapolate(rep, t));
    }
    // Candidate pairs closer than c, by sort-and-sweep on x.
    order.resize(present_track.size());
    for (std::size_t q = 0; q < order.size(); ++q) order[q] = static_cast<int>(q);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      return track_state[static_cast<std::size_t>(a)].r.x() <
             track_state[static_cast<std::size_t>(b)].r.x();
    });
    edges.clear();
    for (std::size_t a = 0; a < present_truth.size(); ++a) {
      const geo::Vec3& rt = truth_state[a].r;
      auto it = std::lower_bound(order.begin(), order.end(), rt.x() - c, [&](int q, double x) {
        return track_state[static_cast<std::size_t>(q)].r.x() < x;
      });
      for (; it != order.end() && track_state[static_cast<std::size_t>(*it)].r.x() <= rt.x() + c;
           ++it) {
        const double d = (track_state[static_cast<std::size_t>(*it)].r - rt).norm();
        if (d < c) edges.push_back({static_cast<int>(a), *it, std::pow(d, p) - cp, 0.0});
      }
    }
    std::sort(edges.begin(), edges.end(), [](const GateEdge& x, const GateEdge& y) {
      return x.track != y.track ? x.track < y.track : x.meas < y.meas;
    });
    solver.associate(edges, static_cast<int>(present_truth.size()),
                     static_cast<int>(present_track.size()), 0.0, assoc);

    MetricsEpoch& ep = result.epochs[static_cast<std::size_t>(k)];
    ep.t_s = t;
    ep.truths = static_cast<int>(present_truth.size());
    ep.tracks = static_cast<int>(present_track.size());
    double a_sum = 0.0, pos_sq = 0.0, vel_sq = 0.0;
    std::vector<long> epoch_track(present_truth.size(), -1);
    for (const auto& pr : assoc.pairs) {
      const auto a = static_cast<std::size_t>(pr.track);
      const auto b = static_cast<std::size_t>(pr.meas);
      const double d = (track_state[b].r - truth_state[a].r).norm();
      a_sum += std::pow(d, p) - cp;
      pos_sq += d * d;
      vel_sq += (track_state[b].v - truth_state[a].v).squaredNorm();
      const int obj = present_truth[a];
      const int trk = present_track[b];
      epoch_track[a] = trk;
      assigned_truth[static_cast<std::size_t>(trk)].emplace_back(k, obj);
    }
    ep.assigned = static_cast<int>(assoc.pairs.size());
    if (ep.assigned > 0) {
      ep.position_rmse_m = std::sqrt(pos_sq / ep.assigned);
      ep.velocity_rmse_mps = std::sqrt(vel_sq / ep.assigned);
    }
    const int nmax = std::max(ep.truths, ep.tracks);
    ep.gospa_m = std::pow(std::max(0.0, a_sum + cp * (ep.truths + ep.tracks) / 2.0), 1.0 / p);
    ep.ospa_m = nmax == 0 ? 0.0 : std::pow(std::max(0.0, (a_sum + cp * nmax) / nmax), 1.0 / p);
    pos_sq_sum += pos_sq;
    vel_sq_sum += vel_sq;
    pairs_total += ep.assigned;
    ospa_sum += ep.ospa_m;
    gospa_sum += ep.gospa_m;
    // Breaks and swaps per truth.
    for (std::size_t a = 0; a < present_truth.size(); ++a) {
      const auto obj = static_cast<std::size_t>(present_truth[a]);
      TruthSummary& ts = result.truths[obj];
      const long trk = epoch_track[a];
      if (trk >= 0) {
        ++ts.epochs_tracked;
        if (ts.first_tracked_s < 0.0) ts.first_tracked_s = t;
        if (last_track[obj] >= 0 && last_track[obj] != trk) ++ts.id_swaps;
        last_track[obj] = trk;
      } else if (was_tracked[obj]) {
        ++ts.track_breaks;
      }
      was_tracked[obj] = trk >= 0;
    }
  }
  if (pairs_total > 0) {
    result.position_rmse_m = std::sqrt(pos_sq_sum / static_cast<double>(pairs_total));
    result.velocity_rmse_mps = std::sqrt(vel_sq_sum / static_cast<double>(pairs_total));
  }
  result.mean_ospa_m = ospa_sum / static_cast<double>(n_epochs);
  result.mean_gospa_m = gospa_sum / static_cast<double>(n_epochs);
  for (const auto& ts : result.truths) {
    result.track_breaks += ts.track_breaks;
    result.id_swaps += ts.id_swaps;
  }
  for (const auto& a : assigned_truth)
    if (a.empty()) ++result.false_tracks;

  // NEES per report of an assigned track.
  double nees_sum = 0.0;
  for (std::size_t j = 0; j < series.size(); ++j) {
    const auto& assigned = assigned_truth[j];
    if (assigned.empty()) continue;
    for (const TrackReport* rep : series[j]) {
      const long k =
          std::clamp(std::lround((rep->t_s - t_first) / options.epoch_dt_s), 0L, n_epochs - 1);
      const auto it =
          std::lower_bound(assigned.begin(), assigned.end(), k,
                           [](const std::pair<long, int>& x, long key) { return x.first < key; });
      if (it == assigned.end() || it->first != k) continue;
      const auto& obj = objects[static_cast<std::size_t>(it->second)];
      if (rep->t_s < obj.front().t_s || rep->t_s > obj.back().t_s) continue;
      const State s = interpolate(obj, rep->t_s);
      Eigen::Matrix<double, 6, 1> e;
      e << rep->state.head<3>() - s.r, rep->state.tail<3>() - s.v;
      const Eigen::LLT<Eigen::Matrix<double, 6, 6>> llt(rep->covariance);
      if (llt.info() != Eigen::Success) continue;
      const double nees = e.dot(llt.solve(e));
      MetricsEpoch& ep = result.epochs[static_cast<std::size_t>(k)];
      ep.nees_mean += nees;
      ++ep.nees_samples;
      nees_sum += nees;
      ++result.nees_samples;
    }
  }
  for (auto& ep : result.epochs)
    if (ep.nees_samples > 0) ep.nees_mean /= ep.nees_samples;
  if (result.nees_samples > 0)
    result.nees_mean = nees_sum / static_cast<double>(result.nees_samples);
  nees_band(result.nees_samples, 6, result.nees_band_low, result.nees_band_high);
  return result;
}

}  // namespace bulwark::tracking
