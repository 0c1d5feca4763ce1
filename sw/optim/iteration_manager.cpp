#include "optim/iteration_manager.h"

#include <cfloat>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "optim/optimizer_program.h"

namespace osvp::fw {

namespace {

// Rounds a coefficient to FP32; refuses values the PE would not see as intended (overflow, or a
// non-zero that would become denormal or zero).
float to_f32(const char* name, double value, std::uint64_t t) {
    const double mag = std::fabs(value);
    if (!std::isfinite(value) || mag > FLT_MAX || (mag != 0.0 && mag < FLT_MIN)) {
        std::ostringstream os;
        os.precision(17);
        os << "step " << t << ": coefficient " << name << " = " << value
           << " is not representable as a normal FP32 (allowed 0 or |x| in [" << FLT_MIN << ", "
           << FLT_MAX << "]); check lr, loss scale and eps";
        throw std::runtime_error(os.str());
    }
    return static_cast<float>(value);
}

} // namespace

iteration_manager::iteration_manager(const optimizer_params& params, const lr_schedule& schedule)
    : m_params(params), m_schedule(schedule) {
    m_params.validate();
    m_schedule.validate();
}

step_constants iteration_manager::next_step(double loss_scale) {
    return next_step_with_lr(m_schedule.lr_at(m_params.lr, m_step + 1), loss_scale);
}

step_constants iteration_manager::next_step_with_lr(double lr, double loss_scale) {
    if (!(std::isfinite(lr) && lr > 0.0)) {
        throw std::invalid_argument("step lr " + std::to_string(lr) +
                                    " invalid (allowed finite > 0)");
    }
    if (!(std::isfinite(loss_scale) && loss_scale > 0.0)) {
        throw std::invalid_argument("step loss_scale " + std::to_string(loss_scale) +
                                    " invalid (allowed finite > 0)");
    }
    const optimizer_params& p = m_params;
    if (p.kind == optimizer_kind::adamw && !(lr * p.weight_decay < 1.0)) {
        throw std::invalid_argument("step lr " + std::to_string(lr) +
                                    " makes lr * weight_decay >= 1 (allowed < 1)");
    }
    const std::uint64_t t = m_step + 1;
    const double s_inv = 1.0 / loss_scale;
    const double eps2 = p.eps * p.eps;
    step_constants c{t, lr, loss_scale, {}};
    auto load = [&](std::uint8_t reg, const char* an, double a, const char* bn, double b) {
        c.loads.push_back({reg, to_f32(an, a, t), to_f32(bn, b, t)});
    };
    const double td = static_cast<double>(t);
    switch (p.kind) {
    case optimizer_kind::adam:
    case optimizer_kind::adamw: {
        const double c1 = 1.0 - std::pow(p.beta1, td);
        const double c2 = 1.0 - std::pow(p.beta2, td);
        const double lr_ratio = t == 1 ? 1.0 : lr / m_lr;
        load(creg_m, "a_m", p.beta1 * (1.0 - std::pow(p.beta1, td - 1.0)) / c1 * lr_ratio, "b_m",
             (1.0 - p.beta1) / c1 * lr * s_inv);
        load(creg_v, "a_v", p.beta2 * (1.0 - std::pow(p.beta2, td - 1.0)) / c2, "b_v",
             (1.0 - p.beta2) / c2 * s_inv * s_inv);
        load(creg_isqrt, "isqrt a", 1.0, "eps^2", eps2);
        load(creg_w, "1 - lr*weight_decay", 1.0 - lr * p.weight_decay, "w b", -1.0);
        break;
    }
    case optimizer_kind::sgd_momentum:
        load(creg_m, "momentum", p.momentum, "1/S", s_inv);
        load(creg_w, "w a", 1.0, "-lr", -lr);
        break;
    case optimizer_kind::adagrad:
    case optimizer_kind::rmsprop: {
        const double decay = p.kind == optimizer_kind::adagrad ? 1.0 : p.alpha;
        const double gain = p.kind == optimizer_kind::adagrad ? 1.0 : 1.0 - p.alpha;
        load(creg_v, "v a", decay, "v b", gain * s_inv * s_inv);
        load(creg_isqrt, "isqrt a", 1.0, "eps^2", eps2);
        load(creg_w, "w a", 1.0, "-lr/S", -lr * s_inv);
        break;
    }
    }
    m_step = t;
    m_lr = lr;
    return c;
}

} // namespace osvp::fw
