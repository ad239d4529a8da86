#include "tracking/fusion.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.hpp"
#include "physics/gravity.hpp"

namespace bulwark::tracking {

namespace {

using Vec6 = Eigen::Matrix<double, 6, 1>;
using Mat6 = Eigen::Matrix<double, 6, 6>;
constexpr double kInf = std::numeric_limits<double>::infinity();

// An estimate with its information matrix Y = P^-1, so that a chain of
// fusions inverts each covariance once.
struct Fusable {
  Vec6 x;
  Mat6 P;
  Mat6 Y;
};

// P^-1 by Cholesky; a covariance that is not positive definite (singular,
// or indefinite by rounding) is loaded with 1e-12, 1e-11, ... of its mean
// variance until it is.
Mat6 information(const Mat6& covariance) {
  Mat6 P = 0.5 * (covariance + covariance.transpose());
  const double scale = P.diagonal().mean();
  if (!P.allFinite() || !(scale > 0.0))
    throw DomainError("covariance intersection: covariance is not finite or has no variance");
  Eigen::LLT<Mat6> llt(P);
  for (double load = 1e-12 * scale; llt.info() != Eigen::Success; load *= 10.0) {
    if (load > 1e-3 * scale)
      throw DomainError("covariance intersection: covariance is not positive semi-definite");
    llt.compute(P + load * Mat6::Identity());
  }
  Mat6 Y = llt.solve(Mat6::Identity());
  return 0.5 * (Y + Y.transpose());
}

// det P(w) = 1 / det(w Ya + (1 - w) Yb) through the eigenvalues l_i of
// Lb^-1 Ya Lb^-T (Yb = Lb Lb'): det P(w) = det Pb / prod(1 + w (l_i - 1)),
// so the search costs one 6x6 eigensolve and then six products per step.
// The objective is -prod(...), minimal where det P is (no logs needed).
class DetObjective {
 public:
  DetObjective(const Mat6& Ya, const Mat6& Yb) {
    const Eigen::LLT<Mat6> llt(Yb);
    if (llt.info() != Eigen::Success) throw DomainError("covariance intersection: singular fusion");
    const Mat6 m = llt.matrixL().solve(llt.matrixL().solve(Ya).transpose());
    lambda_ = Eigen::SelfAdjointEigenSolver<Mat6>(0.5 * (m + m.transpose()), Eigen::EigenvaluesOnly)
                  .eigenvalues();
  }
  // +inf where w Ya + (1 - w) Yb is not positive definite.
  double operator()(double w) const {
    double p = 1.0;
    for (int i = 0; i < 6; ++i) {
      const double e = 1.0 + w * (lambda_(i) - 1.0);
      if (!(e > 0.0)) return kInf;
      p *= e;
    }
    return -p;
  }

