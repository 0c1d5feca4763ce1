#include "optim/optimizer_program.h"

#include <stdexcept>
#include <string>

namespace osvp::fw {

using hal::odp_opcode;

namespace {

std::uint8_t bit(std::uint8_t plane) {
    return static_cast<std::uint8_t>(1u << plane);
}

class template_builder {
public:
    template_builder(const state_layout& l, gradient_path path) : m_t{}, m_l(l), m_path(path) {}

    // Brings G and the states into the registers: VPP + BPR (OptimStore) or one BPR of states
    // and G (read path), then RCACHE of the planes in `first_copy` (plus G on the read path).
    void load(std::uint8_t first_copy) {
        const bool read_path = m_path == gradient_path::read_path;
        if (!read_path) {
            regs(odp_opcode::vpp, bit(m_l.w_plane));
        }
        const std::uint8_t g = read_path ? bit(m_l.g_plane) : 0;
        regs(odp_opcode::bpr, m_l.plane_mask | g);
        regs(odp_opcode::rcache, first_copy | g);
    }

    // Ends the sequence: PCACHE W, and BPP unless the states leave over the read path.
    void store() {
        regs(odp_opcode::pcache, bit(m_l.w_plane));
        if (m_path == gradient_path::vpp_program) {
            regs(odp_opcode::bpp, m_l.plane_mask);
        }
    }

    void regs(odp_opcode op, std::uint8_t mask) { add({op, mask, 0, 0, 0, 0}); }

    void odc(odp_opcode op, std::uint8_t v1, std::uint8_t v2, std::uint8_t creg,
             std::uint8_t flags = 0) {
        add({op, bit(v1), v1, v2, creg, flags});
    }

    hal::odp_template done(std::size_t plane_count) const {
        hal::validate_template(m_t, plane_count);
        return m_t;
    }

private:
    void add(const hal::odp_step& s) { m_t.steps.at(m_t.step_count++) = s; }

    hal::odp_template m_t;
    state_layout m_l;
    gradient_path m_path;
};

// Adam/AdamW, Algorithm 1 fused form:
//   m' <- a_m m' + b_m g;  v' <- a_v v' + b_v g^2;  w <- a_w w - m' / sqrt(v' + eps^2)
hal::odp_template adam_template(const state_layout& l, gradient_path path, std::size_t planes) {
    template_builder b(l, path);
    b.load(bit(l.m_plane) | bit(l.v_plane));
    b.odc(odp_opcode::lvs, l.m_plane, l.g_plane, creg_m, hal::step_concurrent_with_next);
    b.odc(odp_opcode::qvs, l.v_plane, l.g_plane, creg_v);
    b.regs(odp_opcode::pcache, bit(l.m_plane) | bit(l.v_plane));
    b.regs(odp_opcode::rcache, bit(l.w_plane));
    b.odc(odp_opcode::isqrt, l.v_plane, l.v_plane, creg_isqrt);
    b.odc(odp_opcode::vmul, l.m_plane, l.v_plane, 0);
    b.odc(odp_opcode::lvs, l.w_plane, l.m_plane, creg_w);
    b.store();
    return b.done(planes);
}

// SGD with momentum (PyTorch form): m <- mu m + g;  w <- w - lr m.
hal::odp_template sgd_template(const state_layout& l, gradient_path path, std::size_t planes) {
    template_builder b(l, path);
    b.load(bit(l.m_plane));
    b.odc(odp_opcode::lvs, l.m_plane, l.g_plane, creg_m);
    b.regs(odp_opcode::pcache, bit(l.m_plane));
    b.regs(odp_opcode::rcache, bit(l.w_plane));
    b.odc(odp_opcode::lvs, l.w_plane, l.m_plane, creg_w);
    b.store();
    return b.done(planes);
}

// Adagrad (v <- v + g^2) and RMSProp (v <- alpha v + (1 - alpha) g^2), then
// w <- w - lr g / sqrt(v + eps^2); they differ only in the constants.
hal::odp_template root_template(const state_layout& l, gradient_path path, std::size_t planes) {
    template_builder b(l, path);
    b.load(bit(l.v_plane));
    b.odc(odp_opcode::qvs, l.v_plane, l.g_plane, creg_v);
    b.regs(odp_opcode::pcache, bit(l.v_plane));
    b.odc(odp_opcode::isqrt, l.v_plane, l.v_plane, creg_isqrt);
    b.odc(odp_opcode::vmul, l.v_plane, l.g_plane, 0);
    b.regs(odp_opcode::rcache, bit(l.w_plane));
    b.odc(odp_opcode::lvs, l.w_plane, l.v_plane, creg_w);
    b.store();
    return b.done(planes);
}

} // namespace

optimizer_program build_program(optimizer_kind kind, std::size_t plane_count, gradient_path path) {
    if (static_cast<unsigned>(kind) > static_cast<unsigned>(optimizer_kind::rmsprop)) {
        throw std::invalid_argument("optimizer kind " + std::to_string(static_cast<int>(kind)) +
                                    " unknown (allowed adam, adamw, sgd_momentum, adagrad, "
                                    "rmsprop)");
    }
    const bool adam = kind == optimizer_kind::adam || kind == optimizer_kind::adamw;
    const bool sgd = kind == optimizer_kind::sgd_momentum;
    state_layout l{0, no_plane, no_plane, 0, static_cast<std::uint8_t>(adam ? 3 : 2), 0};
    const bool read_path = path == gradient_path::read_path;
    const std::size_t needed = l.states_per_param + (read_path ? 1 : 0);
    if (needed > plane_count) {
        throw std::invalid_argument(
            std::string("optimizer ") + optimizer_kind_name(kind) + " stores " +
            std::to_string(l.states_per_param) + " states per parameter" +
            (read_path ? " plus the gradient (read path)" : "") + " but the die has " +
            std::to_string(plane_count) + " planes (need one per state)");
    }
    l.g_plane = read_path ? l.states_per_param : l.w_plane;
    l.m_plane = adam || sgd ? 1 : no_plane;
    l.v_plane = adam ? 2 : (sgd ? no_plane : 1);
    l.plane_mask = static_cast<std::uint8_t>((1u << l.states_per_param) - 1);
    if (adam) {
        return {kind, l, adam_template(l, path, plane_count)};
    }
    return {kind, l,
            sgd ? sgd_template(l, path, plane_count) : root_template(l, path, plane_count)};
}

} // namespace osvp::fw
