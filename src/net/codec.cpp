#include "net/codec.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "tracking/fusion.hpp"

namespace bulwark::net {

const char* to_string(DropReason reason) {
  switch (reason) {
    case DropReason::none:
      return "none";
    case DropReason::nan:
      return "nan";
    case DropReason::out_of_range:
      return "out_of_range";
    case DropReason::unknown_battery:
      return "unknown_battery";
    case DropReason::foreign_battery:
      return "foreign_battery";
    case DropReason::wrong_partition:
      return "wrong_partition";
    case DropReason::malformed:
      return "malformed";
  }
  return "?";
}

void DropCounts::add(DropReason reason) {
  switch (reason) {
    case DropReason::none:
      break;
    case DropReason::nan:
      ++nan;
      break;
    case DropReason::out_of_range:
      ++out_of_range;
      break;
    case DropReason::unknown_battery:
      ++unknown_battery;
      break;
    case DropReason::foreign_battery:
      ++foreign_battery;
      break;
    case DropReason::wrong_partition:
      ++wrong_partition;
      break;
    case DropReason::malformed:
      ++malformed;
      break;
  }
}

DropCounts& DropCounts::operator+=(const DropCounts& o) {
  nan += o.nan;
  out_of_range += o.out_of_range;
  unknown_battery += o.unknown_battery;
  foreign_battery += o.foreign_battery;
  wrong_partition += o.wrong_partition;
  malformed += o.malformed;
  return *this;
}

void free_contents(void* idl_sample, const dds_topic_descriptor_t& descriptor) {
  dds_sample_free(idl_sample, &descriptor, DDS_FREE_CONTENTS);
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A sequence buffer owned by the IDL value (freed by dds_sample_free).
template <class Seq, class T>
T* alloc_seq(Seq& seq, std::size_t n) {
  seq._maximum = static_cast<std::uint32_t>(n);
  seq._length = static_cast<std::uint32_t>(n);
  seq._release = true;
  seq._buffer = n == 0 ? nullptr : static_cast<T*>(dds_alloc(n * sizeof(T)));
  if (n != 0) std::memset(static_cast<void*>(seq._buffer), 0, n * sizeof(T));
  return seq._buffer;
}

bool finite(double x) {
  return std::isfinite(x);
}

// A finite number, or NaN where the field may be absent; never infinite.
bool finite_or_absent(double x) {
  return std::isfinite(x) || std::isnan(x);
}

// ---- fire orders (claims, orders, results)

void encode_order(const sim::FireOrderMsg& in, bulwark_net_idl_FireOrder& out) {
  out.battery = in.battery;
  out.track_id = in.track_id;
  out.shots = in.shots;
  out.order_time_s = in.order_time_s;
  out.launch_time_s = in.launch_time_s;
  out.intercept_time_s = in.intercept_time_s;
  for (int i = 0; i < 3; ++i) out.intercept_point_ecef[i] = in.intercept_point_ecef[i];
  out.pk = in.pk;
}

// check_owner: the battery must belong to `nation`.
DropReason decode_order(const bulwark_net_idl_FireOrder& in, const Limits& limits,
                        std::uint32_t nation, bool check_owner, sim::FireOrderMsg& out) {
  if (!finite(in.order_time_s) || !finite(in.launch_time_s) || !finite(in.intercept_time_s) ||
      !finite(in.pk))
    return DropReason::nan;
  for (double x : in.intercept_point_ecef)
    if (!finite(x)) return DropReason::nan;
  if (in.battery >= limits.batteries) return DropReason::unknown_battery;
  if (check_owner) {
    if (in.battery >= limits.battery_nation.size()) return DropReason::unknown_battery;
    if (limits.battery_nation[in.battery] != nation) return DropReason::foreign_battery;
  }
  if (in.shots < 1 || in.pk < 0.0 || in.pk > 1.0) return DropReason::out_of_range;
  out.battery = in.battery;
  out.track_id = in.track_id;
  out.shots = in.shots;
  out.order_time_s = in.order_time_s;
  out.launch_time_s = in.launch_time_s;
  out.intercept_time_s = in.intercept_time_s;
  out.intercept_point_ecef =
      geo::Vec3(in.intercept_point_ecef[0], in.intercept_point_ecef[1], in.intercept_point_ecef[2]);
  out.pk = in.pk;
  return DropReason::none;
}

// ---- track reports

void encode_report(const tracking::TrackReport& in, bulwark_net_idl_TrackReport& out) {
  out.t_s = in.t_s;
  out.track_id = in.track_id;
  for (int i = 0; i < 6; ++i) out.state[i] = in.state[i];
  int k = 0;
  for (int i = 0; i < 6; ++i)
    for (int j = i; j < 6; ++j)
      out.covariance[k++] = 0.5 * (in.covariance(i, j) + in.covariance(j, i));
  out.beta_kgpm2 = in.beta_kgpm2;
  out.beta_sigma_kgpm2 = in.beta_sigma_kgpm2;
}

DropReason decode_report(const bulwark_net_idl_TrackReport& in, tracking::TrackReport& out) {
  if (!finite(in.t_s) || !finite(in.beta_kgpm2) || !finite(in.beta_sigma_kgpm2))
    return DropReason::nan;
  for (double x : in.state)
    if (!finite(x)) return DropReason::nan;
  for (double x : in.covariance)
    if (!finite(x)) return DropReason::nan;
  if (in.beta_kgpm2 < 0.0 || in.beta_sigma_kgpm2 < 0.0) return DropReason::out_of_range;
  int k = 0;
  for (int i = 0; i < 6; ++i)
    for (int j = i; j < 6; ++j) {
      out.covariance(i, j) = in.covariance[k];
      out.covariance(j, i) = in.covariance[k];
      ++k;
    }
  // Positive variances and correlations within [-1, 1]: necessary for a
  // covariance, and cheap; the tracker and fusion invert these matrices.
  for (int i = 0; i < 6; ++i)
    if (!(out.covariance(i, i) > 0.0)) return DropReason::out_of_range;
  for (int i = 0; i < 6; ++i)
    for (int j = i + 1; j < 6; ++j) {
      const double bound = std::sqrt(out.covariance(i, i) * out.covariance(j, j));
      if (std::abs(out.covariance(i, j)) > bound * (1.0 + 1e-9)) return DropReason::out_of_range;
    }
  out.t_s = in.t_s;
  out.track_id = in.track_id;
  for (int i = 0; i < 6; ++i) out.state[i] = in.state[i];
  out.beta_kgpm2 = in.beta_kgpm2;
  out.beta_sigma_kgpm2 = in.beta_sigma_kgpm2;
  return DropReason::none;
}

// ---- measurements

void encode_measurement(const sensors::Measurement& in, bulwark_net_idl_Measurement& out) {
  out.t_s = in.t_s;
  out.sensor = in.sensor;
  out.kind = static_cast<std::uint8_t>(in.kind);
  out.range_m = in.range_m;
  out.az_rad = in.az_rad;
  out.el_rad = in.el_rad;
  out.range_rate_mps = in.range_rate_mps;
  out.sigma_range_m = in.sigma_range_m;
  out.sigma_az_rad = in.sigma_az_rad;
  out.sigma_el_rad = in.sigma_el_rad;
  out.sigma_range_rate_mps = in.sigma_range_rate_mps;
  out.snr_db = in.snr_db;
}

DropReason decode_measurement(const bulwark_net_idl_Measurement& in, std::uint32_t dwell_sensor,
                              sensors::Measurement& out) {
  if (in.kind > static_cast<std::uint8_t>(sensors::MeasurementKind::angles_only) ||
      in.sensor != dwell_sensor)
    return DropReason::malformed;
  const auto kind = static_cast<sensors::MeasurementKind>(in.kind);
  const bool radar = kind == sensors::MeasurementKind::radar;
  if (!finite(in.t_s) || !finite(in.az_rad) || !finite(in.el_rad) || !finite(in.sigma_az_rad) ||
      !finite(in.sigma_el_rad) || !finite_or_absent(in.snr_db))
    return DropReason::nan;
  if (radar) {
    // Range-rate may be absent (a radar without Doppler), range may not.
    if (!finite(in.range_m) || !finite(in.sigma_range_m) || !finite_or_absent(in.range_rate_mps) ||
        !finite_or_absent(in.sigma_range_rate_mps) ||
        std::isnan(in.range_rate_mps) != std::isnan(in.sigma_range_rate_mps))
      return DropReason::nan;
    if (!(in.range_m > 0.0) || !(in.sigma_range_m > 0.0)) return DropReason::out_of_range;
    if (!std::isnan(in.sigma_range_rate_mps) && !(in.sigma_range_rate_mps > 0.0))
      return DropReason::out_of_range;
  }
  if (!(in.sigma_az_rad > 0.0) || !(in.sigma_el_rad > 0.0)) return DropReason::out_of_range;
  out.t_s = in.t_s;
  out.sensor = in.sensor;
  out.kind = kind;
  out.az_rad = in.az_rad;
  out.el_rad = in.el_rad;
  out.sigma_az_rad = in.sigma_az_rad;
  out.sigma_el_rad = in.sigma_el_rad;
  out.snr_db = in.snr_db;
  // Angles-only: the range fields are absent whatever was sent.
  out.range_m = radar ? in.range_m : kNaN;
  out.sigma_range_m = radar ? in.sigma_range_m : kNaN;
  out.range_rate_mps = radar ? in.range_rate_mps : kNaN;
  out.sigma_range_rate_mps = radar ? in.sigma_range_rate_mps : kNaN;
  out.truth = -1;  // never sent
  return DropReason::none;
}

// Counts a dropped sample; returns false for decode() to return.
bool reject(DropCounts& drops, DropReason reason) {
  drops.add(reason);
  return false;
}

bool nation_ok(std::uint32_t nation, const Limits& limits, DropCounts& drops) {
  return nation < limits.nations || reject(drops, DropReason::out_of_range);
}

bool time_ok(double t_s, DropCounts& drops) {
  return finite(t_s) || reject(drops, DropReason::nan);
}

// Encodes the orders of a claims or fire-orders sample with one engaged
// report per order (not known: track_id 0).
template <class OrderSeq, class ReportSeq>
void encode_orders(const std::vector<sim::FireOrderMsg>& orders,
                   const std::vector<tracking::TrackReport>& engaged, OrderSeq& out_orders,
                   ReportSeq& out_engaged) {
  auto* o = alloc_seq<OrderSeq, bulwark_net_idl_FireOrder>(out_orders, orders.size());
  auto* t = alloc_seq<ReportSeq, bulwark_net_idl_TrackReport>(out_engaged, orders.size());
  for (std::size_t i = 0; i < orders.size(); ++i) {
    encode_order(orders[i], o[i]);
    encode_report(i < engaged.size() ? engaged[i] : tracking::TrackReport{}, t[i]);
  }
}

// Decodes them one by one: an order and its engaged report stand or fall
// together; an order without one (a shorter sequence) has it not known.
template <class OrderSeq, class ReportSeq>
void decode_orders(const OrderSeq& orders, const ReportSeq& engaged, const Limits& limits,
                   std::uint32_t nation, DropCounts& drops, std::vector<sim::FireOrderMsg>& out,
                   std::vector<tracking::TrackReport>& out_engaged) {
  out.clear();
  out_engaged.clear();
  for (std::uint32_t i = 0; i < orders._length; ++i) {
    sim::FireOrderMsg order;
    tracking::TrackReport report;
    DropReason r = decode_order(orders._buffer[i], limits, nation, true, order);
    if (r == DropReason::none && i < engaged._length) r = decode_report(engaged._buffer[i], report);
    if (r != DropReason::none) {
      drops.add(r);
      continue;
    }
    out.push_back(order);
    out_engaged.push_back(report);
  }
}

}  // namespace

// ---- Dwell

void encode(const DwellSample& in, bulwark_net_idl_Dwell& out) {
  out.nation = in.nation;
  out.seq = in.seq;
  out.sent_wall_s = in.sent_wall_s;
  out.t_s = in.dwell.t_s;
  out.sensor = in.dwell.sensor;
  for (int i = 0; i < 3; ++i) out.site_position_ecef[i] = in.dwell.site.position_ecef[i];
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) out.site_ecef_to_enu[3 * i + j] = in.dwell.site.ecef_to_enu(i, j);
  auto* d = alloc_seq<dds_sequence_bulwark_net_idl_Measurement, bulwark_net_idl_Measurement>(
      out.detections, in.dwell.detections.size());
  for (std::size_t i = 0; i < in.dwell.detections.size(); ++i)
    encode_measurement(in.dwell.detections[i], d[i]);
}

