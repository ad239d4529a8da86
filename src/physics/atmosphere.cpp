#include "physics/atmosphere.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace bulwark::physics {
namespace {

// USSA-76 constants (NOAA-S/T 76-1562, Table 2 and sec. 1.2).
constexpr double kR0 = 6356766.0;            // m, effective Earth radius for geopotential
constexpr double kG0 = 9.80665;              // m/s^2
constexpr double kRStar = 8314.32;           // J/(kmol K)
constexpr double kM0 = 28.9644;              // kg/kmol, sea-level mean molecular weight
constexpr double kGamma = 1.4;               // ratio of specific heats
constexpr double kGmr = kG0 * kM0 / kRStar;  // K/m (hydrostatic constant, 0.034163)

// The seven layers below 84.852 km geopotential (Table 4): base geopotential
// height (m'), base molecular-scale temperature (K), lapse rate (K/m'), base pressure (Pa).
struct Layer {
  double h_m;
  double t_k;
  double lapse;
  double p_pa;
};
constexpr std::array<Layer, 7> kLayers{{
    {0.0, 288.15, -0.0065, 101325.0},
    {11000.0, 216.65, 0.0, 22632.06},
    {20000.0, 216.65, 0.0010, 5474.889},
    {32000.0, 228.65, 0.0028, 868.0187},
    {47000.0, 270.65, 0.0, 110.9063},
    {51000.0, 270.65, -0.0028, 66.93887},
    {71000.0, 214.65, -0.0020, 3.956420},
}};

// M/M0 between 80 and 86 km geometric (Table 8), kinetic T = T_M * M/M0.
constexpr double kRatioZ0 = 80000.0;
constexpr double kRatioDz = 500.0;
constexpr std::array<double, 13> kMolRatio{1.000000, 0.999996, 0.999988, 0.999969, 0.999938,
                                           0.999904, 0.999864, 0.999822, 0.999778, 0.999731,
                                           0.999681, 0.999633, 0.999579};

// Tabulated pressure and density above 86 km (Table I of the standard).
struct HighRow {
  double z_m;
  double p_pa;
  double rho;
};
constexpr std::array<HighRow, 21> kHighRows{{
    {86e3, 3.7338e-1, 6.958e-6},   {90e3, 1.8359e-1, 3.416e-6},   {91e3, 1.5381e-1, 2.860e-6},
    {100e3, 3.2011e-2, 5.604e-7},  {110e3, 7.1042e-3, 9.708e-8},  {115e3, 4.0096e-3, 4.289e-8},
    {120e3, 2.5382e-3, 2.222e-8},  {130e3, 1.2505e-3, 8.152e-9},  {150e3, 4.5422e-4, 2.076e-9},
    {160e3, 3.0359e-4, 1.233e-9},  {175e3, 1.7936e-4, 6.339e-10}, {200e3, 8.4736e-5, 2.541e-10},
    {250e3, 2.4767e-5, 6.073e-11}, {300e3, 8.7704e-6, 1.916e-11}, {400e3, 1.4518e-6, 2.803e-12},
    {500e3, 3.0236e-7, 5.215e-13}, {600e3, 8.2130e-8, 1.137e-13}, {700e3, 3.1908e-8, 3.070e-14},
    {800e3, 1.7036e-8, 1.136e-14}, {900e3, 1.0873e-8, 5.759e-15}, {1000e3, 7.5138e-9, 3.561e-15},
}};

// Kinetic temperature above 86 km geometric (sec. 1.2.5, eqs. 25-31).
double high_temperature(double z_m) {
  const double z = z_m / 1000.0;  // km
  if (z < 91.0) return 186.8673;
  if (z < 110.0) {
    const double x = (z - 91.0) / -19.9429;
    return 263.1905 - 76.3232 * std::sqrt(std::max(0.0, 1.0 - x * x));
  }
  if (z < 120.0) return 240.0 + 12.0 * (z - 110.0);
  const double r0 = kR0 / 1000.0;
  const double xi = (z - 120.0) * (r0 + 120.0) / (r0 + z);
  return 1000.0 - 640.0 * std::exp(-0.01875 * xi);
}

// Pressure and density above 86 km on a 1 km grid, filled once from the
// tabulated nodes by hydrostatic interpolation: between two nodes ln p falls
// in proportion to the integral of g(z) / T(z) (the inverse scale height
// with the standard's own temperature profile and g = g0 (r0 / (r0 + z))^2),
// and ln(rho T) likewise (it is ln p plus the slowly varying ln M). Queries
// then interpolate the grid log-linearly.
constexpr double kHighStartM = 86e3;
constexpr double kGridStep = 1000.0;
constexpr std::size_t kGridSize = 915;  // 86 .. 1000 km

struct HighGrid {
  std::array<double, kGridSize> log_p{};
  std::array<double, kGridSize> log_rho{};
  HighGrid() {
    auto inv_scale = [](double z) {
      const double g = (kR0 / (kR0 + z)) * (kR0 / (kR0 + z));
      return g / high_temperature(z);
    };
    auto integral = [&](double a, double b) {  // Simpson, 64 panels
      constexpr int n = 64;
      const double h = (b - a) / n;
      double sum = inv_scale(a) + inv_scale(b);
      for (int k = 1; k < n; ++k) sum += (k % 2 ? 4.0 : 2.0) * inv_scale(a + k * h);
      return sum * h / 3.0;
    };
    std::size_t node = 0;
    for (std::size_t k = 0; k < kGridSize; ++k) {
      const double z = 86e3 + static_cast<double>(k) * kGridStep;
      while (node + 2 < kHighRows.size() && kHighRows[node + 1].z_m <= z) ++node;
      const HighRow& a = kHighRows[node];
      const HighRow& b = kHighRows[node + 1];
      const double w = integral(a.z_m, z) / integral(a.z_m, b.z_m);
      const double ta = high_temperature(a.z_m), tb = high_temperature(b.z_m);
      log_p[k] = std::log(a.p_pa) + w * (std::log(b.p_pa) - std::log(a.p_pa));
      const double log_rt =
          std::log(a.rho * ta) + w * (std::log(b.rho * tb) - std::log(a.rho * ta));
      log_rho[k] = log_rt - std::log(high_temperature(z));
    }
  }
};
const HighGrid& high_grid() {
  static const HighGrid grid;  // immutable after construction
  return grid;
}

struct GridPoint {
  std::size_t i;
  double f;
};
GridPoint grid_point(double z_m) {
  const double u = (z_m - kHighStartM) / kGridStep;
  const auto i = std::min(static_cast<std::size_t>(u), kGridSize - 2);
  return {i, u - static_cast<double>(i)};
}

struct LowSample {
  double t_molecular;
  double p;
};

LowSample low_atmosphere(double z_m) {
  const double h = kR0 * z_m / (kR0 + z_m);  // geopotential altitude
  std::size_t i = kLayers.size() - 1;
  while (i > 0 && h < kLayers[i].h_m) --i;
  const Layer& b = kLayers[i];
  const double t = b.t_k + b.lapse * (h - b.h_m);
  const double p = b.lapse == 0.0 ? b.p_pa * std::exp(-kGmr * (h - b.h_m) / b.t_k)
                                  : b.p_pa * std::pow(b.t_k / t, kGmr / b.lapse);
  return {t, p};
}

double molecular_ratio(double z_m) {
  if (z_m <= kRatioZ0) return 1.0;
  const double u = (z_m - kRatioZ0) / kRatioDz;
  const auto i = static_cast<std::size_t>(u);
  if (i + 1 >= kMolRatio.size()) return kMolRatio.back();
  const double f = u - static_cast<double>(i);
  return kMolRatio[i] + f * (kMolRatio[i + 1] - kMolRatio[i]);
}

constexpr double kTop = 1000e3;
constexpr double kBottom = -5000.0;

// The density of the hot path: cubic Hermite interpolation of rho itself
// (values and exact derivatives at the nodes, stored as one cubic per cell
// in t in [0, 1)) on a 250 m grid, so a query costs a cell index and three
// multiply-adds instead of pow/exp. Below 86 km the grid is in geopotential
// height with nodes on the layer bases (multiples of 1 km), so every cell
// lies in one layer, where rho is smooth; above, it is in geometric height
// with 4 cells per cell of the high grid (where rho is exponential). Error
// bound (h / H)^4 / 384 relative, H the smallest scale height (5.3 km below
// 86 km, 5.6 km on the high grid's steepest cell): 1.3e-8
// (test Ussa76.TabulatedDensityMatchesExact).
constexpr double kCellStep = 250.0;
constexpr double kLowStartH = -5500.0;  // geopotential; -5 km geometric is -5003.9 m'
constexpr std::size_t kLowCells = 362;  // to 85 km' (86 km geometric is 84.852 km')
constexpr std::size_t kHighCells = (kGridSize - 1) * 4;

using Cubic = std::array<double, 4>;  // c0 + t (c1 + t (c2 + t c3))

// The cubic through (0, y0) and (1, y1) with slopes d0, d1 (per cell).
Cubic hermite_cubic(double y0, double d0, double y1, double d1) {
  return {y0, d0, 3.0 * (y1 - y0) - 2.0 * d0 - d1, 2.0 * (y0 - y1) + d0 + d1};
}

struct DensityTable {
  std::array<Cubic, kLowCells> low{};
  std::array<Cubic, kHighCells> high{};
  // Out of line: the query's hot path stays free of the filling code.
  [[gnu::noinline]] DensityTable() {
    for (std::size_t k = 0; k < kLowCells; ++k) {
      const double h0 = kLowStartH + static_cast<double>(k) * kCellStep;
      std::size_t i = kLayers.size() - 1;
      while (i > 0 && h0 + 0.5 * kCellStep < kLayers[i].h_m) --i;
      const Layer& b = kLayers[i];
      // rho of the cell's layer and its slope per cell, from
      // d ln rho / dh = -(Gmr + L) / T_M.
      auto rho = [&](double h, double& slope) {
        const double t = b.t_k + b.lapse * (h - b.h_m);
        const double p = b.lapse == 0.0 ? b.p_pa * std::exp(-kGmr * (h - b.h_m) / b.t_k)
                                        : b.p_pa * std::pow(b.t_k / t, kGmr / b.lapse);
        const double r = p * kM0 / (kRStar * t);
        slope = -r * (kGmr + b.lapse) / t * kCellStep;
        return r;
      };
      double d0 = 0.0, d1 = 0.0;
      const double y0 = rho(h0, d0);
      const double y1 = rho(h0 + kCellStep, d1);
      low[k] = hermite_cubic(y0, d0, y1, d1);
    }
    const HighGrid& g = high_grid();
    for (std::size_t k = 0; k < kHighCells; ++k) {
      const std::size_t i = k / 4;
      const double slope = 0.25 * (g.log_rho[i + 1] - g.log_rho[i]);  // of ln rho per cell
      const double f0 = static_cast<double>(k % 4) / 4.0;
      const double y0 = std::exp(g.log_rho[i] + f0 * (g.log_rho[i + 1] - g.log_rho[i]));
      const double y1 = std::exp(g.log_rho[i] + (f0 + 0.25) * (g.log_rho[i + 1] - g.log_rho[i]));
      high[k] = hermite_cubic(y0, slope * y0, y1, slope * y1);
    }
  }
};
const DensityTable& density_table() {
  static const DensityTable table;  // immutable after construction
  return table;
}

double cubic_at(const Cubic& c, double t) {
  return c[0] + t * (c[1] + t * (c[2] + t * c[3]));
}

}  // namespace

