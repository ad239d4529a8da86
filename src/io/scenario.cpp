#include "io/scenario.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "common/error.hpp"
#include "common/random.hpp"
#include "common/units.hpp"
#include "geo/geodesic.hpp"
#include "geo/time.hpp"
#include "io/catalog.hpp"
#include "io/embedded.hpp"
#include "io/yaml_util.hpp"

namespace bulwark::io {
namespace {

constexpr long long kMaxCount = 1000000;
constexpr const char* kDefaultEpoch = "2000-01-01T12:00:00Z";  // J2000, sensors-only files

const Range kLat = Range::closed(-90.0, 90.0);
const Range kLon = Range::closed(-180.0, 180.0);
const Range kSiteAlt = Range::closed(-500.0, 20000.0);  // m: sea level to a mountain / aircraft
const Range kAzimuth = Range::half_open(0.0, 360.0);
const Range kProbability = Range::closed(0.0, 1.0);

std::string join(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

struct Parser {
  YamlContext ctx;
  ScenarioParts parts;
  Scenario& s;
  bool have_nations = false;

  // A latitude/longitude (and optional altitude) from keys of a flat map.
  geo::Geodetic site(const YAML::Node& map, const std::string& path, bool alt_required) const {
    geo::Geodetic g;
    g.lat_rad = deg_to_rad(ctx.number(map, path, "lat_deg", kLat));
    g.lon_rad = deg_to_rad(ctx.number(map, path, "lon_deg", kLon));
    g.alt_m = alt_required ? ctx.number(map, path, "alt_m", kSiteAlt)
                           : ctx.number_or(map, path, "alt_m", 0.0, kSiteAlt);
    return g;
  }

  // A ground point written as {lat_deg: .., lon_deg: ..}.
  geo::Geodetic point(const YAML::Node& node, const std::string& path) const {
    ctx.allowed_keys(node, path, {"lat_deg", "lon_deg"});
    return site(node, path, false);
  }

  void check_nation(const YAML::Node& map, const std::string& path,
                    const std::string& nation) const {
    if (!have_nations) return;
    for (const auto& n : s.nations)
      if (n == nation) return;
    ctx.fail(map["nation"], field_path(path, "nation"),
             "nation '" + nation + "' is not in `nations` (" + join(s.nations) + ")");
  }

  // Rejects an id already used in the same list.
  void check_unique(std::set<std::string>& seen, const YAML::Node& at, const std::string& path,
                    const std::string& id) const {
    if (!seen.insert(id).second) ctx.fail(at, path, "duplicate id '" + id + "'");
  }

  const physics::ThreatClass& threat_class(const YAML::Node& map, const std::string& path,
                                           std::string_view key) const {
    const std::string name = ctx.string(map, path, key);
    if (const auto* cls = s.catalog.find_threat(name)) return *cls;
    std::vector<std::string> names;
    for (const auto& c : s.catalog.threats) names.push_back(c.name);
    ctx.fail(map[std::string(key)], field_path(path, key),
             "unknown threat class '" + name + "' (catalog has: " + join(names) + ")");
  }

  physics::Loft loft(const YAML::Node& map, const std::string& path) const {
    const std::string v = ctx.string_or(map, path, "loft", "minimum-energy");
    if (const auto l = physics::loft_from_string(v)) return *l;
    ctx.fail(map["loft"], field_path(path, "loft"),
             "unknown loft '" + v + "' (allowed: minimum-energy, lofted, depressed)");
  }

  // The aim point must lie within the class's aimable ground range.
  void check_reach(const physics::ThreatClass& cls, const physics::ThreatLaunch& launch,
                   const YAML::Node& at, const std::string& path, const std::string& id) const {
    if (cls.max_range_m <= 0.0) return;
    const double d = geo::geodesic_inverse(launch.launch, launch.aim).distance_m;
    if (d >= cls.min_range_m && d <= cls.max_range_m) return;
    std::ostringstream msg;
    msg.precision(1);
    msg << std::fixed << "threat '" << id << "': ground range " << d / 1000.0 << " km is outside "
        << cls.name << "'s range [" << cls.min_range_m / 1000.0 << ", " << cls.max_range_m / 1000.0
        << "] km";
    ctx.fail(at, path, msg.str());
  }

  void catalog(const YAML::Node& root) {
    const YAML::Node node = root["catalog"];
    if (!node.IsDefined()) {
      s.catalog = default_catalog();
      return;
    }
    const std::string file = ctx.string(node, "catalog");
    std::filesystem::path p(file);
    if (p.is_relative()) p = std::filesystem::path(s.source).parent_path() / p;
    if (!std::filesystem::is_regular_file(p))
      ctx.fail(node, "catalog", "catalog file not found: " + p.string());
    s.catalog = load_catalog(p.string());
  }

  void header(const YAML::Node& root) {
    s.name = ctx.string_or(root, "", "name", "");
    const YAML::Node epoch = root["epoch"];
    if (epoch.IsDefined() || parts == ScenarioParts::full) {
      s.epoch_utc = ctx.string(root, "", "epoch");
      if (!geo::julian_date_from_iso8601(s.epoch_utc))
        ctx.fail(epoch, "epoch",
                 "malformed epoch '" + s.epoch_utc + "' (expected YYYY-MM-DDThh:mm:ssZ, UTC)");
    } else {
      s.epoch_utc = kDefaultEpoch;
    }
    if (const YAML::Node seed = root["seed"]; seed.IsDefined())
      s.seed = ctx.unsigned_integer(seed, "seed");
    s.bm_cycle_s = ctx.number_or(root, "", "bm_cycle_s", s.bm_cycle_s, Range::positive());
    s.end_time_s = ctx.number_or(root, "", "end_time_s", s.end_time_s, Range::non_negative());
  }

  void nations(const YAML::Node& root) {
    const YAML::Node node = root["nations"];
    if (!node.IsDefined()) {
      if (parts == ScenarioParts::full) ctx.required(root, "", "nations");
      return;
    }
    ctx.expect_sequence(node, "nations");
    if (node.size() == 0) ctx.fail(node, "nations", "must list at least one nation");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string path = index_path("nations", i);
      const std::string n = ctx.string(node[i], path);
      check_unique(seen, node[i], path, n);
      s.nations.push_back(n);
    }
    have_nations = true;
  }

  sensors::SensorConfig radar(const YAML::Node& m, const std::string& path,
                              sensors::SensorConfig c) const {
    ctx.allowed_keys(m, path,
                     {"id",
                      "nation",
                      "type",
                      "lat_deg",
                      "lon_deg",
                      "alt_m",
                      "boresight_az_deg",
                      "az_half_width_deg",
                      "min_el_deg",
                      "max_el_deg",
                      "revisit_s",
                      "max_range_km",
                      "ref_range_km",
                      "ref_snr_db",
                      "pfa",
                      "false_alarms_per_scan",
                      "sigma_range_m",
                      "beamwidth_deg",
                      "sigma_range_rate_mps",
                      "monopulse_slope",
                      "false_alarm_max_range_rate_mps"});
    c.site = site(m, path, true);
    sensors::RadarParams& r = c.radar;
    r.boresight_az_rad = deg_to_rad(
        ctx.number_or(m, path, "boresight_az_deg", rad_to_deg(r.boresight_az_rad), kAzimuth));
    r.az_half_width_rad = deg_to_rad(ctx.number_or(
        m, path, "az_half_width_deg", rad_to_deg(r.az_half_width_rad), Range{0, 180, true, false}));
    r.min_el_rad = deg_to_rad(
        ctx.number_or(m, path, "min_el_deg", rad_to_deg(r.min_el_rad), Range::closed(-10, 90)));
    r.max_el_rad = deg_to_rad(
        ctx.number_or(m, path, "max_el_deg", rad_to_deg(r.max_el_rad), Range::closed(-10, 90)));
    if (r.max_el_rad <= r.min_el_rad)
      ctx.fail(m["max_el_deg"].IsDefined() ? m["max_el_deg"] : m, field_path(path, "max_el_deg"),
               "must be greater than min_el_deg");
    r.revisit_s = ctx.number_or(m, path, "revisit_s", r.revisit_s, Range{0, 3600, true, false});
    r.max_range_m = km_to_m(ctx.number_or(m, path, "max_range_km", m_to_km(r.max_range_m),
                                          Range{0, 50000, true, false}));
    r.ref_range_1m2_m = km_to_m(ctx.number_or(m, path, "ref_range_km", m_to_km(r.ref_range_1m2_m),
                                              Range{0, 50000, true, false}));
    r.ref_snr_db = ctx.number_or(m, path, "ref_snr_db", r.ref_snr_db, Range::closed(-50, 100));
    r.pfa = ctx.number_or(m, path, "pfa", r.pfa, Range{0, 0.1, true, false});
    r.false_alarms_per_scan = ctx.number_or(m, path, "false_alarms_per_scan",
                                            r.false_alarms_per_scan, Range::closed(0, 1e5));
    r.sigma_range_m = ctx.number_or(m, path, "sigma_range_m", r.sigma_range_m, Range::positive());
    r.beamwidth_rad = deg_to_rad(ctx.number_or(
        m, path, "beamwidth_deg", rad_to_deg(r.beamwidth_rad), Range{0, 90, true, false}));
    r.sigma_range_rate_mps =
        ctx.number_or(m, path, "sigma_range_rate_mps", r.sigma_range_rate_mps, Range::positive());
    r.monopulse_slope =
        ctx.number_or(m, path, "monopulse_slope", r.monopulse_slope, Range{0, 10, true, false});
    r.false_alarm_max_range_rate_mps =
        ctx.number_or(m, path, "false_alarm_max_range_rate_mps", r.false_alarm_max_range_rate_mps,
                      Range::non_negative());
    return c;
  }

  sensors::SensorConfig satellite(const YAML::Node& m, const std::string& path,
                                  sensors::SensorConfig c) const {
    using Orbit = sensors::EwSatelliteParams::Orbit;
    sensors::EwSatelliteParams& e = c.ew;
    const std::string orbit = ctx.string_or(m, path, "orbit", "geostationary");
    if (orbit == "geostationary") {
      ctx.allowed_keys(
          m, path,
          {"id", "nation", "type", "orbit", "sub_lon_deg", "revisit_s", "sigma_angle_rad", "pd"});
      e.orbit = Orbit::geostationary;
      e.sub_lon_rad = deg_to_rad(ctx.number(m, path, "sub_lon_deg", kLon));
    } else if (orbit == "low-earth") {
      ctx.allowed_keys(m, path,
                       {"id", "nation", "type", "orbit", "altitude_km", "inclination_deg",
                        "raan_deg", "arg_latitude_deg", "revisit_s", "sigma_angle_rad", "pd"});
      e.orbit = Orbit::low_earth;
      e.altitude_m = km_to_m(ctx.number(m, path, "altitude_km", Range::closed(200, 2000)));
      e.inclination_rad = deg_to_rad(ctx.number(m, path, "inclination_deg", Range::closed(0, 180)));
      e.raan_rad = deg_to_rad(ctx.number_or(m, path, "raan_deg", 0.0, kAzimuth));
      e.arg_latitude_rad = deg_to_rad(ctx.number_or(m, path, "arg_latitude_deg", 0.0, kAzimuth));
    } else {
      ctx.fail(m["orbit"], field_path(path, "orbit"),
               "unknown orbit '" + orbit + "' (allowed: geostationary, low-earth)");
    }
    e.revisit_s = ctx.number_or(m, path, "revisit_s", e.revisit_s, Range{0, 3600, true, false});
    e.sigma_angle_rad =
        ctx.number_or(m, path, "sigma_angle_rad", e.sigma_angle_rad, Range{0, 0.1, true, false});
    e.pd = ctx.number_or(m, path, "pd", e.pd, kProbability);
    return c;
  }

  void sensor_list(const YAML::Node& root) {
    const YAML::Node node = ctx.required(root, "", "sensors");
    ctx.expect_sequence(node, "sensors");
    if (parts == ScenarioParts::sensors_only && node.size() == 0)
      ctx.fail(node, "sensors", "must list at least one sensor");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node m = node[i];
      const std::string path = index_path("sensors", i);
      ctx.expect_map(m, path);
      sensors::SensorConfig c;
      c.id = ctx.string(m, path, "id");
      check_unique(ids, m["id"], field_path(path, "id"), c.id);
      c.nation = ctx.string(m, path, "nation");
      check_nation(m, path, c.nation);
      const std::string type = ctx.string(m, path, "type");
      if (type == "radar") {
        c.type = sensors::SensorType::radar;
        s.sensors.push_back(radar(m, path, c));
      } else if (type == "ew-satellite") {
        c.type = sensors::SensorType::ew_satellite;
        s.sensors.push_back(satellite(m, path, c));
      } else {
        ctx.fail(m["type"], field_path(path, "type"),
                 "unknown sensor type '" + type + "' (allowed: radar, ew-satellite)");
      }
    }
  }

