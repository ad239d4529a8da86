// Reading YAML with errors that name the file, the line and the field.
//
// A YamlContext wraps the source name; every accessor takes the node and
// its dotted field path ("sensors[2].lat_deg") and throws InputError with
// the node's line (yaml-cpp Mark, 1-based) when the value is missing, of the
// wrong type, not finite or out of range. Used by io/scenario (and free for
// any other YAML input).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace bulwark::io {

// An interval of allowed values; open ends exclude the bound.
struct Range {
  double lo = -1e300;
  double hi = 1e300;
  bool lo_open = false;
  bool hi_open = false;
  static Range any() { return {}; }
  static Range closed(double a, double b) { return {a, b, false, false}; }
  static Range half_open(double a, double b) { return {a, b, false, true}; }  // [a, b)
  static Range open(double a, double b) { return {a, b, true, true}; }
  static Range positive() { return {0.0, 1e300, true, false}; }
  static Range non_negative() { return {0.0, 1e300, false, false}; }
  bool contains(double v) const;
  std::string describe() const;  // "in [a, b)", "> 0", ">= 0"
};

std::string field_path(const std::string& parent, std::string_view key);  // "a.b"
std::string index_path(const std::string& parent, std::size_t i);         // "a[3]"

class YamlContext {
 public:
  explicit YamlContext(std::string source) : source_(std::move(source)) {}
  const std::string& source() const { return source_; }

  // 1-based line of a node, 0 when unknown.
  static int line(const YAML::Node& node);
  [[noreturn]] void fail(const YAML::Node& at, const std::string& path,
                         const std::string& what) const;

  void expect_map(const YAML::Node& node, const std::string& path) const;
  void expect_sequence(const YAML::Node& node, const std::string& path) const;
  // Rejects any key of `map` not in `allowed`, listing the allowed keys.
  void allowed_keys(const YAML::Node& map, const std::string& path,
                    std::initializer_list<std::string_view> allowed) const;
  // The child `key` of `map`; InputError "missing required field" at the map's line.
  YAML::Node required(const YAML::Node& map, const std::string& path, std::string_view key) const;

  // Typed scalars (path is the node's own path).
  double number(const YAML::Node& node, const std::string& path, Range range = Range::any()) const;
  long long integer(const YAML::Node& node, const std::string& path, long long min,
                    long long max) const;
  std::uint64_t unsigned_integer(const YAML::Node& node, const std::string& path) const;
  std::string string(const YAML::Node& node, const std::string& path) const;  // non-empty

  // Child fields of a map: required, or with a default when absent.
  double number(const YAML::Node& map, const std::string& path, std::string_view key,
                Range range) const;
  double number_or(const YAML::Node& map, const std::string& path, std::string_view key,
                   double fallback, Range range) const;
  long long integer_or(const YAML::Node& map, const std::string& path, std::string_view key,
                       long long fallback, long long min, long long max) const;
  std::string string(const YAML::Node& map, const std::string& path, std::string_view key) const;
  std::string string_or(const YAML::Node& map, const std::string& path, std::string_view key,
                        const std::string& fallback) const;

 private:
  std::string source_;
};

}  // namespace bulwark::io