bool decode(const bulwark_net_idl_Dwell& in, const Limits& limits, DwellSample& out,
            DropCounts& drops) {
  if (!nation_ok(in.nation, limits, drops) || !time_ok(in.t_s, drops)) return false;
  if (in.sensor >= limits.sensors) return reject(drops, DropReason::out_of_range);
  for (double x : in.site_position_ecef)
    if (!finite(x)) return reject(drops, DropReason::nan);
  for (double x : in.site_ecef_to_enu)
    if (!finite(x)) return reject(drops, DropReason::nan);
  out.nation = in.nation;
  out.seq = in.seq;
  out.sent_wall_s = std::isfinite(in.sent_wall_s) ? in.sent_wall_s : 0.0;
  out.dwell.t_s = in.t_s;
  out.dwell.sensor = in.sensor;
  for (int i = 0; i < 3; ++i) out.dwell.site.position_ecef[i] = in.site_position_ecef[i];
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) out.dwell.site.ecef_to_enu(i, j) = in.site_ecef_to_enu[3 * i + j];
  out.dwell.detections.clear();
  out.dwell.detections.reserve(in.detections._length);
  for (std::uint32_t i = 0; i < in.detections._length; ++i) {
    sensors::Measurement m;
    const DropReason r = decode_measurement(in.detections._buffer[i], in.sensor, m);
    if (r == DropReason::none)
      out.dwell.detections.push_back(m);
    else
      drops.add(r);
  }
  return true;
}

