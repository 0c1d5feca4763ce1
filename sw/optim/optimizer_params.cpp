#include "optim/optimizer_params.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace osvp::fw {

namespace {
constexpr optimizer_kind all_kinds[] = {optimizer_kind::adam, optimizer_kind::adamw,
                                        optimizer_kind::sgd_momentum, optimizer_kind::adagrad,
                                        optimizer_kind::rmsprop};

void fail(const char* field, double value, const char* allowed) {
    std::ostringstream os;
    os.precision(17);
    os << "optimizer " << field << " = " << value << " invalid (allowed " << allowed << ")";
    throw std::invalid_argument(os.str());
}

void check_unit_interval(const char* field, double value) {
    if (!(value >= 0.0 && value < 1.0)) {
        fail(field, value, "[0, 1)");
    }
}
} // namespace

const char* optimizer_kind_name(optimizer_kind kind) {
    switch (kind) {
    case optimizer_kind::adam:
        return "adam";
    case optimizer_kind::adamw:
        return "adamw";
    case optimizer_kind::sgd_momentum:
        return "sgd_momentum";
    case optimizer_kind::adagrad:
        return "adagrad";
    case optimizer_kind::rmsprop:
        return "rmsprop";
    }
    return "unknown";
}

optimizer_kind parse_optimizer_kind(const std::string& name) {
    for (optimizer_kind k : all_kinds) {
        if (name == optimizer_kind_name(k)) {
            return k;
        }
    }
    throw std::invalid_argument("optimizer kind \"" + name +
                                "\" unknown (allowed adam, adamw, sgd_momentum, adagrad, rmsprop)");
}

void optimizer_params::validate() const {
    if (!(std::isfinite(lr) && lr > 0.0)) {
        fail("lr", lr, "finite > 0");
    }
    check_unit_interval("beta1", beta1);
    check_unit_interval("beta2", beta2);
    check_unit_interval("momentum", momentum);
    check_unit_interval("alpha", alpha);
    if (!(std::isfinite(eps) && eps >= 0.0)) {
        fail("eps", eps, "finite >= 0");
    }
    if (!(std::isfinite(loss_scale) && loss_scale > 0.0)) {
        fail("loss_scale", loss_scale, "finite > 0");
    }
    if (kind == optimizer_kind::adamw) {
        if (!(std::isfinite(weight_decay) && weight_decay >= 0.0 && lr * weight_decay < 1.0)) {
            fail("weight_decay", weight_decay, ">= 0 with lr * weight_decay < 1");
        }
    } else if (weight_decay != 0.0) {
        fail("weight_decay", weight_decay, "0 unless kind is adamw (decoupled decay)");
    }
}

} // namespace osvp::fw
