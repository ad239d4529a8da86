// Interceptor batteries and the doctrine that governs their fire: plain data
// from the scenario, validated by io/scenario.
#pragma once

#include <string>
#include <vector>

#include "geo/frames.hpp"

namespace bulwark::engage {

struct Battery {
  std::string id;
  std::string nation;            // only this nation's node may fire it
  std::string interceptor;       // catalog interceptor class name
  geo::Geodetic position;
  int launchers = 1;
  int ready_rounds = 0;          // rounds available at scenario start
  int fire_channels = 1;         // engagements it can guide at once
  double reaction_time_s = 0.0;  // from fire order to launch
};

enum class FirePolicy { salvo, shoot_look_shoot };

// Doctrine for one threat class (or the default when class is empty).
struct DoctrineRule {
  std::string threat_class;      // empty: applies to every class without its own rule
  FirePolicy policy = FirePolicy::shoot_look_shoot;
  int salvo_size = 2;            // shots fired together in one engagement
  int max_shots_per_threat = 4;  // over all engagements of one threat
};

struct Doctrine {
  std::vector<DoctrineRule> rules;
  // Fraction of each battery's rounds held back for threats not yet seen
  // while the raid is in progress (0 = fire everything as needed).
  double reserve_fraction = 0.0;
  const DoctrineRule& rule_for(const std::string& threat_class) const;
};

}  // namespace bulwark::engage
