// Intercept opportunities of one battery against one predicted threat path,
// flattened from engage::launch_windows (engage/windows.hpp: envelope,
// geometry, geometry-degraded pk) into one list sorted by launch time.
#pragma once

#include <vector>

#include "engage/windows.hpp"

namespace bulwark::sim {

using Opportunity = engage::InterceptOpportunity;

// Every sampled opportunity of the windows, sorted by launch time.
std::vector<Opportunity> flatten(const std::vector<engage::LaunchWindow>& windows);

}  // namespace bulwark::sim
