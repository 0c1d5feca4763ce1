// One training iteration end to end, estimated around a simulated optimizer step: the GPU's
// forward and backward as FLOPs over an achieved rate (gpu_config), the gradient writes that
// overlap backward, then the step. Plain C++, no kernel.
//
// iteration = forward + max(backward, gradients_before_step) + step
//
// gradients_before_step is the time the mode spends writing gradients to the SSD before the
// step (baseline: DeepSpeed writes them during backward; DeepStore: its read-path units need
// them on flash before the step); they overlap backward as the layers' gradients appear, and
// only what outlasts backward is exposed. OptimStore and C-ISP stream the gradients inside the
// step (the dies consume them as they arrive), so theirs are part of `step`, and the CPU mode
// keeps them in host memory. Not modelled: the copies between GPU and host (FP16 gradients out
// during backward, updated FP16 weights back before the next forward), the same in every mode.
#pragma once
#include "common/sim_time.h"
#include "eval/gpu_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace osvp {

struct iteration_estimate {
    time_ps forward = 0;
    time_ps backward = 0;
    time_ps gradients_before_step = 0;
    /// The part of gradients_before_step that outlasts backward.
    time_ps exposed_gradients = 0;
    time_ps step = 0;
    time_ps iteration = 0;

    /// step / iteration (0 for an empty iteration).
    double step_share() const;
    /// {"forward_ps", "backward_ps", "gradients_before_step_ps", "exposed_gradients_ps",
    /// "step_ps", "iteration_ps", "step_share"}.
    nlohmann::json to_json() const;
};

/// Seconds of forward and backward together: gpu.flops_per_parameter_token x parameters x
/// gpu.tokens_per_iteration FLOPs at gpu.peak_flops x gpu.utilisation.
double gpu_seconds(const gpu_config& gpu, std::uint64_t parameters);

/// The iteration of a model with `parameters` parameters on `gpu`, around a simulated step of
/// `step` ps that has `gradients_before_step` ps of gradient writes before it. Forward takes 2 of
/// gpu.flops_per_parameter_token FLOPs per parameter and token, backward the rest; times are
/// rounded to the nearest ps.
iteration_estimate estimate_iteration(const gpu_config& gpu, std::uint64_t parameters, time_ps step,
                                      time_ps gradients_before_step);

} // namespace osvp
