// Optimizer hyper-parameters as set by the host's vendor Set Features "parameter_set"
// (OptimStore Sec. III-D). Defaults are the paper's Adam: no epsilon, no weight decay.
#pragma once
#include <cstdint>
#include <string>

namespace osvp::fw {

// Optimizers that map onto LVS/QVS/VMUL/ISQRT (paper Sec. V evaluates Adam, SGD with momentum,
// Adagrad; discusses RMSProp). adamw = Adam with decoupled weight decay (Loshchilov & Hutter).
enum class optimizer_kind : std::uint8_t { adam, adamw, sgd_momentum, adagrad, rmsprop };

// Config name of kind: "adam", "adamw", "sgd_momentum", "adagrad", "rmsprop".
const char* optimizer_kind_name(optimizer_kind kind);
// Inverse of optimizer_kind_name; throws std::invalid_argument listing the allowed names.
optimizer_kind parse_optimizer_kind(const std::string& name);

// Hyper-parameters; fields that a kind does not use are ignored. Epsilon (all kinds with a
// square root) is applied inside the root: 1/sqrt(v + eps^2) [ours; the die cannot add a scalar
// after the root]; it differs from the textbook 1/(sqrt(v) + eps) by at most a factor sqrt(2),
// at sqrt(v) = eps, and the two agree for v >> eps^2 and v -> 0.
struct optimizer_params {
    optimizer_kind kind = optimizer_kind::adam;
    double lr = 1e-3;          // base learning rate, > 0 (the LR schedule scales it)
    double beta1 = 0.9;        // Adam/AdamW first-moment decay, [0, 1)
    double beta2 = 0.999;      // Adam/AdamW second-moment decay, [0, 1)
    double momentum = 0.9;     // SGD momentum mu, [0, 1) (PyTorch form, dampening 0)
    double alpha = 0.99;       // RMSProp smoothing constant, [0, 1)
    double eps = 0.0;          // >= 0; 0 is paper-exact
    double weight_decay = 0.0; // AdamW decoupled decay, >= 0; must be 0 for other kinds
    double loss_scale = 1.0;   // default static loss scale S (> 0); gradients arrive scaled by S
    // Throws std::invalid_argument naming the field, the value and the allowed range.
    void validate() const;
};

} // namespace osvp::fw