// ---- Clock

void encode(const ClockSample& in, bulwark_net_idl_Clock& out) {
  out.cycle = in.cycle;
  out.t_s = in.t_s;
  auto* s = alloc_seq<dds_sequence_uint64, std::uint64_t>(out.dwells_sent, in.dwells_sent.size());
  for (std::size_t i = 0; i < in.dwells_sent.size(); ++i) s[i] = in.dwells_sent[i];
  out.is_final = in.final;
}

bool decode(const bulwark_net_idl_Clock& in, const Limits& limits, ClockSample& out,
            DropCounts& drops) {
  if (!time_ok(in.t_s, drops)) return false;
  if (in.dwells_sent._length != limits.nations) return reject(drops, DropReason::malformed);
  out.cycle = in.cycle;
  out.t_s = in.t_s;
  out.dwells_sent.assign(in.dwells_sent._buffer, in.dwells_sent._buffer + in.dwells_sent._length);
  out.final = in.is_final;
  return true;
}

// ---- BatteryStatus

void encode(const BatteryStatusSample& in, bulwark_net_idl_BatteryStatus& out) {
  out.battery = in.status.battery;
  out.cycle = in.cycle;
  out.rounds_left = in.status.rounds_left;
  out.free_channels = in.status.free_channels;
}

bool decode(const bulwark_net_idl_BatteryStatus& in, const Limits& limits, BatteryStatusSample& out,
            DropCounts& drops) {
  if (in.battery >= limits.batteries) return reject(drops, DropReason::unknown_battery);
  if (in.rounds_left < 0 || in.free_channels < 0) return reject(drops, DropReason::out_of_range);
  out.cycle = in.cycle;
  out.status.battery = in.battery;
  out.status.rounds_left = in.rounds_left;
  out.status.free_channels = in.free_channels;
  return true;
}

