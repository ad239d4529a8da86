#include "geo/time.hpp"

#include <charconv>
#include <cmath>

namespace bulwark::geo {
namespace {

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  const char* b = s.data() + pos;
  auto [p, ec] = std::from_chars(b, b + len, out);
  return ec == std::errc() && p == b + len;
}

}  // namespace

std::optional<double> julian_date_from_iso8601(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':' || s.back() != 'Z')
    return std::nullopt;
  if (!read_int(s, 0, 4, y) || !read_int(s, 5, 2, mo) || !read_int(s, 8, 2, d) ||
      !read_int(s, 11, 2, h) || !read_int(s, 14, 2, mi) || !read_int(s, 17, 2, sec))
    return std::nullopt;
  double frac = 0.0;
  if (s.size() > 20) {
    if (s[19] != '.') return std::nullopt;
    double scale = 0.1;
    for (std::size_t i = 20; i + 1 < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      frac += scale * (s[i] - '0');
      scale *= 0.1;
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
    return std::nullopt;
  int yy = y, mm = mo;
  if (mm <= 2) {
    yy -= 1;
    mm += 12;
  }
  const int a = yy / 100;
  const int b = 2 - a + a / 4;
  const double day = d + (h + (mi + (sec + frac) / 60.0) / 60.0) / 24.0;
  return std::floor(365.25 * (yy + 4716)) + std::floor(30.6001 * (mm + 1)) + day + b - 1524.5;
}

}  // namespace bulwark::geo
