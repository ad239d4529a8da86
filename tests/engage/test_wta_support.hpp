// Shared helpers for the WTA tests: seeded random instances and the
// exhaustive-enumeration oracle.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <vector>

#include "common/random.hpp"
#include "engage/wta.hpp"

namespace bulwark::engage::test {

struct InstanceSpec {
  int weapons = 3;
  int targets = 3;
  int max_count = 2;   // rounds per type drawn in [1, max_count]
  double p_low = 0.0;  // p drawn uniform in [p_low, p_high]
  double p_high = 1.0;
  double zero_fraction = 0;  // share of p set to 0 (cannot reach)
  bool limits = false;       // random channels and max shots
};

inline WtaProblem random_instance(const InstanceSpec& spec, std::uint64_t seed) {
  Rng rng = make_stream(seed, 0, stable_hash("wta-test"));
  std::uniform_real_distribution<double> value(25.0, 100.0), pk(spec.p_low, spec.p_high), u(0, 1);
  std::uniform_int_distribution<int> count(1, spec.max_count);
  WtaProblem p;
  for (int i = 0; i < spec.weapons; ++i) p.weapon_count.push_back(count(rng));
  for (int j = 0; j < spec.targets; ++j) p.target_value.push_back(value(rng));
  p.pk.resize(spec.weapons, spec.targets);
  for (int i = 0; i < spec.weapons; ++i)
    for (int j = 0; j < spec.targets; ++j) p.pk(i, j) = u(rng) < spec.zero_fraction ? 0.0 : pk(rng);
  if (spec.limits) {
    std::uniform_int_distribution<int> lim(-1, 2);
    for (int i = 0; i < spec.weapons; ++i) p.weapon_channels.push_back(lim(rng));
    for (int j = 0; j < spec.targets; ++j) p.max_shots_per_target.push_back(lim(rng));
  }
  return p;
}

// Minimum expected surviving value over every feasible assignment.
inline double enumerate_optimum(const WtaProblem& p) {
  const int nw = static_cast<int>(p.weapon_count.size());
  const int nt = static_cast<int>(p.target_value.size());
  std::vector<WtaShot> current;
  double best = std::numeric_limits<double>::infinity();
  std::function<void(int, int, int)> rec = [&](int i, int j, int left) {
    if (i == nw) {
      if (is_feasible(p, current)) best = std::min(best, surviving_value(p, current));
      return;
    }
    if (j == nt) {
      rec(i + 1, 0, i + 1 < nw ? p.weapon_count[static_cast<std::size_t>(i + 1)] : 0);
      return;
    }
    for (int k = 0; k <= left; ++k) {
      if (k > 0 && p.pk(i, j) <= 0.0) break;
      if (k > 0) current.push_back({i, j, k});
      rec(i, j + 1, left - k);
      if (k > 0) current.pop_back();
    }
  };
  rec(0, 0, nw > 0 ? p.weapon_count[0] : 0);
  return best;
}

}  // namespace bulwark::engage::test
