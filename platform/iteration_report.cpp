#include "iteration_report.h"

#include "common/units.h"
#include "eval/iteration_estimate.h"
#include "step_summary.h"

#include <cmath>

namespace osvp {
namespace {

time_ps mean_of(const nlohmann::json& summary, const char* key) {
    return static_cast<time_ps>(std::llround(summary.at(key).get<double>()));
}

/// Gradient writes before the step: the host-side modes' backward phase (the baseline's writes,
/// 0 in the cpu mode), or the gradient phase of an in-storage mode that runs it before the step.
time_ps gradients_before_step(const nlohmann::json& summary) {
    if (summary.contains("mean_backward_phase_ps")) {
        return mean_of(summary, "mean_backward_phase_ps");
    }
    return summary.at("gradients_in_step").get<bool>() ? 0
                                                       : mean_of(summary, "mean_gradient_phase_ps");
}

} // namespace

nlohmann::json iteration_report(const platform_config& config, const nlohmann::json& stats) {
    const nlohmann::json* steps = step_summary(stats);
    if (steps == nullptr || steps->at("steps").get<std::uint64_t>() == 0) {
        return nullptr;
    }
    const nlohmann::json& summary = *steps;
    const auto parameters = summary.at("parameters").get<std::uint64_t>();
    const gpu_config& gpu = config.gpu;
    const iteration_estimate e = estimate_iteration(
        gpu, parameters, mean_of(summary, "mean_step_ps"), gradients_before_step(summary));
    return {{"gpu",
             {{"peak_flops", gpu.peak_flops},
              {"utilisation", gpu.utilisation},
              {"tokens_per_iteration", gpu.tokens_per_iteration},
              {"flops_per_parameter_token", gpu.flops_per_parameter_token}}},
            {"parameters", parameters},
            {"estimate", e.to_json()}};
}

void print_iteration(std::ostream& out, const nlohmann::json& report) {
    const nlohmann::json& gpu = report["gpu"];
    const nlohmann::json& e = report["estimate"];
    const auto time_of = [&e](const char* key) { return format_time(e[key].get<time_ps>()); };
    out << "Iteration (estimate: GPU " << gpu["peak_flops"].get<double>() / 1e12 << " TFLOP/s x "
        << gpu["utilisation"].get<double>() << ", " << gpu["tokens_per_iteration"] << " tokens, "
        << gpu["flops_per_parameter_token"].get<double>() << " FLOP per parameter and token)\n";
    const bool writes_before = e["gradients_before_step_ps"].get<time_ps>() > 0;
    out << "  iteration  " << time_of("iteration_ps") << " = forward " << time_of("forward_ps")
        << " + backward " << time_of("backward_ps");
    if (writes_before) {
        out << " + exposed gradient writes " << time_of("exposed_gradients_ps");
    }
    out << " + step " << time_of("step_ps") << "\n";
    out << "             step share " << format_fixed(100.0 * e["step_share"].get<double>(), 1)
        << " %";
    if (writes_before) {
        out << "; gradient writes " << time_of("gradients_before_step_ps")
            << " before the step, hidden under backward up to its length";
    } else {
        out << "; no gradient writes before the step";
    }
    out << "\n\n";
}

} // namespace osvp
