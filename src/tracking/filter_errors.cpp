#include "tracking/filter_errors.hpp"

#include "common/error.hpp"

namespace bulwark::tracking {

void throw_filter_input_error(const std::string& field, const std::string& what) {
  InputLocation where;
  where.field = field;
  throw InputError(std::move(where), what);
}

}  // namespace bulwark::tracking