AtmosphereSample ussa76(double alt_m) {
  const double z = std::max(alt_m, kBottom);
  AtmosphereSample s;
  if (z < kHighStartM) {
    const LowSample low = low_atmosphere(z);
    s.temperature_k = low.t_molecular * molecular_ratio(z);
    s.pressure_pa = low.p;
    s.density_kgpm3 = low.p * kM0 / (kRStar * low.t_molecular);
    s.speed_of_sound_mps = std::sqrt(kGamma * kRStar * low.t_molecular / kM0);
    return s;
  }
  s.temperature_k = high_temperature(std::min(z, kTop));
  // The standard defines the speed of sound only to 86 km; above it we keep
  // the same formula with the kinetic temperature (a Mach number only).
  s.speed_of_sound_mps = std::sqrt(kGamma * kRStar * s.temperature_k / kM0);
  if (z > kTop) return s;
  const HighGrid& g = high_grid();
  const auto [i, f] = grid_point(z);
  s.pressure_pa = std::exp(g.log_p[i] + f * (g.log_p[i + 1] - g.log_p[i]));
  s.density_kgpm3 = std::exp(g.log_rho[i] + f * (g.log_rho[i + 1] - g.log_rho[i]));
  return s;
}

double ussa76_density(double alt_m) {
  const double z = std::max(alt_m, kBottom);
  const DensityTable& table = density_table();
  if (z < kHighStartM) {
    const double u = (kR0 * z / (kR0 + z) - kLowStartH) / kCellStep;
    const auto i = std::min(static_cast<std::size_t>(u), kLowCells - 1);
    return cubic_at(table.low[i], u - static_cast<double>(i));
  }
  if (z > kTop) return 0.0;
  const double u = (z - kHighStartM) / kCellStep;
  const auto i = std::min(static_cast<std::size_t>(u), kHighCells - 1);
  return cubic_at(table.high[i], u - static_cast<double>(i));
}

}  // namespace bulwark::physics
