// Intercept opportunities of one battery against one predicted threat path,
// flattened from engage::launch_windows (engage/windows.hpp: envelope,
// geometry, geometry-degraded pk) into one list sorted by launch time, with
// the two queries battle management needs each cycle.
#pragma once

#include <optional>
#include <vector>

#include "engage/windows.hpp"

namespace bulwark::sim {

using Opportunity = engage::InterceptOpportunity;

// Every sampled opportunity of the windows, sorted by launch time.
std::vector<Opportunity> flatten(const std::vector<engage::LaunchWindow>& windows);

// The opportunity with the earliest intercept among those launching in
// [launch_from_s, launch_to_s); nullopt when there is none.
std::optional<Opportunity> earliest_intercept(const std::vector<Opportunity>& sorted,
                                              double launch_from_s, double launch_to_s);

// True when some opportunity launches at or after t_s.
bool has_launch_after(const std::vector<Opportunity>& sorted, double t_s);

}  // namespace bulwark::sim
