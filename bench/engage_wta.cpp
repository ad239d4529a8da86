// WTA benchmark: greedy, VLSN and exact branch and bound on the random
// instances of Ahuja, Kumar, Jha & Orlin (2007) — target values U[25, 100],
// kill probabilities U[0.6, 0.9], one round per weapon, sizes 20x20 ...
// 1000x1000 — and on harder instances (several rounds per weapon type, p
// spread over U[0.05, 0.95], refs/wta.md). Each solver's objective is given
// as its gap to a reference from the same run: the exact solver's proven
// optimum where it proves one, otherwise the best lower bound (the larger of
// engage::wta_lower_bound — Lagrangian relaxation of the inventory limits,
// docs/models.md — and the exact solver's bound at its time limit), and also
// to the best solution any solver found. Times are printed as ratios to the
// greedy time of the same instance; the goals are exact proving 50x50 in
// < 10 s and VLSN within 0.5 % of the best solution at 1000x1000 in < 1 s.
// Exact is capped at 10 s (<= 50x50 and the small multi-round case), 5 s
// (100, 200) and 3 s (400, 1000) so the whole run stays near a minute.
// Writes engage_wta.csv and engage_wta.json to $BULWARK_BENCH_OUT.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "common/random.hpp"
#include "engage/wta.hpp"

