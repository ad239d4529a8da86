// Unit conversions used at the edges (files, CLI, display). Inside, SI only.
#pragma once

#include <numbers>

namespace bulwark {

constexpr double kPi = std::numbers::pi;
constexpr double deg_to_rad(double deg) { return deg * kPi / 180.0; }
constexpr double rad_to_deg(double rad) { return rad * 180.0 / kPi; }
constexpr double km_to_m(double km) { return km * 1000.0; }
constexpr double m_to_km(double m) { return m / 1000.0; }
constexpr double kStandardGravity = 9.80665;  // m/s^2, CGPM 1901

}  // namespace bulwark
