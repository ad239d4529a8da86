#include "io/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/units.hpp"

namespace bulwark::io {
namespace {

using nlohmann::ordered_json;

ordered_json opt(const std::optional<double>& x) {
  return x ? ordered_json(*x) : ordered_json(nullptr);
}

// null when the reasons are unknown (C2 in other processes).
ordered_json reasons_json(const ReasonCounts& counts) {
  if (counts.empty()) return nullptr;
  ordered_json j = ordered_json::object();
  for (const auto& [name, n] : counts) j[name] = n;
  return j;
}

ordered_json interval(const Interval& i) {
  return ordered_json{{"mean", i.mean}, {"ci95_lo", i.lo}, {"ci95_hi", i.hi}};
}

std::string num(double x, int decimals = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::array<int, 4> color_of(const std::string& kind) {
  if (kind == "threat") return {230, 40, 40, 255};
  if (kind == "interceptor") return {40, 140, 255, 255};
  if (kind == "radar") return {255, 200, 0, 255};
  if (kind == "asset") return {40, 200, 80, 255};
  if (kind == "battery") return {40, 140, 255, 255};
  if (kind == "intercept") return {255, 255, 255, 255};
  return {255, 80, 0, 255};  // impact
}

}  // namespace

std::string reason_counts_text(const ReasonCounts& counts) {
  std::string out;
  for (const auto& [name, n] : counts) {
    if (n == 0) continue;
    out += (out.empty() ? " (" : ", ") + name + " " + std::to_string(n);
  }
  return out.empty() ? out : out + ")";
}

std::string run_report_json(const RunReport& r) {
  ordered_json j;
  j["scenario"] = r.scenario;
  j["source"] = r.source;
  j["seed"] = r.seed;
  j["replication"] = r.replication;
  j["perfect_information"] = r.perfect_information;
  j["architecture"] = r.architecture;
  j["end_s"] = r.end_s;
  ordered_json threats = ordered_json::array();
  for (const auto& t : r.threats) {
    ordered_json e = ordered_json::array();
    for (const auto& g : t.engagements)
      e.push_back({{"battery", g.battery},
                   {"nation", g.nation},
                   {"shots", g.shots},
                   {"order_s", g.order_s},
                   {"launch_s", g.launch_s},
                   {"intercept_s", g.intercept_s},
                   {"kill", g.kill}});
    threats.push_back({{"id", t.id},
                       {"class", t.threat_class},
                       {"launch_s", t.launch_s},
                       {"planned_impact_s", t.planned_impact_s},
                       {"planned_impact",
                        {{"lat_deg", rad_to_deg(t.planned_impact.lat_rad)},
                         {"lon_deg", rad_to_deg(t.planned_impact.lon_rad)}}},
                       {"detected_s", opt(t.detected_s)},
                       {"first_track_s", opt(t.first_track_s)},
                       {"engagements", e},
                       {"shots", t.shots},
                       {"outcome", t.outcome},
                       {"end_s", t.end_s},
                       {"assets_hit", t.assets_hit}});
  }
  j["threats"] = threats;
  ordered_json assets = ordered_json::array();
  for (const auto& a : r.assets)
    assets.push_back({{"id", a.id},
                      {"nation", a.nation},
                      {"kind", a.kind},
                      {"value", a.value},
                      {"hit", a.hit},
                      {"hit_by", a.hit_by}});
  j["assets"] = assets;
  ordered_json nations = ordered_json::array();
  for (const auto& n : r.nations)
    nations.push_back({{"id", n.id},
                       {"interceptors_fired", n.interceptors_fired},
                       {"rounds_left", n.rounds_left}});
  j["nations"] = nations;
  j["totals"] = {{"threats", r.threats_total},
                 {"killed", r.killed},
                 {"leakers", r.leakers},
                 {"interceptors_fired", r.interceptors_fired},
                 {"value_destroyed", r.value_destroyed},
                 {"value_defended", r.value_defended},
                 {"double_engagements", r.double_engagements},
                 {"split_track_engagements", r.split_track_engagements},
                 {"unengaged_with_window", r.unengaged_with_window},
                 {"unengaged_reasons", reasons_json(r.unengaged_reasons)}};
  return j.dump(2) + "\n";
}

std::string run_report_text(const RunReport& r) {
  std::string out;
  char buf[1024];
  std::snprintf(buf, sizeof buf, "Scenario: %s (seed %llu, replication %llu%s)\n",
                r.scenario.c_str(), static_cast<unsigned long long>(r.seed),
                static_cast<unsigned long long>(r.replication),
                r.perfect_information ? ", perfect information" : "");
  out += buf;
  // Columns as wide as the longest id, so long raid ids keep the table aligned.
  int id_w = 2, asset_w = 2;
  for (const auto& t : r.threats) id_w = std::max(id_w, static_cast<int>(t.id.size()));
  for (const auto& a : r.assets) asset_w = std::max(asset_w, static_cast<int>(a.id.size()));
  out += "\nThreats\n";
  std::snprintf(buf, sizeof buf, "  %-*s %-10s %8s %8s %8s  %-8s %5s  %s\n", id_w, "id", "class",
                "launch", "detect", "track", "outcome", "shots", "engaged by");
  out += buf;
  for (const auto& t : r.threats) {
    std::string by;
    for (const auto& e : t.engagements) {
      if (!by.empty()) by += ", ";
      by += e.battery + " (" + e.nation + ") x" + std::to_string(e.shots) +
            (e.kill ? " kill" : " miss");
    }
    if (by.empty()) by = "-";
    std::snprintf(buf, sizeof buf, "  %-*s %-10s %8s %8s %8s  %-8s %5d  %s\n", id_w, t.id.c_str(),
                  t.threat_class.c_str(), num(t.launch_s).c_str(),
                  t.detected_s ? num(*t.detected_s).c_str() : "-",
                  t.first_track_s ? num(*t.first_track_s).c_str() : "-", t.outcome.c_str(), t.shots,
                  by.c_str());
    out += buf;
  }
  out += "\nDefended assets\n";
  for (const auto& a : r.assets) {
    std::string by;
    for (const auto& h : a.hit_by) by += (by.empty() ? "" : ", ") + h;
    std::snprintf(buf, sizeof buf, "  %-*s %-4s %-10s value %7.1f  %s%s\n", asset_w, a.id.c_str(),
                  a.nation.c_str(), a.kind.c_str(), a.value, a.hit ? "HIT by " : "safe",
                  by.c_str());
    out += buf;
  }
  out += "\nNations\n";
  for (const auto& n : r.nations) {
    std::snprintf(buf, sizeof buf, "  %-4s interceptors fired %4d   rounds left %4d\n",
                  n.id.c_str(), n.interceptors_fired, n.rounds_left);
    out += buf;
  }
  std::snprintf(buf, sizeof buf,
                "\nTotals: %d threats, %d killed, %d leakers; %d interceptors fired; value "
                "destroyed %.1f of %.1f\n",
                r.threats_total, r.killed, r.leakers, r.interceptors_fired, r.value_destroyed,
                r.value_defended);
  out += buf;
  std::snprintf(buf, sizeof buf,
                "Coordination (%s): %d double engagements, %d on split tracks; %d leakers never "
                "engaged though a battery had a window%s\n",
                r.architecture.c_str(), r.double_engagements, r.split_track_engagements,
                r.unengaged_with_window, reason_counts_text(r.unengaged_reasons).c_str());
  out += buf;
  return out;
}

std::string events_csv(const std::vector<EventRow>& events) {
  std::string out = "t_s,event,subject,detail\n";
  for (const auto& e : events)
    out += num(e.t_s, 3) + "," + csv_field(e.type) + "," + csv_field(e.subject) + "," +
           csv_field(e.detail) + "\n";
  return out;
}

std::string iso8601_plus(const std::string& epoch_utc, double seconds) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  double s = 0.0;
  if (std::sscanf(epoch_utc.c_str(), "%d-%d-%dT%d:%d:%lf", &y, &mo, &d, &h, &mi, &s) != 6)
    throw std::runtime_error("malformed epoch '" + epoch_utc + "'");
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  const double total = s + seconds;
  const double whole = std::floor(total);
  tm.tm_sec = 0;
  std::time_t t = timegm(&tm) + static_cast<std::time_t>(whole);
  int ms = static_cast<int>(std::lround((total - whole) * 1000.0));
  if (ms == 1000) {
    ++t;
    ms = 0;
  }
  std::tm out{};
  gmtime_r(&t, &out);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", out.tm_year + 1900,
                out.tm_mon + 1, out.tm_mday, out.tm_hour, out.tm_min, out.tm_sec, ms);
  return buf;
}

