#include "io/wta_json.hpp"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "common/error.hpp"

namespace bulwark::io {

namespace {

using nlohmann::json;

class Validator {
 public:
  explicit Validator(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what, int line = 0) const {
    throw InputError({file_, line, field}, what);
  }

  const json& member(const json& obj, const std::string& path, const char* key) const {
    const auto it = obj.find(key);
    if (it == obj.end()) fail(join(path, key), "missing required field");
    return *it;
  }

  void only_keys(const json& obj, const std::string& path,
                 std::initializer_list<const char*> keys) const {
    for (const auto& [k, v] : obj.items()) {
      bool known = false;
      for (const char* key : keys) known = known || k == key;
      if (!known) fail(join(path, k.c_str()), "unknown field");
    }
  }

  const json& array(const json& v, const std::string& field) const {
    if (!v.is_array()) fail(field, std::string("expected an array, got ") + v.type_name());
    return v;
  }

  const json& object(const json& v, const std::string& field) const {
    if (!v.is_object()) fail(field, std::string("expected an object, got ") + v.type_name());
    return v;
  }

  double number(const json& v, const std::string& field) const {
    if (!v.is_number()) fail(field, std::string("expected a number, got ") + v.type_name());
    const double x = v.get<double>();
    if (!std::isfinite(x)) fail(field, "must be finite");
    return x;
  }

  int count(const json& v, const std::string& field) const {
    if (!v.is_number_integer())
      fail(field, std::string("expected a non-negative integer, got ") +
                      (v.is_number() ? v.dump() : v.type_name()));
    if (v.is_number_unsigned() ? v.get<std::uint64_t>() > kWtaMaxCount
                               : v.get<std::int64_t>() > kWtaMaxCount)
      fail(field, "must be at most " + std::to_string(kWtaMaxCount));
    if (v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() < 0)
      fail(field, "must be >= 0, got " + v.dump());
    return v.get<int>();
  }

  std::string id(const json& v, const std::string& field) const {
    if (v.is_string()) {
      if (v.get<std::string>().empty()) fail(field, "must not be empty");
      return v.get<std::string>();
    }
    if (v.is_number_integer()) return v.dump();
    fail(field, std::string("expected a string or an integer, got ") + v.type_name());
  }

  static std::string join(const std::string& path, const char* key) {
    return path.empty() ? std::string(key) : path + "." + key;
  }
  static std::string at(const char* name, std::size_t i) {
    return std::string(name) + "[" + std::to_string(i) + "]";
  }

