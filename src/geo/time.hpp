// Scenario time: an epoch in UTC (ISO 8601) and seconds after it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bulwark::geo {

// Julian date of a UTC instant written as "YYYY-MM-DDThh:mm:ss[.fff]Z"
// (Meeus, Astronomical Algorithms, ch. 7; Gregorian calendar). Returns
// nullopt for malformed text or out-of-range fields.
std::optional<double> julian_date_from_iso8601(std::string_view text);

}  // namespace bulwark::geo