// ---- LocalTracks

void encode(const LocalTracksSample& in, bulwark_net_idl_LocalTracks& out) {
  out.nation = in.nation;
  out.cycle = in.cycle;
  out.t_s = in.t_s;
  auto* t = alloc_seq<dds_sequence_bulwark_net_idl_TrackReport, bulwark_net_idl_TrackReport>(
      out.tracks, in.tracks.size());
  for (std::size_t i = 0; i < in.tracks.size(); ++i) encode_report(in.tracks[i], t[i]);
}

bool decode(const bulwark_net_idl_LocalTracks& in, const Limits& limits, LocalTracksSample& out,
            DropCounts& drops) {
  if (!nation_ok(in.nation, limits, drops) || !time_ok(in.t_s, drops)) return false;
  out.nation = in.nation;
  out.cycle = in.cycle;
  out.t_s = in.t_s;
  out.tracks.clear();
  out.tracks.reserve(in.tracks._length);
  for (std::uint32_t i = 0; i < in.tracks._length; ++i) {
    tracking::TrackReport r;
    DropReason why = decode_report(in.tracks._buffer[i], r);
    if (why == DropReason::none && r.track_id >= tracking::kNationStride)
      why = DropReason::out_of_range;
    if (why == DropReason::none)
      out.tracks.push_back(r);
    else
      drops.add(why);
  }
  return true;
}

