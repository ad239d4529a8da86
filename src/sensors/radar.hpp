// Ground / sea-based radar: coverage, detection and measurement noise.
//
// Coverage (all must hold):
// * azimuth within boresight_az +- az_half_width, elevation within
//   [min_el, max_el] (geometric angles in the site's ENU frame), slant range
//   <= max_range;
// * line of sight not masked by the Earth, with the standard 4/3 effective
//   Earth radius for tropospheric refraction (Skolnik, Introduction to Radar
//   Systems, 3rd ed. 2001, sec. 8.5; Blake 1986, ch. 3): on a sphere of
//   radius k R (k = 4/3, R = Gaussian mean radius of curvature sqrt(M N) at
//   the site's latitude) rays are straight, so a target is visible when the
//   arc between the sub-points, s = R * (angle between the geocentric
//   directions), does not exceed the sum of the two horizon distances
//   d(h) = k R acos(k R / (k R + h)) ~ sqrt(2 k R h) (h >= 0, clamped).
//   Valid for heights << R; it is the standard engineering model, not ray
//   tracing. It matters only when min_el < 0 (a radar on a hill or mast
//   looking down); with min_el >= 0 the geometric elevation limit is stricter.
//   Test: Radar.HorizonDistanceMatchesClosedForm (vs sqrt(2kRh), 0.1 %),
//   Radar.LineOfSightSwitchesAtTheHorizon.
//
// Detection (Skolnik 2001, sec. 2.3 and 2.8; Blake 1986, ch. 2):
// * SNR from the radar equation, SNR = SNR_ref * sigma / (1 m^2) * (R_ref / R)^4,
//   with SNR_ref = ref_snr_db at R_ref = ref_range_1m2_m for a 1 m^2 target.
//   Test: Radar.SnrFollowsInverseFourthPower.
// * Swerling I target, square-law detector, single pulse: noise power is
//   exponential, the threshold is T = -ln(Pfa) (noise units), the echo power
//   of a Swerling I target is exponential with mean 1 + SNR, hence
//   Pd = exp(-T / (1 + SNR)) = Pfa^(1 / (1 + SNR)). SNR is the mean
//   (non-fluctuated) value. Test: Radar.SwerlingOnePdMatchesMonteCarlo
//   (1e5 draws, within 4 binomial sigmas), Radar.DwellDetectionRateIsPd.
// * False alarms per scan: Poisson with mean false_alarms_per_scan, uniform
//   in the surveillance volume (azimuth uniform in the sector, sin(el)
//   uniform in the elevation band, range with density ~ r^2 up to
//   max_range), range-rate uniform in +-false_alarm_max_range_rate_mps; their
//   reported SNR is that of a noise spike above the threshold,
//   T + Exp(1) - 1 (the exponential tail above T). Not masked by the Earth.
//   Test: Radar.FalseAlarmsArePoissonInTheVolume.
//
// Measurements: range, azimuth (from north clockwise, [0, 2 pi)),
// elevation (above the local ellipsoid horizon) and range-rate
// (d|r_t - r_s|/dt in ECEF, the site being fixed in ECEF), each the true
// value plus independent Gaussian noise with
//   sigma_range = sigma_range_m, sigma_range_rate = sigma_range_rate_mps,
//   sigma_az = sigma_el = theta_3dB / (k_m sqrt(2 SNR))
// (monopulse angle accuracy, Barton, Modern Radar System Analysis 1988,
// sec. 11.2; k_m = monopulse_slope = 1.6 by default). The measured angles are
// geometric: refraction only enters the masking. Test:
// Radar.NoiseStatisticsMatchReportedSigmas (mean within 4 standard errors,
// sample sigma within 3 %), Radar.AngleSigmaShrinksWithSnr.
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

constexpr double kRefractionFactor = 4.0 / 3.0;  // effective Earth radius factor k

// Gaussian mean radius of curvature sqrt(M N) of the WGS84 ellipsoid at a latitude.
double mean_earth_radius_m(double lat_rad);
// Horizon distance (arc length on the ground) of a height h over a sphere of
// radius k R: k R acos(k R / (k R + h)); 0 for h <= 0.
double horizon_distance_m(double height_m, double earth_radius_m, double k = kRefractionFactor);
// True when the Earth (4/3 effective radius) does not mask the target.
bool line_of_sight(const geo::Geodetic& site, const geo::Vec3& site_ecef,
                   const geo::Vec3& target_ecef, double k = kRefractionFactor);

// Linear SNR (power ratio) of a target of mean RCS rcs_m2 at range_m.
double radar_snr(const RadarParams& radar, double rcs_m2, double range_m);
// Swerling I probability of detection for linear SNR and Pfa.
double swerling1_pd(double snr, double pfa);
// Angle standard deviation for linear SNR (> 0).
double radar_angle_sigma(const RadarParams& radar, double snr);
// Azimuth sector, elevation band and maximum range (not the Earth masking).
bool in_field_of_view(const RadarParams& radar, const geo::AzElRange& aer);

// One scan of a radar at t_s: appends a measurement for each detected target
// (in the order of `targets`) and then the false alarms. Draws from `rng`
// only; allocates nothing beyond `out`'s growth.
void radar_dwell(const SensorConfig& sensor, std::uint32_t sensor_index, const SensorPose& pose,
                 double t_s, std::span<const TargetSnapshot> targets, Rng& rng,
                 std::vector<Measurement>& out);

}  // namespace bulwark::sensors