std::string czml(const std::string& name, const std::string& epoch_utc, double end_s,
                 const std::vector<CzmlPath>& paths, const std::vector<CzmlPlace>& places) {
  const std::string start = iso8601_plus(epoch_utc, 0.0);
  const std::string stop = iso8601_plus(epoch_utc, end_s);
  ordered_json doc = ordered_json::array();
  doc.push_back({{"id", "document"},
                 {"name", name},
                 {"version", "1.0"},
                 {"clock",
                  {{"interval", start + "/" + stop},
                   {"currentTime", start},
                   {"multiplier", 10},
                   {"range", "LOOP_STOP"},
                   {"step", "SYSTEM_CLOCK_MULTIPLIER"}}}});
  for (const auto& p : paths) {
    if (p.samples.empty()) continue;
    ordered_json cart = ordered_json::array();
    for (const auto& [t, r] : p.samples) {
      cart.push_back(t);
      cart.push_back(r.x());
      cart.push_back(r.y());
      cart.push_back(r.z());
    }
    const auto c = color_of(p.kind);
    const ordered_json rgba = {c[0], c[1], c[2], c[3]};
    doc.push_back(
        {{"id", p.kind + "/" + p.id},
         {"name", p.id},
         {"description", p.description},
         {"availability", iso8601_plus(epoch_utc, p.samples.front().first) + "/" +
                              iso8601_plus(epoch_utc, p.samples.back().first)},
         {"position",
          {{"epoch", start},
           {"referenceFrame", "FIXED"},
           {"interpolationAlgorithm", "LAGRANGE"},
           {"interpolationDegree", 3},
           {"cartesian", cart}}},
         {"point", {{"pixelSize", p.kind == "threat" ? 7 : 5}, {"color", {{"rgba", rgba}}}}},
         {"path",
          {{"material", {{"solidColor", {{"color", {{"rgba", rgba}}}}}}},
           {"width", p.kind == "threat" ? 2 : 1},
           {"leadTime", 0},
           {"trailTime", 1e6}}}});
  }
  for (const auto& pl : places) {
    const auto c = color_of(pl.kind);
    ordered_json packet = {
        {"id", pl.kind + "/" + pl.id},
        {"name", pl.id},
        {"description", pl.description},
        {"position",
         {{"cartographicDegrees",
           {rad_to_deg(pl.position.lon_rad), rad_to_deg(pl.position.lat_rad), pl.position.alt_m}}}},
        {"point",
         {{"pixelSize", pl.kind == "asset" ? 10 : 8},
          {"color", {{"rgba", {c[0], c[1], c[2], c[3]}}}}}},
        {"label",
         {{"text", pl.id},
          {"font", "11pt sans-serif"},
          {"pixelOffset", {{"cartesian2", {0, -16}}}}}}};
    if (pl.from_s) packet["availability"] = iso8601_plus(epoch_utc, *pl.from_s) + "/" + stop;
    doc.push_back(packet);
  }
  return doc.dump(1) + "\n";
}

