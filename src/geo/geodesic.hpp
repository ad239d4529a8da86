// Distances and bearings on the WGS84 ellipsoid, by GeographicLib's Geodesic
// (Karney 2013, "Algorithms for geodesics", J. Geodesy 87: round-off-limited
// accuracy, ~15 nm). A spherical variant uses the great circle on the
// IUGG mean sphere, for the two-body validation mode.
#pragma once

#include "geo/frames.hpp"

namespace bulwark::geo {

struct GeodesicInverse {
  double distance_m = 0.0;
  double azimuth1_rad = 0.0;  // at the first point, from north clockwise
  double azimuth2_rad = 0.0;  // forward azimuth at the second point
};

GeodesicInverse geodesic_inverse(const Geodetic& from, const Geodetic& to,
                                 EarthShape shape = EarthShape::wgs84);

// The point reached from `from` along the geodesic with the given initial
// azimuth after distance_m; altitude is copied from `from`.
Geodetic geodesic_direct(const Geodetic& from, double azimuth_rad, double distance_m,
                         EarthShape shape = EarthShape::wgs84);

}  // namespace bulwark::geo
