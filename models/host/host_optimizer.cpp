#include "host/host_optimizer.h"

#include "optim/optimizer_program.h"

#include <cmath>

namespace osvp {

host_optimizer::host_optimizer(const fw::optimizer_params& params, const fw::lr_schedule& schedule)
    : m_manager(params, schedule) {}

void host_optimizer::begin_step() {
    for (const fw::const_load& load : m_manager.next_step().loads) {
        m_a[load.reg] = load.a;
        m_b[load.reg] = load.b;
    }
}

void host_optimizer::update(float* w, float* m, float* v, const float* g, std::size_t count) const {
    const float eps2 = m_b[fw::creg_isqrt];
    switch (m_manager.params().kind) {
    case fw::optimizer_kind::adam:
    case fw::optimizer_kind::adamw:
        for (std::size_t i = 0; i < count; ++i) {
            m[i] = std::fma(m_a[fw::creg_m], m[i], m_b[fw::creg_m] * g[i]);
            v[i] = std::fma(m_a[fw::creg_v], v[i], m_b[fw::creg_v] * g[i] * g[i]);
            w[i] = std::fma(m_a[fw::creg_w], w[i], m_b[fw::creg_w] * m[i] / std::sqrt(v[i] + eps2));
        }
        break;
    case fw::optimizer_kind::sgd_momentum:
        for (std::size_t i = 0; i < count; ++i) {
            m[i] = std::fma(m_a[fw::creg_m], m[i], m_b[fw::creg_m] * g[i]);
            w[i] = std::fma(m_b[fw::creg_w], m[i], w[i]);
        }
        break;
    case fw::optimizer_kind::adagrad:
    case fw::optimizer_kind::rmsprop:
        for (std::size_t i = 0; i < count; ++i) {
            v[i] = std::fma(m_a[fw::creg_v], v[i], m_b[fw::creg_v] * g[i] * g[i]);
            w[i] = std::fma(m_b[fw::creg_w] * g[i], 1.0f / std::sqrt(v[i] + eps2), w[i]);
        }
        break;
    }
}

optimizer_kind cost_kind(fw::optimizer_kind kind) {
    switch (kind) {
    case fw::optimizer_kind::sgd_momentum:
        return optimizer_kind::momentum;
    case fw::optimizer_kind::adagrad:
    case fw::optimizer_kind::rmsprop:
        return optimizer_kind::adagrad;
    case fw::optimizer_kind::adam:
    case fw::optimizer_kind::adamw:
        break;
    }
    return optimizer_kind::adam;
}

} // namespace osvp
