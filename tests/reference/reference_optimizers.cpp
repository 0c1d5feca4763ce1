#include "reference/reference_optimizers.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace osvp::reference {

namespace {
void check_size(std::size_t n, std::size_t got) {
    if (n != got) {
        throw std::invalid_argument("reference optimizer: gradient size " + std::to_string(got) +
                                    " != parameter count " + std::to_string(n));
    }
}

double denominator(double s, double eps, eps_placement p) {
    return p == eps_placement::outside_sqrt ? std::sqrt(s) + eps : std::sqrt(s + eps * eps);
}
} // namespace

adam::adam(std::vector<double> w, const adam_hparams& h)
    : m_w(std::move(w)), m_m(m_w.size(), 0.0), m_v(m_w.size(), 0.0), m_h(h) {}

void adam::step(double lr, const std::vector<double>& g) {
    check_size(m_w.size(), g.size());
    ++m_t;
    for (std::size_t i = 0; i < m_w.size(); ++i) {
        m_m[i] = m_h.beta1 * m_m[i] + (1.0 - m_h.beta1) * g[i];
        m_v[i] = m_h.beta2 * m_v[i] + (1.0 - m_h.beta2) * g[i] * g[i];
        m_w[i] *= 1.0 - lr * m_h.weight_decay;
        m_w[i] -= lr * m_hat(i) / denominator(v_hat(i), m_h.eps, m_h.placement);
    }
}

double adam::m_hat(std::size_t i) const {
    return m_m.at(i) / (1.0 - std::pow(m_h.beta1, static_cast<double>(m_t)));
}

double adam::v_hat(std::size_t i) const {
    return m_v.at(i) / (1.0 - std::pow(m_h.beta2, static_cast<double>(m_t)));
}

sgd_momentum::sgd_momentum(std::vector<double> w, double momentum)
    : m_w(std::move(w)), m_b(m_w.size(), 0.0), m_mu(momentum) {}

void sgd_momentum::step(double lr, const std::vector<double>& g) {
    check_size(m_w.size(), g.size());
    for (std::size_t i = 0; i < m_w.size(); ++i) {
        m_b[i] = m_mu * m_b[i] + g[i];
        m_w[i] -= lr * m_b[i];
    }
}

root_mean_square::root_mean_square(std::vector<double> w, double decay, double gain, double eps,
                                   eps_placement placement)
    : m_w(std::move(w)), m_s(m_w.size(), 0.0), m_decay(decay), m_gain(gain), m_eps(eps),
      m_placement(placement) {}

void root_mean_square::step(double lr, const std::vector<double>& g) {
    check_size(m_w.size(), g.size());
    for (std::size_t i = 0; i < m_w.size(); ++i) {
        m_s[i] = m_decay * m_s[i] + m_gain * g[i] * g[i];
        m_w[i] -= lr * g[i] / denominator(m_s[i], m_eps, m_placement);
    }
}

} // namespace osvp::reference
