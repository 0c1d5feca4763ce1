// The host CPU's FP32 optimizer update of the baseline (DeepSpeed NVMe offload) and cpu
// (ZeRO-Offload) modes. It keeps the same fused states as the dies (optimstore.md section 3:
// m' = lr m_hat, v' = v_hat) and takes each step's coefficients from the firmware's iteration
// manager (sw/optim), so every mode stores the same W, M, V and one reference checks them all.
// The host computes the inverse square root exactly (1 / sqrtf), unlike the dies' fast ISQRT.
#pragma once
#include "energy/optimizer_kind.h"

#include "optim/iteration_manager.h"

#include <cstddef>

namespace osvp {

/// Element-wise update, per kind (a, b: the iteration manager's constant registers; g the
/// loss-scaled FP32 gradient):
///  Adam/AdamW  m = a_m m + b_m g; v = a_v v + b_v g^2; w = a_w w - m / sqrt(v + eps^2)
///  SGD momentum m = a_m m + b_m g; w = w + b_w m
///  Adagrad/RMSProp v = a_v v + b_v g^2; w = w + b_w g / sqrt(v + eps^2)
class host_optimizer {
public:
    /// Validates both (std::invalid_argument).
    host_optimizer(const fw::optimizer_params& params, const fw::lr_schedule& schedule);

    /// Advances to the next step: lr from the schedule, the configured loss scale.
    void begin_step();
    /// Updates `count` elements in place. `m` and `v` may be null when the optimizer does not
    /// keep that state (training_config.h states_of).
    void update(float* w, float* m, float* v, const float* g, std::size_t count) const;
    /// Last issued step t (0 before the first).
    std::uint64_t step() const { return m_manager.step(); }

private:
    fw::iteration_manager m_manager;
    float m_a[4] = {};
    float m_b[4] = {};
};

/// The evaluated optimizer whose cost model (host_cpu_model, step_traffic) applies to `kind`:
/// AdamW is Adam plus one scale of W; RMSProp keeps Adagrad's states and operations.
optimizer_kind cost_kind(fw::optimizer_kind kind);

} // namespace osvp
