// The catalog of notional threat and interceptor classes: parsed from YAML
// and validated at the edge (every field, with file/line/field errors).
// data/catalog.yaml is compiled in; a file given by the user overrides it.
#pragma once

#include <string>

#include "physics/vehicle.hpp"

namespace bulwark::io {

physics::Catalog parse_catalog(const std::string& yaml_text, const std::string& source_name);
physics::Catalog load_catalog(const std::string& path);
physics::Catalog default_catalog();  // the embedded data/catalog.yaml

}  // namespace bulwark::io
