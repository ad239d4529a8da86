#include "io/catalog.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "common/error.hpp"
#include "common/units.hpp"
#include "io/embedded.hpp"
#include "io/yaml_util.hpp"

namespace bulwark::io {
namespace {

const char* const kNotionalNote = "every catalog class must be labelled 'notional: true'";

physics::Stage parse_stage(const YamlContext& ctx, const YAML::Node& n, const std::string& path) {
  ctx.expect_map(n, path);
  ctx.allowed_keys(n, path, {"propellant_mass_kg", "dry_mass_kg", "isp_s", "burn_time_s"});
  physics::Stage s;
  s.propellant_mass_kg = ctx.number(n, path, "propellant_mass_kg", Range::positive());
  s.dry_mass_kg = ctx.number(n, path, "dry_mass_kg", Range::positive());
  s.isp_s = ctx.number(n, path, "isp_s", Range::open(0.0, 1000.0));
  s.burn_time_s = ctx.number(n, path, "burn_time_s", Range::open(0.0, 1000.0));
  return s;
}

std::vector<physics::Stage> parse_stages(const YamlContext& ctx, const YAML::Node& map,
                                         const std::string& parent) {
  const std::string path = field_path(parent, "stages");
  const YAML::Node n = ctx.required(map, parent, "stages");
  ctx.expect_sequence(n, path);
  if (n.size() == 0) ctx.fail(n, path, "needs at least one stage");
  std::vector<physics::Stage> stages;
  for (std::size_t i = 0; i < n.size(); ++i)
    stages.push_back(parse_stage(ctx, n[i], index_path(path, i)));
  return stages;
}

// A Cd(Mach) table: a list of [mach, cd] pairs with Mach strictly ascending.
physics::DragTable parse_drag(const YamlContext& ctx, const YAML::Node& map,
                              const std::string& parent, std::string_view key) {
  const std::string path = field_path(parent, key);
  const YAML::Node n = ctx.required(map, parent, key);
  ctx.expect_sequence(n, path);
  if (n.size() == 0) ctx.fail(n, path, "needs at least one [mach, cd] pair");
  physics::DragTable t;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string p = index_path(path, i);
    ctx.expect_sequence(n[i], p);
    if (n[i].size() != 2) ctx.fail(n[i], p, "expected a pair [mach, cd]");
    const double mach = ctx.number(n[i][0], p + "[0]", Range::non_negative());
    const double cd = ctx.number(n[i][1], p + "[1]", Range::open(0.0, 10.0));
    if (!t.mach_cd.empty() && mach <= t.mach_cd.back().first)
      ctx.fail(n[i], p, "Mach numbers must be strictly ascending");
    t.mach_cd.emplace_back(mach, cd);
  }
  return t;
}

void require_notional(const YamlContext& ctx, const YAML::Node& map, const std::string& path) {
  const YAML::Node n = ctx.required(map, path, "notional");
  bool v = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v) || !v)
    ctx.fail(n, field_path(path, "notional"), kNotionalNote);
}

physics::ThreatClass parse_threat(const YamlContext& ctx, const YAML::Node& n,
                                  const std::string& path) {
  ctx.expect_map(n, path);
  ctx.allowed_keys(
      n, path,
      {"name", "notional", "source", "stages", "rv_mass_kg", "reference_area_m2",
       "rv_reference_area_m2", "drag_mach_cd", "rv_drag_mach_cd", "rcs_m2", "range_km"});
  physics::ThreatClass c;
  c.name = ctx.string(n, path, "name");
  require_notional(ctx, n, path);
  c.source = ctx.string(n, path, "source");
  c.stages = parse_stages(ctx, n, path);
  c.rv_mass_kg = ctx.number(n, path, "rv_mass_kg", Range::positive());
  c.reference_area_m2 = ctx.number(n, path, "reference_area_m2", Range::positive());
  c.rv_reference_area_m2 = ctx.number(n, path, "rv_reference_area_m2", Range::positive());
  c.drag = parse_drag(ctx, n, path, "drag_mach_cd");
  c.rv_drag = parse_drag(ctx, n, path, "rv_drag_mach_cd");

  const std::string rcs_path = field_path(path, "rcs_m2");
  const YAML::Node rcs = ctx.required(n, path, "rcs_m2");
  ctx.expect_map(rcs, rcs_path);
  ctx.allowed_keys(rcs, rcs_path, {"boost", "midcourse", "reentry"});
  c.rcs_boost_m2 = ctx.number(rcs, rcs_path, "boost", Range::positive());
  c.rcs_midcourse_m2 = ctx.number(rcs, rcs_path, "midcourse", Range::positive());
  c.rcs_reentry_m2 = ctx.number(rcs, rcs_path, "reentry", Range::positive());

  const std::string range_path = field_path(path, "range_km");
  const YAML::Node range = ctx.required(n, path, "range_km");
  ctx.expect_map(range, range_path);
  ctx.allowed_keys(range, range_path, {"min", "nominal", "max"});
  c.min_range_m = km_to_m(ctx.number(range, range_path, "min", Range::open(0.0, 20000.0)));
  c.nominal_range_m = km_to_m(ctx.number(range, range_path, "nominal", Range::open(0.0, 20000.0)));
  c.max_range_m = km_to_m(ctx.number(range, range_path, "max", Range::open(0.0, 20000.0)));
  if (!(c.min_range_m < c.nominal_range_m && c.nominal_range_m <= c.max_range_m))
    ctx.fail(range, range_path, "needs min < nominal <= max");
  return c;
}

