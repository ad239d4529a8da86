#include "sim/prepared.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "common/error.hpp"
#include "engage/windows.hpp"
#include "sensors/pose.hpp"

namespace bulwark::sim {

const physics::ThreatClass& PreparedScenario::threat_class(int threat) const {
  return scenario.catalog
      .threats[static_cast<std::size_t>(threats[static_cast<std::size_t>(threat)].class_index)];
}

const physics::InterceptorClass& PreparedScenario::interceptor(int battery) const {
  return scenario.catalog
      .interceptors[static_cast<std::size_t>(battery_class[static_cast<std::size_t>(battery)])];
}

const std::vector<Opportunity>& PreparedScenario::opportunities(int threat, int battery) const {
  return truth_opportunities[static_cast<std::size_t>(threat) * battery_class.size() +
                             static_cast<std::size_t>(battery)];
}

int PreparedScenario::nation_index(const std::string& nation) const {
  const auto it = std::find(scenario.nations.begin(), scenario.nations.end(), nation);
  return it == scenario.nations.end() ? -1 : static_cast<int>(it - scenario.nations.begin());
}

void parallel_for(int n, int threads, const std::function<void(int)>& body) {
  const int workers = std::max(1, std::min(threads, n));
  if (workers == 1) {
    for (int i = 0; i < n; ++i) body(i);
    return;
  }
  std::atomic<int> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(workers));
  for (int w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++) {
        try {
          body(i);
        } catch (...) {
          const std::lock_guard<std::mutex> lock(error_mutex);
          if (!error) error = std::current_exception();
          next = n;
        }
      }
    });
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

namespace {

// Index of a catalog entry, or -1 (catalog lookups by name, as an index).
template <class T>
int index_in(const std::vector<T>& entries, const T* found) {
  return found ? static_cast<int>(found - entries.data()) : -1;
}

}  // namespace

PreparedScenario prepare(io::Scenario scenario, const PrepareOptions& options) {
  PreparedScenario p;
  p.scenario = std::move(scenario);
  p.options = options;
  const io::Scenario& s = p.scenario;
  const auto& catalog = s.catalog;
  p.era0_rad = s.epoch_utc.empty() ? 0.0 : sensors::epoch_rotation_angle(s.epoch_utc);

  p.threats.resize(s.threats.size());
  for (std::size_t i = 0; i < s.threats.size(); ++i) {
    const int c = index_in(catalog.threats, catalog.find_threat(s.threats[i].threat_class));
    if (c < 0)
      throw InputError({s.source, 0, "threats[" + std::to_string(i) + "].class"},
                       "unknown threat class '" + s.threats[i].threat_class + "'");
    p.threats[i].class_index = c;
  }
  const std::size_t nb = s.batteries.size();
  for (std::size_t b = 0; b < nb; ++b) {
    const int c =
        index_in(catalog.interceptors, catalog.find_interceptor(s.batteries[b].interceptor));
    if (c < 0)
      throw InputError({s.source, 0, "batteries[" + std::to_string(b) + "].interceptor"},
                       "unknown interceptor class '" + s.batteries[b].interceptor + "'");
    p.battery_class.push_back(c);
    p.battery_nation.push_back(p.nation_index(s.batteries[b].nation));
  }

  // Envelope tables only for the classes some battery uses.
  p.envelopes.resize(catalog.interceptors.size());
  std::vector<int> used;
  for (int c : p.battery_class)
    if (std::find(used.begin(), used.end(), c) == used.end()) used.push_back(c);
  parallel_for(static_cast<int>(used.size()), options.threads, [&](int k) {
    const auto c = static_cast<std::size_t>(used[static_cast<std::size_t>(k)]);
    p.envelopes[c] = physics::build_envelope(catalog.interceptors[c], options.model);
  });

  parallel_for(static_cast<int>(s.threats.size()), options.threads, [&](int i) {
    const auto k = static_cast<std::size_t>(i);
    PreparedThreat& t = p.threats[k];
    physics::AimResult aim =
        physics::fly_to_aim(catalog.threats[static_cast<std::size_t>(t.class_index)],
                            s.threats[k].launch, options.model);
    t.nominal = std::move(aim.trajectory);
    if (t.nominal.states.empty())
      throw DomainError("threat '" + s.threats[k].id + "': empty trajectory");
    t.launch_s = t.nominal.states.front().t_s;
    t.impact_s = t.nominal.states.back().t_s;
    t.impact_ecef = t.nominal.states.back().r_ecef;
    t.impact = geo::to_geodetic(t.impact_ecef);
    const physics::FlightEvent* burnout = t.nominal.find(physics::EventKind::burnout);
    t.burnout_s = burnout != nullptr ? burnout->state.t_s : t.launch_s;
  });

  for (std::size_t b = 0; b < nb; ++b) {
    const auto c = static_cast<std::size_t>(p.battery_class[b]);
    p.battery_geometry.push_back(engage::battery_geometry(s.batteries[b], catalog.interceptors[c],
                                                          p.envelopes[c], options.windows.shape));
  }
  p.truth_opportunities.resize(s.threats.size() * nb);
  parallel_for(static_cast<int>(s.threats.size()), options.threads, [&](int i) {
    const PreparedThreat& t = p.threats[static_cast<std::size_t>(i)];
    for (std::size_t b = 0; b < nb; ++b)
      if (engage::path_may_reach(p.battery_geometry[b], t.nominal, t.launch_s))
        p.truth_opportunities[static_cast<std::size_t>(i) * nb + b] = flatten(
            engage::launch_windows(p.battery_geometry[b], t.nominal, t.launch_s, options.windows));
  });
  return p;
}

}  // namespace bulwark::sim