 private:
  std::string file_;
};

// 1-based line and column of byte offset `byte` (nlohmann counts from 1 past the error).
std::pair<int, int> line_column(std::string_view text, std::size_t byte) {
  int line = 1, col = 1;
  for (std::size_t k = 0; k + 1 < byte && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

}  // namespace

WtaInstance parse_wta_instance(std::string_view text, const std::string& name) {
  const Validator check(name);
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    const auto [line, col] = line_column(text, e.byte);
    std::string what = e.what();
    const auto pos = what.find("syntax error");
    if (pos != std::string::npos) what = what.substr(pos);
    check.fail("",
               "malformed JSON at line " + std::to_string(line) + ", column " +
                   std::to_string(col) + ": " + what,
               line);
  }
  check.object(doc, "(top level)");
  check.only_keys(doc, "", {"weapons", "targets", "pk"});

  WtaInstance inst;
  engage::WtaProblem& p = inst.problem;
  const json& weapons = check.array(check.member(doc, "", "weapons"), "weapons");
  const json& targets = check.array(check.member(doc, "", "targets"), "targets");
  if (weapons.empty()) check.fail("weapons", "must list at least one weapon type");
  if (targets.empty()) check.fail("targets", "must list at least one target");

  bool any_channels = false, any_max_shots = false;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < weapons.size(); ++i) {
    const std::string path = Validator::at("weapons", i);
    const json& w = check.object(weapons[i], path);
    check.only_keys(w, path, {"id", "count", "channels"});
    const std::string wid = check.id(check.member(w, path, "id"), path + ".id");
    if (!seen.insert(wid).second) check.fail(path + ".id", "duplicate weapon id '" + wid + "'");
    inst.weapon_ids.push_back(wid);
    p.weapon_count.push_back(check.count(check.member(w, path, "count"), path + ".count"));
    const auto ch = w.find("channels");
    any_channels = any_channels || ch != w.end();
    p.weapon_channels.push_back(ch == w.end() ? -1 : check.count(*ch, path + ".channels"));
  }
  seen.clear();
  for (std::size_t j = 0; j < targets.size(); ++j) {
    const std::string path = Validator::at("targets", j);
    const json& t = check.object(targets[j], path);
    check.only_keys(t, path, {"id", "value", "max_shots"});
    const std::string tid = check.id(check.member(t, path, "id"), path + ".id");
    if (!seen.insert(tid).second) check.fail(path + ".id", "duplicate target id '" + tid + "'");
    inst.target_ids.push_back(tid);
    const double v = check.number(check.member(t, path, "value"), path + ".value");
    if (v < 0.0) check.fail(path + ".value", "must be >= 0");
    p.target_value.push_back(v);
    const auto ms = t.find("max_shots");
    any_max_shots = any_max_shots || ms != t.end();
    p.max_shots_per_target.push_back(ms == t.end() ? -1 : check.count(*ms, path + ".max_shots"));
  }
  if (!any_channels) p.weapon_channels.clear();
  if (!any_max_shots) p.max_shots_per_target.clear();

  const json& pk = check.array(check.member(doc, "", "pk"), "pk");
  if (pk.size() != weapons.size())
    check.fail("pk", "has " + std::to_string(pk.size()) + " rows; expected one per weapon (" +
                         std::to_string(weapons.size()) + ")");
  p.pk.resize(static_cast<Eigen::Index>(weapons.size()), static_cast<Eigen::Index>(targets.size()));
  for (std::size_t i = 0; i < pk.size(); ++i) {
    const std::string row = Validator::at("pk", i);
    check.array(pk[i], row);
    if (pk[i].size() != targets.size())
      check.fail(row, "has " + std::to_string(pk[i].size()) +
                          " entries; expected one per target (" + std::to_string(targets.size()) +
                          ")");
    for (std::size_t j = 0; j < targets.size(); ++j) {
      const std::string field = row + "[" + std::to_string(j) + "]";
      const double v = check.number(pk[i][j], field);
      if (v < 0.0 || v > 1.0)
        check.fail(field, "kill probability " + pk[i][j].dump() + " outside [0, 1]");
      p.pk(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = v;
    }
  }
  return inst;
}

WtaInstance read_wta_instance(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, 0, ""}, "cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_wta_instance(ss.str(), path);
}

nlohmann::ordered_json wta_solution_json(const engage::WtaResult& r, const WtaInstance& inst) {
  const char* solver = engage::to_string(r.solver);
  using ojson = nlohmann::ordered_json;
  ojson assignment = ojson::array();
  for (const engage::WtaShot& s : r.assignment)
    assignment.push_back(
        ojson{{"weapon", s.weapon},
              {"weapon_id", inst.weapon_ids.at(static_cast<std::size_t>(s.weapon))},
              {"target", s.target},
              {"target_id", inst.target_ids.at(static_cast<std::size_t>(s.target))},
              {"shots", s.shots}});
  ojson out = {{"solver", solver}, {"objective", r.objective}, {"assignment", assignment}};
  if (r.lower_bound >= 0.0) {
    out["lower_bound"] = r.lower_bound;
    if (std::isfinite(r.gap())) out["gap"] = r.gap();
  }
  out["proven_optimal"] = r.proven_optimal;
  out["seconds"] = r.seconds;
  out["iterations"] = r.iterations;
  out["termination"] = r.termination;
  return out;
}

}  // namespace bulwark::io
