#include "engage/battery.hpp"

namespace bulwark::engage {

// The rule named for the class; else the default rule (empty class); else
// the built-in default (shoot-look-shoot, salvo 2, at most 4 shots).
const DoctrineRule& Doctrine::rule_for(const std::string& threat_class) const {
  static const DoctrineRule kBuiltIn{};
  const DoctrineRule* fallback = &kBuiltIn;
  for (const auto& r : rules) {
    if (r.threat_class == threat_class && !threat_class.empty()) return r;
    if (r.threat_class.empty() && fallback == &kBuiltIn) fallback = &r;
  }
  return *fallback;
}

}  // namespace bulwark::engage