// ---- SystemTracks

void encode(const SystemTracksSample& in, bulwark_net_idl_SystemTracks& out) {
  out.nation = in.nation;
  out.cycle = in.cycle;
  out.t_s = in.t_s;
  auto* t = alloc_seq<dds_sequence_bulwark_net_idl_SystemTrack, bulwark_net_idl_SystemTrack>(
      out.tracks, in.tracks.size());
  for (std::size_t i = 0; i < in.tracks.size(); ++i) {
    const tracking::SystemTrack& s = in.tracks[i];
    t[i].system_id = s.system_id;
    auto* m = alloc_seq<dds_sequence_uint32, std::uint32_t>(t[i].members, s.members.size());
    for (std::size_t j = 0; j < s.members.size(); ++j) m[j] = s.members[j];
    encode_report(s.report, t[i].report);
  }
}

bool decode(const bulwark_net_idl_SystemTracks& in, const Limits& limits, SystemTracksSample& out,
            DropCounts& drops) {
  if (!nation_ok(in.nation, limits, drops) || !time_ok(in.t_s, drops)) return false;
  out.nation = in.nation;
  out.cycle = in.cycle;
  out.t_s = in.t_s;
  out.tracks.clear();
  out.tracks.reserve(in.tracks._length);
  for (std::uint32_t i = 0; i < in.tracks._length; ++i) {
    const bulwark_net_idl_SystemTrack& s = in.tracks._buffer[i];
    tracking::SystemTrack track;
    DropReason why = decode_report(s.report, track.report);
    if (why == DropReason::none && s.report.track_id != s.system_id) why = DropReason::malformed;
    for (std::uint32_t j = 0; why == DropReason::none && j < s.members._length; ++j) {
      const std::uint32_t key = s.members._buffer[j];
      const std::uint32_t nation_plus_1 = key / tracking::kNationStride;
      if (nation_plus_1 < 1 || nation_plus_1 > limits.nations)
        why = DropReason::out_of_range;
      else if (j > 0 && key <= s.members._buffer[j - 1])
        why = DropReason::malformed;  // members are sorted local keys, each once
    }
    if (why != DropReason::none) {
      drops.add(why);
      continue;
    }
    track.system_id = s.system_id;
    track.members.assign(s.members._buffer, s.members._buffer + s.members._length);
    out.tracks.push_back(std::move(track));
  }
  return true;
}

