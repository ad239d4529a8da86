// Space early-warning sensor: an infrared satellite that sees the plume of a
// burning motor and reports angles only (notional model after the open
// descriptions of DSP/SBIRS-class sensors, e.g. Wilkening, Science & Global
// Security 2004; no real performance is claimed).
//
// At each look (every revisit_s) a target is detected with probability pd
// when all hold:
// * its motor burns (TargetSnapshot::motor_burning, i.e. boost phase);
// * the line of sight from the satellite is not occluded by the Earth: the
//   segment satellite -> target does not pass inside the WGS84 ellipsoid
//   (exact test: scale z by a/b so the ellipsoid becomes a sphere of radius
//   a, then the segment-sphere distance, with 1 m tolerance so a plume at
//   the launch pad is not hidden by the ground it stands on);
// The measurement is the azimuth and elevation of the target in the
// satellite's ENU frame (sensors/pose.hpp) plus isotropic Gaussian
// line-of-sight noise of sigma_angle_rad: sigma_el = sigma_angle_rad and
// sigma_az = sigma_angle_rad / cos(el) (cos(el) floored at 1e-3; seen from
// geostationary orbit, targets in Europe lie 5-10 deg from nadir, el ~ -80
// to -85 deg); range, range-rate, their sigmas and snr_db are absent
// (NaN). Tests: EarlyWarning.SeesOnlyWhileMotorBurns,
// EarlyWarning.EarthLimbOccludesFarSide, EarlyWarning.NoiseMatchesSigma.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/random.hpp"
#include "geo/frames.hpp"
#include "sensors/measurement.hpp"
#include "sensors/pose.hpp"
#include "sensors/sensor.hpp"
#include "sensors/target.hpp"

namespace bulwark::sensors {

// True when the straight segment a -> b passes inside the WGS84 ellipsoid.
bool earth_occludes(const geo::Vec3& a_ecef, const geo::Vec3& b_ecef);

// One look of an early-warning satellite at t_s: appends an angles-only
// measurement for each detected burning target, in the order of `targets`.
void ew_dwell(const SensorConfig& sensor, std::uint32_t sensor_index, const SensorPose& pose,
              double t_s, std::span<const TargetSnapshot> targets, Rng& rng,
              std::vector<Measurement>& out);

}  // namespace bulwark::sensors