namespace {

using bulwark::engage::WtaOptions;
using bulwark::engage::WtaProblem;
using bulwark::engage::WtaResult;
using bulwark::engage::WtaSolver;

struct Case {
  std::string family;
  int weapon_types;
  int targets;
  int rounds;  // per type
  double p_low, p_high;
  double exact_limit_s;
};

WtaProblem generate(const Case& c, std::uint64_t seed) {
  bulwark::Rng rng = bulwark::make_stream(seed, 0, bulwark::stable_hash(c.family));
  std::uniform_real_distribution<double> value(25.0, 100.0), pk(c.p_low, c.p_high);
  WtaProblem p;
  p.weapon_count.assign(static_cast<std::size_t>(c.weapon_types), c.rounds);
  for (int j = 0; j < c.targets; ++j) p.target_value.push_back(value(rng));
  p.pk.resize(c.weapon_types, c.targets);
  for (int i = 0; i < c.weapon_types; ++i)
    for (int j = 0; j < c.targets; ++j) p.pk(i, j) = pk(rng);
  return p;
}

struct Timed {
  WtaResult result;
  double cpu_s = 0.0;  // process CPU time: the machine may be shared
};

Timed run(const WtaProblem& p, WtaSolver s, double limit) {
  WtaOptions o;
  o.solver = s;
  o.time_limit_s = limit;
  o.compute_lower_bound = false;  // timed alone; the bound is timed separately
  const std::clock_t c0 = std::clock();
  Timed t{bulwark::engage::solve_wta(p, o)};
  t.cpu_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  return t;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  const char* env = std::getenv("BULWARK_BENCH_OUT");
  const std::filesystem::path out_dir = env && *env ? env : "out/bench";
  std::filesystem::create_directories(out_dir);

  std::vector<Case> cases;
  for (int n : {20, 50, 100, 200, 400, 1000})
    cases.push_back({"ahuja", n, n, 1, 0.6, 0.9, n <= 50 ? 10.0 : (n <= 200 ? 5.0 : 3.0)});
  cases.push_back({"multi-round", 5, 20, 6, 0.05, 0.95, 10.0});
  cases.push_back({"multi-round", 10, 40, 8, 0.05, 0.95, 5.0});
  cases.push_back({"multi-round", 20, 100, 10, 0.05, 0.95, 5.0});

  nlohmann::json rows = nlohmann::json::array();
  std::ofstream csv(out_dir / "engage_wta.csv");
  csv << "family,weapon_types,targets,rounds_per_type,solver,seconds,cpu_seconds,objective,"
         "reference,"
         "reference_kind,gap_to_reference,gap_to_best_solution,proven_optimal\n";
  std::printf("WTA benchmark (notional random instances; seed 1 each)\n");
  std::printf("%-11s %9s  %-6s %9s %9s %8s %12s %11s %11s  %s\n", "family", "size", "solver",
              "wall_s", "cpu_s", "t/greedy", "objective", "gap_ref_%", "gap_best_%", "reference");
  double exact50_s = -1.0, vlsn1000_s = -1.0, vlsn1000_gap = -1.0;
  for (const Case& c : cases) {
    const WtaProblem p = generate(c, 1);
    const Timed tg = run(p, WtaSolver::greedy, 60.0);
    const Timed tv = run(p, WtaSolver::vlsn, 60.0);
    const Timed te = run(p, WtaSolver::exact, c.exact_limit_s);
    const WtaResult& greedy = tg.result;
    const WtaResult& vlsn = tv.result;
    const WtaResult& exact = te.result;
    const auto tb = std::chrono::steady_clock::now();
    const double lagrangian_bound = bulwark::engage::wta_lower_bound(p, 3.0);
    const double bound_s = seconds_since(tb);
    const double best_solution = std::min({greedy.objective, vlsn.objective, exact.objective});
    const double best_bound = std::max(lagrangian_bound, exact.lower_bound);
    const bool proven = exact.proven_optimal;
    const double reference = proven ? exact.objective : best_bound;
    const std::string kind = proven ? "proven optimum" : "best lower bound";
    std::string size = std::to_string(c.weapon_types);
    size += 'x';
    size += std::to_string(c.targets);
    if (c.rounds > 1) {
      size += 'x';
      size += std::to_string(c.rounds);
    }
    for (const Timed* t : {&tg, &tv, &te}) {
      const WtaResult* r = &t->result;
      const char* name = r == &greedy ? "greedy" : (r == &vlsn ? "vlsn" : "exact");
      const double gap_ref = (r->objective - reference) / reference;
      const double gap_best = (r->objective - best_solution) / best_solution;
      std::printf("%-11s %9s  %-6s %9.4f %9.4f %8.1f %12.4f %11.4f %11.4f  %s%s\n",
                  c.family.c_str(), size.c_str(), name, r->seconds, t->cpu_s,
                  r->seconds / std::max(greedy.seconds, 1e-6), r->objective, 100.0 * gap_ref,
                  100.0 * gap_best, kind.c_str(),
                  r == &exact ? (proven ? "" : " (time limit)") : "");
      csv << c.family << ',' << c.weapon_types << ',' << c.targets << ',' << c.rounds << ',' << name
          << ',' << r->seconds << ',' << t->cpu_s << ',' << r->objective << ',' << reference << ','
          << kind << ',' << gap_ref << ',' << gap_best << ',' << (r->proven_optimal ? 1 : 0)
          << '\n';
      rows.push_back({{"family", c.family},
                      {"weapon_types", c.weapon_types},
                      {"targets", c.targets},
                      {"rounds_per_type", c.rounds},
                      {"solver", name},
                      {"seconds", r->seconds},
                      {"cpu_seconds", t->cpu_s},
                      {"objective", r->objective},
                      {"reference", reference},
                      {"reference_kind", kind},
                      {"gap_to_reference", gap_ref},
                      {"gap_to_best_solution", gap_best},
                      {"proven_optimal", r->proven_optimal},
                      {"iterations", r->iterations}});
    }
    std::printf(
        "%-11s %9s  %-6s %9.4f %9s %8.1f %12.4f %11s %11s  best bound; "
        "best solution / bound - 1 = %.4f %%\n",
        c.family.c_str(), size.c_str(), "bound", bound_s, "",
        bound_s / std::max(greedy.seconds, 1e-6), best_bound, "", "",
        100.0 * (best_solution - best_bound) / best_bound);
    if (c.family == "ahuja" && c.targets == 50 && proven) exact50_s = exact.seconds;
    if (c.family == "ahuja" && c.targets == 1000) {
      vlsn1000_s = vlsn.seconds;
      vlsn1000_gap = (vlsn.objective - best_solution) / best_solution;
    }
  }
  std::ofstream(out_dir / "engage_wta.json") << rows.dump(2) << '\n';
  std::printf(
      "goal ratios (<= 1 meets the goal): exact 50x50 proof time / 10 s = %s; "
      "VLSN 1000x1000 time / 1 s = %.3f; VLSN 1000x1000 gap to best / 0.5 %% = %.3f\n",
      exact50_s < 0.0 ? "not proven" : std::to_string(exact50_s / 10.0).c_str(), vlsn1000_s,
      vlsn1000_gap / 0.005);
  return 0;
}
