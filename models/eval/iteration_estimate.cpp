#include "eval/iteration_estimate.h"

#include <cmath>

namespace osvp {
namespace {

/// Forward FLOPs per parameter and token (one multiply-add per parameter).
constexpr double forward_flops_per_parameter_token = 2.0;

double seconds(const gpu_config& gpu, std::uint64_t parameters, double flops_per_token) {
    return flops_per_token * static_cast<double>(parameters) *
           static_cast<double>(gpu.tokens_per_iteration) / (gpu.peak_flops * gpu.utilisation);
}

time_ps compute_time(const gpu_config& gpu, std::uint64_t parameters, double flops_per_token) {
    return static_cast<time_ps>(
        std::llround(seconds(gpu, parameters, flops_per_token) * static_cast<double>(ps_per_s)));
}

} // namespace

double gpu_seconds(const gpu_config& gpu, std::uint64_t parameters) {
    return seconds(gpu, parameters, gpu.flops_per_parameter_token);
}

double iteration_estimate::step_share() const {
    return iteration == 0 ? 0.0 : static_cast<double>(step) / static_cast<double>(iteration);
}

nlohmann::json iteration_estimate::to_json() const {
    return {{"forward_ps", forward},
            {"backward_ps", backward},
            {"gradients_before_step_ps", gradients_before_step},
            {"exposed_gradients_ps", exposed_gradients},
            {"step_ps", step},
            {"iteration_ps", iteration},
            {"step_share", step_share()}};
}

iteration_estimate estimate_iteration(const gpu_config& gpu, std::uint64_t parameters, time_ps step,
                                      time_ps gradients_before_step) {
    iteration_estimate e;
    e.forward = compute_time(gpu, parameters, forward_flops_per_parameter_token);
    e.backward = compute_time(gpu, parameters,
                              gpu.flops_per_parameter_token - forward_flops_per_parameter_token);
    e.gradients_before_step = gradients_before_step;
    e.exposed_gradients =
        gradients_before_step > e.backward ? gradients_before_step - e.backward : 0;
    e.step = step;
    e.iteration = e.forward + e.backward + e.exposed_gradients + step;
    return e;
}

} // namespace osvp
