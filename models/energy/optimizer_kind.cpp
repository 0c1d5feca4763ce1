#include "energy/optimizer_kind.h"

#include <stdexcept>

namespace osvp {

optimizer_kind parse_optimizer_kind(const std::string& name) {
    if (name == "adam") {
        return optimizer_kind::adam;
    }
    if (name == "momentum") {
        return optimizer_kind::momentum;
    }
    if (name == "adagrad") {
        return optimizer_kind::adagrad;
    }
    throw std::invalid_argument("optimizer '" + name +
                                "' is not known: expected adam, momentum or adagrad");
}

const char* to_string(optimizer_kind kind) {
    switch (kind) {
    case optimizer_kind::adam:
        return "adam";
    case optimizer_kind::momentum:
        return "momentum";
    case optimizer_kind::adagrad:
        return "adagrad";
    }
    throw std::invalid_argument("optimizer_kind out of range");
}

unsigned stored_states(optimizer_kind kind) {
    switch (kind) {
    case optimizer_kind::adam:
        return 3;
    case optimizer_kind::momentum:
    case optimizer_kind::adagrad:
        return 2;
    }
    throw std::invalid_argument("optimizer_kind out of range");
}

unsigned update_bytes_per_parameter(optimizer_kind kind) {
    const unsigned s = stored_states(kind);
    return 4 * (s + 1) + 4 * s;
}

} // namespace osvp
