// Throws bulwark::InputError for the filters' options, from one place.
#pragma once

#include <string>

namespace bulwark::tracking {

[[noreturn]] void throw_filter_input_error(const std::string& field, const std::string& what);

}  // namespace bulwark::tracking
