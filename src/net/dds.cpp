#include "net/dds.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>
#include <utility>

#include "common/error.hpp"

namespace bulwark::net {

namespace {

// Cyclone reports the reason of a failure (a refused permission, a bad
// certificate, a configuration error) in its log, not in the return code:
// keep the last error logged on this thread for the exception's text, and
// print everything as Cyclone's default sink would.
thread_local std::string last_dds_error;

void log_sink(void*, const dds_log_data_t* data) {
  std::string text(data->message, data->size);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  if (data->priority & (DDS_LC_ERROR | DDS_LC_FATAL)) last_dds_error = text;
  std::fprintf(stderr, "dds: %s\n", text.c_str());
}

void install_log_sink() {
  static std::once_flag once;
  std::call_once(once, [] { dds_set_log_sink(&log_sink, nullptr); });
}

[[noreturn]] void fail(const std::string& what, dds_return_t rc) {
  std::string text = what;
  text.append(": ").append(dds_strretcode(rc));
  if (!last_dds_error.empty()) text.append(" (").append(last_dds_error).append(")");
  last_dds_error.clear();
  throw DomainError(text);
}

dds_return_t check(dds_return_t rc, const std::string& what) {
  if (rc < 0) fail(what, rc);
  return rc;
}

dds_duration_t to_duration(double seconds) {
  if (!(seconds > 0.0)) return 0;
  if (seconds > 1e9) return DDS_INFINITY;
  return static_cast<dds_duration_t>(seconds * 1e9);
}

struct QosDeleter {
  void operator()(dds_qos_t* q) const { dds_delete_qos(q); }
};
using Qos = std::unique_ptr<dds_qos_t, QosDeleter>;

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

bool looks_like_address(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789.:abcdefABCDEF") == std::string::npos &&
         (s.find('.') != std::string::npos || s.find(':') != std::string::npos);
}

}  // namespace

// ---- configuration

std::string cyclone_config_xml(const NetConfig& c) {
  std::string iface = c.interface.empty() ? std::string("127.0.0.1") : c.interface;
  if (c.loopback_only && iface != "lo" && iface.rfind("127.", 0) != 0)
    throw DomainError("NetConfig: loopback_only with the non-loopback interface '" + iface + "'");
  const std::string attr = looks_like_address(iface) ? "address" : "name";
  std::string x = "<CycloneDDS><Domain id=\"any\"><General><Interfaces><NetworkInterface ";
  x.append(attr).append("=\"").append(xml_escape(iface)).append("\"/></Interfaces>");
  const bool unicast = c.loopback_only || !c.peers.empty();
  if (unicast) x.append("<AllowMulticast>false</AllowMulticast>");
  // Participant announcements every second (Cyclone's default is 30 s), so
  // nodes that lost each other for longer than the participant lease (a
  // partition) find each other again within a second of the link healing.
  x.append("</General><Discovery><ParticipantIndex>auto</ParticipantIndex>");
  x.append("<SPDPInterval>1s</SPDPInterval>");
  // A dead peer's readers stay matched, acknowledging nothing, until its
  // participant lease expires: 5 s (default 10 s) bounds how long.
  x.append("<LeaseDuration>5s</LeaseDuration>");
  if (unicast) {
    // Unicast discovery probes the ports of participant indices 0..max on
    // each peer: room for 21 processes of one domain per host.
    x.append("<MaxAutoParticipantIndex>20</MaxAutoParticipantIndex><Peers>");
    std::vector<std::string> peers = c.peers;
    if (c.loopback_only) peers.insert(peers.begin(), "127.0.0.1");
    for (const std::string& p : peers)
      x.append("<Peer address=\"").append(xml_escape(p)).append("\"/>");
    x.append("</Peers>");
  }
  x.append("</Discovery>");
  // Meanwhile a reliable keep-all writer buffers what the dead reader has not
  // acknowledged; Cyclone's adaptive default (from 30 kB) blocked the
  // world's dwell writer within 5 samples and write() timed out. With 64 MB
  // it wrote 30 MB past a dead reader without blocking (docs/federation.md).
  x.append(
      "<Internal><Watermarks><WhcHigh>64MB</WhcHigh><WhcHighInit>64MB</WhcHighInit>"
      "<WhcAdaptive>false</WhcAdaptive></Watermarks></Internal>");
  x.append(c.extra_xml);
  x.append("</Domain></CycloneDDS>");
  return x;
}

namespace detail {

Entity& Entity::operator=(Entity&& other) noexcept {
  if (this != &other) {
    reset();
    handle_ = other.release();
  }
  return *this;
}

void Entity::reset() {
  // Deleting an entity whose parent is already gone fails harmlessly.
  if (handle_ > 0) dds_delete(handle_);
  handle_ = 0;
}

// A domain created by this process with our configuration; participants
// share it and the last one deletes it.
struct Domain {
  int id = 0;
  std::string xml;
  Entity handle;
};

namespace {
std::shared_ptr<Domain> open_domain(const NetConfig& config) {
  // Function-local: a participant may be made during static initialisation
  // (a test's child process), before namespace-scope objects exist.
  static std::mutex domains_mutex;
  static std::map<int, std::weak_ptr<Domain>> domains;
  const std::string xml = cyclone_config_xml(config);
  std::lock_guard lock(domains_mutex);
  if (auto existing = domains[config.domain].lock()) {
    if (existing->xml != xml)
      throw DomainError("DDS domain " + std::to_string(config.domain) +
                        " is already configured differently in this process (interface " +
                        config.interface + ")");
    return existing;
  }
  auto domain = std::make_shared<Domain>();
  domain->id = config.domain;
  domain->xml = xml;
  const dds_entity_t h = dds_create_domain(static_cast<dds_domainid_t>(config.domain), xml.c_str());
  if (h == DDS_RETCODE_PRECONDITION_NOT_MET) {
    last_dds_error.clear();
    throw DomainError("DDS domain " + std::to_string(config.domain) +
                      " already exists in this process with a configuration not from NetConfig");
  }
  check(h, "creating DDS domain " + std::to_string(config.domain));
  domain->handle = Entity(h);
  domains[config.domain] = domain;
  return domain;
}
}  // namespace

}  // namespace detail

namespace {

std::string plugin_path(const NetConfig& c, const char* name) {
  std::string dir =
      c.security_plugin_dir.empty() ? BULWARK_DDS_SECURITY_DIR : c.security_plugin_dir;
  if (dir.empty()) return std::string("lib") + name + ".so";  // let the loader search
  return dir + "/lib" + name + ".so";
}

std::string security_file(const std::string& path) {
  if (!std::filesystem::is_regular_file(path))
    throw DomainError("DDS Security file missing: " + path +
                      " (make it with scripts/federation-ca)");
  return "file:" + std::filesystem::absolute(path).string();
}

// The DDS Security plugin properties of the participant's QoS (OMG DDS
// Security 1.1, section 9; Cyclone's names), from federation-ca's layout.
void add_security(dds_qos_t* qos, const NetConfig& c) {
  if (c.identity.empty())
    throw DomainError("DDS Security needs an identity (nation code or world)");
  const std::string ca = c.security_dir + "/ca/";
  const std::string me = c.security_dir + "/" + c.identity + "/";
  dds_qset_prop(qos, "dds.sec.auth.library.path", plugin_path(c, "dds_security_auth").c_str());
  dds_qset_prop(qos, "dds.sec.auth.library.init", "init_authentication");
  dds_qset_prop(qos, "dds.sec.auth.library.finalize", "finalize_authentication");
  dds_qset_prop(qos, "dds.sec.crypto.library.path", plugin_path(c, "dds_security_crypto").c_str());
  dds_qset_prop(qos, "dds.sec.crypto.library.init", "init_crypto");
  dds_qset_prop(qos, "dds.sec.crypto.library.finalize", "finalize_crypto");
  dds_qset_prop(qos, "dds.sec.access.library.path", plugin_path(c, "dds_security_ac").c_str());
  dds_qset_prop(qos, "dds.sec.access.library.init", "init_access_control");
  dds_qset_prop(qos, "dds.sec.access.library.finalize", "finalize_access_control");
  dds_qset_prop(qos, "dds.sec.auth.identity_ca", security_file(ca + "identity_ca.pem").c_str());
  dds_qset_prop(qos, "dds.sec.auth.identity_certificate", security_file(me + "cert.pem").c_str());
  dds_qset_prop(qos, "dds.sec.auth.private_key", security_file(me + "key.pem").c_str());
  dds_qset_prop(qos, "dds.sec.access.permissions_ca",
                security_file(ca + "permissions_ca.pem").c_str());
  dds_qset_prop(qos, "dds.sec.access.governance", security_file(ca + "governance.p7s").c_str());
  dds_qset_prop(qos, "dds.sec.access.permissions", security_file(me + "permissions.p7s").c_str());
}

}  // namespace

Participant::Participant(NetConfig config) : config_(std::move(config)) {
  install_log_sink();
  if (config_.domain < 0 || config_.domain > 230)
    throw DomainError("DDS domain id " + std::to_string(config_.domain) + " outside 0..230");
  domain_ = detail::open_domain(config_);
  Qos qos(dds_create_qos());
  if (!config_.security_dir.empty()) add_security(qos.get(), config_);
  const dds_entity_t p =
      dds_create_participant(static_cast<dds_domainid_t>(config_.domain), qos.get(), nullptr);
  check(p, "creating DDS participant" +
               (config_.identity.empty() ? std::string() : " '" + config_.identity + "'"));
  participant_ = detail::Entity(p);
}

Participant::~Participant() {
  participant_.reset();
}
Participant::Participant(Participant&&) noexcept = default;
Participant& Participant::operator=(Participant&& other) noexcept {
  if (this != &other) {
    participant_ = std::move(other.participant_);
    domain_ = std::move(other.domain_);
    config_ = std::move(other.config_);
  }
  return *this;
}

bool wait_for_participants(const Participant& participant, std::size_t count, double timeout_s) {
  detail::Entity reader(
      dds_create_reader(participant.handle(), DDS_BUILTIN_TOPIC_DCPSPARTICIPANT, nullptr, nullptr));
  check(reader.get(), "creating DCPSParticipant reader");
  dds_guid_t self;
  check(dds_get_guid(participant.handle(), &self), "reading participant GUID");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    constexpr int kMax = 256;
    void* samples[kMax] = {nullptr};
    dds_sample_info_t infos[kMax] = {};
    const int n =
        check(dds_read_mask(reader.get(), samples, infos, kMax, kMax,
                            DDS_ANY_SAMPLE_STATE | DDS_ANY_VIEW_STATE | DDS_ALIVE_INSTANCE_STATE),
              "reading DCPSParticipant");
    std::size_t others = 0;
    for (int i = 0; i < n; ++i) {
      const auto* p = static_cast<const dds_builtintopic_participant_t*>(samples[i]);
      if (infos[i].valid_data && std::memcmp(&p->key, &self, sizeof self) != 0) ++others;
    }
    if (n > 0) dds_return_loan(reader.get(), samples, n);
    if (others >= count) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// ---- QoS per topic (docs/federation.md explains each choice)

namespace {

// Reliable writes block at most this long when a reader is slow (keep-all
// history); past it write() throws.
constexpr dds_duration_t kMaxBlocking = DDS_SECS(5);
constexpr dds_duration_t kHeartbeatLease = DDS_SECS(2);

enum class History { keep_all, keep_last_1 };

dds_qos_t* make_qos(bool reliable, bool transient_local, History history) {
  dds_qos_t* q = dds_create_qos();
  if (reliable)
    dds_qset_reliability(q, DDS_RELIABILITY_RELIABLE, kMaxBlocking);
  else
    dds_qset_reliability(q, DDS_RELIABILITY_BEST_EFFORT, 0);
  dds_qset_durability(q,
                      transient_local ? DDS_DURABILITY_TRANSIENT_LOCAL : DDS_DURABILITY_VOLATILE);
  if (history == History::keep_all)
    dds_qset_history(q, DDS_HISTORY_KEEP_ALL, DDS_LENGTH_UNLIMITED);
  else
    dds_qset_history(q, DDS_HISTORY_KEEP_LAST, 1);
  return q;
}

}  // namespace

template <>
dds_qos_t* topic_qos<DwellSample>() {
  return make_qos(true, false, History::keep_all);
}
template <>
dds_qos_t* topic_qos<ClockSample>() {
  return make_qos(true, true, History::keep_last_1);
}
template <>
dds_qos_t* topic_qos<BatteryStatusSample>() {
  return make_qos(true, true, History::keep_last_1);
}
template <>
dds_qos_t* topic_qos<LocalTracksSample>() {
  return make_qos(true, true, History::keep_last_1);
}
template <>
dds_qos_t* topic_qos<SystemTracksSample>() {
  return make_qos(true, true, History::keep_last_1);
}
template <>
dds_qos_t* topic_qos<ClaimsSample>() {
  return make_qos(true, false, History::keep_all);
}
template <>
dds_qos_t* topic_qos<FireOrdersSample>() {
  return make_qos(true, false, History::keep_all);
}
template <>
dds_qos_t* topic_qos<EngagementResultSample>() {
  return make_qos(true, true, History::keep_all);
}
template <>
dds_qos_t* topic_qos<HeartbeatSample>() {
  dds_qos_t* q = make_qos(false, false, History::keep_last_1);
  dds_qset_liveliness(q, DDS_LIVELINESS_AUTOMATIC, kHeartbeatLease);
  return q;
}

// ---- writers and readers

namespace {

template <class Sample>
detail::Entity create_topic(const Participant& p, const dds_qos_t* qos) {
  const dds_entity_t t =
      dds_create_topic(p.handle(), &Topic<Sample>::descriptor(), Topic<Sample>::name, qos, nullptr);
  check(t, std::string("creating topic ") + Topic<Sample>::name);
  return detail::Entity(t);
}

template <class Sample>
std::string default_partition(const Participant& p, bool reader) {
  switch (Topic<Sample>::partition) {
    case PartitionRule::shared:
      return "";
    case PartitionRule::authority:
      if (reader) return "*";
      break;
    case PartitionRule::addressed:
      if (reader) break;
      throw DomainError(std::string("a writer of ") + Topic<Sample>::name +
                        " needs the addressee's partition");
  }
  if (p.config().identity.empty())
    throw DomainError(std::string(Topic<Sample>::name) +
                      " is partitioned by nation: the participant needs an identity");
  return p.config().identity;
}

// A publisher or subscriber QoS in `partition` ("" = the default one).
Qos partition_qos(const std::string& partition) {
  Qos q(dds_create_qos());
  if (!partition.empty()) dds_qset_partition1(q.get(), partition.c_str());
  return q;
}

// Samples taken per dds_take call.
constexpr int kBatch = 64;

}  // namespace

template <class Sample>
Writer<Sample>::Writer(Participant& participant)
    : Writer(participant, default_partition<Sample>(participant, false)) {}

template <class Sample>
Writer<Sample>::Writer(Participant& participant, const std::string& partition) {
  const Qos qos(topic_qos<Sample>());
  topic_ = create_topic<Sample>(participant, qos.get());
  const Qos pq = partition_qos(partition);
  publisher_ = detail::Entity(dds_create_publisher(participant.handle(), pq.get(), nullptr));
  check(publisher_.get(), std::string("creating publisher in partition '") + partition + "'");
  writer_ = detail::Entity(dds_create_writer(publisher_.get(), topic_.get(), qos.get(), nullptr));
  check(writer_.get(), std::string("creating writer of ") + Topic<Sample>::name +
                           " in partition '" + partition + "'");
}

template <class Sample>
void Writer<Sample>::write(const Sample& sample) {
  typename Topic<Sample>::Idl idl{};
  encode(sample, idl);
  const dds_return_t rc = dds_write(writer_.get(), &idl);
  free_contents(&idl, Topic<Sample>::descriptor());
  check(rc, std::string("writing ") + Topic<Sample>::name);
}

template <class Sample>
std::uint32_t Writer<Sample>::matched_readers() const {
  dds_publication_matched_status_t st;
  check(dds_get_publication_matched_status(writer_.get(), &st), "publication matched status");
  return st.current_count;
}

template <class Sample>
bool Writer<Sample>::wait_for_readers(std::uint32_t n, double timeout_s) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (matched_readers() < n) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

template <class Sample>
Reader<Sample>::Reader(Participant& participant, Limits limits)
    : Reader(participant, std::move(limits), default_partition<Sample>(participant, true)) {}

template <class Sample>
Reader<Sample>::Reader(Participant& participant, Limits limits, const std::string& partition)
    : limits_(std::move(limits)) {
  const Qos qos(topic_qos<Sample>());
  topic_ = create_topic<Sample>(participant, qos.get());
  const Qos sq = partition_qos(partition);
  subscriber_ = detail::Entity(dds_create_subscriber(participant.handle(), sq.get(), nullptr));
  check(subscriber_.get(), std::string("creating subscriber in partition '") + partition + "'");
  reader_ = detail::Entity(dds_create_reader(subscriber_.get(), topic_.get(), qos.get(), nullptr));
  check(reader_.get(), std::string("creating reader of ") + Topic<Sample>::name +
                           " in partition '" + partition + "'");
  condition_ = detail::Entity(dds_create_readcondition(
      reader_.get(), DDS_NOT_READ_SAMPLE_STATE | DDS_ANY_VIEW_STATE | DDS_ANY_INSTANCE_STATE));
  check(condition_.get(), "creating read condition");
  waitset_ = detail::Entity(dds_create_waitset(participant.handle()));
  check(waitset_.get(), "creating waitset");
  check(dds_waitset_attach(waitset_.get(), condition_.get(), 0), "attaching read condition");
}

template <class Sample>
std::uint32_t Reader<Sample>::matched_writers() const {
  dds_subscription_matched_status_t st;
  check(dds_get_subscription_matched_status(reader_.get(), &st), "subscription matched status");
  return st.current_count;
}

// Records the partition of every writer matched since the last look, so a
// sample can be checked against its writer even after the writer is gone.
template <class Sample>
void Reader<Sample>::learn_writers() {
  dds_subscription_matched_status_t st;
  check(dds_get_subscription_matched_status(reader_.get(), &st), "subscription matched status");
  if (st.total_count == writers_seen_) return;
  writers_seen_ = st.total_count;
  std::vector<dds_instance_handle_t> handles(st.current_count + 16);
  const dds_return_t n =
      check(dds_get_matched_publications(reader_.get(), handles.data(), handles.size()),
            "matched publications");
  for (dds_return_t i = 0; i < n && static_cast<std::size_t>(i) < handles.size(); ++i) {
    const dds_instance_handle_t h = handles[static_cast<std::size_t>(i)];
    if (partition_.count(h)) continue;
    dds_builtintopic_endpoint_t* ep = dds_get_matched_publication_data(reader_.get(), h);
    if (ep == nullptr) continue;
    uint32_t np = 0;
    char** ps = nullptr;
    std::string part;
    if (dds_qget_partition(ep->qos, &np, &ps)) {
      // One partition, no wildcard: anything else is not a nation's.
      if (np == 1 && std::string(ps[0]).find_first_of("*?") == std::string::npos) part = ps[0];
      for (uint32_t k = 0; k < np; ++k) dds_free(ps[k]);
      dds_free(ps);
    }
    partition_[h] = part;
    dds_builtintopic_free_endpoint(ep);
  }
}

template <class Sample>
bool Reader<Sample>::partition_ok(std::uint32_t nation, dds_instance_handle_t writer) {
  if (limits_.nation_codes.empty()) return true;
  auto it = partition_.find(writer);
  if (it == partition_.end()) {
    learn_writers();
    it = partition_.find(writer);
  }
  return it != partition_.end() && nation < limits_.nation_codes.size() &&
         it->second == limits_.nation_codes[nation];
}

template <class Sample>
void Reader<Sample>::poll() {
  using Idl = typename Topic<Sample>::Idl;
  constexpr bool kPartitioned = Topic<Sample>::partition != PartitionRule::shared;
  if (kPartitioned) learn_writers();
  for (;;) {
    void* samples[kBatch] = {nullptr};
    dds_sample_info_t infos[kBatch];
    const int n = check(dds_take(reader_.get(), samples, infos, kBatch, kBatch),
                        std::string("taking ") + Topic<Sample>::name);
    if (n <= 0) return;
    struct Loan {  // returned however the loop below ends
      dds_entity_t reader;
      void** samples;
      int n;
      ~Loan() { dds_return_loan(reader, samples, n); }
    } loan{reader_.get(), samples, n};
    for (int i = 0; i < n; ++i) {
      const Idl& idl = *static_cast<const Idl*>(samples[i]);
      Sample s;
      bool ok = infos[i].valid_data && decode(idl, limits_, s, drops_);
      if constexpr (kPartitioned) {
        // Every partitioned sample names the nation it speaks for (or is
        // addressed to): its writer's partition must be that nation's.
        if (ok && !partition_ok(s.nation, infos[i].publication_handle)) {
          drops_.add(DropReason::wrong_partition);
          ok = false;
        }
      }
      if constexpr (std::is_same_v<Sample, HeartbeatSample>) {
        // An invalid sample carries only the key and the instance's new
        // state (no live writer left: the node died, left or is cut off).
        InstanceState& st = instances_[infos[i].instance_handle];
        if (ok) {
          st.nation = s.nation;
          st.known = true;
        } else if (!infos[i].valid_data && !st.known && idl.nation < limits_.nations) {
          st.nation = idl.nation;
          st.known = true;
        }
        st.alive = st.known && infos[i].instance_state == DDS_IST_ALIVE && (ok || st.alive);
      }
      if (!ok) continue;
      if constexpr (std::is_same_v<Sample, HeartbeatSample>) {
        // Keep-last-1 per nation here too: a caller that only asks
        // live_nations() never takes, and must not accumulate heartbeats.
        auto same = std::find_if(pending_.begin(), pending_.end(),
                                 [&](const HeartbeatSample& h) { return h.nation == s.nation; });
        if (same != pending_.end()) {
          *same = s;
          continue;
        }
      }
      pending_.push_back(std::move(s));
    }
    if (n < kBatch) return;
  }
}

template <class Sample>
std::vector<Sample> Reader<Sample>::take() {
  poll();
  return std::exchange(pending_, {});
}

template <class Sample>
bool Reader<Sample>::wait(double timeout_s) {
  if (!pending_.empty()) return true;
  const dds_return_t rc = dds_waitset_wait(waitset_.get(), nullptr, 0, to_duration(timeout_s));
  check(rc, std::string("waiting for ") + Topic<Sample>::name);
  return rc > 0;
}

template <class Sample>
std::vector<std::uint32_t> Reader<Sample>::live_nations() requires
    std::is_same_v<Sample, HeartbeatSample> {
  poll();
  std::vector<std::uint32_t> out;
  for (const auto& [handle, st] : instances_)
    if (st.alive) out.push_back(st.nation);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

template class Writer<DwellSample>;
template class Writer<ClockSample>;
template class Writer<BatteryStatusSample>;
template class Writer<LocalTracksSample>;
template class Writer<SystemTracksSample>;
template class Writer<ClaimsSample>;
template class Writer<FireOrdersSample>;
template class Writer<EngagementResultSample>;
template class Writer<HeartbeatSample>;
template class Reader<DwellSample>;
template class Reader<ClockSample>;
template class Reader<BatteryStatusSample>;
template class Reader<LocalTracksSample>;
template class Reader<SystemTracksSample>;
template class Reader<ClaimsSample>;
template class Reader<FireOrdersSample>;
template class Reader<EngagementResultSample>;
template class Reader<HeartbeatSample>;

}  // namespace bulwark::net