  void threat_list(const YAML::Node& root, std::set<std::string>& ids) {
    const YAML::Node node = root["threats"];
    if (!node.IsDefined()) return;
    ctx.expect_sequence(node, "threats");
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node m = node[i];
      const std::string path = index_path("threats", i);
      ctx.allowed_keys(m, path, {"id", "class", "launch", "aim", "launch_time_s", "loft"});
      ThreatSpec t;
      t.id = ctx.string(m, path, "id");
      check_unique(ids, m["id"], field_path(path, "id"), t.id);
      const physics::ThreatClass& cls = threat_class(m, path, "class");
      t.threat_class = cls.name;
      t.launch.launch = point(ctx.required(m, path, "launch"), field_path(path, "launch"));
      t.launch.aim = point(ctx.required(m, path, "aim"), field_path(path, "aim"));
      t.launch.launch_time_s = ctx.number_or(m, path, "launch_time_s", 0.0, Range::non_negative());
      t.launch.loft = loft(m, path);
      check_reach(cls, t.launch, m["aim"], field_path(path, "aim"), t.id);
      s.threats.push_back(t);
    }
  }

  void raid_list(const YAML::Node& root, std::set<std::string>& ids) {
    const YAML::Node node = root["raids"];
    if (!node.IsDefined()) return;
    ctx.expect_sequence(node, "raids");
    std::set<std::string> prefixes;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node m = node[i];
      const std::string path = index_path("raids", i);
      ctx.allowed_keys(m, path,
                       {"id_prefix", "class", "count", "launch_area", "launch_radius_km",
                        "aim_points", "loft", "start_s", "span_s"});
      RaidSpec r;
      r.id_prefix = ctx.string(m, path, "id_prefix");
      check_unique(prefixes, m["id_prefix"], field_path(path, "id_prefix"), r.id_prefix);
      const physics::ThreatClass& cls = threat_class(m, path, "class");
      r.threat_class = cls.name;
      r.count = static_cast<int>(
          ctx.integer(ctx.required(m, path, "count"), field_path(path, "count"), 1, kMaxCount));
      r.launch_area = point(ctx.required(m, path, "launch_area"), field_path(path, "launch_area"));
      r.launch_radius_m =
          km_to_m(ctx.number_or(m, path, "launch_radius_km", 0.0, Range::closed(0.0, 2000.0)));
      const YAML::Node aims = ctx.required(m, path, "aim_points");
      const std::string aims_path = field_path(path, "aim_points");
      ctx.expect_sequence(aims, aims_path);
      if (aims.size() == 0) ctx.fail(aims, aims_path, "must list at least one aim point");
      for (std::size_t k = 0; k < aims.size(); ++k)
        r.aim_points.push_back(point(aims[k], index_path(aims_path, k)));
      r.loft = loft(m, path);
      r.start_s = ctx.number_or(m, path, "start_s", 0.0, Range::non_negative());
      r.span_s = ctx.number_or(m, path, "span_s", 0.0, Range::non_negative());
      s.raids.push_back(r);

      const std::vector<ThreatSpec> expanded = expand_raids({r}, s.seed);
      for (std::size_t k = 0; k < expanded.size(); ++k) {
        const ThreatSpec& t = expanded[k];
        check_unique(ids, m["id_prefix"], field_path(path, "id_prefix"), t.id);
        const std::size_t a = k % aims.size();
        check_reach(cls, t.launch, aims[a], index_path(aims_path, a), t.id);
        s.threats.push_back(t);
      }
    }
  }

  void asset_list(const YAML::Node& root) {
    const YAML::Node node = root["assets"];
    if (!node.IsDefined()) return;
    ctx.expect_sequence(node, "assets");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node m = node[i];
      const std::string path = index_path("assets", i);
      ctx.allowed_keys(
          m, path, {"id", "nation", "kind", "lat_deg", "lon_deg", "alt_m", "radius_m", "value"});
      threat::Asset a;
      a.id = ctx.string(m, path, "id");
      check_unique(ids, m["id"], field_path(path, "id"), a.id);
      a.nation = ctx.string(m, path, "nation");
      check_nation(m, path, a.nation);
      a.kind = ctx.string_or(m, path, "kind", "");
      a.position = site(m, path, false);
      a.radius_m = ctx.number(m, path, "radius_m", Range{0, 1e6, true, false});
      a.value = ctx.number(m, path, "value", Range::positive());
      s.assets.push_back(a);
    }
  }

  void battery_list(const YAML::Node& root) {
    const YAML::Node node = root["batteries"];
    if (!node.IsDefined()) return;
    ctx.expect_sequence(node, "batteries");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node m = node[i];
      const std::string path = index_path("batteries", i);
      ctx.allowed_keys(m, path,
                       {"id", "nation", "interceptor", "lat_deg", "lon_deg", "alt_m", "launchers",
                        "ready_rounds", "fire_channels", "reaction_time_s"});
      engage::Battery b;
      b.id = ctx.string(m, path, "id");
      check_unique(ids, m["id"], field_path(path, "id"), b.id);
      b.nation = ctx.string(m, path, "nation");
      check_nation(m, path, b.nation);
      b.interceptor = ctx.string(m, path, "interceptor");
      if (!s.catalog.find_interceptor(b.interceptor)) {
        std::vector<std::string> names;
        for (const auto& c : s.catalog.interceptors) names.push_back(c.name);
        ctx.fail(
            m["interceptor"], field_path(path, "interceptor"),
            "unknown interceptor class '" + b.interceptor + "' (catalog has: " + join(names) + ")");
      }
      b.position = site(m, path, false);
      b.launchers = static_cast<int>(ctx.integer_or(m, path, "launchers", 1, 1, kMaxCount));
      b.ready_rounds = static_cast<int>(ctx.integer(
          ctx.required(m, path, "ready_rounds"), field_path(path, "ready_rounds"), 0, kMaxCount));
      b.fire_channels = static_cast<int>(ctx.integer_or(m, path, "fire_channels", 1, 1, kMaxCount));
      b.reaction_time_s =
          ctx.number_or(m, path, "reaction_time_s", 0.0, Range::closed(0.0, 3600.0));
      s.batteries.push_back(b);
    }
  }

  void doctrine(const YAML::Node& root) {
    const YAML::Node node = root["doctrine"];
    if (!node.IsDefined()) return;
    ctx.allowed_keys(node, "doctrine", {"reserve_fraction", "rules"});
    s.doctrine.reserve_fraction =
        ctx.number_or(node, "doctrine", "reserve_fraction", 0.0, Range::half_open(0.0, 1.0));
    const YAML::Node rules = node["rules"];
    if (!rules.IsDefined()) return;
    ctx.expect_sequence(rules, "doctrine.rules");
    std::set<std::string> classes;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const YAML::Node m = rules[i];
      const std::string path = index_path("doctrine.rules", i);
      ctx.allowed_keys(m, path, {"class", "policy", "salvo_size", "max_shots_per_threat"});
      engage::DoctrineRule rule;
      if (m["class"].IsDefined()) rule.threat_class = threat_class(m, path, "class").name;
      check_unique(classes, m["class"].IsDefined() ? m["class"] : m, field_path(path, "class"),
                   rule.threat_class.empty() ? std::string("(default)") : rule.threat_class);
      const std::string policy = ctx.string(m, path, "policy");
      if (policy == "salvo")
        rule.policy = engage::FirePolicy::salvo;
      else if (policy == "shoot-look-shoot")
        rule.policy = engage::FirePolicy::shoot_look_shoot;
      else
        ctx.fail(m["policy"], field_path(path, "policy"),
                 "unknown policy '" + policy + "' (allowed: salvo, shoot-look-shoot)");
      rule.salvo_size =
          static_cast<int>(ctx.integer_or(m, path, "salvo_size", rule.salvo_size, 1, 100));
      rule.max_shots_per_threat = static_cast<int>(
          ctx.integer_or(m, path, "max_shots_per_threat", rule.max_shots_per_threat, 1, 100));
      if (rule.salvo_size > rule.max_shots_per_threat)
        ctx.fail(m["salvo_size"].IsDefined() ? m["salvo_size"] : m, field_path(path, "salvo_size"),
                 "salvo_size " + std::to_string(rule.salvo_size) +
                     " exceeds max_shots_per_threat " + std::to_string(rule.max_shots_per_threat));
      s.doctrine.rules.push_back(rule);
    }
  }

  void run(const YAML::Node& root) {
    if (!root.IsDefined() || root.IsNull()) ctx.fail(root, "", "empty scenario");
    ctx.allowed_keys(root, "",
                     {"name", "epoch", "seed", "catalog", "nations", "threats", "raids", "sensors",
                      "assets", "batteries", "doctrine", "bm_cycle_s", "end_time_s"});
    header(root);
    catalog(root);
    nations(root);
    sensor_list(root);
    std::set<std::string> threat_ids;
    threat_list(root, threat_ids);
    raid_list(root, threat_ids);
    if (parts == ScenarioParts::full && s.threats.empty()) {
      const YAML::Node at = root["threats"].IsDefined() ? root["threats"] : root["raids"];
      ctx.fail(at.IsDefined() ? at : root, "threats",
               "a scenario needs at least one threat (in `threats` or `raids`)");
    }
    asset_list(root);
    battery_list(root);
    doctrine(root);
  }
};

}  // namespace

