#include "physics/vehicle.hpp"

#include <algorithm>

namespace bulwark::physics {

double DragTable::cd(double mach) const {
  if (mach_cd.empty()) return 0.0;
  if (mach <= mach_cd.front().first) return mach_cd.front().second;
  if (mach >= mach_cd.back().first) return mach_cd.back().second;
  const auto hi = std::upper_bound(mach_cd.begin(), mach_cd.end(), mach,
                                   [](double m, const auto& row) { return m < row.first; });
  const auto lo = hi - 1;
  const double f = (mach - lo->first) / (hi->first - lo->first);
  return lo->second + f * (hi->second - lo->second);
}

const ThreatClass* Catalog::find_threat(const std::string& name) const {
  const auto it = std::find_if(threats.begin(), threats.end(),
                               [&](const ThreatClass& c) { return c.name == name; });
  return it == threats.end() ? nullptr : &*it;
}

const InterceptorClass* Catalog::find_interceptor(const std::string& name) const {
  const auto it = std::find_if(interceptors.begin(), interceptors.end(),
                               [&](const InterceptorClass& c) { return c.name == name; });
  return it == interceptors.end() ? nullptr : &*it;
}

}  // namespace bulwark::physics
