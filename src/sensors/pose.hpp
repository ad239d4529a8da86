// Where a sensor is and how it is oriented at a time: its ECEF position and
// the rotation from ECEF to its local East-North-Up frame, in which its
// azimuth (from north clockwise) and elevation (above the local WGS84
// ellipsoid horizon) are measured. Trackers build tracking::SensorSite from
// this (same two fields).
//
// * Radars: fixed on the Earth, geo::to_ecef of the site (GeographicLib,
//   nanometre accuracy).
// * Geostationary satellite: ECEF (r cos lon, r sin lon, 0) with
//   r = a + altitude (a = WGS84 equatorial radius) -- fixed in ECEF.
// * Low-orbit satellite: circular Keplerian orbit (Vallado 2013, sec. 2.6)
//   in the quasi-inertial frame of geo/frames.hpp: argument of latitude
//   u(t) = u0 + n t, n = sqrt(GM / r^3), position
//   r (cos RAAN cos u - sin RAAN sin u cos i, sin RAAN cos u + cos RAAN sin u cos i, sin u sin i),
//   then rotated to ECEF by the Earth rotation angle era0 + omega t. J2 and
//   drag are neglected: over an hour the J2 nodal drift of a 1,000 km orbit
//   is ~ 0.1 deg, far below what matters for angles-only cueing.
// * The ENU frame of a satellite is that of its sub-satellite geodetic point
//   (so a target below the satellite has an elevation near -pi/2).
// Test: SensorPose.GeostationaryIsFixedInEcef, SensorPose.LowOrbitRadiusAndPeriod.
#pragma once

#include <string_view>

#include "geo/frames.hpp"
#include "sensors/sensor.hpp"

namespace bulwark::sensors {

struct SensorPose {
  geo::Vec3 position_ecef = geo::Vec3::Zero();
  geo::Mat3 ecef_to_enu = geo::Mat3::Identity();
};

// era0_rad: Earth rotation angle at the scenario epoch (epoch_rotation_angle).
SensorPose sensor_pose(const SensorConfig& sensor, double t_s, double era0_rad);
geo::Vec3 sensor_position_ecef(const SensorConfig& sensor, double t_s, double era0_rad);

// Earth rotation angle at an ISO-8601 UTC epoch ("2026-11-26T00:00:00Z").
// Throws DomainError for malformed text (io/scenario validates it first).
double epoch_rotation_angle(std::string_view epoch_utc);

}  // namespace bulwark::sensors
