// Threat ranking (threat/assessment.hpp).
#include <gtest/gtest.h>

#include "threat/assessment.hpp"

namespace bulwark::threat {
namespace {

ThreatAssessment make(std::uint32_t id, bool valid, double value, double tti) {
  ThreatAssessment a;
  a.track_id = id;
  a.impact.valid = valid;
  a.value_at_risk = value;
  a.impact.time_to_impact_s = tti;
  return a;
}

TEST(ThreatRanking, ValueAtRiskThenTimeToImpactThenInvalidLast) {
  std::vector<ThreatAssessment> v = {make(1, true, 10.0, 300.0), make(2, false, 0.0, 0.0),
                                     make(3, true, 50.0, 500.0), make(4, true, 10.0, 100.0),
                                     make(5, true, 0.0, 50.0)};
  rank_threats(v);
  const std::vector<std::uint32_t> order = {3, 4, 1, 5, 2};
  for (std::size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(v[i].track_id, order[i]);
    EXPECT_EQ(v[i].rank, static_cast<int>(i) + 1);
  }
}

}  // namespace
}  // namespace bulwark::threat
