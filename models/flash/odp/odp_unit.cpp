#include "flash/odp/odp_unit.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace osvp::odp {

using hal::odp_opcode;
using hal::odp_status;

void odp_config::validate() const {
    if (plane_count == 0 || plane_count > hal::odp_max_planes) {
        throw std::invalid_argument("odp plane_count " + std::to_string(plane_count) +
                                    " out of range (allowed 1.." +
                                    std::to_string(hal::odp_max_planes) + ")");
    }
    if (page_bytes == 0 || page_bytes % hal::odp_element_bytes != 0 || page_bytes > 65536) {
        throw std::invalid_argument("odp page_bytes " + std::to_string(page_bytes) +
                                    " invalid (allowed: multiple of 4 in 4..65536, the 16-bit "
                                    "column address)");
    }
    isqrt.validate();
}

odp_unit::odp_unit(const odp_config& config) : m_config(config) {
    m_config.validate();
    m_planes.resize(m_config.plane_count);
    if (m_config.store_data) {
        for (plane_regs& p : m_planes) {
            p.cache_reg.assign(m_config.page_bytes, 0);
            p.data_reg.assign(m_config.page_bytes, 0);
        }
    }
}

plane_regs& odp_unit::plane(std::size_t index) {
    return const_cast<plane_regs&>(static_cast<const odp_unit&>(*this).plane(index));
}

const plane_regs& odp_unit::plane(std::size_t index) const {
    if (index >= m_planes.size()) {
        throw std::out_of_range("odp plane index " + std::to_string(index) + " >= plane count " +
                                std::to_string(m_planes.size()));
    }
    return m_planes[index];
}

odp_status odp_unit::refuse(odp_status s) {
    ++m_counters.refused;
    return s;
}

odp_status odp_unit::load_const(std::uint8_t reg, float a, float b) {
    if (reg >= hal::odp_const_reg_count) {
        return refuse(odp_status::bad_const_reg);
    }
    m_consts[reg] = {a, b, true};
    return odp_status::ok;
}

const const_register& odp_unit::const_reg(std::uint8_t reg) const {
    if (reg >= hal::odp_const_reg_count) {
        throw std::out_of_range("odp constant register " + std::to_string(reg) +
                                " >= " + std::to_string(hal::odp_const_reg_count));
    }
    return m_consts[reg];
}

odp_status odp_unit::check(odp_opcode op, const hal::odc_address& addr,
                           std::size_t length_bytes) const {
    if (!hal::is_odc(op)) {
        return odp_status::bad_opcode;
    }
    if (addr.v1_plane >= m_planes.size() || addr.v2_plane >= m_planes.size()) {
        return odp_status::bad_plane;
    }
    if (hal::odc_is_binary(op) ? addr.v1_plane == addr.v2_plane : addr.v1_plane != addr.v2_plane) {
        return odp_status::bad_operand_planes;
    }
    if (addr.const_reg >= hal::odp_const_reg_count) {
        return odp_status::bad_const_reg;
    }
    if ((op == odp_opcode::lvs || op == odp_opcode::qvs || op == odp_opcode::isqrt) &&
        !m_consts[addr.const_reg].loaded) {
        return odp_status::const_not_loaded;
    }
    if (length_bytes == 0 || addr.column + length_bytes > m_config.page_bytes) {
        return odp_status::bad_column_range;
    }
    if (addr.column % hal::odp_element_bytes != 0 || length_bytes % hal::odp_element_bytes != 0) {
        return odp_status::misaligned;
    }
    if (!m_planes[addr.v1_plane].cache_valid || !m_planes[addr.v2_plane].cache_valid) {
        return odp_status::operand_not_valid;
    }
    return odp_status::ok;
}

odp_status odp_unit::execute(odp_opcode op, const hal::odc_address& addr,
                             std::size_t length_bytes) {
    const odp_status s = check(op, addr, length_bytes);
    if (s != odp_status::ok) {
        return refuse(s);
    }
    const std::uint64_t n = length_bytes / hal::odp_element_bytes;
    m_counters.elements += n;
    m_counters.element_passes += n * passes_per_element(op);
    if (!m_config.store_data) {
        return odp_status::ok;
    }
    const const_register& c = m_consts[addr.const_reg];
    std::uint8_t* v1 = m_planes[addr.v1_plane].cache_reg.data() + addr.column;
    const std::uint8_t* v2 = m_planes[addr.v2_plane].cache_reg.data() + addr.column;
    for (std::size_t off = 0; off < length_bytes; off += hal::odp_element_bytes) {
        const float x = load_f32(v1 + off);
        const float y = load_f32(v2 + off);
        float r = 0.0f;
        switch (op) {
        case odp_opcode::lvs:
            r = pe_lvs(c.a, c.b, x, y);
            break;
        case odp_opcode::qvs:
            r = pe_qvs(c.a, c.b, x, y);
            break;
        case odp_opcode::vmul:
            r = pe_vmul(x, y);
            break;
        default:
            r = pe_isqrt(c.a, c.b, x, m_config.isqrt);
            break;
        }
        store_f32(v1 + off, r);
    }
    return odp_status::ok;
}

odp_status odp_unit::vpp(std::uint8_t plane, std::size_t column, const std::uint8_t* data,
                         std::size_t bytes) {
    if (plane >= m_planes.size()) {
        return refuse(odp_status::bad_plane);
    }
    if (bytes == 0 || (data == nullptr && m_config.store_data) ||
        column + bytes > m_config.page_bytes) {
        return refuse(odp_status::bad_column_range);
    }
    plane_regs& p = m_planes[plane];
    if (m_config.store_data) {
        std::copy(data, data + bytes, p.cache_reg.begin() + static_cast<std::ptrdiff_t>(column));
    }
    p.cache_valid = true;
    return odp_status::ok;
}

odp_status odp_unit::check_mask(std::uint8_t plane_mask, bool from_cache) const {
    if (plane_mask == 0 || (plane_mask >> m_planes.size()) != 0) {
        return odp_status::bad_plane;
    }
    for (std::size_t i = 0; i < m_planes.size(); ++i) {
        const bool valid = from_cache ? m_planes[i].cache_valid : m_planes[i].data_valid;
        if ((plane_mask >> i & 1u) && !valid) {
            return odp_status::operand_not_valid;
        }
    }
    return odp_status::ok;
}

odp_status odp_unit::pcache(std::uint8_t plane_mask) {
    const odp_status s = check_mask(plane_mask, true);
    if (s != odp_status::ok) {
        return refuse(s);
    }
    for (std::size_t i = 0; i < m_planes.size(); ++i) {
        if (plane_mask >> i & 1u) {
            m_planes[i].data_reg = m_planes[i].cache_reg;
            m_planes[i].data_valid = true;
        }
    }
    return odp_status::ok;
}

odp_status odp_unit::rcache(std::uint8_t plane_mask) {
    const odp_status s = check_mask(plane_mask, false);
    if (s != odp_status::ok) {
        return refuse(s);
    }
    for (std::size_t i = 0; i < m_planes.size(); ++i) {
        if (plane_mask >> i & 1u) {
            m_planes[i].cache_reg = m_planes[i].data_reg;
            m_planes[i].cache_valid = true;
        }
    }
    return odp_status::ok;
}

std::uint64_t odp_unit::passes_per_element(odp_opcode op) const {
    return op == odp_opcode::isqrt ? m_config.isqrt.passes() : 1;
}

} // namespace osvp::odp
