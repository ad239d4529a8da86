// WTA instance and solution JSON (docs/formats.md, "WTA instance and solution
// JSON"). The instance
//   {"weapons": [{"id": …, "count": N, "channels": C?}, …],
//    "targets": [{"id": …, "value": V, "max_shots": M?}, …],
//    "pk": [[p_w0_t0, p_w0_t1, …], …]}           (one row per weapon type)
// is validated completely before any solver sees it: malformed JSON (with
// line and column), missing or unknown fields, wrong types, non-integer or
// negative counts, negative or non-finite values, p outside [0, 1], a ragged
// or mis-sized pk matrix and duplicate ids are each an InputError naming the
// file and the field (e.g. "pk[3][7]").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engage/wta.hpp"

namespace bulwark::io {

struct WtaInstance {
  engage::WtaProblem problem;
  std::vector<std::string> weapon_ids;  // as in the file (numbers as their text)
  std::vector<std::string> target_ids;
};

// Largest round count or channel/max-shot limit accepted per entry.
constexpr int kWtaMaxCount = 100000;

// Reads and validates an instance file; throws InputError.
WtaInstance read_wta_instance(const std::string& path);
// As above from text; `name` is used as the file name in errors.
WtaInstance parse_wta_instance(std::string_view text, const std::string& name);

// The solution JSON: solver, objective, assignment [{weapon, weapon_id,
// target, target_id, shots}], lower_bound and gap (when known),
// proven_optimal, seconds, iterations, termination.
nlohmann::ordered_json wta_solution_json(const engage::WtaResult& result,
                                         const WtaInstance& instance);

}  // namespace bulwark::io
