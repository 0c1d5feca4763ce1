#include "controller/isp_kernel.h"

#include "common/bit_count.h"

#include <algorithm>
#include <stdexcept>

namespace osvp {

using hal::odp_opcode;
using hal::odp_status;

isp_kernel::isp_kernel(const odp::odp_config& config) : m_unit(config) {}

bool isp_kernel::set_template(const hal::odp_template& t) {
    try {
        hal::validate_template(t, m_unit.config().plane_count);
        m_steps = expand_template(t);
        m_template_ok = true;
    } catch (const std::invalid_argument&) {
        m_steps.clear();
        m_template_ok = false;
    }
    return m_template_ok;
}

bool isp_kernel::set_constants(const fw::fic::odp_constants& c) {
    m_constants_ok = c.count <= hal::odp_const_reg_count;
    for (std::uint32_t i = 0; m_constants_ok && i < c.count; ++i) {
        m_constants_ok =
            m_unit.load_const(c.entries[i].reg, c.entries[i].a, c.entries[i].b) == odp_status::ok;
    }
    return m_constants_ok;
}

isp_work isp_kernel::plan() const {
    const std::uint64_t page = m_unit.config().page_bytes;
    isp_work w;
    for (const die_step& s : m_steps) {
        const std::uint64_t planes = bit_count(s.plane_mask);
        if (s.op == odp_opcode::bpr || s.op == odp_opcode::vpp) {
            w.bytes_in += planes * page;
            w.load_mask |= s.op == odp_opcode::bpr ? s.plane_mask : 0;
            w.gradient = w.gradient || s.op == odp_opcode::vpp;
        } else if (s.op == odp_opcode::bpp) {
            w.bytes_out += planes * page;
            w.store_mask |= s.plane_mask;
        }
        for (unsigned k = 0; k < s.odc_count; ++k) {
            w.element_passes +=
                page / hal::odp_element_bytes * m_unit.passes_per_element(s.odcs[k].op);
        }
    }
    return w;
}

odp_status isp_kernel::run(std::uint8_t* states, const std::uint8_t* gradient) {
    if (!ready()) {
        return odp_status::bad_opcode;
    }
    for (const die_step& s : m_steps) {
        const odp_status status = run_step(s, states, gradient);
        if (status != odp_status::ok) {
            return status;
        }
    }
    return odp_status::ok;
}

odp_status isp_kernel::run_step(const die_step& s, std::uint8_t* states,
                                const std::uint8_t* gradient) {
    const std::size_t page = m_unit.config().page_bytes;
    const bool data = m_unit.config().store_data;
    switch (s.op) {
    case odp_opcode::vpp:
        return m_unit.vpp(static_cast<std::uint8_t>(__builtin_ctz(s.plane_mask)), 0, gradient,
                          page);
    case odp_opcode::pcache:
        return m_unit.pcache(s.plane_mask);
    case odp_opcode::rcache:
        return m_unit.rcache(s.plane_mask);
    case odp_opcode::bpr:
    case odp_opcode::bpp:
        for (std::size_t p = 0; p < m_unit.config().plane_count; ++p) {
            if (!(s.plane_mask >> p & 1u)) {
                continue;
            }
            odp::plane_regs& r = m_unit.plane(p);
            std::uint8_t* buffer = data ? states + p * page : nullptr;
            if (s.op == odp_opcode::bpr) {
                std::copy(buffer, buffer + (data ? page : 0), r.data_reg.begin());
                r.data_valid = true;
            } else if (!r.data_valid) {
                return odp_status::operand_not_valid;
            } else {
                std::copy(r.data_reg.begin(), r.data_reg.end(), buffer);
            }
        }
        return odp_status::ok;
    default:
        break;
    }
    for (unsigned k = 0; k < s.odc_count; ++k) {
        const odp_status status = m_unit.execute(s.odcs[k].op, s.odcs[k].address, page);
        if (status != odp_status::ok) {
            return status;
        }
    }
    return odp_status::ok;
}

} // namespace osvp