std::string mc_report_json(const McReport& r) {
  ordered_json j;
  j["scenario"] = r.scenario;
  j["source"] = r.source;
  j["seed"] = r.seed;
  j["runs"] = r.runs;
  j["perfect_information"] = r.perfect_information;
  j["confidence"] = 0.95;
  j["leakers"] = interval(r.leakers);
  j["p_zero_leakers"] = interval(r.p_zero_leakers);
  j["killed"] = interval(r.killed);
  j["value_destroyed"] = interval(r.value_destroyed);
  j["interceptors_fired"] = interval(r.interceptors_fired);
  j["architecture"] = r.architecture;
  j["coordination"] = {{"double_engagements", r.double_engagements},
                       {"split_track_engagements", r.split_track_engagements},
                       {"unengaged_with_window", r.unengaged_with_window},
                       {"unengaged_reasons", reasons_json(r.unengaged_reasons)}};
  ordered_json assets = ordered_json::array();
  for (const auto& a : r.assets)
    assets.push_back({{"id", a.id},
                      {"value", a.value},
                      {"value_destroyed", interval(a.value_destroyed)},
                      {"p_destroyed", interval(a.p_destroyed)}});
  j["assets"] = assets;
  ordered_json nations = ordered_json::array();
  for (const auto& n : r.nations)
    nations.push_back({{"id", n.id}, {"interceptors_fired", interval(n.interceptors_fired)}});
  j["nations"] = nations;
  return j.dump(2) + "\n";
}

void write_text_file(const std::string& path, const std::string& text) {
  const std::filesystem::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write '" + path + "'");
  out << text;
  if (!out) throw std::runtime_error("error writing '" + path + "'");
}

}  // namespace bulwark::io
