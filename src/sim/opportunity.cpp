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

}  // namespace bulwark::sim
