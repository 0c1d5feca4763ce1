// Learning-rate schedule owned by the firmware's iteration manager (OptimStore Sec. III-C:
// the controller computes the per-iteration coefficients, LR included).
#pragma once
#include <cstdint>

namespace osvp::fw {

// constant: lr_t = base. step_decay: base * gamma^floor((t-1)/step_size).
// warmup_cosine: base * t / warmup_steps for t <= warmup_steps, then cosine from base down to
// base * min_lr_ratio at t = total_steps, constant afterwards.
enum class lr_schedule_kind : std::uint8_t { constant, step_decay, warmup_cosine };

// Schedule parameters. Every lr it yields is > 0, because the fused Adam stores lr * m_hat and
// rescales by lr_t / lr_(t-1).
struct lr_schedule {
    lr_schedule_kind kind = lr_schedule_kind::constant;
    std::uint64_t step_size = 1000; // step_decay: optimizer steps per decay, >= 1
    double gamma = 0.1;             // step_decay: factor per decay, (0, 1]
    std::uint64_t warmup_steps = 0; // warmup_cosine: linear warmup length, < total_steps
    std::uint64_t total_steps = 1;  // warmup_cosine: step where the cosine reaches its floor
    double min_lr_ratio = 0.01;     // warmup_cosine: floor as a fraction of base, (0, 1]
    // Throws std::invalid_argument naming the field, the value and the allowed range.
    void validate() const;
    // Learning rate of step t (t >= 1, the first step is 1); throws for t = 0 or base <= 0.
    double lr_at(double base_lr, std::uint64_t t) const;
};

} // namespace osvp::fw
