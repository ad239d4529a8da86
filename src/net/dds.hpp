// A thin C++ layer over Eclipse Cyclone DDS's C API for the federation
// (issue 7, docs/federation.md): a participant configured from NetConfig
// (network interface pinned, DDS Security from scripts/federation-ca's
// layout), and one typed writer and reader per sample type of
// net/messages.hpp with the topic's QoS and partition rule (net/topics.hpp).
//
// Handles are RAII; every DDS error becomes a bulwark::DomainError carrying
// Cyclone's return-code text and its last logged error. A Reader returns
// only samples that passed the codec's validation (net/codec.hpp); the
// rest are dropped and counted. Writers and readers are not thread-safe
// (one thread each); participants in one process share the domain's
// configuration, so they must agree on it (not on the security identity,
// which is per participant).
#pragma once

#include <dds/dds.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "net/codec.hpp"
#include "net/topics.hpp"

namespace bulwark::net {

struct NetConfig {
  int domain = 0;  // DDS domain id, 0..230
  // The one network interface DDS uses: an address ("127.0.0.1",
  // "10.1.2.3") or an interface name ("eth0").
  std::string interface = "127.0.0.1";
  // Loopback only: multicast off and discovery by unicast to 127.0.0.1
  // (Linux's lo has no MULTICAST flag), so nothing leaves the host; the
  // interface must then be a loopback one (127.x or "lo").
  bool loopback_only = true;
  // Unicast discovery peers (addresses or host names) for networks without
  // multicast; empty: multicast discovery (or 127.0.0.1 when loopback_only).
  std::vector<std::string> peers;
  // scripts/federation-ca's output directory; empty: no DDS Security.
  std::string security_dir;
  // "PL" ... (a nation code) or "world": the security identity
  // (security_dir/<identity>/) and the partition of authority topics.
  std::string identity;
  // Where libdds_security_{auth,ac,crypto}.so are; empty: where the build
  // found them (Debian: /usr/lib/<arch>/libddsc0debian).
  std::string security_plugin_dir;
  // Raw Cyclone DDS XML appended inside <Domain> (tracing, socket buffers on
  // a real network); CYCLONEDDS_URI is not read.
  std::string extra_xml;
};

// The Cyclone DDS XML configuration of NetConfig's domain (what
// CYCLONEDDS_URI would hold); the security settings are not in it but in
// each participant's QoS properties. Throws DomainError on a contradiction.
// Besides the interface and discovery peers it sets SPDP every 1 s, a 5 s
// participant lease and 64 MB writer-history watermarks (docs/federation.md).
std::string cyclone_config_xml(const NetConfig& config);

namespace detail {
// One DDS entity handle, deleted (with its children) on destruction.
class Entity {
 public:
  Entity() = default;
  explicit Entity(dds_entity_t handle) : handle_(handle) {}
  Entity(Entity&& other) noexcept : handle_(other.release()) {}
  Entity& operator=(Entity&& other) noexcept;
  Entity(const Entity&) = delete;
  Entity& operator=(const Entity&) = delete;
  ~Entity() { reset(); }
  dds_entity_t get() const { return handle_; }
  dds_entity_t release() {
    const dds_entity_t h = handle_;
    handle_ = 0;
    return h;
  }
  void reset();

 private:
  dds_entity_t handle_ = 0;
};

struct Domain;  // a domain this process created with our configuration
}  // namespace detail

class Participant {
 public:
  explicit Participant(NetConfig config);
  ~Participant();
  Participant(Participant&&) noexcept;
  Participant& operator=(Participant&&) noexcept;

  dds_entity_t handle() const { return participant_.get(); }
  const NetConfig& config() const { return config_; }

 private:
  NetConfig config_;
  std::shared_ptr<detail::Domain> domain_;  // outlives participant_
  detail::Entity participant_;
};

// Waits until `count` participants other than this one are discovered
// (authenticated, with DDS Security); false on timeout.
bool wait_for_participants(const Participant& participant, std::size_t count, double timeout_s);

template <class Sample>
class Writer {
 public:
  // In the partition the topic's rule gives: the default partition (shared
  // topics) or the participant's identity (authority topics). Addressed
  // topics (Dwell) need the partition named.
  explicit Writer(Participant& participant);
  Writer(Participant& participant, const std::string& partition);

