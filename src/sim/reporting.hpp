// From the engine's records to the documented files (io/report.hpp):
// report.json and the terminal summary, events.csv, the CZML replay, and
// the Monte Carlo JSON.
#pragma once

#include <string>

#include "io/report.hpp"
#include "sim/campaign.hpp"
#include "sim/engine.hpp"

namespace bulwark::sim {

io::RunReport make_run_report(const PreparedScenario& prepared, const RunResult& result,
                              bool perfect_information);
std::vector<io::EventRow> make_event_rows(const RunResult& result);
// Threat paths (truth, until kill or impact), interceptor flyouts
// (physics::fly_interceptor, one per engagement), radars, batteries,
// assets, intercept and impact points. Sampled every sample_s.
std::string make_czml(const PreparedScenario& prepared, const RunResult& result,
                      double sample_s = 5.0);
io::McReport make_mc_report(const PreparedScenario& prepared, const CampaignResult& result);
// Named counts of UnengagedReasons; empty when not known.
io::ReasonCounts reason_counts(const UnengagedReasons& reasons, bool known);

}  // namespace bulwark::sim