 private:
  Vec6 lambda_;
};

// Golden-section search for the w minimising det P(w): log det P(w) is
// convex in w (log det is concave on positive definite matrices, Y(w) is
// affine), so det P(w) is unimodal.
double optimal_weight(const Mat6& Ya, const Mat6& Yb) {
  const DetObjective f(Ya, Yb);
  const double g = 0.5 * (std::sqrt(5.0) - 1.0);
  double lo = 0.0, hi = 1.0;
  double c = hi - g * (hi - lo), d = lo + g * (hi - lo);
  double fc = f(c), fd = f(d);
  while (hi - lo > 1e-9) {
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - g * (hi - lo);
      fc = f(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + g * (hi - lo);
      fd = f(d);
    }
  }
  // The bounds and the midpoint compete with the interior optimum; ties
  // (flat det) prefer w = 0.5, then the exact bounds.
  const double candidates[4] = {0.5, 1.0, 0.0, fc < fd ? c : d};
  double fv[4];
  double best = kInf;
  for (int i = 0; i < 4; ++i) {
    fv[i] = f(candidates[i]);
    best = std::min(best, fv[i]);
  }
  if (!std::isfinite(best))
    throw DomainError("covariance intersection: no positive definite fusion");
  const double tol = 1e-12 * std::abs(best);  // relative: det P spans many decades
  for (int i = 0; i < 4; ++i)
    if (fv[i] <= best + tol) return candidates[i];
  return candidates[3];
}

Fusable intersect(const Fusable& a, const Fusable& b, double* weight) {
  const double w = optimal_weight(a.Y, b.Y);
  if (weight != nullptr) *weight = w;
  if (w == 1.0) return a;
  if (w == 0.0) return b;
  Fusable out;
  out.Y = w * a.Y + (1.0 - w) * b.Y;
  const Eigen::LLT<Mat6> llt(out.Y);
  out.P = llt.solve(Mat6::Identity());
  out.P = 0.5 * (out.P + out.P.transpose());
  out.x = llt.solve(w * (a.Y * a.x) + (1.0 - w) * (b.Y * b.x));
  return out;
}

// Squared Mahalanobis distance of two estimates at one time (6 dof).
double distance2(const TrackReport& a, const TrackReport& b) {
  const Eigen::LLT<Mat6> llt(a.covariance + b.covariance);
  if (llt.info() != Eigen::Success) return kInf;
  const Vec6 d = a.state - b.state;
  const double d2 = d.dot(llt.solve(d));
  return std::isfinite(d2) ? d2 : kInf;
}

TrackReport predict_with(const MotionModel& ballistic, const MotionModel& drag, double max_step_s,
                         const TrackReport& report, double t_s) {
  if (!(t_s >= report.t_s))
    throw DomainError("predict_report: cannot predict backward (" + std::to_string(report.t_s) +
                      " s to " + std::to_string(t_s) + " s)");
  if (t_s == report.t_s) return report;
  const bool has_beta = report.beta_kgpm2 > 0.0;
  StateVector x = StateVector::Zero();
  StateMatrix P = StateMatrix::Zero();
  x.head<6>() = report.state;
  P.topLeftCorner<6, 6>() = report.covariance;
  const double beta2 = report.beta_kgpm2 * report.beta_kgpm2;
  if (has_beta) {
    x(6) = 1.0 / report.beta_kgpm2;
    const double sigma_gamma = report.beta_sigma_kgpm2 / beta2;  // first order
    P(6, 6) = sigma_gamma * sigma_gamma;
  }
  (has_beta ? drag : ballistic).propagate(x, P, t_s - report.t_s, max_step_s);
  TrackReport out = report;
  out.t_s = t_s;
  out.state = x.head<6>();
  out.covariance = 0.5 * (P.topLeftCorner<6, 6>() + P.topLeftCorner<6, 6>().transpose());
  if (has_beta && report.beta_sigma_kgpm2 > 0.0)
    out.beta_sigma_kgpm2 = std::sqrt(std::max(P(6, 6), 0.0)) * beta2;
  return out;
}

// Coarse-gate extrapolation to t_ref with its radius (see FusionOptions).
struct Coarse {
  geo::Vec3 q;
  double radius = 0.0;
};

Coarse coarse(const TrackReport& r, double t_ref, double k, const FusionOptions& o) {
  const double dt = t_ref - r.t_s;
  const geo::Vec3 p = r.state.head<3>(), v = r.state.tail<3>();
  Coarse c;
  c.q = p + v * dt + 0.5 * dt * dt * physics::point_mass_gravity(p);
  const double sr = std::sqrt(std::max(r.covariance.topLeftCorner<3, 3>().trace(), 0.0));
  const double sv = std::sqrt(std::max(r.covariance.bottomRightCorner<3, 3>().trace(), 0.0));
  c.radius = k * (sr + sv * dt) + 0.5 * o.coarse_accel_mps2 * dt * dt + o.coarse_margin_m;
  return c;
}

}  // namespace

Estimate6 covariance_intersection(const Estimate6& a, const Estimate6& b, double* weight) {
  const Fusable fa{a.x, a.P, information(a.P)}, fb{b.x, b.P, information(b.P)};
  const Fusable f = intersect(fa, fb, weight);
  return {f.x, f.P};
}

TrackReport predict_report(const TrackReport& report, double t_s, const physics::EarthModel& earth,
                           const MotionNoise& noise, double max_step_s) {
  const MotionModel ballistic(MotionModelKind::ballistic, noise, earth);
  const MotionModel drag(MotionModelKind::drag, noise, earth);
  return predict_with(ballistic, drag, max_step_s, report, t_s);
}

double track_distance2(const TrackReport& a, const TrackReport& b, const physics::EarthModel& earth,
                       const MotionNoise& noise, double max_step_s) {
  if (a.t_s >= b.t_s) return distance2(a, predict_report(b, a.t_s, earth, noise, max_step_s));
  return distance2(predict_report(a, b.t_s, earth, noise, max_step_s), b);
}

struct SystemTrackTable::Work {
  std::uint32_t id = 0;
  std::vector<int> members;            // indices into the sorted input, ascending
  std::vector<TrackReport> predicted;  // members at the latest member time
  std::vector<Mat6> information;       // their inverse covariances
  TrackReport fused;
};

SystemTrackTable::SystemTrackTable(const FusionOptions& options, const physics::EarthModel& earth)
    : options_(options),
      earth_(earth),
      ballistic_(MotionModelKind::ballistic, options.noise, earth),
      drag_(MotionModelKind::drag, options.noise, earth) {
  if (!(options_.gate_chi2 > 0.0)) throw DomainError("fusion: gate_chi2 must be positive");
  if (options_.split_cycles < 1) throw DomainError("fusion: split_cycles must be at least 1");
  if (!(options_.max_step_s > 0.0)) throw DomainError("fusion: max_step_s must be positive");
}

TrackReport SystemTrackTable::predict(const TrackReport& report, double t_s) const {
  return predict_with(ballistic_, drag_, options_.max_step_s, report, t_s);
}

void SystemTrackTable::refresh(Work& w, const std::vector<LocalTrack>& local) const {
  double t = -kInf;
  for (int m : w.members) t = std::max(t, local[static_cast<std::size_t>(m)].report.t_s);
  w.predicted.clear();
  w.information.clear();
  for (int m : w.members) {
    w.predicted.push_back(predict(local[static_cast<std::size_t>(m)].report, t));
    w.information.push_back(information(w.predicted.back().covariance));
  }
  w.fused = fuse(w, -1);
  w.fused.track_id = w.id;
}

// CI of the predicted members in key order, leaving out member `skip`; beta
// from the member with the smallest beta sigma (> 0), else none.
TrackReport SystemTrackTable::fuse(const Work& w, int skip) {
  TrackReport out;
  Fusable acc;
  bool first = true;
  double best_sigma = kInf;
  for (std::size_t i = 0; i < w.predicted.size(); ++i) {
    if (static_cast<int>(i) == skip) continue;
    const TrackReport& r = w.predicted[i];
    const Fusable f{r.state, r.covariance, w.information[i]};
    acc = first ? f : intersect(acc, f, nullptr);
    if (first) out = r;
    first = false;
    if (r.beta_sigma_kgpm2 > 0.0 && r.beta_sigma_kgpm2 < best_sigma) {
      best_sigma = r.beta_sigma_kgpm2;
      out.beta_kgpm2 = r.beta_kgpm2;
      out.beta_sigma_kgpm2 = r.beta_sigma_kgpm2;
    }
  }
  if (!std::isfinite(best_sigma)) out.beta_kgpm2 = out.beta_sigma_kgpm2 = 0.0;
  out.state = acc.x;
  out.covariance = acc.P;
  return out;
}

std::uint32_t SystemTrackTable::allocate_id(std::uint32_t key) {
  std::uint32_t id = key;
  if (live_ids_.count(id) != 0) {
    id = kReissuedIdBase + key;
    while (live_ids_.count(id) != 0) ++id;
  }
  live_ids_.insert(id);
  return id;
}

void SystemTrackTable::split_diverging(std::vector<Work>& work,
                                       const std::vector<LocalTrack>& local) {
  const std::size_t n = work.size();  // split-offs appended below are not checked again
  std::vector<double> d2;
  for (std::size_t wi = 0; wi < n; ++wi) {
    const std::size_t k = work[wi].members.size();
    if (k < 2) {
      for (int m : work[wi].members)
        member_of_[local_key(local[static_cast<std::size_t>(m)])].diverged = 0;
      continue;
    }
    d2.assign(k, 0.0);
    if (k == 2) {
      d2[0] = d2[1] = distance2(work[wi].predicted[0], work[wi].predicted[1]);
    } else {
      for (std::size_t i = 0; i < k; ++i)
        d2[i] = distance2(work[wi].predicted[i], fuse(work[wi], static_cast<int>(i)));
    }
    // The member to split off: diverged long enough, largest d2, then not
    // the founder, then the larger key.
    int split = -1;
    for (std::size_t i = 0; i < k; ++i) {
      const std::uint32_t key = local_key(local[static_cast<std::size_t>(work[wi].members[i])]);
      Member& mem = member_of_[key];
      mem.diverged = d2[i] > options_.gate_chi2 ? mem.diverged + 1 : 0;
      if (mem.diverged < options_.split_cycles) continue;
      if (split < 0 || d2[i] > d2[static_cast<std::size_t>(split)] ||
          (d2[i] == d2[static_cast<std::size_t>(split)] && key != work[wi].id))
        split = static_cast<int>(i);
    }
    if (split < 0) continue;
    const int m = work[wi].members[static_cast<std::size_t>(split)];
    work[wi].members.erase(work[wi].members.begin() + split);
    Work founded;
    founded.id = allocate_id(local_key(local[static_cast<std::size_t>(m)]));
    founded.members = {m};
    member_of_[local_key(local[static_cast<std::size_t>(m)])] = {founded.id, 0};
    refresh(work[wi], local);
    refresh(founded, local);
    work.push_back(std::move(founded));
  }
}

void SystemTrackTable::associate_nation(std::vector<Work>& work,
                                        const std::vector<LocalTrack>& local, int begin, int end) {
  const std::uint32_t nation = local[static_cast<std::size_t>(begin)].nation;
  std::vector<int> fresh;  // the nation's new local tracks, in key order
  for (int i = begin; i < end; ++i)
    if (member_of_.count(local_key(local[static_cast<std::size_t>(i)])) == 0) fresh.push_back(i);
  if (fresh.empty()) return;

  // Candidates: system tracks without a member of this nation, sorted by
  // the x of their coarse position.
  const double k = std::sqrt(options_.gate_chi2);
  std::vector<Coarse> coarse_work(work.size());
  std::vector<int> order;
  double max_radius = 0.0;
  for (std::size_t wi = 0; wi < work.size(); ++wi) {
    bool same_nation = false;
    for (int m : work[wi].members)
      same_nation = same_nation || local[static_cast<std::size_t>(m)].nation == nation;
    if (same_nation) continue;
    coarse_work[wi] = coarse(work[wi].fused, t_ref_, k, options_);
    max_radius = std::max(max_radius, coarse_work[wi].radius);
    order.push_back(static_cast<int>(wi));
  }
  const auto x_of = [&](int wi) { return coarse_work[static_cast<std::size_t>(wi)].q.x(); };
  std::sort(order.begin(), order.end(), [&](int a, int b) { return x_of(a) < x_of(b); });

  edges_.clear();
  for (std::size_t row = 0; row < fresh.size(); ++row) {
    const TrackReport& r = local[static_cast<std::size_t>(fresh[row])].report;
    const Coarse c = coarse(r, t_ref_, k, options_);
    const double reach = c.radius + max_radius;
    auto it = std::lower_bound(order.begin(), order.end(), c.q.x() - reach,
                               [&](int wi, double x) { return x_of(wi) < x; });
    const std::size_t first_edge = edges_.size();
    for (; it != order.end() && x_of(*it) <= c.q.x() + reach; ++it) {
      const Work& w = work[static_cast<std::size_t>(*it)];
      const Coarse& cw = coarse_work[static_cast<std::size_t>(*it)];
      if ((c.q - cw.q).norm() > c.radius + cw.radius) continue;
      // Common time: the later report; the earlier one is predicted.
      const double d2 = r.t_s >= w.fused.t_s ? distance2(r, predict(w.fused, r.t_s))
                                             : distance2(predict(r, w.fused.t_s), w.fused);
      if (d2 <= options_.gate_chi2) edges_.push_back({static_cast<int>(row), *it, d2, 0.0});
    }
    std::sort(edges_.begin() + static_cast<std::ptrdiff_t>(first_edge), edges_.end(),
              [](const GateEdge& a, const GateEdge& b) { return a.meas < b.meas; });
  }

  associator_.associate(edges_, static_cast<int>(fresh.size()), static_cast<int>(work.size()),
                        options_.gate_chi2, assoc_);
  std::vector<char> joined(fresh.size(), 0);
  std::vector<int> dirty;
  for (const WeightedPair& p : assoc_.pairs) {
    const int m = fresh[static_cast<std::size_t>(p.track)];
    Work& w = work[static_cast<std::size_t>(p.meas)];
    w.members.insert(std::lower_bound(w.members.begin(), w.members.end(), m), m);
    member_of_[local_key(local[static_cast<std::size_t>(m)])] = {w.id, 0};
    joined[static_cast<std::size_t>(p.track)] = 1;
    dirty.push_back(p.meas);
  }
  for (int wi : dirty) refresh(work[static_cast<std::size_t>(wi)], local);
  for (std::size_t row = 0; row < fresh.size(); ++row) {
    if (joined[row] != 0) continue;
    const int m = fresh[row];
    Work founded;
    founded.id = allocate_id(local_key(local[static_cast<std::size_t>(m)]));
    founded.members = {m};
    member_of_[local_key(local[static_cast<std::size_t>(m)])] = {founded.id, 0};
    refresh(founded, local);
    work.push_back(std::move(founded));
  }
}

const std::vector<SystemTrack>& SystemTrackTable::update(std::vector<LocalTrack> local) {
  // Validate before changing anything.
  for (const LocalTrack& t : local) {
    if (t.report.track_id >= kNationStride)
      throw DomainError("fusion: local track id " + std::to_string(t.report.track_id) +
                        " is not below " + std::to_string(kNationStride));
    if (t.nation >= kReissuedIdBase / kNationStride - 1)
      throw DomainError("fusion: nation index " + std::to_string(t.nation) + " too large");
    if (!std::isfinite(t.report.t_s) || !t.report.state.allFinite() ||
        !t.report.covariance.allFinite() || !std::isfinite(t.report.beta_kgpm2) ||
        !std::isfinite(t.report.beta_sigma_kgpm2))
      throw DomainError("fusion: local track " + std::to_string(local_key(t)) + " is not finite");
  }
  std::sort(local.begin(), local.end(),
            [](const LocalTrack& a, const LocalTrack& b) { return local_key(a) < local_key(b); });
  std::vector<std::uint32_t> keys(local.size());
  for (std::size_t i = 0; i < local.size(); ++i) {
    keys[i] = local_key(local[i]);
    if (i > 0 && keys[i] == keys[i - 1])
      throw DomainError("fusion: local track " + std::to_string(keys[i]) + " given twice");
  }
  t_ref_ = -kInf;
  for (const LocalTrack& t : local) t_ref_ = std::max(t_ref_, t.report.t_s);

  // The table is unchanged if a step throws (a covariance that cannot be
  // inverted): the output is only replaced at the end.
  std::map<std::uint32_t, Member> backup = member_of_;
  try {
    run_cycle(local, keys);
  } catch (...) {
    member_of_ = std::move(backup);
    throw;
  }
  return tracks_;
}

void SystemTrackTable::run_cycle(const std::vector<LocalTrack>& local,
                                 const std::vector<std::uint32_t>& keys) {
  // 1. Continuing members; tracks without any are dropped.
  std::vector<Work> work;
  std::map<std::uint32_t, Member> kept;
  live_ids_.clear();
  for (const SystemTrack& s : tracks_) {
    Work w;
    w.id = s.system_id;
    for (std::uint32_t key : s.members) {
      const auto it = std::lower_bound(keys.begin(), keys.end(), key);
      if (it == keys.end() || *it != key) continue;
      w.members.push_back(static_cast<int>(it - keys.begin()));
      kept[key] = member_of_[key];
    }
    if (w.members.empty()) continue;
    live_ids_.insert(w.id);
    work.push_back(std::move(w));
  }
  member_of_ = std::move(kept);
  for (Work& w : work) refresh(w, local);

  // 2. Members that diverged from the others split off.
  split_diverging(work, local);

  // 3. New local tracks join or found, nation by nation.
  for (std::size_t begin = 0; begin < local.size();) {
    std::size_t end = begin;
    while (end < local.size() && local[end].nation == local[begin].nation) ++end;
    associate_nation(work, local, static_cast<int>(begin), static_cast<int>(end));
    begin = end;
  }

  std::sort(work.begin(), work.end(), [](const Work& a, const Work& b) { return a.id < b.id; });
  tracks_.clear();
  tracks_.reserve(work.size());
  for (const Work& w : work) {
    SystemTrack s;
    s.system_id = w.id;
    for (int m : w.members) s.members.push_back(keys[static_cast<std::size_t>(m)]);
    s.report = w.fused;
    tracks_.push_back(std::move(s));
  }
}

void SystemTrackTable::restore(const std::vector<SystemTrack>& tracks) {
  tracks_ = tracks;
  std::sort(tracks_.begin(), tracks_.end(),
            [](const SystemTrack& a, const SystemTrack& b) { return a.system_id < b.system_id; });
  member_of_.clear();
  for (const SystemTrack& t : tracks_)
    for (std::uint32_t key : t.members) member_of_[key] = Member{t.system_id, 0};
}

}  // namespace bulwark::tracking