physics::InterceptorClass parse_interceptor(const YamlContext& ctx, const YAML::Node& n,
                                            const std::string& path) {
  ctx.expect_map(n, path);
  ctx.allowed_keys(
      n, path,
      {"name", "notional", "source", "stages", "kill_vehicle_mass_kg", "reference_area_m2",
       "drag_mach_cd", "intercept_altitude_km", "max_range_km", "max_time_of_flight_s", "sspk"});
  physics::InterceptorClass c;
  c.name = ctx.string(n, path, "name");
  require_notional(ctx, n, path);
  c.source = ctx.string(n, path, "source");
  c.stages = parse_stages(ctx, n, path);
  c.kill_vehicle_mass_kg = ctx.number(n, path, "kill_vehicle_mass_kg", Range::positive());
  c.reference_area_m2 = ctx.number(n, path, "reference_area_m2", Range::positive());
  c.drag = parse_drag(ctx, n, path, "drag_mach_cd");
  const std::string alt_path = field_path(path, "intercept_altitude_km");
  const YAML::Node alt = ctx.required(n, path, "intercept_altitude_km");
  ctx.expect_map(alt, alt_path);
  ctx.allowed_keys(alt, alt_path, {"min", "max"});
  c.min_intercept_alt_m = km_to_m(ctx.number(alt, alt_path, "min", Range::closed(0.0, 1000.0)));
  c.max_intercept_alt_m = km_to_m(ctx.number(alt, alt_path, "max", Range::closed(0.0, 1000.0)));
  if (!(c.min_intercept_alt_m < c.max_intercept_alt_m)) ctx.fail(alt, alt_path, "needs min < max");
  c.max_range_m = km_to_m(ctx.number(n, path, "max_range_km", Range::open(0.0, 5000.0)));
  c.max_time_of_flight_s = ctx.number(n, path, "max_time_of_flight_s", Range::open(0.0, 3600.0));
  c.sspk = ctx.number(n, path, "sspk", {0.0, 1.0, true, false});
  return c;
}

}  // namespace

physics::Catalog parse_catalog(const std::string& yaml_text, const std::string& source_name) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw InputError({source_name, e.mark.line >= 0 ? e.mark.line + 1 : 0, ""},
                     "not valid YAML: " + e.msg);
  }
  const YamlContext ctx(source_name);
  ctx.expect_map(root, "");
  ctx.allowed_keys(root, "", {"threats", "interceptors"});
  physics::Catalog cat;
  std::set<std::string> names;
  auto check_unique = [&](const YAML::Node& at, const std::string& path, const std::string& name) {
    if (!names.insert(name).second)
      ctx.fail(at, field_path(path, "name"), "duplicate class name '" + name + "'");
  };
  const YAML::Node threats = ctx.required(root, "", "threats");
  ctx.expect_sequence(threats, "threats");
  for (std::size_t i = 0; i < threats.size(); ++i) {
    const std::string path = index_path("threats", i);
    cat.threats.push_back(parse_threat(ctx, threats[i], path));
    check_unique(threats[i], path, cat.threats.back().name);
  }
  const YAML::Node interceptors = ctx.required(root, "", "interceptors");
  ctx.expect_sequence(interceptors, "interceptors");
  for (std::size_t i = 0; i < interceptors.size(); ++i) {
    const std::string path = index_path("interceptors", i);
    cat.interceptors.push_back(parse_interceptor(ctx, interceptors[i], path));
    check_unique(interceptors[i], path, cat.interceptors.back().name);
  }
  return cat;
}

physics::Catalog load_catalog(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError({path, 0, ""}, "cannot open catalog file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_catalog(ss.str(), path);
}

physics::Catalog default_catalog() {
  return parse_catalog(std::string(embedded::catalog_yaml()), "<embedded:catalog.yaml>");
}

}  // namespace bulwark::io
