// `bulwark track-eval --truth truth.csv --tracks tracks.csv [--cutoff-m C]
//  [--order P] [--epoch-s DT] [--max-age-s A]`: compares tracks with truth
// (tracking/metrics.hpp) and prints one JSON object (docs/formats.md
// "evaluation JSON").
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "cli/commands.hpp"
#include "io/measurements.hpp"
#include "io/tracks.hpp"
#include "tracking/metrics.hpp"

namespace bulwark::cli {
namespace {

struct EvalArgs {
  std::string truth;
  std::string tracks;
  tracking::MetricsOptions options;
};

void run_track_eval(const EvalArgs& args) {
  const std::vector<io::TruthRecord> truth_rows = io::read_truth(args.truth);
  const std::vector<tracking::TrackReport> tracks = io::read_tracks(args.tracks);
  std::vector<std::string> ids;
  std::unordered_map<std::string, int> index;
  std::vector<tracking::TruthSample> truth;
  truth.reserve(truth_rows.size());
  for (const auto& row : truth_rows) {
    auto [it, inserted] = index.try_emplace(row.truth_id, static_cast<int>(ids.size()));
    if (inserted) ids.push_back(row.truth_id);
    truth.push_back({row.t_s, it->second, row.r_ecef, row.v_ecef});
  }
  const tracking::MetricsResult m = tracking::evaluate_tracks(truth, tracks, args.options);

  using nlohmann::ordered_json;
  ordered_json per_truth = ordered_json::array();
  for (const auto& t : m.truths)
    per_truth.push_back(
        {{"truth_id", ids[static_cast<std::size_t>(t.truth)]},
         {"epochs_present", t.epochs_present},
         {"epochs_tracked", t.epochs_tracked},
         {"first_tracked_s",
          t.first_tracked_s < 0.0 ? ordered_json(nullptr) : ordered_json(t.first_tracked_s)},
         {"track_breaks", t.track_breaks},
         {"id_swaps", t.id_swaps}});
  ordered_json over_time = ordered_json::array();
  for (const auto& e : m.epochs)
    over_time.push_back({{"t_s", e.t_s},
                         {"truths", e.truths},
                         {"tracks", e.tracks},
                         {"assigned", e.assigned},
                         {"position_rmse_m", e.position_rmse_m},
                         {"velocity_rmse_mps", e.velocity_rmse_mps},
                         {"ospa_m", e.ospa_m},
                         {"gospa_m", e.gospa_m},
                         {"nees_mean", e.nees_mean},
                         {"nees_samples", e.nees_samples}});
  const ordered_json out = {
      {"parameters",
       {{"ospa", {{"cutoff_m", m.options.cutoff_m}, {"order_p", m.options.order_p}}},
        {"gospa", {{"cutoff_m", m.options.cutoff_m}, {"order_p", m.options.order_p}, {"alpha", 2}}},
        {"epoch_s", m.options.epoch_dt_s},
        {"max_track_age_s", m.options.max_track_age_s},
        {"nees_dof", 6}}},
      {"summary",
       {{"truth_objects", m.truths.size()},
        {"tracks", m.track_count},
        {"false_tracks", m.false_tracks},
        {"track_breaks", m.track_breaks},
        {"id_swaps", m.id_swaps},
        {"position_rmse_m", m.position_rmse_m},
        {"velocity_rmse_mps", m.velocity_rmse_mps},
        {"mean_ospa_m", m.mean_ospa_m},
        {"mean_gospa_m", m.mean_gospa_m},
        {"nees_mean", m.nees_mean},
        {"nees_samples", m.nees_samples},
        {"nees_band_95", {m.nees_band_low, m.nees_band_high}},
        {"nees_consistent",
         m.nees_samples > 0 && m.nees_mean >= m.nees_band_low && m.nees_mean <= m.nees_band_high}}},
      {"truths", per_truth},
      {"over_time", over_time}};
  std::printf("%s\n", out.dump(2).c_str());
}

}  // namespace

void add_track_eval(CLI::App& app) {
  auto* cmd = app.add_subcommand("track-eval", "Score tracks against truth (JSON on stdout)");
  auto args = std::make_shared<EvalArgs>();
  cmd->add_option("--truth", args->truth, "truth CSV (bulwark sense --truth)")->required();
  cmd->add_option("--tracks", args->tracks, "tracks CSV (bulwark track --out)")->required();
  cmd->add_option("--cutoff-m", args->options.cutoff_m,
                  "OSPA/GOSPA cut-off c and truth-to-track assignment distance, m")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--order", args->options.order_p, "OSPA/GOSPA order p (>= 1)")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 100.0));
  cmd->add_option("--epoch-s", args->options.epoch_dt_s, "evaluation grid step, s")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-age-s", args->options.max_track_age_s,
                  "a track whose latest update is older than this is absent, s")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args] { run_track_eval(*args); });
}

}  // namespace bulwark::cli
