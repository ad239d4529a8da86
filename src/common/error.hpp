// Errors that Bulwark reports to a user.
//
// InputError names where bad input was found (file, line where known, field)
// so the CLI can print one line a person can act on. Models throw
// DomainError when a request is valid input but physically impossible
// (for example a range the missile class cannot reach).
#pragma once

#include <stdexcept>
#include <string>

namespace bulwark {

struct InputLocation {
  std::string file;   // path as given by the user, or "<embedded:NAME>"
  int line = 0;       // 1-based; 0 when unknown
  std::string field;  // dotted path of the field, e.g. "sensors[2].lat_deg"
};

class InputError : public std::runtime_error {
 public:
  InputError(InputLocation where, const std::string& what)
      : std::runtime_error(format(where, what)), where_(std::move(where)) {}
  const InputLocation& where() const { return where_; }

 private:
  static std::string format(const InputLocation& w, const std::string& what) {
    // Appends only: GCC 12 at -O3 warns (-Wrestrict) on operator+ chains here.
    std::string s = w.file.empty() ? std::string("<input>") : w.file;
    if (w.line > 0) s.append(":").append(std::to_string(w.line));
    if (!w.field.empty()) s.append(": field '").append(w.field).append("'");
    s.append(": ").append(what);
    return s;
  }
  InputLocation where_;
};

class DomainError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace bulwark
