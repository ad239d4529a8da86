#include "tracking/filter_errors.hpp"

// GCC 12 false positive in std::string concatenation inlined from
// InputError::format (GCC PR 105329); the same suppression as src/io.
#pragma GCC diagnostic ignored "-Wrestrict"

#include "common/error.hpp"

namespace bulwark::tracking {

void throw_filter_input_error(const std::string& field, const std::string& what) {
  InputLocation where;
  where.field = field;
  throw InputError(std::move(where), what);
}

}  // namespace bulwark::tracking
