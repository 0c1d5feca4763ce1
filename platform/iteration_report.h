// The end-to-end iteration estimate (models/eval/iteration_estimate) around the simulated mean
// step of a training mode: the "iteration" block of --stats and a section of the summary.
#pragma once
#include "platform_config.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace osvp {

/// {"gpu": {"peak_flops", "utilisation", "tokens_per_iteration", "flops_per_parameter_token"},
/// "parameters", "estimate": iteration_estimate::to_json()} from the mean step of `stats`
/// (vp_top::stats) and config.gpu; null in block mode and when no step completed.
nlohmann::json iteration_report(const platform_config& config, const nlohmann::json& stats);

/// The readable "Iteration" section of the summary.
void print_iteration(std::ostream& out, const nlohmann::json& report);

} // namespace osvp
