#include "optim/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace osvp::fw {

void lr_schedule::validate() const {
    if (kind == lr_schedule_kind::step_decay) {
        if (step_size == 0) {
            throw std::invalid_argument("lr_schedule step_size 0 invalid (allowed >= 1)");
        }
        if (!(gamma > 0.0 && gamma <= 1.0)) {
            throw std::invalid_argument("lr_schedule gamma " + std::to_string(gamma) +
                                        " invalid (allowed (0, 1])");
        }
    }
    if (kind == lr_schedule_kind::warmup_cosine) {
        if (warmup_steps >= total_steps) {
            throw std::invalid_argument(
                "lr_schedule warmup_steps " + std::to_string(warmup_steps) +
                " invalid (allowed < total_steps = " + std::to_string(total_steps) + ")");
        }
        if (!(min_lr_ratio > 0.0 && min_lr_ratio <= 1.0)) {
            throw std::invalid_argument("lr_schedule min_lr_ratio " + std::to_string(min_lr_ratio) +
                                        " invalid (allowed (0, 1]; lr must stay > 0)");
        }
    }
}

double lr_schedule::lr_at(double base_lr, std::uint64_t t) const {
    if (t == 0) {
        throw std::invalid_argument("lr_schedule step 0 invalid (steps count from 1)");
    }
    if (!(std::isfinite(base_lr) && base_lr > 0.0)) {
        throw std::invalid_argument("lr_schedule base lr " + std::to_string(base_lr) +
                                    " invalid (allowed finite > 0)");
    }
    switch (kind) {
    case lr_schedule_kind::constant:
        return base_lr;
    case lr_schedule_kind::step_decay:
        return base_lr * std::pow(gamma, static_cast<double>((t - 1) / step_size));
    case lr_schedule_kind::warmup_cosine: {
        if (t <= warmup_steps) {
            return base_lr * static_cast<double>(t) / static_cast<double>(warmup_steps);
        }
        const double progress = std::min(1.0, static_cast<double>(t - warmup_steps) /
                                                  static_cast<double>(total_steps - warmup_steps));
        const double pi = std::acos(-1.0);
        return base_lr *
               (min_lr_ratio + (1.0 - min_lr_ratio) * 0.5 * (1.0 + std::cos(pi * progress)));
    }
    }
    throw std::invalid_argument("lr_schedule kind " + std::to_string(static_cast<int>(kind)) +
                                " unknown (allowed constant, step_decay, warmup_cosine)");
}

} // namespace osvp::fw
