#include "emulated_die.h"

#include <stdexcept>
#include <string>

namespace osvp::test {

using hal::odp_opcode;
using hal::odp_status;

namespace {
void check(odp_status s, std::size_t step, odp_opcode op) {
    if (s != odp_status::ok) {
        throw std::runtime_error("template step " + std::to_string(step) + " (" +
                                 hal::opcode_name(op) + ") refused: " + hal::status_name(s));
    }
}
} // namespace

emulated_die::emulated_die(const odp::odp_config& config, std::size_t super_pages)
    : m_unit(config), m_super_pages(super_pages) {}

void emulated_die::load_constants(const fw::step_constants& c) {
    for (const fw::const_load& l : c.loads) {
        check(m_unit.load_const(l.reg, l.a, l.b), 0, odp_opcode::lcr);
    }
}

void emulated_die::run(const hal::odp_template& t, std::size_t super_page,
                       const std::vector<float>& grad) {
    const std::size_t bytes = m_unit.config().page_bytes;
    if (grad.size() != elements_per_page() || super_page >= m_super_pages) {
        throw std::invalid_argument("emulated_die::run: bad gradient page or super-page");
    }
    std::vector<std::uint8_t> g(bytes);
    for (std::size_t i = 0; i < grad.size(); ++i) {
        odp::store_f32(g.data() + 4 * i, grad[i]);
    }
    for (std::size_t i = 0; i < t.step_count; ++i) {
        const hal::odp_step& s = t.steps[i];
        for (std::uint8_t p = 0; p < m_unit.config().plane_count; ++p) {
            if (!(s.plane_mask >> p & 1u)) {
                continue;
            }
            if (s.op == odp_opcode::bpr) {
                m_unit.plane(p).data_reg = m_array.at({p, super_page});
                m_unit.plane(p).data_valid = true;
            } else if (s.op == odp_opcode::bpp) {
                check(m_unit.plane(p).data_valid ? odp_status::ok : odp_status::operand_not_valid,
                      i, s.op);
                m_array[{p, super_page}] = m_unit.plane(p).data_reg;
            } else if (s.op == odp_opcode::vpp) {
                check(m_unit.vpp(p, 0, g.data(), bytes), i, s.op);
            }
        }
        if (s.op == odp_opcode::pcache) {
            check(m_unit.pcache(s.plane_mask), i, s.op);
        } else if (s.op == odp_opcode::rcache) {
            check(m_unit.rcache(s.plane_mask), i, s.op);
        } else if (hal::is_odc(s.op)) {
            check(m_unit.execute(s.op, {0, s.v1_plane, s.v2_plane, s.const_reg}, bytes), i, s.op);
        }
    }
}

std::vector<float> emulated_die::read_state(std::uint8_t plane, std::size_t super_page) const {
    const std::vector<std::uint8_t>& page = m_array.at({plane, super_page});
    std::vector<float> v(page.size() / 4);
    for (std::size_t i = 0; i < v.size(); ++i) {
        v[i] = odp::load_f32(page.data() + 4 * i);
    }
    return v;
}

void emulated_die::write_state(std::uint8_t plane, std::size_t super_page,
                               const std::vector<float>& v) {
    std::vector<std::uint8_t> page(m_unit.config().page_bytes);
    for (std::size_t i = 0; i < v.size() && i < page.size() / 4; ++i) {
        odp::store_f32(page.data() + 4 * i, v[i]);
    }
    m_array[{plane, super_page}] = std::move(page);
}

} // namespace osvp::test
