// The firmware's iteration manager (OptimStore Sec. III-C, Algorithm 1): per optimizer step t it
// takes the learning rate (from its schedule or from the host) and the loss scale S and computes
// the FP32 constant-register values that the controller broadcasts (LCR) to every die before the
// step's super-page updates.
#pragma once
#include <cstdint>
#include <vector>

#include "optim/lr_schedule.h"
#include "optim/optimizer_params.h"

namespace osvp::fw {

// One LCR: constant register reg <- (a, b).
struct const_load {
    std::uint8_t reg;
    float a;
    float b;
};

// The constants of one step, in load order.
struct step_constants {
    std::uint64_t step; // t, counting from 1
    double lr;          // learning rate of this step
    double loss_scale;  // S of this step's gradients
    std::vector<const_load> loads;
};

// Computes each step's constants. Coefficients are computed in double and rounded once to FP32:
//   Adam/AdamW  creg_m (a_m, b_m) = (b1 (1-b1^(t-1)) / (1-b1^t) * lr_t/lr_(t-1),
//                                    (1-b1) / (1-b1^t) * lr_t / S)
//               creg_v (a_v, b_v) = (b2 (1-b2^(t-1)) / (1-b2^t), (1-b2) / (1-b2^t) / S^2)
//               creg_isqrt (1, eps^2), creg_w (1 - lr_t wd, -1)
//   SGD         creg_m (mu, 1/S), creg_w (1, -lr_t)
//   Adagrad     creg_v (1, 1/S^2), creg_isqrt (1, eps^2), creg_w (1, -lr_t / S)
//   RMSProp     creg_v (alpha, (1-alpha)/S^2), creg_isqrt (1, eps^2), creg_w (1, -lr_t / S)
// Folding lr_t/lr_(t-1) into a_m keeps the stored m' = lr_t * m_hat_t, so the result is standard
// bias-corrected Adam with the new lr. Stored states are independent of S, so S may change.
class iteration_manager {
public:
    // Validates both; throws std::invalid_argument.
    iteration_manager(const optimizer_params& params, const lr_schedule& schedule);

    // Advances to step t+1 with lr from the schedule and the given loss scale.
    step_constants next_step(double loss_scale);
    // Advances to step t+1 with a host-supplied lr (> 0) and loss scale (> 0).
    step_constants next_step_with_lr(double lr, double loss_scale);
    // Advances with the schedule's lr and params.loss_scale.
    step_constants next_step() { return next_step(m_params.loss_scale); }

    std::uint64_t step() const { return m_step; } // last issued t, 0 before the first step
    double lr() const { return m_lr; }            // lr of the last issued step
    const optimizer_params& params() const { return m_params; }

private:
    optimizer_params m_params;
    lr_schedule m_schedule;
    std::uint64_t m_step = 0;
    double m_lr = 0.0;
};

} // namespace osvp::fw