  void write(const Sample& sample);

  std::uint32_t matched_readers() const;
  // Waits until at least n readers are matched; false on timeout.
  bool wait_for_readers(std::uint32_t n, double timeout_s) const;
  dds_entity_t handle() const { return writer_.get(); }

 private:
  detail::Entity topic_, publisher_, writer_;
};

template <class Sample>
class Reader {
 public:
  // From the partition the topic's rule gives: the default partition
  // (shared), "*" (authority: every nation's) or the participant's identity
  // (addressed: a node reads its own dwells only).
  Reader(Participant& participant, Limits limits);
  Reader(Participant& participant, Limits limits, const std::string& partition);

  // The valid samples received since the last call, oldest first.
  std::vector<Sample> take();
  // Waits until take() may return something; false on timeout.
  bool wait(double timeout_s);
  // Samples and elements dropped so far, by reason.
  const DropCounts& drops() const { return drops_; }
  std::uint32_t matched_writers() const;
  dds_entity_t handle() const { return reader_.get(); }

  // Heartbeat only: the nations whose heartbeat writer is alive, sorted. A
  // node that exits, crashes or is cut off drops out once its liveliness
  // lease (1 s) expires; it reappears when it writes again.
  std::vector<std::uint32_t> live_nations() requires std::is_same_v<Sample, HeartbeatSample>;

 private:
  void poll();
  bool partition_ok(std::uint32_t nation, dds_instance_handle_t writer);
  void learn_writers();

  Limits limits_;
  detail::Entity topic_, subscriber_, reader_, condition_, waitset_;
  std::vector<Sample> pending_;
  DropCounts drops_;
  std::uint64_t writers_seen_ = 0;                          // subscription-matched total count
  std::map<dds_instance_handle_t, std::string> partition_;  // writer -> its (one) partition
  struct InstanceState {
    std::uint32_t nation = 0;
    bool known = false;  // nation learnt from a sample
    bool alive = false;
  };
  std::map<dds_instance_handle_t, InstanceState> instances_;  // heartbeat only
};

extern template class Writer<DwellSample>;
extern template class Writer<ClockSample>;
extern template class Writer<BatteryStatusSample>;
extern template class Writer<LocalTracksSample>;
extern template class Writer<SystemTracksSample>;
extern template class Writer<ClaimsSample>;
extern template class Writer<FireOrdersSample>;
extern template class Writer<EngagementResultSample>;
extern template class Writer<HeartbeatSample>;
extern template class Reader<DwellSample>;
extern template class Reader<ClockSample>;
extern template class Reader<BatteryStatusSample>;
extern template class Reader<LocalTracksSample>;
extern template class Reader<SystemTracksSample>;
extern template class Reader<ClaimsSample>;
extern template class Reader<FireOrdersSample>;
extern template class Reader<EngagementResultSample>;
extern template class Reader<HeartbeatSample>;

// The topic's QoS (docs/federation.md), for raw entities in tests and tools.
// The caller owns the result (dds_delete_qos).
template <class Sample>
dds_qos_t* topic_qos();
template <>
dds_qos_t* topic_qos<DwellSample>();
template <>
dds_qos_t* topic_qos<ClockSample>();
template <>
dds_qos_t* topic_qos<BatteryStatusSample>();
template <>
dds_qos_t* topic_qos<LocalTracksSample>();
template <>
dds_qos_t* topic_qos<SystemTracksSample>();
template <>
dds_qos_t* topic_qos<ClaimsSample>();
template <>
dds_qos_t* topic_qos<FireOrdersSample>();
template <>
dds_qos_t* topic_qos<EngagementResultSample>();
template <>
dds_qos_t* topic_qos<HeartbeatSample>();

}  // namespace bulwark::net
