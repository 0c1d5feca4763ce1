// Double-precision reference optimizers written from the textbook rules, not from the fused
// form the dies run. Gradients are the true (unscaled) gradients; callers divide by the loss
// scale. Each class updates a vector of weights in place, one step per call.
//   Adam    (Kingma & Ba 2015, Alg. 1): m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
//           m_hat = m / (1-b1^t); v_hat = v / (1-b2^t);
//           w -= lr m_hat / (sqrt(v_hat) + eps)          (eps_placement::outside_sqrt)
//           w -= lr m_hat / sqrt(v_hat + eps^2)          (eps_placement::inside_sqrt)
//   AdamW   (Loshchilov & Hutter 2019, PyTorch form): w *= 1 - lr wd, then the Adam step.
//   SGD momentum (PyTorch form, dampening 0): b = mu b + g; w -= lr b.
//   Adagrad (Duchi et al. 2011, PyTorch form): s += g^2; w -= lr g / (sqrt(s) + eps).
//   RMSProp (Tieleman & Hinton 2012, PyTorch form): s = alpha s + (1-alpha) g^2;
//           w -= lr g / (sqrt(s) + eps).
// Adagrad and RMSProp take the same eps_placement choice as Adam.
#pragma once
#include <cstdint>
#include <vector>

namespace osvp::reference {

// Where epsilon enters the denominator.
enum class eps_placement { outside_sqrt, inside_sqrt };

// Adam / AdamW hyper-parameters (weight_decay 0 gives Adam).
struct adam_hparams {
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 0.0;
    eps_placement placement = eps_placement::outside_sqrt;
    double weight_decay = 0.0;
};

// Adam / AdamW over n parameters.
class adam {
public:
    adam(std::vector<double> w, const adam_hparams& h);
    void step(double lr, const std::vector<double>& g);
    const std::vector<double>& w() const { return m_w; }
    double m_hat(std::size_t i) const; // m_i / (1 - b1^t)
    double v_hat(std::size_t i) const; // v_i / (1 - b2^t)
    std::uint64_t t() const { return m_t; }

private:
    std::vector<double> m_w, m_m, m_v;
    adam_hparams m_h;
    std::uint64_t m_t = 0;
};

// SGD with momentum mu over n parameters.
class sgd_momentum {
public:
    sgd_momentum(std::vector<double> w, double momentum);
    void step(double lr, const std::vector<double>& g);
    const std::vector<double>& w() const { return m_w; }
    const std::vector<double>& buf() const { return m_b; }

private:
    std::vector<double> m_w, m_b;
    double m_mu;
};

// Adagrad (decay = 1, gain = 1) or RMSProp (decay = alpha, gain = 1 - alpha) over n parameters.
class root_mean_square {
public:
    root_mean_square(std::vector<double> w, double decay, double gain, double eps,
                     eps_placement placement);
    void step(double lr, const std::vector<double>& g);
    const std::vector<double>& w() const { return m_w; }
    const std::vector<double>& sum() const { return m_s; }

private:
    std::vector<double> m_w, m_s;
    double m_decay, m_gain, m_eps;
    eps_placement m_placement;
};

} // namespace osvp::reference