// ---- Claims

void encode(const ClaimsSample& in, bulwark_net_idl_Claims& out) {
  out.nation = in.nation;
  out.cycle = in.cycle;
  out.t_s = in.t_s;
  std::vector<sim::FireOrderMsg> orders;
  std::vector<tracking::TrackReport> engaged;
  for (const Claim& c : in.claims) {
    orders.push_back(c.order);
    engaged.push_back(c.engaged);
  }
  encode_orders(orders, engaged, out.claimed, out.engaged);
}

bool decode(const bulwark_net_idl_Claims& in, const Limits& limits, ClaimsSample& out,
            DropCounts& drops) {
  if (!nation_ok(in.nation, limits, drops) || !time_ok(in.t_s, drops)) return false;
  out.nation = in.nation;
  out.cycle = in.cycle;
  out.t_s = in.t_s;
  std::vector<sim::FireOrderMsg> orders;
  std::vector<tracking::TrackReport> engaged;
  decode_orders(in.claimed, in.engaged, limits, in.nation, drops, orders, engaged);
  out.claims.clear();
  for (std::size_t i = 0; i < orders.size(); ++i)
    out.claims.push_back(Claim{orders[i], engaged[i]});
  return true;
}

// ---- FireOrders

void encode(const FireOrdersSample& in, bulwark_net_idl_FireOrders& out) {
  out.nation = in.nation;
  out.cycle = in.cycle;
  encode_orders(in.orders, in.engaged, out.orders, out.engaged);
}

bool decode(const bulwark_net_idl_FireOrders& in, const Limits& limits, FireOrdersSample& out,
            DropCounts& drops) {
  if (!nation_ok(in.nation, limits, drops)) return false;
  out.nation = in.nation;
  out.cycle = in.cycle;
  decode_orders(in.orders, in.engaged, limits, in.nation, drops, out.orders, out.engaged);
  return true;
}

// ---- EngagementResult

void encode(const EngagementResultSample& in, bulwark_net_idl_EngagementResult& out) {
  out.nation = in.nation;
  out.cycle = in.cycle;
  encode_order(in.order, out.order);
  out.accepted = in.accepted;
  encode_report(in.engaged, out.engaged);
}

bool decode(const bulwark_net_idl_EngagementResult& in, const Limits& limits,
            EngagementResultSample& out, DropCounts& drops) {
  if (!nation_ok(in.nation, limits, drops)) return false;
  // A rejected order may name another nation's battery: that is why it was
  // rejected. An accepted one may not.
  DropReason r = decode_order(in.order, limits, in.nation, in.accepted, out.order);
  if (r == DropReason::none) r = decode_report(in.engaged, out.engaged);
  if (r != DropReason::none) return reject(drops, r);
  out.nation = in.nation;
  out.cycle = in.cycle;
  out.accepted = in.accepted;
  return true;
}

// ---- Heartbeat

void encode(const HeartbeatSample& in, bulwark_net_idl_Heartbeat& out) {
  out.nation = in.nation;
  out.cycle = in.cycle;
  out.wall_s = in.wall_s;
}

bool decode(const bulwark_net_idl_Heartbeat& in, const Limits& limits, HeartbeatSample& out,
            DropCounts& drops) {
  if (!nation_ok(in.nation, limits, drops) || !time_ok(in.wall_s, drops)) return false;
  out.nation = in.nation;
  out.cycle = in.cycle;
  out.wall_s = in.wall_s;
  return true;
}

}  // namespace bulwark::net