std::vector<ThreatSpec> expand_raids(const std::vector<RaidSpec>& raids, std::uint64_t seed) {
  std::vector<ThreatSpec> out;
  for (const RaidSpec& r : raids) {
    Rng rng = make_stream(seed, 0, stable_hash("raid:" + r.id_prefix));
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int k = 0; k < r.count; ++k) {
      ThreatSpec t;
      t.id = r.id_prefix + std::to_string(k + 1);
      t.threat_class = r.threat_class;
      const double distance = r.launch_radius_m * std::sqrt(u(rng));  // uniform in the disc
      const double azimuth = 2.0 * kPi * u(rng);
      t.launch.launch = geo::geodesic_direct(r.launch_area, azimuth, distance);
      t.launch.launch.alt_m = 0.0;
      t.launch.aim = r.aim_points[static_cast<std::size_t>(k) % r.aim_points.size()];
      t.launch.aim.alt_m = 0.0;
      t.launch.loft = r.loft;
      t.launch.launch_time_s = r.start_s + r.span_s * u(rng);
      out.push_back(t);
    }
  }
  return out;
}

Scenario parse_scenario(const std::string& yaml_text, const std::string& source_name,
                        ScenarioParts parts) {
  Scenario s;
  s.source = source_name;
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& e) {
    throw InputError({source_name, e.mark.line >= 0 ? e.mark.line + 1 : 0, ""},
                     "YAML syntax error: " + e.msg);
  }
  Parser p{YamlContext(source_name), parts, s};
  p.run(root);
  return s;
}

Scenario load_scenario(const std::string& path, ScenarioParts parts) {
  std::ifstream in(path);
  if (!in) throw InputError({path, 0, ""}, "cannot open scenario file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path, parts);
}

Scenario default_scenario() {
  return parse_scenario(std::string(embedded::default_scenario_yaml()), "<embedded:default>");
}

}  // namespace bulwark::io
