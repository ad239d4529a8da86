#include "sim/opportunity.hpp"

#include <algorithm>

namespace bulwark::sim {

std::vector<Opportunity> flatten(const std::vector<engage::LaunchWindow>& windows) {
  std::vector<Opportunity> out;
  for (const auto& w : windows)
    out.insert(out.end(), w.opportunities.begin(), w.opportunities.end());
  std::stable_sort(out.begin(), out.end(), [](const Opportunity& a, const Opportunity& b) {
    return a.launch_time_s < b.launch_time_s;
  });
  return out;
}

std::optional<Opportunity> earliest_intercept(const std::vector<Opportunity>& sorted,
                                              double launch_from_s, double launch_to_s) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), launch_from_s,
                             [](const Opportunity& o, double t) { return o.launch_time_s < t; });
  std::optional<Opportunity> best;
  for (; it != sorted.end() && it->launch_time_s < launch_to_s; ++it)
    if (!best || it->intercept_time_s < best->intercept_time_s) best = *it;
  return best;
}

bool has_launch_after(const std::vector<Opportunity>& sorted, double t_s) {
  return !sorted.empty() && sorted.back().launch_time_s >= t_s;
}

}  // namespace bulwark::sim
