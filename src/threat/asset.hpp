// A defended asset: a place whose loss has a value (capital, power plant,
// port, rail hub). Plain data from the scenario.
#pragma once

#include <string>

#include "geo/frames.hpp"

namespace bulwark::threat {

struct Asset {
  std::string id;
  std::string nation;
  std::string kind;  // free text: "capital", "power", "port", "rail", ...
  geo::Geodetic position;
  double radius_m = 0.0;  // an impact within this radius destroys the asset's value
  double value = 0.0;     // relative value (> 0)
};

}  // namespace bulwark::threat
