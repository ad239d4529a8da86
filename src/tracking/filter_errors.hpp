// Throws bulwark::InputError for the filters, from one file that carries the
// suppression of a GCC 12 -O3 false -Wrestrict inside
// InputError::format (common/error.hpp), as src/io does.
#pragma once

#include <string>

namespace bulwark::tracking {

[[noreturn]] void throw_filter_input_error(const std::string& field, const std::string& what);

}  // namespace bulwark::tracking
