#include "tracking/measurement_model.hpp"

#include <cmath>
#include <numbers>

#include "tracking/filter_errors.hpp"

namespace bulwark::tracking {

int measurement_dim(const sensors::Measurement& z) {
  if (z.kind == sensors::MeasurementKind::angles_only) return 2;
  return std::isfinite(z.range_rate_mps) ? 4 : 3;
}

double wrap_angle(double a) {
  constexpr double kPi = std::numbers::pi;
  a = std::remainder(a, 2.0 * kPi);
  return a <= -kPi ? a + 2.0 * kPi : a;
}

namespace {
void require(bool ok, const char* field, const char* what) {
  if (!ok) throw_filter_input_error(field, what);
}
}  // namespace

void check_measurement(const sensors::Measurement& z) {
  require(std::isfinite(z.t_s), "measurement.t_s", "time must be finite");
  require(std::isfinite(z.az_rad), "measurement.az_rad", "azimuth must be finite");
  require(std::isfinite(z.el_rad), "measurement.el_rad", "elevation must be finite");
  require(std::isfinite(z.sigma_az_rad) && z.sigma_az_rad > 0.0, "measurement.sigma_az_rad",
          "standard deviation must be finite and positive");
  require(std::isfinite(z.sigma_el_rad) && z.sigma_el_rad > 0.0, "measurement.sigma_el_rad",
          "standard deviation must be finite and positive");
  if (z.kind == sensors::MeasurementKind::radar) {
    require(std::isfinite(z.range_m) && z.range_m > 0.0, "measurement.range_m",
            "radar range must be finite and positive");
    require(std::isfinite(z.sigma_range_m) && z.sigma_range_m > 0.0, "measurement.sigma_range_m",
            "standard deviation must be finite and positive");
    if (std::isfinite(z.range_rate_mps)) {
      require(std::isfinite(z.sigma_range_rate_mps) && z.sigma_range_rate_mps > 0.0,
              "measurement.sigma_range_rate_mps",
              "standard deviation must be finite and positive when range-rate is given");
    }
  }
}

MeasVector measurement_vector(const sensors::Measurement& z) {
  MeasVector v = MeasVector::Zero();
  if (z.kind == sensors::MeasurementKind::angles_only) {
    v << z.az_rad, z.el_rad, 0.0, 0.0;
    return v;
  }
  v << z.range_m, z.az_rad, z.el_rad, 0.0;
  if (std::isfinite(z.range_rate_mps)) v(3) = z.range_rate_mps;
  return v;
}

MeasMatrix measurement_noise(const sensors::Measurement& z) {
  MeasVector d = MeasVector::Ones();
  if (z.kind == sensors::MeasurementKind::angles_only) {
    d(0) = z.sigma_az_rad * z.sigma_az_rad;
    d(1) = z.sigma_el_rad * z.sigma_el_rad;
  } else {
    d(0) = z.sigma_range_m * z.sigma_range_m;
    d(1) = z.sigma_az_rad * z.sigma_az_rad;
    d(2) = z.sigma_el_rad * z.sigma_el_rad;
    if (std::isfinite(z.range_rate_mps)) d(3) = z.sigma_range_rate_mps * z.sigma_range_rate_mps;
  }
  return d.asDiagonal();
}

MeasVector measure(const StateVector& x, const sensors::Measurement& z, const SensorSite& site,
                   MeasJacobian* H) {
  const geo::Vec3 d = x.head<3>() - site.position_ecef;
  const geo::Vec3 enu = site.ecef_to_enu * d;
  const double e = enu.x();
  const double n = enu.y();
  const double u = enu.z();
  const double rh2 = e * e + n * n;
  const double rh = std::sqrt(rh2);
  const double range2 = rh2 + u * u;
  const double range = std::sqrt(range2);
  const double az = std::atan2(e, n);
  const double el = std::atan2(u, rh);
  const int dim = measurement_dim(z);
  const int ia = azimuth_index(dim);

  MeasVector out = MeasVector::Zero();
  out(ia) = az;
  out(ia + 1) = el;
  if (dim >= 3) out(0) = range;
  const geo::Vec3 v = x.segment<3>(3);
  if (dim == 4) out(3) = d.dot(v) / range;

  if (H != nullptr) {
    H->setZero();
    // Angles: gradients in ENU, then chained through the rotation.
    const Eigen::RowVector3d daz(n / rh2, -e / rh2, 0.0);
    const Eigen::RowVector3d del(-e * u / (range2 * rh), -n * u / (range2 * rh), rh / range2);
    H->block<1, 3>(ia, 0) = daz * site.ecef_to_enu;
    H->block<1, 3>(ia + 1, 0) = del * site.ecef_to_enu;
    if (dim >= 3) H->block<1, 3>(0, 0) = d.transpose() / range;
    if (dim == 4) {
      const double rr = d.dot(v) / range;
      H->block<1, 3>(3, 0) = (v.transpose() - rr * d.transpose() / range) / range;
      H->block<1, 3>(3, 3) = d.transpose() / range;
    }
  }
  return out;
}

}  // namespace bulwark::tracking
