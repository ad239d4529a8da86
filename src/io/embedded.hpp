// Text files compiled into the binary (see bulwark_embed in cmake/).
#pragma once

#include <string_view>

namespace bulwark::embedded {
std::string_view catalog_yaml();            // data/catalog.yaml
std::string_view default_scenario_yaml();   // scenarios/default.yaml
}  // namespace bulwark::embedded
