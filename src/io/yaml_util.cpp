#include "io/yaml_util.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

#include "common/error.hpp"

namespace bulwark::io {
namespace {

std::string kind_of(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "nothing (null)";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

bool yaml_special_float(const std::string& s) {
  static const char* const kSpecial[] = {".nan",  ".NaN",  ".NAN",  ".inf",  ".Inf",  ".INF",
                                         "-.inf", "-.Inf", "-.INF", "+.inf", "+.Inf", "+.INF"};
  for (const char* k : kSpecial)
    if (s == k) return true;
  return false;
}

}  // namespace

bool Range::contains(double v) const {
  const bool above = lo_open ? v > lo : v >= lo;
  const bool below = hi_open ? v < hi : v <= hi;
  return above && below;
}

std::string Range::describe() const {
  const bool no_hi = hi >= 1e299;
  if (no_hi) return std::string(lo_open ? "> " : ">= ") + format_number(lo);
  return "in " + std::string(lo_open ? "(" : "[") + format_number(lo) + ", " + format_number(hi) +
         (hi_open ? ")" : "]");
}

std::string field_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, std::size_t i) {
  return parent + "[" + std::to_string(i) + "]";
}

int YamlContext::line(const YAML::Node& node) {
  if (!node.IsDefined()) return 0;
  const YAML::Mark mark = node.Mark();
  return mark.line >= 0 ? mark.line + 1 : 0;
}

void YamlContext::fail(const YAML::Node& at, const std::string& path,
                       const std::string& what) const {
  throw InputError({source_, line(at), path}, what);
}

void YamlContext::expect_map(const YAML::Node& node, const std::string& path) const {
  if (!node.IsMap()) fail(node, path, "expected a mapping (key: value), got " + kind_of(node));
}

void YamlContext::expect_sequence(const YAML::Node& node, const std::string& path) const {
  if (!node.IsSequence()) fail(node, path, "expected a list, got " + kind_of(node));
}

void YamlContext::allowed_keys(const YAML::Node& map, const std::string& path,
                               std::initializer_list<std::string_view> allowed) const {
  expect_map(map, path);
  for (const auto& kv : map) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || key == a;
    if (ok) continue;
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(kv.first, field_path(path, key), "unknown key (allowed: " + list + ")");
  }
}

YAML::Node YamlContext::required(const YAML::Node& map, const std::string& path,
                                 std::string_view key) const {
  expect_map(map, path);
  const YAML::Node child = map[std::string(key)];
  if (!child.IsDefined()) fail(map, field_path(path, key), "missing required field");
  return child;
}

double YamlContext::number(const YAML::Node& node, const std::string& path, Range range) const {
  if (!node.IsScalar()) fail(node, path, "expected a number, got " + kind_of(node));
  const std::string& s = node.Scalar();
  if (yaml_special_float(s)) fail(node, path, "not a finite number: '" + s + "'");
  const char* begin = s.data();
  if (!s.empty() && s[0] == '+') ++begin;
  double v = 0.0;
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    fail(node, path, "expected a number, got '" + s + "'");
  if (!std::isfinite(v)) fail(node, path, "not a finite number: '" + s + "'");
  if (!range.contains(v))
    fail(node, path, "value " + s + " out of range: must be " + range.describe());
  return v;
}

long long YamlContext::integer(const YAML::Node& node, const std::string& path, long long min,
                               long long max) const {
  if (!node.IsScalar()) fail(node, path, "expected an integer, got " + kind_of(node));
  const std::string& s = node.Scalar();
  const char* begin = s.data();
  if (!s.empty() && s[0] == '+') ++begin;
  long long v = 0;
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    fail(node, path, "expected an integer, got '" + s + "'");
  if (v < min || v > max) {
    const std::string bound = max == std::numeric_limits<long long>::max()
                                  ? ">= " + std::to_string(min)
                                  : "in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
    fail(node, path, "value " + s + " out of range: must be " + bound);
  }
  return v;
}

std::uint64_t YamlContext::unsigned_integer(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) fail(node, path, "expected a non-negative integer, got " + kind_of(node));
  const std::string& s = node.Scalar();
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    fail(node, path, "expected a non-negative integer, got '" + s + "'");
  return v;
}

std::string YamlContext::string(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) fail(node, path, "expected a text value, got " + kind_of(node));
  if (node.Scalar().empty()) fail(node, path, "must not be empty");
  return node.Scalar();
}

double YamlContext::number(const YAML::Node& map, const std::string& path, std::string_view key,
                           Range range) const {
  return number(required(map, path, key), field_path(path, key), range);
}

double YamlContext::number_or(const YAML::Node& map, const std::string& path, std::string_view key,
                              double fallback, Range range) const {
  const YAML::Node child = map[std::string(key)];
  return child.IsDefined() ? number(child, field_path(path, key), range) : fallback;
}

long long YamlContext::integer_or(const YAML::Node& map, const std::string& path,
                                  std::string_view key, long long fallback, long long min,
                                  long long max) const {
  const YAML::Node child = map[std::string(key)];
  return child.IsDefined() ? integer(child, field_path(path, key), min, max) : fallback;
}

std::string YamlContext::string(const YAML::Node& map, const std::string& path,
                                std::string_view key) const {
  return string(required(map, path, key), field_path(path, key));
}

std::string YamlContext::string_or(const YAML::Node& map, const std::string& path,
                                   std::string_view key, const std::string& fallback) const {
  const YAML::Node child = map[std::string(key)];
  return child.IsDefined() ? string(child, field_path(path, key)) : fallback;
}

}  // namespace bulwark::io
