// U.S. Standard Atmosphere 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562), 0-1000 km
// geometric altitude. Below 86 km: the seven geopotential layers with their
// lapse rates (hydrostatic, exact); 86-1000 km: the published tables'
// temperature and density (see docs/models.md for method and accuracy).
// Above 86 km pressure and density are interpolated hydrostatically between
// the standard's Table I nodes (ln p in proportion to the integral of g/T).
// Measured accuracy against the printed table: <= 0.007 % below 86 km
// (Ussa76.MatchesPublishedTableBelow86Km); between nodes above 86 km,
// T <= 0.001 %, rho and p <= 0.7 % to 180 km and <= 3 % at 350-450 km
// (Ussa76.InterpolatesPublishedTableAbove86Km).
#pragma once

namespace bulwark::physics {

struct AtmosphereSample {
  double temperature_k = 0.0;
  double pressure_pa = 0.0;
  double density_kgpm3 = 0.0;
  double speed_of_sound_mps = 0.0;
};

// Valid for geometric altitude in [-5 km, 1000 km]; below -5 km it clamps to
// -5 km, above 1000 km density and pressure are 0.
AtmosphereSample ussa76(double alt_m);

// Density only, the integrator's hot path: the same model as ussa76()
// tabulated once (cubic Hermite on a 250 m grid, no pow/exp per call),
// within 2e-8 relative of ussa76().density_kgpm3 over -5 to 1000 km
// (Ussa76.TabulatedDensityMatchesExact; docs/models.md).
double ussa76_density(double alt_m);

}  // namespace bulwark::physics
